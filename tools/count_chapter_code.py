"""Count the lines of code each chapter shows: every ``{literalinclude}`` excerpt, resolved as Sphinx resolves it.

Usage: ``python tools/count_chapter_code.py [ROOT]`` (ROOT defaults to this checkout; pass another checkout, such as
a worktree of an older commit, to compare). Prints, per chapter, the number of excerpts, the lines they show
(blank lines and comment-only lines left out) and how many of those sit inside a ``{dropdown}``, then the totals.
Only literalinclude excerpts count: doctests are examples, not the implementation.
"""

import ast
import re
import sys
from pathlib import Path

DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|~{3,})\{(?P<name>[\w-]+)\}(?P<arg>[^\n]*)$")


def _object_lines(source, dotted):
    """The lines of the function or class `dotted` (``Class.method`` allowed), as Sphinx's :pyobject: takes them."""
    tree = ast.parse(source)
    body = tree.body
    node = None
    for part in dotted.split("."):
        node = next(n for n in body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == part)
        body = node.body
    first = min([node.lineno] + [d.lineno for d in node.decorator_list])
    return source.splitlines()[first - 1:node.end_lineno]


def _excerpt(chapter, argument, options):
    path = (chapter.parent / argument.strip()).resolve()
    lines = path.read_text(encoding="utf-8").splitlines()
    if "pyobject" in options:
        lines = _object_lines(path.read_text(encoding="utf-8"), options["pyobject"])
    if "start-at" in options:
        lines = lines[next(i for i, line in enumerate(lines) if options["start-at"] in line):]
    if "lines" in options:
        start, _, stop = options["lines"].partition("-")
        lines = lines[int(start) - 1:int(stop) if stop else None]
    return lines


def _shown(lines):
    return [line for line in lines if line.strip() and not line.strip().startswith("#")]


def count(chapter):
    """(excerpts, lines shown, lines shown inside dropdowns) of one chapter page."""
    text = chapter.read_text(encoding="utf-8").splitlines()
    excerpts = shown = in_dropdown = 0
    open_dropdowns = []  # the fences of the dropdowns we are inside
    i = 0
    while i < len(text):
        line = text[i]
        match = DIRECTIVE.match(line.strip())
        if open_dropdowns and line.strip() == open_dropdowns[-1]:
            open_dropdowns.pop()
        elif match and match["name"] == "dropdown":
            open_dropdowns.append(match["fence"])
        elif match and match["name"] == "literalinclude":
            options = {}
            i += 1
            while not text[i].strip().startswith(match["fence"]):
                key, _, value = text[i].strip().lstrip(":").partition(":")
                options[key] = value.strip()
                i += 1
            lines = len(_shown(_excerpt(chapter, match["arg"], options)))
            excerpts += 1
            shown += lines
            in_dropdown += lines if open_dropdowns else 0
        i += 1
    return excerpts, shown, in_dropdown


def main(root):
    totals = [0, 0, 0]
    print(f"{'chapter':<16} {'excerpts':>8} {'lines':>6} {'in dropdowns':>13}")
    for chapter in sorted((Path(root) / "docs" / "chapters").glob("*.md")):
        row = count(chapter)
        totals = [t + r for t, r in zip(totals, row)]
        print(f"{chapter.stem:<16} {row[0]:>8} {row[1]:>6} {row[2]:>13}")
    print(f"{'total':<16} {totals[0]:>8} {totals[1]:>6} {totals[2]:>13}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1])
