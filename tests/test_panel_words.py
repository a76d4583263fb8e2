"""Captions and alt texts of multi-panel figures hold in both layouts: no left or right.

The wide layout sets a figure's panels side by side and the narrow one (phones) stacks them,
so "left", "right", "왼쪽" or "오른쪽" (or "side by side", "나란히") is false in one of them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contents import LANGS
from figures_src import build, registry
from pages import alt_text
from words import FIGURE_TEXT

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"

# Words that place a panel beside another, per language.
SIDEWAYS = {
    "en": re.compile(r"\b(left|right)|side by side|\bbeside\b", re.I),
    "ko": re.compile(r"왼쪽|오른쪽|왼편|오른편|좌측|우측|나란히"),
}
NUMREF = re.compile(r"\{numref\}`fig-(?:en|ko)-([a-z-]+)`")


def sideways_words(lang: str, text: str) -> list[str]:
    """The words of ``text`` that place something left or right of something else."""
    return [m.group(0) for m in SIDEWAYS[lang].finditer(text)]


def captions(lang: str) -> dict[str, str]:
    """Every figure's caption in ``lang``, by figure name, from the language's word file."""
    return {name: text["caption"] for name, text in FIGURE_TEXT[lang].items()}


def paragraphs_citing(lang: str, names: set[str]) -> dict[str, list[str]]:
    """The prose paragraphs of ``lang`` that cite one of the figures ``names``, by figure."""
    cited: dict[str, list[str]] = {name: [] for name in names}
    for page in sorted((CHAPTERS / lang).glob("*.md")):
        for paragraph in page.read_text(encoding="utf-8").split("\n\n"):
            for label in NUMREF.findall(paragraph):
                name = label.replace("-", "_")
                if name in cited:
                    cited[name].append(paragraph)
    return cited


def panel_count(name: str, lang: str) -> int:
    """The most panels the figure has in any of its layouts, from its (rebuilt if stale)
    manifest."""
    build.ensure(name, lang)
    manifest = build.read_manifest(name, lang)
    return max(len(variant["panels"]) for variant in manifest["variants"])


@pytest.fixture(scope="module")
def multi_panel() -> dict[str, set[str]]:
    """The figures with more than one panel, per language."""
    return {
        lang: {name for name in registry.FIGURES if panel_count(name, lang) > 1} for lang in LANGS
    }


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Loss (left) and accuracy (Right) per epoch.", ["left", "Right"]),
        ("en", "the leftmost panel, both grids side by side", ["left", "side by side"]),
        ("en", "a bright, frightening, copyright curve", []),
        ("ko", "왼쪽 그림과 오른편 그림을 나란히", ["왼쪽", "오른편", "나란히"]),
        ("ko", "값이 오른 뒤 첫 번째 그림", []),
    ],
)
def test_sideways_words_are_found(lang, text, expected):
    assert sideways_words(lang, text) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_has_a_caption(lang):
    assert set(captions(lang)) == set(registry.FIGURES)


def test_some_figures_have_several_panels(multi_panel):
    for lang in LANGS:
        assert multi_panel[lang] == multi_panel["en"] and len(multi_panel[lang]) > 1


@pytest.mark.parametrize("lang", LANGS)
def test_multi_panel_captions_and_alt_texts_say_no_left_or_right(lang, multi_panel):
    texts = captions(lang)
    wrong = {}
    for name in sorted(multi_panel[lang]):
        for where, text in (
            ("caption", texts[name]),
            ("alt text", alt_text(name, lang)),
        ):
            if words := sideways_words(lang, text):
                wrong[f"{name} {where}"] = words
    assert not wrong, f"panels are stacked on phones, so these are false there: {wrong}"


@pytest.mark.parametrize("lang", LANGS)
def test_prose_citing_a_multi_panel_figure_says_no_left_or_right(lang, multi_panel):
    wrong = {
        name: words
        for name, paragraphs in paragraphs_citing(lang, multi_panel[lang]).items()
        for paragraph in paragraphs
        if (words := sideways_words(lang, paragraph))
    }
    assert not wrong, f"panels are stacked on phones, so these are false there: {wrong}"
