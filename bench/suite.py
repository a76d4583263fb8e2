"""The test loop: `make test` and `make check` as a newcomer and CI meet them.

In a fresh `git clone` of the project's HEAD (what CI runs on; uncommitted changes are not in
it), sharing this project's virtual environment: first `make test` (set-up checks, figures,
site, PDFs, lint and every test), then `make check` (lint and the tests that need no site, no
browser and no book build: the author's inner loop). Each is timed whole, and pytest's own time
is read from its summary line. Targets: `make test` <= 5 minutes, `make check` <= 60 s.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .report import Row, Target
from .sandbox import ROOT, Run, run_command

TARGETS = {"test": Target("<=", 300), "check": Target("<=", 60)}
PYTEST_LINE = re.compile(r"=* ?(\d+) passed.*? in ([\d.]+)s")


def make(target: str, clone: Path, timeout: float = 1800) -> Run:
    """`make <target>` in ``clone``, timed."""
    return run_command(["make", target], clone, timeout)


def pytest_summary(output: str) -> tuple[int, float] | None:
    """(tests passed, pytest's seconds) from the last summary line of pytest, or None."""
    found = PYTEST_LINE.findall(output)
    return (int(found[-1][0]), float(found[-1][1])) if found else None


def rows_for(target: str, run: Run) -> list[Row]:
    """The rows of one timed `make` target: a failed one meets no target."""
    key, label = f"suite.{target}", f"make {target} (clean clone)"
    if not run.ok:
        return [
            Row(f"{key}_s", f"{label} (FAILED: no target)", run.seconds, "s"),
            Row(f"{key}_error", f"{label}: FAILED", run.failure()),
        ]
    rows = [Row(f"{key}_s", label, run.seconds, "s", TARGETS[target])]
    summary = pytest_summary(run.stdout)
    if summary:
        rows += [
            Row(f"{key}_pytest_s", f"make {target}: pytest alone", summary[1], "s"),
            Row(f"{key}_tests", "", summary[0]),
        ]
    return rows


def measure() -> list[Row]:
    """`make test`, then `make check`, in a clean clone of HEAD."""
    folder = Path(tempfile.mkdtemp(prefix="ml4a-bench-suite-"))
    try:
        clone = folder / "project"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        (clone / ".venv").symlink_to(ROOT / ".venv")
        rows = []
        for target in ("test", "check"):
            rows += rows_for(target, make(target, clone))
        return rows
    finally:
        shutil.rmtree(folder, ignore_errors=True)
