"""The site's extensions that write computed content into pages: the ``{quantity}`` and ``{verdict}`` roles, and
the exercises page's ``exercise-list``.

Each test builds a small Sphinx project with the site's own extensions (docs/_ext), so it runs without the full
site; an unknown name must stop the build, as it would stop ``make html``, which treats warnings as errors.
"""

import io
import re

import pytest

from mlequations import claims

sphinx_application = pytest.importorskip("sphinx.application")
from sphinx.util.docutils import docutils_namespace  # noqa: E402

import quantities  # noqa: E402  (docs/_ext: on the path from tests/conftest.py)


def build(tmp_path, body, pages=None, page="index"):
    """Build a page whose body is `body` (MyST), beside the errata page and any `pages` ({name: text}), with
    warnings as errors, as `make html` does; return the HTML of `page`, or raise RuntimeError with the warnings
    when the build fails."""
    source = tmp_path / "source"
    source.mkdir(exist_ok=True)
    (source / "conf.py").write_text('extensions = ["myst_parser", "sphinx_design", "quantities", "errata", '
                                    '"exercise_list"]\nmyst_enable_extensions = ["colon_fence", "dollarmath"]\n')
    pages = {"errata": "# Errata\n\n```{errata-table}\n```\n", **(pages or {})}
    (source / "index.md").write_text(f"# Page\n\n{body}\n\n```{{toctree}}\n" + "\n".join(pages) + "\n```\n")
    for name, text in pages.items():
        (source / f"{name}.md").write_text(text)
    warnings = io.StringIO()
    with docutils_namespace():  # each build registers its nodes and roles afresh, as a separate run would
        app = sphinx_application.Sphinx(str(source), str(source), str(tmp_path / "html"), str(tmp_path / "doctrees"),
                                         "html", warningiserror=True, status=None, warning=warnings, freshenv=True)
        app.build()
    if app.statuscode:
        raise RuntimeError(warnings.getvalue())
    return (tmp_path / "html" / f"{page}.html").read_text(encoding="utf-8")


def test_a_quantity_prints_what_its_function_computes(tmp_path):
    html = build(tmp_path, "The tolerance is {quantity}`errata-float64-rtol`.")
    assert f'<span class="computed-quantity">{claims.FLOAT64_RTOL:g}</span>' in html


def test_an_unknown_quantity_stops_the_build(tmp_path):
    with pytest.raises(RuntimeError, match="Unknown quantity 'no-such-number'"):
        build(tmp_path, "The number {quantity}`no-such-number`.")


def test_every_registered_quantity_computes_a_string():
    for name in quantities.registry():
        assert isinstance(quantities.value(name), str) and quantities.value(name), name


def test_a_quantity_name_is_registered_once():
    with pytest.raises(ValueError, match="defined twice"):
        quantities.quantity("errata-float64-rtol")(lambda: "0")


def test_a_verdict_is_the_ledgers_and_links_the_claims_errata_row(tmp_path):
    verdicts = {v.id: v.verdict for v in claims.verify_claims()}
    html = build(tmp_path, "\n\n".join(f"Claim {claim}: {{verdict}}`{claim}`." for claim in verdicts))
    anchors = re.findall(r'<a class="[^"]*\bverdict\b[^"]*" href="([^"]*)">([^<]*)</a>', html)
    assert anchors == [(f"errata.html#claim-{claim}", verdict) for claim, verdict in verdicts.items()]


def test_an_unknown_claim_stops_the_build(tmp_path):
    with pytest.raises(RuntimeError, match="Unknown claim 'no-such-claim'"):
        build(tmp_path, "The guide's value is {verdict}`no-such-claim`.")


CHAPTER = """# A chapter

(entropy)=
## Entropy

```{figure} figure.png
A figure, which keeps no number: only exercises are numbered.
```

### Exercises

:::{exercise} ★ Entropy in bits
:label: ex-entropy-bits

Compute it.

````{dropdown} Solution
It is one bit.
````
:::

:::{exercise} ★★★ A hard one
:label: ex-entropy-hard

Prove it.
:::

(kl_divergence)=
## KL divergence

### Exercises

:::{exercise} ★★ Its direction
:label: ex-kl-direction

Which way?
:::
"""


# sphinx-exercise 1.2.1 reads a transform's `app`, which Sphinx 9 deprecates: a warning of theirs, not of the site.
@pytest.mark.filterwarnings("ignore:'sphinx_exercise.*is deprecated")
def test_the_exercises_page_lists_every_exercise_with_its_section_and_difficulty(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "figure.png").write_bytes(b"")  # the figure of CHAPTER
    # A second chapter: its exercises are numbered from 1 again.
    second = "# Another chapter\n\n(softmax)=\n## Softmax\n\n### Exercises\n\n:::{exercise} ★ A first one\n" \
             ":label: ex-softmax-first\n\nTry it.\n:::\n"
    html = build(tmp_path, "", {"chapter": CHAPTER, "second": second,
                                "exercises": "# Exercises\n\n```{exercise-list}\n```\n"}, page="exercises")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "4 exercises in 2 chapters." in text
    assert ("second.html#ex-softmax-first", "Exercise 1: A first one") in re.findall(
        r'<a class="reference external" href="([^"]+)">([^<]+)</a>', html)
    rows = re.findall(r'<a class="reference external" href="([^"]+)">([^<]+)</a>', html)
    assert rows[:6] == [("chapter.html#ex-entropy-bits", "Exercise 1: Entropy in bits"),
                        ("chapter.html#entropy", "Entropy"),
                        ("chapter.html#ex-entropy-hard", "Exercise 2: A hard one"),
                        ("chapter.html#entropy", "Entropy"),
                        ("chapter.html#ex-kl-direction", "Exercise 3: Its direction"),
                        ("chapter.html#kl-divergence", "KL divergence")]
    assert "★ (1 of 3)" in text and "★★★ (3 of 3)" in text and "★★ (2 of 3)" in text
    chapter = (tmp_path / "html" / "chapter.html").read_text(encoding="utf-8")
    assert "Exercise 1" in chapter and "Fig. " not in chapter
    ids = re.findall(r' id="([^"]+)"', chapter)
    assert len(ids) == len(set(ids)) and 'id="ex-entropy-bits-content"' in chapter
