"""Mark each labelled display equation whose symbolic form is checked against the code.

tests/equations/forms.py holds a symbolic form for each checked equation, keyed by its label (``eq-softmax``);
tests/test_equations.py checks that the page's LaTeX states the form and that the form agrees with the equation
function. Here, after references are resolved, every labelled display whose label has a form gets a small line
below it, "checked against the code", linking to the Guarantees section that says how. A form whose label is on
no page is a warning, so that a renamed label cannot leave its check unseen (the build runs with -W).
"""

import sys
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
CSS_CLASS = "eq-checked"
TARGET = ("guarantees", "equations-checked")  # the page and the label of the section the marks link to


def checked_labels():
    """The chapter labels that have a symbolic form (docstring keys have no label and no mark)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.equations.forms import FORMS

    return {key for key in FORMS if key.startswith("eq-")}


def add_marks(app, doctree, docname):
    labels = app.env.mlequations_checked_labels
    for block in list(doctree.findall(nodes.math_block)):
        label = block.get("label")
        if label not in labels:
            continue
        uri = app.builder.get_relative_uri(docname, TARGET[0]) + "#" + TARGET[1]
        link = nodes.reference("", "checked against the code", refuri=uri, internal=True,
                               reftitle="How the guide checks its equations against its code")
        mark = nodes.paragraph("", "", link, classes=[CSS_CLASS])
        block.parent.insert(block.parent.index(block) + 1, mark)


def refresh_labels(app, env, added, changed, removed):
    """Record the checked labels; when they changed since the last build, the pages that show them are rebuilt."""
    new, old = checked_labels(), getattr(env, "mlequations_checked_labels", set())
    env.mlequations_checked_labels = new
    equations = env.get_domain("math").equations
    return sorted({equations[label][0] for label in new ^ old if label in equations})


def check_labels(app, env):
    """Warn about a form whose label no page defines any more (the math domain records every equation label)."""
    missing = env.mlequations_checked_labels - set(env.get_domain("math").equations)
    if missing:
        logger.warning("checked equations found on no page: %s", ", ".join(sorted(missing)))


def setup(app):
    app.connect("env-get-outdated", refresh_labels)
    app.connect("env-check-consistency", check_labels)
    app.connect("doctree-resolved", add_marks)
    app.add_css_file("equation-marks.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
