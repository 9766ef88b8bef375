"""Browser tests of the layout of every built page, on a phone (390 px) and on a desktop (1400 px).

No page scrolls sideways; whatever is wider than its box (a long equation, table or code line) scrolls inside a
box of its own, and nothing is cut off by an ancestor with ``overflow: hidden``; an equation that fits its line is
shown whole; names and numbers in code literals do not break inside themselves at desktop width; on a phone an
exercise's solution gets most of the screen's width; and a displayed equation that scrolls shows a shadow at each
edge with more to see.

Each width has one browser context and one tab that visits every page in turn, which keeps the file well under a
minute. Every dropdown (derivations, solutions) is opened first, so that what they hold is measured too.
"""

import pytest

import mlequations

from .test_site import CHAPTERS, PAGES

pytestmark = pytest.mark.browser

PHONE, DESKTOP = 390, 1400

# One pass over a page, in the browser. For every element that is drawn (not inside the MathML that MathJax hides
# for screen readers, not a part of an SVG, not fixed to the screen), its *boundary* is the nearest ancestor that
# clips or scrolls horizontally (overflow-x other than visible, on a box that overflow applies to), or the article
# for an element of the article, or else the window. An element that sticks out of its boundary is fine when the
# boundary scrolls (overflow-x auto or scroll; the article's own scrolling container does not count: the whole
# article would scroll); it is "clipped" when the boundary is hidden or clip, and "outside" when the boundary is
# the article or the window.
LAYOUT = """() => {
    document.querySelectorAll('details').forEach(d => { d.open = true; });
    const root = document.scrollingElement, article = document.querySelector('article.bd-article');
    const styles = new Map(), boundaries = new Map();
    const style = el => { if (!styles.has(el)) styles.set(el, getComputedStyle(el)); return styles.get(el); };
    const clips = el => { const s = style(el); return s.overflowX !== 'visible' && s.display !== 'inline'
                                                      && s.display !== 'contents'; };
    const boundary = el => {
        const parent = el.parentElement;
        if (!parent || parent === document.documentElement) return null;
        if (!boundaries.has(parent)) {
            boundaries.set(parent, parent === article || clips(parent) ? parent : boundary(parent));
        }
        return boundaries.get(parent);
    };
    const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + Array.from(el.classList).slice(0, 2).map(c => '.' + c).join('');
    const where = el => [el.parentElement?.parentElement, el.parentElement, el].filter(Boolean).map(name)
        .join(' > ');
    const clipped = [], outside = [];
    const scrollers = new Set();
    for (const el of document.body.querySelectorAll('*')) {
        if (el.closest('mjx-assistive-mml') || el.ownerSVGElement) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        const s = style(el);
        if (s.visibility === 'hidden' || s.position === 'fixed') continue;
        // A box whose content (text too) runs past its right edge, with overflow visible, draws that far; but
        // not MathJax's box, whose overflow is the hidden MathML (its SVG is measured as an element).
        let drawn = box.right;
        if (s.overflowX === 'visible' && s.display !== 'inline' && el.scrollWidth > el.clientWidth + 1
                && el.tagName !== 'MJX-CONTAINER') {
            drawn = Math.max(drawn, box.left + el.clientLeft + el.scrollWidth);
        }
        const b = boundary(el);
        let left = 0, right = document.documentElement.clientWidth, kind = 'window';
        if (b) {
            const bb = b.getBoundingClientRect();
            left = bb.left + b.clientLeft;
            right = left + b.clientWidth;
            kind = b === article ? 'article' : style(b).overflowX;
        }
        const by = Math.round(Math.max(left - box.left, drawn - right));
        if (by <= 1) continue;
        const record = `${where(el)} by ${by}px beyond ${b ? name(b) : 'the window'}`;
        if (kind === 'hidden' || kind === 'clip') clipped.push(record);
        else if (kind === 'article' || kind === 'window') outside.push(record);
        else scrollers.add(b);
    }
    // A display equation no wider than the line it could have to itself must be shown whole, not scrolled.
    const cut = Array.from(document.querySelectorAll('div.math > mjx-container')).filter(c => {
        const line = c.parentElement.clientWidth, svg = c.querySelector('svg').getBoundingClientRect().width;
        return svg <= line && c.scrollWidth > c.clientWidth + 1;
    }).map(c => `${c.parentElement.id || 'an equation'}: ${c.clientWidth}px shown of ${c.scrollWidth}px`);
    // Code literals with no space in them, printed on more than one line: a name or a number broken inside itself.
    const words = Array.from(document.querySelectorAll('article code.literal')).filter(
        code => !/\\s/.test(code.textContent.trim()));
    const broken = words.filter(code => code.getClientRects().length > 1).map(code => code.textContent);
    // The width of the text of each solution, as a fraction of the article's.
    const solutions = Array.from(document.querySelectorAll('details.sd-dropdown')).filter(
        d => d.querySelector('summary').textContent.includes('Solution')).map(d => {
            const text = d.querySelector('.sd-summary-content > p');
            return text ? text.clientWidth / article.clientWidth : 1;
        });
    // The page, or the article's own scrolling container (the whole article would move), scrolls sideways.
    const sideways = [root, document.querySelector('.bd-article-container')].filter(Boolean).map(
        box => box.scrollWidth - box.clientWidth).filter(by => by > 0);
    // The boxes that something scrolls in, by what they hold.
    const scrolled = {code: 0, math: 0, table: 0};
    for (const box of scrollers) {
        if (box.matches('pre')) scrolled.code += 1;
        else if (box.matches('mjx-container, span.math')) scrolled.math += 1;
        else if (box.querySelector('table')) scrolled.table += 1;
    }
    return {sideways, clipped, outside, cut, broken, scrolled,
            words: words.length, solutions};
}"""


@pytest.fixture(scope="module")
def layouts(browser, site_url):
    """The measurements of LAYOUT on every page, at each width: {width: {path: result}}."""
    measured = {}
    for width in (PHONE, DESKTOP):
        context = browser.new_context(viewport={"width": width, "height": 900})
        tab = context.new_page()
        measured[width] = {}
        for path in PAGES:
            response = tab.goto(f"{site_url}/{path}", wait_until="load")
            assert response is not None and response.ok, path
            measured[width][path] = tab.evaluate(LAYOUT)
        context.close()
    return measured


def failures(layouts, width, key):
    """{path: what LAYOUT found under `key`} for the pages where it found something."""
    return {path: found[key] for path, found in layouts[width].items() if found[key]}


def test_the_sweep_visits_every_page(layouts):
    assert len(PAGES) >= 50 and {PHONE, DESKTOP} == set(layouts)
    assert all(set(layouts[width]) == set(PAGES) for width in layouts)


# What LAYOUT reports under each key, which must be nothing on every page at both widths.
CHECKS = {
    "sideways": "the page or the article scrolls sideways",
    "clipped": "something is cut off by an overflow: hidden box",
    "outside": "something wider than its box runs out of the article instead of scrolling in a box of its own",
    "cut": "an equation that fits its line is shown only in part, in a scrolling box",
}


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("check", CHECKS)
def test_every_page_keeps_its_content_in_view(layouts, check, width):
    assert failures(layouts, width, check) == {}, CHECKS[check]


def test_names_and_numbers_do_not_break_inside_themselves_at_desktop_width(layouts):
    """A literal with no space in it is on one line: "conditional_probabil|ity" on the API page and
    "0.6931|4718055|99453" on the errata page broke inside themselves."""
    assert failures(layouts, DESKTOP, "broken") == {}
    assert layouts[DESKTOP]["api.html"]["words"] >= len(mlequations.__all__)
    assert layouts[DESKTOP]["errata.html"]["words"] >= 1


def test_the_sweep_sees_what_it_must_judge(layouts):
    """The checks above would pass on pages that held nothing to judge. The pages hold code lines and display
    equations too wide for their box, which scroll in it, at both widths, and tables too wide for a phone."""
    for width, kinds in ((PHONE, ("code", "math", "table")), (DESKTOP, ("code", "math"))):
        scrolled = {kind: sum(found["scrolled"][kind] for found in layouts[width].values()) for kind in kinds}
        assert min(scrolled.values()) >= 1, (width, scrolled)


def test_a_solution_on_a_phone_gets_most_of_the_width(layouts):
    """Nested padding (exercise box, then the dropdown) left a solution's text about 240 px of a 390 px screen."""
    assert all(layouts[PHONE][path]["solutions"] for path in CHAPTERS), "a chapter has no solution"
    widths = {path: min(layouts[PHONE][path]["solutions"]) for path in CHAPTERS}
    assert min(widths.values()) >= 0.85, widths


# The first displayed equation of a page, in view, its glyphs hidden (its size and scrolling unchanged), so that a
# screenshot of its box shows only what is drawn behind them.
BEHIND_THE_EQUATION = """() => {
    const box = document.querySelector('.bd-article div.math > mjx-container');
    box.scrollIntoView({block: 'center'});
    box.querySelector('svg').style.visibility = 'hidden';
    return box.scrollWidth > box.clientWidth;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_wide_equation_shows_a_shadow_where_there_is_more_to_see(browser, site_url, scheme):
    from io import BytesIO

    from PIL import Image

    context = browser.new_context(viewport={"width": PHONE, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/chapters/linear_algebra.html")
        assert page.evaluate(BEHIND_THE_EQUATION)  # y = Ax + b with its domains is wider than a phone
        box = page.locator(".bd-article div.math > mjx-container").first

        def edges():
            image = Image.open(BytesIO(box.screenshot())).convert("L")
            width, height = image.size
            column = lambda x: sum(image.getpixel((x, y)) for y in range(height)) / height  # noqa: E731
            return column(1), column(width - 2)

        # The left end is in view, so no shadow there: the column is the page's background; more to see on the right.
        background, right = edges()
        assert abs(right - background) > 10, (background, right)
        box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
        left, right = edges()
        assert abs(left - background) > 10 and abs(right - background) < 2, (background, left, right)
    finally:
        context.close()
