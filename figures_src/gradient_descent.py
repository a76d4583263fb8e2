"""Figures of the section "Gradient descent"."""

import numpy as np

from experiments import params
from experiments.lines import descent_path, mse_landscape
from words import WORDS

from . import style
from .linear_regression import mse_contours, plot_points
from .registry import figure


@figure()
def lin_reg_mse_gradientdescent(lang, layout="wide"):
    """The descent path on the MSE contours and the line it ends at, side by side or stacked."""
    w = WORDS[lang]
    path = descent_path()
    ms, bs, J, (m_best, b_best) = mse_landscape()
    fig, (contours, line) = style.figure(
        layout,
        style.by_layout(layout, wide=4.0, narrow=6.6),
        2,
        ratios=style.by_layout(layout, wide=(1.1, 1), narrow=(1.1, 1)),
    )
    mse_contours(contours, lang, ms, bs, J)
    contours.plot(path[:, 0], path[:, 1], color=style.RED, lw=1.2, label=w["descent_path"])
    early = path[: params.DESCENT_MARKED_STEPS]
    first = w["first_steps"].format(n=len(early))
    contours.plot(early[:, 0], early[:, 1], ".", color=style.RED, ms=5, label=first)
    contours.plot(*path[0], "o", color=style.RED, ms=7, label=w["start"])
    contours.plot(m_best, b_best, "*", color=style.INK, ms=13, label=w["minimum"])
    contours.legend(loc="upper right", fontsize=10, frameon=True, framealpha=0.9, edgecolor="none")
    contours.set_title(
        w["descent_title"].format(steps=params.DESCENT_STEPS, lr=params.DESCENT_LR), fontsize=11
    )
    plot_points(line, lang)
    m, b = path[-1]
    xs = np.linspace(2.0, 5.4, 2)
    line.plot(xs, m * xs + b, color=style.RED, label=w["final_line"].format(steps=len(path) - 1))
    line.legend(loc="upper left", fontsize=10)
    return fig
