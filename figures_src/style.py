"""The look of every figure: fonts, colours, sizes, and deterministic saving.

One place decides how figures look, so section modules only say *what* to draw.
Call ``drawing(lang, theme)`` around drawing and saving a figure: it selects the Agg
backend, registers the NanumGothic fonts shipped with ``koreanize_matplotlib``
(without calling its ``koreanize()``), applies the rcParams for the language and the
theme's palette (light or dark, see ``PALETTES``; figure code reads the colours as
``style.INK``, ``style.RED``...) and turns any "Glyph ... missing from font" warning into
an error.

Every figure function takes a layout, ``"wide"`` or ``"narrow"`` (see ``LAYOUTS``): the
narrow one is drawn for phones, with the panels stacked, so that its text is still large
enough when the picture is shrunk to the width of a phone's screen.
"""

import contextlib
import importlib.util
import io
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

# Sizes of the wide layout. PNGs are WIDTH inches wide at DPI dots per inch (1040 px); GIFs
# are GIF_SIZE inches at GIF_DPI (720 x 540 px).
DPI = 130
WIDTH = 8.0
GIF_SIZE = (6.0, 4.5)
GIF_DPI = 120
# Colours in a PNG's palette.
PNG_COLORS = 256

# The colours, one palette per theme: every figure is drawn twice by the same code, once on
# white for the light page and once on the dark page's own background (#121212, that of
# sphinx-book-theme) for readers in dark mode. Figure code reads them as ``style.INK``,
# ``style.RED``...: the values of the theme being drawn (``drawing(lang, theme)``).
THEMES = ("light", "dark")
PALETTES = {
    # A muted palette (after the matplotlib gallery's and rougier's figures).
    "light": {
        "PAPER": "#ffffff",
        "INK": "#222222",
        "GREY": "#949494",  # lines and marks of the second rank (3:1 on white)
        "GREY_TEXT": "#666666",  # grey text readable on white (contrast 5.7:1)
        "LIGHT": "#d9d9d9",  # faint lines and boxes
        "BLUE": "#1f5fa8",
        "RED": "#c0392b",
        "ORANGE": "#d07a12",
        "GREEN": "#2e8b57",
        "PURPLE": "#7b4fa0",
        "SURFACE_CMAP": "viridis",
        "CONTOUR_CMAP": "Greys_r",  # low levels dark, fading into the paper
        "PANES": ((0.95, 0.95, 0.95, 0.5), (0.9, 0.9, 0.9, 0.5), (0.925, 0.925, 0.925, 0.5)),
        # One colour per optimizer, shared by every figure that shows optimizers (matplotlib's
        # own, the cyan and orange darkened to keep 3:1 on white).
        "OPTIMIZER_COLORS": {
            "SGD": "#d62728",
            "Momentum": "#1f77b4",
            "Nesterov": "#0f9aa8",
            "AdaGrad": "#2ca02c",
            "AdaDelta": "#8c564b",
            "RMSprop": "#9467bd",
            "Adam": "#e06c00",
        },
    },
    # The same hues, lighter, so that each keeps a contrast of at least 3:1 with the paper
    # (lines and marks) and text at least 4.5:1 (tests/test_figure_themes.py measures both).
    "dark": {
        "PAPER": "#121212",
        "INK": "#ced6dd",  # the dark page's text colour
        "GREY": "#7c848e",
        "GREY_TEXT": "#9ca4af",
        "LIGHT": "#3b434f",
        "BLUE": "#6ea8fe",
        "RED": "#ff6b5e",
        "ORANGE": "#f5a742",
        "GREEN": "#4cc38a",
        "PURPLE": "#b98fe6",
        # viridis without its darkest fifth, whose purples vanish into the dark paper.
        "SURFACE_CMAP": "viridis_on_dark",
        "CONTOUR_CMAP": "Greys",  # low levels light, fading into the dark paper
        "PANES": ((1, 1, 1, 0.05), (1, 1, 1, 0.09), (1, 1, 1, 0.07)),  # a 3-D box's walls
        "OPTIMIZER_COLORS": {
            "SGD": "#ff6b6b",
            "Momentum": "#5aa9e6",
            "Nesterov": "#4dd9e8",
            "AdaGrad": "#62d162",
            "AdaDelta": "#c9a08f",
            "RMSprop": "#b9a1e0",
            "Adam": "#ffa24d",
        },
    },
}
_theme = "light"  # the theme being drawn (set by ``drawing``)


def __getattr__(name: str):
    """``style.INK`` and the other colours: those of the theme being drawn."""
    palette = PALETTES[_theme]
    if name in palette:
        return palette[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def palette(theme: str) -> dict:
    """The colours of ``theme`` by name, or a ValueError naming the themes."""
    if theme not in PALETTES:
        raise ValueError(f"unknown theme {theme!r}; expected one of {list(THEMES)}")
    return PALETTES[theme]


def theme_media(theme: str) -> str | None:
    """The CSS media query of the readers a theme is drawn for (None: the default)."""
    palette(theme)
    return "(prefers-color-scheme: dark)" if theme == "dark" else None


FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")

RC = {
    "font.size": 12,
    "axes.titlesize": 12,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.frameon": False,
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlepad": 8,
    "xtick.direction": "out",
    "ytick.direction": "out",
    "lines.linewidth": 2.0,
    "lines.solid_capstyle": "round",
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "figure.constrained_layout.use": True,
    "mathtext.fontset": "dejavusans",
    "svg.hashsalt": "figures",
}

_MISSING_GLYPH = r"Glyph .* missing from font"


@dataclass(frozen=True)
class Layout:
    """A way to lay a figure out, served to screens at most ``max_width`` CSS px wide (None:
    any screen); PNGs are ``width`` inches wide at ``dpi``, animations ``gif_width`` at
    ``gif_dpi``, keeping every ``frame_step``-th frame (and the last), each shown that many
    times as long."""

    name: str
    width: float
    dpi: int
    gif_width: float
    gif_dpi: int
    max_width: int | None
    frame_step: int = 1

    @property
    def media(self) -> str | None:
        """The CSS media query of the screens this layout is served to (None: the default)."""
        return None if self.max_width is None else f"(max-width: {self.max_width}px)"


# Text must look at least 9 CSS px tall. Above 600 px the page's text column is 553 px or
# wider, and 10 pt on an 8-inch picture shrunk to 553 px is 9.6 px; on a 360 px phone it is
# 312 px wide, and 10 pt on a 4-inch picture shrunk to 312 px is 10.8 px (9.4 px at 320 px).
# Phones' screens are sharp: the narrow pictures carry 1.7 to 1.9 times the pixels they are
# shown at (600 px); 720 px would have been sharper still on a 3x screen, but the pages on a
# phone would weigh a sixth more for it (make bench: page 04 over its 800 kB).
LAYOUTS = {
    "wide": Layout("wide", WIDTH, DPI, GIF_SIZE[0], GIF_DPI, max_width=None),
    # A phone gets every other frame of an animation (10 frames a second): a third lighter.
    "narrow": Layout("narrow", 4.0, 150, 4.0, 135, max_width=600, frame_step=2),
}


def layout_of(layout: str) -> Layout:
    """The ``Layout`` called ``layout``, or a ValueError naming the known ones."""
    try:
        return LAYOUTS[layout]
    except KeyError:
        raise ValueError(f"unknown layout {layout!r}; expected one of {sorted(LAYOUTS)}") from None


def by_layout(layout: str, **values):
    """The value given for ``layout``: ``by_layout(layout, wide=4.4, narrow=3.4)``."""
    layout_of(layout)
    if layout not in values:
        raise ValueError(f"no value for layout {layout!r} among {sorted(values)}")
    return values[layout]


def grid(layout: str, n: int) -> tuple[int, int]:
    """Rows and columns of ``n`` panels: one row when wide; stacked when narrow (four as 2 x 2)."""
    if layout_of(layout).max_width is None:
        return 1, n
    return (2, 2) if n == 4 else (n, 1)


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


def _register_colormaps() -> None:
    """Add ``viridis_on_dark`` (viridis from 0.25 up) to matplotlib's colormaps (once)."""
    import matplotlib
    import numpy as np
    from matplotlib.colors import ListedColormap

    if "viridis_on_dark" not in matplotlib.colormaps:
        colors = matplotlib.colormaps["viridis"](np.linspace(0.25, 1.0, 256))
        matplotlib.colormaps.register(ListedColormap(colors, name="viridis_on_dark"))


def rc(lang: str, theme: str = "light") -> dict:
    """rcParams for one language and theme: its fonts as `_config.yml` declares them, and the
    theme's ink and paper."""
    from contents import LANGUAGES

    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {sorted(LANGUAGES)}")
    colors = palette(theme)
    ink, paper = colors["INK"], colors["PAPER"]
    return {
        **RC,
        "font.family": list(LANGUAGES[lang].font),
        "axes.unicode_minus": True,
        "text.color": ink,
        "axes.edgecolor": ink,
        "axes.labelcolor": ink,
        "axes.titlecolor": ink,
        "xtick.color": ink,
        "ytick.color": ink,
        "grid.color": colors["LIGHT"],
        "figure.facecolor": paper,
        "axes.facecolor": paper,
        "savefig.facecolor": paper,
        "legend.facecolor": paper,
        "legend.labelcolor": ink,
        "image.cmap": colors["SURFACE_CMAP"],
        **{
            f"axes3d.{axis}axis.panecolor": pane
            for axis, pane in zip("xyz", colors["PANES"], strict=True)
        },
    }


@contextlib.contextmanager
def drawing(lang: str, theme: str = "light"):
    """Context for drawing and saving one figure in ``lang`` and ``theme``."""
    import matplotlib

    global _theme
    settings = rc(lang, theme)
    matplotlib.use("Agg")
    _register_fonts()
    _register_colormaps()
    mathtext_log = logging.getLogger("matplotlib.mathtext")
    guard = _RaiseOnMissingGlyph()
    mathtext_log.addFilter(guard)
    outer, _theme = _theme, theme
    try:
        with matplotlib.rc_context(settings), warnings.catch_warnings():
            warnings.filterwarnings("error", message=_MISSING_GLYPH)
            yield
    finally:
        _theme = outer
        mathtext_log.removeFilter(guard)


@dataclass(frozen=True)
class DrawnText:
    """A piece of text as drawn: its font size in image pixels (points x dpi / 72), and
    whether any of it fell outside the picture."""

    pixels: float
    text: str
    cut: bool


@contextlib.contextmanager
def recording_text():
    """Record a ``DrawnText`` for every piece of text the Agg renderer draws in the block.

    Tick labels, legends and titles alike; text that is not drawn (hidden, empty, a switched
    off axis) is not recorded. Figures are drawn one at a time in a process, so the renderer
    class is wrapped for the duration of the block only.
    """
    from matplotlib.backends.backend_agg import RendererAgg

    drawn = []
    original = RendererAgg.draw_text

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if s.strip():
            cut = False
            if mtext is not None:
                box = mtext.get_window_extent(self)
                cut = (
                    box.x0 < -1
                    or box.y0 < -1
                    or box.x1 > self.width + 1
                    or box.y1 > self.height + 1
                )
            drawn.append(DrawnText(prop.get_size_in_points() * self.dpi / 72, s, cut))
        return original(self, gc, x, y, s, prop, angle, ismath, mtext)

    RendererAgg.draw_text = draw_text
    try:
        yield drawn
    finally:
        RendererAgg.draw_text = original


# The font of tick labels in every language: numbers, and matplotlib's own mathtext for a log
# axis ("10^{−1}" is set in the text's first font, with no fallback, and NanumGothic has no
# minus sign); the language's fonts follow it for anything else.
NUMBER_FONT = "DejaVu Sans"


def number_fonts(fig) -> None:
    """Set every tick label of ``fig`` in NUMBER_FONT first, then the language's fonts."""
    import matplotlib

    family = list(dict.fromkeys([NUMBER_FONT, *matplotlib.rcParams["font.family"]]))
    for ax in fig.axes:
        ax.tick_params(labelfontfamily=family)


def png_bytes(fig, dpi: int = DPI) -> bytes:
    """The figure as PNG bytes: fixed dpi, no software string, no timestamp.

    The image is stored with a 256-colour palette (no dithering): it looks the same as the
    full-colour PNG and is about a third of the size.
    """
    from PIL import Image

    number_fonts(fig)
    rendered = io.BytesIO()
    fig.savefig(rendered, format="png", dpi=dpi, metadata={"Software": None})
    with Image.open(rendered) as image:
        palette = image.convert("RGB").quantize(
            PNG_COLORS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def close(fig) -> None:
    """Free a figure's memory."""
    import matplotlib.pyplot as plt

    plt.close(fig)


def figure(layout, height, n=1, *, projections=None, ratios=None):
    """A figure of the layout's width and ``height`` inches with ``n`` panels (axes).

    The panels sit side by side in the wide layout and are stacked in the narrow one (see
    ``grid``). ``projections`` gives each panel's projection (None or "3d"); ``ratios`` their
    relative sizes along the row or column they form.
    """
    import matplotlib.pyplot as plt

    spec = layout_of(layout)
    rows, cols = grid(layout, n)
    fig = plt.figure(figsize=(spec.width, height), dpi=spec.dpi)
    if rows == 1:
        cells = fig.add_gridspec(rows, cols, width_ratios=ratios)
    else:
        cells = fig.add_gridspec(rows, cols, height_ratios=ratios if cols == 1 else None)
    projections = projections or [None] * n
    axes = [
        fig.add_subplot(cells[i // cols, i % cols], projection=p) for i, p in enumerate(projections)
    ]
    return fig, axes


def label_outer(axes, layout, *, y: bool = True, ticks: bool = False) -> None:
    """Name shared axes once: x labels on the bottom row only and, unless ``y`` is False (the
    panels show different quantities), y labels on the left column only; with ``ticks``, the
    panels share their scales and their tick labels are shown there only too."""
    rows, cols = grid(layout, len(axes))
    for i, ax in enumerate(axes):
        if y and i % cols:
            ax.set_ylabel("")
            if ticks:
                ax.tick_params(labelleft=False)
        if i // cols < rows - 1:
            ax.set_xlabel("")
            if ticks:
                ax.tick_params(labelbottom=False)


def legend_beside(ax, layout, *, ncols: int = 1, **kwargs):
    """The legend of ``ax``: to its right in the wide layout, under the figure in the narrow one
    (in ``ncols`` columns)."""
    if layout_of(layout).max_width is None:
        return ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), **kwargs)
    handles, labels = ax.get_legend_handles_labels()
    return ax.figure.legend(handles, labels, loc="outside lower center", ncols=ncols, **kwargs)


def legend_under(fig, ax, layout, **kwargs):
    """One legend for panels that all show the same things (those of ``ax``), under them."""
    handles, labels = ax.get_legend_handles_labels()
    return fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), **kwargs)


def wrap(layout, text: str, width: int) -> str:
    """``text`` broken between words into lines of at most ``width`` columns in the narrow
    layout (a Hangul syllable takes two columns; a formula between $ signs is never broken);
    unchanged in the wide one."""
    import re
    import unicodedata

    if layout_of(layout).max_width is None:
        return text

    def columns(word):
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in word)

    lines, line = [], ""
    for word in re.findall(r"\$[^$]*\$|[^ ]+", text):
        if line and columns(f"{line} {word}") > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


def animation_figure(layout, height):
    """The figure of an animation in ``layout``: its width and dpi, ``height`` inches tall."""
    import matplotlib.pyplot as plt

    spec = layout_of(layout)
    return plt.figure(figsize=(spec.gif_width, height), dpi=spec.gif_dpi)
