"""The home page's equation cards: one card per equation section of a chapter, built from the chapter itself.

::

    ```{equation-cards} probability
    entropy: One sentence of our own about the equation, with $inline$ math if needed.
    kl_divergence parts=1: ...
    conv_output_size picture=convolution/images/sphx_glr_plot_edge_detection_001.png: ...
    ```

The argument names a chapter (``docs/chapters/<stem>.md``). Each line of the content names one of its equation
sections by its label, optionally chooses which ``\\qquad``-separated parts of the section's display to show
(``parts=1,2`` or ``parts=all``; the first part by default) and a picture for a section that has no figure of its
own (a path under ``docs/auto_examples/``), then gives the card's sentence.

A card shows the section's title, its first labelled display (``$$ ... $$ (eq-...)``) read from the chapter, so
the home page cannot disagree with the chapter, the sentence, and a small copy of the section's first figure (its
main panel where the gallery saved one, see figure_check.py), and links to the section. The lines must name every
equation section of the chapter, in the chapter's order: a section added to a chapter without a card, or a card
for a section that is gone, is a warning (and so fails the build).
"""

import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from PIL import Image
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from figure_check import panel_path  # docs/_ext, on the path as docs/conf.py puts it

logger = logging.getLogger(__name__)

# "(label)=" over a "## Title" line: an equation section of a chapter.
SECTION = re.compile(r"^\(([\w-]+)\)=\n## (.+)$", re.M)
# A labelled display, as tests/equations/sources.py reads it: "$$", the LaTeX, then "$$ (eq-label)".
DISPLAY = re.compile(r"^\$\$\n((?:(?!\$\$).*\n)*?)\$\$ \((eq-[a-z0-9-]+)\)$", re.M)
FIGURE = re.compile(r"^```\{figure\} \.\./auto_examples/(\S+\.png)$", re.M)
LINE = re.compile(r"^(?P<label>[\w-]+)(?:\s+parts=(?P<parts>all|\d+(?:,\d+)*))?"
                  r"(?:\s+picture=(?P<picture>\S+\.png))?\s*:\s*(?P<sentence>\S.*)$")
# A card's picture: the figure scaled to fit this box (pixels), twice the card's width at 1400 px for sharp
# screens, stored with a palette of at most 128 colours (plots use few), which keeps each file small.
PICTURE_BOX = (480, 300)
PICTURE_COLOURS = 128


def sections(text):
    """The equation sections of a chapter's source: [(label, title, body)] in page order."""
    found = list(SECTION.finditer(text))
    ends = [m.start() for m in found[1:]] + [len(text)]
    return [(m.group(1), m.group(2).strip(), text[m.end():end]) for m, end in zip(found, ends)]


def display_parts(tex):
    """The ``\\qquad``-separated parts of a display, without the commas that separate them."""
    return [part.strip().rstrip(",").strip() for part in tex.split(r"\qquad") if part.strip()]


def card_equation(body, parts):
    """The LaTeX a card shows: the chosen parts (1-based, or "all") of the section's first labelled display."""
    match = DISPLAY.search(body)
    if match is None:
        return None, None
    found = display_parts(match.group(1))
    chosen = found if parts == "all" else [found[int(k) - 1] for k in (parts or "1").split(",")]
    return r", \qquad ".join(chosen), match.group(2)


def card_picture(srcdir, body, override):
    """The source image a card's picture is made from: `override` (under auto_examples/) or the section's first
    figure, its main panel if the gallery saved one; None if there is neither."""
    name = override or next((m.group(1) for m in FIGURE.finditer(body)), None)
    if name is None:
        return None
    image = Path(srcdir) / "auto_examples" / name
    panel = panel_path(image)
    return panel if panel.exists() else image


def small_copy(source, target):
    """Write a copy of `source` fitted into PICTURE_BOX to `target`, unless it is already newer."""
    if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(source) as image:
        image = image.convert("RGB")
        image.thumbnail(PICTURE_BOX, Image.Resampling.LANCZOS)
        image.quantize(colors=PICTURE_COLOURS, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


class EquationCards(SphinxDirective):
    required_arguments = 1
    has_content = True
    option_spec = {"class": directives.class_option}

    def run(self):
        stem = self.arguments[0]
        chapter = Path(self.env.srcdir) / "chapters" / f"{stem}.md"
        self.env.note_dependency(str(chapter))
        found = sections(chapter.read_text(encoding="utf-8"))
        lines = [LINE.match(line.strip()) for line in self.content if line.strip()]
        problems = [f"line {k + 1} is not 'label [parts=...] [picture=...]: sentence'"
                    for k, line in enumerate(lines) if line is None]
        named = [line.group("label") for line in lines if line]
        if not problems and named != [label for label, _, _ in found]:
            problems.append(f"the cards name {named}, but the equation sections of chapters/{stem}.md are "
                            f"{[label for label, _, _ in found]}: one card per section, in the chapter's order")
        if problems:
            return [self.state.document.reporter.warning(f"equation-cards {stem}: " + "; ".join(problems),
                                                         line=self.lineno)]
        bodies = {label: (title, body) for label, title, body in found}
        cards = []
        for line in lines:
            label = line.group("label")
            title, body = bodies[label]
            tex, eq_label = card_equation(body, line.group("parts"))
            picture = card_picture(self.env.srcdir, body, line.group("picture"))
            if tex is None or picture is None or not picture.exists():
                return [self.state.document.reporter.warning(
                    f"equation-cards {stem}: section {label} has no labelled display or no figure (give it "
                    f"picture=...): {picture}", line=self.lineno)]
            self.env.note_dependency(str(picture))
            copy = Path(self.env.srcdir) / "auto_examples" / "_cards" / f"{stem}-{label}.png"
            small_copy(picture, copy)
            cards.append(self._card(stem, label, title, tex, eq_label, line.group("sentence"), copy))
        markup = "\n".join(["::::{grid} 1 2 2 3", ":gutter: 3", ":class-container: equation-cards", "", *cards,
                            "::::"])
        return self.parse_text_to_nodes(markup)

    def _card(self, stem, label, title, tex, eq_label, sentence, picture):
        alt = f"The figure of the section {title}"
        return "\n".join([
            f":::{{grid-item-card}} {title}",
            f":link: {label}", ":link-type: ref", f":link-alt: {title}, in the chapter",
            f":img-top: /{picture.relative_to(self.env.srcdir).as_posix()}", f":img-alt: {alt}",
            f":class-card: equation-card equation-card-{stem}",
            "",
            # The class names the display the card shows (for the tests); the math is typeset at build time like
            # every display (docs/_ext/svgmath.py).
            f"```{{math}}\n:class: card-equation card-equation-{eq_label}\n{tex}\n```",
            "",
            sentence,
            ":::",
            "",
        ])


def _home_css(app, pagename, templatename, context, doctree):
    """The cards' stylesheet, on the pages that show cards only."""
    if doctree is not None and next(doctree.findall(_is_cards), None) is not None:
        app.add_css_file("home.css")


def _is_cards(node):
    return isinstance(node, nodes.Element) and "equation-cards" in node.get("classes", ())


def setup(app):
    app.add_directive("equation-cards", EquationCards)
    app.connect("html-page-context", _home_css)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
