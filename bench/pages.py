"""Page weight: every byte a reader's browser downloads for each chapter page.

The copy's `_build/html` is served on 127.0.0.1 and each `chapters/<lang>/*.html` is loaded
in headless Chromium in a fresh context (empty cache). After the load, the fonts settling
and a scroll to the bottom (for anything loaded lazily), every response body is counted by
type. The chapter total is the union of distinct URLs over that language's pages (a reader
with a warm cache). The gzip column compresses text bodies at level 6, as static hosts do.
"""

from __future__ import annotations

import functools
import gzip
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from book.chromium import ARGS
from book.chromium import EXECUTABLE as CHROMIUM

from .report import Row, Target

LANGS = ("en", "ko")
TYPES = ("html", "css", "js", "fonts", "images", "other")
EXTENSIONS = {
    "html": {".html", ".htm"},
    "css": {".css"},
    "js": {".js", ".mjs"},
    "fonts": {".woff", ".woff2", ".ttf", ".otf", ".eot"},
    "images": {".png", ".gif", ".jpg", ".jpeg", ".webp", ".svg", ".ico", ".avif"},
}
COMPRESSED = {".png", ".gif", ".jpg", ".jpeg", ".webp", ".avif", ".woff", ".woff2"}
PAGE_TARGET = Target("<=", 1_500_000)
QUIET_MS = 500
LOAD_TIMEOUT_MS = 60_000
LARGEST = 5


@dataclass(frozen=True)
class Asset:
    """One downloaded response: its URL path, type, and size raw and gzip-compressed."""

    path: str
    kind: str
    raw: int
    gzipped: int


@dataclass
class Weight:
    """Bytes by type, raw and with text gzip-compressed."""

    raw: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TYPES, 0))
    gzipped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TYPES, 0))

    def add(self, asset: Asset) -> None:
        """Count one asset."""
        self.raw[asset.kind] += asset.raw
        self.gzipped[asset.kind] += asset.gzipped

    @property
    def total(self) -> int:
        """All bytes, as served."""
        return sum(self.raw.values())

    @property
    def total_gzipped(self) -> int:
        """All bytes, with text compressed."""
        return sum(self.gzipped.values())


def kind_of(url: str, content_type: str = "") -> str:
    """The type of a response from its URL's extension (or its content type)."""
    suffix = PurePosixPath(urlparse(url).path).suffix.lower()
    for kind, suffixes in EXTENSIONS.items():
        if suffix in suffixes:
            return kind
    content_type = content_type.lower()
    for kind, marker in (("html", "html"), ("css", "css"), ("js", "javascript")):
        if marker in content_type:
            return kind
    if "font" in content_type:
        return "fonts"
    if content_type.startswith("image/"):
        return "images"
    return "other"


def gzip_size(url: str, body: bytes) -> int:
    """Bytes after gzip level 6 for text; already-compressed formats count as they are."""
    if PurePosixPath(urlparse(url).path).suffix.lower() in COMPRESSED:
        return len(body)
    return len(gzip.compress(body, compresslevel=6, mtime=0))


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site without a log line per request."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        """Log nothing."""


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site over HTTP on 127.0.0.1 on a free port; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _settle(page, pending: set) -> None:
    """Wait until no request has been in flight for QUIET_MS (or the load timeout)."""
    deadline = time.monotonic() + LOAD_TIMEOUT_MS / 1000
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        if pending:
            quiet_since = time.monotonic()
        elif (time.monotonic() - quiet_since) * 1000 >= QUIET_MS:
            return


def load(browser, url: str) -> list[Asset]:
    """Every response of one page load in a fresh context, after its fonts and a full scroll.

    Playwright's `launch` gives the browser its own temporary profile; each new context
    starts with an empty cache.
    """
    context = browser.new_context()
    page = context.new_page()
    responses, pending = [], set()
    page.on("request", lambda r: pending.add(r))
    page.on("requestfinished", lambda r: pending.discard(r))
    page.on("requestfailed", lambda r: pending.discard(r))
    page.on("response", lambda r: responses.append(r))
    try:
        page.goto(url, wait_until="networkidle", timeout=LOAD_TIMEOUT_MS)
        page.evaluate("() => document.fonts.ready")
        height = page.evaluate("() => document.documentElement.scrollHeight")
        for y in range(0, height + 1, 600):
            page.evaluate(f"() => window.scrollTo(0, {y})")
            page.wait_for_timeout(20)
        _settle(page, pending)
        assets = []
        for response in responses:
            try:
                body = response.body()
            except Exception:  # a redirect or an aborted request has no body
                continue
            kind = kind_of(response.url, response.headers.get("content-type", ""))
            path = urlparse(response.url).path
            assets.append(Asset(path, kind, len(body), gzip_size(response.url, body)))
        return assets
    finally:
        context.close()


def chapter_pages(site: Path, lang: str) -> list[str]:
    """The chapter pages of one language, as paths relative to the site root."""
    return [
        p.relative_to(site).as_posix() for p in sorted((site / "chapters" / lang).glob("*.html"))
    ]


def weigh(site: Path) -> dict[str, dict[str, list[Asset]]]:
    """``{lang: {page: assets}}`` for every chapter page of both languages."""
    from playwright.sync_api import sync_playwright

    found: dict[str, dict[str, list[Asset]]] = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for lang in LANGS:
                found[lang] = {
                    PurePosixPath(page).stem: load(browser, base + page)
                    for page in chapter_pages(site, lang)
                }
        finally:
            browser.close()
    return found


def total(assets: list[Asset]) -> Weight:
    """The weight of a list of assets (each URL counted once)."""
    weight = Weight()
    for asset in {a.path: a for a in assets}.values():
        weight.add(asset)
    return weight


def largest(assets: list[Asset], n: int = LARGEST) -> str:
    """The ``n`` biggest distinct assets, e.g. ``_images/optimizers_contour.gif 402 kB``."""
    distinct = sorted({a.path: a for a in assets}.values(), key=lambda a: a.raw, reverse=True)
    return ", ".join(f"{a.path.rpartition('/')[2]} {a.raw / 1000:.0f} kB" for a in distinct[:n])


def weight_rows(key: str, label: str, weight: Weight, target: Target | None) -> list[Row]:
    """Rows for one page (or chapter): raw total, gzip total, and each type in the JSON."""
    rows = [
        Row(f"{key}.bytes", f"{label}: total", weight.total, "B", target),
        Row(f"{key}.gzip_bytes", "", weight.total_gzipped, "B"),
    ]
    for kind in TYPES:
        rows.append(Row(f"{key}.by_type.{kind}", "", weight.raw[kind], "B"))
        rows.append(Row(f"{key}.by_type_gzip.{kind}", "", weight.gzipped[kind], "B"))
    return rows


def measure(site: Path) -> tuple[list[Row], str]:
    """Rows for every page and each chapter, and a page-by-type table to print."""
    found = weigh(site)
    rows: list[Row] = []
    lines = [weight_header()]
    for lang, pages in found.items():
        everything = [a for assets in pages.values() for a in assets]
        for page, assets in pages.items():
            weight = total(assets)
            rows += weight_rows(f"pages.{lang}.{page}", f"{lang}/{page}", weight, PAGE_TARGET)
            rows.append(Row(f"pages.{lang}.{page}.largest", "", largest(assets, 3)))
            lines.append(weight_line(f"{lang}/{page}", weight))
        if not pages:
            rows.append(Row(f"pages.{lang}.error", f"{lang}: no chapter pages", "none built"))
            continue
        heaviest = max(pages, key=lambda p: total(pages[p]).total)
        chapter = total(everything)
        rows += [
            Row(
                f"pages.{lang}.max_bytes",
                f"{lang}: heaviest page ({heaviest})",
                total(pages[heaviest]).total,
                "B",
                PAGE_TARGET,
            ),
            Row(f"pages.{lang}.max_page", "", heaviest),
            Row(
                f"pages.{lang}.chapter_bytes",
                f"{lang}: whole chapter (distinct URLs)",
                chapter.total,
                "B",
            ),
            Row(
                f"pages.{lang}.chapter_gzip_bytes",
                f"{lang}: whole chapter, text gzipped",
                chapter.total_gzipped,
                "B",
            ),
            Row(f"pages.{lang}.largest_assets", f"{lang}: biggest files", largest(everything)),
        ]
        lines.append(weight_line(f"{lang} chapter", chapter))
    return rows, "\n".join(lines)


def weight_header() -> str:
    """The header of the page-weight table (kB; the last column has text gzipped)."""
    cells = [f"{'page (kB)':<34}", *(f"{k:>7}" for k in TYPES), f"{'total':>8}", f"{'gzip':>8}"]
    return " ".join(cells)


def weight_line(label: str, weight: Weight) -> str:
    """One line of the page-weight table."""
    cells = [f"{label:<34}", *(f"{weight.raw[k] / 1000:7.0f}" for k in TYPES)]
    cells += [f"{weight.total / 1000:8.0f}", f"{weight.total_gzipped / 1000:8.0f}"]
    return " ".join(cells)
