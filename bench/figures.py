"""`make figures` in the copy: a cold build (no `_build/figures`) and a no-op rebuild."""

from __future__ import annotations

import shutil
from pathlib import Path

from .report import Row, Target
from .sandbox import figures_counts, run

COLD_TARGET = Target("<=", 20)
NOOP_TARGET = Target("<=", 1)


def measure(copy: Path) -> list[Row]:
    """Time `python -m figures_src` in ``copy``: from nothing, then with nothing to do."""
    shutil.rmtree(copy / "_build" / "figures", ignore_errors=True)
    rows = []
    for name, label, target in (
        ("cold", "cold build (both languages, all cores)", COLD_TARGET),
        ("noop", "no-op rebuild (nothing changed)", NOOP_TARGET),
    ):
        result = run(["-m", "figures_src"], copy)
        counts = figures_counts(result.stdout)
        if not result.ok:
            rows.append(Row(f"figures.{name}_error", f"{label}: FAILED", result.failure()))
        rows.append(Row(f"figures.{name}_s", label, result.seconds, "s", target))
        if counts is not None:
            rows.append(Row(f"figures.{name}_built", f"{label}: figures drawn", counts[0]))
    return rows
