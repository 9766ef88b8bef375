"""Browser tests of the built site: build/html served on localhost, driven by Debian's headless Chromium.

Run by ``make test`` after ``make html``. They never download a browser: Playwright launches the Chromium
binary that Debian installs (``CHROMIUM``, default ``/usr/bin/chromium``), and a missing one fails the tests
rather than skipping them. Every page is visited; the site-wide checks (downloads, search, dark mode, phone
width) follow.
"""

import functools
import gzip
import html.parser
import io
import zipfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlparse

import nbformat
import pytest

from mlequations import claims

from .conftest import ROOT, SITE

import benchmark_page  # noqa: E402  (the docs extension: docs/_ext is on the path from tests/conftest.py)

pytestmark = pytest.mark.browser

GALLERY = ROOT / "gallery"
SCREENSHOTS = ROOT / "build" / "screenshots"
NOT_PAGES = {"_static", "_sources", "_images", "_downloads", "_modules"}


def _site_pages():
    """Every HTML page of the built site, as a path relative to build/html."""
    if not SITE.exists():
        return []
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html")
                  if not NOT_PAGES.intersection(p.relative_to(SITE).parts))


PAGES = _site_pages()
CHAPTERS = [page for page in PAGES if page.startswith("chapters/")]
EXAMPLES = sorted(p.relative_to(GALLERY).with_suffix("").as_posix() for p in GALLERY.rglob("plot_*.py"))


# -- fixtures -----------------------------------------------------------------------------------------------------

class PageVisit:
    """A page opened in a fresh tab, with every request, failed response and console error it caused.

    Pages at the default desktop size share one browser context (cheaper than a context each); a page with
    another size or colour scheme, or one that changes stored state (``isolated``), gets a context of its own,
    closed with it.
    """

    def __init__(self, browser, url, *, shared_context=None, isolated=False, width=1280, height=900,
                 color_scheme="light"):
        if shared_context is not None and not isolated and (width, height, color_scheme) == (1280, 900, "light"):
            self.context, self.owns_context = shared_context, False
        else:
            self.context = browser.new_context(viewport={"width": width, "height": height},
                                               color_scheme=color_scheme)
            self.owns_context = True
        self.page = self.context.new_page()
        self.requests, self.console_errors, self.failed = [], [], []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("requestfailed", lambda request: self.failed.append(request.url))
        self.page.on("response", lambda response: response.status >= 400 and self.failed.append(
            f"{response.status} {response.url}"))
        self.page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"

    def external_requests(self, base):
        host = urlparse(base).netloc
        return [url for url in self.requests if urlparse(url).scheme in ("http", "https", "ws", "wss")
                and urlparse(url).netloc != host]

    def close(self):
        self.page.close()
        if self.owns_context:
            self.context.close()


@pytest.fixture(scope="session")
def desktop_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    yield context
    context.close()


@pytest.fixture
def visit(browser, desktop_context, site_url):
    opened = []

    def open_page(path, **kwargs):
        page = PageVisit(browser, f"{site_url}/{path}", shared_context=desktop_context, **kwargs)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()


# -- what every page must satisfy ----------------------------------------------------------------------------------

def assert_clean(page, site_url):
    assert page.external_requests(site_url) == [], "requests left localhost"
    assert page.failed == [], "requests failed or answered with an error"
    assert page.console_errors == [], "console errors"


def assert_math_rendered(page):
    """Every math element holds exactly one typeset SVG with its hidden MathML, no error, and no glyph reference
    that the page cannot resolve; return how many there are.

    The SVG is in the page as served (docs/_ext/svgmath.py typesets at build time), so nothing is awaited.
    """
    state = page.page.evaluate("""() => Array.from(document.querySelectorAll('.math')).map(el => {
        const box = el.querySelector('mjx-container > svg')?.getBoundingClientRect();
        return {
            svg: el.querySelectorAll('mjx-container > svg').length,
            mathml: el.querySelectorAll('mjx-container > mjx-assistive-mml > math').length,
            // inside a collapsed dropdown or a hidden menu an element has no box at all
            drawn: el.getClientRects().length === 0 || box !== undefined && box.width > 0 && box.height > 0,
            error: el.querySelector('.svgmath-error, [data-mjx-error], [data-mml-node="merror"]') !== null,
            dangling: Array.from(el.querySelectorAll('use')).filter(use => {
                const ref = use.getAttribute('xlink:href') || use.getAttribute('href') || '';
                return !ref.startsWith('#') || document.getElementById(ref.slice(1)) === null;
            }).length,
            tex: el.textContent.slice(0, 60),
        };
    })""")
    broken = [m for m in state if (m["svg"], m["mathml"], m["drawn"], m["error"], m["dangling"]) != (1, 1, True, False, 0)]
    assert broken == [], "math elements without exactly one drawn SVG and its MathML, with an error or a dangling glyph"
    return len(state)


def assert_no_mathjax_script(page):
    """Math is typeset at build time: no page asks for MathJax."""
    assert [url for url in page.requests if "mathjax" in url.lower() and url.endswith(".js")] == []
    assert page.page.evaluate("() => window.MathJax === undefined")


def assert_images_loaded(page):
    # Figures load lazily (loading="lazy"), when the reader scrolls near them: ask for each one now, and wait for
    # it to load or fail (at most 10 s).
    images = page.page.evaluate("""async () => {
        const all = Array.from(document.images);
        all.forEach(img => { img.loading = "eager"; });
        const settled = img => img.complete ? null : new Promise(done => {
            img.addEventListener("load", done, {once: true});
            img.addEventListener("error", done, {once: true});
        });
        await Promise.race([Promise.all(all.map(settled)), new Promise(done => setTimeout(done, 10000))]);
        return all.map(img => ({src: img.currentSrc || img.src, ok: img.complete && img.naturalWidth > 0}));
    }""")
    assert [i["src"] for i in images if not i["ok"]] == [], "images that did not load"
    return len(images)


class _Ids(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name in ("id", "name") and value)


@functools.cache
def _anchors(path):
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return frozenset(parser.ids)


def assert_internal_links_resolve(page, site_url):
    """Every link to the site itself reaches a file, and its #anchor an element of that page."""
    host = urlparse(site_url).netloc
    hrefs = page.page.evaluate("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
    broken = []
    for href in set(hrefs):
        url = urlparse(href)
        if url.scheme not in ("http", "https") or url.netloc != host:
            continue
        target = SITE / unquote(url.path).lstrip("/")
        if url.path.endswith("/"):
            target = target / "index.html"
        if not target.is_file():
            broken.append(href)
        elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in _anchors(target):
            broken.append(href)
    assert sorted(broken) == [], "internal links or anchors that do not resolve"
    return len(hrefs)


def test_the_site_has_its_pages():
    for page in ("index.html", "notation.html", "api.html", "errata.html", "guarantees.html", "404.html",
                 "search.html",
                 "auto_examples/index.html", "chapters/probability.html"):
        assert page in PAGES


@pytest.mark.parametrize("path", PAGES)
def test_every_page(visit, site_url, path):
    page = visit(path)
    assert_math_rendered(page)
    assert_no_mathjax_script(page)
    assert_images_loaded(page)
    assert_internal_links_resolve(page, site_url)
    assert_clean(page, site_url)


# -- particular pages ------------------------------------------------------------------------------------------------

def test_entropy_chapter_renders_offline(visit, site_url):
    page = visit("chapters/probability.html")
    assert assert_math_rendered(page) >= 3  # the labelled equation and the inline symbols around it
    images = page.page.evaluate("() => Array.from(document.images).map(img => img.getAttribute('src'))")
    assert any("sphx_glr_plot_binary_entropy" in src for src in images), "the gallery figure is not on the page"
    assert_no_mathjax_script(page)
    # Equation numbers, and {eq} references that reach them.
    assert page.page.locator("div.math span.eqno").count() >= 1
    assert page.page.locator("a[href^='#equation-']").count() >= 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.page.screenshot(path=str(SCREENSHOTS / "chapter-probability.png"), full_page=True)


# A first visit to the probability chapter, the longest page of equations: everything it transfers, uncompressed.
FIRST_VISIT_BUDGET = 1_600_000
TRANSFER_REPORT = ROOT / "build" / "transfer" / "chapters-probability.txt"


def first_visit(browser, site_url, path):
    """[(address path, body)] of every response of a first visit to `path` at desktop size (a fresh context, so
    an empty cache), once the page and its fonts have loaded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(f"{site_url}/{path}", wait_until="load")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        return [(urlparse(response.url).path, response.body()) for response in responses]
    finally:
        context.close()


def test_first_visit_to_the_probability_chapter_stays_within_budget(browser, site_url):
    """Sum the bodies of every response of a first visit, write the itemised list with a gzip estimate beside
    each (hosts compress text) to build/transfer/, and hold the total to the budget."""
    rows = sorted(((len(body), len(gzip.compress(body, compresslevel=6)), path)
                   for path, body in first_visit(browser, site_url, "chapters/probability.html")), reverse=True)
    total, total_gzip = sum(r[0] for r in rows), sum(r[1] for r in rows)
    TRANSFER_REPORT.parent.mkdir(parents=True, exist_ok=True)
    TRANSFER_REPORT.write_text("".join(f"{size:>10,} {gz:>10,}  {path}\n" for size, gz, path in rows)
                               + f"{total:>10,} {total_gzip:>10,}  total of {len(rows)} responses "
                               f"(uncompressed, gzip -6 estimate)\n")
    assert total <= FIRST_VISIT_BUDGET, TRANSFER_REPORT.read_text()
    assert not [path for _, _, path in rows if "mathjax" in path.lower() and path.endswith(".js")]


@pytest.mark.parametrize("path", ["chapters/probability.html", "chapters/softmax.html"])
def test_math_shows_with_javascript_disabled(browser, site_url, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/{path}", wait_until="load")
        assert assert_math_rendered(SimpleNamespace(page=page)) >= 10
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"no-javascript-{Path(path).stem}.png"))
    finally:
        context.close()


def test_api_page_lists_the_examples_that_use_the_function(visit):
    page = visit("generated/mlequations.entropy.html")
    assert page.page.locator("a[href*='plot_binary_entropy']").count() >= 1


def test_errata_page_shows_computed_verdicts(visit):
    page = visit("errata.html")
    verdicts = claims.verify_claims()
    assert page.page.locator("table.errata-table tbody tr.errata-claim").count() == len(verdicts)
    for verdict in verdicts:
        cells = page.page.locator(f"#claim-{verdict.id} td").all_inner_texts()
        assert [cell.strip() for cell in cells] == [f"{verdict.id}\nGuide: {verdict.chapter}",
                                                    verdict.claimed or "nothing printed", verdict.recomputed_with,
                                                    verdict.true_value, verdict.verdict]
        # a claim's cause, when it has one, is the row under it
        cause = page.page.locator(f"#claim-{verdict.id} + tr.errata-cause td").all_inner_texts()
        assert [cell.strip() for cell in cause] == ([f"Cause: {verdict.cause}"] if verdict.cause else [])
    # The fixed points of the foundation: the two entropy claims, recomputed.
    assert page.page.locator("#claim-entropy-fair-coin td.verdict-correct").count() == 1
    assert page.page.locator("#claim-entropy-biased-coin td.verdict-wrong").count() == 1


def test_home_page_cites_the_guide_and_links_every_section(visit):
    page = visit("index.html")
    text = page.page.inner_text("article")
    source = claims.load_ledger().source
    assert f"published {source['published']}" in text and f"read on {source['read']}" in text
    # The chapters are linked by the equation cards, each to one of its sections (#fragment).
    hrefs = page.page.evaluate("() => Array.from(document.querySelectorAll('article a')).map(a => a.href)")
    pages = [href.split("#")[0] for href in hrefs]
    for target in ["notation.html", *CHAPTERS, "auto_examples/index.html", "api.html", "errata.html",
                   "guarantees.html"]:
        assert any(href.endswith(target) for href in pages), target


def test_pages_with_checked_outputs_say_which_versions_produced_them(visit):
    for path in ["chapters/probability.html", "errata.html", "generated/mlequations.entropy.html",
                 "auto_examples/probability/plot_binary_entropy.html"]:
        note = visit(path).page.locator(".mlequations-provenance").inner_text()
        for name in ("Python", "NumPy", "SciPy", "scikit-learn", "PyTorch", "BLAS"):
            assert name in note, (path, name)
    assert visit("notation.html").page.locator(".mlequations-provenance").count() == 0


def test_missing_page_gets_the_404_page_with_working_links(visit, site_url):
    page = visit("404.html")
    assert "Page not found" in page.page.inner_text("article")
    assert page.page.locator("a[href='/index.html']").count() >= 1


# -- the gallery and its downloads -------------------------------------------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES)
def test_gallery_example_downloads_match_the_script(visit, example):
    subject, name = example.split("/")
    page = visit(f"auto_examples/{example}.html")
    assert assert_images_loaded(page) >= 1
    script = (GALLERY / f"{example}.py").read_text(encoding="utf-8")
    hrefs = page.page.evaluate("() => Array.from(document.querySelectorAll('.sphx-glr-download a')).map(a => a.href)")
    by_ending = {ending: [h for h in hrefs if h.endswith(f"{name}{ending}")] for ending in (".py", ".ipynb", ".zip")}
    assert all(len(found) == 1 for found in by_ending.values()), by_ending

    assert page.page.request.get(by_ending[".py"][0]).text() == script
    notebook = nbformat.reads(page.page.request.get(by_ending[".ipynb"][0]).text(), as_version=4)
    nbformat.validate(notebook)
    first_code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert "pip install" in first_code.source and "import mlequations" in first_code.source
    with zipfile.ZipFile(io.BytesIO(page.page.request.get(by_ending[".zip"][0]).body())) as archive:
        assert archive.read(f"{name}.py").decode("utf-8") == script
        nbformat.validate(nbformat.reads(archive.read(f"{name}.ipynb").decode("utf-8"), as_version=4))


def test_download_all_zips_hold_every_script(visit):
    page = visit("auto_examples/index.html")
    hrefs = page.page.evaluate("() => Array.from(document.querySelectorAll('.sphx-glr-download a')).map(a => a.href)")
    zips = [h for h in hrefs if h.endswith(".zip")]
    assert len(zips) == 2, zips
    for href in zips:
        with zipfile.ZipFile(io.BytesIO(page.page.request.get(href).body())) as archive:
            names = {Path(n).with_suffix("").as_posix() for n in archive.namelist()}
            suffixes = {Path(n).suffix for n in archive.namelist()}
        assert names == set(EXAMPLES), href
        assert len(suffixes) == 1, href  # one zip of scripts, one of notebooks


# -- site-wide behaviour ----------------------------------------------------------------------------------------------

def test_dark_mode_switch_changes_the_theme(visit):
    page = visit("chapters/probability.html", isolated=True)  # the chosen mode is stored for the context
    theme = lambda: page.page.evaluate("() => document.documentElement.dataset.theme")  # noqa: E731
    background = lambda: page.page.evaluate("() => getComputedStyle(document.body).backgroundColor")  # noqa: E731
    assert theme() == "light"
    light_background = background()
    switcher = page.page.locator(".theme-switch-button:visible").first
    switcher.click()
    page.page.locator(".theme-change-button[data-mode='dark']:visible").first.click()
    page.page.wait_for_function("() => document.documentElement.dataset.theme === 'dark'", timeout=5_000)
    assert background() != light_background
    # The equations are drawn in the text colour, so they follow the switch.
    colours = page.page.evaluate("""() => ({text: getComputedStyle(document.querySelector('article p')).color,
        math: Array.from(new Set(Array.from(document.querySelectorAll('.math svg > g'),
                                           g => getComputedStyle(g).fill)))})""")
    assert colours["math"] == [colours["text"]]
    # The choice is remembered on the next page.
    page.page.goto(page.page.url.replace("chapters/probability.html", "notation.html"))
    assert theme() == "dark"


def test_benchmarks_page_fits_a_phone_and_shows_every_result(visit):
    from benchmarks import report

    committed = report.load()
    page = visit("benchmarks.html", width=390, height=844)
    assert assert_images_loaded(page) >= 1
    root = "document.scrollingElement"
    assert page.page.evaluate(f"() => {root}.scrollWidth - {root}.clientWidth") == 0  # wide tables scroll inside
    assert page.page.locator("table.benchmark-targets tbody tr").count() == len(report.at(committed))
    assert page.page.locator("table.benchmark-full tbody tr").count() == len(committed["results"])


def assert_collapsed_until_clicked(dropdowns, label):
    """Each sphinx-design dropdown of `dropdowns` is shut, its body hidden, until its summary is clicked."""
    for i in range(dropdowns.count()):
        dropdown = dropdowns.nth(i)
        body = dropdown.locator(".sd-summary-content")
        assert dropdown.get_attribute("open") is None and not body.is_visible(), f"{label} {i} open on load"
        dropdown.locator("summary").click()
        assert dropdown.get_attribute("open") is not None and body.is_visible(), f"{label} {i} shut after a click"


# -- sources, derivations and verdicts -----------------------------------------------------------------------------

@pytest.mark.parametrize("path", CHAPTERS)
def test_derivations_are_collapsed_on_load_and_open_on_click(visit, path):
    page = visit(path).page
    derivations = page.locator("details.sd-dropdown", has=page.locator("summary", has_text="Derivation"))
    assert derivations.count() >= 1, f"{path} has no Derivation"
    assert_collapsed_until_clicked(derivations, f"{path}: derivation")


def test_every_verdict_on_a_page_is_the_ledgers_and_links_its_errata_row(visit):
    verdicts, seen = {v.id: v.verdict for v in claims.verify_claims()}, 0
    for path in CHAPTERS:
        page = visit(path)
        links = page.page.eval_on_selector_all("a.verdict", "els => els.map(a => [a.textContent, a.href])")
        for text, href in links:
            claim = href.partition("#claim-")[2]
            assert href.split("#")[0].endswith("/errata.html") and text == verdicts[claim], (path, text, href)
            seen += 1
    assert seen >= 5


def test_the_bibliography_links_each_source(visit):
    page = visit("bibliography.html")
    hrefs = page.page.eval_on_selector_all("article a", "els => els.map(a => a.href)")
    assert sum("doi.org/10." in href for href in hrefs) >= 10
    assert sum("arxiv.org/abs/" in href for href in hrefs) >= 3
    # Its labels are the chapters' author-year citations, not numbers.
    labels = page.page.eval_on_selector_all("div.citation span.label", "els => els.map(e => e.textContent)")
    assert "[Bridle, 1990]" in labels and not any(label.strip("[]").isdigit() for label in labels)
    # A chapter's citation leads to the bibliography entry.
    for path in CHAPTERS:  # each chapter's citations lead to the bibliography's entries
        cited = visit(path).page.eval_on_selector_all("a[href*='bibliography.html#']", "els => els.map(a => a.href)")
        assert cited, f"{path} links no bibliography entry"


@pytest.mark.parametrize("path", CHAPTERS)
def test_labelled_equations_are_numbered_on_their_page(visit, path):
    numbers = visit(path).page.eval_on_selector_all(
        "span.eqno", "els => els.map(e => e.firstChild ? e.firstChild.textContent.trim() : '')")
    assert numbers, f"{path} shows no equation number"
    assert numbers == [f"({i})" for i in range(1, len(numbers) + 1)], f"{path}: {numbers}"


# -- exercises ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", CHAPTERS)
def test_solutions_are_hidden_on_load_and_shown_on_click(visit, path):
    page = visit(path).page
    exercises = page.locator("div.exercise.admonition")
    solutions = page.locator("div.exercise.admonition details.sd-dropdown",
                             has=page.locator("summary", has_text="Solution"))
    assert exercises.count() >= 1 and solutions.count() == exercises.count(), path
    assert_collapsed_until_clicked(solutions, f"{path}: solution")


def test_exercises_page_lists_every_exercise_with_a_working_link(visit):
    page = visit("exercises.html").page
    links = page.eval_on_selector_all("table.exercise-list a", "els => els.map(a => a.href)")
    exercise_links = [href for href in links if "#ex-" in href]
    assert len(exercise_links) >= 48
    for href in exercise_links[:5] + exercise_links[-5:]:
        target = visit(urlparse(href).path.lstrip("/")).page
        assert target.locator(f"#{urlparse(href).fragment}").count() == 1, href


# -- figures -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", CHAPTERS)
def test_every_picture_section_shows_a_described_figure(visit, path):
    """Each "A picture" section holds a figure with alt text and a caption of prose: no MyST option (":width: 90%")
    leaked into it. Every page's images are checked to load above; an empty axes fails the build itself
    (docs/_ext/figure_check.py)."""
    page = visit(path)
    sections = page.page.evaluate("""() => Array.from(document.querySelectorAll('article h3'))
        .filter(h => h.textContent.replace('#', '').trim() === 'A picture')
        .map(h => {
            const figures = Array.from(h.closest('section').querySelectorAll('figure'));
            return {
                figures: figures.length,
                bad: figures.filter(f => {
                    const img = f.querySelector('img');
                    const caption = f.querySelector('figcaption')?.textContent ?? '';
                    return !img || !img.alt.trim() || /:(alt|width|align|name):/.test(caption) || !caption.trim();
                }).length,
            };
        })""")
    assert sections and all(s["figures"] >= 1 for s in sections), f"{path}: an 'A picture' section without a figure"
    assert [s for s in sections if s["bad"]] == [], f"{path}: a figure without alt text or with raw MyST in its caption"


# -- benchmarks page ---------------------------------------------------------------------------------------------------

BENCHMARK_LAYOUT = """() => {
    const root = document.scrollingElement;
    const tables = Array.from(document.querySelectorAll('article table.benchmark-table')).map(t => {
        const box = t.parentElement;
        return {table: Math.round(t.getBoundingClientRect().width), box: Math.round(box.clientWidth),
                scrolls: getComputedStyle(box).overflowX, clipped: getComputedStyle(box).overflowX === 'hidden'};
    });
    const figures = Array.from(document.querySelectorAll('article figure.benchmark-figure img')).map(
        img => Math.round(img.getBoundingClientRect().width));
    return {page: root.scrollWidth - root.clientWidth, tables, figures};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_benchmark_tables_fit_the_article_at_desktop_width(visit, scheme):
    page = visit("benchmarks.html", width=1400, height=900, color_scheme=scheme)
    assert_images_loaded(page)
    layout = page.page.evaluate(BENCHMARK_LAYOUT)
    assert layout["page"] == 0
    assert len(layout["tables"]) >= 5
    for table in layout["tables"]:
        assert table["table"] <= table["box"], f"a benchmark table is wider than the article: {table}"
    # one large figure per group of functions, each drawn at least 600 px wide, rather than one of 20 small panels
    assert len(layout["figures"]) == len(benchmark_page.GROUPS) and min(layout["figures"]) >= 600, layout["figures"]


def test_benchmark_tables_scroll_inside_their_box_on_a_phone(visit):
    page = visit("benchmarks.html", width=390, height=844)
    layout = page.page.evaluate(BENCHMARK_LAYOUT)
    assert layout["page"] == 0
    wide = [t for t in layout["tables"] if t["table"] > t["box"]]
    assert wide, "no table is wider than a phone: this check would not see one that overflowed"
    assert all(t["scrolls"] in ("auto", "scroll") for t in wide), wide


def test_benchmark_statements_are_the_ones_computed_from_the_results(visit):
    """The "In short" list on the page is exactly the sentences computed from benchmarks/results.json, so the
    unit tests that check those sentences against the JSON (tests/test_benchmarks.py) check the page."""
    from benchmarks import report

    page = visit("benchmarks.html").page
    shown = page.locator("section#in-short li").all_inner_texts()
    # Sphinx turns straight quotes into curly ones: undo that, nothing else
    shown = [" ".join(s.replace("\u2019", "'").split()) for s in shown]
    assert shown == benchmark_page.highlight_sentences(report.load())
