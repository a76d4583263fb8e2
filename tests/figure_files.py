"""Reading a figure folder: its final files, and any file decoded (shared by the figure tests)."""

import json
from pathlib import Path

import imageio.v3 as iio

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
# to the contour race's 101) and three pictures. Tests that draw again or interrupt a drawing use
# these rather than every figure.
ANIMATION = "optimizers_saddle"
PICTURES = [name for name, spec in registry.FIGURES.items() if spec.kind == "png"][:3]
SAMPLE = [ANIMATION, *PICTURES]
assert registry.FIGURES[ANIMATION].kind == "gif", ANIMATION
