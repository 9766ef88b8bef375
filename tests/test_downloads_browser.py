"""The install line as a reader sees it, in headless Chromium, on a desktop and on a phone.

On the home page and the gallery index: the install block is visible and has its copy button, the wheel link
downloads the bytes whose SHA-256 the page prints, nothing widens the page, and the footer names the package
version and the build date. Screenshots go to build/screenshots/ for a person to look at.
"""

import hashlib
import re

import pytest

from mlequations import __version__

from .conftest import ROOT

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "build" / "screenshots"


PAGES = {"home": "index.html", "gallery": "auto_examples/index.html"}
WIDTHS = {"desktop": (1400, 900), "phone": (390, 844)}


@pytest.mark.parametrize("device", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_install_line_reads_and_works(browser, site_url, name, device):
    width, height = WIDTHS[device]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme="light")
    page = context.new_page()
    try:
        assert page.goto(f"{site_url}/{PAGES[name]}", wait_until="load").ok
        block = page.locator("div.mlequations-install")
        assert block.count() == 1 and block.is_visible()
        assert block.locator("pre").inner_text().strip().startswith("pip install ")
        assert block.locator("button.copybtn").count() == 1

        link = page.locator(f"a[href$='mlequations-{__version__}-py3-none-any.whl']")
        assert link.count() == 1
        response = page.request.get(link.evaluate("a => a.href"))
        assert response.ok
        shown = page.locator("code.mlequations-sha256").inner_text().replace("\n", "").strip()
        assert hashlib.sha256(response.body()).hexdigest() == shown

        # Code blocks may scroll inside themselves; the page itself must not scroll sideways.
        assert page.evaluate("() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth") == 0
        hash_box = page.locator("code.mlequations-sha256").bounding_box()
        assert hash_box["x"] + hash_box["width"] <= width

        footer = page.locator("p.mlequations-build-info").inner_text()
        assert re.fullmatch(rf"mlequations {re.escape(__version__)}, built on \d{{4}}-\d\d-\d\d\.", footer), footer

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"downloads-{name}-{width}.png"), full_page=True)
    finally:
        context.close()
