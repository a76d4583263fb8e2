"""The printable document of one language: every chapter page of the built site, in reading order.

The reading order is the table of contents (`_toc.yml`); the languages are the chapter folders
(`chapters/<lang>/`). Each page's article is taken from the built site as it is, so the PDF
shows what the site shows, under the site's own style sheets and print rules (`ml4a.css`).
Ids are prefixed with the page's name so that they stay unique in one document, and links
between pages become links inside the document, which Chromium prints as links inside the PDF.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from contents import CHAPTERS, LANGUAGES, pages_by_language
from words import PAGE_WORDS

ROOT = Path(__file__).resolve().parents[2]
PARSER_VERSION = f"beautifulsoup4=={importlib.metadata.version('beautifulsoup4')}"


class PdfSourceError(ValueError):
    """The built site or the table of contents cannot be printed as it is."""


@dataclass(frozen=True)
class Page:
    """One chapter page: its document name (`chapters/en/02_linear_regression`)."""

    docname: str

    @property
    def lang(self) -> str:
        return self.docname.split("/")[1]

    @property
    def name(self) -> str:
        return self.docname.split("/")[-1]


def reading_order(root: Path = ROOT) -> dict[str, list[Page]]:
    """The pages of each language's book, in the order of its part of `_toc.yml`."""
    from contents import ContentsError

    try:
        books = pages_by_language(root / "_toc.yml")
    except ContentsError as error:
        raise PdfSourceError(str(error)) from None
    return {
        lang: [Page(f"{CHAPTERS}/{lang}/{page}") for page in pages] for lang, pages in books.items()
    }


def source_headings(page: Page, root: Path = ROOT) -> list[tuple[int, str]]:
    """The headings of a page's Markdown source: (level, text), outside code blocks."""
    text = (root / f"{page.docname}.md").read_text(encoding="utf-8")
    headings, fence = [], None
    for line in text.splitlines():
        marker = re.match(r"\s*(```+|~~~+|:::+)", line)
        if marker:
            if fence is None:
                fence = marker.group(1)
            elif marker.group(1).startswith(fence[0]) and len(marker.group(1)) >= len(fence):
                fence = None
            continue
        match = re.match(r"(#{1,6})\s+(.+?)\s*#*\s*$", line)
        if fence is None and match:
            headings.append((len(match.group(1)), match.group(2)))
    return headings


def anchor(page: Page, fragment: str = "") -> str:
    """The id of a page (no fragment) or of an element of it, unique in the document."""
    return f"{page.name}--{fragment}" if fragment else page.name


# What the print style sheet hides (`book/static/ml4a.css`) and the document leaves out: the
# link to the other language, the code listings, which show a page's source code, and the
# explorers. So a PDF is not printed again when only the code a page shows changed, and the
# explorers' pictures are not loaded.
UNPRINTED = "nav.ml4a-lang-switch, details.ml4a-code, section.ml4a-explorer"


def page_part(site: Path, page: Page, pages: list[Page], cache: Path | None = None) -> dict:
    """A page's part of the document, from one reading of its built file: its article made
    printable (`rewrite_links`), its title, its headings and its head's assets.

    With a ``cache`` folder, parts are kept there by a hash of the file and of everything else
    they depend on (the page list, the site's place, this module's code, the parser's
    version), so that a build parses only the pages that changed.
    """
    path = site / f"{page.docname}.html"
    if not path.exists():
        raise PdfSourceError(f"{path} is missing: build the site first (`make book`)")
    raw = path.read_bytes()
    page_url = path.resolve().as_uri()
    digest = hashlib.sha256(Path(__file__).read_bytes() + PARSER_VERSION.encode())
    for name in (page.docname, page_url, *(p.docname for p in pages)):
        digest.update(name.encode() + b"\0")
    digest.update(raw)
    stored = cache / f"{digest.hexdigest()}.json" if cache else None
    if stored and stored.is_file():
        os.utime(stored)  # used by this build (`pdf.build` removes the parts no build used)
        part = json.loads(stored.read_text(encoding="utf-8"))
        part["headings"] = [tuple(heading) for heading in part["headings"]]
        return part
    soup = BeautifulSoup(raw.decode("utf-8"), "html.parser")
    article = soup.find("article", class_="bd-article")
    if article is None:
        raise PdfSourceError(f"{path} has no <article class='bd-article'>")
    for unprinted in article.select(UNPRINTED):
        unprinted.decompose()
    heading = article.find("h1")
    if heading is None:
        raise PdfSourceError(f"{page.docname} has no h1 title")
    rewrite_links(article, page, pages, page_url)
    article.name = "div"
    article.attrs = {"class": ["ml4a-pdf-page"], "id": anchor(page)}
    text = str(article)
    part = {
        "article": text,
        "title": heading.get_text().strip().removesuffix("#").strip(),
        "headings": headings(text),
        "assets": head_assets(soup.head, page_url),
    }
    if stored:
        stored.parent.mkdir(parents=True, exist_ok=True)
        partial = stored.with_name(stored.name + ".part")
        partial.write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, stored)
    return part


def head_assets(head, page_url: str) -> str:
    """A page head's style sheets and the book's own script, as absolute URLs."""
    links = []
    for link in head.find_all("link", rel="stylesheet"):
        links.append(f'<link rel="stylesheet" href="{urljoin(page_url, link["href"])}">')
    for script in head.find_all("script", src=True):
        if "ml4a.js" in script["src"]:  # print rules for posters; the theme's are not needed
            links.append(f'<script defer src="{urljoin(page_url, script["src"])}"></script>')
    return "\n".join(links)


def rewrite_links(article: BeautifulSoup, page: Page, pages: list[Page], page_url: str) -> None:
    """Make ids unique, links between pages into links inside the document, and files absolute."""
    names = {p.name: p for p in pages}
    for element in article.find_all(id=True):
        element["id"] = anchor(page, element["id"])
    # On the site a tap on a figure opens its file full size; on paper the figure is the file.
    for zoom in article.select("a.ml4a-zoom"):
        zoom.unwrap()
    # A translation's notice that it is behind names its source page, which another PDF holds.
    for source in article.select(".ml4a-behind a"):
        source.unwrap()
    for link in article.find_all("a", href=True):
        link["href"] = internal_href(link["href"], page, names)
    for element in article.find_all(["img", "source"]):
        element.attrs.pop("loading", None)  # the site fetches pictures as the reader nears them
        for attribute in ("src", "srcset", "data-still"):
            if element.get(attribute):
                element[attribute] = absolute_srcset(element[attribute], page_url)


def internal_href(href: str, page: Page, names: dict[str, Page]) -> str:
    """Where a link of `page` points in the document: a fragment, or an address out of the book."""
    parts = urlsplit(href)
    if parts.scheme in ("http", "https", "mailto"):
        return href
    if parts.scheme or parts.netloc:
        raise PdfSourceError(f"{page.docname}: cannot print a link to {href!r}")
    if not parts.path:
        return "#" + anchor(page, parts.fragment)
    target = parts.path.split("/")[-1].removesuffix(".html")
    if "/" in parts.path.strip("./") or target not in names:
        raise PdfSourceError(
            f"{page.docname}: the link {href!r} leaves the {page.lang} pages, "
            "which the PDF does not hold"
        )
    return "#" + anchor(names[target], parts.fragment)


def absolute_srcset(value: str, page_url: str) -> str:
    """An image's src or srcset with every address made absolute."""
    candidates = []
    for candidate in value.split(","):
        url, *descriptor = candidate.split()
        candidates.append(" ".join([urljoin(page_url, url), *descriptor]))
    return ", ".join(candidates)


def headings(document: str) -> list[tuple[int, str]]:
    """The headings of the book's pages in a printable document: (level, text as printed)."""
    soup = BeautifulSoup(document, "html.parser")
    found = []
    for heading in soup.select(".ml4a-pdf-page :is(h1, h2, h3, h4, h5, h6)"):
        for hidden in heading.select("a.headerlink, .katex-html, annotation"):
            hidden.decompose()
        found.append((int(heading.name[1]), " ".join(heading.get_text().split())))
    return found


def title_page(title: str, book: str, lang: str, language: str, revision: str) -> str:
    """The first page: the chapter's title, the book, the language and the source revision."""
    words = PAGE_WORDS[lang]
    e = html.escape
    cite = f"<cite>{e(book)}</cite>"
    return (
        '<section class="ml4a-pdf-title">\n<div>\n'
        f'<p class="ml4a-pdf-title-main">{e(title)}</p>\n'
        f'<p class="ml4a-pdf-title-book">{e(words["pdf_book"]).format(book=cite)}</p>\n'
        "</div>\n"
        f'<p class="ml4a-pdf-title-meta">{e(words["pdf_language"])}: {e(language)}<br>\n'
        f"{e(words['pdf_revision'])}: {e(revision)}</p>\n"
        "</section>\n"
    )


def document(
    site: Path,
    lang: str,
    pages: list[Page],
    book: str,
    language: str,
    revision: str,
    cache: Path | None = None,
) -> tuple[str, list[tuple[int, str]]]:
    """The whole chapter in one language as one HTML document, ready to print, and its
    headings (those of `headings(document)`, gathered page by page)."""
    if not pages:
        raise PdfSourceError(f"no pages for language {lang!r}")
    if lang not in LANGUAGES:
        raise PdfSourceError(f"{lang!r} is not a language of the book (_config.yml)")
    parts = [page_part(site, page, pages, cache) for page in pages]
    title = parts[0]["title"]
    body = "\n".join(part["article"] for part in parts)
    text = (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}" data-theme="light" data-mode="light" class="ml4a-pdf">\n'
        f'<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
        f"{parts[0]['assets']}\n</head>\n"
        '<body>\n<div class="bd-container"><div class="bd-main"><div class="bd-content">'
        '<div class="bd-article-container"><article class="bd-article">\n'
        f"{title_page(title, book, lang, language, revision)}{body}\n"
        "</article></div></div></div></div>\n</body>\n</html>\n"
    )
    return text, [heading for part in parts for heading in part["headings"]]
