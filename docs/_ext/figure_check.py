"""A gallery image scraper that refuses a figure with an empty axes.

sphinx-gallery saves every open figure at the end of each code cell. A figure made in one cell and filled in a
later one is therefore saved half drawn, with an axes that holds nothing. ``checked_matplotlib_scraper`` runs
sphinx-gallery's own Matplotlib scraper after checking every open figure: an axes without lines, collections,
images, patches (the background aside), tables or text artists fails the example, and so the build, naming the
script, the figure and the axes.

``conf.py`` names it in ``sphinx_gallery_conf["image_scrapers"]`` by its dotted path, which sphinx-gallery imports.
"""

from pathlib import Path

import matplotlib.pyplot as plt
from sphinx_gallery.scrapers import matplotlib_scraper

__all__ = ["EmptyAxesError", "check_figure", "checked_matplotlib_scraper", "empty_axes"]


class EmptyAxesError(RuntimeError):
    """A figure that the gallery would save has an axes with no data."""


def empty_axes(fig):
    """The axes of `fig` that draw nothing: no line, collection, image, patch, table or text of their own."""
    return [ax for ax in fig.axes
            if not (ax.lines or ax.collections or ax.images or ax.patches or ax.tables or ax.texts or ax.artists)]


def _describe(ax, index):
    label = ax.get_title() or ax.get_ylabel() or ax.get_xlabel()
    return f"axes {index + 1}" + (f" ({label!r})" if label else " (no title or label)")


def check_figure(fig, source="a figure"):
    """Raise EmptyAxesError naming `source` if `fig` has an axes that draws nothing."""
    empty = empty_axes(fig)
    if empty:
        where = ", ".join(_describe(ax, fig.axes.index(ax)) for ax in empty)
        raise EmptyAxesError(
            f"{source}: figure {fig.number} has {len(empty)} empty axes of {len(fig.axes)}: {where}. An axes "
            "holds no data when the figure is saved, e.g. because a later cell fills it: sphinx-gallery saves "
            "each figure at the end of the cell that made it, so make and fill a figure in one cell.")


def checked_matplotlib_scraper(block, block_vars, gallery_conf, **kwargs):
    """sphinx-gallery's Matplotlib scraper, after every open figure has passed `check_figure`."""
    source = Path(block_vars["src_file"]).name
    try:
        for number in plt.get_fignums():
            check_figure(plt.figure(number), source)
    except EmptyAxesError:
        plt.close("all")  # sphinx-gallery scrapes again to close figures after a failure; leave none behind
        raise
    return matplotlib_scraper(block, block_vars, gallery_conf, **kwargs)
