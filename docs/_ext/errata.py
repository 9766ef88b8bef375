"""What renders the claims ledger: the ``errata-table`` and ``guide-citation`` directives and the ``verdict`` role.

``errata-table`` lists the guide's claims with the verdicts that ``mlequations.claims.verify_claims()``
computes each time the page is read, so no verdict is ever typed into a page and nothing is written into
``docs/``. ``guide-citation`` cites the guide (title, address, publication date, date read) from the same ledger,
so the facts live in one place. A chapter that states a claim's verdict writes ``{verdict}`kl-divergence```: the
role prints the ledger's verdict ("correct", "wrong", ...) as a link to the claim's row of the errata table, so a
page and the errata cannot disagree (``tests/test_prose.py`` finds verdict words written outside the role).

Each row of the table links back to the chapter section that treats its claim: the section that holds the claim's
``{verdict}`` role (recorded per page in the environment, so incremental and parallel builds keep it). A claim
whose verdict no page states says "not in a chapter yet" instead of linking nowhere. The table's look is ``_static/errata.css``.
"""

import collections
import functools
import re
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

import mlequations
from mlequations import claims

# The verdicts depend on the ledger and on every function that recomputes a claim.
PACKAGE_FILES = sorted(Path(mlequations.__file__).parent.rglob("*.py"))

# The data columns after the claim's own cell; a claim's cause, when it has one, spans them in a row of its own.
COLUMNS = (("Guide prints", "claimed"), ("Recomputed with", "recomputed_with"), ("True value", "true_value"),
           ("Verdict", "verdict"))
LITERAL_FIELDS = ("claimed", "recomputed_with", "true_value")

# Claims whose chapter section states no {verdict}: the label of the section that treats the claim's equation.
NOT_IN_A_CHAPTER = "not in a chapter yet"
CHAPTERS = "chapters/"  # a verdict stated in a chapter is preferred to one stated on any other page


def _cell(*children, classes=(), **attributes):
    return nodes.entry("", nodes.paragraph("", "", *children), classes=list(classes), **attributes)


def _label(title):
    """The column's title inside a cell, shown only where the table is laid out as stacked rows (a phone)."""
    return nodes.inline("", f"{title}: ", classes=["errata-label"])


def _literal(text):
    """`text` as code that may break at its spaces and after an opening parenthesis that starts an argument list
    (so a long call wraps between its arguments), never inside a name or a number."""
    literal = nodes.literal()
    for i, piece in enumerate(re.split(r"(?<=\()(?=[^()])", text)):
        if i:
            literal += nodes.raw("", "<wbr>", format="html")
        literal += nodes.Text(piece)
    return literal


def verdict_class(verdict):
    return f"verdict-{verdict.replace(' ', '-')}"


class claim_link(nodes.Inline, nodes.Element):
    """A claim's id, linked to its chapter section once every page has been read (see `_resolve_claim_links`)."""


class ErrataTable(SphinxDirective):
    has_content = False

    def run(self):
        _depend_on_the_claims(self.env)
        _errata_docs(self.env).add(self.env.docname)
        verdicts = _verified()

        table = nodes.table(classes=["errata-table"])
        group = nodes.tgroup(cols=1 + len(COLUMNS))
        table += group
        group.extend(nodes.colspec(colwidth=1) for _ in range(1 + len(COLUMNS)))
        head = nodes.thead()
        head += nodes.row("", _cell(nodes.Text("Claim")), *(_cell(nodes.Text(title)) for title, _ in COLUMNS))
        body = nodes.tbody()
        for verdict in verdicts:
            row = nodes.row(ids=[f"claim-{verdict.id}"], classes=["errata-claim", verdict_class(verdict.verdict)])
            guide = nodes.inline("", f"Guide: {verdict.chapter}", classes=["errata-guide-section"])
            row += _cell(claim_link("", claim=verdict.id), guide, classes=["errata-claim-cell"],
                         morerows=1 if verdict.cause else 0)
            for title, field in COLUMNS:
                value = getattr(verdict, field)
                if field == "verdict":
                    shown = nodes.inline("", value, classes=["verdict-word"])
                elif field in LITERAL_FIELDS:
                    shown = _literal(value) if value else nodes.inline("", "nothing printed", classes=["errata-none"])
                else:
                    shown = nodes.Text(value)
                classes = ["errata-verdict", verdict_class(value)] if field == "verdict" else []
                row += _cell(_label(title), shown, classes=classes)
            body += row
            if verdict.cause:
                cause = nodes.row(classes=["errata-cause"])
                cause += _cell(nodes.inline("", "Cause: ", classes=["errata-cause-label"]), nodes.Text(verdict.cause),
                               morecols=len(COLUMNS) - 1)
                body += cause
        group += head
        group += body

        counts = collections.Counter(verdict.verdict for verdict in verdicts)
        summary = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
        return [nodes.paragraph(text=f"{len(verdicts)} claims: {summary}."), table]


def _depend_on_the_claims(env):
    """Read the current page again whenever the ledger or the package changes, so that an incremental build never
    shows a stale verdict."""
    env.note_dependency(str(claims.LEDGER_RESOURCE))
    for path in PACKAGE_FILES:
        env.note_dependency(str(path))


@functools.cache
def _verified():
    """The ledger's claims, recomputed once per build for the table and for every {verdict} role."""
    return claims.verify_claims()


@functools.cache
def _verdicts():
    return {verdict.id: verdict.verdict for verdict in _verified()}


class verdict_reference(nodes.reference):
    """A claim's verdict, linked to the claim's errata row once the page's address relative to it is known."""


def verdict_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    _depend_on_the_claims(inliner.document.settings.env)
    claim = text.strip()
    if claim not in _verdicts():
        message = inliner.reporter.error(f"Unknown claim {claim!r}: the ledger's ids are {sorted(_verdicts())}.",
                                         line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    verdict = _verdicts()[claim]
    classes = ["verdict", verdict_class(verdict)]
    return [verdict_reference(rawtext, verdict, claim=claim, classes=classes)], []


# -- where each claim is treated: recorded per page, so that a page read again or in another process keeps it ----

def _claim_sections(env):
    """{docname: {claim: (section id, section title)}}: the section around each page's first verdict of a claim."""
    if not hasattr(env, "mlequations_claim_sections"):
        env.mlequations_claim_sections = {}
    return env.mlequations_claim_sections


def _errata_docs(env):
    if not hasattr(env, "mlequations_errata_docs"):
        env.mlequations_errata_docs = set()
    return env.mlequations_errata_docs


def _record_claim_sections(app, doctree):
    found = {}
    for node in doctree.findall(verdict_reference):
        sections = [ancestor for ancestor in _ancestors(node) if isinstance(ancestor, nodes.section)]
        if sections and sections[0]["ids"] and node["claim"] not in found:
            # the titles from the page's top section down to the nearest, e.g. "Entropy › The guide's example"
            titles = [section.next_node(nodes.title).astext() for section in reversed(sections[:-1])]
            found[node["claim"]] = (sections[0]["ids"][0], " › ".join(titles or [sections[0][0].astext()]))
    if found:
        _claim_sections(app.env)[app.env.docname] = found


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def _purge(app, env, docname):
    _claim_sections(env).pop(docname, None)
    _errata_docs(env).discard(docname)


def _merge(app, env, docnames, other):
    for docname in docnames:
        if docname in _claim_sections(other):
            _claim_sections(env)[docname] = _claim_sections(other)[docname]
        if docname in _errata_docs(other):
            _errata_docs(env).add(docname)


def _errata_css(app, pagename, templatename, context, doctree):
    """The table's stylesheet, on the pages that show the table only."""
    if pagename in _errata_docs(app.env):
        app.add_css_file("errata.css")


def _rewrite_errata(app, env):
    """The table's links depend on every page's verdicts, so the errata page is written again on every build."""
    return sorted(_errata_docs(env))


def claim_target(env, claim):
    """(docname, anchor id, section title) of the chapter section that treats `claim`, or None."""
    stated = sorted((not docname.startswith(CHAPTERS), docname, where[claim])
                    for docname, where in _claim_sections(env).items() if claim in where)
    if not stated:
        return None
    _, docname, (anchor, title) = stated[0]
    return docname, anchor, title


def _resolve_claim_links(app, doctree, docname):
    for node in list(doctree.findall(claim_link)):
        claim = node["claim"]
        target = claim_target(app.env, claim)
        name = nodes.inline("", claim, classes=["errata-claim-id"])
        if target is None:
            node.replace_self([name, nodes.inline("", NOT_IN_A_CHAPTER, classes=["errata-no-section"])])
            continue
        target_doc, anchor, title = target
        uri = app.builder.get_relative_uri(docname, target_doc) + f"#{anchor}"
        page_title = app.env.titles[target_doc].astext() if target_doc in app.env.titles else target_doc
        node.replace_self(nodes.reference("", "", name, refuri=uri, internal=True, classes=["errata-section-link"],
                                          reftitle=f"{page_title} › {title}"))


def _link_verdicts(app, doctree, docname):
    for node in list(doctree.findall(verdict_reference)):
        uri = app.builder.get_relative_uri(docname, "errata") + f"#claim-{node['claim']}"
        node.replace_self(nodes.reference(node.rawsource, node.astext(), refuri=uri, classes=node["classes"]))


class GuideCitation(SphinxDirective):
    has_content = False

    def run(self):
        self.env.note_dependency(str(claims.LEDGER_RESOURCE))
        source = claims.load_ledger().source
        paragraph = nodes.paragraph()
        paragraph += nodes.Text("“")
        paragraph += nodes.reference(text=source["title"], refuri=source["url"])
        paragraph += nodes.Text(f"”, published {source['published']}, read on {source['read']}.")
        return [nodes.block_quote("", paragraph)]


def setup(app):
    app.add_directive("errata-table", ErrataTable)
    app.add_directive("guide-citation", GuideCitation)
    app.add_role("verdict", verdict_role)
    app.add_node(claim_link)
    app.connect("html-page-context", _errata_css)
    app.connect("doctree-read", _record_claim_sections)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-updated", _rewrite_errata)
    app.connect("doctree-resolved", _resolve_claim_links)
    app.connect("doctree-resolved", _link_verdicts)
    # env_version: a stored environment from before the claims' sections were recorded is read afresh.
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
