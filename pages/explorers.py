"""The explorers: three figures the reader drives, each beside its static figure.

An explorer is computed in the reader's browser by the book's JavaScript twin of `lib`
(`book/static/explore/ml4a-lib.js`, proven equal to `lib` by tests/test_explore_js.py) and
drawn over maps made by `figures_src.maps`. `page_data` collects what a page needs: settings read
from `params`, the data from `lib`, the maps' data-to-pixel mappings and the words of its
language.
"""

from __future__ import annotations

from dataclasses import dataclass

from experiments import params
from experiments.lines import descent_path
from experiments.overfitting import held_out, noisy
from figures_src import style
from figures_src.maps import ensure_map
from lib import data, linear, optim, surfaces
from words import EXPLORE_WORDS, optimizer_name


@dataclass(frozen=True)
class Explorer:
    """One explorer: the page it is on, the figure it sits beside, its maps (the first shown
    first) and the key of each map's alt text in `EXPLORE_WORDS`."""

    name: str
    page: str
    beside: str
    maps: tuple[str, ...]
    alts: tuple[str, ...]
    title: str  # the key of its title in `EXPLORE_WORDS`


EXPLORERS: dict[str, Explorer] = {
    e.name: e
    for e in (
        Explorer(
            "descent",
            "03_gradient_descent",
            "lin_reg_mse_gradientdescent",
            ("bowl",),
            ("descent_alt",),
            "descent_title",
        ),
        Explorer(
            "race",
            "04_neural_networks",
            "optimizers_contour",
            (params.RACE_SURFACE, "saddle"),
            ("beale_alt", "saddle_alt"),
            "race_title",
        ),
        Explorer(
            "regularization",
            "05_hyperparameters",
            "regularization",
            ("fit",),
            ("fit_alt",),
            "reg_title",
        ),
    )
}


def lib_data() -> dict:
    """The data behind the JavaScript twin's surfaces, from `lib`: the seven points and the
    bumpy surface's wells."""
    x, y = data.seven_points()
    return {
        "points": {"x": x.tolist(), "y": y.tolist()},
        "wells": [list(well) for well in surfaces.WELLS],
    }


def themed_colors(pick) -> dict:
    """The colours an explorer draws with, by role, in each theme: ``pick`` chooses them from
    a palette of `figures_src.style` (the script sets those of the reader's theme)."""
    return {theme: pick(style.palette(theme)) for theme in style.THEMES}


def log_slider(low: float, high: float) -> dict:
    """A logarithmic slider's range and number of positions."""
    return {"low": low, "high": high, "positions": params.EXPLORE_SLIDER_POSITIONS}


def descent_data() -> dict:
    """Gradient descent on the bowl, starting as the static figure does."""
    x, y = data.seven_points()
    b_best, m_best = linear.least_squares(x, y)
    return {
        "surface": "bowl",
        "optimizer": "SGD",
        "start": descent_path()[0].tolist(),
        "lr": params.DESCENT_LR,
        "lr_slider": log_slider(*params.EXPLORE_LR_RANGE),
        "steps": params.DESCENT_STEPS,
        "marked_steps": params.DESCENT_MARKED_STEPS,
        "minimum": {"point": [m_best, b_best], "loss": linear.line_mse(m_best, b_best, x, y)},
        "colors": themed_colors(lambda colors: {"path": colors["RED"]}),
    }


def race_data(lang: str) -> dict:
    """The two races of the animations, with their settings and optimizer names and colours."""
    race = {
        "start": list(params.RACE_START),
        "steps": params.RACE_STEPS,
        "steps_per_frame": params.RACE_STEPS_PER_FRAME,
        "window": params.RACE_WINDOW,
        "settings": params.RACE_SETTINGS,
    }
    saddle = {
        "start": list(surfaces.SADDLE.start),
        "steps": params.SADDLE_STEPS,
        "steps_per_frame": params.SADDLE_STEPS_PER_FRAME,
        "window": params.SADDLE_WINDOW,
        "settings": params.SADDLE_SETTINGS,
    }
    return {
        "surfaces": {params.RACE_SURFACE: race, "saddle": saddle},
        "optimizers": list(optim.OPTIMIZERS),
        "names": {n: optimizer_name(lang, n) for n in optim.OPTIMIZERS},
        "colors": themed_colors(lambda colors: dict(colors["OPTIMIZER_COLORS"])),
        "decades": params.EXPLORE_RACE_DECADES,
        "positions": params.EXPLORE_SLIDER_POSITIONS,
        "frame_ms": params.FRAME_MS,
        "trail": params.TRAIL_STEPS,
    }


def regularization_data() -> dict:
    """The polynomial of the regularization figure, its training and validation points."""
    x, y = noisy()
    x_val, y_val = held_out()
    return {
        "degree": params.OVERFIT_DEGREE,
        "train": {"x": x.tolist(), "y": y.tolist()},
        "validation": {"x": x_val.tolist(), "y": y_val.tolist()},
        "lambda": 0.0,
        "lambda_slider": log_slider(*params.EXPLORE_LAMBDA_RANGE),
        "marked": list(params.LAMBDAS),
        "colors": themed_colors(
            lambda colors: {
                "path": colors["RED"],
                "train": colors["BLUE"],
                "validation": colors["ORANGE"],
            }
        ),
    }


def page_data(name: str, lang: str) -> dict:
    """Everything explorer ``name`` needs on a page in ``lang``."""
    if name not in EXPLORERS:
        raise ValueError(f"unknown explorer {name!r}; known explorers: {', '.join(EXPLORERS)}")
    if lang not in EXPLORE_WORDS:
        raise ValueError(f"unknown language {lang!r}; expected one of {sorted(EXPLORE_WORDS)}")
    explorer = EXPLORERS[name]
    settings = {
        "descent": descent_data,
        "race": lambda: race_data(lang),
        "regularization": regularization_data,
    }[name]()
    return {
        "explorer": name,
        "lang": lang,
        "words": EXPLORE_WORDS[lang],
        "lib": lib_data(),
        "maps": {m: ensure_map(m, lang)[1] for m in explorer.maps},
        **settings,
    }
