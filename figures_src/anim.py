"""The animation pipeline: a scene, rendered by blitting, encoded once as a GIF.

A ``Scene`` is a figure whose static background is drawn once, plus a small
``update(frame) -> artists`` function that moves a few artists (as in the matplotlib
gallery). ``render_frames`` draws the background, saves it with ``copy_from_bbox`` and,
for each frame, restores it, redraws only the moving artists and copies the pixels.
``encode_gif`` then quantizes every frame to one shared palette and lets Pillow store
each frame as its difference from the previous one, so still pixels cost almost nothing.

The same scene also works with ``FuncAnimation(scene.fig, scene.update,
frames=scene.n_frames, init_func=scene.init, blit=True)``, for comparison benchmarks.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# Frames sampled (evenly) to build the shared palette.
PALETTE_SAMPLES = 6
PALETTE_COLORS = 255
# The palette index left free by the quantizer marks "unchanged since the last frame".
TRANSPARENT = 255


@dataclass
class Scene:
    """A figure with moving artists: ``init()`` and ``update(frame)`` return those artists."""

    fig: object
    init: Callable[[], list]
    update: Callable[[int], list]
    n_frames: int
    frame_ms: int = 40
    hold_last_ms: int = 1500


def render_frames(scene):
    """Every frame of ``scene`` as an (height, width, 3) uint8 array, by blitting."""
    fig = scene.fig
    canvas = fig.canvas
    for artist in scene.init():
        artist.set_animated(True)  # left out of the background
    canvas.draw()
    background = canvas.copy_from_bbox(fig.bbox)
    frames = []
    for frame in range(scene.n_frames):
        canvas.restore_region(background)
        for artist in scene.update(frame):
            fig.draw_artist(artist)
        frames.append(np.asarray(canvas.buffer_rgba())[..., :3].copy())
    return frames


def shared_palette(frames):
    """One palette image for all frames, from a few evenly spaced frames."""
    from PIL import Image

    picks = np.linspace(0, len(frames) - 1, min(PALETTE_SAMPLES, len(frames))).round()
    sample = np.concatenate([frames[int(i)] for i in picks], axis=0)
    return Image.fromarray(sample).quantize(
        PALETTE_COLORS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )


def encode_gif(frames, frame_ms=40, hold_last_ms=1500):
    """GIF bytes: one shared palette, no dithering, loops forever, last frame held.

    Every frame after the first stores only what changed: pixels equal to the previous
    frame get the reserved transparent index, and Pillow crops each frame to the box
    that differs, so the still background costs almost nothing.
    """
    from PIL import Image

    palette_image = shared_palette(frames)
    palette = palette_image.getpalette()[: 3 * PALETTE_COLORS]
    palette += [255, 255, 255] * (256 - PALETTE_COLORS)
    images, previous = [], None
    for frame in frames:
        index = np.asarray(
            Image.fromarray(frame).quantize(palette=palette_image, dither=Image.Dither.NONE)
        )
        stored = index.copy()
        if previous is not None:
            stored[index == previous] = TRANSPARENT
        previous = index
        image = Image.fromarray(stored, mode="P")
        image.putpalette(palette)
        images.append(image)
    durations = [frame_ms] * (len(images) - 1) + [max(frame_ms, hold_last_ms)]
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=durations,
        loop=0,
        transparency=TRANSPARENT,
        disposal=1,
        optimize=False,
    )
    return buffer.getvalue()


def png_from_frame(frame):
    """PNG bytes of one frame (no metadata), with a 256-colour palette like the figures."""
    from PIL import Image

    image = Image.fromarray(frame).quantize(
        256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def render(scene):
    """``(gif_bytes, poster_png_bytes)``: the animation and its final frame."""
    frames = render_frames(scene)
    return encode_gif(frames, scene.frame_ms, scene.hold_last_ms), png_from_frame(frames[-1])


def render_gif(scene):
    """The animation of ``scene`` as GIF bytes."""
    return render(scene)[0]
