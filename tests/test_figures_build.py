"""The figure build as a program: its command line, interruptions and signals (no half-written
file, no worker outliving it) and its one-line errors for folders it cannot write."""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from figures_src import build, registry, workers
from tests.figure_files import PICTURES, decode, final_files

ROOT = Path(__file__).resolve().parent.parent
NAMES = list(registry.FIGURES)


def quiet(*args, **kwargs):
    """A log function that drops the progress lines."""


def run_cli(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "figures_src", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def test_unknown_figure_exits_2_listing_names(tmp_path):
    result = run_cli("no_such_figure", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "no_such_figure" in result.stderr
    assert all(name in result.stderr for name in NAMES)


@pytest.mark.parametrize("args", [("--lang", "fr"), ("--jobs", "0"), ("--jobs", "many")])
def test_bad_options_are_argparse_errors(args, tmp_path):
    result = run_cli(*args, "--out", str(tmp_path))
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_list_and_progress_lines(tmp_path):
    listing = run_cli("--list")
    rows = [line.split() for line in listing.stdout.splitlines()]
    assert listing.returncode == 0 and [row[0] for row in rows] == NAMES
    assert [tuple(row[2:]) for row in rows] == [spec.layouts for spec in registry.FIGURES.values()]
    result = run_cli("small_nets", "--lang", "ko", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert re.search(r"built\s+ko/small_nets\s+[\d.]+ s", result.stdout)
    summary = r"figures: 1 built, 0 copied, 0 up to date, 0 failed in [\d.]+ s"
    assert re.search(summary, result.stdout)
    env = {**os.environ, "FIGURES_OUT": str(tmp_path)}
    again = run_cli("small_nets", "--lang", "ko", env=env)
    assert "figures: 0 built, 0 copied, 1 up to date, 0 failed" in again.stdout


def test_ensure_builds_one_figure_in_process(tmp_path):
    paths = build.ensure("small_nets", "ko", out=tmp_path)
    assert [p.name for p in paths] == [
        "small_nets.png",
        "small_nets.dark.png",
        "small_nets.narrow.png",
        "small_nets.narrow.dark.png",
        "small_nets.json",
    ]
    assert all(p.exists() for p in paths)
    stamp = paths[0].stat().st_mtime_ns
    assert build.ensure("small_nets", "ko", out=tmp_path) == paths
    assert paths[0].stat().st_mtime_ns == stamp  # up to date: not redrawn
    assert final_files(tmp_path) == sorted(paths)


@pytest.mark.draws
def test_interrupted_build_leaves_decodable_files(tmp_path):
    # A few pictures in one language (Korean, with its own font) are enough to interrupt: every
    # file, a picture's or an animation's, is written by the same atomic move
    # (`figures_src/build.py`), and `test_figures.py` draws the sample's animation.
    names, lang = PICTURES, "ko"
    out = tmp_path / "figs"
    (out / lang).mkdir(parents=True)
    stray = out / lang / ".dropout.png.tmp-999999999"
    stray.write_bytes(b"half a file")
    command = [*names, "--lang", lang, "--force", "--jobs", "2", "--out", str(out)]
    process = subprocess.Popen(
        [sys.executable, "-m", "figures_src", *command],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while len(final_files(out)) < 4 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    survivors = final_files(out)
    expected = {p for name in names for p in build.output_paths(name, lang, out)}
    assert survivors, "the build was killed before writing anything"
    assert set(survivors) < expected, "the build ended before the kill: nothing was interrupted"
    for path in survivors:
        decode(path)  # complete files only: a truncated one would not decode
    summary = build.build(names, langs=[lang], out=out, jobs=2, log=quiet)
    assert summary.ok
    assert set(final_files(out)) == expected
    for path in expected:
        decode(path)
    assert not list(out.rglob("*.tmp-*"))


# --------------------------------------------------------------- no worker outlives the build


def child_pids(pid: int) -> list[int]:
    """Processes whose parent is `pid` (read from /proc)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def running(pid: int) -> bool:
    """True while process `pid` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize(
    "sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=lambda s: s.name
)
def test_workers_end_with_their_parent(sig, tmp_path):
    """`python -m figures_src` killed while its workers draw: no worker survives it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "figures_src", "--force", "--jobs", "2", "--out", str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while len(workers := child_pids(process.pid)) < 2:
            assert process.poll() is None and time.monotonic() < deadline, "no workers started"
            time.sleep(0.02)
        drawn = len(final_files(tmp_path))
        os.kill(process.pid, sig)
        process.wait(timeout=60)
        deadline = time.monotonic() + 10
        while any(running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        survivors = [pid for pid in workers if running(pid)]
        assert not survivors, f"workers {survivors} outlived their parent ({sig!s})"
        # Stopped, not finished: at most the two figures being drawn were completed.
        assert len(final_files(tmp_path)) - drawn <= 4, "the build went on after the signal"
        if sig != signal.SIGKILL:
            assert "interrupted" in process.stderr.read()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def test_a_signal_whose_exception_was_swallowed_still_stops_the_build():
    """Python's at-fork callbacks print and ignore an exception raised in them: a SIGTERM that
    arrives while a worker is forked is raised again at the build's next check."""
    with workers.signals_raise():
        with contextlib.suppress(workers.Terminated):  # as the at-fork callbacks do
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)  # the handler raises here
        with pytest.raises(workers.Terminated):
            workers.raise_if_stopped()
    with workers.signals_raise():
        workers.raise_if_stopped()  # a new build starts with none


def blocked_stopping_signals(status: Path) -> set[str]:
    """The stopping signals a thread blocks, read from its /proc status file."""
    line = next(x for x in status.read_text().splitlines() if x.startswith("SigBlk:"))
    mask = int(line.split()[1], 16)
    return {s.name for s in workers.STOPPING_SIGNALS if mask >> (s - 1) & 1}


def _own_blocked_signals() -> set[str]:
    """A pool job: the stopping signals this worker blocks."""
    return blocked_stopping_signals(Path("/proc/thread-self/status"))


@pytest.mark.skipif(not Path("/proc/thread-self").exists(), reason="reads threads from /proc")
def test_stopping_signals_reach_the_main_thread_and_the_workers():
    """The kernel may hand a process's signal to any thread that does not block it, and CPython
    does not wake the main thread for one another thread took: the pool's threads must block
    Ctrl-C and SIGTERM. Its workers must not: they end on the SIGTERM of `workers.stop`."""
    tasks = Path("/proc/self/task")
    before = {t.name for t in tasks.iterdir()}  # pytest's own threads among them
    pool = workers.pool(2)
    try:
        with workers.signals_held():
            futures = [pool.submit(_own_blocked_signals) for _ in range(4)]
        assert [f.result(timeout=60) for f in futures] == [set()] * 4
        started = [t for t in tasks.iterdir() if t.name not in before]
        assert len(started) >= 2, "the pool started its threads"
        assert blocked_stopping_signals(tasks / str(os.getpid()) / "status") == set()
        for thread in started:
            assert blocked_stopping_signals(thread / "status") == {"SIGINT", "SIGTERM"}
    finally:
        pool.shutdown()


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="reads processes from /proc")
def test_a_worker_forked_while_signals_are_held_starts_with_them_held():
    """A SIGTERM that reaches a worker during its at-fork callbacks, whose exceptions Python
    ignores, waits until `_init_worker` has made SIGTERM end the worker."""
    read, write = os.pipe()
    with workers.signals_held():
        pid = os.fork()
        if pid == 0:  # the child: report the signals it starts with blocked
            os.write(
                write,
                " ".join(sorted(blocked_stopping_signals(Path("/proc/self/status")))).encode(),
            )
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        assert pipe.read() == "SIGINT SIGTERM"
    os.waitpid(pid, 0)
    assert blocked_stopping_signals(Path("/proc/self/status")) == set(), "the block is lifted"


def test_unwritable_output_folder_is_one_line_before_any_drawing(tmp_path):
    in_the_way = tmp_path / "a_file"
    in_the_way.write_text("not a folder")
    result = run_cli("--out", str(in_the_way / "figures"))
    assert result.returncode == 1
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        f"error: cannot write {in_the_way / 'figures' / 'en'}: Not a directory"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to any folder")
def test_read_only_output_folder_is_one_line(tmp_path):
    out = tmp_path / "figures"
    (out / "en").mkdir(parents=True)
    (out / "en").chmod(0o555)
    try:
        result = run_cli("small_nets", "--out", str(out))
    finally:
        (out / "en").chmod(0o755)
    assert result.returncode == 1
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: cannot write {out / 'en'}: Permission denied")


def test_a_full_disk_stops_the_build_at_the_first_figure_it_cannot_write(tmp_path, monkeypatch):
    """A disk that fills up while drawing (simulated: every write of a figure file fails as a
    full disk does) stops the build with one error naming the file, leaves no temporary file,
    and draws nothing more."""
    import errno

    out = tmp_path / "figures"
    started = []
    real_render = build.render

    def counted_render(name, lang):
        started.append((name, lang))
        return real_render(name, lang)

    def full(path, data):
        if path.parent.parent == out:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_write(path, data)

    real_write = Path.write_bytes
    monkeypatch.setattr(build, "render", counted_render)
    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(build.OutputFolderError) as raised:
        build.build(["small_nets", "lin_reg_scatter"], ("en", "ko"), jobs=1, out=out)
    message = str(raised.value)
    assert message.startswith(f"cannot write {out / 'en'}/small_nets")
    assert "No space left on device" in message and "\n" not in message
    assert started == [("small_nets", "en")], "drawing went on after the disk was full"
    assert not [p for p in out.rglob("*") if p.is_file()], "a partial file was left"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_a_killed_builds_temporary_file_goes_even_while_its_worker_is_a_zombie(tmp_path):
    """A worker killed with its build stays a zombie until it is reaped; its half-written file
    is still a leftover (seen on a loaded machine: the next build kept it)."""
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 10
    while Path(f"/proc/{zombie.pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z":
        assert time.monotonic() < deadline, "the child did not end"
        time.sleep(0.02)
    living = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / "en").mkdir()
        left = tmp_path / "en" / f".a.png.tmp-{zombie.pid}"
        busy = tmp_path / "en" / f".b.png.tmp-{living.pid}"
        left.write_bytes(b"half")
        busy.write_bytes(b"being written")
        build.clean_temporaries(tmp_path, ["en"])
        assert not left.exists() and busy.exists()
    finally:
        living.kill()
        living.wait()
        zombie.wait()
