"""`make serve`'s live preview: it answers on localhost; in Chromium, a prose edit reloads the
open page with the new text, and a broken edit prints its error and leaves the open page as it
was; an edit saved during a rebuild reaches the site; a first build that fails still serves
its error; no folder is listed and no dot-file served."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.test_book_build import make_small_book, page

pytestmark = pytest.mark.slow  # builds its small books

ROOT = Path(__file__).resolve().parent.parent
PAGE = "/chapters/en/01_page.html"
GOOD = page("Page", "print(6 * 7)")
NOT_RELOADED = "window.ml4aTestMarker === true"  # a page that reloads loses its variables


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """A two-language book of one page each, with the project's build code and config and no
    site yet (serve builds its preview first)."""
    return make_small_book(tmp_path_factory.mktemp("served"))


def free_port() -> int:
    """A TCP port that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served(root: Path, interval: float = 0.2, answer_within: float = 30):
    """Run `book/serve/server.py` in `root`; yield (base URL, queue of its output lines) once it
    answers (within `answer_within` seconds: with no site yet, it builds one first)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "book.serve", "--port", str(port), "--interval", str(interval)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root), "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in server.stdout], daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + answer_within
        while get(base + "/")[0] is None:
            assert time.monotonic() < deadline, f"serve did not answer within {answer_within} s"
            time.sleep(0.1)
        yield base, lines
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def get(url: str) -> tuple[int | None, str]:
    """(HTTP status, body) of a GET, or (None, "") when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError:
        return None, ""


def wait_for_line(lines: queue.Queue, text: str, seconds: float) -> str:
    """The first line of serve's output containing `text` (fails after `seconds`)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            pytest.fail(f"serve printed no line with {text!r} within {seconds} s")
        if text in line:
            return line


@contextmanager
def serving(root: Path, interval: float = 0.2):
    """`book/serve/server.py` in `root` (looking for edits every `interval` seconds), once its
    preview is up to date: (base URL, output lines)."""
    (root / "chapters" / "en" / "01_page.md").write_text(GOOD)
    with served(root, interval=interval, answer_within=120) as (base, lines):
        wait_for_line(lines, "serve: ready", 120)
        yield base, lines


def open_marked(browser, url: str):
    """A browser tab on `url`, its window marked so that a reload shows (the mark is gone)."""
    tab = browser.new_page()
    tab.goto(url, wait_until="load")
    tab.evaluate("window.ml4aTestMarker = true")
    return tab


def text_shown(tab, text: str, seconds: float) -> None:
    """Wait until `text` is in the tab's page (fails after `seconds`, a stall guard: how fast
    an edit shows is measured by `make bench`, not here)."""
    tab.wait_for_function(
        f"document.body !== null && document.body.innerText.includes({text!r})",
        timeout=seconds * 1000,
        polling=50,
    )


def test_a_prose_edit_reloads_the_open_page_with_the_new_text(book, browser):
    with serving(book) as (base, lines):
        tab = open_marked(browser, base + PAGE)
        assert "Some prose." in tab.inner_text("body")
        time.sleep(1.0)
        assert tab.evaluate(NOT_RELOADED), "the page reloaded with nothing changed"

        edited = GOOD.replace("Some prose.", "Prose edited while the page was open.")
        (book / "chapters" / "en" / "01_page.md").write_text(edited)
        text_shown(tab, "Prose edited while the page was open.", 90)
        assert not tab.evaluate(NOT_RELOADED), "the text changed without a reload"
        assert "Some prose." not in tab.inner_text("body")
        assert "42" in tab.inner_text("body")  # the cell's output, from the notebook cache
        tab.close()

        # Saves that change nothing Sphinx reads (a touched table of contents, a comment in the
        # config) give builds with nothing to do: each is a success, never "build failed".
        for touched, text in (("_toc.yml", None), ("_config.yml", "\n# a comment\n")):
            path = book / touched
            if text is None:
                path.touch()
            else:
                path.write_text(path.read_text() + text)
            wait_for_line(lines, f"serve: changed {touched}", 30)
            line = wait_for_line(lines, "serve: ", 120)
            assert "serve: rebuilt" in line, f"after a save of {touched}: {line}"


def test_a_broken_edit_prints_its_error_and_keeps_the_open_page(book, browser):
    path = book / "chapters" / "en" / "01_page.md"
    with serving(book) as (base, lines):
        tab = open_marked(browser, base + PAGE)
        path.write_text(page("Page", "values = [1, 2, 3]\nvalues[10]  # this cell raises"))
        error = wait_for_line(lines, "raised IndexError", 60)
        assert "chapters/en/01_page.md:15: code cell 1 raised IndexError" in error
        wait_for_line(lines, "build failed; the open pages keep the last good site", 30)
        time.sleep(1.0)  # a reload would have happened by now
        assert tab.evaluate(NOT_RELOADED), "the open page reloaded after a failed build"
        assert "Some prose." in tab.inner_text("body") and "42" in tab.inner_text("body")
        status, html = get(base + PAGE)
        assert status == 200 and "42" in html and "values[10]" not in html

        # Fixed, the page reloads with the new version.
        path.write_text(page("Page", "print(6 * 8)").replace("Some prose.", "Fixed prose."))
        text_shown(tab, "Fixed prose.", 60)
        assert "48" in tab.inner_text("body")
        tab.close()


def test_serve_started_on_a_broken_page_shows_the_error_and_reloads_into_the_fix(tmp_path, browser):
    """No site yet and a page that fails: serve still answers, with the error, keeps watching,
    and the open page becomes the book once the page is fixed."""
    root = make_small_book(tmp_path / "broken")
    path = root / "chapters" / "en" / "01_page.md"
    path.write_text(page("Page", "values = [1, 2, 3]\nvalues[10]  # this cell raises"))
    with served(root, answer_within=180) as (base, lines):
        wait_for_line(lines, "the first build failed", 120)
        status, html = get(base + "/")
        assert status == 200 and "code cell 1 raised IndexError" in html, html[-2000:]
        tab = browser.new_page()
        tab.goto(base + "/", wait_until="load")
        path.write_text(page("Page", "print(6 * 8)").replace("Some prose.", "Fixed prose."))
        wait_for_line(lines, "rebuilt; open pages reload", 180)
        tab.wait_for_function(
            "!document.body.classList.contains('ml4a-serve-error')", timeout=30_000
        )
        assert "48" in get(base + PAGE)[1]
        tab.close()


def test_serve_rebuilds_for_an_edit_saved_while_a_rebuild_runs(book):
    path = book / "chapters" / "en" / "01_page.md"
    with serving(book) as (base, lines):  # its first build has read the pages
        path.write_text(GOOD.replace("Some prose.", "First edit."))
        wait_for_line(lines, "rebuilding", 30)
        # Saved after that rebuild has read the pages and before it ends.
        wait_for_line(lines, "pickling environment", 60)
        path.write_text(GOOD.replace("Some prose.", "Second edit."))
        deadline = time.monotonic() + 60
        while "Second edit." not in get(base + PAGE)[1]:
            message = "the edit saved during a rebuild never reached the site"
            assert time.monotonic() < deadline, message
            time.sleep(0.2)


def test_serve_lists_no_folders_and_serves_no_dot_files(book):
    site = book / "_build" / "serve" / "html"  # the preview that serve builds and serves
    planted = [site / ".secret", site / "chapters" / "en" / "_static" / ".hidden.css"]
    with serving(book, interval=60) as (base, lines):
        planted[0].write_text("not for readers")
        planted[1].write_text("body {}")
        (site / "chapters" / "en" / "_images").mkdir(exist_ok=True)
        try:
            assert get(base + PAGE)[0] == 200
            assert get(base + "/")[0] == 200  # the site's index.html
            for folder in ("_static/", "_images/", "_sources/", "_static"):
                status, body = get(f"{base}/chapters/en/{folder}")
                assert status == 404 and "Directory listing" not in body, folder
            hidden = ("/.secret", "/chapters/en/_static/.hidden.css", "/%2Esecret")
            for address in (*hidden, "/chapters/en/_static/../../../.secret"):
                assert get(base + address)[0] == 404, address
        finally:
            for path in planted:
                path.unlink(missing_ok=True)


def test_serve_answers_on_localhost():
    """`make serve` (book/serve/server.py) serves the built site on 127.0.0.1."""
    if not (ROOT / "_build" / "html" / "index.html").exists():
        pytest.fail("the site is not built: run `make book` (make test does)")
    with served(ROOT, interval=60, answer_within=10) as (base, _):
        status, body = get(base + "/chapters/ko/03_gradient_descent.html")
        assert status == 200 and '<html lang="ko"' in body
