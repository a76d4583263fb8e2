"""Each language a book of its own: declared once, its chrome in its own language from message
catalogs, readers kept in their language, the same section ids in every language, and translations
that cannot fall behind their source unseen (book/sources/books.py,
book/extension/site_languages.py, book/sources/translations.py)."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment, Doctype

import contents
from book.extension import site_languages
from book.sources import translations
from contents import CHAPTERS, LANGS, LANGUAGES, PAGES, SOURCE_LANG, web_address

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
HANGUL = re.compile("[\uac00-\ud7a3]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
TRANSLATED = [lang for lang in LANGS if lang != SOURCE_LANG]
GENERATED = ("search", "genindex")  # the pages Sphinx makes in every book


@cache
def soup(lang: str, page: str) -> BeautifulSoup:
    """A built page of a language's book."""
    path = SITE / CHAPTERS / lang / f"{page}.html"
    if not path.exists():
        pytest.fail("the site is not built: run `make book` (make test does)")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# ---------------------------------------------------------------- declarations


def write_book(folder: Path, toc: str, config: str) -> tuple[Path, Path]:
    """A `_toc.yml` and `_config.yml` in `folder`, with the chapters they name."""
    for lang in ("en", "ko"):
        (folder / CHAPTERS / lang).mkdir(parents=True, exist_ok=True)
        for page in ("index", "01_page"):
            (folder / CHAPTERS / lang / f"{page}.md").write_text("# Page\n")
    (folder / "_toc.yml").write_text(toc, encoding="utf-8")
    (folder / "_config.yml").write_text(config, encoding="utf-8")
    return folder / "_toc.yml", folder / "_config.yml"


TOC = """format: jb-book
parts:
  - caption: English
    chapters: [{file: chapters/en/index}, {file: chapters/en/01_page}]
  - caption: 한국어
    chapters: [{file: chapters/ko/index}, {file: chapters/ko/01_page}]
"""
DECLARED = """languages:
  en: {name: English, title: T, font: [DejaVu Sans], search: en, source: true}
  ko: {name: 한국어, title: 제목, font: [NanumGothic], search: ko}
"""


def test_the_languages_are_declared_once_and_their_parts_agree(tmp_path):
    toc, config = write_book(tmp_path, TOC, DECLARED)
    declared = contents.check_declarations(toc, config)
    assert list(declared) == ["en", "ko"] and declared["ko"].font == ("NanumGothic",)
    assert contents.LANGS == tuple(contents.LANGUAGES)
    assert [lang for lang in LANGS if LANGUAGES[lang].source] == [SOURCE_LANG]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (DECLARED.replace("  ko:", "  es:"), "parts for the languages"),
        (DECLARED.replace(", source: true", ""), "exactly one language is the source"),
        (DECLARED.replace(", search: ko", ""), "languages: ko: missing search"),
        (DECLARED.replace("search: ko}", "search: ko, colour: red}"), "unknown settings colour"),
        ("title: x\n", "no `languages:` block"),
        ("languages: [unclosed\n", "_config.yml:1: not valid YAML (while parsing a flow"),
        ("title: [unclosed\n" + DECLARED, "_config.yml:1: not valid YAML"),
        ("title: x\n  author: y\n" + DECLARED, "_config.yml:2: not valid YAML (mapping values"),
    ],
)
def test_a_wrong_declaration_is_one_line_that_names_the_problem(tmp_path, config, message):
    contents.declared_languages.cache_clear()
    toc, path = write_book(tmp_path, TOC, config)
    with pytest.raises(contents.ContentsError, match=re.escape(message)):
        contents.check_declarations(toc, path)
    contents.declared_languages.cache_clear()


def test_a_page_file_left_out_of_the_table_of_contents_is_an_error(tmp_path):
    toc, config = write_book(tmp_path, TOC, DECLARED)
    (tmp_path / CHAPTERS / "ko" / "02_extra.md").write_text("# Extra\n")
    contents.pages_by_language.cache_clear()
    with pytest.raises(contents.ContentsError, match=r"chapters/ko/02_extra.md is not in _toc"):
        contents.pages_by_language(toc)
    contents.pages_by_language.cache_clear()


@pytest.mark.parametrize(
    ("ko_part", "message"),
    [
        ("[{file: chapters/ko/index}]", "the ko part differs from the en part: it lacks 01_page"),
        (
            "[{file: chapters/ko/01_page}, {file: chapters/ko/index}]",
            "its order is 01_page, index, en's index, 01_page",
        ),
        (
            "[{file: chapters/ko/index}, {file: chapters/ko/01_page}, {file: chapters/ko/02_x}]",
            "it has 02_x, which en has not",
        ),
    ],
)
def test_page_lists_that_differ_between_languages_are_one_line_naming_the_pages(
    tmp_path, ko_part, message
):
    old = "[{file: chapters/ko/index}, {file: chapters/ko/01_page}]"
    toc, config = write_book(tmp_path, TOC.replace(old, ko_part), DECLARED)
    (tmp_path / CHAPTERS / "ko" / "02_x.md").write_text("# X\n")
    if "02_x" not in ko_part:
        (tmp_path / CHAPTERS / "ko" / "02_x.md").unlink()
    if "01_page" not in ko_part:
        (tmp_path / CHAPTERS / "ko" / "01_page.md").unlink()
    contents.pages_by_language.cache_clear()
    with pytest.raises(contents.ContentsError) as caught:
        contents.pages_by_language(toc)
    contents.pages_by_language.cache_clear()
    assert message in str(caught.value) and "\n" not in str(caught.value)


def language_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each string literal in a file that is a language code ("en", 'ko'):
    string tokens of Python (docstrings and comments aside), quoted words elsewhere."""
    import io
    import tokenize

    codes = {"en", "ko"}
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        quoted = re.compile(r"""["'](?:en|ko)["']""")
        return [(n, line) for n, line in enumerate(text.splitlines(), 1) if quoted.search(line)]
    found = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.STRING and token.string.strip("\"'") in codes:
            found.append((token.start[0], token.line.strip()))
    return found


def test_no_code_names_a_language_outside_the_declarations():
    """Languages are data: no code lists a language (the declarations, the words and the
    chapters hold them)."""
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for folder in ("book", "figures_src", "pages", "experiments", "lib", "words", "bench")
        for path in sorted((ROOT / folder).rglob("*"))
        if path.suffix in (".py", ".js", ".html") and "node_modules" not in path.parts
        for line, text in language_literals(path)
    ]
    found += [f"contents.py:{n}: {t}" for n, t in language_literals(ROOT / "contents.py")]
    assert not found, "\n".join(found)


# ---------------------------------------------------------------- catalogs


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    """The project's catalog of a language, falling back to Sphinx's own."""
    import sphinx
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = ROOT / "locale" / lang / "LC_MESSAGES" / "sphinx.po"
    sphinx_dir = Path(sphinx.__file__).parent / "locale"
    fallback = gettext.translation("sphinx", str(sphinx_dir), [lang], fallback=True)
    if not po.is_file():
        return fallback
    import io

    buffer = io.BytesIO()
    with po.open("rb") as stream:
        write_mo(buffer, read_po(stream))
    buffer.seek(0)
    own = gettext.GNUTranslations(buffer)
    own.add_fallback(fallback)
    return own


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_word_the_book_writes_around_its_pages_has_a_translation(lang):
    words = [
        *site_languages.CHROME,
        *site_languages.SCRIPT_WORDS.values(),
        *site_languages.COPYBUTTON_WORDS.values(),
    ]
    missing = [word for word in words if catalog(lang).gettext(word) == word]
    assert not missing, f"locale/{lang}/LC_MESSAGES/sphinx.po lacks {missing}"


def chrome_texts(page: BeautifulSoup) -> list[str]:
    """The words around a page's content: every text and label outside the article's sections
    (the content), the language switch's other languages aside."""
    page = BeautifulSoup(str(page), "html.parser")
    for element in page(["script", "style", "noscript", "kbd"]):
        element.decompose()
    for comment in page.find_all(string=lambda text: isinstance(text, (Comment, Doctype))):
        comment.extract()
    article = page.select_one("article.bd-article")
    if article:
        for content in article.find_all(["section", "div"], recursive=False):
            content.decompose()
    for other in page.select(".ml4a-lang-switch [lang]"):
        other.decompose()
    texts = [text.strip() for text in page.find_all(string=True) if text.strip()]
    for attribute in ("title", "aria-label", "placeholder", "data-bs-title", "alt"):
        texts += [element[attribute] for element in page.find_all(attrs={attribute: True})]
    return texts


NAMES = {"PDF", "Machine Learning for Artists", "ml4a contributors"}  # the same in every language


@pytest.mark.parametrize("page", [*PAGES, *GENERATED])
@pytest.mark.parametrize("lang", LANGS)
def test_the_chrome_of_a_page_speaks_its_book_language(lang, page):
    """No English around a Korean page (names aside), no Hangul around an English one; the
    other languages in the switch carry their own `lang`."""
    texts = chrome_texts(soup(lang, page))
    if HANGUL.search(LANGUAGES[lang].title):
        foreign = [
            t
            for t in texts
            if LATIN_WORD.search(re.sub("|".join(NAMES), "", t)) and not HANGUL.search(t)
        ]
    else:
        foreign = [t for t in texts if HANGUL.search(t)]
    assert not foreign, f"{lang}/{page}: {foreign[:8]}"
    assert soup(lang, page).html["lang"] == lang


@pytest.mark.parametrize("page", [*PAGES, *GENERATED])
@pytest.mark.parametrize("lang", LANGS)
def test_the_switch_offers_every_language_in_its_own_name_and_lang(lang, page):
    switch = soup(lang, page).select_one("nav.ml4a-lang-switch")
    assert switch is not None, f"{lang}/{page} has no language switch"
    items = switch.select("li > *")
    assert [item["lang"] for item in items] == list(LANGS)
    assert [item.get_text() for item in items] == [LANGUAGES[c].name for c in LANGS]
    for item, code in zip(items, LANGS, strict=True):
        if code == lang:
            assert item.name == "span" and item.get("aria-current") == "page"
        else:
            assert item["href"] == f"../{code}/{page}.html" and item["hreflang"] == code
            assert (SITE / CHAPTERS / code / f"{page}.html").is_file()
    # The head names the counterparts by their public address (search engines take no
    # relative one there: Lighthouse's hreflang audit fails it), so only once there is one.
    alternates = soup(lang, page).select("link[rel=alternate][hreflang]")
    expected = {code: web_address(code, page) for code in LANGS if code != lang}
    assert {link["hreflang"]: link["href"] for link in alternates} == {
        code: address for code, address in expected.items() if address
    }


@pytest.mark.parametrize("lang", LANGS)
def test_previous_next_and_the_sidebar_stay_in_the_book(lang):
    for page in PAGES:
        page_soup = soup(lang, page)
        links = page_soup.select("a.left-prev, a.right-next, nav.bd-docs-nav a")
        assert links, f"{lang}/{page} has no navigation"
        for link in links:
            href = link["href"].split("#")[0]
            if not href:
                continue  # the page itself
            assert "/" not in href, f"{lang}/{page}: {link['href']} leaves the book"
            assert (SITE / CHAPTERS / lang / href).is_file(), href
    first, last = soup(lang, PAGES[0]), soup(lang, PAGES[-1])
    assert first.select_one("a.left-prev") is None and last.select_one("a.right-next") is None
    sidebar = [a.get_text().strip() for a in soup(lang, PAGES[1]).select("nav.bd-docs-nav a")]
    assert len(sidebar) == len(PAGES)


def section_ids(lang: str, page: str) -> list[str]:
    """The ids of a page's sections below its title, in order."""
    article = soup(lang, page).select_one("article.bd-article")
    return [s["id"] for s in article.select("section section[id]")]


def test_the_pages_have_sections():
    """(So that the test below reads something: the selector finds the sections.)"""
    assert any(section_ids(SOURCE_LANG, page) for page in PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_a_section_has_the_same_meaningful_id_in_every_language(page):
    """A page may have no sections below its title; those it has carry the same label in
    every language (a Korean heading would otherwise become `id1`)."""
    ids = {lang: section_ids(lang, page) for lang in LANGS}
    for lang in LANGS:
        assert ids[lang] == ids[SOURCE_LANG], f"{lang}/{page}"
    meaningless = [i for i in ids[SOURCE_LANG] if re.fullmatch(r"id\d+", i)]
    assert not meaningless, f"{page}: sections without a label: {meaningless}"


@pytest.mark.parametrize("page", PAGES)
def test_figure_numbers_agree_across_languages(page):
    numbers = {
        lang: [
            re.sub(r"\D+", " ", n.get_text()).split()
            for n in soup(lang, page).select("figcaption .caption-number")
        ]
        for lang in LANGS
    }
    for lang in LANGS:
        assert numbers[lang] == numbers[SOURCE_LANG], f"{lang}/{page}"


def test_the_front_door_links_every_book_in_its_own_language():
    door = BeautifulSoup((SITE / "index.html").read_text(encoding="utf-8"), "html.parser")
    books = door.select("a.book")
    assert [a["lang"] for a in books] == list(LANGS)
    for link, lang in zip(books, LANGS, strict=True):
        assert link["href"] == f"{CHAPTERS}/{lang}/index.html" and link["hreflang"] == lang
        assert LANGUAGES[lang].title in link.get_text()
    assert door.find("meta", attrs={"name": "description"})["content"]
    assert not door.find("meta", attrs={"http-equiv": "refresh"})  # no redirect at the root
    alternates = {link["hreflang"]: link["href"] for link in door.select("link[rel=alternate]")}
    expected = {lang: web_address(lang, "index") for lang in LANGS}
    assert alternates == {lang: address for lang, address in expected.items() if address}
    for address in ("search.html", "genindex.html", f"{CHAPTERS}/index.html"):
        assert (SITE / address).is_file(), f"the old address {address} is gone"


# ---------------------------------------------------------------- translations


def test_the_committed_book_has_no_page_behind_its_source():
    assert translations.behind_pages() == [], translations.report()


def test_a_translation_records_its_source_version_by_command(tmp_path):
    for lang in (SOURCE_LANG, TRANSLATED[0]):
        (tmp_path / CHAPTERS / lang).mkdir(parents=True)
    source, page = translations.paths(TRANSLATED[0], "index", tmp_path)[::-1]
    source.write_text("---\nkernelspec: {}\n---\n# Title\n\nOne.\n", encoding="utf-8")
    page.write_text("---\nkernelspec: {}\n---\n# 제목\n", encoding="utf-8")
    assert translations.behind(page, source)
    recorded = translations.mark(TRANSLATED[0], "index", tmp_path)
    git = subprocess.run(["git", "hash-object", str(source)], capture_output=True, text=True)
    assert recorded == git.stdout.strip() == translations.recorded(page)
    assert not translations.behind(page, source)
    assert page.read_text(encoding="utf-8").startswith("---\nkernelspec: {}\nsource_version: ")
    translations.mark(TRANSLATED[0], "index", tmp_path)  # again: the line is replaced
    assert page.read_text(encoding="utf-8").count("source_version") == 1
    source.write_text("---\nkernelspec: {}\n---\n# Title\n\nTwo.\n", encoding="utf-8")
    assert translations.behind(page, source)
    with pytest.raises(ValueError, match="source language"):
        translations.mark(SOURCE_LANG, "index", tmp_path)


def test_the_report_names_a_page_behind_and_shows_what_changed(tmp_path):
    """In a copy of the repository's history: a source page edited after its translation was
    recorded is reported with a diff of the edit."""
    lang, page = TRANSLATED[0], PAGES[1]
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-local", str(ROOT), str(clone)], check=True)
    for name in ("contents.py", "_toc.yml", "_config.yml"):  # the working tree's, not HEAD's
        (clone / name).write_bytes((ROOT / name).read_bytes())
    for code in LANGS:
        for path in (ROOT / CHAPTERS / code).glob("*.md"):
            (clone / CHAPTERS / code / path.name).write_bytes(path.read_bytes())
    subprocess.run(["git", "-C", str(clone), "add", "-A"], check=True)
    subprocess.run(
        ["git", "-C", str(clone), "-c", "user.name=t", "-c", "user.email=t@t"]
        + ["commit", "-qm", "the working tree", "--allow-empty"],
        check=True,
    )
    translations.mark(lang, page, clone)
    source = clone / CHAPTERS / SOURCE_LANG / f"{page}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing sentence.\n")
    result = subprocess.run(
        [sys.executable, "-m", "book.sources.translations"],
        cwd=clone,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert f"{CHAPTERS}/{lang}/{page}.md" in result.stdout
    assert "+A new closing sentence." in result.stdout


def test_once_the_book_has_an_address_its_pages_name_their_counterparts_absolutely(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("html:\n  baseurl: https://books.example/ml4a/\n")
    assert web_address("ko", "04_neural_networks", config) == (
        f"https://books.example/ml4a/{CHAPTERS}/ko/04_neural_networks.html"
    )
    config.write_text("html:\n  baseurl: ''\n")
    assert web_address("ko", "04_neural_networks", config) is None


def test_the_front_door_names_the_books_by_address_once_there_is_one(monkeypatch):
    from book.build import door

    monkeypatch.setattr(door, "web_address", lambda lang, page: f"https://b.example/{lang}/{page}")
    page = BeautifulSoup(door.front_page(), "html.parser")
    alternates = {link["hreflang"]: link["href"] for link in page.select("link[rel=alternate]")}
    assert alternates == {lang: f"https://b.example/{lang}/index" for lang in LANGS}
