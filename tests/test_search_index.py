"""The site search's extension (docs/_ext/search_index.py), on a small Sphinx project built here.

An equation section of a chapter becomes index entries that link to it (under its heading, under its label read
as words) and the chapter one under its title; the entries outlive an incremental build; sphinx-gallery's
run-time tables leave the search index; the text a snippet is cut from is prose. The same reading of a page
(``prose_text``) and the same patterns of raw markup (``RAW_MARKUP``) check the built site in
tests/test_site_search.py.
"""

import html.parser
import io
import json
import os
import re

import pytest

sphinx_application = pytest.importorskip("sphinx.application")
from sphinx.util.docutils import docutils_namespace  # noqa: E402

import search_index  # noqa: E402  (docs/_ext: on the path from tests/conftest.py)

# Source that a reader must never meet in a snippet: MyST directive options and fences, roles, LaTeX.
RAW_MARKUP = {
    "directive option": re.compile(r"(^|\s):[a-z][a-z-]*:(\s|$)"),
    "fence": re.compile(r"```|:::"),
    "role": re.compile(r"\{[a-z][\w:-]*\}`|:[a-z][\w:-]*:`"),
    "display math": re.compile(r"\$\$"),
    "inline math": re.compile(r"\$[^$\s][^$]*\$"),
    "LaTeX delimiter": re.compile(r"\\[()\[\]]"),
    "LaTeX command": re.compile(r"\\[a-zA-Z]{2,}"),
}


def raw_markup(text):
    """The kinds of raw markup in `text`, each with its first match."""
    return {kind: pattern.search(text).group() for kind, pattern in RAW_MARKUP.items() if pattern.search(text)}


class _Prose(html.parser.HTMLParser):
    """The text of a page's main part (role="main") outside the elements that search_index.NOT_PROSE leaves out,
    as the search page's snippets read it."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        in_main = attrs.get("role") == "main" or bool(self.stack and self.stack[-1][0])
        skipped = bool(self.stack and self.stack[-1][1]) or any(
            tag == skip_tag and (skip_class is None or skip_class in classes)
            for skip_tag, skip_class in search_index.NOT_PROSE)
        self.stack.append((in_main, skipped, tag))

    def handle_endtag(self, tag):
        # Up to the element that `tag` closes: an element left open inside it (a <p> before a <div>) closes too.
        opened = [entry[2] for entry in self.stack]
        if tag in opened:
            del self.stack[len(opened) - 1 - opened[::-1].index(tag):]

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] and not self.stack[-1][1]:
            self.text.append(data)


def prose_text(page_html):
    parser = _Prose()
    parser.feed(page_html)
    return re.sub(r"\s+", " ", " ".join(parser.text)).strip()


def search_data(outdir):
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


CHAPTER = r"""# Demo chapter

(kl_divergence)=
## Kullback-Leibler divergence

How far one distribution is from another.

$$
D(p \| q) = \sum_i p_i \log \frac{p_i}{q_i}
$$

```python
ax.set(xlabel=r"$\theta_t$")
```

(softmax)=
## Softmax

It turns scores into probabilities.
"""

PAGES = {
    "chapters/demo": CHAPTER,
    "sg_execution_times": "# Computation times\n\nA table of times.\n",
    "notes": "# Notes\n\nA page about times.\n",
}


def build(tmp_path, pages):
    """Build `pages` ({docname: MyST}) with the extension, warnings as errors; return the output folder."""
    source = tmp_path / "source"
    (source / "chapters").mkdir(parents=True)
    (source / "conf.py").write_text('extensions = ["myst_parser", "search_index"]\n'
                                    'myst_enable_extensions = ["dollarmath"]\n')
    (source / "index.md").write_text("# Home\n\n```{toctree}\n" + "\n".join(pages) + "\n```\n")
    for name, text in pages.items():
        (source / f"{name}.md").write_text(text)
    return rebuild(tmp_path)


def rebuild(tmp_path):
    """Build the project in `tmp_path` again, as `make html` does: only what changed is read and written."""
    warnings = io.StringIO()
    with docutils_namespace():  # each build registers its nodes and roles afresh, as a separate run would
        app = sphinx_application.Sphinx(str(tmp_path / "source"), str(tmp_path / "source"), str(tmp_path / "html"),
                                        str(tmp_path / "doctrees"), "html", status=None, warning=warnings,
                                        warningiserror=True)
        app.build()
    assert warnings.getvalue() == ""
    return tmp_path / "html"


def entries(outdir):
    """{index entry: [(docname, anchor)]} of the built search index."""
    data = search_data(outdir)
    return {entry: sorted((data["docnames"][page], anchor) for page, anchor, _ in places)
            for entry, places in data["indexentries"].items()}


def test_equation_sections_and_chapters_are_index_entries_linking_to_them(tmp_path):
    found = entries(build(tmp_path, PAGES))
    assert found["kullback-leibler divergence"] == [("chapters/demo", "kl-divergence")]
    assert found["kl divergence"] == [("chapters/demo", "kl-divergence")]
    assert found["softmax"] == [("chapters/demo", "softmax")]
    assert found["demo chapter"] == [("chapters/demo", "")]  # the page itself, not its heading
    assert found["demo"] == [("chapters/demo", "")]  # the chapter's subject: its page's name
    assert set(found) == {"kullback-leibler divergence", "kl divergence", "softmax", "demo chapter", "demo"}


def test_index_entries_outlive_an_incremental_build(tmp_path):
    before = entries(build(tmp_path, PAGES))
    notes = tmp_path / "source" / "notes.md"
    notes.write_text("# Notes\n\nA page about times, rewritten.\n")
    os.utime(notes, (notes.stat().st_atime, notes.stat().st_mtime + 10))  # seen as changed, even within a second
    after = entries(rebuild(tmp_path))
    assert after == before


def test_run_time_tables_are_left_out_of_the_search_index(tmp_path):
    data = search_data(build(tmp_path, PAGES))
    assert "notes" in data["docnames"]
    assert [page for page in data["docnames"] if search_index.is_run_times(page)] == []
    assert all("Computation times" not in title for title in data["alltitles"])


def test_a_snippet_is_cut_from_the_prose_only(tmp_path):
    page = (build(tmp_path, PAGES) / "chapters" / "demo.html").read_text(encoding="utf-8")
    text = prose_text(page)
    assert "It turns scores into probabilities." in text
    assert "Kullback-Leibler divergence" not in text  # a heading: the result's title names it
    assert raw_markup(text) == {}
    assert "ax.set" not in text


@pytest.mark.parametrize("text, kind", [(":width: 90%", "directive option"), ("```{figure}", "fence"),
                                        ("see {doc}`notation`", "role"), ("$$x$$", "display math"),
                                        (r"\(\theta_t\)", "LaTeX delimiter"), (r"label $\theta$", "inline math")])
def test_raw_markup_is_recognised(text, kind):
    assert kind in raw_markup(text)


@pytest.mark.parametrize("text", ["The rate η sets the step: 0.5 of the gradient.", "Ratio: 2.38x torch, on a 1:2 grid",
                                  "softmax(z) = exp(z)/∑exp(z) for z ∈ ℝⁿ", "D_KL(p∥q) ≥ 0, H(p) in bits"])
def test_prose_is_not_taken_for_markup(text):
    assert raw_markup(text) == {}
