"""The contract every public function keeps: equation, examples, tests, a chapter section, an API entry, a plot.

The test walks ``mlequations.__all__``, so a new public function that skips any of these fails here.
"""

import ast
import builtins
import importlib
import inspect
import math
import re
import textwrap
from pathlib import Path

import numpy as np
import pytest

import mlequations

from .conftest import ROOT
from .equations.sources import chapter_sections

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


# -- the equation in code ---------------------------------------------------------------------------------------
#
# An equation section shows its equation function, `_<name>_equation` in the subject module: the equation in plain
# NumPy on checked arrays, at most 12 lines, with no `out=` and no checks, that a reader can paste into a fresh
# session with NumPy and run. A subject that has been given that shape says so in its test module (see
# tests/test_softmax.py), with tables over its public names:
#
# - EQUATION_CALLS[name](ns, *args, **kwargs): what the equation functions in the namespace `ns` (executed from the
#   page's text) give for a call of the public function with `args` and `kwargs`;
# - RANDOM_CALLS[name](rng, size): a seeded (args, kwargs) of about `size` rows (3 stays on the equation function,
#   10^4 reaches a kernel where there is one);
# - optionally EQUATION_FUNCTIONS[name]: the equation functions of a class's section (by default
#   [f"_{name}_equation"]), PUBLIC_CALLS[name](*args, **kwargs): what of the class they must reproduce (by default
#   the public function itself), and FIRST_DOCTEST_CALLS[name]: the (args, kwargs) of the section's first doctest
#   where its first call is not of that form (a class's constructor).
#
# The subjects that have no tables still show their implementation;
# `test_equation_subjects_are_the_ones_whose_tests_say_so` keeps both sides in step.

MAX_LINES, MAX_WIDTH = 12, 100
CHECK_CALL = re.compile(r"^(_?check_|fail_|as_float_array|as_matrix|describe$)")
SUBJECTS = sorted({_subject(name) for name in PUBLIC})


def _equations_of(module):
    return {name for name, value in vars(module).items() if name.startswith("_") and name.endswith("_equation")
            and inspect.isfunction(value)}


def _test_tables(subject):
    tests = importlib.import_module(f"tests.test_{subject}")
    return getattr(tests, "EQUATION_CALLS", None), getattr(tests, "RANDOM_CALLS", None)


def _test_table(subject, table):
    return getattr(importlib.import_module(f"tests.test_{subject}"), table, {})


def _equation_names(name):
    return _test_table(_subject(name), "EQUATION_FUNCTIONS").get(name, [f"_{name}_equation"])


EQUATION_SUBJECTS = {subject for subject in SUBJECTS if _test_tables(subject)[0] is not None}


@pytest.mark.parametrize("subject", SUBJECTS)
def test_equation_subjects_are_the_ones_whose_tests_say_so(subject):
    equations = _equations_of(importlib.import_module(f"mlequations.{subject}"))
    calls, randoms = _test_tables(subject)
    names = {name for name in PUBLIC if _subject(name) == subject}
    if calls is None:
        assert not equations, f"{subject} has equation functions but tests/test_{subject}.py no EQUATION_CALLS"
        return
    assert set(calls) == set(randoms) == names, f"tests/test_{subject}.py: the tables must cover {sorted(names)}"


EQUATION_NAMES = [name for name in PUBLIC if _subject(name) in EQUATION_SUBJECTS]


def _section(name):
    """The text of the chapter section labelled ``(name)=``, up to the next labelled section."""
    return chapter_sections(DOCS / "chapters" / f"{_subject(name)}.md")[name]


def _includes(text):
    """The literalinclude directives of a page text, as (file, options)."""
    found = []
    for match in re.finditer(r"`{3,}\{literalinclude\} ([^\n]+)\n((?::[\w-]+:[^\n]*\n)*)", text):
        options = dict(re.findall(r":([\w-]+):[ \t]*([^\n]*)", match.group(2)))
        found.append((match.group(1).strip(), options))
    return found


def _equation_functions(name):
    module = importlib.import_module(f"mlequations.{_subject(name)}")
    return [getattr(module, function) for function in _equation_names(name)]


@pytest.mark.parametrize("name", EQUATION_NAMES)
def test_equation_section_shows_its_equation_function_whole(name):
    section = _section(name)
    for function in _equation_names(name):
        shown = [options for path, options in _includes(section) if options.get("pyobject") == function]
        assert shown, f"{name}: its section does not include {function}"
        assert not set(shown[0]) & {"start-at", "start-after", "end-at", "end-before", "lines"}, (
            f"{name}: {function} is shown in part ({shown[0]})")
    assert re.search(r"^`{3,}\{dropdown\} What the package adds$", section, re.MULTILINE), (
        f"{name}: its section has no 'What the package adds' dropdown")


def _body_lines(function):
    """The body lines of `function`: no docstring, blank lines or comment-only lines."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function))).body[0]
    body = tree.body[1:] if isinstance(tree.body[0], ast.Expr) and isinstance(tree.body[0].value, ast.Constant) \
        else tree.body
    lines = textwrap.dedent(inspect.getsource(function)).splitlines()
    return [lines[i - 1] for node in body for i in range(node.lineno, node.end_lineno + 1)
            if lines[i - 1].strip() and not lines[i - 1].strip().startswith("#")], tree


@pytest.mark.parametrize("name", EQUATION_NAMES)
def test_equation_function_is_short_and_plain(name):
    for function in _equation_functions(name):
        label = function.__name__
        lines, tree = _body_lines(function)
        assert len(lines) <= MAX_LINES, f"{label} has {len(lines)} lines, more than {MAX_LINES}"
        assert all(len(line) <= MAX_WIDTH for line in lines), f"{label} has a line over {MAX_WIDTH} characters"
        local = {a.arg for a in tree.args.args} | {t.id for n in ast.walk(tree) if isinstance(n, (ast.Assign, ast.For))
                                                   for t in ast.walk(n.targets[0] if isinstance(n, ast.Assign)
                                                                     else n.target) if isinstance(t, ast.Name)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                assert all(k.arg != "out" for k in node.keywords), f"{label} writes with out="
                called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                assert not CHECK_CALL.match(called), f"{label} calls the check {called}"
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                # Only NumPy, math, its arguments, its locals and equation functions shown on the page.
                assert (node.id in {"np", "math"} | local or node.id.endswith("_equation")
                        or node.id in dir(builtins)), f"{label} uses {node.id}, which the page does not show"


def _page_namespace(name):
    """A namespace holding only numpy, math and the equation functions that the section's page shows, executed
    from their source text, as a reader who pastes the page's code would have it."""
    namespace = {"np": np, "math": math}
    page = (DOCS / "chapters" / f"{_subject(name)}.md").read_text(encoding="utf-8")
    for path, options in _includes(page):
        if options.get("pyobject", "").endswith("_equation"):
            module = importlib.import_module(f"mlequations.{Path(path).stem}")
            exec(textwrap.dedent(inspect.getsource(getattr(module, options["pyobject"]))), namespace)
    return namespace


class _Captured(Exception):
    pass


def _first_doctest_call(name):
    """The arguments of the first call of `name` in its section's first doctest block."""
    block = re.search(r"`{3,}\{doctest\}\n(.*?)\n`{3,}", _section(name), re.DOTALL).group(1)
    # The block's own imports of the package are left out, so that `name` stays the capturing stand-in.
    source = "\n".join(line[4:] for line in block.splitlines() if line.startswith((">>> ", "... "))
                       and not line[4:].startswith("from mlequations import"))

    def capture(*args, **kwargs):
        raise _Captured(args, kwargs)

    namespace = {"np": np, "math": math, name: capture}
    namespace.update({n: getattr(mlequations, n) for n in PUBLIC if n != name})
    with pytest.raises(_Captured) as captured:
        exec(source, namespace)
    return captured.value.args


@pytest.mark.parametrize("name", EQUATION_NAMES)
def test_equation_function_from_the_page_reproduces_the_public_function(name):
    subject = _subject(name)
    namespace = _page_namespace(name)
    public = _test_table(subject, "PUBLIC_CALLS").get(name, getattr(mlequations, name))
    first = _test_table(subject, "FIRST_DOCTEST_CALLS").get(name) or _first_doctest_call(name)
    rng = np.random.default_rng(0)
    equation_calls, random_calls = _test_tables(subject)
    for args, kwargs in [first, random_calls[name](rng, 3), random_calls[name](rng, 10**4)]:
        expected = np.asarray(public(*args, **kwargs))
        got = np.asarray(equation_calls[name](namespace, *args, **kwargs))
        if expected.dtype.kind in "iuUSb":  # labels: the same, bit for bit
            np.testing.assert_array_equal(got, expected)
        else:
            np.testing.assert_allclose(got, expected, rtol=1e-13, atol=1e-13 * float(np.max(np.abs(expected))))
