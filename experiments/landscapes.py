"""Descents on the two-parameter surfaces of `lib.surfaces`: the bumpy valleys and the races."""

from functools import cache

import numpy as np

from lib import optim, surfaces

from . import params


@cache
def bumpy_paths():
    """Plain gradient descent on the bumpy surface from each of the starts in params."""
    grad = surfaces.vector_grad(surfaces.BUMPY)
    sgd = optim.SGD(lr=params.BUMPY_LR)
    return [optim.descend(sgd, grad, start, params.BUMPY_STEPS) for start in params.BUMPY_STARTS]


def race_paths(surface, start, settings, steps, window):
    """Each optimizer's path from ``start``, clipped to just outside ``window`` for drawing."""
    grad = surfaces.vector_grad(surface)
    (x0, x1), (y0, y1) = window
    low, high = (x0 - 1, y0 - 1), (x1 + 1, y1 + 1)
    paths = {}
    for name, hyper in settings.items():
        path = optim.descend(optim.OPTIMIZERS[name](**hyper), grad, start, steps)
        paths[name] = np.clip(path, low, high)
    return paths


@cache
def race_descents() -> dict[str, np.ndarray]:
    """Each optimizer's whole path in the first race (unclipped), as `lib.optim` runs it."""
    grad = surfaces.vector_grad(surfaces.SURFACES[params.RACE_SURFACE])
    steps, start = params.RACE_STEPS, params.RACE_START
    return {
        name: optim.descend(optim.OPTIMIZERS[name](**hyper), grad, start, steps)
        for name, hyper in params.RACE_SETTINGS.items()
    }


def path_length(path: np.ndarray) -> float:
    """How far a path travels: the sum of its steps' lengths."""
    return float(np.linalg.norm(np.diff(path, axis=0), axis=1).sum())


def arrival_step(path: np.ndarray, point, radius: float) -> int | None:
    """The first step at which a path is within ``radius`` of ``point`` (None: never)."""
    near = np.flatnonzero(np.linalg.norm(path - np.asarray(point), axis=1) <= radius)
    return int(near[0]) if near.size else None


def bumpy_detour() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A descent on the bumpy surface that does not end in the minimum nearest its start:
    (start, minimum reached, nearest minimum). The prose shows it; without one it is wrong."""
    minima = np.array(surfaces.BUMPY.minima)
    for start, path in zip(params.BUMPY_STARTS, bumpy_paths(), strict=True):
        nearest = minima[np.argmin(np.linalg.norm(minima - np.array(start), axis=1))]
        reached = minima[np.argmin(np.linalg.norm(minima - path[-1], axis=1))]
        if not np.array_equal(nearest, reached):
            return np.array(start), reached, nearest
    raise ValueError(
        "every bumpy descent ends in the minimum nearest its start: the prose says not"
    )


def escape_step(path: np.ndarray, distance: float = 1.0) -> int | None:
    """The first step at which a path is `distance` or more off the saddle's ridge (y = 0)."""
    off = np.flatnonzero(np.abs(path[:, 1]) >= distance)
    return int(off[0]) if off.size else None


# Escapes from the saddle are looked for up to this many times the steps the animation shows.
ESCAPE_HORIZON = 10


@cache
def saddle_paths() -> dict[str, np.ndarray]:
    """Each optimizer's path from the saddle's start, run well beyond the steps shown."""
    saddle = surfaces.SADDLE
    steps = ESCAPE_HORIZON * params.SADDLE_STEPS
    return race_paths(saddle, saddle.start, params.SADDLE_SETTINGS, steps, params.SADDLE_WINDOW)


def saddle_escape_steps() -> dict[str, int | None]:
    """The step at which each optimizer of the saddle race gets off the ridge (None: never)."""
    return {name: escape_step(path) for name, path in saddle_paths().items()}
