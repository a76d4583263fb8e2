"""Serve the site on 127.0.0.1 and rebuild it whenever a source file changes (`make serve`).

    python book/serve.py [--port 8000]

Edits to chapters, `lib/`, `experiments/`, `figures/`, `pages/`, `words/`, `_config.yml`,
`_toc.yml` or `book/` trigger `python -m figures` (only changed figures are redrawn) and a
strict book build. A failed build leaves the last good site being served; fix the error and save
again. Reload the page in the browser to see the new version. A file saved while a build runs
triggers another build when it ends, so the site never stays behind the sources. Only the site's
files are served: no directory listings, no dot-files.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
# Watched sources, as glob patterns relative to the repository root.
WATCHED = [
    "chapters/**/*.md",
    "lib/*.py",
    "experiments/*.py",
    "figures/*.py",
    "pages/*.py",
    "words/*.py",
    "contents.py",
    "book/*.py",
    "book/static/*",
]
WATCHED += ["_config.yml", "_toc.yml"]


def snapshot() -> dict[Path, float]:
    """Modification times of every watched source file."""
    return {
        file: file.stat().st_mtime
        for pattern in WATCHED
        for file in ROOT.glob(pattern)
        if file.is_file()
    }


def rebuild() -> bool:
    """Redraw stale figures and rebuild the book; True when both succeeded."""
    for command in ([sys.executable, "-m", "figures"], [sys.executable, "book/build.py"]):
        if subprocess.run(command, cwd=ROOT).returncode != 0:
            print("serve: build failed; still serving the last good site", flush=True)
            return False
    return True


class SiteHandler(SimpleHTTPRequestHandler):
    """The site's files, without a log line per request, directory listings or dot-files."""

    def send_head(self):
        """Answer 404 for a dot-file, or a folder without an index.html; else serve the file."""
        parts = unquote(urlsplit(self.path).path).split("/")
        local = self.translate_path(self.path)
        listing = os.path.isdir(local) and not os.path.isfile(os.path.join(local, "index.html"))
        if listing or any(part.startswith(".") for part in parts):
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        return super().send_head()

    def list_directory(self, path):
        """Never list a folder."""
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        pass


def main(argv: list[str] | None = None) -> int:
    """Build once, serve, and rebuild on every change until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between checks")
    args = parser.parse_args(argv)
    if not (1 <= args.port <= 65535):
        parser.error(f"--port must be between 1 and 65535, got {args.port}")

    seen = snapshot()  # before any build, so that a file saved during it is noticed
    if not SITE.is_dir() and not rebuild():
        return 1
    handler = functools.partial(SiteHandler, directory=str(SITE))
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serve: http://127.0.0.1:{args.port}/ (Ctrl-C to stop)", flush=True)

    try:
        while True:
            time.sleep(args.interval)
            now = snapshot()
            if now != seen:
                changed = sorted(p.relative_to(ROOT).as_posix() for p in now.keys() ^ seen.keys())
                changed += sorted(
                    p.relative_to(ROOT).as_posix()
                    for p in now.keys() & seen.keys()
                    if now[p] != seen[p]
                )
                print(f"serve: changed {', '.join(changed[:5])}; rebuilding", flush=True)
                seen = now  # what this build sees; a file saved during it differs afterwards
                if rebuild():
                    print("serve: rebuilt; reload the page", flush=True)
    except KeyboardInterrupt:
        print("\nserve: stopped")
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
