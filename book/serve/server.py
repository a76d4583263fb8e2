"""Serve a live preview of the book on 127.0.0.1 (`make serve`): open pages reload by themselves.

    python -m book.serve [--port 8000] [--interval 0.2]

The preview is a build of its own (`python -m book.build --preview`, into `_build/serve/`):
Sphinx builds incrementally and nothing is printed or purged, so a prose edit is in the open
page about 2 s after it is saved (`make book`'s site is always that of a cold build). An edit
under `chapters/` reads only the pages that changed, built by a worker process that has the
build's modules imported already. An edit of the code the pages run (`lib/`, `experiments/`,
`figures_src/`, `pages/`, `words/`) first redraws the stale figures (`python -m figures_src`), then
reads again, in new processes, only the pages whose code key changed; an edit of the build or
its settings (`book/`, `_config.yml`) reads every page again.

After a good build, every open page reloads (a Server-Sent Events channel, `/__serve__/events`,
and a line of script added to each HTML page as it is served). A failed build prints its
error here, reloads nothing and leaves the last good site served; fix the error and save
again. A file saved while a build runs starts another when it ends, so the site never stays
behind the sources. Only the site's files are served: no directory listings, no dot-files.
"""

from __future__ import annotations

import argparse
import collections
import functools
import gzip
import html
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
BOOK_SITE = ROOT / "_build" / "html"  # `make book`'s site, which a first preview starts from
SITE = ROOT / "_build" / "serve" / "html"
# Watched sources, as glob patterns relative to the repository root.
WATCHED = ["chapters/**/*.md", "_toc.yml", "_config.yml", "contents.py", "lib/**/*.py"]
WATCHED += [f"{package}/**/*.py" for package in ("experiments", "figures_src", "pages", "words")]
WATCHED += ["book/*.py", "book/*.js", "book/static/**/*", "book/templates/**/*"]
EVENTS = "/__serve__/events"  # the reload channel (no file of the site lies under __serve__)
# The site's text files, sent compressed to browsers that take it (pictures are compressed already).
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map")
KEEP_ALIVE = 15.0  # seconds between comments on an idle channel (a closed tab is then noticed)
RELOADER = """<script>/* added by book/serve/server.py: reload when a newer build is served */
(function () {
  var events = new EventSource("%(events)s");
  events.onmessage = function (message) {
    if (message.data !== "%(build)s") { events.close(); window.location.reload(); }
  };
})();
</script>
"""


def snapshot() -> dict[Path, float]:
    """Modification times of every watched source file."""
    return {
        file: file.stat().st_mtime
        for pattern in WATCHED
        for file in ROOT.glob(pattern)
        if file.is_file()
    }


def changes(before: dict[Path, float], after: dict[Path, float]) -> list[str]:
    """The files added, removed or modified between two snapshots, relative to the root."""
    changed = before.keys() ^ after.keys()
    changed |= {path for path in before.keys() & after.keys() if before[path] != after[path]}
    return sorted(path.relative_to(ROOT).as_posix() for path in changed)


# The code that the pages run: Sphinx sees its edits through the pages' code keys.
PAGE_CODE = ("lib/", "experiments/", "figures_src/", "pages/", "words/", "contents.py")


def prose_only(changed: list[str]) -> bool:
    """True when every changed file is a page or the table of contents."""
    return bool(changed) and all(n == "_toc.yml" or n.startswith("chapters/") for n in changed)


def pages_or_their_code(changed: list[str]) -> bool:
    """True when every changed file is a page, the table of contents or code the pages run:
    an incremental build then reads again the pages that changed and those whose code key
    changed (`book/extension/page_keys.py`). Edits of the build or its settings read every page."""
    return bool(changed) and all(prose_only([n]) or n.startswith(PAGE_CODE) for n in changed)


class Builds:
    """The preview's builds, one at a time, and the identity of the site being served.

    A prose edit is built by a worker process that has the build's modules imported already
    (`book/build/run.py --preview-worker`); an edit of code is built by new processes, after
    which a new worker starts with the new code.
    """

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.statuses = None  # the worker's exit statuses, a line per build
        self.served = f"{time.time_ns():x}.0"  # a new server's pages reload once
        self.count = 0
        self.changed = threading.Condition()
        self.output: collections.deque = collections.deque(maxlen=80)  # for the error page

    def run(self, *, prose: bool, fresh: bool = True) -> bool:
        """Redraw stale figures (unless only prose changed) and build the preview (reading
        every page if `fresh`); on success, tell every open page to reload. True when the
        build succeeded."""
        code = self.in_worker() if prose else None
        if code is None:
            self.stop_worker()  # its modules may be those of code edited since
            code = self.in_processes(prose, fresh and not prose)
            self.start_worker()
        if code != 0:
            print("serve: build failed; the open pages keep the last good site", flush=True)
            return False
        with self.changed:
            self.count += 1
            self.served = f"{self.served.split('.')[0]}.{self.count}"
            self.changed.notify_all()
        # The site it replaced, which the next build would otherwise delete before swapping
        # (0.3 s on the way to the open pages), once they have had time to load the new one.
        cleanup = threading.Timer(5.0, shutil.rmtree, [SITE.with_name(SITE.name + ".old"), True])
        cleanup.daemon = True
        cleanup.start()
        return True

    def in_processes(self, prose: bool, fresh: bool) -> int:
        """Build in new processes: stale figures first unless only prose changed, then the
        preview (reading every page if `fresh`). The first failure's code."""
        commands = [] if prose else [[sys.executable, "-m", "figures_src"]]
        preview = [sys.executable, "-m", "book.build", "--preview"]
        commands.append([*preview, "--fresh"] if fresh else preview)
        self.output.clear()
        for command in commands:
            self.process = subprocess.Popen(
                command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            for line in self.process.stdout:
                print(line, end="", flush=True)
                self.output.append(line)
            code = self.process.wait()
            self.process = None
            if code != 0:
                return code
        return 0

    def start_worker(self) -> None:
        """Start a builder process for the next prose edits (it imports while serve waits)."""
        read, write = os.pipe()
        command = [
            sys.executable,
            "-m",
            "book.build",
            "--preview-worker",
            "--status-fd",
            str(write),
        ]
        self.worker = subprocess.Popen(
            command, cwd=ROOT, stdin=subprocess.PIPE, text=True, pass_fds=(write,)
        )
        os.close(write)
        self.statuses = os.fdopen(read, encoding="utf-8")

    def in_worker(self) -> int | None:
        """Build the preview in the worker: its exit code, or None when there is no worker
        able to build (then new processes build, and show why a worker could not)."""
        if self.worker is None or self.worker.poll() is not None:
            return None
        try:
            self.worker.stdin.write("incremental\n")
            self.worker.stdin.flush()
            answer = self.statuses.readline()
        except (BrokenPipeError, OSError):
            answer = ""
        return int(answer) if answer.strip() else None

    def stop_worker(self) -> None:
        """End the worker, if there is one (and the build it is running)."""
        worker, self.worker = self.worker, None
        if worker is not None:
            if worker.poll() is None:
                worker.terminate()
            worker.wait(timeout=30)
            worker.stdin.close()
            self.statuses.close()

    def wait_for_change(self, served: str, timeout: float) -> str:
        """The identity of the site served once it differs from `served` (or after `timeout`)."""
        with self.changed:
            self.changed.wait_for(lambda: self.served != served, timeout=timeout)
            return self.served

    def stop(self) -> None:
        """End the build that is running, if one is, and the worker."""
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
        self.stop_worker()


class PreviewServer(ThreadingHTTPServer):
    """The preview's HTTP server: a thread per connection, and a listen backlog for a browser
    that opens many connections at once (the standard library's 5 made the 200th request of a
    burst wait up to a minute)."""

    request_queue_size = 128
    daemon_threads = True


class SiteHandler(SimpleHTTPRequestHandler):
    """The site's files, with the reload script in each HTML page and the reload channel;
    without a log line per request, directory listings, dot-files or anything outside the
    site (a link inside it that leads out is refused); a malformed address (a NUL byte) is
    answered 400; a connection that sends nothing for ``timeout`` seconds is closed."""

    timeout = 30  # seconds a connection may stay silent (a half-open one would hold a thread)

    def __init__(self, *args, builds: Builds, **kwargs) -> None:
        self.builds = builds  # before the base class, which answers the request
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        """The reload channel, or a file of the site."""
        if urlsplit(self.path).path == EVENTS:
            self.send_events()
        else:
            super().do_GET()

    def send_head(self):
        """Answer 404 for a dot-file, or a folder without an index.html; else serve the file
        (an HTML page with the reload script added before its end)."""
        parts = unquote(urlsplit(self.path).path).split("/")
        if any("\0" in part for part in parts):
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad path")
            return None
        local = self.translate_path(self.path)
        listing = os.path.isdir(local) and not os.path.isfile(os.path.join(local, "index.html"))
        if listing or any(part.startswith(".") for part in parts) or not self.inside_site(local):
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        if os.path.isdir(local) and not urlsplit(self.path).path.endswith("/"):
            return super().send_head()  # the base class redirects to the folder's address
        page = os.path.join(local, "index.html") if os.path.isdir(local) else local
        if not page.endswith(".html") or not os.path.isfile(page):
            if page.endswith(COMPRESSIBLE) and os.path.isfile(page) and self.accepts_gzip():
                with open(page, "rb") as file:
                    return self.send_body(file.read(), self.guess_type(page))
            return super().send_head()
        served = self.builds.served  # read before the page: a build swapped in after it
        with open(page, "rb") as file:  # reloads the page, none can be missed
            html = file.read()
        if b"</body>" not in html:
            return super().send_head()
        return self.send_page(html, served)

    def inside_site(self, local: str) -> bool:
        """Whether ``local``, its links followed, lies inside the served folder."""
        site = os.path.realpath(self.directory)
        return os.path.commonpath([site, os.path.realpath(local)]) == site

    def send_page(self, html: bytes, served: str) -> io.BytesIO:
        """Headers for an HTML page with the reload script; returns its body as a file."""
        script = (RELOADER % {"events": EVENTS, "build": served}).encode()
        end = html.rfind(b"</body>")
        return self.send_body(html[:end] + script + html[end:], "text/html; charset=utf-8")

    def accepts_gzip(self) -> bool:
        """Whether the browser takes gzip-compressed answers."""
        return "gzip" in self.headers.get("Accept-Encoding", "")

    def send_body(self, body: bytes, content_type: str) -> io.BytesIO:
        """Headers for ``body`` (gzip-compressed when the browser takes it, as a web host would
        send the site's text files); returns the body to send as a file."""
        if self.accepts_gzip():
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Vary", "Accept-Encoding")
        if self.accepts_gzip():
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        return io.BytesIO(body)

    def send_events(self) -> None:
        """Server-Sent Events: the identity of the site served now, and again each time a new
        build is served, until the page goes away."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        served = self.builds.served
        try:
            self.wfile.write(f"data: {served}\n\n".encode())
            self.wfile.flush()
            while True:
                now = self.builds.wait_for_change(served, KEEP_ALIVE)
                message = f"data: {now}\n\n" if now != served else ": still here\n\n"
                served = now
                self.wfile.write(message.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded

    def list_directory(self, path):
        """Never list a folder."""
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        pass

    def handle(self) -> None:
        """Serve one connection; a browser that drops it (a reload, a closed tab) is no error."""
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


def copy_book_site() -> bool:
    """Start the preview from `make book`'s site, if there is one and no preview yet; True
    when there is a site to serve."""
    if (SITE / "index.html").is_file():
        return True
    if not (BOOK_SITE / "index.html").is_file():
        return False
    shutil.rmtree(SITE, ignore_errors=True)
    shutil.copytree(BOOK_SITE, SITE, ignore=lambda _, names: [n for n in names if n[0] == "."])
    return True


def main(argv: list[str] | None = None) -> int:
    """Serve, build once, and rebuild on every change until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between checks")
    args = parser.parse_args(argv)
    if not (1 <= args.port <= 65535):
        parser.error(f"--port must be between 1 and 65535, got {args.port}")
    if args.interval <= 0:
        parser.error(f"--interval must be a positive number of seconds, got {args.interval}")
    # Stopped by a signal (`kill`, a test's terminate()): end the running build as well; and
    # Ctrl-C stops it even when it was started with SIGINT ignored (in the background).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.default_int_handler)

    seen = snapshot()  # before any build, so that a file saved during it is noticed
    builds = Builds()
    up_to_date = first_failed = False
    if not copy_book_site():
        print("serve: no site yet; building the preview first", flush=True)
        up_to_date = builds.run(prose=False)
        first_failed = not up_to_date
        if first_failed:  # serve the error, and keep watching for the fix
            write_error_page(list(builds.output))
            print("serve: the first build failed; its error is on the served page", flush=True)
    handler = functools.partial(SiteHandler, directory=str(SITE), builds=builds)
    server = PreviewServer(("127.0.0.1", args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serve: http://127.0.0.1:{args.port}/ (Ctrl-C to stop)", flush=True)

    try:
        if not up_to_date and not first_failed:
            print("serve: bringing the preview up to date with the sources", flush=True)
            up_to_date = builds.run(prose=False)
        if up_to_date:
            print("serve: ready; open pages reload after each good build", flush=True)
        while True:
            time.sleep(args.interval)
            now = snapshot()
            changed = changes(seen, now)
            if changed:
                print(f"serve: changed {', '.join(changed[:5])}; rebuilding", flush=True)
                seen = now  # what this build sees; a file saved during it differs afterwards
                if builds.run(prose=prose_only(changed), fresh=not pages_or_their_code(changed)):
                    print("serve: rebuilt; open pages reload", flush=True)
    except KeyboardInterrupt:
        print("\nserve: stopped")
    finally:
        builds.stop()
        server.shutdown()
    return 0


ERROR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The preview did not build</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body class="ml4a-serve-error" style="font-family: sans-serif; margin: 1rem;">
<h1>The preview did not build</h1>
<p>make serve keeps watching: save the fix and this page reloads with the book.
The build's last lines:</p>
<pre style="white-space: pre-wrap; overflow-wrap: anywhere;">{lines}</pre>
</body></html>
"""


def write_error_page(lines: list[str]) -> None:
    """A page in place of the site that has never built, with the failed build's last lines
    (the site's address answers it until a build succeeds and replaces it)."""
    SITE.mkdir(parents=True, exist_ok=True)
    text = html.escape("".join(lines) or "(the build printed nothing)")
    (SITE / "index.html").write_text(ERROR_PAGE.format(lines=text), encoding="utf-8")
