"""The errata table's links back to the chapters (docs/_ext/errata.py), on small sites built with the extension.

Every claim row of the table must either link to a section that exists in the built pages, the one that holds the
claim's ``{verdict}`` role, or say "not in a chapter yet" and link nowhere. The sites are built as ``make html`` builds: warnings
are errors, and a second build reuses the first one's environment, in one process or in several.
"""

import html.parser
import io

import pytest

from mlequations import claims

sphinx_application = pytest.importorskip("sphinx.application")
from sphinx.util.docutils import docutils_namespace  # noqa: E402

import errata  # noqa: E402  (docs/_ext: on the path from tests/conftest.py)

CLAIMS = [verdict.id for verdict in claims.verify_claims()]

CHAPTER = """# Chapter {n}

## Kullback-Leibler divergence

Some words.

### The guide's worked example

The guide's value is {{verdict}}`kl-divergence`.

## Entropy

### The guide's worked examples

Nothing stated here: no verdict role, so the errata links neither coin claim here.
"""

SOFTMAX = """# Softmax

## The softmax

### The guide's worked example

Its verdict is {verdict}`softmax`, and again {verdict}`softmax`.

## Elsewhere

The same claim a second time, further down: {verdict}`softmax`.
"""


def build(tmp_path, pages, *, fresh=True, parallel=0):
    """Build `pages` ({docname: MyST text}) beside an errata page, with warnings as errors; a build with
    ``fresh=False`` reads only what changed since the last build in `tmp_path`."""
    source = tmp_path / "source"
    source.mkdir(parents=True, exist_ok=True)
    (source / "conf.py").write_text('extensions = ["myst_parser", "errata"]\n')
    pages = {"errata": "# Errata\n\n```{errata-table}\n```\n", **pages}
    (source / "index.md").write_text("# Site\n\n```{toctree}\n" + "\n".join(pages) + "\n```\n")
    for path in source.rglob("*.md"):
        if path.stem != "index" and path.relative_to(source).with_suffix("").as_posix() not in pages:
            path.unlink()
    for name, text in pages.items():
        (source / f"{name}.md").parent.mkdir(parents=True, exist_ok=True)
        if not (source / f"{name}.md").exists() or (source / f"{name}.md").read_text() != text:
            (source / f"{name}.md").write_text(text)
    warnings = io.StringIO()
    with docutils_namespace():
        app = sphinx_application.Sphinx(str(source), str(source), str(tmp_path / "html"), str(tmp_path / "doctrees"),
                                         "html", warningiserror=True, status=None, warning=warnings,
                                         freshenv=fresh, parallel=parallel)
        app.build()
    if app.statuscode:
        raise RuntimeError(warnings.getvalue())
    return tmp_path / "html"


class _Page(html.parser.HTMLParser):
    """The ids of a page; for the errata page, each claim row's section link (or None) and whether it carries
    the "not in a chapter yet" marker; for a chapter, each verdict link's claim and innermost section, in order."""

    def __init__(self, text):
        super().__init__()
        self.ids, self.rows, self.open_ids, self.verdicts = set(), {}, [], []
        self._row, self._marker = None, False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "section":
            self.open_ids.append(attrs.get("id"))
        if tag == "tr" and (attrs.get("id") or "").startswith("claim-"):
            self._row = attrs["id"].removeprefix("claim-")
            self.rows[self._row] = {"href": None, "marker": False}
        if self._row and tag == "a" and "errata-section-link" in classes:
            self.rows[self._row]["href"] = attrs["href"]
        if self._row and "errata-no-section" in classes:
            self._marker = True
        if tag == "a" and "verdict" in classes:
            self.verdicts.append((attrs["href"].partition("#claim-")[2], self.open_ids[-1]))

    def handle_data(self, data):
        if self._marker:
            self.rows[self._row]["marker"] = data == errata.NOT_IN_A_CHAPTER
            self._marker = False

    def handle_endtag(self, tag):
        if tag == "section":
            self.open_ids.pop()
        if tag == "tr":
            self._row = None


def errata_rows(site):
    """{claim: (target page relative to the site, anchor) or "not in a chapter yet"}, each link checked: its page
    was built and holds an element with its anchor as id."""
    rows = _Page((site / "errata.html").read_text(encoding="utf-8")).rows
    assert sorted(rows) == sorted(CLAIMS), "the table has a row for each claim of the ledger"
    result = {}
    for claim, row in rows.items():
        assert (row["href"] is None) == row["marker"], f"{claim}: a link and the marker, or neither"
        if row["href"] is None:
            result[claim] = errata.NOT_IN_A_CHAPTER
            continue
        page, _, anchor = row["href"].partition("#")
        assert (site / page).is_file(), f"{claim}: {page} was not built"
        assert anchor in _Page((site / page).read_text(encoding="utf-8")).ids, f"{claim}: {page} has no #{anchor}"
        result[claim] = (page, anchor)
    return result


def first_verdicts_section(site, page, claim):
    """The id of the innermost section around the first verdict link of `claim` on `page`."""
    verdicts = _Page((site / page).read_text(encoding="utf-8")).verdicts
    return next(section for claim_, section in verdicts if claim_ == claim)


def test_a_claim_links_to_the_innermost_section_of_its_first_verdict(tmp_path):
    site = build(tmp_path, {"chapters/one": CHAPTER.format(n=1), "chapters/softmax": SOFTMAX})
    rows = errata_rows(site)
    page, anchor = rows["kl-divergence"]
    assert page == "chapters/one.html"
    # the section of the worked example, inside the KL section: the innermost section around the verdict
    assert anchor == first_verdicts_section(site, page, "kl-divergence") == "the-guide-s-worked-example"
    page, anchor = rows["softmax"]
    assert page == "chapters/softmax.html"
    assert anchor == first_verdicts_section(site, page, "softmax") == "the-guide-s-worked-example"
    # every other claim, the entropy claims of a section without a verdict role among them, says that no chapter
    # treats it, and links nowhere
    linked = {"kl-divergence", "softmax"}
    assert {claim for claim, row in rows.items() if row == errata.NOT_IN_A_CHAPTER} == set(CLAIMS) - linked


def test_a_verdict_in_a_chapter_is_preferred_to_one_on_another_page(tmp_path):
    other = "# Notes\n\n## A note\n\nIt is {verdict}`kl-divergence`.\n"
    site = build(tmp_path, {"aaa_notes": other, "chapters/one": CHAPTER.format(n=1)})
    assert errata_rows(site)["kl-divergence"][0] == "chapters/one.html"
    site = build(tmp_path, {"aaa_notes": other}, fresh=False)
    assert errata_rows(site)["kl-divergence"][0] == "aaa_notes.html"


def test_the_links_follow_the_chapters_across_incremental_builds(tmp_path):
    site = build(tmp_path, {"chapters/one": CHAPTER.format(n=1), "chapters/softmax": SOFTMAX})
    assert errata_rows(site)["softmax"][0] == "chapters/softmax.html"
    # the chapter is edited (its verdict removed) and only it is read again: the errata page must follow
    site = build(tmp_path, {"chapters/one": CHAPTER.format(n=1),
                            "chapters/softmax": SOFTMAX.replace("{verdict}`softmax`", "correct")}, fresh=False)
    assert errata_rows(site)["softmax"] == errata.NOT_IN_A_CHAPTER
    # the verdict moves to another chapter, the first is deleted
    moved = CHAPTER.format(n=1) + "\n## Softmax again\n\nIt is {verdict}`softmax`.\n"
    site = build(tmp_path, {"chapters/one": moved}, fresh=False)
    assert errata_rows(site)["softmax"] == ("chapters/one.html", "softmax-again")
    assert errata_rows(site)["kl-divergence"][0] == "chapters/one.html"


def test_a_parallel_build_links_as_a_serial_one(tmp_path):
    # enough pages that Sphinx reads them in several processes, whose records are merged
    pages = {f"chapters/c{n}": CHAPTER.format(n=n).replace("kl-divergence", claim)
             for n, claim in enumerate(["kl-divergence", "softmax", "bayes-theorem", "cross-entropy",
                                        "gradient-descent", "mean-squared-error", "convolution-output-shape"])}
    serial = errata_rows(build(tmp_path / "serial", pages))
    parallel = errata_rows(build(tmp_path / "parallel", pages, parallel=2))
    assert parallel == serial
    assert serial["gradient-descent"][0] == "chapters/c4.html"
    assert sum(row != errata.NOT_IN_A_CHAPTER for row in serial.values()) == 7  # one verdict per page
