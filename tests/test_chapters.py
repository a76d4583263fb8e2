"""The chapter sources: both languages in step, strict front matter, no hand-typed numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from figures_src import numbers
from figures_src.registry import FIGURES

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
LANGS = ("en", "ko")
PAGES = sorted(p.name for p in (CHAPTERS / "en").glob("*.md"))

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.S | re.M)
FIGURE_CALL = re.compile(r'book\.figure\(\s*"([a-z_]+)"')
SOURCE_CALL = re.compile(r"book\.source\(([^)]*)\)")
GLUE = re.compile(r"\{glue(?::\w+)?\}`([^`]+)`")
NUMREF = re.compile(r"\{numref\}`([^`<]+)`")


def read(lang: str, page: str) -> str:
    """The Markdown source of one page."""
    return (CHAPTERS / lang / page).read_text(encoding="utf-8")


def prose(text: str) -> str:
    """A page without its front matter, code cells and glue roles."""
    text = FRONT_MATTER.sub("", text)
    text = CODE_CELL.sub("", text)
    return GLUE.sub("", text)


def headings(text: str) -> list[int]:
    """The level of every heading of a page's prose, in order."""
    return [len(m.group(1)) for m in re.finditer(r"^(#+) ", prose(text), re.M)]


def test_both_languages_have_the_same_pages():
    ko = sorted(p.name for p in (CHAPTERS / "ko").glob("*.md"))
    assert PAGES == ko
    assert "index.md" in PAGES and len(PAGES) == 8


def test_every_page_is_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for lang in LANGS:
        for page in PAGES:
            assert f"file: chapters/{lang}/{page[:-3]}\n" in toc


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_front_matter_declares_the_python3_kernel(lang, page):
    match = FRONT_MATTER.match(read(lang, page))
    assert match, f"{lang}/{page} has no front matter"
    assert re.search(r"kernelspec:\n(\s+.*\n)*?\s+name: python3\b", match.group(1) + "\n")


@pytest.mark.parametrize("page", PAGES)
def test_same_headings_figures_and_numbers_in_both_languages(page):
    en, ko = read("en", page), read("ko", page)
    assert headings(en) == headings(ko)
    assert FIGURE_CALL.findall(en) == FIGURE_CALL.findall(ko)
    assert SOURCE_CALL.findall(en) == SOURCE_CALL.findall(ko)
    assert GLUE.findall(en) == GLUE.findall(ko)
    assert [r.replace("fig-en-", "fig-ko-") for r in NUMREF.findall(en)] == NUMREF.findall(ko)
    assert headings(en)[0] == 1 and headings(en).count(1) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_appears_exactly_once(lang):
    shown = [name for page in PAGES for name in FIGURE_CALL.findall(read(lang, page))]
    assert sorted(shown) == sorted(FIGURES)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_setup_cell_names_its_own_language_and_page(lang, page):
    text = read(lang, page)
    calls = re.findall(r'book\.setup\("(\w+)", "(\w+)"\)', text)
    if page == "index.md":
        assert calls == []
    else:
        assert calls == [(lang, page[:-3])]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", [p for p in PAGES if p != "index.md"])
def test_glued_keys_exist_and_numbers_are_not_typed_by_hand(lang, page):
    text = read(lang, page)
    computed = numbers.page_numbers(page[:-3], lang)
    missing = set(GLUE.findall(text)) - set(computed)
    assert not missing, f"{lang}/{page} glues unknown keys {missing}"
    body = prose(text)
    for key, value in computed.items():
        digits = re.sub(r"\D", "", value)
        if len(digits) < 3 and "." not in value and "%" not in value:
            continue  # small integers ("7 points", "10 segments") read naturally as words
        for form in {value, value.replace("\u2212", "-"), value.replace(",", "")}:
            pattern = rf"(?<![\d.]){re.escape(form)}(?![\d])"
            assert not re.search(pattern, body), f"{lang}/{page} types {key} = {form} by hand"


@pytest.mark.parametrize("lang", LANGS)
def test_the_seeds_wrong_numbers_are_gone(lang):
    text = "".join(prose(read(lang, page)) for page in PAGES)
    for wrong in ("0.17", "0.08", "(0.5, 1.0)", "(m,p)", "-6 \\le p"):
        assert wrong not in text
