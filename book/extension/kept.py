"""Files made by the build's slow Node steps (terser, PurgeCSS), kept by a hash of all they
read, and shared by every book and every build of the clone (both languages, `make serve`'s
builds, and the small books the tests build when they point `ML4A_BUILD_CACHE` here).

An entry is named by its key and holds exactly what the step would make again from the same
inputs, so a build that finds one gives the same bytes as a cold build. Entries appear in one
step (written beside, then renamed), a used one is touched, and the least recently used beyond
`KEEP` are removed after each new one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
KEEP = 64  # entries of each kind (a few builds' worth, for both languages)


def folder(kind: str) -> Path:
    """The kept entries of one kind of step: `$ML4A_BUILD_CACHE/kind`, or `_build/cache/kind`."""
    base = os.environ.get("ML4A_BUILD_CACHE") or PROJECT / "_build" / "cache"
    path = Path(base) / kind
    path.mkdir(parents=True, exist_ok=True)
    return path


def find(kind: str, key: str) -> Path | None:
    """The entry of `kind` kept for `key` (marked as just used), or None."""
    entry = folder(kind) / key
    try:
        os.utime(entry)
    except FileNotFoundError:
        return None
    return entry


def keep(kind: str, key: str, made: Path) -> Path:
    """Keep `made` (a file or a folder, moved) as the entry of `kind` for `key`; return it."""
    entry = folder(kind) / key
    part = entry.with_name(f"{key}.part-{os.getpid()}")
    shutil.move(made, part)
    try:
        os.replace(part, entry)
    except OSError:  # another build kept the same entry first: it holds the same bytes
        shutil.rmtree(part) if part.is_dir() else part.unlink()
    for old in sorted(entry.parent.iterdir(), key=last_used, reverse=True)[KEEP:]:
        if ".part-" not in old.name:
            shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(missing_ok=True)
    return entry


def last_used(entry: Path) -> float:
    """When `entry` was last kept or found (0 if another build has just removed it)."""
    try:
        return entry.stat().st_mtime
    except FileNotFoundError:
        return 0.0
