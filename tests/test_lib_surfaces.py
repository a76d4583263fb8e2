"""Tests for lib.surfaces: analytic gradients, minima and the critical points of BUMPY."""

import numpy as np
import pytest

from lib import optim
from lib.surfaces import BEALE, BUMPY, ROSENBROCK, SADDLE, SURFACES, Surface, vector_grad
from tests.conftest import FD_STEP


def hessian(surface, p, h=1e-4):
    """Hessian by central differences of f alone (independent of the analytic gradient)."""
    x, y = p
    f = surface.f
    fxx = (f(x + h, y) - 2 * f(x, y) + f(x - h, y)) / h**2
    fyy = (f(x, y + h) - 2 * f(x, y) + f(x, y - h)) / h**2
    fxy = (f(x + h, y + h) - f(x + h, y - h) - f(x - h, y + h) + f(x - h, y - h)) / (4 * h**2)
    return np.array([[fxx, fxy], [fxy, fyy]])


def test_registry():
    assert list(SURFACES) == ["beale", "rosenbrock", "saddle", "bumpy"]
    assert all(isinstance(s, Surface) for s in SURFACES.values())


@pytest.mark.parametrize("surface", SURFACES.values(), ids=lambda s: s.name)
def test_analytic_gradient_matches_central_differences(surface):
    (x0, x1), (y0, y1) = surface.bounds
    rng = np.random.default_rng(0)
    X, Y = rng.uniform(x0, x1, (20, 20)), rng.uniform(y0, y1, (20, 20))
    h = FD_STEP
    num_x = (surface.f(X + h, Y) - surface.f(X - h, Y)) / (2 * h)
    num_y = (surface.f(X, Y + h) - surface.f(X, Y - h)) / (2 * h)
    dx, dy = surface.grad(X, Y)
    assert dx.shape == dy.shape == X.shape  # vectorised over grids
    scale = np.maximum(1.0, np.abs(surface.f(X, Y)))
    np.testing.assert_allclose(dx / scale, num_x / scale, atol=1e-6)
    np.testing.assert_allclose(dy / scale, num_y / scale, atol=1e-6)


@pytest.mark.parametrize("surface", SURFACES.values(), ids=lambda s: s.name)
def test_minima_have_zero_gradient_and_positive_curvature(surface):
    for p in surface.minima:
        np.testing.assert_allclose(surface.grad(*p), 0, atol=1e-8)
        assert np.all(np.linalg.eigvalsh(hessian(surface, p)) > 0)
    for p in surface.saddles:
        np.testing.assert_allclose(surface.grad(*p), 0, atol=1e-8)
        eig = np.linalg.eigvalsh(hessian(surface, p))
        assert eig[0] < 0 < eig[1]
    (x0, x1), (y0, y1) = surface.bounds
    assert x0 <= surface.start[0] <= x1 and y0 <= surface.start[1] <= y1


def test_known_minima():
    assert BEALE.minima == ((3.0, 0.5),)
    assert BEALE.f(3.0, 0.5) == 0.0
    assert ROSENBROCK.minima == ((1.0, 1.0),)
    assert ROSENBROCK.f(1.0, 1.0) == 0.0
    assert SADDLE.f(0.3, 0.3) == 0.0 and SADDLE.saddles == ((0.0, 0.0),)


def test_bumpy_has_three_distinct_minima_and_a_saddle():
    minima = np.array(BUMPY.minima)
    assert len(minima) >= 3
    assert min(np.linalg.norm(a - b) for i, a in enumerate(minima) for b in minima[i + 1 :]) > 0.5
    depths = sorted(BUMPY.f(*p) for p in BUMPY.minima)
    assert depths[0] < depths[1] < depths[2]  # wells of different depths
    assert len(BUMPY.saddles) >= 1


def test_bumpy_minima_are_where_descent_settles():
    # Independent of the Newton polish: plain gradient descent from near each minimum.
    g = vector_grad(BUMPY)
    for p in BUMPY.minima:
        end = optim.descend(optim.SGD(lr=0.1), g, np.add(p, 0.2), 3000)[-1]
        np.testing.assert_allclose(end, p, atol=1e-6)


def test_saddle_start_stalls_plain_sgd_but_not_adam():
    g = vector_grad(SADDLE)
    sgd = optim.descend(optim.SGD(lr=0.01), g, SADDLE.start, 200)
    adam = optim.descend(optim.Adam(lr=0.05), g, SADDLE.start, 200)
    assert abs(sgd[-1, 1]) < 0.1 < abs(adam[-1, 1])


def test_vector_grad():
    g = vector_grad(ROSENBROCK)
    out = g(np.array([0.5, 0.5]))
    assert isinstance(out, np.ndarray) and out.shape == (2,)
    np.testing.assert_allclose(out, ROSENBROCK.grad(0.5, 0.5))
    with pytest.raises(ValueError, match=r"p must be a point of shape \(2,\)"):
        g(np.zeros(3))
