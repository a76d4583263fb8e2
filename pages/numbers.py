"""Every number the chapter's prose quotes, computed from `lib` and the experiments.

`page_numbers(page, lang)` returns ``{key: text}`` for one page; the page's setup cell glues
each entry so that the prose writes {glue}`key` instead of typing the number. A page's numbers
come from the function named after it without its number (``linear_regression`` for
``02_linear_regression``); a page without such a function quotes none. Both languages get the
same numbers; only a few words differ (`words/<lang>.py`, ``PAGES``).
"""

from __future__ import annotations

import numpy as np

from contents import SECTIONS, check_lang
from experiments import params
from experiments.landscapes import (
    ESCAPE_HORIZON,
    arrival_step,
    bumpy_detour,
    bumpy_paths,
    path_length,
    race_descents,
    saddle_escape_steps,
    saddle_paths,
)
from experiments.lines import descent_path, least_squares_line, stability_limit
from experiments.overfitting import dropped_units, noisy, overfit_errors, overfit_history
from lib import data, linear, surfaces
from lib.nn import MLP
from words import PAGE_WORDS, WORDS, optimizer_name


def integer(n: int) -> str:
    """An integer with thousands separators: 11935 -> '11,935'."""
    return f"{int(n):,}"


def decimal(x: float, digits: int = 3) -> str:
    """A decimal with a true minus sign: -0.11 -> '−0.11'."""
    return f"{x:.{digits}f}".replace("-", "\u2212")


def short(x: float) -> str:
    """A number in its shortest form, with a true minus sign: 2.5 -> '2.5', -2.0 -> '−2'."""
    return f"{x:g}".replace("-", "\u2212")


def percent(fraction: float, digits: int = 0) -> str:
    """A fraction as a percentage: 0.875 -> '87.5%' (digits=1)."""
    return f"{100 * fraction:.{digits}f}%"


# The digit-recognising network of the previous chapter: 784 inputs, 15 hidden, 10 outputs.
MNIST_SIZES = (784, 15, 10)


def joined(items, lang: str) -> str:
    """Items as a list in prose: '6, 6 and 3' (the last joined by the language's 'and')."""
    items = list(items)
    joiner = PAGE_WORDS[lang]["list_joiner"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + joiner + items[-1]


def why_training_is_hard(lang: str) -> dict[str, str]:
    """Grid sample counts, the network whose weight is tweaked and the size of the MNIST network."""
    n, fine = params.SAMPLES_PER_AXIS, 10 * params.SAMPLES_PER_AXIS
    net = MLP(list(MNIST_SIZES))
    tweak = params.TWEAK_NETWORK
    return {
        "tweak_inputs": integer(tweak[0]),
        "tweak_hidden": joined([integer(k) for k in tweak[1:-1]], lang),
        "tweak_hidden_layers": integer(len(tweak) - 2),
        "tweak_outputs": integer(tweak[-1]),
        "grid_per_axis": integer(n),
        "grid_fine_per_axis": integer(fine),
        "samples_2d": integer(n**2),
        "samples_3d": integer(n**3),
        "samples_2d_fine": integer(fine**2),
        "samples_3d_fine": integer(fine**3),
        "mnist_inputs": integer(MNIST_SIZES[0]),
        "mnist_hidden": integer(MNIST_SIZES[1]),
        "mnist_outputs": integer(MNIST_SIZES[2]),
        "mnist_weights": integer(net.num_weights),
        "mnist_biases": integer(net.num_params - net.num_weights),
        "mnist_params": integer(net.num_params),
        "haystack_ratio": integer(round(net.num_params / 3)),
        "universe_atoms_exponent": integer(80),
    }


def linear_regression(lang: str) -> dict[str, str]:
    """The candidate lines with their MSEs and the least-squares minimum of the bowl."""
    x, y = data.seven_points()
    numbers = {
        "n_points": integer(len(x)),
        "x_lo": short(x.min()),
        "x_hi": short(x.max()),
        "y_lo": short(round(y.min(), 1)),
        "y_hi": short(round(y.max(), 1)),
    }
    for k, (m, b) in enumerate(params.CANDIDATE_LINES, start=1):
        numbers[f"cand{k}_m"] = short(m)
        numbers[f"cand{k}_b"] = short(b)
        numbers[f"cand{k}_mse"] = decimal(linear.line_mse(m, b, x, y))
    m, b, mse = least_squares_line()
    numbers |= {"lsq_m": decimal(m), "lsq_b": decimal(b), "lsq_mse": decimal(mse, 4)}
    numbers |= {
        "bowl_m_lo": short(params.M_RANGE[0]),
        "bowl_m_hi": short(params.M_RANGE[1]),
        "bowl_b_lo": short(params.B_RANGE[0]),
        "bowl_b_hi": short(params.B_RANGE[1]),
    }
    return numbers


def gradient_descent(lang: str) -> dict[str, str]:
    """Where the gradient-descent figure starts and ends, and the stable learning rates."""
    x, y = data.seven_points()
    path = descent_path()
    (m0, b0), (m1, b1) = path[0], path[-1]
    m, b, _ = least_squares_line()
    return {
        "n_points": integer(len(x)),
        "gd_lr": short(params.DESCENT_LR),
        "gd_steps": integer(params.DESCENT_STEPS),
        "gd_start_m": decimal(m0, 2),
        "gd_start_b": decimal(b0, 2),
        "gd_end_m": decimal(m1),
        "gd_end_b": decimal(b1),
        "gd_end_mse": decimal(linear.line_mse(m1, b1, x, y), 4),
        "gd_lr_limit": decimal(stability_limit(), 4),
        "lsq_m": decimal(m),
        "lsq_b": decimal(b),
    }


def point(p) -> str:
    """A point of the plane as '(−0.5, −3)', each coordinate to two decimals at most."""
    x, y = (short(round(float(c), 2)) for c in p)
    return f"({x}, {y})"


def distance(a, b) -> float:
    """The straight-line distance between two points of the plane."""
    return float(np.linalg.norm(np.asarray(a, dtype=float) - np.asarray(b, dtype=float)))


def neural_networks(lang: str) -> dict[str, str]:
    """How the descents on the bumpy surface end, how the first race runs and how fast the
    optimizers leave the saddle."""
    minima = np.array(surfaces.BUMPY.minima)
    reached = {int(np.argmin(np.linalg.norm(minima - path[-1], axis=1))) for path in bumpy_paths()}
    detour_start, detour_end, detour_nearest = bumpy_detour()

    race = race_descents()
    race_minimum = surfaces.SURFACES[params.RACE_SURFACE].minima[0]
    adaptive = [path_length(race[name]) for name in ADAPTIVE]
    gd_y = saddle_paths()["SGD"][:2, 1]
    numbers = {
        "bumpy_n_starts": integer(len(params.BUMPY_STARTS)),
        "bumpy_n_minima_reached": integer(len(reached)),
        "bumpy_detour_start": point(detour_start),
        "bumpy_detour_end": point(detour_end),
        "bumpy_detour_nearest": point(detour_nearest),
        "bumpy_detour_end_distance": decimal(distance(detour_start, detour_end), 2),
        "bumpy_detour_nearest_distance": decimal(distance(detour_start, detour_nearest), 2),
        "race_steps": integer(params.RACE_STEPS),
        "race_surface": WORDS[lang][params.RACE_SURFACE],
        "race_shared_lr": short(params.RACE_SETTINGS["SGD"]["lr"]),
        "race_start": point(params.RACE_START),
        "race_minimum": point(race_minimum),
        "race_straight": decimal(distance(params.RACE_START, race_minimum), 2),
        "race_radius": short(params.RACE_ARRIVAL_RADIUS),
        "race_gd_length": decimal(path_length(race["SGD"]), 2),
        "race_gd_final_distance": decimal(distance(race["SGD"][-1], race_minimum), 2),
        "race_adaptive_length_lo": decimal(min(adaptive), 1),
        "race_adaptive_length_hi": decimal(max(adaptive), 1),
        "saddle_steps": integer(params.SADDLE_STEPS),
        # Near the saddle gradient descent multiplies y by (1 + 2α) a step; read off its path.
        "saddle_gd_factor": decimal(gd_y[1] / gd_y[0], 2),
    }
    return numbers


# The optimizers that scale each step by a running size of the gradients (the page's "adaptive
# methods"); the others are gradient descent and the two momentum methods.
ADAPTIVE = ("AdaGrad", "AdaDelta", "RMSprop", "Adam")


def race_rows(lang: str) -> list[dict[str, str]]:
    """The first race, one row per optimizer as the legend lists them: its name, path length
    and the step at which it first comes within the arrival radius of the minimum (or that it
    does not within the steps shown)."""
    minimum = surfaces.SURFACES[params.RACE_SURFACE].minima[0]
    rows = []
    for name, path in race_descents().items():
        step = arrival_step(path, minimum, params.RACE_ARRIVAL_RADIUS)
        rows.append(
            {
                "optimizer": optimizer_name(lang, name),
                "length": decimal(path_length(path), 2),
                "arrival": step_or_none(step, params.RACE_STEPS, lang),
            }
        )
    return rows


def saddle_rows(lang: str) -> list[dict[str, str]]:
    """The saddle race, one row per optimizer: its name and the step at which it gets one unit
    off the ridge."""
    horizon = ESCAPE_HORIZON * params.SADDLE_STEPS
    return [
        {"optimizer": optimizer_name(lang, name), "escape": step_or_none(step, horizon, lang)}
        for name, step in saddle_escape_steps().items()
    ]


def step_or_none(step: int | None, steps: int, lang: str) -> str:
    """A step number, or that there is none within ``steps`` steps."""
    if step is None:
        return PAGE_WORDS[lang]["not_within"].format(integer(steps))
    return integer(step)


def rise(coeffs, x) -> float:
    """How much a polynomial climbs from the first to the last of the points x."""
    return float(linear.polyval(coeffs, x.max()) - linear.polyval(coeffs, x.min()))


def leading_epochs_below(lower, upper) -> int:
    """For how many epochs from the first one ``lower`` stays below ``upper``."""
    above = np.flatnonzero(np.asarray(lower) >= np.asarray(upper))
    return int(above[0]) if above.size else len(lower)


def hyperparameters(lang: str) -> dict[str, str]:
    """Over-fitting errors, the learning-curve epochs and the split and dropout settings."""
    errors = overfit_errors()
    history = overfit_history()
    best = history.best_epoch
    train_idx, val_idx, _ = data.train_val_test_split(
        params.CURVES_N, params.CURVES_FRACTIONS, params.CURVES_SEED
    )
    x, y = noisy()
    d, strongest = params.OVERFIT_DEGREE, max(params.LAMBDAS)
    interpolant = linear.polyfit_mse_l2(x, y, d, 0.0)
    fractions = (0.7, 0.15, 0.15)
    lambdas = [short(lam) for lam in params.LAMBDAS]
    network = MLP(list(params.CURVES_SIZES))
    hidden = sum(params.DROPOUT_NETWORK[1:-1])
    dropped = len(dropped_units(params.DROPOUT_NETWORK))
    return {
        "true_intercept": short(float(data.true_curve(0.0))),
        "true_slope": short(round(float(data.true_curve(1.0) - data.true_curve(0.0)), 12)),
        "overfit_n": integer(params.NOISY_N),
        "overfit_degree": integer(params.OVERFIT_DEGREE),
        "overfit_line_train_mse": decimal(errors["line_train"]),
        "overfit_poly_train_mse": decimal(errors["poly_train"]),
        "overfit_line_test_mse": decimal(errors["line_test"]),
        "overfit_poly_test_mse": decimal(errors["poly_test"]),
        "split_train_pct": percent(fractions[0]),
        "split_val_pct": percent(fractions[1]),
        "split_test_pct": percent(fractions[2]),
        "kfold_k": integer(10),
        "lc_sizes": "-".join(integer(k) for k in params.CURVES_SIZES),
        "lc_hidden_layers": integer(len(params.CURVES_SIZES) - 2),
        "lc_hidden_units": integer(params.CURVES_SIZES[1]),
        "lc_params": integer(network.num_params),
        "lc_patience": integer(params.CURVES_PATIENCE),
        "lc_epochs": integer(len(history.train_loss)),
        "lc_best_epoch": integer(best),
        "lc_best_val_acc": percent(history.val_acc[best - 1], 1),
        "lc_final_train_acc": percent(history.train_acc[-1], 1),
        "lc_final_val_acc": percent(history.val_acc[-1], 1),
        "lc_n_train": integer(len(train_idx)),
        "lc_n_val": integer(len(val_idx)),
        "lc_val_below_epochs": integer(leading_epochs_below(history.val_loss, history.train_loss)),
        "overfit_max_coef": integer(round(np.abs(interpolant).max())),
        "reg_lambdas": joined(lambdas, lang),
        "reg_n_lambdas": integer(len(params.LAMBDAS)),
        "reg_lambda_min": short(min(params.LAMBDAS)),
        "reg_lambda_max": short(strongest),
        "reg_rise_max": decimal(rise(linear.polyfit_mse_l2(x, y, d, strongest), x), 2),
        "reg_rise_line": decimal(rise(linear.polyfit_mse_l2(x, y, 1, 0.0), x), 2),
        "dropout_rate": percent(params.DROPOUT_RATE),
        "dropout_hidden": integer(hidden),
        "dropout_dropped": integer(dropped),
    }


def backpropagation(lang: str) -> dict[str, str]:
    """What finite differences would cost for the MNIST network."""
    n = MLP(list(MNIST_SIZES)).num_params
    return {"mnist_params": integer(n), "fd_forward_passes": integer(n + 1)}


def page_numbers(page: str, lang: str) -> dict[str, str]:
    """The numbers quoted on one page, as text, keyed as the prose's {glue} roles name them."""
    if page not in SECTIONS:
        raise ValueError(f"unknown page {page!r}; the pages are {', '.join(SECTIONS)}")
    check_lang(lang)
    numbers = globals().get(page.partition("_")[2])
    if callable(numbers) and getattr(numbers, "__module__", None) == __name__:
        return numbers(lang)
    return {}
