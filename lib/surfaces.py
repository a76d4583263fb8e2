"""Two-dimensional test surfaces for watching optimizers race.

Each surface is a frozen ``Surface`` with a function ``f(x, y)`` and its analytic gradient
``grad(x, y) -> (∂f/∂x, ∂f/∂y)``, both vectorised over numpy arrays (so they work on a
``np.meshgrid`` for contour plots), plot bounds, known minima and a suggested start point.

``vector_grad(surface)`` turns the gradient into ``p -> array`` for ``lib.optim.descend``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lib import checks

Point = tuple[float, float]


@dataclass(frozen=True)
class Surface:
    """A named function of (x, y) with its gradient, plot bounds, minima and a start point."""

    name: str
    f: Callable
    grad: Callable
    bounds: tuple[Point, Point]
    minima: tuple[Point, ...]
    start: Point
    saddles: tuple[Point, ...] = ()

    def __post_init__(self) -> None:
        """Check the fields, and make ``f`` and ``grad`` check their arguments: real numbers or
        arrays of them."""
        if not isinstance(self.name, str):
            raise checks.ArgumentTypeError(f"name must be a str, got {checks.describe(self.name)}")
        checks.function("f", self.f)
        checks.function("grad", self.grad)
        _check_bounds(self.bounds)
        _check_points("start", self.start, single=True)
        _check_points("minima", self.minima)
        _check_points("saddles", self.saddles)
        object.__setattr__(self, "f", _on_points(self.f))
        object.__setattr__(self, "grad", _on_points(self.grad))


def _check_bounds(bounds) -> None:
    """Reject bounds that are not ((x_min, x_max), (y_min, y_max)) with min < max."""
    array = checks.float_array("bounds", bounds)
    if array.shape != (2, 2) or not np.all(array[:, 0] < array[:, 1]):
        raise ValueError(
            f"bounds must be ((x_min, x_max), (y_min, y_max)) with min < max, got {bounds!r}"
        )


def _check_points(name: str, value, single: bool = False) -> None:
    """Reject ``value`` unless it is one point (x, y) (``single``) or a sequence of points."""
    array = checks.float_array(name, value)
    if single:
        fits, what = array.shape == (2,), "a point (x, y)"
    else:
        fits = array.size == 0 or (array.ndim == 2 and array.shape[1] == 2)
        what = "a sequence of points (x, y)"
    if not fits:
        raise ValueError(f"{name} must be {what}, got an array of shape {array.shape}")


def _on_points(function: Callable) -> Callable:
    """``function(x, y)`` for x and y that are real numbers, or arrays of them that broadcast."""

    @functools.wraps(function)
    def checked(x, y):
        x, y = checks.float_array("x", x, finite=False), checks.float_array("y", y, finite=False)
        try:
            np.broadcast_shapes(x.shape, y.shape)
        except ValueError:
            raise ValueError(
                f"x and y must broadcast together, got shapes {x.shape} and {y.shape}"
            ) from None
        return function(x, y)

    return checked


def vector_grad(surface: Surface) -> Callable[[np.ndarray], np.ndarray]:
    """Return ``p -> np.array(surface.grad(p[0], p[1]))`` for a point p of shape (2,)."""
    if not isinstance(surface, Surface):
        raise checks.ArgumentTypeError(
            f"surface must be a Surface such as lib.surfaces.BEALE, got {checks.describe(surface)}"
        )

    def grad(p: np.ndarray) -> np.ndarray:
        """Gradient of the surface at the point p = (x, y)."""
        p = checks.float_array("p", p, finite=False)
        if p.shape != (2,):
            raise ValueError(f"p must be a point of shape (2,), got shape {p.shape}")
        return np.array(surface.grad(p[0], p[1]), dtype=float)

    return grad


def _polish(grad: Callable, point: Point, iters: int = 50) -> Point:
    """Refine an approximate critical point with Newton's method (Hessian by central differences
    of the analytic gradient) until the gradient is zero to rounding."""
    p = np.array(point, dtype=float)
    h = 1e-5
    for _ in range(iters):
        g = np.array(grad(*p))
        if np.max(np.abs(g)) < 1e-13:
            break
        H = np.column_stack(
            [
                (np.array(grad(*(p + h * e))) - np.array(grad(*(p - h * e)))) / (2 * h)
                for e in np.eye(2)
            ]
        )
        p = p - np.linalg.solve((H + H.T) / 2, g)
    return float(p[0]), float(p[1])


# ---------------------------------------------------------------- Beale


def _beale(x, y):
    """Beale's function: (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²."""
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def _beale_grad(x, y):
    """Analytic gradient of Beale's function."""
    a, b, c = 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3
    dx = 2 * a * (y - 1) + 2 * b * (y**2 - 1) + 2 * c * (y**3 - 1)
    dy = 2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y**2
    return dx, dy


BEALE = Surface(
    name="beale",
    f=_beale,
    grad=_beale_grad,
    bounds=((-4.5, 4.5), (-4.5, 4.5)),
    minima=((3.0, 0.5),),
    start=(1.0, 1.5),
)


# ---------------------------------------------------------------- Rosenbrock


def _rosenbrock(x, y, a=1.0, b=100.0):
    """Rosenbrock's banana valley: (a − x)² + b (y − x²)², minimum at (a, a²)."""
    return (a - x) ** 2 + b * (y - x**2) ** 2


def _rosenbrock_grad(x, y, a=1.0, b=100.0):
    """Analytic gradient of Rosenbrock's function."""
    return -2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)


ROSENBROCK = Surface(
    name="rosenbrock",
    f=_rosenbrock,
    grad=_rosenbrock_grad,
    bounds=((-2.0, 2.0), (-1.0, 3.0)),
    minima=((1.0, 1.0),),
    start=(-1.5, 2.0),
)


# ---------------------------------------------------------------- saddle


def _saddle(x, y):
    """A saddle at the origin: x² − y² (curves up along x, down along y)."""
    return x**2 - y**2


def _saddle_grad(x, y):
    """Analytic gradient of x² − y²."""
    return 2 * x, -2 * y


SADDLE = Surface(
    name="saddle",
    f=_saddle,
    grad=_saddle_grad,
    bounds=((-1.5, 1.5), (-1.5, 1.5)),
    minima=(),
    # Almost on the stable manifold y = 0: gradient descent slides to the saddle and lingers
    # there while y grows only by a factor (1 + 2α) per step; adaptive methods escape fast.
    start=(1.0, 1e-3),
    saddles=((0.0, 0.0),),
)


# ---------------------------------------------------------------- bumpy landscape

# The bumpy surface's Gaussian wells (centre x, centre y, depth, width) on the gentle bowl
# 0.05 (x² + y²): public, since the explorers' JavaScript twin draws the same surface from them.
WELLS = ((-1.5, -1.0, 1.5, 0.7), (1.5, 1.0, 1.0, 0.7), (1.2, -1.6, 0.7, 0.6))


def _bumpy(x, y):
    """A gentle bowl with three Gaussian wells of different depths: several local minima."""
    f = 0.05 * (x**2 + y**2)
    for cx, cy, depth, s in WELLS:
        f = f - depth * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * s**2))
    return f


def _bumpy_grad(x, y):
    """Analytic gradient of the bumpy landscape."""
    dx, dy = 0.1 * x, 0.1 * y
    for cx, cy, depth, s in WELLS:
        w = depth * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * s**2)) / s**2
        dx, dy = dx + w * (x - cx), dy + w * (y - cy)
    return dx, dy


BUMPY = Surface(
    name="bumpy",
    f=_bumpy,
    grad=_bumpy_grad,
    bounds=((-3.5, 3.5), (-3.5, 3.5)),
    # Approximate locations, polished to machine precision at import by Newton's method.
    minima=tuple(_polish(_bumpy_grad, p) for p in ((-1.45, -0.97), (1.43, 0.95), (1.14, -1.52))),
    # From here (lr 0.1) plain SGD settles in the nearest, shallowest well while momentum rolls
    # on to the deepest one; adaptive methods pick other wells.
    start=(3.0, -2.5),
    saddles=tuple(_polish(_bumpy_grad, p) for p in ((0.10, -0.03), (0.15, -1.13), (1.09, -0.44))),
)


SURFACES: dict[str, Surface] = {s.name: s for s in (BEALE, ROSENBROCK, SADDLE, BUMPY)}
