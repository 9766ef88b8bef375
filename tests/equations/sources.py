"""Where the displayed equations are: the labelled ``$$`` blocks of the chapter pages and the ``.. math::``
blocks of the public docstrings, read from the files and the package as they are now; and the chapters'
labelled sections, which the tests of what a section holds read."""

import inspect
import re
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ROOT / "docs" / "chapters"
# A labelled display: a line "$$", the LaTeX (no line of its own starting with "$$": an unlabelled display above,
# in a derivation, must not be swallowed), then "$$ (eq-label)".
_DISPLAY = re.compile(r"^\$\$\n((?:(?!\$\$).*\n)*?)\$\$ \((eq-[a-z0-9-]+)\)$", re.M)


# A labelled section of a chapter starts at a line "(name)=" and runs to the next such line; the hyphenated labels
# of the targets inside a section ("(single-steps-and-one-jump)=") do not end it.
_SECTION_LABEL = re.compile(r"^\(([\w.]+)\)=\n", re.M)


def chapter_sections(page):
    """The labelled sections of a chapter page (a path): {label: its text, after the label's line}."""
    parts = _SECTION_LABEL.split(page.read_text(encoding="utf-8"))
    return dict(zip(parts[1::2], parts[2::2]))


def chapter_displays():
    """Every labelled display equation of the chapter pages: {label: (page stem, LaTeX)}."""
    found = {}
    for page in sorted(CHAPTERS.glob("*.md")):
        for tex, label in _DISPLAY.findall(page.read_text()):
            found[label] = (page.stem, tex.rstrip("\n"))
    return found


def _math_blocks(doc):
    """The equations of the ``.. math::`` blocks of a docstring, in order."""
    lines = textwrap.dedent(doc).splitlines() if doc else []
    blocks, i = [], 0
    while i < len(lines):
        match = re.match(r"^(\s*)\.\. math::\s*$", lines[i])
        if not match:
            i += 1
            continue
        indent, body, i = len(match.group(1)), [], i + 1
        while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
            body.append(lines[i].strip())
            i += 1
        # Sphinx typesets the blank-line-separated parts of one block as separate equations.
        blocks += [" ".join(part.split("\n")) for part in "\n".join(body).strip().split("\n\n") if part.strip()]
    return blocks


def docstring_displays():
    """Every ``.. math::`` block of a public docstring: {"name" or "Class.method", with "#k" for the k-th
    block after the first: LaTeX}. Inline ``:math:`` roles are not displays and are not included."""
    import mlequations

    found = {}
    for name in mlequations.__all__:
        obj = getattr(mlequations, name)
        members = [(name, obj)]
        if inspect.isclass(obj):
            members += [(f"{name}.{m}", f) for m, f in vars(obj).items()
                        if not m.startswith("_") and callable(f)]
        for key, member in members:
            for k, tex in enumerate(_math_blocks(inspect.getdoc(member) and member.__doc__)):
                found[key if k == 0 else f"{key}#{k}"] = tex
    return found
