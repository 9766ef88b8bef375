"""Browser tests of the site's navigation and home page: the navbar is one row at desktop width, every chapter (and
every reference page) is one click from every page, a chapter's on-page contents lists its equation sections only,
and the home page shows a card per equation section that links to it and shows its picture.

The site is the one ``make html`` built (build/html), served and driven as in tests/test_site.py.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from .conftest import ROOT, SITE
from .test_site import CHAPTERS, PAGES, _anchors, assert_clean, desktop_context, first_visit, visit  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
# The pages a reader looks things up in: each must be one click from every page, like the chapters.
REFERENCE = ["notation.html", "auto_examples/index.html", "api.html", "exercises.html", "errata.html",
             "guarantees.html", "benchmarks.html", "bibliography.html"]
# One page of each kind that has the navbar: home, chapter, gallery index and example, API index and entry, errata.
PAGE_TYPES = ["index.html", "chapters/probability.html", "auto_examples/index.html",
              "auto_examples/softmax/plot_softmax_temperature.html", "api.html", "generated/mlequations.entropy.html",
              "errata.html"]
PHONE_SAMPLE = ["index.html", "chapters/softmax.html", "auto_examples/index.html",
                "generated/mlequations.kl_divergence.html", "errata.html"]


# -- helpers ------------------------------------------------------------------------------------------------------------

def header_rows(page):
    """The distinct vertical positions (rounded to 4 px) of the navbar's visible items: the logo, every link, the
    search field and the theme switcher. One row gives one position."""
    tops = page.page.evaluate("""() => Array.from(document.querySelectorAll(
            '.bd-header .navbar-brand, .bd-header .navbar-nav > li, .bd-header .search-button-field, '
            + '.bd-header .theme-switch-button, .bd-header .dropdown-toggle'))
        .filter(el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
        .map(el => { const box = el.getBoundingClientRect(); return Math.round((box.top + box.bottom) / 2 / 4) * 4; })""")
    return sorted(set(tops))


# Where the navigation is: the navbar and the left sidebar (on a phone, both are in the menu drawer).
NAVIGATION = ".bd-header a[href], .bd-sidebar-primary a[href]"


def visible_targets(page, site_url, selector=NAVIGATION):
    """The pages of the site that a visible link of the navigation (`selector`) on `page` leads to (path under
    build/html, no #fragment): a link in the text of the page does not count."""
    hrefs = page.page.evaluate("""selector => Array.from(document.querySelectorAll(selector)).filter(a => {
            if (a.getClientRects().length === 0) return false;
            const box = a.getBoundingClientRect(), style = getComputedStyle(a);
            return box.width > 0 && box.height > 0 && style.visibility !== 'hidden';
        }).map(a => a.href)""", selector)
    host = urlparse(site_url).netloc
    targets = set()
    for href in hrefs:
        url = urlparse(href)
        if url.netloc == host:
            path = unquote(url.path).lstrip("/")
            targets.add(path + "index.html" if path.endswith("/") or not path else path)
    return targets


def equation_sections(page):
    """The ids of a chapter's equation sections: the sections whose heading is an h2, in page order."""
    return page.page.evaluate("""() => Array.from(document.querySelectorAll('article section'))
        .filter(s => s.querySelector(':scope > h2')).map(s => s.id)""")


# -- the navbar ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", PAGE_TYPES)
def test_the_navbar_is_one_row_at_desktop_width(visit, site_url, path):
    page = visit(path, **DESKTOP)
    assert len(header_rows(page)) == 1, header_rows(page)
    # nothing a reader needs is folded under "More"
    assert page.page.locator(".bd-header .dropdown-toggle:visible", has_text="More").count() == 0
    assert_clean(page, site_url)


# -- one click from every page ------------------------------------------------------------------------------------------

def test_the_navigation_checks_every_page_of_the_site():
    assert len(CHAPTERS) == 8 and len(PAGES) >= 100 and {"index.html", "404.html", "search.html"} <= set(PAGES)


@pytest.mark.parametrize("path", PAGES)
def test_every_chapter_and_reference_page_is_one_click_away_at_desktop_width(visit, path, site_url):
    page = visit(path, **DESKTOP)
    missing = sorted(set(CHAPTERS + REFERENCE) - visible_targets(page, site_url) - {path})
    assert missing == [], f"{path}: no visible link to {missing}"


@pytest.mark.parametrize("path", PHONE_SAMPLE)
def test_every_chapter_is_in_the_menu_drawer_on_a_phone(visit, path, site_url):
    page = visit(path, **PHONE)
    before = visible_targets(page, site_url)
    assert not set(CHAPTERS) <= before  # the sidebar is folded away on a phone...
    page.page.locator(".primary-toggle:visible").first.click()
    page.page.locator(".bd-sidebar-primary .mlequations-parts").first.wait_for(state="visible", timeout=5_000)
    missing = sorted(set(CHAPTERS + REFERENCE) - visible_targets(page, site_url) - {path})
    assert missing == [], f"{path}: the drawer has no visible link to {missing}"  # ...and opens with every chapter
    # and a chapter's link in it works
    target = "chapters/attention.html" if path != "chapters/attention.html" else "chapters/softmax.html"
    page.page.locator(f".bd-sidebar-primary a[href$='{Path(target).name}']:visible").first.click()
    page.page.wait_for_url(f"**/{target}")
    assert page.page.evaluate("() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth") == 0


# Where each sidebar link's text breaks onto a new line: the character before each break.
SIDEBAR_BREAKS = """() => Array.from(document.querySelectorAll('.mlequations-parts a')).flatMap(link => {
    const text = link.textContent, breaks = [], range = document.createRange();
    let top = null, offset = 0;
    for (const node of Array.from(link.childNodes).filter(n => n.nodeType === Node.TEXT_NODE)) {
        for (let i = 0; i < node.length; i++, offset++) {
            range.setStart(node, i); range.setEnd(node, i + 1);
            const y = range.getBoundingClientRect().top;
            if (top !== null && y > top + 2 && offset > 0) breaks.push([text, text[offset - 1]]);
            top = y;
        }
    }
    return breaks; })"""


@pytest.mark.parametrize("path", ["api.html", "generated/mlequations.binary_cross_entropy_with_logits.html"])
def test_the_sidebar_breaks_an_api_name_only_after_an_underscore(visit, path):
    page = visit(path, **DESKTOP)
    names = page.page.evaluate("() => Array.from(document.querySelectorAll('.mlequations-parts a[title^=\"mlequations.\"]'), a => a.textContent)")
    assert "binary_cross_entropy_with_logits" in names  # the package's prefix left out, the full title kept
    breaks = page.page.evaluate(SIDEBAR_BREAKS)
    assert all(before in " _" for _, before in breaks), breaks


# -- a chapter's on-page contents ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", CHAPTERS)
def test_a_chapters_contents_lists_its_equation_sections_and_nothing_deeper(visit, path):
    page = visit(path, **DESKTOP)
    listed = page.page.evaluate(
        "() => Array.from(document.querySelectorAll('#pst-page-toc-nav a')).map(a => a.getAttribute('href'))")
    sections = equation_sections(page)
    assert len(sections) >= 2
    assert listed == [f"#{section}" for section in sections]
    assert page.page.locator("#pst-page-toc-nav a:visible").count() == len(sections)


# -- the home page ------------------------------------------------------------------------------------------------------

def _equation_section_count():
    return sum(len(re.findall(r"^\([\w-]+\)=\n## ", p.read_text(encoding="utf-8"), re.M))
               for p in (ROOT / "docs" / "chapters").glob("*.md"))


def test_the_home_page_shows_a_card_per_equation_that_links_its_section_and_shows_its_picture(visit, site_url):
    page = visit("index.html", **DESKTOP)
    cards = page.page.evaluate("""async () => {
        const cards = Array.from(document.querySelectorAll('.equation-cards .sd-card'));
        const images = cards.map(card => card.querySelector('img.sd-card-img-top'));
        const lazy = images.map(img => img && img.getAttribute('loading'));
        images.forEach(img => { if (img) img.loading = 'eager'; });
        await Promise.all(images.map(img => !img || img.complete ? null : new Promise(done => {
            img.addEventListener('load', done, {once: true});
            img.addEventListener('error', done, {once: true});
        })));
        return cards.map((card, k) => ({
            title: card.querySelector('.sd-card-title')?.textContent.trim(),
            links: Array.from(card.querySelectorAll('a.sd-stretched-link')).map(a => a.href),
            equation: card.querySelectorAll('div.math mjx-container > svg').length,
            sentence: card.querySelector('p.sd-card-text')?.textContent.trim() || '',
            lazy: lazy[k],
            picture: images[k] ? images[k].naturalWidth : 0,
            width: card.getBoundingClientRect().width,
        }));
    }""")
    assert len(cards) == _equation_section_count()
    for card in cards:
        assert len(card["links"]) == 1, card["title"]
        url = urlparse(card["links"][0])
        target = SITE / unquote(url.path).lstrip("/")
        assert url.path.startswith("/chapters/") and target.is_file(), card["links"]
        assert url.fragment and unquote(url.fragment) in _anchors(target), card["links"]
        assert card["equation"] == 1 and card["sentence"], card["title"]
        assert card["lazy"] == "lazy" and card["picture"] > 0, card["title"]
    # grouped under the five parts
    assert page.page.locator("article h3").all_inner_texts()[:5] == [
        "Probability and Information Theory", "Linear Algebra", "Optimization", "Loss Functions",
        "Advanced ML Concepts"]
    assert_clean(page, site_url)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_card_equation_is_clipped_and_the_home_page_never_scrolls_sideways(visit, viewport):
    page = visit("index.html", **viewport)
    state = page.page.evaluate("""() => ({
        scroll: document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth,
        wider: Array.from(document.querySelectorAll('.equation-card div.math')).filter(
            math => math.querySelector('svg').getBoundingClientRect().right > math.getBoundingClientRect().right + 1
        ).map(math => math.className),
    })""")
    assert state == {"scroll": 0, "wider": []}


# The home page's first visit at desktop size, everything it transfers uncompressed (its text, the theme, and the
# card pictures that load before the reader scrolls): well under the probability chapter's budget (1.6 MB).
HOME_BUDGET = 1_250_000


def test_first_visit_to_the_home_page_stays_light(browser, site_url):
    sizes = {path: len(body) for path, body in first_visit(browser, site_url, "index.html")}
    pictures = [path for path in sizes if path.startswith("/_images/")]
    assert 0 < len(pictures) < _equation_section_count() / 2, pictures  # the others wait until scrolled near
    assert sum(sizes.values()) <= HOME_BUDGET, sorted(sizes.items(), key=lambda item: -item[1])[:5]
