"""Fixtures shared by the tests that read or browse the built site (`make book` output)."""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from book.chromium import ARGS
from book.chromium import HEADLESS_SHELL as CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
# The books the tests build elsewhere (small books, copies of the project) keep their Node
# steps' files with the project's own (book/extension/kept.py): the same inputs, the same bytes.
os.environ.setdefault("ML4A_BUILD_CACHE", str(ROOT / "_build" / "cache"))


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site without a log line per request (and without a traceback when the
    browser drops a connection it no longer needs)."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


# Tests that need the built site, Chromium or a whole book build: marked `site`, so that
# `make check` (the inner loop: lint, the library, the figures, the page helpers) leaves them out.
SITE_FIXTURES = {"server", "browser", "pdfs", "small_book", "three", "built_site"}


# Fixtures that build a whole book: their modules are the longest to run.
BOOK_FIXTURES = {"small_book", "three"}


def weight(item) -> int:
    """0 for a test that builds a book or draws figures, 1 for one that drives the browser,
    2 for the rest: how early its module should start."""
    fixtures = set(getattr(item, "fixturenames", ()))
    markers = {m.name for m in item.iter_markers()}
    if BOOK_FIXTURES & fixtures or markers & {"slow", "draws"}:
        return 0
    return 1 if "browser" in markers or "browser" in fixtures else 2


def pytest_collection_modifyitems(config, items) -> None:
    """Mark `site` every test that uses a site fixture or whose module reads the built site;
    order the modules heaviest first, so that `make test`'s workers (one module at a time,
    `--dist loadfile`) do not end on a long module started last."""
    for item in items:
        module = getattr(item, "module", None)
        reads_site = module is not None and getattr(module, "SITE", None) == SITE
        builds = any(m.name in ("browser", "slow") for m in item.iter_markers())
        if reads_site or builds or SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)
    heaviest: dict[str, int] = {}
    for item in items:
        module = item.nodeid.split("::")[0]
        heaviest[module] = min(heaviest.get(module, 2), weight(item))
    items.sort(key=lambda item: heaviest[item.nodeid.split("::")[0]])  # stable: files stay whole


@pytest.fixture(scope="session")
def server():
    """The built site over HTTP on 127.0.0.1, on a free port."""
    if not (SITE / "index.html").exists():
        pytest.fail("the site is not built: run `make book` (make test does)")
    handler = functools.partial(QuietHandler, directory=str(SITE))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (its headless shell, book/chromium.py), with its background networking
    off; each test opens its own context (`browser.new_context(...)` or `browser.new_page()`),
    so nothing is shared between tests but the process."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make browser` installs Debian's package")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


# A reader scrolling down the page a screen at a time (every element is on screen for one
# frame, as its lazy picture or explorer expects), then back to the top.
SCROLL_THROUGH = """async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
        window.scrollTo(0, y);
        await new Promise(r => requestAnimationFrame(r));
    }
    window.scrollTo(0, 0);
}"""


# Every picture on show has loaded, or failed to (a broken one is `complete` too, and is
# reported as a failed request); hidden ones (the animations' posters) load only when shown.
# Waiting for this rather than for the network to be quiet for 0.5 s saves that half second.
PICTURES_LOADED = (
    "() => Array.from(document.images).filter(i => i.getClientRects().length)"
    ".every(i => i.complete)"
)


class Visit:
    """One page load, with every console error and every request it made."""

    def __init__(self, browser, url: str, color_scheme: str | None = None) -> None:
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(color_scheme=color_scheme)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.on("requestfailed", lambda req: self.failed.append(req.url))
        self.page.on("response", self._response)
        # After `load` a page fetches nothing by itself but the pictures it loads lazily,
        # which the scroll below asks for and the wait after it sees loaded: no need to wait
        # for the network to be quiet for half a second.
        self.page.goto(url, wait_until="load")
        self.page.evaluate(SCROLL_THROUGH)  # pictures load as the reader nears them
        self.page.wait_for_function(PICTURES_LOADED)
        self.page.evaluate("() => document.fonts.ready")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def visit(browser, server):
    """Open a page of the site; closed after the test."""
    opened = []

    def open_page(path: str) -> Visit:
        opened.append(Visit(browser, server + path))
        return opened[-1]

    yield open_page
    for v in opened:
        v.close()


def listing_block(key: str, lang: str, site: Path = SITE) -> str:
    """The highlighted code that a figure's "Show code" script (the book's
    `_static/listings/<key>.js`, book/extension/site_listings.py) hands to the page: the script is
    one call with a JSON string."""
    from book.extension import site_listings

    path = site / "chapters" / lang / site_listings.FOLDER / f"{key}.js"
    text = path.read_text(encoding="utf-8")
    if not text.startswith(f'{site_listings.CALLBACK}("{key}", '):
        raise ValueError(f"listing script {key}.js does not name its own key")
    return site_listings.listing_block(text)


# ---------------------------------------------------------------- constants of the lib tests
# Shared by tests/test_lib_*.py (``from tests.conftest import GRADCHECK, ...``), so that what
# "equal", "correct gradient" and "the small network" mean is written once.

# Relative tolerance between two computations of one formula whose floating-point operations
# run in another order (a reference written as loops, a sum taken another way).
REORDERED = 1e-12
# Largest relative error (CS231n's definition) of an analytic gradient against central
# differences; above it, the gradient is wrong.
GRADCHECK = 1e-7
# Step h of the central differences (f(x + h) − f(x − h)) / 2h that the tests write out.
FD_STEP = 1e-6
# The seed of the tests' data and weights, and another one to show a seed changes the result.
SEED, OTHER_SEED = 0, 1
# Layer sizes: the smallest classifier (2 inputs, 3 hidden units, 2 classes) and the chapter's
# digit network (28 × 28 pixels, 15 hidden units, 10 digits).
SMALL_NET = (2, 3, 2)
MNIST_NET = (784, 15, 10)
