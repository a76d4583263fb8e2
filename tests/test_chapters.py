"""The chapter sources: both languages in step, strict front matter, no hand-typed numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import contents
from figures_src.registry import FIGURES
from pages import numbers
from words import FIGURE_TEXT

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
LANGS = contents.LANGS
PAGES = [f"{page}.md" for page in contents.PAGES]

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.S | re.M)
FIGURE_CALL = re.compile(r'pages\.figure\(\s*"([a-z_]+)"')
SOURCE_CALL = re.compile(r"pages\.source\(([^)]*)\)")
GLUE = re.compile(r"\{glue(?::\w+)?\}`([^`]+)`")
NUMREF = re.compile(r"\{numref\}`([^`<]+)`")
HANGUL = "\uac00-\ud7a3"


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


def test_every_chapter_folder_is_a_language_with_every_page():
    """Each folder of chapters/ is a language of _toc.yml, holding exactly its pages."""
    folders = sorted(p.name for p in CHAPTERS.iterdir() if p.is_dir())
    assert folders == sorted(LANGS)
    for lang in LANGS:
        assert sorted(p.name for p in (CHAPTERS / lang).glob("*.md")) == sorted(PAGES)
    assert PAGES[0] == "index.md"


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
    calls = re.findall(r'pages\.setup\("(\w+)", "(\w+)"\)', text)
    if page == "index.md":
        assert calls == []
    else:
        assert calls == [(lang, page[:-3])]


# A number as someone might type it: optional sign, digits with separators, decimals, percent.
TYPED_NUMBER = re.compile(
    r"(?<![\w.])([-\u2212]?)(\d[\d,]*(?:\.\d+)?)(\s?(?:%|퍼센트))?(?![\d_A-Za-z])"
)


def number_value(text: str) -> tuple[float, int, int]:
    """(value, decimals, significant digits) of a number written like ``1,234.50``."""
    digits = text.replace(",", "")
    decimals = len(digits.partition(".")[2])
    significant = len(digits.replace(".", "").lstrip("0"))
    if "." not in digits:
        significant = len(digits.strip("0")) or 1  # 12,000 has two
    return float(digits), decimals, significant


def typed_numbers(text: str) -> list[tuple[str, float, int, int, bool]]:
    """Every number written in ``text``: (as written, value, decimals, significant, percent)."""
    found = []
    for match in TYPED_NUMBER.finditer(text):
        sign, body, percent = match.groups()
        value, decimals, significant = number_value(body)
        signed = -value if sign else value
        found.append((match.group(0), signed, decimals, significant, bool(percent)))
    return found


def computed_value(text: str) -> tuple[float, bool] | None:
    """The number inside a computed string (``"−0.110"``, ``"33.6%"``, ``"step 44"``), if one."""
    numbers = TYPED_NUMBER.findall(text)
    if len(numbers) != 1:
        return None
    sign, body, percent = numbers[0]
    value = float(body.replace(",", ""))
    return (-value if sign else value), bool(percent) or "%" in text


def is_a_form_of(typed: tuple[str, float, int, int, bool], computed: tuple[float, bool]) -> bool:
    """Whether a typed number could be a computed one, rounded, padded or reformatted.

    A typed number with at least two significant digits matches when it lies within half a unit
    of its own last digit of the computed value (0.81 for 0.805, 0.16 for 0.160, −0.110 for
    −0.11, 12,000 for 11,935), with or without the sign; a percentage also matches its fraction
    (0.336 for 33.6%).
    """
    _, value, decimals, significant, _ = typed
    if significant < 2:
        return False
    target, percent = computed
    unit = 10.0**-decimals
    if decimals == 0:  # an integer: its trailing zeros are rounding too
        digits = f"{abs(value):.0f}"
        unit = 10.0 ** (len(digits) - len(digits.rstrip("0")))
    candidates = [target, target / 100] if percent else [target]
    return any(abs(abs(value) - abs(c)) <= unit / 2 * (1 + 1e-9) for c in candidates)


@pytest.mark.parametrize(
    ("typed", "computed", "match"),
    [
        ("0.16", "0.160", True),
        ("0.81", "0.805", True),
        ("−0.110", "\u22120.11", True),
        ("-0.11", "\u22120.11", True),
        ("33.6 %", "33.6%", True),
        ("0.336", "33.6%", True),
        ("12,000", "11,935", True),
        ("11935", "11,935", True),
        ("44", "step 44", True),
        ("0.8", "0.805", False),  # one significant digit: too common to be a copy
        ("0.17", "0.160", False),
        ("1986", "11,935", False),
    ],
)
def test_rounded_and_reformatted_numbers_are_recognised(typed, computed, match):
    (number,) = typed_numbers(typed)
    assert is_a_form_of(number, computed_value(computed)) == match


def checked_text(text: str, lang: str) -> str:
    """What a reader reads of a page: its prose (without link targets) and figure captions."""
    captions = [FIGURE_TEXT[lang][name]["caption"] for name in FIGURE_CALL.findall(text)]
    return re.sub(r"\]\([^)]*\)", "]", prose(text)) + "\n" + "\n".join(captions)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", [p for p in PAGES if p != "index.md"])
def test_glued_keys_exist_and_numbers_are_not_typed_by_hand(lang, page):
    text = read(lang, page)
    computed = numbers.page_numbers(page[:-3], lang)
    missing = set(GLUE.findall(text)) - set(computed)
    assert not missing, f"{lang}/{page} glues unknown keys {missing}"
    body = checked_text(text, lang)
    for key, value in computed.items():
        digits = re.sub(r"\D", "", value)
        worded = re.search(f"[A-Za-z{HANGUL}]", value)  # "step 44", "44단계": check even short ones
        if len(digits) < 3 and "." not in value and "%" not in value and not worded:
            continue  # small integers ("7 points", "10 segments") read naturally as words
        for form in {value, value.replace("\u2212", "-"), value.replace(",", "")}:
            pattern = rf"(?<![\d.]){re.escape(form)}(?![\d])"
            assert not re.search(pattern, body), f"{lang}/{page} types {key} = {form} by hand"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", [p for p in PAGES if p != "index.md"])
def test_no_rounded_or_reformatted_copies_of_computed_numbers(lang, page):
    text = read(lang, page)
    body = checked_text(text, lang)
    typed = typed_numbers(body)
    for key, value in numbers.page_numbers(page[:-3], lang).items():
        computed = computed_value(value)
        if computed is None:
            continue
        digits = re.sub(r"\D", "", value)
        if len(digits) < 2:
            continue  # 3 layers, 4 starts: small counts read naturally as words
        copies = [t[0] for t in typed if is_a_form_of(t, computed)]
        assert not copies, f"{lang}/{page} types {copies} for {key} = {value} by hand"


@pytest.mark.parametrize("lang", LANGS)
def test_the_seeds_wrong_numbers_are_gone(lang):
    text = "".join(prose(read(lang, page)) for page in PAGES)
    for wrong in ("0.17", "0.08", "(0.5, 1.0)", "(m,p)", "-6 \\le p"):
        assert wrong not in text
