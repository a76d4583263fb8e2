"""Every figure in both themes: the dark one is the same figure, drawn on the dark page's paper.

The palettes are checked against the WCAG 2 contrast formula, written out here: text colours
at least 4.5:1 against their paper, the colours of lines and marks at least 3:1 (WCAG 1.4.11).
Each figure's files are checked in `test_figures.py`, in the session's figure build: each
layout's light and dark pictures have the same size and panels, and each is on its theme's
paper.
"""

from __future__ import annotations

import pytest
from matplotlib.colors import to_rgb

from figures_src import style

TEXT = ("INK", "GREY_TEXT")
MARKS = ("GREY", "BLUE", "RED", "ORANGE", "GREEN", "PURPLE")


def luminance(color: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(color)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_wcag_formula_gives_the_known_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme", style.THEMES)
def test_each_palette_reads_on_its_paper(theme):
    colors = style.palette(theme)
    paper = colors["PAPER"]
    for name in TEXT:
        assert contrast(colors[name], paper) >= 4.5, f"{theme} {name}"
    for name in MARKS:
        assert contrast(colors[name], paper) >= 3, f"{theme} {name}"
    for optimizer, color in colors["OPTIMIZER_COLORS"].items():
        assert contrast(color, paper) >= 3, f"{theme} {optimizer}"
    assert set(colors) == set(style.palette("light")), "the palettes name the same colours"


def test_the_dark_paper_is_the_dark_page():
    """The dark figures sit on the dark page's own background (sphinx-book-theme's)."""
    assert style.palette("dark")["PAPER"] == "#121212"
    assert luminance(style.palette("dark")["PAPER"]) < 0.01


def test_figure_code_reads_the_palette_of_the_theme_it_draws():
    with style.drawing("en", "dark"):
        assert style.RED == style.palette("dark")["RED"]
        import matplotlib

        assert matplotlib.rcParams["axes.facecolor"] == style.palette("dark")["PAPER"]
    assert style.RED == style.palette("light")["RED"]
    with pytest.raises(ValueError, match="unknown theme 'sepia'"):
        style.palette("sepia")
    with pytest.raises(AttributeError, match="no attribute 'TEAL'"):
        style.TEAL  # noqa: B018


# Words that are true of one theme only: black on white is light grey on the dark paper.
ONE_THEME_COLOURS = r"\b(black|white|gr[ae]y)\b|검은|검정|흰|하얀|회색"


def test_no_caption_or_alt_text_names_a_colour_that_only_one_theme_shows():
    """Red stays red in the dark figures, but a black dot is light there: the words about a
    figure name only the colours both themes share (or no colour)."""
    import re

    from contents import LANGS
    from words import EXPLORE_WORDS, FIGURE_TEXT

    for lang in LANGS:
        texts = [t for entry in FIGURE_TEXT[lang].values() for t in entry.values()]
        texts += list(EXPLORE_WORDS[lang].values())
        for text in texts:
            assert not re.search(ONE_THEME_COLOURS, text, re.IGNORECASE), f"{lang}: {text[:80]}"
