"""The contract every public function keeps: equation, examples, tests, a chapter section, an API entry, a plot.

The test walks ``mlequations.__all__``, so a new public function that skips any of these fails here.
"""

import ast
import inspect
import re

import pytest

import mlequations

from .conftest import ROOT

PUBLIC = [name for name in mlequations.__all__ if name != "__version__"]
DOCS = ROOT / "docs"


def _subject(name):
    """The subject of a public name: the stem of its module, e.g. 'probability' for entropy."""
    return getattr(mlequations, name).__module__.rpartition(".")[2]


def _autosummary_entries(api_text):
    """Names listed in the autosummary blocks of docs/api.md."""
    entries = set()
    for block in re.findall(r"\.\. autosummary::\n((?:   .*\n|\n)+)", api_text):
        entries.update(line.strip() for line in block.splitlines()
                       if line.strip() and not line.strip().startswith(":"))
    return entries


def _called_names(path):
    """Names that a Python file calls, as ``name(...)`` or ``module.name(...)``."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None))
    return names


def test_all_is_exactly_the_public_namespace():
    assert len(PUBLIC) == len(set(PUBLIC)) > 0
    for name in PUBLIC:
        assert not name.startswith("_")
        assert getattr(mlequations, name).__module__.startswith("mlequations.")


@pytest.mark.parametrize("name", PUBLIC)
def test_docstring_carries_the_equation_and_an_example(name):
    doc = inspect.getdoc(getattr(mlequations, name)) or ""
    assert ".. math::" in doc, f"{name}: the docstring has no '.. math::' block with its equation"
    examples = doc.partition("\nExamples\n--------\n")[2]
    assert ">>> " in examples, f"{name}: the docstring has no Examples section with a doctest"


@pytest.mark.parametrize("name", PUBLIC)
def test_has_a_test_module_that_calls_it(name):
    test_file = ROOT / "tests" / f"test_{_subject(name)}.py"
    assert test_file.exists(), f"{name}: no {test_file.relative_to(ROOT)}"
    assert name in _called_names(test_file), f"{name}: {test_file.relative_to(ROOT)} never calls it"


@pytest.mark.parametrize("name", PUBLIC)
def test_has_a_labelled_chapter_section(name):
    page = DOCS / "chapters" / f"{_subject(name)}.md"
    assert page.exists(), f"{name}: no chapter page {page.relative_to(ROOT)}"
    assert re.search(rf"^\({re.escape(name)}\)=\n#+ ", page.read_text(encoding="utf-8"), re.MULTILINE), (
        f"{name}: {page.relative_to(ROOT)} has no section labelled ({name})=")


@pytest.mark.parametrize("name", PUBLIC)
def test_has_an_api_entry(name):
    assert name in _autosummary_entries((DOCS / "api.md").read_text(encoding="utf-8")), (
        f"{name}: not listed in an autosummary block of docs/api.md")


@pytest.mark.parametrize("name", PUBLIC)
def test_has_a_gallery_script(name):
    scripts = sorted((ROOT / "gallery" / _subject(name)).glob("plot_*.py"))
    assert any(name in _called_names(script) for script in scripts), (
        f"{name}: no gallery/{_subject(name)}/plot_*.py calls it")


def test_every_chapter_page_is_in_the_table_of_contents():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in sorted((DOCS / "chapters").glob("*.md")):
        assert re.search(rf"^chapters/{page.stem}$", index, re.MULTILINE), f"{page.name} is not in a toctree"


def test_one_subject_one_module_one_page_one_test_one_gallery_folder():
    modules = {p.stem for p in (ROOT / "src" / "mlequations").glob("*.py") if not p.stem.startswith("_")}
    assert modules == {p.stem for p in (DOCS / "chapters").glob("*.md")}
    assert modules == {p.name for p in (ROOT / "gallery").iterdir() if p.is_dir()}
    assert {f"test_{m}.py" for m in modules} <= {p.name for p in (ROOT / "tests").glob("test_*.py")}
