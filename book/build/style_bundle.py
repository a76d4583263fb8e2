"""One style sheet a page: each book's sheets joined, in the order its pages link them.

Sphinx, its theme and the extensions link eight style sheets from every page, and a page shows
nothing until each has arrived: on a phone's slow link, requests that queue for the browser's
few connections before the first paint. When the site is put together (`run.assemble`), each
book's sheets are joined into one, `_static/ml4a-styles.css`, the same rules in the same order
(each sheet's ``url(...)`` made relative to `_static/`, so that fonts and images are found as
before), and every page links it in their place, versioned by its contents. Each part starts
with a comment naming the sheet it came from (`parts` reads them back). The joined sheets are
left out of the site: no page links them. Sphinx's own output (`_build/work/books/<lang>`) keeps
them, so its incremental builds and the purge of unused CSS (`site_weight`) are as before.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path

BUNDLE = "_static/ml4a-styles.css"
SHEET_LINK = re.compile(r"""<link\b[^>]*\brel=["']stylesheet["'][^>]*>""")
HREF = re.compile(r"""\bhref=["']([^"']+)["']""")
URL = re.compile(r"""url\(\s*(["']?)([^)"']+)\1\s*\)""")
CHARSET = re.compile(r"""@charset\s+["'][^"']*["']\s*;""")
PART = re.compile(r"^/\* ml4a-styles part: (\S+) \*/$", re.M)


class StyleBundleError(ValueError):
    """The pages of a book do not link the same style sheets, or one cannot be joined."""


def linked_sheets(html: str) -> list[str]:
    """The style sheets a page links, in order, as site paths below the book (``_static/...``,
    without the ``?v=`` version)."""
    sheets = []
    for link in SHEET_LINK.findall(html):
        href = HREF.search(link)
        if href is None:
            continue
        path = href.group(1).split("?")[0].split("#")[0]
        sheets.append(posixpath.normpath(re.sub(r"^(?:\.\./)+", "", path)))
    return sheets


def relative_to_static(css: str, sheet: str) -> str:
    """``css`` of the sheet at ``sheet`` (a path below the book) with every relative
    ``url(...)`` rewritten as seen from `_static/`, where the joined sheet lies."""
    folder = posixpath.dirname(sheet)

    def rewrite(match: re.Match) -> str:
        quote, target = match.group(1), match.group(2).strip()
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", target, re.I):
            return match.group(0)  # data:, https:, absolute or a fragment
        moved = posixpath.relpath(posixpath.normpath(posixpath.join(folder, target)), "_static")
        return f"url({quote}{moved}{quote})"

    return URL.sub(rewrite, css)


def part_text(css: str, sheet: str) -> str:
    """The sheet at ``sheet`` as a part of the joined sheet: its url()s as seen from
    `_static/`, without its ``@charset`` (all are UTF-8, as the pages are)."""
    if re.search(r"@import\b", css):
        raise StyleBundleError(f"{sheet} imports another sheet: it cannot be joined")
    return relative_to_static(CHARSET.sub("", css), sheet)


def joined(book: Path, sheets: list[str]) -> str:
    """The text of the joined sheet: each of ``sheets`` (files of ``book``) after a comment
    naming it."""
    texts = []
    for sheet in sheets:
        css = part_text((book / sheet).read_text(encoding="utf-8"), sheet)
        texts.append(f"/* ml4a-styles part: {sheet} */\n{css}")
    return "\n".join(texts) + "\n"


def parts(text: str) -> dict[str, str]:
    """The parts of a joined sheet by the sheet each came from (its url()s as rewritten)."""
    pieces = PART.split(text)
    return {pieces[i]: pieces[i + 1].strip("\n") for i in range(1, len(pieces), 2)}


def bundle_book(book: Path) -> int:
    """Join the sheets of the book in ``book`` (a folder of the assembled site) and link the
    joined sheet from each of its pages in their place; returns the number of pages changed.
    Every page must link the same sheets in the same order (a page that links none is left as
    it is)."""
    pages = sorted(p for p in book.rglob("*.html") if "_static" not in p.relative_to(book).parts)
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    order: list[str] | None = None
    first = None
    for page, html in texts.items():
        sheets = linked_sheets(html)
        if not sheets:
            continue
        if order is None:
            order, first = sheets, page
        elif sheets != order:
            raise StyleBundleError(
                f"{page.relative_to(book)} links the style sheets {sheets}, but "
                f"{first.relative_to(book)} links {order}: a book's pages must link the same "
                "sheets in the same order to share one"
            )
    if order is None:
        return 0
    missing = [sheet for sheet in order if not (book / sheet).is_file()]
    if missing:
        raise StyleBundleError(f"the pages link style sheets the book lacks: {missing}")
    text = joined(book, order)
    (book / BUNDLE).write_text(text, encoding="utf-8")
    version = hashlib.sha256(text.encode()).hexdigest()[:8]
    changed = 0
    for page, html in texts.items():
        links = SHEET_LINK.findall(html)
        if not links:
            continue
        href = "../" * (len(page.relative_to(book).parts) - 1) + f"{BUNDLE}?v={version}"
        html = html.replace(links[0], f'<link rel="stylesheet" type="text/css" href="{href}" />', 1)
        for link in links[1:]:  # each with the indentation and line end around it
            html = re.sub(rf"[ \t]*{re.escape(link)}\n?", "", html, count=1)
        page.write_text(html, encoding="utf-8")
        changed += 1
    for sheet in order:
        (book / sheet).unlink()
    return changed
