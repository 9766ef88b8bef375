"""Shared test configuration: hypothesis profiles and paths."""

import functools
import http.server
import os
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
# The site's own Sphinx extensions, importable by the tests as docs/conf.py makes them importable by Sphinx.
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

# `make test` runs a derandomised profile, so a property test gives the same verdict on every run; the example
# database is not written into the repository.
settings.register_profile("default", derandomize=True, max_examples=100, deadline=None, database=None)
# `make test-deep` selects a deeper profile: at least 200 examples per property and no deadline, still
# derandomised (so its verdict repeats too) and without an example database.
settings.register_profile("deep", derandomize=True, max_examples=250, deadline=None, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# -- the built site on localhost, and Debian's Chromium: shared by the browser and the download tests -------------

SITE = ROOT / "build" / "html"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Flags that keep Chromium from reaching out to Google's services on start-up, which a closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions", "--metrics-recording-only"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url():
    """build/html served on localhost, as the published site would serve it (the address has no trailing /)."""
    if not (SITE / "index.html").exists():
        pytest.fail(f"{SITE} has no index.html: run `make html` first (make test does).")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright; never a browser that Playwright downloads."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install -y chromium) "
                    "or set CHROMIUM to its path.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
