"""The store of the Node steps' files (book/extension/kept.py): what is kept is found again by
its key, whole; a second build keeping the same key changes nothing; the least recently used
entries beyond the limit go, and a found entry counts as used."""

from __future__ import annotations

import os

import pytest

from book.extension import kept


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("ML4A_BUILD_CACHE", str(tmp_path / "cache"))
    return tmp_path


def made_file(folder, name: str, text: str):
    path = folder / name
    path.write_text(text)
    return path


def test_a_kept_file_and_folder_are_found_whole_by_their_key(store):
    assert kept.find("minified", "a.js") is None
    kept.keep("minified", "a.js", made_file(store, "x.js", "let a=1;"))
    assert kept.find("minified", "a.js").read_text() == "let a=1;"
    sheets = store / "made"
    (sheets / "_static" / "styles").mkdir(parents=True)
    made_file(sheets / "_static" / "styles", "theme.css", "p{color:red}")
    kept.keep("purged", "k", sheets)
    assert (kept.find("purged", "k") / "_static" / "styles" / "theme.css").read_text() == (
        "p{color:red}"
    )
    assert not sheets.exists(), "what was made is moved into the store, not copied"
    assert sorted(p.name for p in (store / "cache" / "purged").iterdir()) == ["k"]


def test_keeping_a_key_twice_keeps_the_first_and_leaves_no_part(store):
    for text in ("first", "second"):
        folder = store / text
        folder.mkdir()
        made_file(folder, "sheet.css", text)
        kept.keep("purged", "same", folder)
    assert (kept.find("purged", "same") / "sheet.css").read_text() == "first"
    assert [p.name for p in (store / "cache" / "purged").iterdir()] == ["same"]


def test_the_least_recently_used_beyond_the_limit_go(store, monkeypatch):
    monkeypatch.setattr(kept, "KEEP", 3)
    for n in range(3):
        entry = kept.keep("minified", f"{n}.js", made_file(store, "m.js", str(n)))
        os.utime(entry, (n, n))  # kept in this order, a second apart
    assert kept.find("minified", "0.js") is not None  # used again: now the newest
    kept.keep("minified", "3.js", made_file(store, "m.js", "3"))
    left = sorted(p.name for p in (store / "cache" / "minified").iterdir())
    assert left == ["0.js", "2.js", "3.js"]
