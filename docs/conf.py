"""Sphinx configuration for the mlequations site."""

import os
import sys
from pathlib import Path
from urllib.parse import urlparse

from docutils import nodes

import mlequations

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "mlequations"
author = "The mlequations developers"
copyright = "2026, The mlequations developers"
release = mlequations.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.doctest",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "sphinx_copybutton",
    "sphinx_design",
    "equation_cards", "page_navigation",  # the home page's cards; the navigation (docs/_ext)
    "author_year_labels",  # registers the bibliography style below, before sphinxcontrib.bibtex reads it
    "sphinxcontrib.bibtex",
    "notfound.extension",
    "svgmath",
    "errata",
    "gallery_offline",
    "provenance",
    "benchmark_page",
    "reader_downloads",
    "quantities",
    "exercise_list",  # sets up sphinx_exercise too
    "equation_marks",
    "search_index",  # equation names find their sections; prose snippets; no run-time tables
]

exclude_patterns = ["_build", "**.ipynb_checkpoints", "auto_examples/*.ipynb", "auto_examples/*.py",
                    "auto_examples/**/*.ipynb", "auto_examples/**/*.py"]
templates_path = ["_templates"]
nitpicky = True
# numpydoc's type descriptions ("array_like of float", "float, optional") are prose, not cross-references.
nitpick_ignore_regex = [
    ("py:class", r"array_like.*|optional|default=.*|of|float|int|ndarray|bool|str"),
    # No intersphinx: the build is offline. References to the reference libraries render as plain code.
    ("py:.*", r"(numpy|scipy|sklearn|torch)(\..*)?"),
]

# -- MyST ----------------------------------------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
# sphinx-exercise switches numfig on site-wide; equations keep their per-page numbers (1), (2), ... rather than
# numfig's, and docs/_ext/exercise_list.py drops numfig's numbers of figures, tables and code blocks.
math_numfig = False

# -- Sources ------------------------------------------------------------------------------------------------
# One bibliography (docs/bibliography.md) for every chapter's {cite} roles; author-year citations.
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "author_year"  # docs/_ext/author_year_labels.py
bibtex_reference_style = "author_year"


def _bibliography_is_outdated(app, env, added, changed, removed):
    """The bibliography lists what the other pages cite, so an incremental build rewrites it with any of them."""
    return ["bibliography"] if added or changed or removed else []


def _load_images_when_scrolled_to(app, doctree, docname):
    """A figure is fetched only as the reader scrolls near it (the HTML writer's loading="lazy"): a chapter's
    figures are far below its first screen."""
    for image in doctree.findall(nodes.image):
        image["loading"] = "lazy"


def setup(app):
    app.connect("env-get-outdated", _bibliography_is_outdated)
    app.connect("doctree-resolved", _load_images_when_scrolled_to)
    # After sphinx-gallery has run the examples (its builder-inited handler has the default priority, 500).
    app.connect("builder-inited", figure_check.readable_thumbnails, priority=600)

# -- API reference ---------------------------------------------------------------------------------------------
autosummary_generate = True
autodoc_typehints = "none"
numpydoc_show_class_members = False  # the autosummary class template lists the methods
numpydoc_xref_param_type = False
numpydoc_validation_checks = set()

# -- Doctests --------------------------------------------------------------------------------------------------
# Only {doctest} and {testcode}/{testoutput} blocks and the >>> examples of docstrings are run.
doctest_global_setup = "import numpy as np"
doctest_test_doctest_blocks = "default"

# -- Gallery ---------------------------------------------------------------------------------------------------
import figure_check  # noqa: E402  (docs/_ext: the gallery's check for empty axes, and its readable thumbnails)

sphinx_gallery_conf = {
    "examples_dirs": ["../gallery"],
    "gallery_dirs": ["auto_examples"],
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"__init__\.py",
    "doc_module": ("mlequations",),
    "reference_url": {"mlequations": None},
    "backreferences_dir": "generated/backreferences",
    "inspect_global_variables": False,
    "download_all_examples": True,
    "remove_config_comments": True,
    # The guide's order; "*" keeps a new subject folder in the gallery until it is placed here.
    "subsection_order": [f"../gallery/{subject}" for subject in (
        "probability", "linear_algebra", "optimization", "losses", "diffusion", "convolution", "softmax",
        "attention")] + ["*"],
    "within_subsection_order": "FileNameSortKey",
    # "first_notebook_cell" is the install line, set by docs/_ext/reader_downloads.py from html_baseurl.
    "min_reported_time": 0,
    "show_memory": False,
    "matplotlib_animations": False,
    # Matplotlib's scraper, after a check that fails the build on a figure with an empty axes (a figure made in
    # one cell and filled in a later one is saved half drawn): docs/_ext/figure_check.py.
    "image_scrapers": ("figure_check.checked_matplotlib_scraper",),
}

# -- Math ----------------------------------------------------------------------------------------------------
# Every equation is typeset to SVG at build time by docs/_ext/svgmath.py; pages load no MathJax script.
html_math_renderer = "svgmath"

# -- HTML ------------------------------------------------------------------------------------------------------
# The address the site is published at: Read the Docs says it in READTHEDOCS_CANONICAL_URL, the GitHub Pages
# workflow in MLEQUATIONS_BASEURL. A local build has none, and writes no canonical link.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL") or os.environ.get("MLEQUATIONS_BASEURL", "")
# The 404 page is served for any missing address, at any depth, so its links must be absolute: rooted at the
# path the site is published under ("/" locally and for `make serve`).
notfound_urls_prefix = urlparse(html_baseurl).path or "/"

html_theme = "pydata_sphinx_theme"
html_title = "mlequations"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_css_files = ["mlequations.css", "navigation.css"]  # home.css: docs/_ext/equation_cards.py
html_last_updated_fmt = None
html_theme_options = {
    "navigation_with_keys": False,
    # The right-hand contents of a chapter lists its equation sections only (docs/_ext/page_navigation.py).
    "show_toc_level": 1,
    # The navbar holds the reference pages, each a link of its own; the chapters are in the left sidebar.
    "navbar_center": ["navbar-reference"],
    "navbar_end": ["theme-switcher", "navbar-icon-links"],
    # The benchmarks page gives its wide tables the right-hand column too (the left holds the navigation).
    "secondary_sidebar_items": {"**": ["page-toc", "edit-this-page", "sourcelink"], "benchmarks": []},
    # build-info: the package version and the build date (docs/_ext/reader_downloads.py fills them in).
    "footer_start": ["copyright", "build-info"],
    "footer_end": ["sphinx-version"],
}
# Every page has the guide's five parts and their chapters on its left (a drawer on a phone).
html_sidebars = {"**": ["sidebar-parts"]}
# Follow the reader's system setting until they pick a mode with the switcher (an empty mode logs an error).
html_context = {"default_mode": "auto"}
