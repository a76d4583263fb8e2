"""The built site (`make book` output in _build/html): links, languages, offline, search."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

import contents
from book.build import style_bundle
from contents import LANGS

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
PAGES = sorted(contents.PAGES)


@pytest.fixture(autouse=True, scope="module")
def built_site():
    """These tests read the built site; `make test` builds it first."""
    if not (SITE / "index.html").exists():
        pytest.fail("the site is not built: run `make book` (make test does)")


class Page(HTMLParser):
    """The links, resources, ids and <html lang> of one HTML page."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path, self.lang = path, None
        self.links: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()
        self.images: list[dict] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("script", "img", "source", "iframe") and a.get("src"):
            self.resources.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") in ("stylesheet", "preload", "icon"):
            self.resources.append(a["href"])
        if tag == "img":
            self.images.append(a)


def chapter_html(lang: str, page: str) -> Path:
    """The built HTML file of a chapter page."""
    return SITE / "chapters" / lang / f"{page}.html"


def all_pages() -> list[Path]:
    """Every HTML page of the site (not the theme's template macros copied into _static/)."""
    return sorted(p for p in SITE.rglob("*.html") if "_static" not in p.parts)


def resolve(page: Path, url: str) -> tuple[Path, str]:
    """The file and fragment an internal URL of `page` points to."""
    url, fragment = urldefrag(url)
    target = (page.parent / unquote(url)).resolve() if url else page
    if target.is_dir():
        target = target / "index.html"
    return target, fragment


def test_all_internal_links_and_anchors_resolve():
    parsed = {p: Page(p) for p in all_pages()}
    broken = []
    for path, page in parsed.items():
        for url in page.links + page.resources:
            if urlparse(url).scheme or url.startswith(("mailto:", "//")):
                continue
            target, fragment = resolve(path, url.split("?")[0])
            if not target.exists():
                broken.append(f"{path.relative_to(SITE)} -> {url}")
            elif fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else Page(target).ids
                if fragment not in ids:
                    broken.append(f"{path.relative_to(SITE)} -> {url} (no anchor)")
    assert not broken, "\n".join(broken[:20])


def test_no_resource_comes_from_another_machine():
    for path in all_pages():
        external = [u for u in Page(path).resources if urlparse(u).scheme or u.startswith("//")]
        assert not external, f"{path.relative_to(SITE)} loads {external}"


def test_formulas_are_typeset_in_the_html_and_katex_is_served_from_the_site():
    html = chapter_html("en", "03_gradient_descent").read_text(encoding="utf-8")
    assert html.count('class="katex"') >= 10
    assert "math-error" not in html
    for lang in LANGS:  # each book serves its own copy, a part of its one style sheet
        joined = (SITE / "chapters" / lang / style_bundle.BUNDLE).read_text(encoding="utf-8")
        assert "_static/katex/katex.min.css" in style_bundle.parts(joined)
        assert len(list((SITE / "chapters" / lang / "_static/katex/fonts").glob("*.woff2"))) >= 10


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_one_style_sheet_whose_files_are_all_there(lang):
    book = SITE / "chapters" / lang
    pages = sorted(book.glob("*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert style_bundle.linked_sheets(html) == [style_bundle.BUNDLE], page.name
    joined = (book / style_bundle.BUNDLE).read_text(encoding="utf-8")
    assert len(style_bundle.parts(joined)) >= 5
    for sheet in style_bundle.parts(joined):
        assert not (book / sheet).exists(), f"{sheet} is joined, so no page asks for it"
    targets = {t for _, t in style_bundle.URL.findall(joined) if not t.startswith("data:")}
    assert any(t.startswith("katex/fonts/") for t in targets)
    # KaTeX's fonts are served as WOFF2 only, which every browser that runs the page takes
    # first: their older formats, named after it in each @font-face, may be missing.
    found = {t for t in targets if (book / "_static" / t.split("?")[0]).is_file()}
    missing = sorted(
        t
        for t in targets - found
        if not (t.endswith((".woff", ".ttf")) and t.rsplit(".", 1)[0] + ".woff2" in found)
    )
    assert not missing, f"the joined sheet of {lang} asks for files the book lacks: {missing}"


SEARCH_SCRIPTS = ("_static/searchtools.js", "_static/language_data.js", "searchindex.js")


def test_search_scripts_and_index_load_on_the_search_page_only():
    """The theme loads them on every page (its layout.html, block extrahead); the book's
    template override leaves them to the search page, which loads each once."""
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    layout = (theme / "layout.html").read_text(encoding="utf-8")
    assert all(script in layout for script in SEARCH_SCRIPTS), "the theme changed: check"
    pages = [p for p in all_pages() if p.parent.parent.name == "chapters"]  # the books' pages
    assert len(pages) >= len(LANGS) * (len(PAGES) + 2)
    for path in pages:
        scripts = [u.split("?")[0] for u in Page(path).resources if u.split("?")[0].endswith(".js")]
        loaded = [s for s in SEARCH_SCRIPTS if any(u.endswith(s) for u in scripts)]
        if path.name == "search.html":
            assert loaded == list(SEARCH_SCRIPTS), path
            assert len(scripts) == len(set(scripts)), f"search.html loads a script twice: {scripts}"
        else:
            assert not loaded, f"{path.relative_to(SITE)} loads {loaded}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_language_attribute_and_link_to_the_other_language(lang, page):
    html = Page(chapter_html(lang, page))
    assert html.lang == lang
    for other in LANGS:
        target = chapter_html(other, page).resolve()
        if other != lang:
            assert any(resolve(html.path, link)[0] == target for link in html.links), (
                f"{lang}/{page} has no link to {other}/{page}"
            )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_image_has_alt_text(lang, page):
    for img in Page(chapter_html(lang, page)).images:
        if "logo" in img.get("class", ""):
            continue
        assert img.get("alt", "").strip(), f"{lang}/{page}: {img.get('src')} has no alt text"


def test_korean_figures_are_labelled_in_korean():
    text = chapter_html("ko", "02_linear_regression").read_text(encoding="utf-8")
    assert '<span class="caption-number">그림 ' in text
    assert '<span class="caption-number">Fig. ' not in text


def test_each_page_says_its_viewport_once():
    pages = [SITE / "index.html", *sorted(SITE.glob("chapters/*/*.html"))]
    twice = [
        p.relative_to(SITE).as_posix()
        for p in pages
        if p.read_text(encoding="utf-8").count('<meta name="viewport"') != 1
    ]
    assert pages and not twice, twice


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_the_first_figure_is_fetched_at_once_and_every_figure_is_sized(lang, page):
    """The page's first figure may be its largest paint: fetched at once, first among pictures;
    the rest as the reader nears them. Every one says its size, so nothing shifts as it loads."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(chapter_html(lang, page).read_text(encoding="utf-8"), "html.parser")
    pictures = soup.select("a.ml4a-zoom > picture > img")
    for index, img in enumerate(pictures):
        assert img.get("width") and img.get("height"), f"{lang}/{page}: {img['src']} unsized"
        if index == 0:
            assert img.get("loading") is None and img.get("fetchpriority") == "high", img
        else:
            assert img.get("loading") == "lazy" and img.get("fetchpriority") is None, img


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_picture_on_a_page_says_its_size_and_the_file_has_it(lang, page):
    """Figures, animations' posters and explorers' maps: `width` and `height` are the file's
    own pixels (Lighthouse's unsized-images audit; nothing shifts while they load)."""
    from bs4 import BeautifulSoup
    from PIL import Image

    html = chapter_html(lang, page)
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    for img in soup.select("article img"):
        assert img.get("width") and img.get("height"), f"{lang}/{page}: {img['src']} unsized"
        with Image.open(html.parent / unquote(img["src"])) as file:
            assert file.size == (int(img["width"]), int(img["height"])), img["src"]


def test_the_benchmark_weighs_the_explorers_the_built_site_ships():
    """`make bench` measures the scripts each book really serves (a moved file is an error)."""
    from bench import explorers

    for lang in LANGS:
        for page in explorers.PAGES.values():
            raw, zipped = explorers.weight(SITE, lang, page)
            assert 0 < zipped < raw
