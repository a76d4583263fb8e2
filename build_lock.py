"""One build at a time per clone: `make figures`, `make book` and `make serve`'s rebuilds take
the lock of the `_build` folder they write to, and a second one waits for the first, saying so.

Two builds at once would share the staging folder, the notebook caches and the figure files,
and the site swapped in could mix both (issue 23). The lock is an advisory `flock` on
`<build folder>/.lock`, released by the kernel when its holder ends, however it ends: a killed
build never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def one_build_at_a_time(folder: Path, what: str) -> Iterator[None]:
    """Hold `folder/.lock` while the block runs; wait (saying who holds it) if it is taken."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another build"
            print(
                f"{what}: waiting for {holder} to finish (one build at a time in {folder.name}/)",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(lock, fcntl.LOCK_EX)
        lock.seek(0)
        lock.truncate()
        lock.write(f"{what} (pid {os.getpid()})")
        lock.flush()
        try:
            yield
        finally:
            lock.seek(0)
            lock.truncate()
            fcntl.flock(lock, fcntl.LOCK_UN)
