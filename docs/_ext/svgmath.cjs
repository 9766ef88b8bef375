// Typesets TeX to SVG for docs/_ext/svgmath.py: one process for the whole build, one JSON line per message.
//
// Usage: node svgmath.cjs MATHJAX_DIR, where MATHJAX_DIR holds MathJax 3's components (node-main.js).
// Writes {"ready": true, "version", "css"} first; then, for each line {"id", "tex", "display"} read from stdin,
// writes {"id", "svg", "glyphs"} or {"id", "error"} in the same order.
"use strict";

const readline = require("readline");

const CONFIG = {
  // The components that tex-svg-full.js bundles for the browser, minus its menu: all TeX packages, SVG output,
  // and the hidden MathML copy that screen readers read.
  loader: {load: ["input/tex-full", "output/svg", "a11y/assistive-mml"]},
  tex: {
    // Without these two an undefined macro or a TeX error is drawn in red instead of being reported.
    packages: {"[-]": ["noundefined", "noerrors"]},
    formatError: (jax, error) => { throw error; },
  },
  // "global": equations refer to glyph paths by id (MJX-TEX-<variant>-<code point>) instead of each carrying
  // its own copies; svgmath.py writes each page's glyphs once, in a hidden <svg> at the top of the page.
  svg: {fontCache: "global"},
  startup: {typeset: false},
};

function write(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

require(`${process.argv[2]}/node-main.js`).init(CONFIG).then((MathJax) => {
  const adaptor = MathJax.startup.adaptor;
  const fontCache = MathJax.startup.output.fontCache;
  write({ready: true, version: MathJax.version, css: adaptor.textContent(MathJax.svgStylesheet())});

  readline.createInterface({input: process.stdin}).on("line", (line) => {
    const {id, tex, display} = JSON.parse(line);
    fontCache.clearCache();  // so that the cache holds exactly this equation's glyphs afterwards
    try {
      const container = MathJax.tex2svg(tex, {display});
      const glyphs = {};
      for (const path of adaptor.childNodes(fontCache.getCache())) {
        glyphs[adaptor.getAttribute(path, "id")] = adaptor.getAttribute(path, "d");
      }
      write({id, svg: adaptor.outerHTML(container), glyphs});
    } catch (error) {
      write({id, error: error.message});
    }
  });
}).catch((error) => {
  process.stderr.write(`MathJax failed to start: ${error.stack || error}\n`);
  process.exit(1);
});
