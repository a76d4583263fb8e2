"""Command line: ``python -m bench [--only SECTIONS] [--keep-copy]``."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from . import (
    animation,
    builds,
    explorers,
    figures,
    lighthouse,
    machine,
    pages,
    preview,
    sandbox,
    search,
    suite,
    training,
)
from .report import Row, table, write_results

SECTIONS = (
    "figures",
    "animation",
    "book",
    "pages",
    "explorers",
    "search",
    "lighthouse",
    "lib",
    "suite",
)
RESULTS = Path(__file__).resolve().parent / "results.json"
NEEDS_COPY = {"figures", "book", "pages", "explorers", "search", "lighthouse"}


def sections(text: str) -> list[str]:
    """The comma-separated section names of ``--only``, checked, in the standard order."""
    asked = {name.strip() for name in text.split(",") if name.strip()}
    unknown = asked - set(SECTIONS)
    if unknown or not asked:
        raise argparse.ArgumentTypeError(
            f"unknown section(s) {', '.join(sorted(unknown)) or '(none)'}; "
            f"choose from {', '.join(SECTIONS)}"
        )
    return [name for name in SECTIONS if name in asked]


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--only", type=sections, default=list(SECTIONS), help=f"comma list of {','.join(SECTIONS)}"
    )
    parser.add_argument(
        "--keep-copy", action="store_true", help="keep the build copy and say where"
    )
    return parser.parse_args(argv)


def guarded(section: str, work: Callable[[], list[Row]]) -> list[Row]:
    """The rows of one section, or one row saying how it failed (the run goes on)."""
    started = time.perf_counter()
    print(f"bench: {section} ...", file=sys.stderr, flush=True)
    try:
        rows = work()
    except Exception as exc:
        detail = "".join(traceback.format_exception_only(exc)).strip()
        print(traceback.format_exc(), file=sys.stderr)
        rows = [Row(f"{section}.error", f"{section}: FAILED", detail)]
    print(f"bench: {section} done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return rows


def site_for_pages(copy: Path, built: bool) -> Path:
    """The copy's built site, building it first if the book section did not run."""
    if not built:
        figures_run, site_run, _ = builds.make_book(copy)
        if not (figures_run.ok and site_run.ok):
            failed = figures_run if not figures_run.ok else site_run
            raise RuntimeError(f"the book did not build in the copy: {failed.failure()}")
    return copy / "_build" / "html"


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sections, print the table, write results.json; always exit 0."""
    args = parse(argv)
    started = time.perf_counter()
    about = machine.describe()  # before the run, so the load average is other work's
    rows: list[Row] = []
    extra = ""
    copy = sandbox.make_copy() if NEEDS_COPY & set(args.only) else None
    try:
        if "figures" in args.only:
            rows += guarded("figures", lambda: figures.measure(copy))
        if "animation" in args.only:
            rows += guarded("animation", animation.measure)
        site_built = False
        if "book" in args.only:
            result: dict = {}

            def run_book() -> list[Row]:
                """The book section, remembering whether a site came out."""
                book_rows, result["built"] = builds.measure(copy)
                if result["built"]:
                    book_rows += preview.measure(copy)
                return book_rows

            rows += guarded("book", run_book)
            site_built = result.get("built", False)
            if "pages" in args.only and not site_built:
                rows.append(Row("pages.error", "pages: FAILED", "no site: the book build failed"))
        if "pages" in args.only and (site_built or "book" not in args.only):

            def run_pages() -> list[Row]:
                """The pages section on the copy's site."""
                nonlocal extra
                page_rows, extra = pages.measure(site_for_pages(copy, site_built))
                return page_rows

            rows += guarded("pages", run_pages)
            site_built = True
        if "explorers" in args.only and (site_built or "book" not in args.only):
            rows += guarded(
                "explorers", lambda: explorers.measure(site_for_pages(copy, site_built))
            )
        if "search" in args.only and (site_built or "book" not in args.only):
            rows += guarded("search", lambda: search.measure_site(site_for_pages(copy, site_built)))
        if "lighthouse" in args.only and (site_built or "book" not in args.only):
            rows += guarded(
                "lighthouse", lambda: lighthouse.measure(site_for_pages(copy, site_built))
            )
        if "lib" in args.only:
            rows += guarded("lib", training.measure)
        if "suite" in args.only:
            rows += guarded("suite", suite.measure)
    finally:
        if copy is not None:
            if args.keep_copy:
                print(f"bench: the build copy is in {copy}", file=sys.stderr)
            else:
                sandbox.remove_copy(copy)
    print()
    print(table(rows))
    if extra:
        print(f"\nPage weight by type (kB; gzip = text compressed at level 6):\n{extra}")
    write_results(RESULTS, rows, about, args.only)
    print(f"\nbench: {time.perf_counter() - started:.0f} s in all; results in {RESULTS.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
