"""Browser tests of the errata page's table (docs/_ext/errata.py, docs/_static/errata.css) on the built site.

Every claim row links to a section that exists, the one its chapter's sources say; the table fits the article at
1400 px, beside a left sidebar or without one, and on a 390 px phone it is laid out as stacked rows, so neither
the page nor the table scrolls sideways; no number or name breaks inside itself; each verdict keeps its word and
has a colour of its own, readable in the light and the dark colour scheme.
"""

import re
from urllib.parse import urlparse

import pytest

from mlequations import claims

from .conftest import ROOT
from .test_site import desktop_context, visit  # noqa: F401  (fixtures, used by name)

import errata  # noqa: E402  (the docs extension: docs/_ext is on the path from tests/conftest.py)

pytestmark = pytest.mark.browser

CHAPTER_SOURCES = sorted((ROOT / "docs" / "chapters").glob("*.md"))
# The left sidebar as pydata shows it on pages that have one (a quarter of the page's width), forced visible, so
# that the table is checked to fit beside it whether or not the site shows it on the errata page.
LEFT_SIDEBAR = ".bd-sidebar-primary { display: flex !important; width: 25% !important; flex: 0 0 25% !important; }"


def expected_targets():
    """{claim: the chapter page that states the claim's verdict, or None}, read from the chapters' sources."""
    expected = {}
    for verdict in claims.verify_claims():
        stated = [path for path in CHAPTER_SOURCES if f"{{verdict}}`{verdict.id}`" in path.read_text()]
        expected[verdict.id] = f"chapters/{stated[0].stem}.html" if stated else None
    return expected


def test_every_errata_row_links_to_the_section_that_treats_its_claim(visit):
    rows = visit("errata.html").page.eval_on_selector_all("tr.errata-claim", """rows => rows.map(row => [
        row.id.replace(/^claim-/, ''), row.querySelector('a.errata-section-link')?.href ?? null,
        row.querySelector('.errata-no-section')?.textContent ?? null])""")
    expected, pages = expected_targets(), {}
    assert sorted(claim for claim, _, _ in rows) == sorted(expected)
    assert None not in expected.values()  # every claim's verdict is stated in a chapter
    for claim, href, marker in rows:
        if expected[claim] is None:
            assert (href, marker) == (None, errata.NOT_IN_A_CHAPTER), claim
            continue
        assert marker is None and href is not None, claim
        url = urlparse(href)
        assert url.path.endswith("/" + expected[claim]), (claim, href)
        # Follow the link: the anchor exists on that page, and is the innermost section around a verdict of the
        # claim.
        if url.path not in pages:
            pages[url.path] = visit(url.path.lstrip("/")).page
        target = pages[url.path].evaluate("""([anchor, claim]) => {
            const element = document.getElementById(anchor);
            if (element === null) return null;
            const section = element.tagName === 'SECTION' ? element : element.nextElementSibling;
            return {section: section?.tagName === 'SECTION',
                    verdict: Array.from(document.querySelectorAll(`a.verdict[href$="#claim-${claim}"]`))
                        .some(a => a.closest('section') === section)}; }""",
                                        [url.fragment, claim])
        assert target is not None, f"{claim}: {href} has no #{url.fragment}"
        assert target["section"], f"{claim}: #{url.fragment} is not a section"
        assert target["verdict"], f"{claim}: the section #{url.fragment} does not state the claim's verdict"


def _measure(page):
    return page.evaluate("""() => {
        const table = document.querySelector('table.errata-table');
        const box = table.closest('.pst-scrollable-table-container') ?? table.parentElement;
        const article = document.querySelector('.bd-article').getBoundingClientRect();
        const cells = Array.from(table.querySelectorAll('td, th'));
        return {
            page: document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth,
            box: box.scrollWidth - box.clientWidth,
            right: table.getBoundingClientRect().right - article.right,
            clipped: cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.slice(0, 40)),
            width: table.getBoundingClientRect().width,
        }; }""")


@pytest.mark.parametrize("sidebar", [False, True], ids=["alone", "beside-a-left-sidebar"])
def test_the_table_fits_the_article_at_1400px(visit, sidebar):
    page = visit("errata.html", width=1400, height=900).page
    if sidebar:
        page.add_style_tag(content=LEFT_SIDEBAR)
        assert page.locator(".bd-sidebar-primary").bounding_box()["width"] >= 300
    size = _measure(page)
    assert (size["page"], size["box"], size["clipped"]) == (0, 0, []), size
    assert size["right"] <= 0.5, size
    # the full width: the table is wider than pydata's default article (60em, 960 px, less its padding)
    assert size["width"] >= (950 if not sidebar else 900), size


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_claims_are_stacked_rows_and_nothing_scrolls_sideways(visit, scheme):
    page = visit("errata.html", width=390, height=844, color_scheme=scheme).page
    size = _measure(page)
    assert (size["page"], size["box"], size["clipped"]) == (0, 0, []), size
    # stacked: each claim's values are under one another, each with its column's title
    cells = page.locator("#claim-kl-divergence td")
    tops = [cells.nth(i).bounding_box()["y"] for i in range(cells.count())]
    assert tops == sorted(tops) and len(set(tops)) == len(tops), tops
    assert page.locator("#claim-kl-divergence td").nth(1).inner_text().startswith("Guide prints:")


@pytest.mark.parametrize("width", [1400, 390])
def test_no_number_or_name_in_the_table_breaks_inside_itself(visit, width):
    page = visit("errata.html", width=width, height=900).page
    broken = page.eval_on_selector_all(
        "table.errata-table :is(code span.pre, .errata-claim-id, .verdict-word)",
        "els => els.filter(e => e.getClientRects().length !== 1).map(e => e.textContent)")
    assert broken == []
    # and the long values do wrap, between their parts: the check above has something to check
    lines = page.eval_on_selector_all("table.errata-table code",
                                      "els => els.map(e => e.getClientRects().length)")
    assert max(lines) >= 2


def _luminance(rgb):
    channels = [int(c) / 255 for c in re.findall(r"\d+(?:\.\d+)?", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground, background):
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_is_the_ratio_of_the_wcag_definition():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 6) == 21
    assert contrast("rgb(118, 118, 118)", "rgb(255, 255, 255)") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_verdict_shows_its_word_and_a_colour_of_its_own(visit, scheme):
    page = visit("errata.html", width=1400, height=900, color_scheme=scheme).page
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    shown = page.eval_on_selector_all("tr.errata-claim", """rows => rows.map(row => {
        const word = row.querySelector('td.errata-verdict .verdict-word'), style = getComputedStyle(word);
        return [row.id.replace(/^claim-/, ''), word.innerText.trim(), style.color, style.backgroundColor]; })""")
    verdicts = {verdict.id: verdict.verdict for verdict in claims.verify_claims()}
    colours = {}
    for claim, word, colour, background in shown:
        assert word == verdicts[claim], claim  # the word is there, whatever the colour
        assert "rgba(0, 0, 0, 0)" not in background, claim  # a background of its own
        assert contrast(colour, background) >= 7, (claim, colour, background)
        colours.setdefault(word, set()).add((colour, background))
    assert all(len(pair) == 1 for pair in colours.values()), colours  # one colour per verdict
    assert colours[claims.CORRECT] != colours[claims.WRONG]
    correct, wrong = colours[claims.CORRECT].pop(), colours[claims.WRONG].pop()
    assert correct[0] != wrong[0] and correct[1] != wrong[1]
