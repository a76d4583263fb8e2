"""Figures of the section "Hyperparameters": overfitting, learning curves, regularization,
dropout."""

import numpy as np

from experiments import params
from experiments.overfitting import dropped_units, noisy, overfit_history
from lib import linear
from words import WORDS

from . import diagrams, style
from .registry import figure


def fit_ylim(y):
    """y-limits that show the points with room for a wiggly curve, but not its wild swings."""
    span = y.max() - y.min()
    return y.min() - 0.6 * span, y.max() + 0.6 * span


def plot_fit(ax, x, y, degree, lam, color, label=None):
    """The degree-``degree`` polynomial minimising the chapter's J = MSE + ½ λ Σ w²."""
    xs = np.linspace(x.min(), x.max(), 400)
    coeffs = linear.polyfit_mse_l2(x, y, degree, lam)
    ax.plot(xs, linear.polyval(coeffs, xs), color=color, label=label)


@figure()
def overfitting(lang, layout="wide"):
    """A straight line roughly fits eleven noisy points; a degree-10 polynomial hits them all."""
    w = WORDS[lang]
    x, y = noisy()
    fig, (ax,) = style.figure(layout, style.by_layout(layout, wide=4.4, narrow=4.2))
    plot_fit(ax, x, y, 1, 0.0, style.BLUE, w["straight_line"])
    d = params.OVERFIT_DEGREE
    plot_fit(ax, x, y, d, 0.0, style.RED, w["polynomial"].format(d=d))
    ax.scatter(x, y, s=40, color=style.INK, zorder=3, label=w["data"])
    ax.set(xlabel=w["x"], ylabel=w["y"], ylim=fit_ylim(y))
    style.legend_beside(ax, layout)
    return fig


def lambda_text(lam):
    """λ as ``0``, ``10^{-4}`` (for powers of ten) or a plain number."""
    if lam == 0:
        return "0"
    exponent = np.log10(lam)
    if exponent == round(exponent):
        return f"$10^{{{int(exponent)}}}$" if exponent != 0 else "1"
    return f"{lam:g}"


@figure()
def regularization(lang, layout="wide"):
    """The degree-10 fit under increasing L2 strength λ flattens toward a smooth curve."""
    w = WORDS[lang]
    x, y = noisy()
    d = params.OVERFIT_DEGREE
    n = len(params.LAMBDAS)
    fig, axes = style.figure(layout, style.by_layout(layout, wide=3.0, narrow=5.0), n)
    for ax, lam in zip(axes, params.LAMBDAS, strict=True):
        plot_fit(ax, x, y, d, lam, style.RED, w["polynomial"].format(d=d))
        ax.scatter(x, y, s=20, color=style.INK, zorder=3, label=w["data"])
        ax.set(xlabel=w["x"], ylim=fit_ylim(y), xticks=[0, 1])
        title = w["lambda_value"].format(lam=lambda_text(lam))
        if lam == 0:
            title += f"\n{w['no_regularization']}"
        ax.set_title(title, fontsize=11)
    for ax in axes:
        ax.set_ylabel(w["y"])
    style.label_outer(axes, layout, ticks=True)
    style.legend_under(fig, axes[0], layout)
    return fig


@figure()
def learning_curves(lang, layout="wide"):
    """Training and validation loss and accuracy per epoch, with the early-stopping epoch."""
    w = WORDS[lang]
    history = overfit_history()
    epochs = np.arange(1, len(history.train_loss) + 1)
    best = history.best_epoch
    fig, (loss, accuracy) = style.figure(layout, style.by_layout(layout, wide=3.8, narrow=5.8), 2)
    for ax, train_curve, val_curve, label in (
        (loss, history.train_loss, history.val_loss, w["cross_entropy_loss"]),
        (accuracy, history.train_acc, history.val_acc, w["accuracy"]),
    ):
        ax.plot(epochs, train_curve, color=style.BLUE, label=w["training"])
        ax.plot(epochs, val_curve, color=style.ORANGE, label=w["validation"])
        ax.axvline(best, color=style.INK, ls="--", lw=1.2)
        ax.set(xlabel=w["epoch"], ylabel=label, xlim=(0, epochs[-1]))
    loss.annotate(
        w["early_stop"].format(e=best),
        xy=(best, np.max(history.val_loss)),
        xytext=(6, 0),
        textcoords="offset points",
        va="top",
        fontsize=10,
    )
    loss.legend(loc="lower left")
    accuracy.set_ylim(top=1.02)
    style.label_outer([loss, accuracy], layout, y=False)
    return fig


@figure()
def dropout(lang, layout="wide"):
    """A network as it is and with dropout: dropped units crossed out, links removed."""
    w = WORDS[lang]
    sizes = params.DROPOUT_NETWORK
    fig, (left, right) = style.figure(layout, style.by_layout(layout, wide=3.8, narrow=6.2), 2)
    diagrams.draw_network(left, sizes)
    diagrams.draw_network(right, sizes, removed=dropped_units(sizes))
    left.set_title(w["full_network"])
    right.set_title(w["after_dropout"].format(p=params.DROPOUT_RATE))
    return fig
