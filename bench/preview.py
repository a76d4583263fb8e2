"""`make serve` in the copy: how long a prose edit, and an edit of one figure's code, take to
show in an open browser tab.

`book/serve/server.py` runs in the copy; once its preview is up to date, Chromium opens the edited
page, and each edit appends a different sentence to the page's last paragraph of prose. The
time is from saving the file to the sentence being in the tab's page (the serve loop noticing
the change, the incremental build, the tab reloading). The median of a few edits is reported.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from book.chromium import ARGS
from book.chromium import EXECUTABLE as CHROMIUM

from . import edits
from .builds import FIGURE_FUNCTION, FIGURE_MODULE, FIGURE_TARGET, PROSE_PAGE
from .report import Row, Target
from .sandbox import clean_env

EDITS = 3
VISIBLE_TARGET = Target("<=", 5)
READY = "serve: ready"


def free_port() -> int:
    """A TCP port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(lines: queue.Queue, text: str, seconds: float) -> None:
    """Wait until serve prints a line containing `text`; RuntimeError after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            raise RuntimeError(f"serve printed no {text!r} within {seconds:.0f} s") from None
        if text in line:
            return


def settle(lines: queue.Queue, quiet: float = 3.0, seconds: float = 120) -> None:
    """Wait until serve has printed nothing for `quiet` seconds: no rebuild is under way (a
    save can be seen twice, as the file is emptied and written, and give a second rebuild)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            lines.get(timeout=quiet)
        except queue.Empty:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"serve kept rebuilding for {seconds:.0f} s")


def edit_times(copy: Path, count: int = EDITS) -> tuple[list[float], float]:
    """Seconds from saving each of `count` prose edits to seeing it in an open tab, and from
    saving an edit of one figure's code to the tab reloading with the rebuilt page."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "book.serve", "--port", str(port)],
        cwd=copy,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in server.stdout], daemon=True).start()
    page = copy / PROSE_PAGE
    original = page.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/{PROSE_PAGE.with_suffix('.html').as_posix()}"
    times = []
    try:
        wait_for(lines, READY, 300)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            tab = browser.new_page()
            tab.goto(url, wait_until="load")
            for i in range(count):
                sentence = f"Preview edit number {i + 1} of the benchmark."
                start = time.monotonic()
                page.write_text(edits.append_sentence(original, sentence), encoding="utf-8")
                tab.wait_for_function(
                    f"document.body !== null && document.body.innerText.includes({sentence!r})",
                    timeout=60_000,
                    polling=50,
                )
                times.append(time.monotonic() - start)
                time.sleep(1.0)  # let the tab settle before the next edit
            module = copy / FIGURE_MODULE
            code = module.read_text(encoding="utf-8")
            settle(lines)
            try:
                tab.evaluate("window.ml4aBenchMarker = true")  # gone once the tab reloads
                start = time.monotonic()
                module.write_text(edits.edit_drawing(code, FIGURE_FUNCTION))
                wait_for(lines, f"serve: changed {FIGURE_MODULE.as_posix()}", 60)
                wait_for(lines, "serve: rebuilt", 120)
                tab.wait_for_function("window.ml4aBenchMarker !== true", timeout=60_000, polling=50)
                code_seconds = time.monotonic() - start
            finally:
                module.write_text(code, encoding="utf-8")
            browser.close()
    finally:
        page.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    return times, code_seconds


def measure(copy: Path) -> list[Row]:
    """The row for a prose edit seen in the browser (the copy must hold a built book); a row
    saying what failed instead, so that the book section's other rows are kept."""
    label = f"`make serve`: a prose edit of {PROSE_PAGE.name} visible in an open tab"
    try:
        times, code_seconds = edit_times(copy)
    except Exception as exc:  # any failure is reported, and the run goes on
        return [Row("book.prose_visible_error", f"{label}: FAILED", f"{type(exc).__name__}: {exc}")]
    detail = ", ".join(f"{t:.1f}" for t in times)
    return [
        Row("book.prose_visible_s", label, statistics.median(times), "s", VISIBLE_TARGET),
        Row("book.prose_visible_each_s", "", detail),
        Row(
            "book.figure_edit_visible_s",
            f"`make serve`: a change to what {FIGURE_FUNCTION} draws, until the open tab reloads",
            code_seconds,
            "s",
            FIGURE_TARGET,
        ),
    ]
