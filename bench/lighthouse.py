"""Lighthouse's four scores for every page of both books, with its mobile preset.

Lighthouse (the npm package, pinned in `bench/package-lock.json`) drives Debian's Chromium,
offline: the copy's site is served on 127.0.0.1 with its text gzip-compressed, as a web host
(and `make serve`) would send it. The mobile preset simulates a slow 4G network and a CPU four
times slower. Targets: performance >= 95, accessibility, best practices and SEO 100.

Each page is measured `RUNS` times and each score reported is the median, as Lighthouse's
documentation advises for its variability: a single run's performance score of the same files
was seen to move by ±4 on this machine. The performance row names every run's score.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path, PurePosixPath

from contents import LANGS

from .pages import CHROMIUM, QuietHandler, chapter_pages
from .report import Row, Target

HERE = Path(__file__).resolve().parent
CLI = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = {  # Lighthouse's name: (our key, label, target)
    "performance": ("performance", "perf", Target(">=", 95)),
    "accessibility": ("accessibility", "a11y", Target(">=", 100)),
    "best-practices": ("best_practices", "best practices", Target(">=", 100)),
    "seo": ("seo", "SEO", Target(">=", 100)),
}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml")
FLAGS = "--headless=new --no-sandbox --disable-gpu"
RUNS = 3  # runs of Lighthouse per page


class GzipHandler(QuietHandler):
    """The site's files, text gzip-compressed for a browser that takes it."""

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.endswith(COMPRESSIBLE) and os.path.isfile(path)):
            return super().send_head()
        with open(path, "rb") as file:
            body = gzip.compress(file.read(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class QuietServer(ThreadingHTTPServer):
    """A server that lets a browser drop a connection mid-answer (Lighthouse does) quietly."""

    def handle_error(self, request, client_address) -> None:
        """Ignore a closed connection; report anything else."""
        error = sys.exc_info()[1]
        if not isinstance(error, (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site over HTTP (compressed) on 127.0.0.1; yields the base URL."""
    httpd = QuietServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def scores(url: str) -> tuple[dict[str, float], list[str], list[str]]:
    """Lighthouse's category scores (0-100) for one page, its failing audits' names and its
    accessibility barriers (`barriers`)."""
    if not CLI.exists():
        raise RuntimeError("Lighthouse is missing: `make bench` installs it (npm ci in bench/)")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        report = Path(folder) / "report.json"
        done = subprocess.run(
            [
                "node",
                str(CLI),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags={FLAGS} --user-data-dir={folder}/profile",
                f"--only-categories={','.join(CATEGORIES)}",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        if done.returncode != 0 or not report.exists():
            raise RuntimeError(f"Lighthouse failed on {url}: {done.stderr.strip()[-500:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    found = {name: 100 * data["categories"][name]["score"] for name in CATEGORIES}
    failing = sorted(
        audit["id"]
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    )
    return found, failing, barriers(data)


def barriers(data: dict) -> list[str]:
    """The failing accessibility audits with the elements they name ("audit: selector"): a
    rare failure can then be found again in the page."""
    ids = [ref["id"] for ref in data["categories"]["accessibility"]["auditRefs"]]
    found = []
    for audit in (data["audits"][i] for i in ids if i in data["audits"]):
        if audit.get("score") is None or audit["score"] >= 1:
            continue
        nodes = [item.get("node", {}) for item in audit.get("details", {}).get("items", [])]
        selectors = [node.get("selector", "?") for node in nodes] or ["?"]
        found += [f"{audit['id']}: {selector}" for selector in selectors[:3]]
    return found


def median_scores(runs: list[dict[str, float]]) -> dict[str, float]:
    """Each category's median over the runs (an odd number of them)."""
    if len(runs) % 2 == 0:
        raise ValueError(f"the median of {len(runs)} runs is not one of them; use an odd number")
    return {name: sorted(run[name] for run in runs)[len(runs) // 2] for name in runs[0]}


def measure(site: Path) -> list[Row]:
    """A row per page and category, the median of `RUNS` runs (the table shows each page's
    weakest), and the audits that failed in most runs anywhere."""
    rows: list[Row] = []
    failing: dict[str, int] = {}
    blocked: list[str] = []
    with served(site) as base:
        for lang in LANGS:
            for page in chapter_pages(site, lang):
                name = f"{lang}/{PurePosixPath(page).stem}"
                runs = [scores(base + page) for _ in range(RUNS)]
                found = median_scores([run[0] for run in runs])
                audits = {a for run in runs for a in run[1]}
                for audit in sorted(audits):
                    if sum(audit in run[1] for run in runs) > RUNS // 2:
                        failing[audit] = failing.get(audit, 0) + 1
                barred = sorted({barrier for run in runs for barrier in run[2]})
                blocked += [f"{name} {barrier}" for barrier in barred]
                for category, (key, label, target) in CATEGORIES.items():
                    each = ", ".join(str(round(run[0][category])) for run in runs)
                    rows.append(
                        Row(
                            f"lighthouse.{lang}.{PurePosixPath(page).stem}.{key}",
                            f"lighthouse {name}: {label}",
                            round(found[category]),
                            f"(runs: {each})" if category == "performance" else "",
                            target,
                        )
                    )
    listed = ", ".join(f"{audit} ({count})" for audit, count in sorted(failing.items()))
    rows.append(Row("lighthouse.failing_audits", "lighthouse: failing audits (pages)", listed))
    barred = "; ".join(blocked) or "none"
    rows.append(Row("lighthouse.barriers", "lighthouse: accessibility barriers", barred))
    return rows
