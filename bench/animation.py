"""The project's GIF pipeline against matplotlib's usual `FuncAnimation(...).save`.

Both render the same scene (the figure function from `figures_src.neural_networks`, with
`params`, in English, inside `style.drawing`, as the figure build does) at the same pixel
size. A fresh scene is built for every run, since rendering consumes a scene's figure; only
rendering and encoding are timed, best of NAIVE_RUNS / OUR_RUNS runs.

Pillow merges consecutive GIF frames that are identical after its quantization (and adds up
their durations), so frames are counted as decoded plus merged.
"""

from __future__ import annotations

import io
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from contents import SOURCE_LANG

from .report import Row, Target

SCENES = ("optimizers_contour", "optimizers_saddle")
LANG = SOURCE_LANG
NAIVE_RUNS = 2
OUR_RUNS = 3
SPEED_TARGET = Target(">=", 20)
SIZE_TARGET = Target(">=", 20)
NAIVE = "FuncAnimation+PillowWriter"
OURS = "anim.render_gif"


@dataclass(frozen=True)
class Output:
    """One rendering: seconds taken, the GIF's bytes, and the scene's frame count and step."""

    seconds: float
    gif: bytes
    n_frames: int
    frame_ms: int


def _scene(name: str):
    """A fresh scene of figure ``name``, built as the figure build does."""
    from figures_src import neural_networks

    return getattr(neural_networks, name)(LANG)


def naive(name: str) -> Output:
    """`FuncAnimation(...).save(path, writer=PillowWriter(fps=1000 / frame_ms))`.

    ``dpi`` is the figure's own (``savefig.dpi`` would otherwise enlarge the frames), so the
    output has the pipeline's pixel size.
    """
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation, PillowWriter

    from figures_src import style

    with style.drawing(LANG), tempfile.TemporaryDirectory() as folder:
        scene = _scene(name)
        path = Path(folder) / f"{name}.gif"
        start = time.perf_counter()
        movie = FuncAnimation(
            scene.fig,
            scene.update,
            frames=scene.n_frames,
            init_func=scene.init,
            blit=False,
            repeat=False,
        )
        movie.save(path, writer=PillowWriter(fps=1000 / scene.frame_ms), dpi=scene.fig.dpi)
        seconds = time.perf_counter() - start
        plt.close(scene.fig)
        return Output(seconds, path.read_bytes(), scene.n_frames, scene.frame_ms)


def ours(name: str) -> Output:
    """The project's `anim.render_gif(scene)`: blitting, one shared palette, frame deltas."""
    import matplotlib.pyplot as plt

    from figures_src import anim, style

    with style.drawing(LANG):
        scene = _scene(name)
        start = time.perf_counter()
        data = anim.render_gif(scene)
        seconds = time.perf_counter() - start
        plt.close(scene.fig)
        return Output(seconds, data, scene.n_frames, scene.frame_ms)


def best(render: Callable[[str], Output], name: str, runs: int) -> Output:
    """The fastest of ``runs`` renderings (each from a fresh scene)."""
    return min((render(name) for _ in range(runs)), key=lambda out: out.seconds)


def decode(data: bytes) -> tuple[list[np.ndarray], list[int]]:
    """Every frame of a GIF as an RGB array, and each frame's duration in ms."""
    from PIL import Image, ImageSequence

    frames, durations = [], []
    with Image.open(io.BytesIO(data)) as image:
        for frame in ImageSequence.Iterator(image):
            frames.append(np.asarray(frame.convert("RGB")))
            durations.append(int(frame.info.get("duration", 0)))
    return frames, durations


def merged_frames(durations: list[int], frame_ms: int) -> int:
    """How many frames Pillow folded into their predecessors (the last frame's hold aside)."""
    return sum(max(0, round(d / frame_ms) - 1) for d in durations[:-1])


def expand(frames: list[np.ndarray], durations: list[int], frame_ms: int) -> list[np.ndarray]:
    """The frames as rendered: each merged frame repeated for the frames it stands for."""
    shown = []
    for i, (frame, duration) in enumerate(zip(frames, durations, strict=True)):
        repeats = 1 if i == len(frames) - 1 else max(1, round(duration / frame_ms))
        shown += [frame] * repeats
    return shown


def frame_difference(a: list[np.ndarray], b: list[np.ndarray]) -> float:
    """The worst mean absolute difference (0..255) between corresponding frames, or NaN."""
    if len(a) != len(b) or not a or a[0].shape != b[0].shape:
        return float("nan")
    return max(
        float(np.abs(x.astype(np.int16) - y.astype(np.int16)).mean())
        for x, y in zip(a, b, strict=True)
    )


def output_rows(key: str, name: str, label: str, out: Output) -> tuple[list[Row], list]:
    """Time, bytes, frames (decoded and merged) and pixels of one output; and its frames."""
    frames, durations = decode(out.gif)
    merged = merged_frames(durations, out.frame_ms)
    height, width = frames[0].shape[:2]
    what = NAIVE if label == "naive" else OURS
    rows = [
        Row(f"{key}.{label}_s", f"{name}: {what} time", out.seconds, "s"),
        Row(f"{key}.{label}_bytes", f"{name}: {what} size", len(out.gif), "B"),
        Row(f"{key}.{label}_frames", f"{name}: {what} frames in GIF", len(frames)),
        Row(f"{key}.{label}_merged_frames", f"{name}: {what} frames merged by Pillow", merged),
        Row(f"{key}.{label}_pixels", f"{name}: {what} pixels", f"{width}x{height}"),
    ]
    return rows, expand(frames, durations, out.frame_ms)


def compare(name: str) -> list[Row]:
    """Rows for one scene: time, bytes, frames and size of each, and the two ratios."""
    slow = best(naive, name, NAIVE_RUNS)
    fast = best(ours, name, OUR_RUNS)
    key = f"animation.{name}"
    rows = [Row(f"{key}.scene_frames", f"{name}: frames rendered", fast.n_frames)]
    slow_rows, slow_frames = output_rows(key, name, "naive", slow)
    fast_rows, fast_frames = output_rows(key, name, "ours", fast)
    same = (
        len(slow_frames) == len(fast_frames) == fast.n_frames
        and slow_frames[0].shape == fast_frames[0].shape
    )
    speed = slow.seconds / fast.seconds
    size = len(slow.gif) / len(fast.gif)
    difference = frame_difference(slow_frames, fast_frames)
    return [
        *rows,
        *slow_rows,
        *fast_rows,
        Row(f"{key}.same_frames_and_size", f"{name}: same frames and pixel size", same),
        Row(
            f"{key}.max_frame_diff", f"{name}: worst frame's mean |difference|", difference, "/255"
        ),
        Row(f"{key}.speed_ratio", f"{name}: speed, naive time / ours", speed, "×", SPEED_TARGET),
        Row(f"{key}.size_ratio", f"{name}: size, naive bytes / ours", size, "×", SIZE_TARGET),
    ]


def measure() -> list[Row]:
    """Both optimizer races; ``animation.speed_ratio``/``size_ratio`` are the contour one's."""
    rows = []
    for name in SCENES:
        rows += compare(name)
    by_key = {r.key: r for r in rows}
    for ratio in ("speed_ratio", "size_ratio"):
        first = by_key[f"animation.{SCENES[0]}.{ratio}"]
        label = f"{ratio.replace('_', ' ')} ({SCENES[0]})"
        rows.append(Row(f"animation.{ratio}", label, first.value, "×", first.target))
    return rows
