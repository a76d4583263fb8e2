"""The animation pipeline: a scene, rendered by blitting, encoded once as a GIF and a WebP.

A ``Scene`` is a figure whose static background is drawn once, plus a small
``update(frame) -> artists`` function that moves a few artists (as in the matplotlib
gallery). ``render_frames`` draws the background, saves it with ``copy_from_bbox`` and,
for each frame, restores it, redraws only the moving artists and copies the pixels.
``palette_frames`` then quantizes every frame to one shared palette, and the GIF and the
animated WebP are written from those same palette frames; both store each frame as its
difference from the previous one, so still pixels cost almost nothing.

The same scene also works with ``FuncAnimation(scene.fig, scene.update,
frames=scene.n_frames, init_func=scene.init, blit=True)``, for comparison benchmarks.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import style

# Frames sampled (evenly, first and last included) to build the shared palette.
PALETTE_SAMPLES = 3
# 127 colours and one transparent index fill a 7-bit palette: smaller LZW codes than 8 bits.
PALETTE_COLORS = 127
# The palette index after the quantizer's colours marks "unchanged since the last frame".
TRANSPARENT = PALETTE_COLORS
# libwebp's effort (0-6): 4 is as small as 6 for these frames and faster.
WEBP_METHOD = 4


@dataclass
class Scene:
    """A figure with moving artists: ``init()`` returns every artist that changes, and
    ``update(frame)`` updates them and returns those to draw at every frame.

    ``slow(frame)``, if given, returns the artists that change only now and then (a step
    counter) when they change: they are drawn into the background once instead of at every
    frame. ``update`` still updates them, so a plain ``FuncAnimation`` shows them too.
    """

    fig: object
    init: Callable[[], list]
    update: Callable[[int], list]
    n_frames: int
    frame_ms: int = 40
    hold_last_ms: int = 1500
    slow: Callable[[int], list] | None = None
    key_colors: tuple = ()  # colours the palette must hold exactly (a legend's)


def render_frames(scene: Scene) -> list[np.ndarray]:
    """Every frame of ``scene`` as an (height, width, 4) RGBA uint8 array, by blitting.

    The canvas buffer is copied whole (one contiguous copy per frame); dropping the alpha
    channel is left to Pillow's C code when the frames are encoded.
    """
    fig = scene.fig
    canvas = fig.canvas
    style.number_fonts(fig)
    for artist in scene.init():
        artist.set_animated(True)  # left out of the background
    canvas.draw()
    static = background = canvas.copy_from_bbox(fig.bbox)
    frames = []
    for frame in range(scene.n_frames):
        moving = scene.update(frame)
        changed = scene.slow(frame) if scene.slow else []
        if changed:  # redraw the background with the slow artists' new state
            canvas.restore_region(static)
            for artist in changed:
                fig.draw_artist(artist)
            background = canvas.copy_from_bbox(fig.bbox)
        canvas.restore_region(background)
        for artist in moving:
            fig.draw_artist(artist)
        frames.append(np.array(canvas.buffer_rgba()))
    return frames


def rgb(frame: np.ndarray):
    """A Pillow RGB image of an RGBA (or RGB) frame."""
    from PIL import Image

    return Image.fromarray(frame).convert("RGB")


def shared_palette(frames: list[np.ndarray], key_colors: tuple = ()):
    """One palette image for all frames, from a few evenly spaced frames.

    Each of ``key_colors`` (a legend's colours) is an entry of its own, exactly: median cut
    alone merges a small patch of colour with a larger neighbour (a legend's orange became
    its red on the dark saddle map). The other entries are the median cut of the frames.
    """
    from matplotlib.colors import to_rgb
    from PIL import Image

    keys = []
    for color in key_colors:
        rgb = [int(v) for v in np.round(np.array(to_rgb(color)) * 255)]
        if rgb not in keys:
            keys.append(rgb)
    picks = np.linspace(0, len(frames) - 1, min(PALETTE_SAMPLES, len(frames))).round()
    sample = np.concatenate([frames[int(i)][::2, ::2, :3] for i in picks], axis=0)
    cut = Image.fromarray(sample).quantize(
        PALETTE_COLORS - len(keys), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    colors = cut.getpalette()[: 3 * (PALETTE_COLORS - len(keys))]
    colors += [0, 0, 0] * (PALETTE_COLORS - len(keys) - len(colors) // 3)  # a plain frame
    palette_image = Image.new("P", (1, 1))
    palette_image.putpalette(colors + [v for rgb in keys for v in rgb])
    return palette_image


def palette_frames(frames: list[np.ndarray], key_colors: tuple = ()):
    """``(palette, indices)``: one shared palette (a flat RGB list) and each frame as an array
    of palette indices, without dithering.

    Only the box of pixels that changed since the previous frame is quantized again; the
    rest keeps the previous frame's indices.
    """
    from PIL import Image

    palette_image = shared_palette(frames, key_colors)
    palette = palette_image.getpalette()[: 3 * PALETTE_COLORS]

    def quantize(pixels):
        return np.asarray(rgb(pixels).quantize(palette=palette_image, dither=Image.Dither.NONE))

    indices, previous = [], None
    for frame in frames:
        if previous is None:
            index = quantize(frame)
        else:
            changed = frame.view(np.uint32)[..., 0] != previous.view(np.uint32)[..., 0]
            rows, cols = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
            index = indices[-1].copy()
            if rows.size:
                box = slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1)
                index[box] = quantize(np.ascontiguousarray(frame[box]))
        previous = frame
        indices.append(index)
    return palette, indices


def durations(n_frames: int, frame_ms: int, hold_last_ms: int) -> list[int]:
    """How long each frame shows, in ms: ``frame_ms`` each, the last one held longer."""
    return [frame_ms] * (n_frames - 1) + [max(frame_ms, hold_last_ms)]


def gif_from_indices(palette: list[int], indices: list[np.ndarray], ms: list[int]) -> bytes:
    """GIF bytes: the shared palette, no dithering, loops forever.

    Every frame after the first stores only what changed: pixels whose palette index equals
    the previous frame's get the reserved transparent index, and Pillow crops each frame to
    the box that differs, so the still background costs almost nothing.
    """
    from PIL import Image

    colors = palette + [255, 255, 255]  # the transparent entry
    images, previous = [], None
    for index in indices:
        stored = index if previous is None else np.where(index == previous, TRANSPARENT, index)
        previous = index
        image = Image.fromarray(stored.astype(np.uint8), mode="P")
        image.putpalette(colors)
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=ms,
        loop=0,
        transparency=TRANSPARENT,
        disposal=1,
        optimize=False,
    )
    return buffer.getvalue()


def webp_from_indices(palette: list[int], indices: list[np.ndarray], ms: list[int]) -> bytes:
    """Animated WebP bytes of the same frames as the GIF, pixel for pixel: lossless, loops
    forever, without key frames (every frame stores only the box that changed, like the GIF).

    With at most 127 colours, lossless WebP stores palette indices too, and compresses them
    better than the GIF's LZW.
    """
    from PIL import Image

    def rgb_image(index: np.ndarray):
        """The frame's colours (Pillow looks them up 13 times faster than numpy's indexing)."""
        image = Image.fromarray(index.astype(np.uint8), mode="P")
        image.putpalette(palette)
        return image.convert("RGB")

    images = [rgb_image(index) for index in indices]
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        format="WEBP",
        save_all=True,
        append_images=images[1:],
        duration=ms,
        loop=0,
        lossless=True,
        method=WEBP_METHOD,
        kmin=0,
        kmax=0,  # 0: no key frames
    )
    return buffer.getvalue()


def encode_gif(
    frames: list[np.ndarray], frame_ms: int = 40, hold_last_ms: int = 1500, key_colors: tuple = ()
) -> bytes:
    """GIF bytes of ``frames``: one shared palette, changed pixels only, last frame held."""
    palette, indices = palette_frames(frames, key_colors)
    return gif_from_indices(palette, indices, durations(len(frames), frame_ms, hold_last_ms))


def png_from_frame(frame: np.ndarray) -> bytes:
    """PNG bytes of one frame (no metadata), with a 256-colour palette like the figures."""
    from PIL import Image

    image = rgb(frame).quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def every(frames: list, step: int) -> list:
    """Every ``step``-th frame from the first, and the last frame (where the race ends)."""
    if not isinstance(step, int) or step < 1:
        raise ValueError(f"frame step must be a whole number >= 1, not {step!r}")
    kept = frames[::step]
    return kept if (len(frames) - 1) % step == 0 else [*kept, frames[-1]]


def render(scene: Scene, step: int = 1) -> tuple[bytes, bytes, bytes]:
    """``(gif, webp, poster)``: the animation as GIF and as WebP (the same frames, pixel for
    pixel), and its final frame as a PNG. With ``step`` > 1, every ``step``-th frame only,
    each shown ``step`` times as long (the animation lasts as long)."""
    frames = every(render_frames(scene), step)
    palette, indices = palette_frames(frames, scene.key_colors)
    ms = durations(len(frames), scene.frame_ms * step, scene.hold_last_ms)
    gif = gif_from_indices(palette, indices, ms)
    return gif, webp_from_indices(palette, indices, ms), png_from_frame(frames[-1])


def render_gif(scene: Scene) -> bytes:
    """The animation of ``scene`` as GIF bytes."""
    return encode_gif(render_frames(scene), scene.frame_ms, scene.hold_last_ms, scene.key_colors)
