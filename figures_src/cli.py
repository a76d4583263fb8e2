"""Command line: ``python -m figures_src [NAMES...] [--lang en|ko|all] [--jobs N] [--force]
[--list] [--out DIR]``: the figures asked for (`build.py`), then, with every figure, the
explorers' maps (`maps.py`)."""

import argparse
import contextlib
import sys
import time
from pathlib import Path

from build_lock import one_build_at_a_time
from contents import LANGS

from . import build, maps, registry, workers


def _positive_int(text: str) -> int:
    """argparse type: a positive integer."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


def parser() -> argparse.ArgumentParser:
    """The command line of ``python -m figures_src``."""
    p = argparse.ArgumentParser(
        prog="python -m figures_src",
        description="Draw the chapter's figures (only those whose code or inputs changed).",
    )
    p.add_argument("names", nargs="*", metavar="NAME", help="figures to build (default: all)")
    p.add_argument("--lang", choices=(*LANGS, "all"), default="all", help="default: all")
    p.add_argument("--jobs", type=_positive_int, help="parallel processes (default: CPUs)")
    p.add_argument("--force", action="store_true", help="redraw even if up to date")
    p.add_argument("--list", action="store_true", help="list the figure names and exit")
    p.add_argument(
        "--out", type=Path, help="output folder (default: $FIGURES_OUT or _build/figures)"
    )
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    if args.list:
        for spec in registry.FIGURES.values():
            print(f"{spec.name:<30} {spec.kind:<4} {' '.join(spec.layouts)}")
        return 0
    langs = LANGS if args.lang == "all" else (args.lang,)
    with contextlib.ExitStack() as stack:
        out = Path(args.out or build.default_out())
        try:  # one build at a time in the build folder (build_lock.py)
            stack.enter_context(one_build_at_a_time(out.resolve().parent, "make figures"))
        except OSError:
            pass  # a folder that cannot be written: the build says so, naming it
        return run(args, langs)


def run(args: argparse.Namespace, langs: tuple[str, ...]) -> int:
    """The command line's build: the figures asked for, then the explorers' maps."""
    try:
        with workers.signals_raise():
            summary = build.build(args.names or None, langs, args.jobs, args.force, args.out)
    except build.UnknownFigureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except build.OutputFolderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, workers.Terminated) as exc:
        print("interrupted; finished figures are in place, rerun to complete", file=sys.stderr)
        return 143 if isinstance(exc, workers.Terminated) else 130
    print(summary.line())
    for name, lang in summary.failed:
        print(f"failed: {lang}/{name}", file=sys.stderr)
    if summary.ok and not args.names:  # the explorers' maps, with every figure
        start = time.perf_counter()
        try:
            drawn = maps.ensure_maps(langs, args.out)
        except OSError as exc:  # written by build._write_atomic: an OutputFolderError
            if not isinstance(exc, build.OutputFolderError):
                exc = build.cannot_write(Path(exc.filename or build.default_out()), exc)
            print(f"error: {exc}", file=sys.stderr)
            return 1
        count = len(maps.MAPS) * len(langs)
        seconds = time.perf_counter() - start
        print(f"maps: {drawn} drawn, {count - drawn} up to date in {seconds:.1f} s")
    return 0 if summary.ok else 1
