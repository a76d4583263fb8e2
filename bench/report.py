"""Rows of measurements, the terminal table, and the nested, rounded `results.json`."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

VALUE_WIDTH = 28


@dataclass(frozen=True)
class Target:
    """A goal for one measurement: ``value <op> limit`` with ``op`` one of ``<=`` or ``>=``."""

    op: str
    limit: float

    def met(self, value: float) -> bool:
        """Whether ``value`` meets the goal."""
        return value <= self.limit if self.op == "<=" else value >= self.limit

    def __str__(self) -> str:
        """The goal as text, e.g. ``<= 20`` or ``<= 1,500,000``."""
        limit = f"{self.limit:,.0f}" if self.limit >= 10_000 else f"{self.limit:g}"
        return f"{self.op} {limit}"


@dataclass(frozen=True)
class Row:
    """One measurement: ``key`` is its dotted name in results.json (``figures.cold_s``).

    A row with an empty ``measure`` goes to results.json only, not to the table.
    """

    key: str
    measure: str
    value: object
    unit: str = ""
    target: Target | None = None

    @property
    def section(self) -> str:
        """The first part of the key: figures, animation, book, pages or lib."""
        return self.key.partition(".")[0]


def rounded(value: object) -> object:
    """Numbers rounded for a stable record: 3 significant digits (whole numbers from 100 up)."""
    if isinstance(value, bool) or not isinstance(value, float):
        return value
    if not math.isfinite(value) or value == 0:
        return value
    digits = 2 - int(math.floor(math.log10(abs(value))))
    return round(value, digits) if digits > 0 else int(round(value))


def format_value(value: object, width: int = VALUE_WIDTH) -> str:
    """A value as the table shows it (long text cut to ``width`` characters)."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{rounded(value):g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def verdict(row: Row) -> str:
    """✓ or ✗ against the row's target, or empty without one (or without a number)."""
    if row.target is None or not isinstance(row.value, int | float):
        return ""
    return "✓" if row.target.met(float(row.value)) else "✗"


def table(rows: list[Row]) -> str:
    """The rows as an aligned text table: section, measure, value, unit, target, met?"""
    header = ("section", "measure", "value", "unit", "target", "met?")
    cells = [header] + [
        (
            r.section,
            r.measure,
            format_value(r.value),
            r.unit,
            str(r.target or ""),
            verdict(r),
        )
        for r in rows
        if r.measure
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    right = {2}
    lines = []
    for n, cell in enumerate(cells):
        parts = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cell, widths, strict=True))
        ]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    notes = [
        r for r in rows if r.measure and isinstance(r.value, str) and len(r.value) > VALUE_WIDTH
    ]
    for r in notes:
        lines += ["", f"{r.key}:", *(f"  {line}" for line in r.value.splitlines())]
    return "\n".join(lines)


def nest(flat: dict[str, object]) -> dict:
    """``{"a.b": 1}`` -> ``{"a": {"b": 1}}``, values rounded."""
    tree: dict = {}
    for key, value in flat.items():
        node = tree
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = rounded(value)
    return tree


def write_results(path: Path, rows: list[Row], machine: dict, sections: list[str]) -> dict:
    """Write results.json: the sections run replace theirs; other sections' records stay."""
    try:
        record = json.loads(path.read_text())
    except (OSError, ValueError):
        record = {}
    for section in sections:
        record.pop(section, None)
    fresh = nest({r.key: r.value for r in rows})
    fresh["machine"] = machine
    targets = dict(record.get("targets", {}))
    targets = {k: v for k, v in targets.items() if k.partition(".")[0] not in sections}
    targets.update({r.key: str(r.target) for r in rows if r.target is not None})
    record.update(fresh)
    record["targets"] = targets
    path.write_text(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return record
