"""Page weight and first paint: what a reader's phone downloads for each page, and how soon
it shows something.

The copy's `_build/html` is served uncompressed on 127.0.0.1 and each `chapters/<lang>/*.html`
(and the landing page) is loaded in headless Chromium as a phone (390 x 844, device pixel
ratio 3, touch) in a fresh context (empty cache), on a slow mobile link emulated by Chromium
(1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip). The first contentful paint is Chromium's
own (`performance`). After the load, the fonts settling and a scroll to the bottom (for
anything loaded lazily), every response body is counted by type. The chapter total is the
union of distinct URLs over that language's pages (a reader with a warm cache). The gzip
column compresses text bodies at level 6, as static hosts can.
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
from contents import LANGS

from .report import Row, Target

TYPES = ("html", "css", "js", "fonts", "images", "other")
EXTENSIONS = {
    "html": {".html", ".htm"},
    "css": {".css"},
    "js": {".js", ".mjs"},
    "fonts": {".woff", ".woff2", ".ttf", ".otf", ".eot"},
    "images": {".png", ".gif", ".jpg", ".jpeg", ".webp", ".svg", ".ico", ".avif"},
}
COMPRESSED = {".png", ".gif", ".jpg", ".jpeg", ".webp", ".avif", ".woff", ".woff2"}
PAGE_TARGET = Target("<=", 500_000)
ANIMATED_PAGE = "04_neural_networks"
ANIMATED_PAGE_TARGET = Target("<=", 800_000)
FIRST_PAINT_TARGET = Target("<=", 2.0)
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
SLOW_LINK = {  # Chromium's network emulation: bytes per second and milliseconds
    "offline": False,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
    "latency": 150,
}
QUIET_MS = 500
LOAD_TIMEOUT_MS = 120_000
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


@dataclass(frozen=True)
class PageLoad:
    """One page on the phone: every response, and the first contentful paint in seconds."""

    assets: list[Asset]
    first_paint_s: float


def load(browser, url: str) -> PageLoad:
    """Every response of one page load on a phone on a slow link, in a fresh context, after
    its fonts and a full scroll, and when the page first showed content.

    Playwright's `launch` gives the browser its own temporary profile; each new context
    starts with an empty cache.
    """
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    responses, pending = [], set()
    page.on("request", lambda r: pending.add(r))
    page.on("requestfinished", lambda r: pending.discard(r))
    page.on("requestfailed", lambda r: pending.discard(r))
    page.on("response", lambda r: responses.append(r))
    try:
        page.goto(url, wait_until="networkidle", timeout=LOAD_TIMEOUT_MS)
        page.evaluate("() => document.fonts.ready")
        first_paint_ms = page.evaluate(
            "() => performance.getEntriesByName('first-contentful-paint')[0].startTime"
        )
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
        return PageLoad(assets, first_paint_ms / 1000)
    finally:
        context.close()


def chapter_pages(site: Path, lang: str) -> list[str]:
    """The chapter pages of one language, as paths relative to the site root."""
    return [
        p.relative_to(site).as_posix() for p in sorted((site / "chapters" / lang).glob("*.html"))
    ]


def weigh(site: Path) -> dict[str, dict[str, PageLoad]]:
    """``{lang: {page: load}}`` for every chapter page of both languages, and the landing
    page under ``{"site": {"index": load}}``."""
    from playwright.sync_api import sync_playwright

    found: dict[str, dict[str, PageLoad]] = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for lang in LANGS:
                found[lang] = {
                    PurePosixPath(page).stem: load(browser, base + page)
                    for page in chapter_pages(site, lang)
                }
            found["site"] = {"index": load(browser, base + "index.html")}
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


def page_target(page: str) -> Target:
    """The weight goal of a page: the page with the animations may weigh more."""
    return ANIMATED_PAGE_TARGET if page == ANIMATED_PAGE else PAGE_TARGET


def measure(site: Path) -> tuple[list[Row], str]:
    """Rows for every page and each chapter, and a page-by-type table to print."""
    found = weigh(site)
    rows: list[Row] = []
    lines = [weight_header()]
    for lang, loads in found.items():
        pages = {page: loaded.assets for page, loaded in loads.items()}
        everything = [a for assets in pages.values() for a in assets]
        for page, assets in pages.items():
            weight = total(assets)
            key, label = f"pages.{lang}.{page}", f"{lang}/{page}"
            rows += weight_rows(key, label, weight, page_target(page))
            rows.append(Row(f"{key}.largest", "", largest(assets, 3)))
            rows.append(
                Row(
                    f"{key}.first_paint_s",
                    f"{label}: first contentful paint",
                    loads[page].first_paint_s,
                    "s",
                    FIRST_PAINT_TARGET,
                )
            )
            lines.append(weight_line(label, weight, loads[page].first_paint_s))
        if lang == "site":
            continue
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
                page_target(heaviest),
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
    """The header of the page-weight table (kB; gzip has text compressed; FCP in seconds)."""
    cells = [f"{'page (kB)':<34}", *(f"{k:>7}" for k in TYPES), f"{'total':>8}", f"{'gzip':>8}"]
    return " ".join([*cells, f"{'FCP s':>6}"])


def weight_line(label: str, weight: Weight, first_paint_s: float | None = None) -> str:
    """One line of the page-weight table."""
    cells = [f"{label:<34}", *(f"{weight.raw[k] / 1000:7.0f}" for k in TYPES)]
    cells += [f"{weight.total / 1000:8.0f}", f"{weight.total_gzipped / 1000:8.0f}"]
    if first_paint_s is not None:
        cells.append(f"{first_paint_s:6.2f}")
    return " ".join(cells)
