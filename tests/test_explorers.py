"""The explorers' Python side (`pages.explorers`, `figures_src.maps`, `pages.explorer`): the
maps, their data-to-pixel mappings, the data a page gets, the words and where the pages put them."""

from __future__ import annotations

import io
import json
import re
import string
from pathlib import Path

import numpy as np
import pytest

import pages as book
from contents import LANGS, SOURCE_LANG
from experiments import params
from experiments.lines import descent_path
from experiments.overfitting import held_out, noisy
from figures_src import maps, style
from lib import data, linear, optim, surfaces
from pages import explorers
from words import EXPLORE_WORDS, WORDS

ROOT = Path(__file__).resolve().parent.parent
EXPLORER_CALL = re.compile(r'pages\.explorer\("([a-z_]+)"\)')
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.S | re.M)
MAGENTA = (255, 0, 255)


@pytest.fixture
def page_in(monkeypatch):
    """A page whose setup cell named a language (without gluing anything)."""

    def set_lang(lang: str, page: str = "04_neural_networks") -> None:
        monkeypatch.setitem(book._page, "lang", lang)
        monkeypatch.setitem(book._page, "page", page)

    return set_lang


def fields(template: str) -> set[str]:
    """The ``{name}`` fields of a format string."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != SOURCE_LANG])
def test_every_language_has_the_source_words_and_fields(lang):
    source, words = EXPLORE_WORDS[SOURCE_LANG], EXPLORE_WORDS[lang]
    assert source.keys() == words.keys()
    for key in source:
        assert fields(source[key]) == fields(words[key]), key
        assert source[key] != words[key] or key in {"race_item"}, f"{key} is not translated"


def test_every_word_the_script_asks_for_exists():
    script = (ROOT / "book/static/explore/ml4a-explore.js").read_text(encoding="utf-8")
    used = set(re.findall(r"\bw\.(\w+)", script)) | set(re.findall(r'\bw\["(\w+)"\]', script))
    used |= set(re.findall(r'frame\(root, data, "(\w+)"\)', script))
    assert used, "found no words in the script"
    assert used <= EXPLORE_WORDS["en"].keys(), used - EXPLORE_WORDS["en"].keys()
    # and the script writes no words of its own: only symbols and numbers in its string literals
    literals = re.findall(r'"([^"\\]*)"', script)
    worded = [
        s for s in literals if re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", s) and s != "use strict"
    ]
    assert worded == [], worded


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(explorers.EXPLORERS))
def test_the_cell_holds_the_maps_and_the_data(page_in, lang, name):
    spec = explorers.EXPLORERS[name]
    page_in(lang, spec.page)
    text = book.explorer(name).text
    assert text.startswith(f'<section class="ml4a-explorer" data-explorer="{name}" hidden>')
    section, _, after = text.partition("</section>")
    assert after.strip().startswith('<p class="ml4a-print-note">'), "paper's sentence follows"
    assert after.rstrip().endswith("</p>") and after.count("<p") == 1
    images = re.findall(r"```\{image\} (\S+)\n:alt: ([^\n]+)\n:class: ([^\n]+)\n", text)
    # Each map in each theme, light first; the script shows the reader's theme's.
    assert [Path(path).name for path, _, _ in images] == [
        f"{m}{tag}.png" for m in spec.maps for tag in ("", ".dark")
    ]
    assert [c for _, _, c in images] == [
        f"ml4a-explorer-map ml4a-{theme}" for _ in spec.maps for theme in ("light", "dark")
    ]
    alts = [key for key in spec.alts for _ in ("light", "dark")]
    for (path, alt, _), key in zip(images, alts, strict=True):
        assert path.startswith(f"../../_build/figures/{lang}/explore/")  # from the book
        assert (ROOT / "chapters" / lang / path).is_file()
        assert alt == book.filled(EXPLORE_WORDS[lang][key], key, lang, spec.page) and "{" not in alt
    (payload,) = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', text)
    assert "</" not in payload
    page = json.loads(payload.replace("<\\/", "</"))
    assert page["explorer"] == name and page["lang"] == lang
    assert page["words"] == EXPLORE_WORDS[lang]
    assert set(page["maps"]) == set(spec.maps)


def test_the_race_starts_as_the_animations_do():
    race = explorers.page_data("race", "en")
    beale = race["surfaces"][params.RACE_SURFACE]
    assert beale["start"] == list(params.RACE_START)
    assert beale["steps"] == params.RACE_STEPS
    assert beale["settings"] == params.RACE_SETTINGS
    saddle = race["surfaces"]["saddle"]
    assert saddle["start"] == list(surfaces.SADDLE.start)
    assert saddle["steps"] == params.SADDLE_STEPS
    assert saddle["settings"] == params.SADDLE_SETTINGS
    assert race["optimizers"] == list(optim.OPTIMIZERS)
    assert race["names"]["SGD"] == "Gradient descent"
    assert explorers.page_data("race", "ko")["names"]["SGD"] == "경사 하강법"


def test_the_descent_starts_as_the_figure_does():
    descent = explorers.page_data("descent", "ko")
    assert descent["start"] == descent_path()[0].tolist()
    assert descent["lr"] == params.DESCENT_LR and descent["steps"] == params.DESCENT_STEPS
    low, high = descent["lr_slider"]["low"], descent["lr_slider"]["high"]
    x, y = data.seven_points()
    X = linear.with_bias(x)
    limit = 2 / np.linalg.eigvalsh(2 / len(x) * X.T @ X).max()
    assert low < params.DESCENT_LR < limit < high, "the slider must cross the stability limit"
    b, m = np.linalg.lstsq(X, y, rcond=None)[0]
    assert descent["minimum"]["point"] == pytest.approx([m, b])


def test_the_regularization_fits_the_figures_points():
    reg = explorers.page_data("regularization", "en")
    x, y = noisy()
    x_val, y_val = held_out()
    assert reg["train"] == {"x": x.tolist(), "y": y.tolist()}
    assert reg["validation"] == {"x": x_val.tolist(), "y": y_val.tolist()}
    assert reg["degree"] == params.OVERFIT_DEGREE and reg["marked"] == list(params.LAMBDAS)
    between = set(np.round(x_val, 9)) - set(np.round(x, 9))
    assert len(between) >= 0.9 * len(x_val)  # mostly where the fit was never pinned down


def test_unknown_names_get_a_clear_error(page_in):
    page_in("en")
    with pytest.raises(ValueError, match="unknown explorer 'nope'.*descent"):
        book.explorer("nope")
    with pytest.raises(ValueError, match="unknown map 'moon'"):
        maps.map_paths("moon", "en")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        maps.ensure_map("bowl", "fr")


@pytest.mark.parametrize("name", sorted(maps.MAPS))
def test_the_mapping_puts_data_points_where_matplotlib_draws_them(name):
    """Draw the map with three magenta dots at known data points, find them in the pixels."""
    from PIL import Image

    _, mapping = maps.ensure_map(name, "en")
    (x0, x1), (y0, y1) = mapping["xlim"], mapping["ylim"]
    targets = [
        (x0 + f * (x1 - x0), y0 + g * (y1 - y0)) for f, g in ((0.2, 0.3), (0.7, 0.8), (0.5, 0.1))
    ]
    with style.drawing("en"):
        fig, ax = maps.MAPS[name]("en")
        for x, y in targets:
            ax.plot(x, y, "s", ms=3, color="#ff00ff", mew=0, zorder=10)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=style.DPI)
        style.close(fig)
    pixels = np.asarray(Image.open(buffer).convert("RGB")).astype(int)
    assert pixels.shape[:2] == (mapping["height"], mapping["width"])
    magenta = np.all(np.abs(pixels - MAGENTA) < 40, axis=2)
    left, top, width, height = mapping["box"]
    for x, y in targets:
        px = left + (x - x0) / (x1 - x0) * width
        py = top + (y1 - y) / (y1 - y0) * height
        rows, cols = np.nonzero(magenta[int(py) - 8 : int(py) + 9, int(px) - 8 : int(px) + 9])
        assert len(rows), f"{name}: no dot near ({px:.0f}, {py:.0f})"
        assert cols.mean() + int(px) - 8 + 0.5 == pytest.approx(px, abs=1.0)
        assert rows.mean() + int(py) - 8 + 0.5 == pytest.approx(py, abs=1.0)


def test_maps_are_drawn_once_and_again_when_their_words_change(tmp_path, monkeypatch):
    image, _ = maps.ensure_map("fit", "ko", out=tmp_path)
    first = image.stat().st_mtime_ns
    maps.ensure_map("fit", "ko", out=tmp_path)
    assert image.stat().st_mtime_ns == first
    monkeypatch.setitem(EXPLORE_WORDS["ko"], "val_points", "검증용 데이터")
    maps.ensure_map("fit", "ko", out=tmp_path)
    assert image.stat().st_mtime_ns != first
    second = image.stat().st_mtime_ns
    monkeypatch.setitem(WORDS["ko"]._table, "bumpy_title", "바뀐 제목")  # the map draws no title
    maps.ensure_map("fit", "ko", out=tmp_path)
    assert image.stat().st_mtime_ns == second
    monkeypatch.setitem(WORDS["ko"]._table, "x", "$x_1$")  # its x axis
    maps.ensure_map("fit", "ko", out=tmp_path)
    assert image.stat().st_mtime_ns != second


def test_an_explorer_pages_key_covers_the_figure_words_its_maps_drew(monkeypatch):
    """`make book` draws the maps (`python -m figures_src`) before the pages are keyed."""
    from pages import keys

    spec = next(s for s in explorers.EXPLORERS.values() if "bowl" in s.maps)
    text = (ROOT / "chapters" / "en" / f"{spec.page}.md").read_text(encoding="utf-8")
    assert maps.current_record("bowl", "en") is not None, "run `make figures` first"
    before = keys.page_key(text, "en")
    monkeypatch.setitem(WORDS["en"]._table, "bumpy_title", "an edited title")  # not on a map
    assert keys.page_key(text, "en") == before
    monkeypatch.setitem(WORDS["en"]._table, "minimum", "lowest point")  # the bowl map's legend
    assert keys.page_key(text, "en") != before


@pytest.mark.parametrize("lang", LANGS)
def test_each_explorer_sits_right_after_its_figure_on_its_page(lang):
    for name, spec in explorers.EXPLORERS.items():
        text = (ROOT / "chapters" / lang / f"{spec.page}.md").read_text(encoding="utf-8")
        cells = CELL.findall(text)
        calls = [c for c in cells if "pages.explorer" in c]
        assert [EXPLORER_CALL.findall(c) for c in calls] == [[name]], f"{lang}/{spec.page}"
        at = cells.index(calls[0])
        assert f'pages.figure("{spec.beside}"' in cells[at - 1]
        assert calls[0].startswith(":tags: [remove-input]\n")
    others = [p for p in (ROOT / "chapters" / lang).glob("*.md")]
    shown = [n for p in others for n in EXPLORER_CALL.findall(p.read_text(encoding="utf-8"))]
    assert sorted(shown) == sorted(explorers.EXPLORERS)


def test_paper_names_the_public_address_once_the_config_has_one(tmp_path, monkeypatch):
    """`html.baseurl` empty: "the web edition"; set: the page's address, as a link."""
    import contents
    from pages import explorers, print_note

    config = tmp_path / "_config.yml"
    config.write_text("html:\n  baseurl: ''\n", encoding="utf-8")
    assert contents.web_address("ko", "04_neural_networks", config) is None
    config.write_text("html:\n  baseurl: https://example.org/book/\n", encoding="utf-8")
    address = contents.web_address("ko", "04_neural_networks", config)
    assert address == "https://example.org/book/chapters/ko/04_neural_networks.html"
    spec = explorers.EXPLORERS["race"]
    for lang in LANGS:
        words = EXPLORE_WORDS[lang]
        monkeypatch.setattr(contents, "web_address", lambda *_: None)
        plain = print_note(spec, words, lang)
        assert words[spec.title] in plain and "<a " not in plain
        monkeypatch.setattr(contents, "web_address", lambda *_: address)
        linked = print_note(spec, words, lang)
        assert f'<a href="{address}">{address}</a>' in linked
