"""What the pages call (`pages`): figures from the cache, code listings, tables."""

from __future__ import annotations

import inspect

import pytest

import pages as book
from figures_src.registry import FIGURES
from lib import data, optim


@pytest.fixture
def english_page(monkeypatch):
    """A page whose setup cell said "en" (without gluing anything)."""
    monkeypatch.setitem(book._page, "lang", "en")
    monkeypatch.setitem(book._page, "page", "02_linear_regression")


def test_figure_points_at_the_cached_file_with_label_alt_text_and_caption(english_page):
    out = book.figure("lin_reg_scatter").text
    # relative to the English book's folder, chapters/en/
    assert out.startswith("````{figure} ../../_build/figures/en/lin_reg_scatter.png")
    assert ":name: fig-en-lin-reg-scatter" in out
    spec = FIGURES["lin_reg_scatter"]
    assert f":alt: {book.alt_text('lin_reg_scatter', 'en')}\n" in out
    assert "{" not in book.alt_text("lin_reg_scatter", "en") and spec.caption("en") in out


def test_animated_figure_carries_its_poster_loaded_lazily(english_page):
    out = book.figure("optimizers_saddle").text
    assert ":figclass: ml4a-animation" in out
    assert "optimizers_saddle_poster.png" in out and ":loading: lazy" in out


def test_unknown_figure_names_the_known_ones(english_page):
    with pytest.raises(ValueError, match="unknown figure 'nope'.*lin_reg_scatter"):
        book.figure("nope")


def test_setup_rejects_an_unknown_language():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        book.setup("fr", "02_linear_regression")


def test_source_is_the_code_in_lib(english_page):
    out = book.source("lib.optim.Adam.update").text
    assert "From `lib/optim.py`:" in out
    assert inspect.getsource(optim.Adam.update).strip().splitlines()[-1].strip() in out


def test_source_from_a_marker_and_a_missing_marker(english_page):
    out = book.source("lib.nn.MLP.backward", start="# Walk the layers").text
    assert "def backward" not in out and "delta @ W.T" in out
    with pytest.raises(ValueError, match="does not occur"):
        book.source("lib.nn.MLP.backward", start="# no such line")


def test_points_table_lists_the_seven_points():
    rows = book.points_table().text.strip().splitlines()[2:]
    x, y = data.seven_points()
    assert rows == [f"| {a:.1f} | {b:.2f} |" for a, b in zip(x, y, strict=True)]
