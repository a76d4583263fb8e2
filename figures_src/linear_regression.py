"""Figures of the section "Linear regression": seven points, candidate lines, the MSE."""

import numpy as np

from experiments import params
from experiments.lines import mse_landscape
from lib import data, linear
from words import WORDS

from . import style
from .registry import figure


def plot_points(ax, lang):
    """The seven data points with labelled axes."""
    w = WORDS[lang]
    x, y = data.seven_points()
    ax.scatter(x, y, s=36, color=style.BLUE, zorder=3, label=w["data"])
    ax.set(xlabel=w["x"], ylabel=w["y"], xlim=(2.0, 5.4), ylim=(1.0, 3.2))


def equation(lang, m, b):
    """``f(x) = m x + b`` as math text (which typesets minus signs properly)."""
    return WORDS[lang]["line_equation"].format(m=m, sign="-" if b < 0 else "+", b=abs(b))


@figure()
def lin_reg_scatter(lang, layout="wide"):
    """The seven (x, y) points the chapter fits a line to."""
    fig, (ax,) = style.figure(layout, style.by_layout(layout, wide=4.4, narrow=3.3))
    plot_points(ax, lang)
    ax.set_box_aspect(0.75)
    ax.legend(loc="upper left", fontsize=10)
    return fig


@figure()
def lin_reg_randomtries(lang, layout="wide"):
    """Three candidate lines over the points, each titled with its equation and MSE."""
    w = WORDS[lang]
    x, y = data.seven_points()
    xs = np.linspace(2.0, 5.4, 2)
    n = len(params.CANDIDATE_LINES)
    fig, axes = style.figure(layout, style.by_layout(layout, wide=3.6, narrow=2.3 * n), n)
    for ax, (m, b) in zip(axes, params.CANDIDATE_LINES, strict=True):
        plot_points(ax, lang)
        ax.plot(xs, m * xs + b, color=style.ORANGE)
        mse = linear.line_mse(m, b, x, y)
        ax.set_title(f"{equation(lang, m, b)}\n{w['mse_value'].format(mse=mse)}", fontsize=11)
    axes[0].legend(loc="upper left", fontsize=10)
    style.label_outer(axes, layout)
    return fig


@figure()
def lin_reg_error(lang, layout="wide"):
    """The line f(x) = -0.11x + 2.5 with each error drawn as a red dashed segment."""
    w = WORDS[lang]
    x, y = data.seven_points()
    m, b = params.ERROR_LINE
    fig, (ax,) = style.figure(layout, style.by_layout(layout, wide=4.4, narrow=3.4))
    plot_points(ax, lang)
    xs = np.linspace(2.0, 5.4, 2)
    ax.plot(xs, m * xs + b, color=style.ORANGE, label=equation(lang, m, b))
    ax.vlines(x, y, m * x + b, colors=style.RED, linestyles="--", lw=1.5, label=w["error"])
    ax.legend(loc="upper left")
    return fig


def mse_contours(ax, lang, ms, bs, J):
    """Log-spaced contour lines of the MSE with labelled axes."""
    w = WORDS[lang]
    levels = np.geomspace(J.min() * 1.5, J.max(), params.MSE_LEVELS)
    ax.contour(ms, bs, J, levels=levels, cmap=style.SURFACE_CMAP, linewidths=1.0)
    ax.set(xlabel=w["slope_m"], ylabel=w["intercept_b"])


@figure()
def lin_reg_mse(lang, layout="wide"):
    """The MSE over (m, b) as a 3-D surface and as log-spaced contours, side by side or
    stacked."""
    w = WORDS[lang]
    ms, bs, J, (m_best, b_best) = mse_landscape()
    J_best = J.min()
    fig, (surface, contours) = style.figure(
        layout,
        style.by_layout(layout, wide=4.2, narrow=6.6),
        2,
        projections=("3d", None),
        ratios=style.by_layout(layout, wide=(1.15, 1), narrow=(1, 1.1)),
    )
    M, B = np.meshgrid(ms, bs)
    surface.plot_surface(M, B, J, cmap=style.SURFACE_CMAP, rstride=4, cstride=4, lw=0, alpha=0.9)
    surface.computed_zorder = False
    surface.scatter([m_best], [b_best], [J_best], color=style.RED, s=60, depthshade=False, zorder=5)
    surface.set(xticks=[-2, 0, 2, 4], yticks=[-5, 0, 5], zticks=[0, 200, 400])
    pad = style.by_layout(layout, wide=0, narrow=4)  # the narrow panel's labels are larger
    surface.set_xlabel(w["slope_m"], labelpad=4 + pad)
    surface.set_ylabel(w["intercept_b"], labelpad=4 + pad)
    surface.set_zlabel(w["mse"], labelpad=6 + pad)
    surface.view_init(elev=28, azim=-60)
    surface.set_box_aspect(None, zoom=style.by_layout(layout, wide=0.82, narrow=0.8))
    mse_contours(contours, lang, ms, bs, J)
    contours.plot(m_best, b_best, "*", color=style.RED, ms=14, label=w["minimum"])
    contours.legend(loc="upper right")
    contours.set_title(w["mse_contours"], fontsize=11)
    surface.set_title(w["mse_surface"], fontsize=11)
    return fig
