"""A throw-away copy of the project, and timed commands run inside it.

The benchmark never touches the working tree: builds run in a copy made with
`shutil.copytree` (without `.venv`, `_build`, `.git` and caches; `book/node_modules` is a
symlink back), with the same Python as the benchmark. `book/build/run.py` and `figures`
find their root from their own location, so the copy builds into its own `_build`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP_TOP = {".venv", "_build", ".git", "bench"}
SKIP_ANYWHERE = {"__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", ".ipynb_checkpoints"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")
PROBLEM = re.compile(r"(WARNING|ERROR|Error|Traceback|FAILED)")
COPY_PATH = re.compile(r"\S*/ml4a-bench-[^/]+/project/")
# pytest's short summary: one line per failed test ("FAILED tests/test_x.py::test_y - ...").
FAILED_TEST = re.compile(r"^(FAILED|ERROR) (tests/\S+)", re.M)
FIGURES_LINE = re.compile(r"figures: (\d+) built, (?:\d+ copied, )?(\d+) up to date, (\d+) failed")
TAIL_LINES = 25


@dataclass
class Run:
    """A finished command: wall time, exit code and its output."""

    seconds: float
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        """True when the command exited with 0."""
        return self.returncode == 0

    def tail(self, lines: int = TAIL_LINES) -> str:
        """The last lines of stderr (or stdout), without colour codes, to explain a failure."""
        text = ANSI.sub("", self.stderr.strip() or self.stdout.strip()).splitlines()
        return "\n".join(text[-lines:])

    def failure(self) -> str:
        """A short account of a failure: the tests that failed, if pytest names any; else how
        many problem lines, the first and the last line."""
        text = ANSI.sub("", f"{self.stdout}\n{self.stderr}")
        failed = [f"{kind} {test}" for kind, test in FAILED_TEST.findall(text)]
        if failed:  # which tests failed says more than a kernel's warning printed first
            return f"exit {self.returncode}, {len(failed)} failed: " + "; ".join(failed)
        problems = [line.strip() for line in text.splitlines() if PROBLEM.search(line)]
        last = self.tail(1)
        if not problems:
            return f"exit {self.returncode}: {last}"
        first = COPY_PATH.sub("", problems[0])
        return (
            f"exit {self.returncode}, {len(problems)} problem lines; first: {first}; last: {last}"
        )


def _ignore(root: Path):
    """A copytree `ignore` that skips the folders a build does not need."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder).resolve()
        skipped = {n for n in names if n in SKIP_ANYWHERE}
        if here == root:
            skipped |= SKIP_TOP & set(names)
        if here == root / "book":
            skipped.add("node_modules")
        return skipped

    return ignore


def make_copy(root: Path = ROOT) -> Path:
    """Copy the project (working tree as it is now) to a new temporary folder."""
    target = Path(tempfile.mkdtemp(prefix="ml4a-bench-")) / "project"
    shutil.copytree(root, target, ignore=_ignore(root.resolve()), symlinks=True)
    modules = root / "book" / "node_modules"
    if modules.exists():
        (target / "book" / "node_modules").symlink_to(modules.resolve())
    return target


def remove_copy(copy: Path) -> None:
    """Delete a copy made by `make_copy` (its temporary parent folder too)."""
    shutil.rmtree(copy.parent, ignore_errors=True)


def clean_env() -> dict[str, str]:
    """The environment for builds in the copy, as the Makefile runs them: no overrides that
    point back at the tree, and Python keeping the modules it compiles (the copy starts with
    none, as a clone does)."""
    env = dict(os.environ)
    for name in ("FIGURES_OUT", "PYTHONPATH", "VIRTUAL_ENV_PROMPT", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    env["MPLBACKEND"] = "Agg"
    return env


def run(args: list[str], cwd: Path, timeout: float = 900) -> Run:
    """Run ``python <args>`` (the benchmark's own interpreter) in ``cwd`` and time it."""
    return run_command([sys.executable, *args], cwd, timeout)


def run_command(command: list[str], cwd: Path, timeout: float = 900) -> Run:
    """Run ``command`` in ``cwd`` with `clean_env` and time it."""
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            cwd=cwd,
            env=clean_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        return Run(time.perf_counter() - start, -1, out, f"timed out after {timeout:.0f} s")
    return Run(time.perf_counter() - start, done.returncode, done.stdout, done.stderr)


def read_or_none(path: Path) -> bytes | None:
    """A file's bytes, or None if it cannot be read (missing, or being replaced)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def run_watching(
    args: list[str], cwd: Path, watched: Path, timeout: float = 900
) -> tuple[Run, float | None]:
    """Run ``python <args>`` in ``cwd`` like `run`, and also time the moment the file
    ``watched`` first holds other bytes than at the start (None if it never does)."""
    before = read_or_none(watched)
    start = time.perf_counter()
    changed = None
    timed_out = False
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            [sys.executable, *args], cwd=cwd, env=clean_env(), stdout=out, stderr=err, text=True
        )
        while process.poll() is None:
            if changed is None and read_or_none(watched) not in (before, None):
                changed = time.perf_counter() - start
            timed_out = time.perf_counter() - start > timeout
            if timed_out:
                process.kill()
                process.wait()
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        if changed is None and read_or_none(watched) not in (before, None):
            changed = seconds
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if timed_out:
        return Run(seconds, -1, stdout, f"timed out after {timeout:.0f} s"), changed
    return Run(seconds, process.returncode, stdout, stderr), changed


def figures_counts(output: str) -> tuple[int, int, int] | None:
    """``(built, up to date, failed)`` from the figures summary line, or None."""
    found = FIGURES_LINE.findall(output)
    if not found:
        return None
    built, current, failed = found[-1]
    return int(built), int(current), int(failed)
