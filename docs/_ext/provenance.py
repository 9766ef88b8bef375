"""Say, on every page that shows checked outputs, which versions produced them and when.

A page shows checked outputs when it holds a doctest (a ``{doctest}`` block, or a docstring's ``>>>`` examples
on an API page), or when it is a gallery example whose script ran during the build. The note is one paragraph
appended to the page at build time, built from the packages installed in the build's environment and the BLAS
that threadpoolctl finds behind NumPy.
"""

import datetime
import platform
from importlib import metadata

from docutils import nodes

PACKAGES = (("NumPy", "numpy"), ("SciPy", "scipy"), ("scikit-learn", "scikit-learn"), ("PyTorch", "torch"),
            ("Matplotlib", "matplotlib"))
CSS_CLASS = "mlequations-provenance"


def _numpy_blas():
    """The BLAS that NumPy calls, as threadpoolctl reports it, e.g. 'OpenBLAS 0.3.31 (Haswell kernel, 2 threads)'."""
    import numpy  # noqa: F401  (threadpoolctl only sees libraries that are loaded)
    import threadpoolctl

    for info in threadpoolctl.threadpool_info():
        if info.get("user_api") == "blas" and "numpy" in info.get("filepath", ""):
            name = {"openblas": "OpenBLAS", "mkl": "MKL", "blis": "BLIS"}.get(info["internal_api"], info["internal_api"])
            kernel = f"{info['architecture']} kernel, " if info.get("architecture") else ""
            return f"{name} {info.get('version') or ''} ({kernel}{info['num_threads']} threads)".replace("  ", " ")
    return "no BLAS found by threadpoolctl"


def describe_environment():
    """One sentence naming the versions behind the checked outputs, and the build date (UTC)."""
    versions = [f"Python {platform.python_version()}"]
    for label, distribution in PACKAGES:
        try:
            versions.append(f"{label} {metadata.version(distribution)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{label} (not installed)")
    versions.append(f"BLAS: {_numpy_blas()}")
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    return f"Outputs on this page were computed and checked with {', '.join(versions)}, on {today}."


def _shows_checked_outputs(docname, doctree):
    if docname.startswith("auto_examples/") and not docname.endswith("index") \
            and not docname.endswith("sg_execution_times"):
        return True
    for node in doctree.findall(nodes.Element):
        if isinstance(node, nodes.doctest_block) or node.get("testnodetype"):
            return True
    return False


def add_provenance(app, doctree, docname):
    if not _shows_checked_outputs(docname, doctree):
        return
    note = nodes.paragraph(text=app.env.mlequations_provenance)
    doctree += nodes.container("", note, classes=[CSS_CLASS])


def remember_environment(app):
    app.env.mlequations_provenance = describe_environment()


def setup(app):
    app.connect("builder-inited", remember_environment)
    app.connect("doctree-resolved", add_provenance)
    # Bump env_version when the note changes, so that an incremental build rewrites every page.
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
