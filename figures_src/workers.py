"""Worker processes that never outlive the build that started them.

``pool(jobs)`` is a ``ProcessPoolExecutor`` whose workers end with their parent however it
ends: on SIGINT or SIGTERM the parent cancels what is queued and terminates its workers
(``stop``); if the parent is killed outright (SIGKILL), each worker notices within a moment
(Linux asks the kernel to signal it, ``PR_SET_PDEATHSIG``; everywhere a watchdog thread polls
``os.getppid()``) and exits. A worker killed mid-figure leaves only a temporary file, which
the next build removes.

The pool is started inside ``signals_held``: its helper threads then never take a stopping
signal, which the kernel may hand to any thread that does not block it; CPython runs the
handler only in the main thread, and does not wake it from a wait for a signal another thread
took, so the build would notice Ctrl-C only when the next figure finished.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

# Seconds between a worker's checks that its parent is still alive.
WATCHDOG_INTERVAL = 0.2
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
STOPPING_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class Terminated(Exception):
    """The build received SIGTERM."""


_received: set[int] = set()  # the stopping signals received inside `signals_raise`


def _raise_stop(signum: int, frame) -> None:
    """Signal handler: turn SIGTERM into ``Terminated`` and SIGINT into KeyboardInterrupt, so
    the build can stop its workers; and note the signal, in case the exception is raised where
    Python prints and ignores it (an at-fork callback, a ``__del__``): `raise_if_stopped`
    raises it again at the next safe point."""
    _received.add(signum)
    raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt


def raise_if_stopped() -> None:
    """Raise the exception of a stopping signal received inside `signals_raise`, if any."""
    if signal.SIGTERM in _received:
        raise Terminated
    if signal.SIGINT in _received:
        raise KeyboardInterrupt


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """Within the block, SIGTERM raises ``Terminated`` and Ctrl-C (SIGINT) KeyboardInterrupt in
    the main thread, instead of killing; SIGINT even when the process was started with it
    ignored (as some launchers start their children), so that Ctrl-C always stops the build."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _received.clear()
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    previous_int = signal.signal(signal.SIGINT, _raise_stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM wait, and are delivered when it ends. Threads and
    processes started inside inherit the block: threads keep it, so that these signals always
    reach the main thread; workers lift it as they start (``_init_worker``)."""
    if not hasattr(signal, "pthread_sigmask"):  # not POSIX
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _exit_if_orphaned(parent: int) -> None:
    """Watchdog loop of a worker: exit as soon as the parent is gone."""
    while True:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(WATCHDOG_INTERVAL)


def _init_worker(parent: int) -> None:
    """Set up a worker: default SIGTERM, no Ctrl-C traceback, and an end with its parent."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    if hasattr(signal, "pthread_sigmask"):  # forked inside `signals_held`
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING_SIGNALS)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the kernel was asked to tell us
        os._exit(1)
    threading.Thread(target=_exit_if_orphaned, args=(parent,), daemon=True).start()


def pool(jobs: int) -> ProcessPoolExecutor:
    """A process pool of ``jobs`` workers that end with this process. Submit its first jobs
    inside ``signals_held``: that is when it forks its workers and starts its threads."""
    return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(os.getpid(),))


def stop(executor: ProcessPoolExecutor) -> None:
    """Cancel every queued job and end the workers now, without waiting for running jobs."""
    executor.shutdown(wait=False, cancel_futures=True)
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
    executor.shutdown(wait=True)
