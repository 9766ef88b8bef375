"""The site's navigation: the on-page contents of a chapter lists its equation sections only.

A chapter is one page of equation sections (``##``), each with the same subsections (``### The equation``,
``### What it means``, ...). Listed in the right-hand "On this page" contents, those subsections repeat under
every equation and bury the equations (about 70 entries on the probability page). For the chapter pages this
extension cuts the page's table of contents, which the theme draws from Sphinx's ``toc`` (its
``generate_toc_html``), after the equation sections. The subsections keep their anchors; only the list is shorter.

The left sidebar (the guide's five parts and the reference pages) and the navbar are templates:
``docs/_templates/sidebar-parts.html`` and ``docs/_templates/navbar-reference.html``.
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


def _chapter_contents_to_equations(app, pagename, templatename, context, doctree):
    if pagename.startswith(CHAPTER_PREFIX) and context.get("toc"):
        context["toc"] = cut_toc(context["toc"])


def setup(app):
    app.connect("html-page-context", _chapter_contents_to_equations)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
