"""The home page's equation cards (docs/_ext/equation_cards.py): each card shows its chapter's display, the cards
cover every equation section, and they are grouped by the guide's five parts.

Read from the page sources and a small Sphinx project, so they run without the built site; the browser test that
every card links to a section that exists and that its picture loads is in tests/test_site_navigation.py.
"""

import io
import re

import pytest

from mlequations import claims

from .conftest import ROOT
from .equations.sources import chapter_displays

import equation_cards  # noqa: E402  (docs/_ext: on the path from tests/conftest.py)

DOCS = ROOT / "docs"
INDEX = (DOCS / "index.md").read_text(encoding="utf-8")
CARDS = re.compile(r"^```\{equation-cards\} (\w+)\n(.*?)^```$", re.M | re.S)


def _cards():
    """The home page's cards: [(chapter stem, label, parts, sentence)] in page order."""
    found = []
    for stem, content in CARDS.findall(INDEX):
        for line in content.splitlines():
            match = equation_cards.LINE.match(line.strip())
            assert match, f"{stem}: {line!r}"
            found.append((stem, match.group("label"), match.group("parts"), match.group("sentence")))
    return found


def _section_labels(stem):
    """The labels written above the "## " headings of a chapter, read line by line."""
    lines = (DOCS / "chapters" / f"{stem}.md").read_text(encoding="utf-8").splitlines()
    return [lines[k - 1][1:-2] for k, line in enumerate(lines) if line.startswith("## ") and k > 0
            and re.fullmatch(r"\([\w-]+\)=", lines[k - 1])]


def test_every_equation_section_of_every_chapter_has_one_card_in_order():
    chapters = sorted(p.stem for p in (DOCS / "chapters").glob("*.md"))
    cards = _cards()
    assert sorted({stem for stem, *_ in cards}) == chapters
    for stem in chapters:
        labels = _section_labels(stem)
        assert len(labels) >= 2, stem
        assert [label for s, label, *_ in cards if s == stem] == labels, stem


def test_every_card_shows_parts_of_its_sections_labelled_display():
    """The card's LaTeX, as the directive takes it, is made of whole parts of the chapter's display as
    tests/equations/sources.py reads it (another parser), in the display's order."""
    displays = chapter_displays()
    for stem, label, parts, _ in _cards():
        body = dict((lab, text) for lab, _, text in equation_cards.sections(
            (DOCS / "chapters" / f"{stem}.md").read_text(encoding="utf-8")))[label]
        tex, eq_label = equation_cards.card_equation(body, parts)
        page, display = displays[eq_label]
        assert page == stem, (label, eq_label)
        whole = [part.strip().rstrip(",").strip() for part in display.split(r"\qquad") if part.strip()]
        shown = tex.split(r", \qquad ")
        assert all(part in whole for part in shown), (label, shown)
        assert [whole.index(part) for part in shown] == sorted(whole.index(part) for part in shown), label
        # the first labelled display of its section
        assert eq_label == re.search(r"\$\$ \((eq-[a-z0-9-]+)\)", body).group(1), label


def test_every_card_has_a_sentence_of_its_own():
    sentences = [sentence for *_, sentence in _cards()]
    assert all(sentence.endswith(".") and len(sentence.split()) >= 8 for sentence in sentences)
    assert len(set(sentences)) == len(sentences)


def test_the_cards_are_grouped_by_the_guides_five_parts():
    """The part headings over the cards, and the toctree captions that make the sidebar, are the parts of the
    guide as the claims ledger names them, in the guide's order."""
    parts = list(dict.fromkeys(claim.chapter for claim in claims.load_ledger().claims))
    equations = INDEX[INDEX.index("## The equations"):]
    equations = equations[:equations.index("\n## ", 1)]
    assert re.findall(r"^### (.+)$", equations, re.M) == parts
    captions = re.findall(r"^:caption: (.+)$", INDEX, re.M)
    assert captions == [*parts, "Reference"]


# -- the directive, in a small project -------------------------------------------------------------------------------

CHAPTER = """# A chapter

(first)=
## First equation

$$
a = b, \\qquad c = d
$$ (eq-first)

```{figure} ../auto_examples/sub/images/figure_001.png
A figure.
```

(second)=
## Second equation

$$
e = f
$$ (eq-second)
"""


def build(tmp_path, cards):
    """Build a home page with `cards` (the directive's content) for a two-section chapter, warnings as errors;
    return the home page's HTML, or raise RuntimeError with the warnings."""
    from PIL import Image
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    source = tmp_path / "source"
    (source / "chapters").mkdir(parents=True)
    (source / "auto_examples" / "sub" / "images").mkdir(parents=True)
    Image.new("RGB", (800, 600), "white").save(source / "auto_examples" / "sub" / "images" / "figure_001.png")
    (source / "conf.py").write_text('extensions = ["myst_parser", "sphinx_design", "equation_cards"]\n'
                                    'myst_enable_extensions = ["colon_fence", "dollarmath", "amsmath"]\n')
    (source / "chapters" / "demo.md").write_text(CHAPTER)
    (source / "index.md").write_text(f"# Home\n\n```{{equation-cards}} demo\n{cards}\n```\n\n"
                                     "```{toctree}\nchapters/demo\n```\n")
    warnings = io.StringIO()
    with docutils_namespace():
        app = Sphinx(str(source), str(source), str(tmp_path / "html"), str(tmp_path / "doctrees"), "html",
                     warningiserror=True, status=None, warning=warnings, freshenv=True)
        app.build()
    if app.statuscode:
        raise RuntimeError(warnings.getvalue())
    return (tmp_path / "html" / "index.html").read_text(encoding="utf-8")


GOOD = ("first: The first equation, in a sentence of our own.\n"
        "second picture=sub/images/figure_001.png: The second one, with the first one's figure.")


def test_a_card_links_its_section_and_shows_its_display_and_a_small_picture(tmp_path):
    html = build(tmp_path, GOOD)
    assert html.count("sd-card-img-top") == 2
    assert 'href="chapters/demo.html#first"' in html and 'href="chapters/demo.html#second"' in html
    assert "a = b" in html and "c = d" not in html  # the first part of the display only, by default
    picture = tmp_path / "html" / "_images" / "demo-first.png"
    from PIL import Image

    with Image.open(picture) as image:
        assert image.width <= equation_cards.PICTURE_BOX[0] and image.height <= equation_cards.PICTURE_BOX[1]


def test_a_section_without_a_card_stops_the_build(tmp_path):
    with pytest.raises(RuntimeError, match="one card per section"):
        build(tmp_path, GOOD.splitlines()[0])


def test_a_section_without_a_figure_needs_a_picture(tmp_path):
    with pytest.raises(RuntimeError, match="no figure"):
        build(tmp_path, GOOD.replace(" picture=sub/images/figure_001.png", ""))
