"""A third language is data: in a copy of the project, a Spanish book made from copies of the
English pages, exactly by the README's steps ("Adding a language"), builds with its own
navigation, language switch, search, catalog words and PDF, and a page whose source changed
since it was translated is named by the build and shows its readers a notice."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from contents import CHAPTERS, LANGS, PAGES, SOURCE_LANG

ROOT = Path(__file__).resolve().parent.parent
NEW = "es"
NAME, TITLE = "Español", "Cómo se entrenan las redes neuronales"
MARK = "[es] "  # what the test's catalog puts before each word it translates
# What the project's copy leaves out: what Git ignores, and the built site (whose figures and
# notebook caches are copied below, so that only the new language's work is done again).
LEFT_OUT = (".git", ".venv", "node_modules", "_build", "__pycache__", ".pytest_cache", "*.mo")


def run(root: Path, *command: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """A command of the README in the copy, with the project's Python first on the path."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    return subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, timeout=timeout
    )


def add_language(root: Path) -> None:
    """The README's steps for a new language, as a translator would take them."""
    # 1. Its pages: copies of the source pages, each set up for its language.
    source, pages = root / CHAPTERS / SOURCE_LANG, root / CHAPTERS / NEW
    pages.mkdir()
    for path in sorted(source.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        text = text.replace(f'pages.setup("{SOURCE_LANG}"', f'pages.setup("{NEW}"')
        text = text.replace(f"fig-{SOURCE_LANG}-", f"fig-{NEW}-")
        (pages / path.name).write_text(text, encoding="utf-8")
    # 2. Its words: a copy of the source language's, to translate.
    shutil.copy(root / "words" / f"{SOURCE_LANG}.py", root / "words" / f"{NEW}.py")
    # 3. Its part of _toc.yml: the source language's part with its own folder.
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    part = next(p for p in toc["parts"] if f"/{SOURCE_LANG}/" in repr(p))
    text = yaml.safe_dump(part, allow_unicode=True, sort_keys=False)
    copy = yaml.safe_load(text.replace(f"/{SOURCE_LANG}/", f"/{NEW}/"))
    copy["caption"] = NAME
    toc["parts"].append(copy)
    (root / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False))
    # 4. Its declaration in _config.yml's `languages:` block.
    config = (root / "_config.yml").read_text(encoding="utf-8")
    entry = (
        f"  {NEW}:\n    name: {NAME}\n    title: {TITLE}\n"
        f"    font: [DejaVu Sans]\n    search: {NEW}\n"
    )
    block = re.search(r"^languages:\n(?:  .*\n)+", config, re.M)
    config = config[: block.end()] + entry + config[block.end() :]
    (root / "_config.yml").write_text(config, encoding="utf-8")
    # 5. Its catalog for the words the packages' own catalogs lack (those of another
    # translation's catalog): here each is marked rather than translated.
    other = next(code for code in LANGS if code != SOURCE_LANG)
    po = (root / "locale" / other / "LC_MESSAGES" / "sphinx.po").read_text(encoding="utf-8")
    catalog = root / "locale" / NEW / "LC_MESSAGES" / "sphinx.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(marked_catalog(po), encoding="utf-8")
    # 6. Record which version of each source page its pages translate.
    result = run(root, sys.executable, "-m", "book.sources.translations", "--mark", NEW)
    assert result.returncode == 0, result.stderr


def marked_catalog(po: str) -> str:
    """A copy of a gettext catalog whose every translation is its message id, marked."""
    import io

    from babel.messages.pofile import read_po, write_po

    catalog = read_po(io.StringIO(po))
    catalog.locale = NEW
    for message in catalog:
        if message.id:
            message.string = MARK + message.id
    out = io.BytesIO()
    write_po(out, catalog, omit_header=False)
    return out.getvalue().decode("utf-8")


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> tuple[Path, str]:
    """A copy of the project with a third language added and one source page edited after
    its translations were recorded, built by the README's `make book` steps: (root, output)."""
    root = tmp_path_factory.mktemp("three") / "project"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(*LEFT_OUT))
    (root / "book" / "node_modules").symlink_to(ROOT / "book" / "node_modules")
    for cache in ("figures", ".jupyter_cache"):
        if (ROOT / "_build" / cache).is_dir():
            shutil.copytree(ROOT / "_build" / cache, root / "_build" / cache, symlinks=True)
    add_language(root)
    edited = root / CHAPTERS / SOURCE_LANG / f"{PAGES[1]}.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA closing sentence.\n")
    output = ""
    for command in ([sys.executable, "-m", "figures_src"], [sys.executable, "-m", "book.build"]):
        result = run(root, *command)
        output += result.stdout + result.stderr
        assert result.returncode == 0, output[-4000:]
    return root, output


def page(root: Path, lang: str, name: str) -> BeautifulSoup:
    """A built page of the copy's site."""
    path = root / "_build" / "html" / CHAPTERS / lang / f"{name}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_new_book_has_every_page_and_keeps_its_readers(three):
    root, _ = three
    for name in PAGES:
        soup = page(root, NEW, name)
        assert soup.html["lang"] == NEW
        links = soup.select("a.left-prev, a.right-next, nav.bd-docs-nav a")
        for link in links:
            href = link["href"].split("#")[0]
            assert not href or "/" not in href, f"{NEW}/{name}: {link['href']} leaves the book"
    sidebar = page(root, NEW, PAGES[1]).select("nav.bd-docs-nav a")
    assert len(sidebar) == len(PAGES)
    assert TITLE in page(root, NEW, "index").select_one("title").get_text()


def test_every_book_offers_every_language_in_its_own_name_and_lang(three):
    root, _ = three
    languages = [*LANGS, NEW]
    for lang in languages:
        items = page(root, lang, PAGES[1]).select("nav.ml4a-lang-switch li > *")
        assert [item["lang"] for item in items] == languages, lang
        assert items[-1].get_text() == NAME
        for item, code in zip(items, languages, strict=True):
            if code != lang:
                target = root / "_build" / "html" / CHAPTERS / code / f"{PAGES[1]}.html"
                assert item["hreflang"] == code and target.is_file()
    door = BeautifulSoup((root / "_build" / "html" / "index.html").read_text(), "html.parser")
    assert [a["lang"] for a in door.select("a.book")] == languages


def test_the_new_book_speaks_from_its_catalogs(three):
    """Sphinx's and the theme's Spanish catalogs, and the book's own catalog for the rest."""
    root, _ = three
    soup = page(root, NEW, PAGES[1])
    footer = soup.select_one("footer.bd-footer-content").get_text(" ", strip=True)
    assert MARK + "Every figure and number" in footer
    search = soup.select_one("input[name=q]") or soup.select_one("form[role=search] input")
    assert search is not None and not search.get("placeholder", "").startswith("Search")
    assert MARK in (root / "_build/html" / CHAPTERS / NEW / "_static/ml4a_words.js").read_text()


def test_the_new_book_has_its_own_search_in_its_language(three, browser):
    root, _ = three
    site = root / "_build" / "html" / CHAPTERS / NEW
    index = (site / "searchindex.js").read_text()
    assert '"envversion"' in index and "gradient" in index
    assert f"LANGUAGE: '{NEW}'" in (site / "_static/documentation_options.js").read_text()
    tab = browser.new_page()
    try:
        tab.goto((site / "search.html").as_uri() + "?q=momentum")
        tab.wait_for_selector("#search-results ul.search li", timeout=15_000)
        found = tab.eval_on_selector_all(
            "#search-results ul.search li a", "links => links.map(a => a.href)"
        )
    finally:
        tab.close()
    assert found and all(f"/{CHAPTERS}/{NEW}/" in href for href in found), found


def test_the_new_book_has_its_pdf(three):
    root, output = three
    from book.extension import downloads

    path = root / "_build" / "pdf" / downloads.pdf_name(NEW, root)
    assert path.is_file() and path.read_bytes().startswith(b"%PDF"), output[-2000:]
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-l", "1", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert NAME in text and "How neural networks" in text


def test_a_page_behind_its_source_is_named_and_shows_a_notice(three):
    root, output = three
    for lang in (*LANGS, NEW):
        if lang == SOURCE_LANG:
            continue
        assert f"{CHAPTERS}/{lang}/{PAGES[1]}.md" in output, output[-3000:]
        notice = page(root, lang, PAGES[1]).select_one("aside.ml4a-behind")
        assert notice is not None, f"{lang}/{PAGES[1]} shows no notice"
        link = notice.select_one("a")
        assert link["href"] == f"../{SOURCE_LANG}/{PAGES[1]}.html"
        assert link["hreflang"] == SOURCE_LANG
    for lang in (NEW, SOURCE_LANG):
        assert page(root, lang, PAGES[2]).select_one("aside.ml4a-behind") is None


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_notice_of_a_page_behind_keeps_its_contrast(three, browser, scheme):
    """axe's contrast rule on the notice, as a reader sees it in each theme (its link sits on
    the notice's tinted background, not on the page's)."""
    from axe_playwright_python.sync_playwright import Axe

    root, _ = three
    other = next(lang for lang in LANGS if lang != SOURCE_LANG)
    path = root / "_build" / "html" / CHAPTERS / other / f"{PAGES[1]}.html"
    tab = browser.new_page(color_scheme=scheme)
    try:
        tab.goto(path.as_uri(), wait_until="load")
        assert tab.locator("aside.ml4a-behind a").count() == 1
        results = Axe().run(
            tab, context="aside.ml4a-behind", options={"runOnly": ["color-contrast"]}
        )
        low = [
            f"{node['target']}: {node['failureSummary'].splitlines()[-1].strip()}"
            for item in results.response["violations"]
            for node in item["nodes"]
        ]
        assert not low, f"{other}/{PAGES[1]} in {scheme}:\n" + "\n".join(low)
    finally:
        tab.close()
