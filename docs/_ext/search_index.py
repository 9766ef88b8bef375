"""The site search: an equation's name leads to its section, snippets are prose, run-time tables are left out.

Sphinx 9's search page (``searchtools.js``) matches a query against the site's index entries before its titles
and words: an entry that the query covers (the query is at least half the entry) scores 100 times the share it
covers, far above a heading (at most 16) or a word (at most 15), and links to the entry's anchor. So each equation
section of a chapter gets index entries under its heading and under its label read as words ("kl_divergence"
gives "kl divergence"), and each chapter one under its title and its subject (the page's name), unless a section
already has that name (a chapter titled as its first section). The entries also fill the general index.

A result's snippet is cut by the search page from the text of the HTML page, or of the section it links to, not
from ``_sources``. That text holds code (the gallery's Matplotlib labels in LaTeX), doctests and the MathML of
displayed equations; ``_static/search_results.js`` cuts the snippet from the prose only, leaving out the elements
of ``NOT_PROSE``, and titles an index hit by its section. The two are joined on the search page alone.

sphinx-gallery writes a table of run times for the site and for each gallery folder (``sg_execution_times``):
they stay pages, but leave the search index, so that "time" finds the benchmarks rather than ten tables.
"""

import json
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.search import js_index
from sphinx.transforms import SphinxTransform

CHAPTERS = "chapters/"
RUN_TIMES = "sg_execution_times"

# The elements a snippet leaves out, as (tag, class); None stands for any class. Code blocks and doctests (div
# .highlight holds the pre), gallery output, displayed equations (their MathML reads as a jumble of symbols),
# headings (the result's title names the page or section; inside it they would run into the sentences), the
# equations' "checked against the code" marks, the gallery's download boxes and run time, and what
# searchtools.js leaves out itself.
NOT_PROSE = (
    ("pre", None), ("div", "highlight"), ("div", "math"),
    *((f"h{level}", None) for level in range(1, 7)), ("p", "eq-checked"),
    ("div", "sphx-glr-download-link-note"), ("div", "sphx-glr-footer"), ("p", "sphx-glr-timing"),
    ("p", "sphx-glr-signature"), ("a", "headerlink"), ("script", None), ("style", None),
)


def is_run_times(docname):
    """Whether `docname` is one of sphinx-gallery's tables of run times."""
    return docname.rsplit("/", 1)[-1] == RUN_TIMES


def names(section, document):
    """The heading of `section` and its labels (its explicit names) read as words: "kl_divergence" gives
    "kl divergence"; a label that reads as the heading is left out."""
    title = section.next_node(nodes.title).astext()
    labels = {name.replace("_", " ") for name in section["names"] if document.nametypes.get(name)}
    return {title} | {label for label in labels if label != title.lower()}


def lower_case(*name_sets):
    """Every name of `name_sets`, lower-cased, as the search matches them."""
    return {name.lower() for name_set in name_sets for name in name_set}


def index_entries(entry_names, anchor):
    """An index node for `entry_names`, each a main entry linking to `anchor` (the page itself if empty)."""
    return addnodes.index(entries=[("single", name, anchor, "main", None) for name in sorted(entry_names)])


class EquationIndexEntries(SphinxTransform):
    """Index entries for each equation section of a chapter (its heading, its label) and for the chapter."""

    default_priority = 800  # before SphinxDomains (850) hands the index entries to the general index

    def apply(self, **kwargs):
        if not self.env.docname.startswith(CHAPTERS):
            return
        chapter = self.document.next_node(nodes.section)
        if chapter is None:
            return
        sections = [child for child in chapter.children if isinstance(child, nodes.section) and child["ids"]]
        section_names = [names(section, self.document) for section in sections]
        # The chapter's entry links to the page, not to its heading, so that it is one result with the page.
        # It is named by its title and its subject, the page's name ("probability" for the chapter "Probability
        # and information theory").
        subject = self.env.docname.removeprefix(CHAPTERS).replace("_", " ")
        chapter_names = names(chapter, self.document)
        chapter_names |= {subject} - lower_case(chapter_names)
        chapter_names = {name for name in chapter_names if name.lower() not in lower_case(*section_names)}
        for section, entry_names, anchor in [(chapter, chapter_names, ""),
                                             *((s, n, s["ids"][0]) for s, n in zip(sections, section_names))]:
            if entry_names:
                section.insert(1, index_entries(entry_names, anchor))


def restore_index_entries(app, indexer):
    """Put back the index entries of the pages that this build did not write.

    On an incremental build, Sphinx 9.0 reloads the previous search index for the pages it does not write again,
    but IndexBuilder.load() reads back everything except the index entries: without this, a build that rewrites
    one chapter would drop the equation names of all the others. They are read from that previous index, still
    on disk here, into the builder's table of entries, for the pages it holds none for.
    """
    try:
        with open(Path(app.outdir, app.builder.searchindex_filename), encoding="utf-8") as stream:
            previous = js_index.load(stream)
    except (OSError, ValueError):
        return  # a first build: every page is written, and fed with its entries
    entries = {}
    for entry, places in previous["indexentries"].items():
        for page, anchor, main in places:
            entries.setdefault(previous["docnames"][page], []).append((entry, anchor, "main" if main else ""))
    for docname, page_entries in entries.items():
        if docname in app.env.all_docs and docname not in indexer._index_entries:
            indexer._index_entries[docname] = sorted(page_entries)


def finish_search_index(app):
    """Complete the search index and prune the run-time tables from it, just before it is written (the builder
    emits html-collect-pages before it dumps the index)."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None:
        restore_index_entries(app, indexer)
        indexer.prune({docname for docname in app.env.all_docs if not is_run_times(docname)})
    return []


def snippet_script(app, pagename, templatename, context, doctree):
    """The snippet and title rules, on the search page only; deferred, so they run after searchtools.js."""
    if pagename == "search":
        selectors = ", ".join(tag + (f".{cls}" if cls else "") for tag, cls in NOT_PROSE)
        app.add_js_file(None, body=f"const SEARCH_NOT_PROSE = {json.dumps(selectors)};")
        app.add_js_file("search_results.js", defer="defer")


def setup(app):
    app.add_transform(EquationIndexEntries)
    app.connect("html-collect-pages", finish_search_index)
    app.connect("html-page-context", snippet_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
