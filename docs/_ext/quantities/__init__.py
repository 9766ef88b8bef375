"""The ``{quantity}`` role: a number stated in a page's prose, computed from the package when the site is built.

A page writes ``{quantity}`gd-largest-stable-rate``` where its sentence needs the number; the role prints what
the function registered under that name returns. The functions live beside this file, one module per chapter
(``optimization.py`` for ``docs/chapters/optimization.md``, ``pages.py`` for the pages outside the chapters),
each a few lines that call the package and format the result, so that the number and the computation behind it
cannot drift apart and a change to the package changes the page.

    from . import quantity

    @quantity("gd-largest-stable-rate")
    def _():
        ...
        return f"{2 / eigenvalues.max():.4f}"

A function returns the text to print, already rounded: the page shows exactly that string. An unknown name is an
error of the build, at the role's line.
"""

import functools
import importlib
import pkgutil
from pathlib import Path

from docutils import nodes

import mlequations

_FUNCTIONS = {}

# A value depends on the package's code: pages that use the role are re-read whenever it changes.
PACKAGE_FILES = sorted(Path(mlequations.__file__).parent.rglob("*.py"))
HERE = Path(__file__).parent


def quantity(name):
    """Register the decorated function, which takes no argument and returns a str, under `name`."""
    def register(function):
        if name in _FUNCTIONS:
            raise ValueError(f"The quantity {name!r} is defined twice: in {_FUNCTIONS[name].__module__} and in "
                             f"{function.__module__}.")
        _FUNCTIONS[name] = function
        return function
    return register


@functools.cache
def registry():
    """Every registered quantity, by name, after importing each module of this package once."""
    for module in pkgutil.iter_modules([str(HERE)]):
        importlib.import_module(f"{__name__}.{module.name}")
    return dict(_FUNCTIONS)


@functools.cache
def value(name):
    """The text of quantity `name`, computed once per build. KeyError for an unknown name."""
    text = registry()[name]()
    if not isinstance(text, str):
        raise TypeError(f"The quantity {name!r} must return a str, not {type(text).__name__}.")
    return text


def quantity_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    env = inliner.document.settings.env
    for path in [*PACKAGE_FILES, *HERE.glob("*.py")]:
        env.note_dependency(str(path))
    key = text.strip()
    if key not in registry():
        message = inliner.reporter.error(f"Unknown quantity {key!r}: register it in docs/_ext/quantities/.",
                                         line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    return [nodes.inline(rawtext, value(key), classes=["computed-quantity"])], []


def setup(app):
    app.add_role("quantity", quantity_role)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
