"""The gallery's figure check (docs/_ext/figure_check.py): a saved figure may not have an axes without data."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import figure_check  # noqa: E402  (docs/_ext: on the path from tests/conftest.py)

from .conftest import ROOT  # noqa: E402


@pytest.fixture
def figure():
    """A two-panel figure, closed after the test."""
    fig, axes = plt.subplots(2, 1)
    yield fig, axes
    plt.close(fig)


def test_a_figure_with_data_in_every_axes_passes(figure):
    fig, (top, bottom) = figure
    top.plot([0, 1], [0, 1])
    bottom.imshow([[0.0, 1.0]])
    assert figure_check.empty_axes(fig) == []
    figure_check.check_figure(fig, "plot_good.py")


@pytest.mark.parametrize("draw", [
    lambda ax: ax.scatter([0], [0]),                    # a collection
    lambda ax: ax.bar([0], [1]),                        # patches
    lambda ax: ax.text(0.5, 0.5, "a note"),             # a text artist
    lambda ax: ax.annotate("", xy=(1, 1), xytext=(0, 0), arrowprops={}),
])
def test_each_kind_of_artist_counts_as_data(figure, draw):
    fig, (top, bottom) = figure
    top.plot([0, 1], [0, 1])
    draw(bottom)
    assert figure_check.empty_axes(fig) == []


def test_a_half_drawn_figure_fails_with_the_script_name(figure):
    fig, (top, bottom) = figure
    top.plot([0, 1], [0, 1])
    top.set_title("filled")
    bottom.set(xlabel="logit $z$", title="left for a later cell")  # labels and a title are not data
    assert figure_check.empty_axes(fig) == [bottom]
    with pytest.raises(figure_check.EmptyAxesError,
                       match=r"plot_half\.py: figure \d+ has 1 empty axes of 2: axes 2 \('left for a later cell'\)"):
        figure_check.check_figure(fig, "plot_half.py")


def test_the_scraper_closes_every_figure_before_it_raises(figure):
    fig, (top, bottom) = figure
    top.plot([0, 1], [0, 1])
    block_vars = {"src_file": "/somewhere/gallery/losses/plot_half.py"}
    with pytest.raises(figure_check.EmptyAxesError, match=r"^plot_half\.py: "):
        figure_check.checked_matplotlib_scraper(None, block_vars, {})
    assert plt.get_fignums() == []  # sphinx-gallery scrapes again after a failure: it must find nothing


def test_the_gallery_uses_the_checked_scraper():
    conf = (ROOT / "docs" / "conf.py").read_text()
    assert '"image_scrapers": ("figure_check.checked_matplotlib_scraper",)' in conf


# -- the chapters' "A picture" sections ------------------------------------------------------------------------------

def _picture_sections(text):
    """The body of every '### A picture' section of a chapter's source: the lines up to the next heading."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip() == "### A picture"]
    bodies = []
    for start in starts:
        end = next((j for j in range(start + 1, len(lines)) if lines[j].startswith("#")), len(lines))
        bodies.append((start + 1, "\n".join(lines[start + 1:end])))
    return bodies


CHAPTER_SOURCES = sorted((ROOT / "docs" / "chapters").glob("*.md"))


@pytest.mark.parametrize("chapter", CHAPTER_SOURCES, ids=lambda p: p.stem)
def test_every_picture_heading_has_a_figure(chapter):
    without = [line for line, body in _picture_sections(chapter.read_text()) if "```{figure}" not in body]
    assert without == [], f"{chapter.name}: '### A picture' at these lines has no figure before the next heading"


def test_the_picture_check_sees_a_heading_without_a_figure():
    text = "### A picture\n\nSee the figure above.\n\n### Caveats\n\n### A picture\n\n```{figure} a.png\n```\n"
    assert [line for line, body in _picture_sections(text) if "```{figure}" not in body] == [1]


@pytest.mark.parametrize("chapter", CHAPTER_SOURCES, ids=lambda p: p.stem)
def test_figure_options_fit_on_one_line(chapter):
    """MyST reads an option line's indented continuation as caption text (":width: 90%" showed in a caption)."""
    lines = chapter.read_text().splitlines()
    continued = [i + 2 for i, line in enumerate(lines[:-1])
                 if line.startswith(":alt:") and lines[i + 1].startswith("  ") and lines[i + 1].strip()]
    assert continued == []


# -- thumbnails -----------------------------------------------------------------------------------------------------

def test_the_thumbnail_panel_is_the_largest_axes_and_none_for_a_single_panel():
    fig, (small, large) = plt.subplots(1, 2, width_ratios=[1, 3])
    small.plot([0, 1])
    image = large.scatter([0, 1], [0, 1], c=[0, 1])
    fig.colorbar(image, ax=[small, large])  # a colorbar is never the panel
    assert figure_check.main_panel(fig) is large
    plt.close(fig)
    fig, ax = plt.subplots()
    assert figure_check.main_panel(fig) is None
    plt.close(fig)


def test_a_grid_of_pictures_is_its_own_thumbnail(figure):
    fig, (top, bottom) = figure
    top.imshow([[0.0, 1.0]])
    bottom.imshow([[1.0, 0.0]])
    assert figure_check.main_panel(fig) is None


def test_equal_panels_give_the_first(figure):
    fig, (top, bottom) = figure
    assert figure_check.main_panel(fig) is top
