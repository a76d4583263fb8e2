"""The maps under the explorers (`pages.explorers`): drawn with matplotlib, in the figures' style
and in the page's language, each with the data-to-pixel mapping of its axes, so that the page's
script draws paths exactly where matplotlib would.

Each map is drawn in each theme, like the figures: ``<out>/<lang>/explore/<map>.png`` and
``<map>.dark.png``, over the same axes, so that one mapping, ``<map>.json``, serves both. Maps
are cached like figures: the pictures and the mapping are keyed by a hash of the drawing code,
the explorers' words, `lib/` and the package versions, and by the figure words the map drew
(stored with its key, as a figure's are), so a word that no map draws redraws none. `python -m
figures_src` draws them with the figures, so that a page's code key (`pages/keys.py`) can cover
the words its maps drew.

A map's smallest text is ``MAP_TEXT_PT``: a phone shows a map narrower than a figure (beside
nothing, under the explorer's padding), and its text must still be at least 9 CSS px tall, as
the figures' (`tests/test_explorers_browser.py` measures it at each width, from the mapping's
``min_text_px``, the smallest text's size in the picture's pixels).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import words
from contents import LANGUAGES, check_lang
from experiments import params
from experiments.lines import mse_landscape
from experiments.overfitting import held_out, noisy
from lib import surfaces
from words import EXPLORE_WORDS, WORDS

from . import build, style
from .hyperparameters import fit_ylim
from .linear_regression import mse_contours
from .neural_networks import race_contours

KEY_VERSION = "4"
# Size of a map in inches (at the figures' dpi): one column on a phone, half a page beside
# the controls on a wide screen.
MAP_SIZE = (5.2, 4.2)
# The size of a map's tick labels and legends, in points (the figures' are 11).
MAP_TEXT_PT = 12


# --------------------------------------------------------------- the maps


def map_figure():
    """An empty map: one axes filling a figure of MAP_SIZE."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=MAP_SIZE)
    ax = fig.add_subplot()
    ax.tick_params(labelsize=MAP_TEXT_PT)
    return fig, ax


def bowl_map(lang):
    """The MSE of the line over (m, b): log-spaced contours and the least-squares minimum."""
    w = WORDS[lang]
    ms, bs, J, (m_best, b_best) = mse_landscape()
    fig, ax = map_figure()
    mse_contours(ax, lang, ms, bs, J)
    ax.plot(m_best, b_best, "*", color=style.INK, ms=13, label=w["minimum"])
    ax.legend(
        loc="upper right", fontsize=MAP_TEXT_PT, frameon=True, framealpha=0.9, edgecolor="none"
    )
    return fig, ax


def race_map(lang, surface, window, filled):
    """The contours of a race surface over ``window`` as the race animations draw them."""
    w = WORDS[lang]
    fig, ax = map_figure()
    marks = race_contours(ax, lang, surface, window, filled)
    ax.set(xlim=window[0], ylim=window[1], xlabel=w["w1"], ylabel=w["w2"])
    legend = {"frameon": True, "framealpha": 0.9, "edgecolor": "none", "fontsize": MAP_TEXT_PT}
    ax.legend(handles=marks, loc="upper right", **legend)
    for side in ("top", "right"):
        ax.spines[side].set_visible(True)
    return fig, ax


def beale_map(lang):
    """Beale's function over the race's window."""
    surface = surfaces.SURFACES[params.RACE_SURFACE]
    return race_map(lang, surface, params.RACE_WINDOW, filled=False)


def saddle_map(lang):
    """The saddle over the saddle race's window."""
    return race_map(lang, surfaces.SADDLE, params.SADDLE_WINDOW, filled=True)


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
        fontsize=MAP_TEXT_PT,
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


def render_map(name: str, lang: str, theme: str = "light") -> tuple[bytes, dict, dict[str, str]]:
    """The map's PNG in ``theme``, its mapping (image size in pixels, the axes' pixel box
    (left, top, width, height, from the top left corner), the axes' data limits and the
    smallest text's size in pixels) and the figure words it drew (key: value)."""
    with style.drawing(lang, theme), words.recording() as used:
        fig, ax = MAPS[name](lang)
        try:
            with style.recording_text() as drawn:
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
                "min_text_px": round(min(text.pixels for text in drawn), 2),
            }
        finally:
            style.close(fig)
    return png, mapping, {key: WORDS[lang][key] for key in sorted(used)}


def map_key(name: str, lang: str) -> str:
    """Content hash of everything but the figure words that determines a map in ``lang``."""
    digest = hashlib.sha256()
    explore_words = repr(sorted(EXPLORE_WORDS[lang].items()))
    font = repr(LANGUAGES[lang].font)
    for part in (KEY_VERSION, name, lang, font, build.code_fingerprint(MAPS[name]), explore_words):
        digest.update(part.encode() + b"\0")
    digest.update(build._shared_inputs())
    return digest.hexdigest()


# The role of each theme's picture among a map's files.
IMAGES = {"image": "light", "dark_image": "dark"}


def current_record(name: str, lang: str, out: Path | None = None) -> str | None:
    """The map's stored key (its key and the words it drew, with their values) if the map is
    up to date, else None."""
    paths = map_paths(name, lang, out)
    record = build.current_stored_key(paths["key"], map_key(name, lang), lang)
    return record if all(paths[role].exists() for role in ("mapping", *IMAGES)) else None


def map_paths(name: str, lang: str, out: Path | None = None) -> dict[str, Path]:
    """The files of a map: ``image`` (light), ``dark_image``, ``mapping`` and ``key``."""
    if name not in MAPS:
        raise ValueError(f"unknown map {name!r}; known maps: {', '.join(MAPS)}")
    folder = Path(out or build.default_out()) / lang / "explore"
    return {
        "image": folder / f"{name}.png",
        "dark_image": folder / f"{name}.dark.png",
        "mapping": folder / f"{name}.json",
        "key": folder / f".{name}.key",
    }


def ensure_map(name: str, lang: str, out: Path | None = None) -> tuple[Path, dict]:
    """Draw a map in every theme if it is out of date; return its light picture's path and
    its mapping."""
    check_lang(lang)
    paths = map_paths(name, lang, out)
    try:
        current = current_record(name, lang, out) is not None
        mapping = json.loads(paths["mapping"].read_text()) if current else None
    except (OSError, ValueError):
        current, mapping = False, None
    if not current:
        pictures, drawn = {}, {}
        for role, theme in IMAGES.items():
            pictures[role], themed, used = render_map(name, lang, theme)
            if mapping is not None and themed != mapping:
                raise build.FigureError(
                    f"map {lang}/{name}: its {theme} picture's axes do not lie where the "
                    f"light one's do ({themed} against {mapping})"
                )
            mapping = themed
            drawn.update(used)
        paths["image"].parent.mkdir(parents=True, exist_ok=True)
        for role, png in pictures.items():
            build._write_atomic(paths[role], png)
        build._write_atomic(paths["mapping"], json.dumps(mapping, sort_keys=True).encode())
        record = build.stored_key(map_key(name, lang), drawn)
        build._write_atomic(paths["key"], record.encode())
    return paths["image"], mapping


def ensure_maps(langs, out: Path | None = None) -> int:
    """Draw every map that is out of date in ``langs``; returns how many were drawn."""
    drawn = 0
    for lang in langs:
        for name in MAPS:
            if current_record(name, lang, out) is None:
                ensure_map(name, lang, out)
                drawn += 1
    return drawn
