"""A gallery image scraper that refuses a figure with an empty axes.

sphinx-gallery saves every open figure at the end of each code cell. A figure made in one cell and filled in a
later one is therefore saved half drawn, with an axes that holds nothing. ``checked_matplotlib_scraper`` runs
sphinx-gallery's own Matplotlib scraper after checking every open figure: an axes without lines, collections,
images, patches (the background aside), tables or text artists fails the example, and so the build, naming the
script, the figure and the axes.

``conf.py`` names it in ``sphinx_gallery_conf["image_scrapers"]`` by its dotted path, which sphinx-gallery imports.

A gallery thumbnail is a figure shrunk to about 160 px wide, so a figure of several panels becomes unreadable.
For such a figure the scraper also saves its main panel (`main_panel`) alone, beside the figure's image
(`panel_path`: ``..._panel.png``), and ``readable_thumbnails``, run once the gallery is generated, makes each
example's thumbnail from the panel of its thumbnail figure.
"""

import re
from pathlib import Path

import matplotlib.pyplot as plt
from sphinx_gallery.scrapers import matplotlib_scraper
from sphinx_gallery.utils import scale_image

__all__ = ["EmptyAxesError", "check_figure", "checked_matplotlib_scraper", "empty_axes", "main_panel", "panel_path",
           "readable_thumbnails"]


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


def main_panel(fig):
    """The panel a thumbnail shows: the first axes of `fig` at least 0.8 times as large as the largest (a colorbar
    beside a panel shrinks it). None if the figure has one panel, or only images, such as a grid of pictures,
    which read better whole."""
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    if len(panels) < 2 or all(ax.images and not ax.lines for ax in panels):
        return None
    areas = [ax.get_position().width * ax.get_position().height for ax in panels]
    return next(ax for ax, area in zip(panels, areas) if area >= 0.8 * max(areas))


def panel_path(image_path):
    """Where the main panel of the figure saved at `image_path` is saved alone: beside it, as ``..._panel.png``."""
    return Path(image_path).with_name(Path(image_path).stem + "_panel.png")


def checked_matplotlib_scraper(block, block_vars, gallery_conf, **kwargs):
    """sphinx-gallery's Matplotlib scraper, after every open figure has passed `check_figure`; the largest panel
    of a figure with several (`main_panel`) is saved alone too, for the thumbnail."""
    source = Path(block_vars["src_file"]).name
    try:
        for number in plt.get_fignums():
            check_figure(plt.figure(number), source)
    except EmptyAxesError:
        plt.close("all")  # sphinx-gallery scrapes again to close figures after a failure; leave none behind
        raise
    paths = block_vars["image_path_iterator"]
    for k, number in enumerate(plt.get_fignums()):  # the order in which matplotlib_scraper names the images
        fig = plt.figure(number)
        fig.canvas.draw()  # lays the figure out, so that the panels' positions are final
        panel = main_panel(fig)
        target = panel_path(paths.image_path.format(len(paths) + k + 1))
        if panel is None:
            target.unlink(missing_ok=True)
            continue
        box = panel.get_tightbbox().transformed(fig.dpi_scale_trans.inverted()).padded(0.05)
        fig.savefig(target, bbox_inches=box, dpi=100)
    return matplotlib_scraper(block, block_vars, gallery_conf, **kwargs)


def readable_thumbnails(app):
    """Make each example's thumbnail from the main panel of its thumbnail figure, when that has one."""
    conf = app.config.sphinx_gallery_conf
    docs = Path(app.srcdir)
    for examples, gallery in zip(conf["examples_dirs"], conf["gallery_dirs"]):
        for script in sorted((docs / examples).resolve().rglob("plot_*.py")):
            number = re.search(r"^# sphinx_gallery_thumbnail_number = (\d+)$", script.read_text(), re.MULTILINE)
            images = docs / gallery / script.parent.name / "images"
            panel = panel_path(images / f"sphx_glr_{script.stem}_{int(number[1]) if number else 1:03d}.png")
            if panel.exists():
                scale_image(str(panel), str(images / "thumb" / f"sphx_glr_{script.stem}_thumb.png"),
                            *conf["thumbnail_size"])
