"""`make book` in the copy: cold, no-op, after a prose edit, a comment added to a figure's code,
a change to what that figure draws, and a one-word edit of a figure's words (each with the
figures redrawn and the pages executed).

Each step runs `python -m figures_src` then `python -m book.build` in the copy, as
`make book` does after set-up, and times the two separately; the site part includes printing
the PDFs that changed, also reported on its own.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from . import edits
from .report import Row, Target
from .sandbox import Run, figures_counts, run, run_watching

PROSE_PAGE = Path("chapters/en/02_linear_regression.md")
FIGURE_MODULE = Path("figures_src/linear_regression.py")
FIGURE_FUNCTION = "lin_reg_scatter"
COLD_TARGET = Target("<=", 90)
PROSE_TARGET = Target("<=", 15)
FIGURE_TARGET = Target("<=", 8)
# The edited figure's picture as the site serves it: a drawing edit must change it.
SITE_PICTURE = Path("_build/html/chapters/en/_images/lin_reg_scatter.png")
WORD_FILE = Path("words/en.py")
WORD = ("bumpy_title", "same rule, different starts, different minima")
STEPS = (
    ("cold", "cold (no _build)", COLD_TARGET),
    ("noop", "no-op (nothing changed)", None),
    ("prose_edit", f"after a prose edit of {PROSE_PAGE.name}", PROSE_TARGET),
    ("code_edit", f"after a comment added to {FIGURE_FUNCTION}'s code", None),
    ("figure_edit", f"after a change to what {FIGURE_FUNCTION} draws", FIGURE_TARGET),
    ("word_edit", f"after an edit of one figure word ({WORD[0]}, English)", None),
)
EXECUTED_LINE = re.compile(r"Executed notebook in [\d.]+ seconds")
SLOWEST = 3
BUILT_LINE = re.compile(r"built\s+(\w+)/(\S+)\s+([\d.]+) s")
PDF_LINE = re.compile(r"pdf: (\d+) of (\d+) printed in ([\d.]+) s")


def pdf_part(output: str) -> tuple[int, float] | None:
    """How many PDFs the site build printed and the seconds it took (`book/pdf/printing.py`'s
    line)."""
    match = PDF_LINE.search(output)
    return (int(match.group(1)), float(match.group(3))) if match else None


def make_book(copy: Path) -> tuple[Run, Run, float | None]:
    """The figures run and the site run of one `make book` (the site only if figures passed),
    and when the edited figure's picture changed in the site, in seconds into the site run."""
    figures = run(["-m", "figures_src"], copy)
    if not figures.ok:
        return figures, Run(0.0, -1, "", "skipped"), None
    site, changed = run_watching(["-m", "book.build"], copy, copy / SITE_PICTURE)
    return figures, site, changed


def slowest_figures(output: str, n: int = SLOWEST) -> str:
    """The ``n`` slowest figures of a figures log, e.g. ``en/optimizers_contour 9.1 s``."""
    timings = sorted(((float(s), f"{lang}/{name}") for lang, name, s in BUILT_LINE.findall(output)))
    return ", ".join(f"{name} {seconds:.1f} s" for seconds, name in reversed(timings[-n:]))


def prepare(step: str, copy: Path) -> None:
    """Set the copy up for ``step``: no `_build` for cold, one edited file for the edits."""
    if step == "cold":
        shutil.rmtree(copy / "_build", ignore_errors=True)
    elif step == "prose_edit":
        page = copy / PROSE_PAGE
        page.write_text(edits.append_sentence(page.read_text()))
    elif step == "code_edit":
        module = copy / FIGURE_MODULE
        module.write_text(edits.edit_function_body(module.read_text(), FIGURE_FUNCTION))
    elif step == "figure_edit":
        module = copy / FIGURE_MODULE
        module.write_text(edits.edit_drawing(module.read_text(), FIGURE_FUNCTION))
    elif step == "word_edit":
        path = copy / WORD_FILE
        text = path.read_text(encoding="utf-8")
        old = f'"{WORD[0]}": "{WORD[1]}",'
        if old not in text:
            raise ValueError(f"{WORD_FILE} has no line {old}")
        path.write_text(text.replace(old, old.replace("minima", "valleys")), encoding="utf-8")


def step_rows(step: str, label: str, target: Target | None, figures: Run, site: Run) -> list[Row]:
    """Rows for one step: total, its figures and site parts, figures drawn, any failure."""
    key = f"book.{step}"
    ok = figures.ok and site.ok
    rows = []
    if not ok:
        failed = figures if not figures.ok else site
        part = "figures" if not figures.ok else "site"
        rows.append(Row(f"{key}_error", f"{label}: {part} build FAILED", failed.failure()))
    # A step that failed has a time but meets no target: its row says so and has none.
    total = f"{label}: figures + site" + ("" if ok else " (FAILED: no target)")
    rows += [
        Row(f"{key}_s", total, figures.seconds + site.seconds, "s", target if ok else None),
        Row(f"{key}_figures_s", f"{label}: figures part", figures.seconds, "s"),
        Row(f"{key}_site_s", f"{label}: site part", site.seconds, "s"),
    ]
    printed = pdf_part(site.stdout)
    if printed is not None:
        count, seconds = printed
        rows.append(
            Row(f"{key}_pdf_s", f"{label}: PDFs ({count} printed) in the site part", seconds, "s")
        )
    executed = len(EXECUTED_LINE.findall(site.stdout + site.stderr))
    if site.ok:
        rows.append(Row(f"{key}_pages_executed", f"{label}: pages executed", executed))
    counts = figures_counts(figures.stdout)
    if counts is not None:
        rows.append(Row(f"{key}_redrawn", f"{label}: figures redrawn", counts[0]))
    if step == "cold" and figures.ok:
        rows.append(
            Row(
                "book.cold_slowest_figures",
                "cold: slowest figures",
                slowest_figures(figures.stdout),
            )
        )
    return rows


def measure(copy: Path) -> tuple[list[Row], bool]:
    """Every step; also returns whether the copy ends up with a built site."""
    rows = []
    for step, label, target in STEPS:
        picture = copy / SITE_PICTURE
        before = picture.read_bytes() if picture.is_file() else None
        try:
            prepare(step, copy)
        except (OSError, ValueError) as exc:
            rows.append(Row(f"book.{step}_error", f"{label}: could not edit", str(exc)))
            continue
        figures, site, changed = make_book(copy)
        live = None
        if step == "figure_edit" and site.ok:
            if picture.read_bytes() == before:
                unchanged = f"the site's {SITE_PICTURE.name} is unchanged: the edit drew nothing"
                site = Run(site.seconds, 1, site.stdout, unchanged)
            elif changed is not None:
                live = figures.seconds + changed
        rows += step_rows(step, label, None if step == "figure_edit" else target, figures, site)
        if live is not None:
            text = f"{label}: the new picture live in the site (the PDFs follow)"
            rows.append(Row(f"book.{step}_live_s", text, live, "s", target))
    return rows, (copy / "_build" / "html" / "index.html").exists()
