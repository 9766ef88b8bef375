"""Serve MathJax from the built site, so that equations render with no internet.

Sphinx loads MathJax from a CDN by default. This extension copies one file, MathJax 3's single-file
``tex-svg-full.js`` (fonts embedded, so it fetches nothing else), out of the pinned ``sphinx-mathjax-offline``
distribution into ``_static/mathjax/`` of the HTML output, with a licence notice beside it, and points
``mathjax_path`` at it. That distribution is deliberately not loaded as a Sphinx extension: its own setup
switches to the CHTML build, which fetches fonts, and copies all of its 24 MB.
"""

import shutil
from importlib import metadata
from pathlib import Path

from sphinx.errors import ExtensionError

DISTRIBUTION = "sphinx-mathjax-offline"
MATHJAX_FILE = "tex-svg-full.js"
NOTICE = Path(__file__).with_name("MATHJAX-NOTICE.txt")
TARGET = Path("_static") / "mathjax"


def find_mathjax():
    """Path of ``tex-svg-full.js`` inside the installed distribution."""
    try:
        files = metadata.files(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        files = []
    for file in files:
        if file.name == MATHJAX_FILE:
            return Path(file.locate())
    raise ExtensionError(
        f"{MATHJAX_FILE} not found: install the docs extra (pip install -e '.[docs]'), "
        f"which brings {DISTRIBUTION}."
    )


def copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / TARGET
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(find_mathjax(), target / MATHJAX_FILE)
    shutil.copyfile(NOTICE, target / "LICENSE-NOTICE.txt")


def point_mathjax_here(app, config):
    find_mathjax()  # fail at start-up, not after a long build
    # A relative mathjax_path is resolved against _static/ of the built site.
    config.mathjax_path = f"{TARGET.relative_to('_static').as_posix()}/{MATHJAX_FILE}"


def setup(app):
    app.connect("config-inited", point_mathjax_here)
    app.connect("build-finished", copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
