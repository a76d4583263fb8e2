"""The explorers: three figures the reader drives, each beside its static figure.

An explorer is computed in the reader's browser by the book's JavaScript twin of `lib`
(`book/static/explore/ml4a-lib.js`, proven equal to `lib` by tests/test_explore_js.py) and
drawn over a map made here with matplotlib, in the figures' style and in the page's language.
Beside each map goes the data-to-pixel mapping of its axes, so the page draws paths exactly
where matplotlib would. `page_data` collects what a page needs: settings read from `params`,
the data from `lib`, the maps' mappings and the words of its language.

Maps are cached like figures: ``<out>/<lang>/explore/<map>.png`` and ``<map>.json`` (the
mapping) are keyed by a hash of the drawing code, the words, `lib/` and the package versions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lib import data, linear, optim, surfaces

from . import build, params, style
from .explore_words import EXPLORE_WORDS
from .gradient_descent import descent_path
from .hyperparameters import fit_ylim, held_out, noisy
from .linear_regression import mse_contours, mse_landscape
from .neural_networks import race_contours
from .words import WORDS

KEY_VERSION = "1"
# Size of a map in inches (at the figures' dpi): one column on a phone, half a page beside
# the controls on a wide screen.
MAP_SIZE = (5.2, 4.2)


@dataclass(frozen=True)
class Explorer:
    """One explorer: the page it is on, the figure it sits beside, its maps (the first shown
    first) and the key of each map's alt text in `EXPLORE_WORDS`."""

    name: str
    page: str
    beside: str
    maps: tuple[str, ...]
    alts: tuple[str, ...]


EXPLORERS: dict[str, Explorer] = {
    e.name: e
    for e in (
        Explorer(
            "descent",
            "03_gradient_descent",
            "lin_reg_mse_gradientdescent",
            ("bowl",),
            ("descent_alt",),
        ),
        Explorer(
            "race",
            "04_neural_networks",
            "optimizers_contour",
            (params.RACE_SURFACE, "saddle"),
            ("beale_alt", "saddle_alt"),
        ),
        Explorer("regularization", "05_hyperparameters", "regularization", ("fit",), ("fit_alt",)),
    )
}


# --------------------------------------------------------------- the maps


def map_figure():
    """An empty map: one axes filling a figure of MAP_SIZE."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=MAP_SIZE)
    return fig, fig.add_subplot()


def bowl_map(lang):
    """The MSE of the line over (m, b): log-spaced contours and the least-squares minimum."""
    w = WORDS[lang]
    ms, bs, J, (m_best, b_best) = mse_landscape()
    fig, ax = map_figure()
    mse_contours(ax, lang, ms, bs, J)
    ax.plot(m_best, b_best, "*", color=style.INK, ms=13, label=w["minimum"])
    ax.legend(loc="upper right", fontsize=11, frameon=True, framealpha=0.9, edgecolor="none")
    return fig, ax


def race_map(surface, window, filled):
    """The contours of a race surface over ``window`` as the race animations draw them."""
    fig, ax = map_figure()
    race_contours(ax, surface, window, filled)
    ax.set(xlim=window[0], ylim=window[1], xticks=[], yticks=[])
    for side in ("top", "right"):
        ax.spines[side].set_visible(True)
    return fig, ax


def beale_map(lang):
    """Beale's function over the race's window."""
    surface = surfaces.SURFACES[params.RACE_SURFACE]
    return race_map(surface, params.RACE_WINDOW, filled=False)


def saddle_map(lang):
    """The saddle over the saddle race's window."""
    return race_map(surfaces.SADDLE, params.SADDLE_WINDOW, filled=True)


def fit_map(lang):
    """The eleven training points over the held-out (validation) points, axes as the figure."""
    w, words = WORDS[lang], EXPLORE_WORDS[lang]
    x, y = noisy()
    x_val, y_val = held_out()
    fig, ax = map_figure()
    validation = ax.scatter(x_val, y_val, s=9, color=style.GREY, lw=0, label=words["val_points"])
    training = ax.scatter(x, y, s=40, color=style.INK, zorder=3, label=words["train_points"])
    ax.set(xlabel=w["x"], ylabel=w["y"], ylim=fit_ylim(y))
    ax.legend(
        handles=[training, validation],
        loc="upper left",
        fontsize=11,
        frameon=True,
        framealpha=0.9,
        edgecolor="none",
    )
    return fig, ax


MAPS: dict[str, Callable] = {
    "bowl": bowl_map,
    params.RACE_SURFACE: beale_map,
    "saddle": saddle_map,
    "fit": fit_map,
}


def render_map(name: str, lang: str) -> tuple[bytes, dict]:
    """The map's PNG and its mapping: image size in pixels, the axes' pixel box (left, top,
    width, height, from the top left corner) and the axes' data limits."""
    with style.drawing(lang):
        fig, ax = MAPS[name](lang)
        try:
            png = style.png_bytes(fig)  # lays the figure out, as the file shows it
            width, height = (fig.get_size_inches() * fig.dpi).round().astype(int)
            box = ax.get_position()
            mapping = {
                "width": int(width),
                "height": int(height),
                "box": [
                    round(box.x0 * width, 2),
                    round((1 - box.y1) * height, 2),
                    round(box.width * width, 2),
                    round(box.height * height, 2),
                ],
                "xlim": [float(v) for v in ax.get_xlim()],
                "ylim": [float(v) for v in ax.get_ylim()],
            }
        finally:
            style.close(fig)
    return png, mapping


def map_key(name: str, lang: str) -> str:
    """Content hash of everything that determines a map in ``lang``."""
    digest = hashlib.sha256()
    words = (sorted(WORDS[lang].items()), sorted(EXPLORE_WORDS[lang].items()))
    for part in (KEY_VERSION, name, lang, build.code_fingerprint(MAPS[name]), repr(words)):
        digest.update(part.encode() + b"\0")
    digest.update(build._shared_inputs())
    return digest.hexdigest()


def map_paths(name: str, lang: str, out: Path | None = None) -> dict[str, Path]:
    """The files of a map: ``image``, ``mapping`` and ``key``."""
    if name not in MAPS:
        raise ValueError(f"unknown map {name!r}; known maps: {', '.join(MAPS)}")
    folder = Path(out or build.default_out()) / lang / "explore"
    return {
        "image": folder / f"{name}.png",
        "mapping": folder / f"{name}.json",
        "key": folder / f".{name}.key",
    }


def ensure_map(name: str, lang: str, out: Path | None = None) -> tuple[Path, dict]:
    """Draw a map if it is out of date; return its image's path and its mapping."""
    if lang not in build.LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {build.LANGS}")
    paths = map_paths(name, lang, out)
    key = map_key(name, lang)
    try:
        current = paths["key"].read_text() == key and paths["image"].exists()
        mapping = json.loads(paths["mapping"].read_text()) if current else None
    except (OSError, ValueError):
        current, mapping = False, None
    if not current:
        png, mapping = render_map(name, lang)
        paths["image"].parent.mkdir(parents=True, exist_ok=True)
        build._write_atomic(paths["image"], png)
        build._write_atomic(paths["mapping"], json.dumps(mapping, sort_keys=True).encode())
        build._write_atomic(paths["key"], key.encode())
    return paths["image"], mapping


# --------------------------------------------------------------- what the page gets


def lib_data() -> dict:
    """The data behind the JavaScript twin's surfaces, from `lib`: the seven points and the
    bumpy surface's wells."""
    x, y = data.seven_points()
    return {
        "points": {"x": x.tolist(), "y": y.tolist()},
        "wells": [list(well) for well in surfaces._WELLS],
    }


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
        "color": style.RED,
    }


def race_data(lang: str) -> dict:
    """The two races of the animations, with their settings and optimizer names and colours."""
    w = WORDS[lang]
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
        "names": {n: w["gradient_descent"] if n == "SGD" else n for n in optim.OPTIMIZERS},
        "colors": style.OPTIMIZER_COLORS,
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
        "color": style.RED,
        "colors": {"train": style.BLUE, "validation": style.ORANGE},
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
