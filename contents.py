"""The book's structure as `_toc.yml` declares it: its languages and its pages, in order.

Each language is a folder ``chapters/<lang>/`` holding the same pages (``index`` and the
numbered sections); `_toc.yml` lists them, one part per language. Everything else that needs
a list of languages or pages (the figure build, the page helpers, the site's extension, the
tests and the benchmark) reads it from here, so adding a page or a language means writing its
files and naming them in `_toc.yml`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent
TOC = ROOT / "_toc.yml"
CHAPTERS = "chapters"


class ContentsError(ValueError):
    """`_toc.yml` and the chapter folders disagree."""


def _files(entry) -> list[str]:
    """Every ``root:`` and ``file:`` named in a part of `_toc.yml`, in order."""
    if isinstance(entry, dict):
        found = [entry[k] for k in ("root", "file") if isinstance(entry.get(k), str)]
        for key, value in entry.items():
            if key not in ("root", "file"):
                found += _files(value)
        return found
    if isinstance(entry, list):
        return [name for item in entry for name in _files(item)]
    return []


@cache
def pages_by_language(toc: Path = TOC) -> dict[str, tuple[str, ...]]:
    """``{lang: (page, ...)}`` in `_toc.yml`'s order; a page is a file name without ``.md``
    (``"02_linear_regression"``), ``index`` first.

    Raises ContentsError unless every language has the same pages and each page's file exists.
    """
    found: dict[str, list[str]] = {}
    for name in _files(yaml.safe_load(toc.read_text(encoding="utf-8"))):
        parts = name.split("/")
        if parts[0] != CHAPTERS or len(parts) != 3:
            continue  # the landing page, chapters/index
        lang, page = parts[1], parts[2]
        if not (toc.parent / f"{name}.md").is_file():
            raise ContentsError(f"{toc.name} names {name}, but {name}.md does not exist")
        found.setdefault(lang, []).append(page)
    if not found:
        raise ContentsError(f"{toc.name} names no page under {CHAPTERS}/<lang>/")
    first, *others = found
    for lang in others:
        if found[lang] != found[first]:
            raise ContentsError(
                f"{toc.name}: the {lang} pages {found[lang]} differ from the {first} pages "
                f"{found[first]}; every language has the same pages, in the same order"
            )
    return {lang: tuple(pages) for lang, pages in found.items()}


LANGS: tuple[str, ...] = tuple(pages_by_language())
PAGES: tuple[str, ...] = pages_by_language()[LANGS[0]]
SECTIONS: tuple[str, ...] = tuple(page for page in PAGES if page != "index")


def page_file(lang: str, page: str, root: Path = ROOT) -> Path:
    """The Markdown file of ``page`` in ``lang``."""
    check_lang(lang)
    if page not in PAGES:
        raise ValueError(f"unknown page {page!r}; the pages are {', '.join(PAGES)}")
    return root / CHAPTERS / lang / f"{page}.md"


def check_lang(lang: str) -> str:
    """``lang`` if the book has it, else a ValueError naming the languages it has."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; the book's languages are {LANGS}")
    return lang
