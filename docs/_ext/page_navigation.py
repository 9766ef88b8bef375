"""The site's navigation: the on-page contents of a chapter lists its equation sections only, and the sidebar's
API names break only between words.

A chapter is one page of equation sections (``##``), each with the same subsections (``### The equation``,
``### What it means``, ...). Listed in the right-hand "On this page" contents, those subsections repeat under
every equation and bury the equations (about 70 entries on the probability page). For the chapter pages this
extension cuts the page's table of contents, which the theme draws from Sphinx's ``toc`` (its
``generate_toc_html``), after the equation sections. The subsections keep their anchors; only the list is shorter.

The left sidebar (the guide's five parts and the reference pages) and the navbar are templates:
``docs/_templates/sidebar-parts.html`` and ``docs/_templates/navbar-reference.html``. On the API pages the sidebar
lists every function under "API reference", by its full name, which is wider than the sidebar; the theme then
breaks it at any letter ("singular_value_decompositi|on"). The sidebar shows the name without the package's
prefix, with a break allowed after each underscore, where a reader expects one.
"""

from bs4 import BeautifulSoup

# Pages whose contents list stops at the sections under the title, and that depth: the page title's list holds
# the sections, and a list below them is cut.
CHAPTER_PREFIX = "chapters/"
TOC_DEPTH = 2


def cut_toc(toc_html, depth=TOC_DEPTH):
    """`toc_html` (Sphinx's nested <ul> lists of a page's sections) without the lists nested deeper than `depth`."""
    soup = BeautifulSoup(toc_html, "html.parser")
    for ul in soup.find_all("ul"):
        if len(ul.find_parents("ul")) >= depth:
            ul.decompose()
    return str(soup)


PACKAGE_PREFIX = "mlequations."


def short_api_names(toctree_html):
    """`toctree_html` with each link named ``mlequations.some_name`` shown as ``some_name``, breakable after ``_``."""
    soup = BeautifulSoup(toctree_html, "html.parser")
    for link in soup.find_all("a"):
        text = link.get_text()
        if text.startswith(PACKAGE_PREFIX) and len(link.contents) == 1:
            link["title"] = text
            link.clear()
            for k, word in enumerate(text.removeprefix(PACKAGE_PREFIX).split("_")):
                if k:
                    link.append("_")
                    link.append(soup.new_tag("wbr"))
                link.append(word)
    return str(soup)


def _chapter_contents_to_equations(app, pagename, templatename, context, doctree):
    if pagename.startswith(CHAPTER_PREFIX) and context.get("toc"):
        context["toc"] = cut_toc(context["toc"])


def _sidebar_with_short_api_names(app, pagename, templatename, context, doctree):
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def generate_sidebar_with_short_names(kind, *args, **kwargs):
        html = generate(kind, *args, **kwargs)  # a string or a BeautifulSoup
        return short_api_names(str(html)) if kind == "sidebar" else html

    context["generate_toctree_html"] = generate_sidebar_with_short_names


def setup(app):
    app.connect("html-page-context", _chapter_contents_to_equations)
    # After the theme's own handler (default priority), which puts generate_toctree_html in the context.
    app.connect("html-page-context", _sidebar_with_short_api_names, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
