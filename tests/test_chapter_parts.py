"""What every chapter and equation section carries besides its code: primary sources, the Notation link, a
derivation, and links to the sections it builds on.

Read from the page sources, so they run without a built site; the browser test that every Derivation is collapsed
and opens on click is in tests/test_site.py.
"""

import re

import pytest

import mlequations

from .conftest import ROOT
from .equations.sources import chapter_sections

DOCS = ROOT / "docs"
CHAPTERS = sorted((DOCS / "chapters").glob("*.md"))
BIB = DOCS / "references.bib"
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


def _entries():
    """The entries of references.bib, as {key: body}."""
    text = BIB.read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r"^@\w+\{([\w-]+),\n(.*?)^\}", text, re.M | re.S)}


def _cited_keys():
    """Every key cited by a page or a gallery script, with the files citing it."""
    cited = {}
    for path in [*DOCS.rglob("*.md"), *(ROOT / "gallery").rglob("*.py")]:
        if "auto_examples" in path.parts:
            continue
        for match in CITE.finditer(path.read_text(encoding="utf-8")):
            for key in match.group(1).split(","):
                cited.setdefault(key.strip(), []).append(path.name)
    return cited


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_cites_a_source_and_links_the_notation_page(chapter):
    text = chapter.read_text(encoding="utf-8")
    assert CITE.search(text), f"{chapter.name} cites no source"
    assert "{doc}`../notation`" in text, f"{chapter.name} does not link the Notation page"


def test_every_citation_resolves_and_every_entry_is_cited():
    entries, cited = _entries(), _cited_keys()
    assert set(cited) <= set(entries), f"cited but not in references.bib: {sorted(set(cited) - set(entries))}"
    assert set(entries) <= set(cited), f"in references.bib but never cited: {sorted(set(entries) - set(cited))}"


def test_every_entry_links_its_doi_arxiv_id_or_address_or_says_it_has_none():
    assert len(_entries()) >= 10
    for key, body in _entries().items():
        doi, eprint = re.search(r"^\s*doi\s*=\s*\{10\.\d{4,9}/\S+\}", body, re.M), re.search(
            r"^\s*eprint\s*=\s*\{\d{4}\.\d{4,5}\}", body, re.M)
        url = re.search(r"^\s*url\s*=\s*\{https://\S+\}", body, re.M)  # a stable address, where no DOI is known
        assert doi or eprint or url or re.search(r"^\s*note\s*=\s*\{No DOI", body, re.M), (
            f"{key}: no DOI, arXiv id or address, and no note that it has none")


RELATED = [  # (chapter, section label, the label of a section it must link)
    ("attention", "scaled_dot_product_attention", "softmax"),
    ("losses", "softmax_cross_entropy", "cross_entropy"),
    ("losses", "binary_cross_entropy", "cross_entropy"),
    ("linear_algebra", "principal_components", "singular_value_decomposition"),
    ("optimization", "MultilayerPerceptron", "gradient_descent"),
]


def _section(chapter, label):
    return chapter_sections(DOCS / "chapters" / f"{chapter}.md")[label]


@pytest.mark.parametrize("chapter, label, target", RELATED, ids=[f"{r[1]}->{r[2]}" for r in RELATED])
def test_related_sections_link_each_other(chapter, label, target):
    link = re.compile(r"\{ref\}`(?:[^`<]*<)?" + re.escape(target) + r">?`")
    assert link.search(_section(chapter, label)), f"the {label} section does not link the {target} section"


def _equation_sections():
    found = []
    for chapter in CHAPTERS:
        for label in re.findall(r"^\(([\w.]+)\)=$", chapter.read_text(encoding="utf-8"), re.M):
            if label in mlequations.__all__:
                found.append((chapter.stem, label))
    return found


EQUATION_SECTIONS = _equation_sections()


def test_every_public_name_has_an_equation_section():
    assert sorted(label for _, label in EQUATION_SECTIONS) == sorted(mlequations.__all__)


@pytest.mark.parametrize("chapter, label", EQUATION_SECTIONS, ids=[label for _, label in EQUATION_SECTIONS])
def test_every_equation_section_has_a_collapsed_derivation(chapter, label):
    section = _section(chapter, label)
    match = re.search(r"^### Where it comes from\n+(`{3,}|:{3,})\{dropdown\} Derivation\n(.*?)^\1$", section,
                      re.M | re.S)
    assert match, f"{label}: no 'Where it comes from' heading followed by a Derivation dropdown"
    assert ":open:" not in match.group(2).split("\n\n")[0], f"{label}: the Derivation is open on load"
    assert len(match.group(2).split()) >= 40, f"{label}: the Derivation is too short to derive anything"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_no_section_label_is_taken_by_the_chapter_title(chapter):
    # The title's section takes the id its words make (docutils' make_id) first; a section labelled with the same
    # id would get "id1" instead, an address that changes whenever the page does.
    from docutils.nodes import make_id

    text = chapter.read_text(encoding="utf-8")
    title = re.search(r"^# (.+)$", text, re.M).group(1)
    labels = {make_id(label) for label in re.findall(r"^\(([\w-]+)\)=$", text, re.M)}
    assert make_id(title) not in labels, title
