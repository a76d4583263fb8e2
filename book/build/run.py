"""Build the site strictly, a book per language side by side, print its PDFs, and swap it in.

    python -m book.build [--out DIR]
    python -m book.build --preview [--fresh]     (`make serve`'s build; see `preview`)
    python -m book.build --preview-worker --status-fd N      (`make serve`'s builder process)

Each language is a book of its own (`book/sources/books.py`), built by Sphinx in a process of its
own (a forked copy of the build's, Sphinx already imported), all at the same time. Warnings are
errors (`-W -n --keep-going`), a cell that raises fails the build, and a page with a fence that is
never closed fails it before anything runs. The books are then put together under `chapters/<lang>/`
with the site's front door at the root (`book/build/door.py`), the PDFs are printed from that into
it (`book/pdf/printing.py`: one per language, unchanged ones kept from the last build), and the
whole is exchanged for the last good site in one step, so there is never a moment without a site
(`_build/pdf` is a link to the live site's PDFs); a run interrupted by a kill is repaired by the
next one before it does anything else. The new site goes live before the PDFs are looked at,
offering the last PDFs (printing takes 5-10 s, and an author waits for the pages); it is exchanged
again once new PDFs are in it, and if they fail, the previous site comes back. A page's notebook
runs again only when code it uses changed (`pages/keys.py`), so editing prose re-executes nothing,
and the notebooks that must run are run side by side (`run_ahead.py`). Every build gives the same
files as a cold one, wherever the clone lies: a book's Sphinx starts afresh unless only the code
that its pages run changed since its last good build (`books.book_inputs`), when it reads again just
the pages whose code key changed (`page_keys.py`); a book whose sources did not change is not read
again at all, so a prose edit of a translation rebuilds that book alone (an edit of the source
language's pages rebuilds the translations too: each page says whether it is behind its source).
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import hashlib
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from book.build.style_bundle import StyleBundleError
from book.sources import books, fences, translations
from build_lock import one_build_at_a_time

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "_build"
# MyST-NB's notebook caches, one per book (the books are built at the same time, and
# jupyter-cache is not safe to share between processes); a page's code key is in its setup
# cell (book/extension/page_keys.py).
NOTEBOOK_CACHE = BUILD / ".jupyter_cache" / "pages"
PREVIEW = BUILD / "serve"  # `make serve`'s own builds (see `preview`)
# The build's temporary files: the PDFs' printing folder, Chromium's profile, the kernels'
# connection files (see `private_temporary_folder`).
TEMPORARY = BUILD / "tmp"
# The longest temporary folder used as it is: Chromium puts a socket in it, and a socket's path
# may not exceed 108 bytes; a deeper clone's is reached through a short link in the system's.
SHORT_PATH = 60
RENAME_EXCHANGE = 2  # from <linux/fs.h>
AT_FDCWD = -100


def fresh_static_files(site: Path) -> None:
    """Remove the static files that Sphinx copies, so that an incremental build copies them
    afresh: the build's last steps rewrite some of them in place (minified, in Korean, purged),
    and Sphinx does not copy over a file that differs. The listings' scripts, written page by
    page, stay for the pages that are not written again (`site_listings`)."""
    static = site / "_static"
    if static.is_dir():
        for path in static.iterdir():
            if path.name != "listings":
                shutil.rmtree(path) if path.is_dir() else path.unlink()


def prune_caches(keep: Path) -> None:
    """Remove other notebook caches beside ``keep`` (those of older versions of the build)."""
    for path in keep.parent.glob("*"):
        if path.is_dir() and path != keep:
            shutil.rmtree(path, ignore_errors=True)


def shown(path: Path) -> str:
    """A path for messages: relative to the repository when it lies inside it."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def toc_pages(root: Path = ROOT) -> list[Path]:
    """The Markdown files of every book (the pages the build reads), in `_toc.yml`'s order."""
    from contents import CHAPTERS, pages_by_language

    return [
        root / CHAPTERS / lang / f"{page}.md"
        for lang, pages in pages_by_language(root / "_toc.yml").items()
        for page in pages
    ]


def check_pages(root: Path = ROOT) -> list[str]:
    """`file:line: problem` for each page that is not UTF-8 text or whose fences swallow text
    (see book/sources/fences.py). (A page file that `_toc.yml` does not list is `contents`'s
    error.)"""
    problems = []
    listed = toc_pages(root)
    for page in listed:
        name = page.relative_to(root).as_posix()
        data = page.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            problems.append(
                f"{name}:{line}: not UTF-8 text ({error.reason} at byte {error.start}); "
                "save the file as UTF-8"
            )
            continue
        found = fences.problem(text)
        if found:
            problems.append(f"{name}:{found[0]}: {found[1]}")
    return problems


def pages_are_sound(out: Path, what: str) -> bool:
    """Check the pages and the tables of contents before anything runs; on a problem, print
    each (file:line: problem) and that `what` failed with the site in `out` unchanged."""
    from contents import ContentsError

    try:
        problems = check_pages()
    except ContentsError as error:
        problems = [str(error)]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"book: {what} FAILED; the site in {shown(out)} is unchanged.", file=sys.stderr)
    return not problems


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


class _Stop(Exception):
    """Carries the first failed copy out of `shutil.copytree`, which would go on and collect
    the failure of every later file (a full disk: one per file)."""


def _copy_or_stop(source: str, target: str) -> None:
    try:
        shutil.copy2(source, target)
    except OSError as error:  # named by the file it could not write (a full disk, read-only)
        raise _Stop(OSError(error.errno, error.strerror, error.filename2 or target)) from None


def copy_tree(source: Path, target: Path) -> None:
    """Copy `source` to `target` without dot-files, stopping at the first file that cannot be
    written (the OSError names it); a partial `target` is removed."""
    try:
        shutil.copytree(
            source,
            target,
            copy_function=_copy_or_stop,
            ignore=lambda folder, names: [n for n in names if n[0] == "."],
        )
    except _Stop as stop:
        shutil.rmtree(target, ignore_errors=True)
        raise stop.args[0] from None
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise


def could_not_write(error: OSError, out: Path) -> str:
    """The one-line message for a build that could not write a file."""
    where = error.filename or "a file"
    where = shown(Path(where)) if isinstance(where, (str, Path)) else where
    return (
        f"book: build FAILED: cannot write {where}: {error.strerror or error} (make room, or "
        f"make the folder writable, and run again). The site in {shown(out)} is unchanged."
    )


def swap_in(new: Path, target: Path, move: bool = False) -> None:
    """Replace `target` by `new` (a copy of it without dot-files, or `new` itself if `move`),
    never leaving a moment without a complete `target`.

    The replaced site is kept as `<target>.old` until the next swap-in, so that a reader
    who was half-way through a path when the names changed still finds its file.
    """
    fresh, old = _staging_names(target)
    recover(target)
    try:
        if not move:
            raise OSError(errno.EXDEV, "copy asked for")
        new.rename(fresh)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        copy_tree(new, fresh)  # asked for, or `new` is on another file system
        if move:
            shutil.rmtree(new)
    if not target.exists():
        fresh.rename(target)
    elif _exchange(fresh, target):
        fresh.rename(old)  # `fresh` now holds the replaced site
    else:  # no atomic exchange here: two renames, which `recover` repairs if interrupted
        target.rename(old)
        fresh.rename(target)


def private_temporary_folder(folder: Path = TEMPORARY) -> Path:
    """Send this build's temporary files, and its children's, to ``folder`` (emptied first:
    only one build at a time runs, so what is there was left by a build that was killed).

    Python's and Node's temporary folders (TMPDIR: the PDFs' printing folder, Playwright's
    Chromium profile) and Jupyter's runtime folder (the kernels' connection files, with their
    keys) all lie there, so a kill at any moment leaves nothing in the system's (but, for a
    clone whose path is long, the one link to ``folder`` it is reached by). Returns the folder
    as TMPDIR names it.
    """
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    seen_as = folder
    if len(str(folder)) > SHORT_PATH:  # Chromium's socket path would be too long (108 bytes)
        tempfile.tempdir = None
        name = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]
        seen_as = Path(tempfile.gettempdir()) / f"ml4a-{name}"  # one link per clone, no data
        seen_as.unlink(missing_ok=True)
        seen_as.symlink_to(folder, target_is_directory=True)
    os.environ["TMPDIR"] = str(seen_as)
    os.environ["JUPYTER_RUNTIME_DIR"] = str(folder / "jupyter")
    tempfile.tempdir = None  # ask again
    return seen_as


def kernel_environment() -> None:
    """Let the pages' kernels import the book's code, and draw without a display."""
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    os.environ.setdefault("MPLBACKEND", "Agg")


def build_book(lang: str, work: Path, preview: bool = False, fresh: bool = False) -> int:
    """Build one language's book into `work/html` with Sphinx (the build's child process for
    that language, or a forked copy of `make serve`'s worker). 0 on success.

    For `make book`: a cold build (the notebook cache keeps that quick) unless only the code
    that its pages run changed since its last good build. An incremental build after an edit of
    prose or of the site keeps residue of earlier builds (search terms of reverted edits,
    unused pictures, labels of pages not read again), so its site would differ from a cold
    build's. For the preview: incremental always, reading every page if `fresh`.
    """
    from jupyter_book.sphinx import build_sphinx

    work.mkdir(parents=True, exist_ok=True)
    last_inputs = work / ".site-inputs"
    inputs = books.book_inputs(lang)
    arguments = books.sphinx_arguments(lang, work, NOTEBOOK_CACHE / lang)
    if preview:
        failed = work / "failed"
        fresh = fresh or failed.exists()
        failed.touch()  # until this build has succeeded (a killed build counts as failed)
        status = build_sphinx(**arguments, freshenv=fresh)
        if status == 0:
            failed.unlink()
        return 1 if status else 0
    unchanged = (
        last_inputs.is_file()
        and last_inputs.read_text(encoding="utf-8") == inputs
        and all((work / folder).is_dir() for folder in ("html", ".doctrees"))
    )
    last_inputs.unlink(missing_ok=True)  # until this book is built
    if unchanged:
        fresh_static_files(work / "html")
        # Sphinx copies static files only when it writes a page: the landing page is always
        # written again, so that a build with nothing else to write still has them.
        (work / "html" / "index.html").unlink(missing_ok=True)
    else:
        for folder in ("html", ".doctrees", "jupyter_execute"):
            shutil.rmtree(work / folder, ignore_errors=True)
    start = time.perf_counter()
    status = build_sphinx(**arguments)
    if status != 0:
        return 1
    last_inputs.write_text(inputs, encoding="utf-8")
    kind = "incremental: the sources and settings are as before" if unchanged else "cold"
    print(f"book {lang}: built in {time.perf_counter() - start:.1f} s ({kind})", flush=True)
    return 0


def book_work(work: Path, lang: str) -> Path:
    """Where a language's book is built."""
    return work / "books" / lang


def in_forked_copy(task: Callable[[], int]) -> int:
    """Run `task` in a forked copy of this process, which exits with the status `task` returns
    (1 if it raised, after printing the traceback); the copy's process id."""
    sys.stdout.flush()
    sys.stderr.flush()
    child = os.fork()
    if child:
        return child
    code = 1
    try:
        code = task()
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def build_books(langs: list[str], work: Path) -> dict[str, int]:
    """Build each language's book in a process of its own, all at once: {lang: exit status}.

    Each is a forked copy of this process, which imports Sphinx, jupyter-book and the book's
    extensions once before (`preload_modules`): each book's process would otherwise spend about
    a second importing them. Each process's output is kept in `work/books/<lang>/build.log` and
    shown when it ends (the books' lines would otherwise interleave); if this process is
    stopped, so are they.
    """
    preload_modules()
    running = {}
    try:
        for lang in langs:
            folder = book_work(work, lang)
            folder.mkdir(parents=True, exist_ok=True)
            log = (folder / "build.log").open("w", encoding="utf-8")

            def build_into_log(lang=lang, folder=folder, log=log) -> int:
                os.dup2(log.fileno(), sys.stdout.fileno())
                os.dup2(log.fileno(), sys.stderr.fileno())
                kernel_environment()
                return build_book(lang, folder)

            running[lang] = (in_forked_copy(build_into_log), log)
        statuses = {}
        for lang, (child, log) in list(running.items()):
            _, outcome = os.waitpid(child, 0)
            del running[lang]
            statuses[lang] = os.waitstatus_to_exitcode(outcome)
            log.close()
            output = (book_work(work, lang) / "build.log").read_text(encoding="utf-8")
            stream = sys.stdout if statuses[lang] == 0 else sys.stderr
            trouble = statuses[lang] and disk_trouble(output)
            if trouble:  # every later file fails the same way: the first says it all
                for folder in ("html", ".doctrees", "jupyter_execute"):  # half-written
                    shutil.rmtree(book_work(work, lang) / folder, ignore_errors=True)
                output = f"book {lang}: cannot write: {trouble}\n"
            print(output, end="" if output.endswith("\n") else "\n", file=stream, flush=True)
        return statuses
    finally:
        for child, log in running.values():
            try:
                os.kill(child, signal.SIGTERM)
                os.waitpid(child, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            log.close()


DISK_TROUBLE = re.compile(rf"\[Errno (?:{errno.ENOSPC}|{errno.EROFS}|{errno.EDQUOT})\][^\n]*")


def disk_trouble(output: str) -> str | None:
    """The first report of a full disk or a read-only folder in a build's output, if any."""
    found = DISK_TROUBLE.search(re.sub(r"\x1b\[[0-9;]*m", "", output))
    return found.group(0).rstrip("')") if found else None


def assemble(work: Path, langs: list[str], site: Path) -> Path:
    """Put the site together in `site` (a fresh folder): each book at `chapters/<lang>/`, its
    pages linking one style sheet (`book/build/style_bundle.py`), the front door and the old
    addresses at the root (`book/build/door.py`). Dot-files are left out."""
    from book.build import door, style_bundle
    from contents import CHAPTERS

    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    try:
        for lang in langs:
            copy_tree(book_work(work, lang) / "html", site / CHAPTERS / lang)
            style_bundle.bundle_book(site / CHAPTERS / lang)
        door.write(site)
    except BaseException:
        shutil.rmtree(site, ignore_errors=True)
        raise
    return site


def build(out: Path, work: Path) -> int:
    """Build every language's book side by side, put the site together with its PDFs, and
    swap it into `out`."""
    from contents import LANGS

    repaired = recover(out)
    if repaired:
        print(f"book: {repaired}", file=sys.stderr)
    if not pages_are_sound(out, "build"):
        return 1
    prune_caches(NOTEBOOK_CACHE)
    start = time.perf_counter()
    statuses = build_books(list(LANGS), work)
    failed = [lang for lang, status in statuses.items() if status != 0]
    if failed:
        print(
            f"\nbook: build FAILED after {time.perf_counter() - start:.1f} s in the "
            f"{', '.join(failed)} book (see the errors above). The previous site in "
            f"{shown(out)} is unchanged.",
            file=sys.stderr,
        )
        return 1
    print(f"\nbook: books built in {time.perf_counter() - start:.1f} s")
    behind = translations.report()
    if behind:
        print(f"\n{behind}\n", file=sys.stderr)
    live_early = False
    printing = []  # holds True once a PDF must be printed again
    try:
        site = assemble(work, list(LANGS), work / "site")
        live_early = publish_with_last_pdfs(site, work / "pdf", out)
        if live_early:
            seconds = time.perf_counter() - start
            print(f"book: the site is live after {seconds:.1f} s, with the last PDFs", flush=True)
        if add_pdfs(site, work / "pdf", lambda: printing.append(True)) != 0:
            if live_early:
                step_back(out)
            return 1
        if live_early and not printing:  # the live site is this one, PDFs and all
            shutil.rmtree(site)
        else:
            swap_in(site, out, move=True)
            link_pdfs(out)
    except OSError as error:  # a full disk, a read-only folder
        shutil.rmtree(work / "site", ignore_errors=True)
        if live_early:
            step_back(out)
        recover(out)
        print(could_not_write(error, out), file=sys.stderr)
        return 1
    except StyleBundleError as error:  # raised by assemble, before anything is live
        shutil.rmtree(work / "site", ignore_errors=True)
        print(f"book: {error}. The previous site in {shown(out)} is unchanged.", file=sys.stderr)
        return 1
    print(f"book: built in {time.perf_counter() - start:.1f} s -> {shown(out)}/index.html")
    return 0


def publish_with_last_pdfs(site: Path, printed_last: Path, out: Path) -> bool:
    """Swap into `out` a copy of the new `site` that offers the last printed PDFs (in its
    download menus, with their sizes), so that the new pages are live while the new PDFs
    print. False, and nothing done, if a language has no PDF printed yet (a first build)."""
    from book.extension import downloads
    from contents import LANGS

    last = {lang: printed_last / downloads.pdf_name(lang, ROOT) for lang in LANGS}
    if not all(path.is_file() for path in last.values()):
        return False
    first = site.with_name(site.name + "-first")
    shutil.rmtree(first, ignore_errors=True)
    copy_tree(site, first)
    folder = first / downloads.SITE_FOLDER
    folder.mkdir(exist_ok=True)
    for path in last.values():
        shutil.copyfile(path, folder / path.name)
    downloads.label_sizes(first, {lang: path.stat().st_size for lang, path in last.items()})
    swap_in(first, out, move=True)
    link_pdfs(out)
    return True


def step_back(target: Path) -> None:
    """Bring back the site that the last swap-in replaced (kept as `<target>.old`), in one
    step: after a build that went live before its PDFs and then failed to print them."""
    fresh, old = _staging_names(target)
    if not old.is_dir():
        return
    if not _exchange(old, target):
        target.rename(fresh)
        old.rename(target)
        fresh.rename(old)
    print(f"book: the previous site is back in {shown(target)}", file=sys.stderr)


def preview(out: Path, work: Path, fresh: bool = False) -> int:
    """`make serve`'s build: quick, for the author's eyes only, never published.

    Unlike `build`, each book is built incrementally, in a folder of its own
    (`_build/serve/work`), so a prose edit re-reads only the page that changed and executes
    nothing (the notebook cache, `make book`'s own, keys on the code cells). The PDFs are not
    printed (the download menu offers those of the last `make book`) and the style sheets are
    not purged (PurgeCSS takes 0.7 s; `tests/test_purged_css.py` shows that pages look the same
    with the full sheets). An edit of the code that pages run reads again the pages whose code
    key changed (`page_keys.py`). `fresh` reads every page again: after an edit of the build's
    code or configuration, whose effect on the pages Sphinx cannot see, and after a failed
    build, whose failing pages it would not read again. The books are built side by side, each
    by a forked copy of this process. A good build is swapped into `out`; after a failed one
    `out` is unchanged and the next build is fresh.
    """
    from contents import LANGS

    if not pages_are_sound(out, "preview"):
        return 1
    kernel_environment()
    keep_full_style_sheets()
    start = time.perf_counter()
    children = {
        lang: in_forked_copy(
            lambda lang=lang: build_book(lang, book_work(work, lang), preview=True, fresh=fresh)
        )
        for lang in LANGS
    }
    failed = []
    for lang, child in children.items():
        _, outcome = os.waitpid(child, 0)
        if os.waitstatus_to_exitcode(outcome) != 0:
            failed.append(lang)
    if failed:
        print(
            f"\nbook: preview FAILED after {time.perf_counter() - start:.1f} s in the "
            f"{', '.join(failed)} book (see the errors above). The site in {shown(out)} is "
            "unchanged.",
            file=sys.stderr,
        )
        return 1
    try:
        site = assemble(work, list(LANGS), work / "site")
        offer_last_pdfs(site)
        swap_in(site, out, move=True)
    except OSError as error:  # a full disk, a read-only folder
        shutil.rmtree(work / "site", ignore_errors=True)
        recover(out)
        print(could_not_write(error, out), file=sys.stderr)
        return 1
    except StyleBundleError as error:
        shutil.rmtree(work / "site", ignore_errors=True)
        print(f"book: {error}. The site in {shown(out)} is unchanged.", file=sys.stderr)
        return 1
    kind = "fresh" if fresh else "incremental"
    print(f"book: preview built ({kind}) in {time.perf_counter() - start:.1f} s -> {shown(out)}")
    return 0


def preview_worker(out: Path, work: Path, status_fd: int) -> int:
    """`make serve`'s builder: the build's modules imported once, then, for each line on stdin
    ("fresh" or "incremental"), a preview built by a forked copy of this process, whose exit
    status is written as a line to `status_fd`.

    This saves each build the 0.6-0.8 s of CPU that importing Sphinx, jupyter-book and the
    extensions takes. The modules are those of the code when the worker started, so serve
    starts a new one after an edit of code (and builds that edit without it).
    """
    preload_modules()
    child = 0

    def stop(*_) -> None:
        if child:
            os.kill(child, signal.SIGTERM)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches serve, which ends the worker
    with os.fdopen(status_fd, "w", buffering=1) as status:
        for line in sys.stdin:

            def build_preview(fresh: bool = line.strip() == "fresh") -> int:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                with one_build_at_a_time(BUILD, "make serve's build"):
                    return preview(out, work, fresh=fresh)

            child = in_forked_copy(build_preview)
            _, outcome = os.waitpid(child, 0)
            child = 0
            status.write(f"{os.waitstatus_to_exitcode(outcome)}\n")
    return 0


# Modules a book's build imports only once it runs, besides Sphinx's built-in extensions:
# MyST-NB's Sphinx part (its `setup` imports it, with the notebook cache's database and
# IPython), the notebook client, and numpy (the pages' code, whose keys the build reads, imports
# it). None of them is the book's own code, which a preview must read afresh after an edit.
LOADED_WHEN_RUN = ("myst_nb.sphinx_ext", "nbclient", "numpy")


def preload_modules() -> None:
    """Import what a build imports: jupyter-book, Sphinx, every extension the book loads, and
    what they import once they run (`LOADED_WHEN_RUN`: once here rather than in each book's
    process, about 0.45 core-seconds a build of two books)."""
    import importlib

    import sphinx.builders.html  # noqa: F401 (imported for the forked builds)
    from jupyter_book.config import get_final_config
    from jupyter_book.sphinx import build_sphinx  # noqa: F401 (likewise)
    from sphinx.application import builtin_extensions

    config, _ = get_final_config(
        user_yaml=ROOT / "_config.yml",
        cli_config={"latex_individualpages": False},
        sourcedir=books.source_dir(books.SOURCE_LANG),
        use_external_toc=True,
    )
    for name in (*builtin_extensions, *config.get("extensions", []), *LOADED_WHEN_RUN):
        importlib.import_module(name)


def keep_full_style_sheets() -> None:
    """Leave out the purge of unused CSS (Node, 3 s a build) from this process's builds."""
    from book.extension import site_weight  # the module the extension registers hooks from

    site_weight.purge_unused_css = lambda app, exception: None


def offer_last_pdfs(site: Path) -> None:
    """Put the PDFs of the last `make book` where the download menus point, if any."""
    from book.extension import downloads

    folder = site / downloads.SITE_FOLDER
    for printed in sorted((BUILD / "pdf").glob("*.pdf")):
        copy = folder / printed.name
        if not copy.exists() or copy.stat().st_mtime < printed.stat().st_mtime:
            folder.mkdir(exist_ok=True)
            shutil.copy2(printed, copy)


def add_pdfs(site: Path, printed_last: Path, before_printing=None) -> int:
    """Print the book's PDFs from the new site (unchanged ones are kept in `printed_last`, with
    the keys of what they were printed from) and put them where its download menus point,
    before the site is swapped in; ``before_printing`` is called if any must be printed."""
    from book.extension import downloads
    from book.pdf import document, printing

    older = BUILD / "pdf"  # before it was a link, the PDFs were printed there
    if older.is_dir() and not older.is_symlink() and not printed_last.exists():
        printed_last.parent.mkdir(parents=True, exist_ok=True)
        older.rename(printed_last)
    try:
        printed = printing.build(site, printed_last, root=ROOT, before_printing=before_printing)
    except (printing.PdfBuildError, document.PdfSourceError) as error:
        print(
            f"\nbook: the PDFs FAILED: {error}\nThe previous site is unchanged.",
            file=sys.stderr,
        )
        return 1
    folder = site / downloads.SITE_FOLDER
    folder.mkdir(exist_ok=True)
    for stale in set(folder.glob("*.pdf")) - {folder / path.name for path in printed.values()}:
        stale.unlink()
    for path in printed.values():
        shutil.copyfile(path, folder / path.name)
    downloads.label_sizes(site, {lang: path.stat().st_size for lang, path in printed.items()})
    return 0


def link_pdfs(out: Path) -> None:
    """Make `pdf` beside the site a link to the site's PDFs, so that it always holds those the
    live site offers (`make pdf`'s output, swapped in with the site)."""
    from book.extension import downloads

    link = out.with_name("pdf")
    target = Path(out.name) / downloads.SITE_FOLDER
    if link.is_symlink() and Path(os.readlink(link)) == target:
        return
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)
    staged = out.with_name(".pdf.link")
    staged.unlink(missing_ok=True)
    staged.symlink_to(target, target_is_directory=True)
    os.replace(staged, link)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="where the site goes (default: _build/html)")
    parser.add_argument("--work", type=Path, default=None, help="staging folder")
    parser.add_argument("--preview", action="store_true", help="`make serve`'s quick build")
    parser.add_argument("--fresh", action="store_true", help="(--preview) read every page")
    parser.add_argument("--preview-worker", action="store_true", help="`make serve`'s builder")
    parser.add_argument("--status-fd", type=int, help="(--preview-worker) where statuses go")
    args = parser.parse_args(argv)
    if args.fresh and not args.preview:
        parser.error("--fresh goes with --preview")
    if args.preview_worker and args.status_fd is None:
        parser.error("--preview-worker needs --status-fd")
    if args.preview or args.preview_worker:
        out, work = args.out or PREVIEW / "html", args.work or PREVIEW / "work"
        if args.preview_worker:
            private_temporary_folder(PREVIEW / "tmp-worker")
            return preview_worker(out.resolve(), work.resolve(), args.status_fd)
        with one_build_at_a_time(BUILD, "make serve's build"):
            private_temporary_folder(PREVIEW / "tmp")
            return preview(out.resolve(), work.resolve(), fresh=args.fresh)
    out, work = args.out or BUILD / "html", args.work or BUILD / "work"
    with one_build_at_a_time(BUILD, "make book"):
        private_temporary_folder()
        return build(out.resolve(), work.resolve())
