"""The landing page's list of sections and each page's meta description come from the pages'
front matter (`book/extension/site_sections.py`), in each language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import contents
from book.extension import site_sections
from contents import LANGS
from tests.conftest import SITE


def title_of(path: Path) -> str:
    """A page's title: its first heading, as written."""
    return re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE).group(1)


STRAIGHT_QUOTES = str.maketrans("‘’“”", "''\"\"")


def built(lang: str, page: str) -> BeautifulSoup:
    """A built page of the site."""
    return BeautifulSoup((SITE / contents.CHAPTERS / lang / f"{page}.html").read_bytes(), "lxml")


@pytest.mark.parametrize("lang", LANGS)
def test_the_landing_page_lists_every_other_page_with_its_description(lang):
    pages = [p for p in contents.pages_by_language()[lang] if p != "index"]
    items = built(lang, "index").select("ul.ml4a-sections > li")
    assert [li.a["href"] for li in items] == [f"{page}.html" for page in pages]
    for li, page in zip(items, pages, strict=True):
        path = contents.page_file(lang, page)
        assert li.a.get_text(strip=True) == title_of(path)
        expected = site_sections.description(path)
        listed = li.get_text(" ", strip=True).translate(STRAIGHT_QUOTES)  # (Sphinx's smartquotes)
        assert listed.endswith(f": {expected}"), li.get_text()


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_carries_its_own_description_in_its_language(lang):
    landing = site_sections.description(contents.page_file(lang, "index"))
    for page in contents.pages_by_language()[lang]:
        metas = built(lang, page).select("meta[name=description]")
        expected = site_sections.description(contents.page_file(lang, page))
        assert [m["content"] for m in metas] == [expected], page
    for generated in ("search", "genindex"):
        metas = built(lang, generated).select("meta[name=description]")
        assert [m["content"] for m in metas] == [landing]
    hangul = re.compile("[\uac00-\ud7a3]")
    for page in contents.pages_by_language()[lang]:
        text = site_sections.description(contents.page_file(lang, page))
        assert bool(hangul.search(text)) == (lang == "ko"), f"{lang}/{page}: {text}"


def test_a_page_without_a_description_is_named_with_what_to_add(tmp_path):
    page = tmp_path / "08_new_page.md"
    page.write_text("---\nkernelspec:\n  name: python3\n---\n\n# New\n", encoding="utf-8")
    with pytest.raises(site_sections.DescriptionError, match=r"08_new_page.md: add `description:"):
        site_sections.description(page)
    page.write_text("---\ndescription: [unclosed\n---\n\n# New\n", encoding="utf-8")
    with pytest.raises(site_sections.DescriptionError, match="08_new_page.md: its front matter"):
        site_sections.description(page)
    page.write_text('---\ndescription: "One  line,\n  folded."\n---\n', encoding="utf-8")
    assert site_sections.description(page) == "One line, folded."
