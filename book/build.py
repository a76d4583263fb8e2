"""Build the site strictly into a staging folder, print its PDFs, and swap it into `_build/html`.

    python book/build.py [--out DIR]

Warnings are errors (`-W -n --keep-going`), a cell that raises fails the build, and a page with
a fence that is never closed fails it before anything runs. The last good site stays where it
was until a new one has been built completely, its PDFs included (`book/pdf.py`: one per
language, also kept in `_build/pdf/`), and is then exchanged for it in one step, so there is
never a moment without a site; a run interrupted by a kill is repaired by the next one before it
does anything else. A page's notebook runs again only when code it uses changed
(`pages/keys.py`: the figures it shows, the numbers it quotes, `lib`), so editing prose
re-executes nothing. Sphinx itself starts afresh every time, so that every build gives the same
files as a cold one, wherever the clone lies.
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import hashlib
import os
import shutil
import sys
import time
from pathlib import Path

import yaml

if __package__:  # imported as book.build
    from . import fences
else:  # run as `python book/build.py`, with book/ first on the path
    import fences

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
RENAME_EXCHANGE = 2  # from <linux/fs.h>
AT_FDCWD = -100


def site_code_hash(root: Path = ROOT) -> str:
    """A short hash of the code that writes the pages: the Sphinx extension, its templates and
    static files (`book/`, less its Node modules).

    Sphinx rewrites only the pages whose source changed, so an edit of the extension (the
    download menu, say) or of a style sheet (whose address carries its checksum) would reach
    only some pages; as an "html" setting (`ml4a_site_code`), the hash makes it rewrite them all.
    """
    digest = hashlib.sha256()
    for path in sorted((root / "book").rglob("*")):
        if path.is_file() and "node_modules" not in path.parts and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prune_caches(keep: Path) -> None:
    """Remove other notebook caches beside ``keep`` (those of older versions of the build)."""
    for path in keep.parent.glob("*"):
        if path.is_dir() and path != keep:
            shutil.rmtree(path, ignore_errors=True)


def shown(path: Path) -> str:
    """A path for messages: relative to the repository when it lies inside it."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def toc_pages(root: Path = ROOT) -> list[Path]:
    """The Markdown files that `_toc.yml` lists (the pages the build reads)."""
    files: list[str] = []

    def collect(entry) -> None:
        if isinstance(entry, dict):
            for key, value in entry.items():
                if key in ("root", "file") and isinstance(value, str):
                    files.append(value)
                else:
                    collect(value)
        elif isinstance(entry, list):
            for item in entry:
                collect(item)

    collect(yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8")))
    return [root / f"{name}.md" for name in files if (root / f"{name}.md").exists()]


def check_pages(root: Path = ROOT) -> list[str]:
    """`file:line: problem` for each page whose fences swallow text (see book/fences.py)."""
    problems = []
    for page in toc_pages(root):
        found = fences.problem(page.read_text(encoding="utf-8"))
        if found:
            problems.append(f"{page.relative_to(root).as_posix()}:{found[0]}: {found[1]}")
    return problems


def _exchange(a: Path, b: Path) -> bool:
    """Swap the names of two directories in one step (Linux's renameat2); False if unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def _staging_names(target: Path) -> tuple[Path, Path]:
    """The folders a swap-in uses next to `target`: the new copy, and the old site."""
    return target.with_name(target.name + ".new"), target.with_name(target.name + ".old")


def recover(target: Path) -> str | None:
    """Repair what an interrupted swap-in left: bring back the last good site if `target` is
    missing, and remove leftover copies. Returns what was done, if anything."""
    fresh, old = _staging_names(target)
    done = None
    if not target.exists() and old.is_dir():
        old.rename(target)
        done = f"restored the last good site in {shown(target)} (a swap-in had been interrupted)"
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    return done


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by a copy of `new` (without dot-files), never leaving a moment
    without a complete `target`.

    The replaced site is kept as `<target>.old` until the next swap-in, so that a reader
    who was half-way through a path when the names changed still finds its file.
    """
    fresh, old = _staging_names(target)
    recover(target)
    shutil.copytree(new, fresh, ignore=lambda folder, names: [n for n in names if n[0] == "."])
    if not target.exists():
        fresh.rename(target)
    elif _exchange(fresh, target):
        fresh.rename(old)  # `fresh` now holds the replaced site
    else:  # no atomic exchange here: two renames, which `recover` repairs if interrupted
        target.rename(old)
        fresh.rename(target)


def build(out: Path, work: Path) -> int:
    """Run jupyter-book's Sphinx build into `work`, then swap the result into `out`."""
    from jupyter_book.sphinx import build_sphinx

    repaired = recover(out)
    if repaired:
        print(f"book: {repaired}", file=sys.stderr)
    problems = check_pages()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"book: build FAILED; the site in {shown(out)} is unchanged.", file=sys.stderr)
        return 1
    cache = BUILD / ".jupyter_cache" / "pages"
    prune_caches(cache)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    os.environ.setdefault("MPLBACKEND", "Agg")
    # Every build is a cold Sphinx build (the notebook cache keeps it quick): an incremental
    # one keeps residue of earlier builds (search terms of reverted edits, unused pictures,
    # labels of pages not read again), so its site would differ from a cold build's.
    for folder in ("html", ".doctrees", "jupyter_execute"):
        shutil.rmtree(work / folder, ignore_errors=True)
    start = time.perf_counter()
    status = build_sphinx(
        str(ROOT),
        str(work / "html"),
        doctreedir=str(work / ".doctrees"),
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides={
            "nb_execution_cache_path": str(cache),
            "nitpicky": True,
            "latex_individualpages": False,
            "ml4a_site_code": site_code_hash(),
        },
        warningiserror=True,
        keep_going=True,
    )
    seconds = time.perf_counter() - start
    if status != 0:
        print(
            f"\nbook: build FAILED after {seconds:.1f} s (see the errors above: each names the "
            f"page and the cell). The previous site in {shown(out)} is unchanged.",
            file=sys.stderr,
        )
        return 1
    print(f"\nbook: site built in {seconds:.1f} s")
    if add_pdfs(work / "html") != 0:
        return 1
    swap_in(work / "html", out)
    seconds = time.perf_counter() - start
    print(f"book: built in {seconds:.1f} s -> {shown(out)}/index.html")
    return 0


def add_pdfs(site: Path) -> int:
    """Print the book's PDFs from the new site (unchanged ones are kept from `_build/pdf/`)
    and put them where its download menus point, before the site is swapped in."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from book import pdf, pdf_document, pdf_names

    try:
        printed = pdf.build(site, BUILD / "pdf", root=ROOT)
    except (pdf.PdfBuildError, pdf_document.PdfSourceError) as error:
        print(
            f"\nbook: the PDFs FAILED: {error}\nThe previous site is unchanged.",
            file=sys.stderr,
        )
        return 1
    folder = site / pdf_names.SITE_FOLDER
    folder.mkdir(exist_ok=True)
    for stale in set(folder.glob("*.pdf")) - {folder / path.name for path in printed.values()}:
        stale.unlink()
    for path in printed.values():
        shutil.copyfile(path, folder / path.name)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=BUILD / "html", help="where the site goes")
    parser.add_argument("--work", type=Path, default=BUILD / "work", help="staging folder")
    args = parser.parse_args(argv)
    return build(args.out.resolve(), args.work.resolve())


if __name__ == "__main__":
    sys.exit(main())
