"""Every build of the book gives the files of a cold build: after an edit, after an edit of
only the code a page runs, after nothing, in a clone elsewhere, and when two builds run at once
(a module of its own, with its own small book, so that it runs beside `test_book_build.py`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_book_build import CODE_PAGE, build, good_pages, make_small_book, page, tree_hash


@pytest.fixture(scope="module")
def small_book(tmp_path_factory) -> Path:
    """A two-language book of one page each, sharing the project's build code and config."""
    return make_small_book(tmp_path_factory.mktemp("book"))


@pytest.mark.slow
def test_every_build_gives_the_files_of_a_cold_build_wherever_the_clone_lies(small_book, tmp_path):
    site = small_book / "_build" / "html"  # (the edit's build below is a cold one)
    path = small_book / "chapters" / "en" / "01_page.md"
    path.write_text(path.read_text().replace("Some prose.", "Some prose about zyzzyvaquux."))
    edited = build(small_book)
    assert edited.returncode == 0, edited.stderr[-3000:]
    index = site / "chapters" / "en" / "searchindex.js"
    assert "zyzzyvaquux" in index.read_text(encoding="utf-8")

    # Pages that run the book's code replace it: the edit leaves the search index. Then an
    # edit of only the code a page runs: an incremental build, which reads and executes again
    # just the pages that run it.
    for lang in ("en", "ko"):
        (small_book / "chapters" / lang / "01_page.md").write_text(page("Page", CODE_PAGE))
    (small_book / "pages" / "answer.py").write_text("ANSWER = 42\n")
    assert build(small_book).returncode == 0
    assert "zyzzyvaquux" not in index.read_text(encoding="utf-8")
    (small_book / "pages" / "answer.py").write_text("ANSWER = 43  # an edit of code only\n")
    code_edit = build(small_book)
    assert code_edit.returncode == 0, code_edit.stderr[-3000:]
    # Each book runs its one page again (a book's pages run side by side when there are two).
    assert code_edit.stdout.count("(incremental: the sources and settings are as before)") == 2
    assert (code_edit.stdout + code_edit.stderr).count("Executed notebook") == 2, code_edit.stdout
    for lang in ("en", "ko"):
        assert "43" in (site / "chapters" / lang / "01_page.html").read_text(encoding="utf-8")
    before = tree_hash(site)
    nothing = build(small_book)  # nothing changed: an incremental build that reads no page
    assert nothing.returncode == 0, nothing.stdout[-3000:] + nothing.stderr[-3000:]
    assert "(incremental" in nothing.stdout and "Executed" not in nothing.stdout
    assert tree_hash(site) == before

    # A cold build of the same sources in a clone elsewhere (notebook cache included).
    clone = tmp_path / "another" / "place" / "for" / "the" / "clone"
    shutil.copytree(
        small_book, clone, symlinks=True, ignore=shutil.ignore_patterns("html*", "work")
    )
    cold = build(clone)
    assert cold.returncode == 0, cold.stderr[-3000:]
    assert tree_hash(clone / "_build" / "html") == tree_hash(site)
    assert not [p for p in site.rglob(".*")], "the site holds dot-files"
    assert "(cold)" in cold.stdout
    (small_book / "pages" / "answer.py").unlink()


def test_two_builds_at_once_take_turns_and_publish_a_cold_build(small_book, tmp_path):
    """A second `make book` waits for the first, saying so; the site is a cold build's."""
    good_pages(small_book)  # (the first of the two builds is a cold one)
    site = small_book / "_build" / "html"
    path = small_book / "chapters" / "en" / "01_page.md"
    original = path.read_text()
    path.write_text(original.replace("Some prose.", "Some prose, edited."))
    try:
        env = {**os.environ, "PYTHONPATH": str(small_book)}
        first = subprocess.Popen(
            [sys.executable, "-m", "book.build"],
            cwd=small_book,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        lock = small_book / "_build" / ".lock"
        while time.monotonic() < deadline and not (lock.exists() and lock.read_text()):
            time.sleep(0.05)  # the first holds the lock
        second = build(small_book)
        out, err = first.communicate(timeout=300)
        assert first.returncode == 0, err[-3000:]
        assert second.returncode == 0, second.stderr[-3000:]
        assert "make book: waiting for make book (pid" in second.stderr
        clone = tmp_path / "clone"
        shutil.copytree(
            small_book, clone, symlinks=True, ignore=shutil.ignore_patterns("html*", "work")
        )
        cold = build(clone)
        assert cold.returncode == 0, cold.stderr[-3000:]
        assert tree_hash(clone / "_build" / "html") == tree_hash(site)
    finally:
        path.write_text(original)
