"""`make screenshots`: every page of the built site as a reader sees it, to look at by eye.

Writes `_build/screenshots/<size>/<page>.png` for a phone (390 x 844, touch), a small phone
(360 x 740), a tablet (768 x 1024), a desktop (1280 x 900) and paper (an A4 page's width in
print media), full-page, plus the phone with the chapter list open.
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from book.chromium import ARGS, EXECUTABLE  # noqa: E402
from tests.conftest import SCROLL_THROUGH  # noqa: E402

SITE = ROOT / "_build" / "html"
OUT = ROOT / "_build" / "screenshots"
SIZES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "small-phone": {
        "viewport": {"width": 360, "height": 740},
        "is_mobile": True,
        "has_touch": True,
    },
    "tablet": {"viewport": {"width": 768, "height": 1024}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "print": {"viewport": {"width": 794, "height": 1123}},
}


def site_pages() -> list[str]:
    """Every page a reader opens: the landing page, the search page, each chapter page."""
    chapters = sorted(p.relative_to(SITE).as_posix() for p in SITE.glob("chapters/*/*.html"))
    return ["index.html", "search.html", *chapters]


@contextmanager
def served(site: Path):
    """The built site over HTTP on 127.0.0.1, on a free port."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()


def shoot(sizes: list[str], only: str | None) -> int:
    """Take the screenshots; returns how many were written."""
    from playwright.sync_api import sync_playwright

    if not (SITE / "index.html").exists():
        sys.exit("the site is not built: run `make book` first")
    pages = [p for p in site_pages() if only is None or only in p]
    count = 0
    with served(SITE) as base, sync_playwright() as pw, tempfile.TemporaryDirectory():
        browser = pw.chromium.launch(executable_path=EXECUTABLE, args=ARGS)
        for size in sizes:
            context = browser.new_context(**SIZES[size])
            folder = OUT / size
            folder.mkdir(parents=True, exist_ok=True)
            for path in pages:
                name = path.replace("chapters/", "").replace("/", "-").removesuffix(".html")
                page = context.new_page()
                page.goto(base + path + ("?q=학습" if path == "search.html" else ""))
                page.wait_for_load_state("networkidle")
                if size == "print":
                    page.emulate_media(media="print")
                page.evaluate(SCROLL_THROUGH)  # pictures load as the reader nears them
                page.wait_for_load_state("networkidle")
                page.evaluate("() => document.fonts.ready")
                page.screenshot(path=folder / f"{name}.png", full_page=True)
                count += 1
                page.close()
            if size == "phone":
                page = context.new_page()
                page.goto(base + "chapters/ko/03_gradient_descent.html")
                page.wait_for_load_state("networkidle")
                page.locator(".primary-toggle:visible").first.click()
                page.wait_for_timeout(400)
                page.screenshot(path=folder / "ko-03-chapter-list-open.png")
                page.close()
                count += 1
            context.close()
        browser.close()
    return count


def main() -> None:
    """Command line: `python -m tests.screenshots [--size phone] [--only 04_]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", action="append", choices=sorted(SIZES), help="default: all")
    parser.add_argument("--only", help="only pages whose path contains this")
    args = parser.parse_args()
    count = shoot(args.size or list(SIZES), args.only)
    print(f"{count} screenshots in {OUT.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
