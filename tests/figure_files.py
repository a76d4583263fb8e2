"""Reading a figure folder: its final files, and any file decoded (shared by the figure tests)."""

import json
from pathlib import Path

import imageio.v3 as iio

from contents import LANGS, SOURCE_LANG
from figures_src import registry


def final_files(folder):
    """Output files at their final names (no keys, no temporaries)."""
    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and not p.name.startswith("."))


def decode(path):
    """Decode a PNG, every frame of a GIF or WebP (an array, frames first), or a manifest."""
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    if path.suffix in (".gif", ".webp"):
        return iio.imread(path, index=None, mode="RGB")
    return iio.imread(path)


# A few figures of each kind, quick to draw: the shorter animation (optimizers_saddle, 61 frames
# to the contour race's 101) and the three quickest pictures (about 1 s each in one language,
# where the slowest take 2-4 s). Tests that draw again or interrupt a drawing use these rather
# than every figure; the animation is drawn again in the source language only (its frames are
# encoded the same way in every language; `test_figures.py` decodes both languages' files).
ANIMATION = "optimizers_saddle"
PICTURES = ["lin_reg_scatter", "lin_reg_error", "small_nets"]
SAMPLE = [ANIMATION, *PICTURES]
SAMPLE_JOBS = [(ANIMATION, SOURCE_LANG)] + [(name, lang) for name in PICTURES for lang in LANGS]
assert registry.FIGURES[ANIMATION].kind == "gif", ANIMATION
for _name in PICTURES:
    assert registry.FIGURES.get(_name) and registry.FIGURES[_name].kind == "png", (
        f"the test sample's picture {_name} is not a declared picture: pick another quick one"
    )
