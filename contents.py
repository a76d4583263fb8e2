"""The book's structure as `_config.yml` and `_toc.yml` declare it: its languages and pages.

Each language is declared once, in `_config.yml` (``languages:``: its own name, the book's
title in it, its figures' fonts, how its search splits words, and which language is the
source the others translate), and is a book of its own: a folder ``chapters/<lang>/`` holding
the same pages (``index`` and the numbered sections), listed in its part of `_toc.yml`.
Everything else that needs a list of languages or pages (the figure build, the page helpers,
the site's extension, the tests and the benchmark) reads it from here, so adding a page or a
language means writing its files and naming them in `_toc.yml` (and `_config.yml`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent
TOC = ROOT / "_toc.yml"
CONFIG = ROOT / "_config.yml"
CHAPTERS = "chapters"


class ContentsError(ValueError):
    """`_config.yml`, `_toc.yml` and the chapter folders disagree, or one of them is unreadable."""


@dataclass(frozen=True)
class Language:
    """One language of the book, as `_config.yml` declares it."""

    code: str  # the folder under chapters/, the `lang` of its pages ("ko")
    name: str  # the language in its own words ("한국어")
    title: str  # the book's title in it
    font: tuple[str, ...]  # matplotlib font families for its figures, first choice first
    search: str  # a Sphinx search language, or "hangul" (book/extension/site_search.py)
    source: bool = False  # the language that the others translate


def read_yaml(path: Path) -> dict:
    """A YAML file as a mapping, or an error that names the file and the line."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise ContentsError(
            f"{path.name}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    except yaml.YAMLError as error:
        # An unclosed bracket or quote is found lines later: name the line that opened it.
        start = getattr(error, "context_mark", None)
        mark = start or getattr(error, "problem_mark", None)
        where = f"{path.name}:{mark.line + 1}" if mark else path.name
        problem = getattr(error, "problem", None) or str(error)
        found = getattr(error, "problem_mark", None)
        if start and found and found.line != start.line:
            problem = f"{error.context} opened here: {problem} on line {found.line + 1}"
        raise ContentsError(f"{where}: not valid YAML ({problem})") from None
    if not isinstance(data, dict):
        raise ContentsError(f"{path.name}: expected a mapping of settings")
    return data


@cache
def declared_languages(config: Path = CONFIG) -> dict[str, Language]:
    """The languages that `_config.yml` declares, in its order, checked field by field."""
    entries = read_yaml(config).get("languages")
    if not isinstance(entries, dict) or not entries:
        raise ContentsError(f"{config.name}: no `languages:` block declaring the book's languages")
    found = {}
    for code, entry in entries.items():
        where = f"{config.name}: languages: {code}"
        if not isinstance(entry, dict):
            raise ContentsError(f"{where}: expected name, title, font and search")
        missing = [key for key in ("name", "title", "font", "search") if key not in entry]
        if missing:
            raise ContentsError(f"{where}: missing {', '.join(missing)}")
        unknown = set(entry) - {"name", "title", "font", "search", "source"}
        if unknown:
            raise ContentsError(f"{where}: unknown settings {', '.join(sorted(unknown))}")
        font = entry["font"] if isinstance(entry["font"], list) else [entry["font"]]
        found[code] = Language(
            str(code),
            str(entry["name"]),
            str(entry["title"]),
            tuple(str(f) for f in font),
            str(entry["search"]),
            bool(entry.get("source", False)),
        )
    sources = [code for code, language in found.items() if language.source]
    if len(sources) != 1:
        raise ContentsError(
            f"{config.name}: exactly one language is the source (`source: true`), found "
            f"{sources or 'none'}"
        )
    return found


def web_address(lang: str, page: str, config: Path = CONFIG) -> str | None:
    """A page's public address, from `_config.yml`'s `html.baseurl`; None while it is empty."""
    html = read_yaml(config).get("html") or {}
    base = str(html.get("baseurl") or "").strip()
    return f"{base.rstrip('/')}/{CHAPTERS}/{lang}/{page}.html" if base else None


def repository_address(config: Path = CONFIG) -> str | None:
    """The address of the book's source repository, from `_config.yml`'s `repository.url`;
    None while it is empty."""
    repository = read_yaml(config).get("repository") or {}
    return str(repository.get("url") or "").strip() or None


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

    Raises ContentsError unless every language has the same pages, each page's file exists and
    every page file of a language's folder is named (a page left out would not be published).
    """
    found: dict[str, list[str]] = {}
    for name in _files(read_yaml(toc)):
        parts = name.split("/")
        if parts[0] != CHAPTERS or len(parts) != 3:
            raise ContentsError(
                f"{toc.name} names {name}; every page is a file {CHAPTERS}/<lang>/<page>"
            )
        lang, page = parts[1], parts[2]
        if not (toc.parent / f"{name}.md").is_file():
            raise ContentsError(f"{toc.name} names {name}, but {name}.md does not exist")
        found.setdefault(lang, []).append(page)
    if not found:
        raise ContentsError(f"{toc.name} names no page under {CHAPTERS}/<lang>/")
    for lang, pages in found.items():
        for path in sorted((toc.parent / CHAPTERS / lang).glob("*.md")):
            if path.stem not in pages:
                raise ContentsError(
                    f"{CHAPTERS}/{lang}/{path.name} is not in {toc.name}, so it would not be "
                    f"published: add `- file: {CHAPTERS}/{lang}/{path.stem}` to the {lang} part "
                    f"(and the same page to every other language), or remove the file"
                )
    for folder in sorted((toc.parent / CHAPTERS).glob("*/")):
        if folder.name not in found and any(folder.glob("*.md")):
            raise ContentsError(
                f"{CHAPTERS}/{folder.name}/ holds pages, but {toc.name} has no part for them, "
                f"so they would not be published: add a part listing them (and declare the "
                f"language under `languages:` in _config.yml), or remove the folder"
            )
    first, *others = found
    for lang in others:
        if found[lang] != found[first]:
            missing = [page for page in found[first] if page not in found[lang]]
            extra = [page for page in found[lang] if page not in found[first]]
            said = []
            if missing:
                said.append(f"it lacks {', '.join(missing)}")
            if extra:
                said.append(f"it has {', '.join(extra)}, which {first} has not")
            order = f"its order is {', '.join(found[lang])}, {first}'s {', '.join(found[first])}"
            what = "; ".join(said) or order
            raise ContentsError(
                f"{toc.name}: the {lang} part differs from the {first} part: {what} (every "
                f"language has the same pages, in the same order)"
            )
    return {lang: tuple(pages) for lang, pages in found.items()}


def check_declarations(toc: Path = TOC, config: Path = CONFIG) -> dict[str, Language]:
    """The declared languages, if `_toc.yml` has a part for each of them and for no other."""
    declared, parts = declared_languages(config), pages_by_language(toc)
    if list(parts) != list(declared):
        raise ContentsError(
            f"{toc.name} has parts for the languages {list(parts)}, but {config.name} declares "
            f"{list(declared)}; each declared language has its part, in the same order"
        )
    return declared


LANGUAGES: dict[str, Language] = check_declarations()
LANGS: tuple[str, ...] = tuple(LANGUAGES)
SOURCE_LANG: str = next(code for code, language in LANGUAGES.items() if language.source)
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
