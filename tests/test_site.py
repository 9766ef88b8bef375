"""Browser tests of the built site: build/html served on localhost, driven by Debian's headless Chromium.

Run by ``make test`` after ``make html``. They never download a browser: Playwright launches the Chromium
binary that Debian installs (``CHROMIUM``, default ``/usr/bin/chromium``), and a missing one fails the tests
rather than skipping them.
"""

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

from mlequations import claims

from .conftest import ROOT

pytestmark = pytest.mark.browser

SITE = ROOT / "build" / "html"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / "build" / "screenshots"
# Flags that keep Chromium from reaching out to Google's services on start-up, which a closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions", "--metrics-recording-only"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url():
    if not (SITE / "index.html").exists():
        pytest.fail(f"{SITE} has no index.html: run `make html` first (make test does).")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install -y chromium) "
                    "or set CHROMIUM to its path.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageVisit:
    """A page opened in a fresh context, with every request and console error it caused."""

    def __init__(self, browser, url, *, width=1280, height=900, color_scheme="light"):
        self.context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme)
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
        self.page.wait_for_load_state("networkidle")

    def wait_for_math(self):
        """Wait until MathJax has typeset every math element, and return how many there are."""
        self.page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        self.page.evaluate("() => MathJax.startup.promise")
        return self.page.locator(".math").count()

    def external_requests(self, base):
        host = urlparse(base).netloc
        return [url for url in self.requests if urlparse(url).scheme in ("http", "https", "ws", "wss")
                and urlparse(url).netloc != host]

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, site_url):
    opened = []

    def open_page(path, **kwargs):
        page = PageVisit(browser, f"{site_url}/{path}", **kwargs)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()


def assert_clean(page, site_url):
    assert page.external_requests(site_url) == [], "requests left localhost"
    assert page.failed == [], "requests failed or answered with an error"
    assert page.console_errors == [], "console errors"


def assert_math_rendered(page):
    n_math = page.wait_for_math()
    state = page.page.evaluate("""() => Array.from(document.querySelectorAll('.math')).map(el => ({
        svg: el.querySelectorAll('mjx-container svg').length,
        error: el.querySelector('[data-mjx-error], mjx-merror') !== null || el.textContent.includes('Math input error'),
        tex: el.textContent.slice(0, 60),
    }))""")
    assert len(state) == n_math > 0
    unrendered = [m["tex"] for m in state if m["svg"] != 1 or m["error"]]
    assert unrendered == [], "math elements without exactly one SVG, or with a MathJax error"
    return n_math


def assert_images_loaded(page):
    images = page.page.evaluate("""() => Array.from(document.images).map(img => ({
        src: img.currentSrc || img.src, ok: img.complete && img.naturalWidth > 0}))""")
    assert [i["src"] for i in images if not i["ok"]] == []
    return len(images)


def test_entropy_chapter_renders_offline(visit, site_url):
    page = visit("chapters/probability.html")
    n_math = assert_math_rendered(page)
    assert n_math >= 3  # the labelled equation and the inline symbols around it
    images = page.page.evaluate("() => Array.from(document.images).map(img => img.getAttribute('src'))")
    assert any("sphx_glr_plot_binary_entropy" in src for src in images), "the gallery figure is not on the page"
    assert_images_loaded(page)
    assert_clean(page, site_url)
    # The local copy of MathJax was the one that ran.
    assert any(urlparse(url).path.endswith("/_static/mathjax/tex-svg-full.js") for url in page.requests)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.page.screenshot(path=str(SCREENSHOTS / "chapter-probability.png"), full_page=True)


def test_api_page_renders_the_docstring_equation(visit, site_url):
    page = visit("generated/mlequations.entropy.html")
    assert_math_rendered(page)
    assert_clean(page, site_url)
    # The minigallery lists the example that uses the function.
    assert page.page.locator("a[href*='plot_binary_entropy']").count() >= 1


def test_gallery_example_runs_and_offers_downloads(visit, site_url):
    page = visit("auto_examples/probability/plot_binary_entropy.html")
    assert assert_images_loaded(page) >= 1
    assert_clean(page, site_url)
    downloads = page.page.evaluate(
        "() => Array.from(document.querySelectorAll('a.download, .sphx-glr-download a')).map(a => a.href)")
    for ending in (".py", ".ipynb", ".zip"):
        assert any(href.endswith(ending) for href in downloads), f"no {ending} download link"
    script = (ROOT / "gallery" / "probability" / "plot_binary_entropy.py").read_text(encoding="utf-8")
    for href in downloads:
        response = page.page.request.get(href)
        assert response.ok and len(response.body()) > 0, href
        if href.endswith("plot_binary_entropy.py"):
            assert response.text() == script
        if href.endswith(".ipynb"):
            notebook = nbformat.reads(response.text(), as_version=4)
            nbformat.validate(notebook)
            # The first code cell tells the reader how to install the package.
            first_code = next(cell for cell in notebook.cells if cell.cell_type == "code")
            assert "pip install" in first_code.source and "import mlequations" in first_code.source
    # The printed output of the script is on the page.
    assert "bits / nats" in page.page.inner_text(".sphx-glr-script-out")


def test_errata_page_shows_computed_verdicts(visit, site_url):
    page = visit("errata.html")
    assert_clean(page, site_url)
    verdicts = claims.verify_claims()
    assert page.page.locator("table.errata-table tbody tr").count() == len(verdicts)
    for verdict in verdicts:
        cells = page.page.locator(f"#claim-{verdict.id} td").all_inner_texts()
        assert [cell.strip() for cell in cells] == [verdict.id, verdict.chapter, verdict.claimed,
                                                    verdict.recomputed_with, verdict.true_value,
                                                    verdict.verdict, verdict.cause]
    # The fixed points of the foundation: the two entropy claims, recomputed.
    assert page.page.locator("#claim-entropy-fair-coin td.verdict-correct").count() == 1
    assert page.page.locator("#claim-entropy-biased-coin td.verdict-wrong").count() == 1


def test_home_page_cites_the_guide_and_links_every_section(visit, site_url):
    page = visit("index.html")
    assert_clean(page, site_url)
    text = page.page.inner_text("article")
    assert "published 2025-05-30" in text and "read on 2026-11-24" in text
    hrefs = page.page.evaluate("() => Array.from(document.querySelectorAll('article a')).map(a => a.href)")
    for target in ("notation.html", "chapters/probability.html", "auto_examples/index.html", "api.html",
                   "errata.html"):
        assert any(href.endswith(target) for href in hrefs), target
