"""The package-wide promises of docs/guarantees.md that are not about a function: profiles, versions, targets."""

import re
import tomllib

from hypothesis import settings

from .conftest import ROOT


def test_hypothesis_profiles():
    """`make test` runs the derandomised default profile; `make test-deep` one with at least 200 examples."""
    default, deep = settings.get_profile("default"), settings.get_profile("deep")
    assert default.derandomize and default.database is None
    assert deep.max_examples >= 200 and deep.deadline is None and deep.database is None and deep.derandomize


def _lower_bounds():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + [r for extra in project["optional-dependencies"].values()
                                               for r in extra]
    bounds = {}
    for requirement in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_-]+)>=([0-9.]+)", requirement)
        if match and match.group(1) in ("numpy", "scipy", "scikit-learn"):
            bounds.setdefault(match.group(1), set()).add(match.group(2))
    return bounds


def test_oldest_constraints_pin_the_declared_lower_bounds():
    bounds = _lower_bounds()
    assert set(bounds) == {"numpy", "scipy", "scikit-learn"}
    assert all(len(versions) == 1 for versions in bounds.values()), f"inconsistent lower bounds: {bounds}"
    pins = dict(re.findall(r"^([A-Za-z0-9_-]+)==(\S+)$", (ROOT / "constraints-oldest.txt").read_text(), re.M))
    for name, (version,) in bounds.items():
        # the bound 1.26 is proved with the first release 1.26.0
        assert re.fullmatch(rf"{re.escape(version)}(\.0)*", pins[name]), (name, version, pins[name])
    current = dict(re.findall(r"^([A-Za-z0-9_-]+)==(\S+)$", (ROOT / "constraints.txt").read_text(), re.M))
    assert pins["torch"] == current["torch"]


def _recipe(makefile, target):
    match = re.search(rf"^{re.escape(target)}:[^\n]*\n((?:\t[^\n]*\n)*)", makefile, re.M)
    assert match, f"no {target} target"
    return match.group(0)


def test_make_test_does_not_run_the_deep_checks():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test = _recipe(makefile, "test")
    assert "test-deep" not in test and "check_determinism" not in test and "deep" not in test
    deep = _recipe(makefile, "test-deep")
    assert "HYPOTHESIS_PROFILE=deep" in deep and "tools/check_determinism.py" in deep
    oldest = _recipe(makefile, "test-oldest")
    assert "-b doctest" in oldest and "pytest" in oldest
