"""Build the site strictly into a staging folder, print its PDFs, and swap it into `_build/html`.

    python book/build.py [--out DIR]

Warnings are errors (`-W -n --keep-going`), a cell that raises fails the build, and the last
good site stays where it was until a new one has been built completely, its PDFs included
(`book/pdf.py`: one per language, also kept in `_build/pdf/`). The notebook cache is
keyed by the hash of `lib/` and `figures_src/`, so editing the library re-executes the pages
while editing prose re-executes nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"


def code_hash(root: Path = ROOT) -> str:
    """A short hash of the code that the pages execute: lib/ and figures_src/."""
    digest = hashlib.sha256()
    for folder in ("lib", "figures_src"):
        for path in sorted((root / folder).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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
    """Remove notebook caches of older versions of the code."""
    for path in keep.parent.glob("*"):
        if path.is_dir() and path != keep:
            shutil.rmtree(path, ignore_errors=True)


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by a copy of `new`, never leaving a half-written `target`."""
    fresh = target.with_name(target.name + ".new")
    old = target.with_name(target.name + ".old")
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(new, fresh)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def build(out: Path, work: Path) -> int:
    """Run jupyter-book's Sphinx build into `work`, then swap the result into `out`."""
    from jupyter_book.sphinx import build_sphinx

    cache = BUILD / ".jupyter_cache" / code_hash()
    prune_caches(cache)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    os.environ.setdefault("MPLBACKEND", "Agg")
    # Sphinx copies every static file on every build; starting from none drops stale ones.
    shutil.rmtree(work / "html" / "_static", ignore_errors=True)
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
            f"page and the cell). The previous site in {out.relative_to(ROOT)} is unchanged.",
            file=sys.stderr,
        )
        return 1
    print(f"\nbook: site built in {seconds:.1f} s")
    if add_pdfs(work / "html") != 0:
        return 1
    swap_in(work / "html", out)
    seconds = time.perf_counter() - start
    print(f"book: built in {seconds:.1f} s -> {out.relative_to(ROOT)}/index.html")
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
            f"\nbook: the PDFs FAILED: {error}\nThe previous site in _build/html is unchanged.",
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
