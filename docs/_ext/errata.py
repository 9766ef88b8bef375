"""What renders the claims ledger: the ``errata-table`` and ``guide-citation`` directives and the ``verdict`` role.

``errata-table`` lists the guide's claims with the verdicts that ``mlequations.claims.verify_claims()``
computes each time the page is read, so no verdict is ever typed into a page and nothing is written into
``docs/``. ``guide-citation`` cites the guide (title, address, publication date, date read) from the same ledger,
so the facts live in one place. A chapter that states a claim's verdict writes ``{verdict}`kl-divergence```: the
role prints the ledger's verdict ("correct", "wrong", ...) as a link to the claim's row of the errata table, so a
page and the errata cannot disagree (``tests/test_prose.py`` finds verdict words written outside the role).
"""

import functools
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

import mlequations
from mlequations import claims

# The verdicts depend on the ledger and on every function that recomputes a claim.
PACKAGE_FILES = sorted(Path(mlequations.__file__).parent.rglob("*.py"))

COLUMNS = (("Claim", "id"), ("Section", "chapter"), ("Guide prints", "claimed"),
           ("Recomputed with", "recomputed_with"), ("True value", "true_value"), ("Verdict", "verdict"),
           ("Cause", "cause"))


def _cell(text, *, literal=False, classes=()):
    paragraph = nodes.paragraph()
    if text:
        paragraph += nodes.literal(text=text) if literal else nodes.Text(text)
    return nodes.entry("", paragraph, classes=list(classes))


class ErrataTable(SphinxDirective):
    has_content = False

    def run(self):
        # Re-read this page whenever the ledger or the package changes, so an incremental build is never stale.
        self.env.note_dependency(str(claims.LEDGER_RESOURCE))
        for path in PACKAGE_FILES:
            self.env.note_dependency(str(path))
        verdicts = _verified()

        table = nodes.table(classes=["errata-table"])
        group = nodes.tgroup(cols=len(COLUMNS))
        table += group
        group.extend(nodes.colspec(colwidth=1) for _ in COLUMNS)
        head = nodes.thead()
        head += nodes.row("", *(_cell(title) for title, _ in COLUMNS))
        body = nodes.tbody()
        for verdict in verdicts:
            row = nodes.row(ids=[f"claim-{verdict.id}"])
            for _, field in COLUMNS:
                value = getattr(verdict, field)
                classes = [f"verdict-{value.replace(' ', '-')}"] if field == "verdict" else []
                row += _cell(value, literal=field in ("claimed", "recomputed_with", "true_value"), classes=classes)
            body += row
        group += head
        group += body

        counts = {}
        for verdict in verdicts:
            counts[verdict.verdict] = counts.get(verdict.verdict, 0) + 1
        summary = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
        return [nodes.paragraph(text=f"{len(verdicts)} claims: {summary}."), table]


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
    env = inliner.document.settings.env
    env.note_dependency(str(claims.LEDGER_RESOURCE))
    for path in PACKAGE_FILES:
        env.note_dependency(str(path))
    claim = text.strip()
    if claim not in _verdicts():
        message = inliner.reporter.error(f"Unknown claim {claim!r}: the ledger's ids are {sorted(_verdicts())}.",
                                         line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    verdict = _verdicts()[claim]
    classes = ["verdict", f"verdict-{verdict.replace(' ', '-')}"]
    return [verdict_reference(rawtext, verdict, claim=claim, classes=classes)], []


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
    app.connect("doctree-resolved", _link_verdicts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
