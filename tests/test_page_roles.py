"""The roles that put computed facts into a page's prose: ``{quantity}`` and ``{verdict}``.

Each test builds a one-page Sphinx project with the site's own extensions (docs/_ext), so it runs without the
full site; an unknown name must stop the build, as it would stop ``make html``, which treats warnings as errors.
"""

import io
import re
import sys

import pytest

from mlequations import claims

from .conftest import ROOT

sphinx_application = pytest.importorskip("sphinx.application")
from sphinx.util.docutils import docutils_namespace  # noqa: E402

sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import quantities  # noqa: E402  (docs/_ext is on the path only from here on)


def build(tmp_path, body):
    """Build a page whose body is `body` (MyST), with warnings as errors, as `make html` does; return the page's
    HTML, or raise RuntimeError with the warnings when the build fails."""
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["myst_parser", "quantities", "errata"]\n')
    (source / "index.md").write_text(f"# Page\n\n{body}\n\n```{{toctree}}\nerrata\n```\n")
    (source / "errata.md").write_text("# Errata\n\n```{errata-table}\n```\n")
    warnings = io.StringIO()
    with docutils_namespace():  # each build registers its nodes and roles afresh, as a separate run would
        app = sphinx_application.Sphinx(str(source), str(source), str(tmp_path / "html"), str(tmp_path / "doctrees"),
                                         "html", warningiserror=True, status=None, warning=warnings, freshenv=True)
        app.build()
    if app.statuscode:
        raise RuntimeError(warnings.getvalue())
    return (tmp_path / "html" / "index.html").read_text(encoding="utf-8")


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
