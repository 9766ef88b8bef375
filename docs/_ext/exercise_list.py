"""The ``exercise-list`` directive: every exercise of the chapters, by chapter, with its section, difficulty and link.

Generated from the ``{exercise}`` directives themselves (sphinx-exercise), so the list can neither miss an
exercise nor keep one that is gone. An exercise's difficulty is the number of stars (★) that begin its title, one
to three; the section is the equation section that holds it. Exercises are numbered page by page, so the list's
"Exercise 3" is the third of its chapter.
"""

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx_exercise.nodes import exercise_enumerable_node, exercise_subtitle

STAR = "★"


class exercise_list(nodes.General, nodes.Element):
    """Where the list goes; filled in once every page has been read."""


class ExerciseList(SphinxDirective):
    has_content = False

    def run(self):
        self.env.__dict__.setdefault("mlequations_list_pages", set()).add(self.env.docname)
        return [exercise_list()]


def difficulty(title):
    """The number of stars that begin `title`."""
    return len(title) - len(title.lstrip(STAR))


def _record_sections(app, doctree):
    """Note, for each exercise of a page, its title and the equation section that holds it: the page's second
    level of sections (its ``##`` headings), whatever headings lie between."""
    sections = app.env.__dict__.setdefault("mlequations_exercises", {})
    for node in doctree.findall(exercise_enumerable_node):
        chain, parent = [], node.parent
        while parent is not None:
            if isinstance(parent, nodes.section):
                chain.append(parent)
            parent = parent.parent
        section = chain[-2] if len(chain) >= 2 else None  # chain[-1] is the page's title section
        subtitle = next(iter(node.findall(exercise_subtitle)), None)
        sections[node["label"]] = {
            "docname": app.env.docname,
            "title": subtitle.astext().strip("() ") if subtitle is not None else "",
            "section": section[0].astext() if section is not None else "",
            "section_id": section["ids"][0] if section is not None else "",  # a label's id comes first
        }


def _purge(app, env, docname):
    exercises = env.__dict__.get("mlequations_exercises", {})
    for label in [label for label, entry in exercises.items() if entry["docname"] == docname]:
        del exercises[label]


def _merge(app, env, docnames, other):
    env.__dict__.setdefault("mlequations_exercises", {}).update(other.__dict__.get("mlequations_exercises", {}))


def _chapter_order(env):
    """The documents in the order of the site's table of contents."""
    order = []

    def walk(docname):
        for child in env.toctree_includes.get(docname, []):
            if child not in order:
                order.append(child)
                walk(child)
    walk(env.config.root_doc)
    return {docname: i for i, docname in enumerate(order)}


def _fill(app, doctree, docname):
    env = app.env
    for placeholder in list(doctree.findall(exercise_list)):
        exercises = env.__dict__.get("mlequations_exercises", {})
        order = _chapter_order(env)
        content = []
        by_chapter = {}
        for label, entry in exercises.items():
            by_chapter.setdefault(entry["docname"], []).append(label)
        numbers = {}  # each chapter's numbering, worked out once per chapter
        for chapter in by_chapter:
            numbers.update(_page_numbers(env, chapter))
        for chapter in sorted(by_chapter, key=lambda d: order.get(d, len(order))):
            labels = sorted(by_chapter[chapter], key=lambda label: numbers.get(label) or ())
            chapter_uri = app.builder.get_relative_uri(docname, chapter)
            heading = nodes.paragraph(classes=["exercise-list-chapter"])
            heading += nodes.strong(text=env.titles[chapter].astext())
            heading += nodes.Text(f": {len(labels)} exercises")
            table = nodes.table(classes=["exercise-list"])
            group = nodes.tgroup(cols=3)
            table += group
            group.extend(nodes.colspec(colwidth=width) for width in (6, 3, 2))
            head = nodes.thead()
            head += nodes.row("", *(nodes.entry("", nodes.paragraph(text=text))
                                    for text in ("Exercise", "Section", "Difficulty")))
            body = nodes.tbody()
            for label in labels:
                entry = exercises[label]
                number = ".".join(map(str, numbers.get(label) or ()))
                stars = difficulty(entry["title"])
                link = nodes.paragraph()
                link += nodes.reference("", f"Exercise {number}: {entry['title'].lstrip(STAR).strip()}",
                                        refuri=f"{chapter_uri}#{label}")
                section = nodes.paragraph()
                section += nodes.reference("", entry["section"], refuri=f"{chapter_uri}#{entry['section_id']}")
                level = nodes.paragraph(text=f"{STAR * stars} ({stars} of 3)")
                body += nodes.row("", *(nodes.entry("", cell) for cell in (link, section, level)))
            group += head
            group += body
            content += [heading, table]
        total = sum(len(labels) for labels in by_chapter.values())
        summary = nodes.paragraph(text=f"{total} exercises in {len(by_chapter)} chapters.")
        placeholder.replace_self([summary, *content])


def _list_is_outdated(app, env, added, changed, removed):
    """The list's page is rewritten whenever a page was added, changed or removed: its exercises may have."""
    pages = [docname for docname in env.found_docs if docname in env.__dict__.get("mlequations_list_pages", ())]
    return pages if added or changed or removed else []


def _page_numbers(env, docname):
    """The exercises of page `docname` numbered 1, 2, ... in the page's order. sphinx-exercise numbers them across
    the whole site (the fifth chapter's first exercise would be "Exercise 23")."""
    numbers = env.toc_fignumbers.get(docname, {}).get("exercise", {})
    return {label: (i,) for i, label in enumerate(sorted(numbers, key=numbers.get), start=1)}


def _unique_content_ids(app, doctree, docname):
    """sphinx-exercise gives every exercise's body the id "exercise-content": one id per page is valid HTML, so
    each body takes its exercise's label instead ("ex-entropy-bits-content")."""
    for node in doctree.findall(exercise_enumerable_node):
        for body in node.findall(nodes.section):
            if body["ids"] == ["exercise-content"]:
                body["ids"] = [f"{node['label']}-content"]


def _number_exercises_only(app, doctree, docname):
    """Before a page is written: number its exercises from 1, and drop numfig's other numbers. sphinx-exercise
    switches numfig on for the whole site, which would number every figure, table and code block across all pages
    ("Fig. 22" on the fifth chapter)."""
    numbers = app.env.toc_fignumbers.get(docname, {})
    if "exercise" in numbers:
        numbers["exercise"] = _page_numbers(app.env, docname)
    for kind in [kind for kind in numbers if kind != "exercise"]:
        del numbers[kind]


def setup(app):
    app.setup_extension("sphinx_exercise")
    app.add_node(exercise_list)
    app.add_directive("exercise-list", ExerciseList)
    app.connect("doctree-read", _record_sections)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _list_is_outdated)
    app.connect("doctree-resolved", _number_exercises_only)
    app.connect("doctree-resolved", _unique_content_ids)
    app.connect("doctree-resolved", _fill)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
