"""Exercises: at least one in every equation section, two in the sections of the guide's own equations, each with
its difficulty in its title and a hidden solution whose numbers are checked.

Read from the chapter sources (the browser test that solutions are hidden until opened is in tests/test_site.py).
An exercise is a ``:::{exercise} ★★ Title`` block with a ``:label:``, holding a ``{dropdown} Solution``; the
exercises page lists them from the same directives (docs/_ext/exercise_list.py).
"""

import re

import pytest

import mlequations
from mlequations import claims

from .conftest import ROOT
from .equations.sources import chapter_sections

CHAPTERS = sorted((ROOT / "docs" / "chapters").glob("*.md"))

# The section of each equation of the guide, by the id of its claim in the ledger: these sections get two
# exercises at least.
GUIDE_SECTIONS = {
    "bayes-theorem": "bayes_posterior", "entropy-fair-coin": "entropy", "entropy-biased-coin": "entropy",
    "naive-bayes-prediction": "GaussianNaiveBayes", "kl-divergence": "kl_divergence",
    "cross-entropy": "cross_entropy", "linear-transformation": "linear_transform",
    "eigendecomposition": "eigendecomposition", "singular-value-decomposition": "singular_value_decomposition",
    "gradient-descent": "gradient_descent", "backpropagation": "MultilayerPerceptron",
    "mean-squared-error": "mean_squared_error", "forward-diffusion": "forward_diffusion",
    "convolution-output-shape": "conv2d", "softmax": "softmax",
    "scaled-dot-product-attention": "scaled_dot_product_attention",
}
EXERCISE = re.compile(r"^:::\{exercise\} (?P<title>[^\n]*)\n(?P<options>(?::[\w-]+:[^\n]*\n)*)(?P<body>.*?)^:::$",
                      re.M | re.S)


def _sections():
    """Every equation section of the chapters: {name: text}, the text running to the next labelled section."""
    return {label: text for chapter in CHAPTERS for label, text in chapter_sections(chapter).items()
            if label in mlequations.__all__}


SECTIONS = _sections()


def _exercises(text):
    return list(EXERCISE.finditer(text))


def test_every_claim_of_the_ledger_names_its_section():
    assert set(GUIDE_SECTIONS) == {claim.id for claim in claims.load_ledger().claims}
    assert set(GUIDE_SECTIONS.values()) <= set(SECTIONS)


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_each_equation_section_ends_with_its_exercises(name):
    text = SECTIONS[name]
    found = _exercises(text)
    needed = 2 if name in GUIDE_SECTIONS.values() else 1
    assert len(found) >= needed, f"{name}: {len(found)} exercises, at least {needed} needed"
    heading = text.find("\n### Exercises\n")
    assert heading >= 0 and all(match.start() > heading for match in found), f"{name}: exercises under '### Exercises'"
    assert not re.search(r"^### ", text[heading + 1:].split("\n", 2)[-1], re.M), (
        f"{name}: the exercises are not the last part of the section")


def test_about_fifty_exercises_in_all():
    assert sum(len(_exercises(text)) for text in SECTIONS.values()) >= 48


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_each_exercise_has_a_difficulty_a_label_and_a_hidden_solution(name):
    for match in _exercises(SECTIONS[name]):
        title, options, body = match.group("title"), match.group("options"), match.group("body")
        assert re.match(r"^★{1,3} \S", title), f"{name}: {title!r} does not begin with one to three stars"
        assert re.search(r"^:label: ex-[\w-]+$", options, re.M), f"{name}: {title!r} has no ex- label"
        solutions = re.findall(r"^(`{4,})\{dropdown\} Solution\n(.*?)^\1$", body, re.M | re.S)
        assert len(solutions) == 1, f"{name}: {title!r} needs exactly one Solution dropdown"
        solution = solutions[0][1]
        prose = re.sub(r"```\{doctest\}.*?```", "", solution, flags=re.S)
        prose = re.sub(r"\$\$.*?\$\$|\$[^$]*\$|\{quantity\}`[^`]*`|`[^`]*`", "", prose, flags=re.S)
        prose = re.sub(r"\b(?:float|u?int)\d+\b", "", prose)  # dtype names are not numbers
        stated = re.findall(r"[^.]*(?:\d\.\d|\d{2,})[^.]*", prose)  # a decimal, or a number of two digits or more
        assert not stated, f"{name}: {title!r} states a number outside a doctest or {{quantity}}: {stated[:2]}"


def test_labels_are_unique():
    labels = re.findall(r"^:label: (ex-[\w-]+)$", "\n".join(c.read_text() for c in CHAPTERS), re.M)
    assert len(labels) == len(set(labels))


def test_solution_doctests_are_counted():
    """The number of checked lines in solutions, printed for the record (`pytest -s`)."""
    count = sum(len(re.findall(r"^>>> ", match.group("body"), re.M))
                for text in SECTIONS.values() for match in _exercises(text))
    print(f"\n{count} doctest lines in the solutions")
    assert count >= sum(len(_exercises(text)) for text in SECTIONS.values())
