"""Figures of the section "Gradient descent on neural networks": bumpy losses, momentum,
and the optimizer races (GIFs)."""

import numpy as np

from experiments import params
from experiments.landscapes import bumpy_paths, race_paths
from lib import surfaces
from words import WORDS, optimizer_name

from . import anim, style
from .registry import figure


def surface_grid(surface, window=None, n=200):
    """x and y samples across ``window`` (default the surface's bounds) and f on their grid."""
    (x0, x1), (y0, y1) = window or surface.bounds
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    X, Y = np.meshgrid(xs, ys)
    return xs, ys, surface.f(X, Y)


def critical_points(surface):
    """``(global minimum, other minima, saddles)`` of a surface."""
    minima = sorted(surface.minima, key=lambda p: surface.f(*p))
    return minima[0], minima[1:], list(surface.saddles)


def mark_critical_points(ax, lang, surface, *, z=False):
    """Star the global minimum, dot the local minima, cross the saddles (with a legend entry)."""
    w = WORDS[lang]
    best, others, saddles = critical_points(surface)
    groups = (
        ([best], "*", 15, style.RED, w["global_minimum"]),
        (others, "o", 8, style.ORANGE, w["local_minimum"]),
        (saddles, "X", 9, style.INK, w["saddle_point"]),
    )
    for points, marker, size, color, label in groups:
        xs, ys = np.array(points).T
        coords = (xs, ys, surface.f(xs, ys) + 0.05) if z else (xs, ys)
        ax.plot(*coords, marker, ms=size, color=color, mec=style.PAPER, mew=0.8, ls="", label=label)


@figure()
def non_convex_function(lang, layout="wide"):
    """The bumpy loss as a 3-D surface and as contours, its minima and saddles marked."""
    w = WORDS[lang]
    surface = surfaces.BUMPY
    xs, ys, F = surface_grid(surface, n=120)
    fig, (ax3d, ax) = style.figure(
        layout,
        style.by_layout(layout, wide=4.4, narrow=7.4),
        2,
        projections=("3d", None),
        ratios=style.by_layout(layout, wide=(1.3, 1), narrow=(1, 1)),
    )
    X, Y = np.meshgrid(xs, ys)
    ax3d.computed_zorder = False  # keep the markers in front of the surface
    ax3d.plot_surface(X, Y, F, cmap=style.SURFACE_CMAP, rstride=3, cstride=3, lw=0, alpha=0.95)
    mark_critical_points(ax3d, lang, surface, z=True)
    ax3d.set(xticks=[-3, 0, 3], yticks=[-3, 0, 3], zticks=[-1, 0, 1])
    ax3d.set_xlabel(w["weight_1"], labelpad=2)
    ax3d.set_ylabel(w["weight_2"], labelpad=2)
    ax3d.set_title(w["loss"])
    ax3d.view_init(elev=35, azim=-55)
    ax3d.set_box_aspect(None, zoom=0.95)
    ax.contour(xs, ys, F, levels=18, cmap=style.SURFACE_CMAP, linewidths=1.0)
    mark_critical_points(ax, lang, surface)
    ax.set(xlabel=w["weight_1"], ylabel=w["weight_2"], aspect="equal")
    ax.legend(loc="upper left", fontsize=10, frameon=True, framealpha=0.9, edgecolor="none")
    return fig


@figure()
def bumpy_gradient_descent(lang, layout="wide"):
    """Plain gradient descent from several starts ends in different minima."""
    w = WORDS[lang]
    xs, ys, F = surface_grid(surfaces.BUMPY)
    fig, (ax,) = style.figure(layout, style.by_layout(layout, wide=5.6, narrow=4.9))
    ax.contourf(xs, ys, F, levels=18, cmap="Blues_r", alpha=0.6)
    ax.contour(xs, ys, F, levels=18, colors=style.PAPER, linewidths=0.5)
    for k, path in enumerate(bumpy_paths()):
        ax.plot(path[:, 0], path[:, 1], color=style.RED, lw=1.8)
        ax.plot(*path[0], "o", color=style.INK, ms=8, label=w["start"] if k == 0 else None)
        ax.plot(
            *path[-1],
            "*",
            color=style.RED,
            mec=style.PAPER,
            ms=16,
            label=w["end"] if k == 0 else None,
        )
    ax.set(xlabel=w["weight_1"], ylabel=w["weight_2"], aspect="equal")
    ax.set_title(style.wrap(layout, w["bumpy_title"], 36))
    style.legend_beside(ax, layout, ncols=2)
    return fig


def arrow(ax, start, vector, color, label, *, offset=(0.0, 0.0), ha="center"):
    """An arrow from ``start`` along ``vector`` with a label beside its middle."""
    (x, y), (dx, dy) = start, vector
    ax.annotate(
        "",
        xy=(x + dx, y + dy),
        xytext=(x, y),
        arrowprops={
            "arrowstyle": "-|>",
            "color": color,
            "lw": 2.2,
            "mutation_scale": 16,
            "shrinkA": 0,
            "shrinkB": 0,
        },
    )
    ax.text(
        x + dx / 2 + offset[0],
        y + dy / 2 + offset[1],
        label,
        color=color,
        ha=ha,
        va="center",
        fontsize=11,
    )


@figure()
def nesterov_acceleration(lang, layout="wide"):
    """Momentum adds the gradient taken here; Nesterov takes it at the look-ahead point."""
    w = WORDS[lang]
    momentum = np.array(params.NESTEROV_MOMENTUM)
    gradient = np.array(params.NESTEROV_GRADIENT)
    lookahead = np.array(params.NESTEROV_LOOKAHEAD_GRADIENT)
    origin = np.zeros(2)
    fig, (left, right) = style.figure(layout, style.by_layout(layout, wide=2.9, narrow=5.0), 2)

    def named(step, formula):
        return f"{w[step]}\n{w[formula]}"

    momentum_step = named("momentum_step", "momentum_step_formula")
    arrow(left, origin, momentum, style.BLUE, momentum_step, offset=(0.1, 0.45), ha="right")
    gradient_step = named("gradient_step", "gradient_step_formula")
    arrow(left, origin, gradient, style.RED, gradient_step, offset=(-0.15, -0.1), ha="right")
    arrow(left, origin, momentum + gradient, style.GREEN, w["actual_step"], offset=(0.3, -0.3))
    left.set_title(w["momentum_update"])

    arrow(right, origin, momentum, style.BLUE, momentum_step, offset=(0.1, 0.45), ha="right")
    lookahead_step = f"{style.wrap(layout, w['lookahead_gradient_step'], 16)}\n"
    arrow(
        right,
        momentum,
        lookahead,
        style.RED,
        lookahead_step + w["lookahead_step_formula"],
        offset=(0.15, -0.1),
        ha="left",
    )
    arrow(right, origin, momentum + lookahead, style.GREEN, w["actual_step"], offset=(0.2, -0.35))
    right.plot(*momentum, "o", color=style.GREY, ms=7)
    right.annotate(
        w["lookahead_point"],
        xy=momentum,
        xytext=(momentum[0], momentum[1] + 0.45),
        ha="center",
        va="bottom",
        fontsize=11,
        color=style.GREY_TEXT,
    )
    right.set_title(w["nesterov_update"])

    for ax in (left, right):
        ax.plot(*origin, "o", color=style.INK, ms=7)
        ax.text(-0.15, 0.0, w["current_point"], ha="right", va="center", fontsize=11)
        ax.set(
            xlim=style.by_layout(layout, wide=(-2.0, 4.4), narrow=(-2.6, 5.2)),
            ylim=(-1.45, 1.75),
            aspect="equal",
        )
        ax.axis("off")
    return fig


def optimizer_label(lang, name, hyper):
    """A legend entry: the optimizer's name and its learning rate α (lib.optim's SGD takes the
    full gradient on these surfaces, so it is called gradient descent)."""
    return WORDS[lang]["optimizer_alpha"].format(name=optimizer_name(lang, name), lr=hyper["lr"])


def race_contours(ax, lang, surface, window, filled: bool) -> list:
    """The contours of a race surface over ``window``, with its minima (stars) and saddles (X):
    filled on a diverging scale, red high and blue low (the saddle), or as grey log-spaced lines
    (Beale). Returns legend handles for the markers."""
    from matplotlib.colors import LogNorm, SymLogNorm
    from matplotlib.lines import Line2D

    w = WORDS[lang]
    xs, ys, F = surface_grid(surface, window, n=300)
    if filled:
        norm = SymLogNorm(0.05, vmin=F.min(), vmax=F.max())
        ax.contourf(xs, ys, F, levels=24, cmap="RdBu_r", norm=norm, alpha=0.4)
        ax.contour(xs, ys, F, levels=24, colors=style.PAPER, linewidths=0.6, linestyles="solid")
    else:
        levels = np.geomspace(max(F.min(), 1e-3), F.max(), 26)
        norm = LogNorm(levels[0], levels[-1] * 4)
        ax.contour(xs, ys, F, levels=levels, cmap=style.CONTOUR_CMAP, norm=norm, linewidths=0.8)
    handles = []
    for points, marker, size, label in (
        (surface.minima, "*", 14, w["minimum"]),
        (surface.saddles, "X", 10, w["saddle_point"]),
    ):
        for point in points:
            ax.plot(*point, marker, color=style.INK, ms=size, zorder=2, label=label)
        if points:
            handles.append(Line2D([], [], color=style.INK, marker=marker, ms=size * 0.8, ls=""))
            handles[-1].set_label(label)
    return handles


def optimizer_race_scene(
    lang,
    layout,
    surface,
    *,
    start,
    settings,
    steps,
    steps_per_frame,
    window,
    title,
    filled=False,
):
    """A scene of optimizers racing over the contours of ``surface``: dot, tail and path each.

    The legend sits to the right of the map in the wide layout and under it in the narrow one.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    w = WORDS[lang]
    paths = race_paths(surface, start, settings, steps, window)
    fig = style.animation_figure(
        layout, style.by_layout(layout, wide=style.GIF_SIZE[1], narrow=5.6)
    )
    ax = fig.add_subplot()
    marks = race_contours(ax, lang, surface, window, filled)
    ax.plot(*start, "o", color=style.INK, ms=5, zorder=2, label=w["start"])
    marks.insert(0, Line2D([], [], color=style.INK, marker="o", ms=5, ls="", label=w["start"]))
    ax.set(xlim=window[0], ylim=window[1], xlabel=w["w1"], ylabel=w["w2"])
    ax.tick_params(labelsize=10)
    ax.set_title(title)
    for side in ("top", "right"):
        ax.spines[side].set_visible(True)
    handles = [
        Line2D([], [], color=style.OPTIMIZER_COLORS[n], marker="o", lw=2, label=label)
        for n, label in ((n, optimizer_label(lang, n, settings[n])) for n in paths)
    ]
    wide = style.layout_of(layout).max_width is None
    place = {"loc": "outside right upper"} if wide else {"loc": "outside lower center", "ncols": 2}
    fig.legend(handles=[*handles, *marks], fontsize=10, **place)

    # One artist each for all paths, all tails and all dots: three draws per frame, not 21.
    colors = [style.OPTIMIZER_COLORS[name] for name in paths]
    lines = LineCollection([], colors=colors, linewidths=1.3, alpha=0.6)
    tails = LineCollection([], colors=colors, linewidths=2.4, capstyle="round")
    starts = np.array([path[0] for path in paths.values()])
    dots = ax.scatter(*starts.T, s=64, c=colors, edgecolors=style.PAPER, linewidths=0.8, zorder=3)
    ax.add_collection(lines)
    ax.add_collection(tails)
    counter = ax.text(0.02, 0.03, "", transform=ax.transAxes, fontsize=10, color=style.INK)
    # The minima and saddles are drawn over the dots, so that the goal stays in sight when the
    # racers reach it (animated artists are drawn after the still background).
    goals = [line for line in ax.lines if line.get_marker() in ("*", "X")]
    moving = [lines, tails, dots, counter, *goals]
    n_frames = steps // steps_per_frame + 1

    def init():
        lines.set_segments([])
        tails.set_segments([])
        dots.set_offsets(starts)
        counter.set_text("")
        return moving

    def update(frame):
        step = min(frame * steps_per_frame, steps)
        lines.set_segments([path[: step + 1] for path in paths.values()])
        tails.set_segments(
            [path[max(0, step - params.TRAIL_STEPS) : step + 1] for path in paths.values()]
        )
        dots.set_offsets([path[step] for path in paths.values()])
        counter.set_text(w["step_counter"].format(i=step))
        return moving

    return anim.Scene(
        fig,
        init,
        update,
        n_frames,
        params.FRAME_MS,
        params.HOLD_LAST_MS,
        key_colors=(*colors, style.INK),
    )


@figure(kind="gif")
def optimizers_contour(lang, layout="wide"):
    """SGD, momentum and adaptive optimizers racing to the minimum of a hard surface."""
    w = WORDS[lang]
    surface = surfaces.SURFACES[params.RACE_SURFACE]
    return optimizer_race_scene(
        lang,
        layout,
        surface,
        start=params.RACE_START,
        settings=params.RACE_SETTINGS,
        steps=params.RACE_STEPS,
        steps_per_frame=params.RACE_STEPS_PER_FRAME,
        window=params.RACE_WINDOW,
        title=w["race_title"].format(surface=w[surface.name]),
    )


@figure(kind="gif")
def optimizers_saddle(lang, layout="wide"):
    """The same optimizers leaving a saddle point; plain SGD lingers on it."""
    w = WORDS[lang]
    return optimizer_race_scene(
        lang,
        layout,
        surfaces.SADDLE,
        start=surfaces.SADDLE.start,
        settings=params.SADDLE_SETTINGS,
        steps=params.SADDLE_STEPS,
        steps_per_frame=params.SADDLE_STEPS_PER_FRAME,
        window=params.SADDLE_WINDOW,
        title=w["saddle_title"],
        filled=True,
    )
