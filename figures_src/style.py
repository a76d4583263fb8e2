"""The look of every figure: fonts, colours, sizes, and deterministic saving.

One place decides how figures look, so section modules only say *what* to draw.
Call ``drawing(lang)`` around drawing and saving a figure: it selects the Agg
backend, registers the NanumGothic fonts shipped with ``koreanize_matplotlib``
(without calling its ``koreanize()``), applies the rcParams for the language and
turns any "Glyph ... missing from font" warning into an error.
"""

import contextlib
import importlib.util
import io
import logging
import warnings
from pathlib import Path

# Sizes. PNGs are WIDTH inches wide at DPI dots per inch (1040 px); GIFs are GIF_SIZE
# inches at GIF_DPI (720 x 540 px).
DPI = 130
WIDTH = 8.0
GIF_SIZE = (6.0, 4.5)
GIF_DPI = 120
# Colours in a PNG's palette.
PNG_COLORS = 256

# A muted palette (after the matplotlib gallery's and rougier's figures).
INK = "#222222"
GREY = "#9a9a9a"
LIGHT = "#d9d9d9"
BLUE = "#1f5fa8"
RED = "#c0392b"
ORANGE = "#e08a1e"
GREEN = "#2e8b57"
PURPLE = "#7b4fa0"
SURFACE_CMAP = "viridis"
CONTOUR_CMAP = "Greys_r"

# One colour per optimizer, shared by every figure that shows optimizers.
OPTIMIZER_COLORS = {
    "SGD": "#d62728",
    "Momentum": "#1f77b4",
    "Nesterov": "#17becf",
    "AdaGrad": "#2ca02c",
    "AdaDelta": "#8c564b",
    "RMSprop": "#9467bd",
    "Adam": "#ff7f0e",
}

FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")
FONT_FAMILY = {"en": ["DejaVu Sans"], "ko": ["NanumGothic", "DejaVu Sans"]}

RC = {
    "font.size": 12,
    "axes.titlesize": 12,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.frameon": False,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlepad": 8,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.direction": "out",
    "ytick.direction": "out",
    "lines.linewidth": 2.0,
    "lines.solid_capstyle": "round",
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "figure.constrained_layout.use": True,
    "image.cmap": SURFACE_CMAP,
    "mathtext.fontset": "dejavusans",
    "svg.hashsalt": "figures",
}

_MISSING_GLYPH = r"Glyph .* missing from font"


class MissingGlyphError(RuntimeError):
    """Text needed a glyph that no configured font has."""


class _RaiseOnMissingGlyph(logging.Filter):
    """Mathtext logs (rather than warns) a missing glyph; make that an error too."""

    def filter(self, record):
        if "does not have a glyph" in record.getMessage():
            raise MissingGlyphError(record.getMessage())
        return True


def _register_fonts():
    """Add the NanumGothic TTFs from the koreanize_matplotlib package (once)."""
    from matplotlib import font_manager

    spec = importlib.util.find_spec("koreanize_matplotlib")
    folder = Path(spec.submodule_search_locations[0]) / "fonts"
    known = {f.fname for f in font_manager.fontManager.ttflist}
    for name in FONT_FILES:
        path = str(folder / name)
        if path not in known:
            font_manager.fontManager.addfont(path)


def rc(lang: str) -> dict:
    """rcParams for one language."""
    if lang not in FONT_FAMILY:
        raise ValueError(f"unknown language {lang!r}; expected one of {sorted(FONT_FAMILY)}")
    return {**RC, "font.family": FONT_FAMILY[lang], "axes.unicode_minus": True}


@contextlib.contextmanager
def drawing(lang: str):
    """Context for drawing and saving one figure in ``lang``."""
    import matplotlib

    matplotlib.use("Agg")
    _register_fonts()
    mathtext_log = logging.getLogger("matplotlib.mathtext")
    guard = _RaiseOnMissingGlyph()
    mathtext_log.addFilter(guard)
    try:
        with matplotlib.rc_context(rc(lang)), warnings.catch_warnings():
            warnings.filterwarnings("error", message=_MISSING_GLYPH)
            yield
    finally:
        mathtext_log.removeFilter(guard)


def png_bytes(fig) -> bytes:
    """The figure as PNG bytes: fixed dpi, no software string, no timestamp.

    The image is stored with a 256-colour palette (no dithering): it looks the same as the
    full-colour PNG and is about a third of the size.
    """
    from PIL import Image

    rendered = io.BytesIO()
    fig.savefig(rendered, format="png", dpi=DPI, metadata={"Software": None})
    with Image.open(rendered) as image:
        palette = image.convert("RGB").quantize(
            PNG_COLORS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def close(fig) -> None:
    import matplotlib.pyplot as plt

    plt.close(fig)


def figure(height, ncols=1, *, projections=None, width_ratios=None):
    """A full-width figure of ``height`` inches with ``ncols`` axes side by side.

    ``projections`` gives each axes' projection (None or "3d").
    """
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(WIDTH, height))
    grid = fig.add_gridspec(1, ncols, width_ratios=width_ratios)
    projections = projections or [None] * ncols
    axes = [fig.add_subplot(grid[0, i], projection=p) for i, p in enumerate(projections)]
    return fig, axes
