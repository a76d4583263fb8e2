"""How the PDF's document is put together (`book/pdf/document.py`, `book/downloads.py`): reading
order, links between pages, and clear errors for what cannot be printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from book.extension import downloads
from book.pdf import document as pdf_document
from book.pdf.document import Page, PdfSourceError

ROOT = Path(__file__).resolve().parent.parent

TOC = """format: jb-book
parts:
  - caption: English
    chapters:
      - file: chapters/en/index
      - file: chapters/en/02_second
      - file: chapters/en/01_first
  - caption: Deutsch
    chapters:
      - file: chapters/de/index
      - file: chapters/de/02_second
      - file: chapters/de/01_first
"""


def small_book(tmp_path: Path, toc: str = TOC) -> Path:
    """A book folder with a table of contents and two language folders of three pages."""
    (tmp_path / "_toc.yml").write_text(toc, encoding="utf-8")
    for lang in ("en", "de"):
        (tmp_path / "chapters" / lang).mkdir(parents=True)
        for page in ("index", "01_first", "02_second"):
            (tmp_path / "chapters" / lang / f"{page}.md").write_text(f"# {page}\n")
    return tmp_path


def test_reading_order_follows_the_toc_per_language_folder(tmp_path):
    order = pdf_document.reading_order(small_book(tmp_path))
    assert sorted(order) == ["de", "en"]
    assert [page.docname for page in order["en"]] == [
        "chapters/en/index",
        "chapters/en/02_second",
        "chapters/en/01_first",
    ]
    assert [page.name for page in order["de"]] == ["index", "02_second", "01_first"]


def test_reading_order_of_the_book_has_every_chapter_file():
    order = pdf_document.reading_order(ROOT)
    for lang, pages in order.items():
        files = {p.stem for p in (ROOT / "chapters" / lang).glob("*.md")}
        assert {page.name for page in pages} == files
        assert pages[0].name == "index"


def test_a_language_folder_missing_from_the_toc_is_an_error(tmp_path):
    book = small_book(tmp_path)
    (book / "chapters" / "fr").mkdir()
    (book / "chapters" / "fr" / "index.md").write_text("# index\n")
    with pytest.raises(PdfSourceError, match="chapters/fr/"):
        pdf_document.reading_order(book)


def test_a_file_that_is_no_toc_is_an_error(tmp_path):
    with pytest.raises(PdfSourceError, match="_toc.yml: expected a mapping"):
        pdf_document.reading_order(small_book(tmp_path, toc="- just a list\n"))


PAGES = {name: Page(f"chapters/en/{name}") for name in ("index", "01_first", "02_second")}


@pytest.mark.parametrize(
    ("href", "inside"),
    [
        ("#loss-function", "#01_first--loss-function"),
        ("02_second.html", "#02_second"),
        ("02_second.html#fig-en-x", "#02_second--fig-en-x"),
        ("./index.html#sections", "#index--sections"),
        ("https://example.org/a_(b)", "https://example.org/a_(b)"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
    ],
)
def test_links_become_links_inside_the_document(href, inside):
    assert pdf_document.internal_href(href, PAGES["01_first"], PAGES) == inside


@pytest.mark.parametrize(
    ("href", "message"),
    [
        ("../ko/01_first.html", "leaves the en pages"),
        ("03_missing.html", "leaves the en pages"),
        ("../../_sources/chapters/en/01_first.md", "leaves the en pages"),
        ("file:///etc/passwd", "cannot print a link"),
        ("javascript:alert(1)", "cannot print a link"),
    ],
)
def test_links_the_pdf_cannot_hold_are_errors(href, message):
    with pytest.raises(PdfSourceError, match=message):
        pdf_document.internal_href(href, PAGES["01_first"], PAGES)


def test_a_page_missing_from_the_site_is_an_error(tmp_path):
    with pytest.raises(PdfSourceError, match="make book"):
        pdf_document.page_part(tmp_path, PAGES["01_first"], [PAGES["01_first"]])


def test_a_page_without_an_article_is_an_error(tmp_path):
    (tmp_path / "chapters" / "en").mkdir(parents=True)
    (tmp_path / "chapters" / "en" / "01_first.html").write_text("<html><body>Hi</body></html>")
    with pytest.raises(PdfSourceError, match="article"):
        pdf_document.page_part(tmp_path, PAGES["01_first"], [PAGES["01_first"]])


def test_ids_are_unique_and_pictures_absolute(tmp_path):
    site = tmp_path
    for name, body in {
        "index": '<section id="top"><h1>Title</h1><a href="01_first.html">go</a></section>',
        "01_first": '<section id="top"><h1>First</h1><img src="../../_images/a.png"></section>',
    }.items():
        page = site / "chapters" / "en" / f"{name}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f'<html><head></head><body><article class="bd-article">{body}</article></body></html>'
        )
    pages = [PAGES["index"], PAGES["01_first"]]
    document, headings = pdf_document.document(site, "en", pages, "Book", "English", "abc1234")
    assert 'id="index--top"' in document and 'id="01_first--top"' in document
    assert 'href="#01_first"' in document and 'id="01_first"' in document
    assert f'src="{(site / "_images" / "a.png").as_uri()}"' in document
    assert pdf_document.headings(document) == headings == [(1, "Title"), (1, "First")]
    assert "abc1234" in document and "Book" in document

    # Kept page by page in a cache: the same document, and a changed page read again.
    cache = tmp_path / "parts"
    args = (site, "en", pages, "Book", "English", "abc1234")
    assert pdf_document.document(*args, cache=cache) == (document, headings)
    assert len(list(cache.glob("*.json"))) == 2
    assert pdf_document.document(*args, cache=cache) == (document, headings)
    first = site / "chapters" / "en" / "01_first.html"
    first.write_text(first.read_text().replace("<h1>First</h1>", "<h1>First, edited</h1>"))
    edited, edited_headings = pdf_document.document(*args, cache=cache)
    assert "First, edited" in edited and edited_headings[1] == (1, "First, edited")


def test_a_language_the_book_does_not_declare_is_an_error(tmp_path):
    with pytest.raises(PdfSourceError, match="not a language of the book.*_config.yml"):
        pdf_document.document(tmp_path, "de", [Page("chapters/de/index")], "B", "Deutsch", "r")


def test_every_language_of_the_book_has_the_title_pages_words():
    import contents
    from words import PAGE_WORDS

    for lang in contents.LANGS:
        assert "{book}" in PAGE_WORDS[lang]["pdf_book"]
        assert PAGE_WORDS[lang]["pdf_language"] and PAGE_WORDS[lang]["pdf_revision"]


def test_pdf_names_come_from_the_book_title(tmp_path):
    assert downloads.pdf_name("ko", ROOT) == "how-neural-networks-are-trained.ko.pdf"
    assert downloads.site_path("en", ROOT) == "_downloads/how-neural-networks-are-trained.en.pdf"
    (tmp_path / "_config.yml").write_text('title: "???"\n')
    with pytest.raises(ValueError, match="title"):
        downloads.pdf_name("en", tmp_path)


LISTING = (
    '<details class="ml4a-code"><summary>Show code</summary>'
    '<div class="ml4a-listing" data-key="{key}" data-src="../../_static/listings/{key}.js">'
    "</div></details>"
)
EXPLORER = (
    '<section class="ml4a-explorer" hidden><img src="../../_images/map.png">'
    '<script type="application/json" class="ml4a-explorer-data">{}</script></section>'
)


def test_what_print_hides_is_left_out_and_does_not_print_again(tmp_path):
    """Code listings and explorers are hidden in print (ml4a.css): the document leaves them out,
    so that a change to the code a page shows, and so to its listing's name, reprints nothing;
    any other change to the page or to the site's static files still does."""
    from book.pdf import printing as pdf

    site = tmp_path / "site"
    page = site / "chapters" / "en" / "index.html"
    page.parent.mkdir(parents=True)
    (site / "_static" / "listings").mkdir(parents=True)
    (site / "_static" / "ml4a.css").write_text("p { color: black; }")

    def built(key: str, words: str = "Words") -> str:
        (site / "_static" / "listings" / f"{key}.js").write_text(f"listing({key!r});")
        body = f"<section><h1>Title</h1><p>{words}</p>{LISTING.format(key=key)}{EXPLORER}</section>"
        page.write_text(f'<html><head></head><body><article class="bd-article">{body}</article>')
        document, _ = pdf_document.document(site, "en", [PAGES["index"]], "B", "English", "r")
        return document

    document = built("aaaa")
    assert "<h1" in document and "Words" in document
    assert "ml4a-code" not in document and "ml4a-listing" not in document
    assert "ml4a-explorer" not in document and "map.png" not in document
    key = pdf.input_key(document, site, None)
    assert built("bbbb") == document, "only the listing changed"
    assert pdf.input_key(document, site, None) == key
    (site / "_static" / "ml4a.css").write_text("p { color: navy; }")
    assert pdf.input_key(document, site, None) != key, "a style sheet changed"
    assert built("bbbb", "Other words") != document
