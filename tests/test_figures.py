"""The figure system: every figure in both languages, words, alt text, fonts, and the build's
promises (incremental, deterministic, atomic, failure isolation, command line)."""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pytest
from PIL import Image

from figures_src import build, registry, style
from figures_src.words import SAME_IN_BOTH, WORDS

ROOT = Path(__file__).resolve().parent.parent
NAMES = list(registry.FIGURES)
JOBS = [(name, lang) for name in NAMES for lang in build.LANGS]
HANGUL = re.compile("[\uac00-\ud7a3]")


def quiet(*args, **kwargs):
    """A log function that drops the progress lines."""


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Every figure in both languages, built once per session into a temporary folder."""
    out = tmp_path_factory.mktemp("figures")
    summary = build.build(out=out, jobs=2, log=quiet)
    return out, summary


def final_files(folder):
    """Output files at their final names (no keys, no temporaries)."""
    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and not p.name.startswith("."))


def decode(path):
    """Decode a PNG or every frame of a GIF; returns an array (frames first for GIFs)."""
    if path.suffix == ".gif":
        return iio.imread(path, index=None, mode="RGB")
    return iio.imread(path)


# --------------------------------------------------------------- the figures themselves


def test_registry_order():
    assert NAMES == [
        "connection_tweak",
        "small_nets",
        "sampling",
        "lin_reg_scatter",
        "lin_reg_randomtries",
        "lin_reg_error",
        "lin_reg_mse",
        "lin_reg_mse_gradientdescent",
        "non_convex_function",
        "bumpy_gradient_descent",
        "nesterov_acceleration",
        "optimizers_contour",
        "optimizers_saddle",
        "overfitting",
        "learning_curves",
        "regularization",
        "dropout",
    ]
    assert {n for n, s in registry.FIGURES.items() if s.kind == "gif"} == {
        "optimizers_contour",
        "optimizers_saddle",
    }


def test_everything_built(built):
    _, summary = built
    assert summary.failed == {}
    assert sorted(summary.built) == sorted(JOBS)


@pytest.mark.parametrize(("name", "lang"), JOBS)
def test_figure_decodes(built, name, lang):
    out, _ = built
    paths = build.output_paths(name, lang, out)
    spec = registry.FIGURES[name]
    if spec.kind == "png":
        (png,) = paths
        image = decode(png)
        assert image.shape[1] == round(style.WIDTH * style.DPI)
        assert 300 <= image.shape[0] <= 1000
        assert png.stat().st_size < 400_000
        return
    gif, poster = paths
    assert gif.stat().st_size <= 400 * 1024
    frames = decode(gif)
    assert frames.shape[0] > 1
    assert frames.shape[2] >= 600
    with Image.open(gif) as im:
        assert im.info["loop"] == 0  # forever
        durations = []
        for i in range(im.n_frames):
            im.seek(i)
            durations.append(im.info["duration"])
    assert min(durations) >= 20
    still = decode(poster)
    assert still.shape[:2] == frames.shape[1:3]
    # The poster is the final frame (the GIF's copy went through a 255-colour palette).
    assert np.abs(still[..., :3].astype(int) - frames[-1]).mean() < 8


def test_gif_frame_count_matches_scene():
    from figures_src import params

    assert params.RACE_STEPS % params.RACE_STEPS_PER_FRAME == 0
    with style.drawing("en"):
        scene = registry.FIGURES["optimizers_saddle"].draw("en")
        style.close(scene.fig)
    assert scene.n_frames == params.SADDLE_STEPS // params.SADDLE_STEPS_PER_FRAME + 1
    assert scene.frame_ms >= 20


# --------------------------------------------------------------- words, alt text, fonts


def test_words_have_the_same_keys():
    assert set(WORDS["en"]) == set(WORDS["ko"])


def test_korean_words_are_translated():
    same = {k for k in WORDS["en"] if WORDS["en"][k] == WORDS["ko"][k]}
    assert same <= SAME_IN_BOTH
    for key, text in WORDS["ko"].items():
        if key not in SAME_IN_BOTH and re.search("[A-Za-z]{3,}", re.sub(r"\$[^$]*\$", "", text)):
            assert HANGUL.search(text), key


def test_format_fields_agree():
    fields = re.compile(r"\{(\w*)")
    for key in WORDS["en"]:
        assert set(fields.findall(WORDS["en"][key])) == set(fields.findall(WORDS["ko"][key])), key


def test_alt_text_in_both_languages():
    for spec in registry.FIGURES.values():
        assert set(spec.alt) == {"en", "ko"}
        assert len(spec.alt["en"]) > 40 and len(spec.alt["ko"]) > 20
        assert HANGUL.search(spec.alt["ko"]) and not HANGUL.search(spec.alt["en"])


def test_korean_renders_with_nanum_gothic():
    from matplotlib import font_manager

    with style.drawing("ko"):
        path = font_manager.findfont(font_manager.FontProperties(family=["NanumGothic"]))
        assert Path(path).name == "NanumGothic.ttf"
        import matplotlib.pyplot as plt

        fig = plt.figure()
        fig.text(0.5, 0.5, WORDS["ko"]["loss"] + " \N{MINUS SIGN}1")
        style.png_bytes(fig)  # would raise on a missing glyph
        style.close(fig)


def test_missing_glyph_is_an_error():
    import matplotlib.pyplot as plt

    with style.drawing("en"):
        fig = plt.figure()
        fig.text(0.5, 0.5, WORDS["ko"]["loss"])  # no Hangul in DejaVu Sans
        with pytest.raises(UserWarning, match="missing from font"):
            style.png_bytes(fig)
        style.close(fig)
        fig = plt.figure()
        fig.text(0.5, 0.5, "$" + WORDS["ko"]["loss"] + "$")  # mathtext logs instead of warning
        with pytest.raises(style.MissingGlyphError):
            style.png_bytes(fig)
        style.close(fig)


# --------------------------------------------------------------- incremental and deterministic


def test_second_run_redraws_nothing(built):
    out, _ = built
    summary = build.build(out=out, jobs=2, log=quiet)
    assert summary.built == [] and summary.failed == {}
    assert len(summary.up_to_date) == len(JOBS)
    assert "0 built" in summary.line() and f"{len(JOBS)} up to date" in summary.line()


def test_forced_redraw_is_byte_identical(built, tmp_path):
    out, _ = built
    before = {p.relative_to(out): p.read_bytes() for p in final_files(out)}
    copy = tmp_path / "again"
    summary = build.build(out=copy, jobs=2, force=True, log=quiet)
    assert summary.ok
    after = {p.relative_to(copy): p.read_bytes() for p in final_files(copy)}
    assert before.keys() == after.keys()
    different = [str(k) for k in before if before[k] != after[k]]
    assert different == []


def write_module(folder, version, source):
    """Import ``source`` as a module inside the figures_src package (so helpers are followed)."""
    import importlib.util

    path = folder / f"fake_figures_v{version}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(f"figures_src._fake_v{version}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FAKE = """
SCALE = {scale}

def helper(x):
    return x * SCALE + {helper}

def fig_a(lang):
    return [helper(i) for i in range(3)]

def fig_b(lang):
    return {b}
"""


def test_code_fingerprint_follows_own_code_and_helpers(tmp_path):
    fp = build.code_fingerprint
    v1 = write_module(tmp_path, 1, FAKE.format(scale=2, helper=0, b=3))
    v2 = write_module(tmp_path, 2, FAKE.format(scale=2, helper=0, b=4))  # fig_b edited
    v3 = write_module(tmp_path, 3, FAKE.format(scale=2, helper=1, b=3))  # helper edited
    v4 = write_module(tmp_path, 4, FAKE.format(scale=5, helper=0, b=3))  # constant edited
    assert fp(v1.fig_a) == fp(v2.fig_a) and fp(v1.fig_b) != fp(v2.fig_b)
    assert fp(v1.fig_a) != fp(v3.fig_a) and fp(v1.fig_b) == fp(v3.fig_b)
    assert fp(v1.fig_a) != fp(v4.fig_a) and fp(v1.fig_b) == fp(v4.fig_b)


def test_figure_keys_differ_by_figure_and_language():
    keys = {build.figure_key(name, lang) for name, lang in JOBS}
    assert len(keys) == len(JOBS)
    assert build.figure_key("dropout", "en") == build.figure_key("dropout", "en")


# --------------------------------------------------------------- failures and the command line


def test_failing_figure_leaves_the_others_and_its_old_file(built, tmp_path, monkeypatch):
    out, _ = built
    copy = tmp_path / "figs"
    shutil.copytree(out, copy)
    old = build.output_paths("lin_reg_scatter", "en", copy)[0].read_bytes()

    def lin_reg_scatter(lang):
        raise RuntimeError("this figure is broken on purpose")

    figures = dict(registry.FIGURES)
    spec = figures["lin_reg_scatter"]
    figures["lin_reg_scatter"] = registry.FigureSpec(spec.name, lin_reg_scatter, "png", spec.alt)
    monkeypatch.setattr(registry, "FIGURES", figures)
    lines = []
    summary = build.build(
        ["lin_reg_scatter", "small_nets"], ("en",), jobs=1, force=True, out=copy, log=lines.append
    )
    assert list(summary.failed) == [("lin_reg_scatter", "en")]
    assert summary.built == [("small_nets", "en")]
    assert "1 failed" in summary.line()
    text = "\n".join(lines)
    assert "FAILED en/lin_reg_scatter" in text and "broken on purpose" in text
    assert build.output_paths("lin_reg_scatter", "en", copy)[0].read_bytes() == old
    # The command line reports the same failure with exit status 1.
    status = build.main(["lin_reg_scatter", "--lang", "en", "--jobs", "1", "--out", str(copy)])
    assert status == 1


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
    assert listing.returncode == 0 and listing.stdout.split()[::2] == NAMES
    result = run_cli("small_nets", "--lang", "ko", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert re.search(r"built\s+ko/small_nets\s+[\d.]+ s", result.stdout)
    assert re.search(r"figures: 1 built, 0 up to date, 0 failed in [\d.]+ s", result.stdout)
    env = {**os.environ, "FIGURES_OUT": str(tmp_path)}
    again = run_cli("small_nets", "--lang", "ko", env=env)
    assert "figures: 0 built, 1 up to date, 0 failed" in again.stdout


def test_ensure_builds_one_figure_in_process(tmp_path):
    paths = build.ensure("optimizers_saddle", "ko", out=tmp_path)
    assert [p.name for p in paths] == ["optimizers_saddle.gif", "optimizers_saddle_poster.png"]
    assert all(p.exists() for p in paths)
    stamp = paths[0].stat().st_mtime_ns
    assert build.ensure("optimizers_saddle", "ko", out=tmp_path) == paths
    assert paths[0].stat().st_mtime_ns == stamp  # up to date: not redrawn
    assert final_files(tmp_path) == sorted(paths)


def test_interrupted_build_leaves_decodable_files(tmp_path):
    out = tmp_path / "figs"
    (out / "en").mkdir(parents=True)
    stray = out / "en" / ".dropout.png.tmp-999999999"
    stray.write_bytes(b"half a file")
    process = subprocess.Popen(
        [sys.executable, "-m", "figures_src", "--force", "--jobs", "2", "--out", str(out)],
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
    assert survivors, "the build was killed before writing anything"
    for path in survivors:
        decode(path)  # complete files only: a truncated one would not decode
    summary = build.build(out=out, jobs=2, log=quiet)
    assert summary.ok
    expected = {p for name, lang in JOBS for p in build.output_paths(name, lang, out)}
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


def test_unwritable_output_folder_is_one_line_before_any_drawing(tmp_path):
    in_the_way = tmp_path / "a_file"
    in_the_way.write_text("not a folder")
    result = run_cli("--out", str(in_the_way / "figures"))
    assert result.returncode == 1
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert lines == [
        f"error: cannot write figures to {in_the_way / 'figures' / 'en'}: Not a directory"
    ]


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
    assert (result.stdout + result.stderr).strip().splitlines() == [
        f"error: cannot write figures to {out / 'en'}: Permission denied"
    ]
