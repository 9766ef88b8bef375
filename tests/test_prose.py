"""The prose of the pages: what a sentence may state without a machine behind it.

A claim's verdict (whether the guide's printed output is right) is the ledger's to state: a page writes it with
the ``{verdict}`` role (docs/_ext/errata.py), which prints the verdict that ``mlequations.claims`` computes. This
test reads the prose of every page and gallery script, code and math left out, and fails on a sentence that
speaks of the guide or its claims in verdict words without the role.
"""

import re
from pathlib import Path

import pytest

from .conftest import ROOT

DOCS = ROOT / "docs"
# The errata page renders the ledger itself; the generated pages are built from the sources checked here.
PAGES = sorted(p for p in DOCS.rglob("*.md") if "auto_examples" not in p.parts and "generated" not in p.parts
               and p.name != "errata.md")
SCRIPTS = sorted((ROOT / "gallery").rglob("plot_*.py"))

# Fences whose content is code or output, not prose; every other fence ({dropdown}, {figure}, {note}) holds prose.
CODE_FENCES = re.compile(r"^(`{3,}|~{3,})\s*(\{(doctest|testcode|testoutput|literalinclude|code-block|"
                         r"math|bibliography)\}|python|sh|text|bash|console|toml)?\s*$")
VERDICT_WORDS = re.compile(r"\b(right|wrong|correct|incorrect|correctly|mistaken|erroneous|agrees?|agreeing|"
                           r"disagrees?|errs?|counts as)\b", re.IGNORECASE)
ABOUT_A_CLAIM = re.compile(r"\b(guide|guide's|claims?|claimed|errata)\b", re.IGNORECASE)


def prose(text):
    """The prose of a MyST page: code fences, math blocks, inline math and code, and directive options removed."""
    kept, fence, in_math, open_prose_fences = [], None, False, []
    for line in text.splitlines():
        stripped = line.strip()
        if fence is not None:
            if stripped == fence:
                fence = None
            continue
        if in_math:
            in_math = not stripped.startswith("$$")
            continue
        match = re.match(r"^(`{3,}|~{3,})", stripped)
        if match:
            if open_prose_fences and stripped == open_prose_fences[-1]:
                open_prose_fences.pop()  # the closing line of a {dropdown}, {figure} or {note}
            elif CODE_FENCES.match(stripped):
                fence = match.group(1)
            else:
                open_prose_fences.append(match.group(1))
            continue
        if stripped.startswith("$$"):
            in_math = not (stripped.endswith("$$") and len(stripped) > 2) and not re.match(r"^\$\$.*\$\$", stripped)
            continue
        if re.match(r"^:[\w-]+:", stripped) or stripped.startswith(("(", ">>>", "...")) and stripped.endswith(")="):
            continue
        kept.append(line)
    body = "\n".join(kept)
    body = re.sub(r"\$[^$\n]+\$", "x", body)
    body = re.sub(r"\{(?!verdict)[\w:-]+\}`([^`]*)`", r"\1", body)  # a role's text: {doc}`../errata` reads "errata"
    body = re.sub(r"\{verdict\}`([^`]*)`", r"{verdict}<\1>", body)  # whole, so that the backticks after it pair up
    body = re.sub(r"``?[^`]+``?", "code", body)
    return body


def sentences(text):
    """The sentences of `text`: its paragraphs and list items, split at a full stop, question or
    exclamation mark followed by a capital."""
    found = []
    for paragraph in re.split(r"\n\s*\n|\n(?=\s*(?:[-*]|\d+\.) )", text):  # a list item is a paragraph
        flat = re.sub(r"\s+", " ", paragraph)
        found += [s.strip() for s in re.split(r"(?<=[.!?:])\s+(?=[A-Z*(\"])", flat) if s.strip()]
    return found


def gallery_prose(text):
    """The docstring and comment text of a gallery script, in paragraphs: a heading, its underline and a
    ``# %%`` cell marker each end one."""
    docstring = re.match(r'^r?"""(.*?)"""', text, re.S)
    lines = (docstring.group(1).splitlines() if docstring else []) + [""]
    for line in text[docstring.end() if docstring else 0:].splitlines():
        comment = line.lstrip()
        lines.append(comment[1:].strip() if comment.startswith("#") else "")
    paragraphs = [re.sub(r"^(%%|[=~^-]{3,})$", "", line) for line in lines]
    return "\n".join(line if line else "\n" for line in paragraphs)


def unbacked_verdicts(text):
    """The sentences of `text` that speak of the guide or a claim in verdict words, without the verdict role."""
    return [s for s in sentences(text)
            if ABOUT_A_CLAIM.search(s) and VERDICT_WORDS.search(s) and "{verdict}" not in s]


@pytest.mark.parametrize("path", PAGES + SCRIPTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_claims_verdict_comes_from_the_ledger(path):
    text = path.read_text()
    found = unbacked_verdicts(gallery_prose(text) if path.suffix == ".py" else prose(text))
    assert not found, "State a claim's verdict with the {verdict} role:\n" + "\n".join(found)


@pytest.mark.parametrize("sentence", [
    "By the rule of the errata page, the guide's value counts as wrong.",
    "The guide's figure is right: the evidence is shown below.",
    "That is correct, as the errata page confirms.",
    "These agree with the guide's printed values.",
])
def test_the_scan_finds_a_typed_verdict(sentence):
    assert unbacked_verdicts(prose(f"Some context.\n{sentence}\n")) == [sentence]


@pytest.mark.parametrize("sentence", [
    "The guide's value is {verdict}`kl-divergence`: sixteen units in the last place from the true one.",
    "A confident wrong prediction costs a lot.",
    "The reference libraries agree to a relative 1e-13.",
])
def test_the_scan_passes_a_verdict_from_the_role_and_other_sentences(sentence):
    assert unbacked_verdicts(prose(f"Some context.\n{sentence}\n")) == []


def test_the_backticks_of_a_verdict_role_do_not_hide_the_sentences_after_it():
    text = "It is {verdict}`softmax`.\nThen `a` holds and the guide is right about `b`.\n"
    assert unbacked_verdicts(prose(text)) == ["Then code holds and the guide is right about code."]


def test_code_and_math_are_not_prose():
    text = "Text.\n\n```{doctest}\n>>> guide_is_wrong = True\n```\n\n$$\n\\text{the guide is wrong}\n$$ (eq-x)\n"
    assert "wrong" not in prose(text)
