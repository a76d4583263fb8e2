"""A figure reads on its own: every plot names its axes, and every marker is explained.

Checked on every figure as it is drawn (`build.render_layout`), in every layout, theme and
language: an axes either has its x and y labels (3-D: a z label or a title too), or shares them
with the plot beside it or under it (`style.label_outer`), or is switched off (a picture without
axes, such as a network diagram); every marker drawn on a plot (points, stars, dots) has a
legend entry, is named by its plot's title, or looks like a legend entry's marker.
"""

from __future__ import annotations

from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D


def problems(fig: Figure) -> list[str]:
    """What keeps ``fig`` (drawn, its layout done) from reading on its own; empty if nothing."""
    return unlabelled(fig) + unexplained_markers(fig)


def is_plot(ax) -> bool:
    """Whether ``ax`` shows axes (a 3-D plot keeps its own switch)."""
    return ax.get_visible() and bool(getattr(ax, "_axis3don", ax.axison))


def overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two intervals overlap."""
    return min(a[1], b[1]) > max(a[0], b[0])


def labelled_beside(ax, plots: list, axis: str) -> bool:
    """Whether a plot sharing ``ax``'s span gives the ``axis`` label: for "x" one under it,
    for "y" one to its left (`style.label_outer` names shared axes there only)."""
    box = ax.get_position()
    for other in plots:
        where = other.get_position()
        if axis == "x":
            beside = where.y1 <= box.y0 + 1e-6 and overlap((box.x0, box.x1), (where.x0, where.x1))
        else:
            beside = where.x1 <= box.x0 + 1e-6 and overlap((box.y0, box.y1), (where.y0, where.y1))
        if other is not ax and beside and getattr(other, f"get_{axis}label")():
            return True
    return False


def unlabelled(fig) -> list[str]:
    """Every plot of ``fig`` that lacks an axis label nobody beside it gives."""
    plots = [ax for ax in fig.axes if is_plot(ax)]
    missing = []
    for i, ax in enumerate(plots):
        for axis in ("x", "y"):
            if not getattr(ax, f"get_{axis}label")() and not labelled_beside(ax, plots, axis):
                missing.append(f"axes {i} ({ax.get_title()!r}) has no {axis} label")
        if ax.name == "3d" and not (ax.get_zlabel() or ax.get_title()):
            missing.append(f"3-D axes {i} has neither a z label nor a title")
    return missing


def legend_entries(fig) -> tuple[set[str], list]:
    """The texts and the handles of every legend in ``fig``."""
    legends = [legend for legend in (*fig.legends, *(ax.get_legend() for ax in fig.axes)) if legend]
    texts = {t.get_text() for legend in legends for t in legend.get_texts()}
    handles = [h for legend in legends for h in legend.legend_handles]
    return texts, handles


def colour(value) -> tuple:
    """A colour as an RGB tuple rounded for comparison."""
    return tuple(round(c, 3) for c in to_rgb(value))


def unexplained_markers(fig) -> list[str]:
    """Every marker drawn on a plot that nothing explains: its label is neither a legend entry
    nor its plot's title, and it does not look like a legend entry's marker (the same marker
    and colour; for a scatter, every colour of it in the legend)."""
    texts, handles = legend_entries(fig)
    listed = {
        (h.get_marker(), colour(h.get_color()))
        for h in handles
        if isinstance(h, Line2D) and h.get_marker() not in (None, "", "None", " ")
    }
    colours = {c for _, c in listed}
    found = []
    for i, ax in enumerate(fig.axes):
        if not is_plot(ax):
            continue
        for artist in [*ax.lines, *ax.collections]:
            if not artist.get_visible():
                continue
            if isinstance(artist, Line2D):
                marker = artist.get_marker()
                if marker in (None, "", "None", " "):
                    continue
                looks_listed = (marker, colour(artist.get_color())) in listed
            elif isinstance(artist, PathCollection):
                faces = {colour(c) for c in artist.get_facecolors()}
                looks_listed = bool(faces) and faces <= colours
            else:
                continue
            label = artist.get_label()
            if label in texts or label == ax.get_title() or looks_listed:
                continue
            found.append(f"axes {i}: a {type(artist).__name__} labelled {label!r}")
    return found
