"""Tests for lib.linear against closed forms, numpy.linalg.lstsq, np.polyfit and loops."""

import numpy as np
import pytest

from lib import data, linear, optim
from lib.gradcheck import numerical_gradient, relative_error
from tests.conftest import FD_STEP, GRADCHECK, REORDERED

X7, Y7 = data.seven_points()


def test_seven_points_least_squares():
    b, m = linear.least_squares(X7, Y7)
    assert round(m, 4) == 0.3356
    assert round(b, 4) == 0.8047
    assert round(linear.mse(Y7, linear.predict([b, m], X7)), 4) == 0.0181
    assert round(linear.line_mse(m, b, X7, Y7), 4) == 0.0181


def test_least_squares_agrees_with_lstsq():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((30, 4))
    y = rng.standard_normal(30)
    Xb = np.column_stack([np.ones(30), X])
    np.testing.assert_allclose(
        linear.least_squares(X, y), np.linalg.lstsq(Xb, y, rcond=None)[0], rtol=1e-10
    )
    np.testing.assert_allclose(
        linear.least_squares(X7, Y7),
        np.linalg.lstsq(np.column_stack([np.ones(7), X7]), Y7, rcond=None)[0],
        rtol=1e-10,
    )


def test_with_bias_and_predict():
    np.testing.assert_array_equal(linear.with_bias([2.0, 3.0]), [[1, 2], [1, 3]])
    np.testing.assert_array_equal(linear.with_bias([[2.0, 5.0]]), [[1, 2, 5]])
    np.testing.assert_allclose(linear.predict([0.5, 2.0], [1.0, 2.0]), [2.5, 4.5])
    with pytest.raises(ValueError, match="X must be 1-D or 2-D"):
        linear.with_bias(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="y has shape"):
        linear.mse(np.zeros(3), np.zeros(4))


def test_mse_grad_matches_central_differences():
    rng = np.random.default_rng(1)
    X, y, w = rng.standard_normal((12, 3)), rng.standard_normal(12), rng.standard_normal(4)
    num = numerical_gradient(lambda: linear.mse(y, linear.predict(w, X)), w)
    assert relative_error(linear.mse_grad(w, X, y), num) < GRADCHECK


def test_line_mse_value_and_broadcasting():
    assert linear.line_mse(-0.11, 2.5, X7, Y7) == pytest.approx(0.1602, abs=5e-5)
    ms, bs = np.array([0.1, 0.2, 0.3]), np.array([1.0, 0.9, 0.8])
    expected = [np.mean((Y7 - (m * X7 + b)) ** 2) for m, b in zip(ms, bs, strict=True)]
    np.testing.assert_allclose(linear.line_mse(ms, bs, X7, Y7), expected, rtol=REORDERED)


def test_line_mse_grad_matches_formula_and_central_differences():
    m, b = 0.2, 1.1
    dm, db = linear.line_mse_grad(m, b, X7, Y7)
    r = Y7 - (m * X7 + b)
    assert dm == pytest.approx(-2 / 7 * sum(x * ri for x, ri in zip(X7, r, strict=True)))
    assert db == pytest.approx(-2 / 7 * sum(r))
    h = FD_STEP
    assert dm == pytest.approx(
        (linear.line_mse(m + h, b, X7, Y7) - linear.line_mse(m - h, b, X7, Y7)) / (2 * h), rel=1e-7
    )
    assert db == pytest.approx(
        (linear.line_mse(m, b + h, X7, Y7) - linear.line_mse(m, b - h, X7, Y7)) / (2 * h), rel=1e-7
    )
    assert np.allclose(linear.line_mse_grad(*linear.least_squares(X7, Y7)[::-1], X7, Y7), 0)


def test_mse_grid_agrees_with_double_loop():
    ms, bs = np.linspace(-2, 4, 13), np.linspace(-6, 8, 9)
    grid = linear.mse_grid(ms, bs, X7, Y7)
    assert grid.shape == (len(bs), len(ms))
    for i, b in enumerate(bs):
        for j, m in enumerate(ms):
            assert grid[i, j] == pytest.approx(linear.line_mse(m, b, X7, Y7), rel=1e-14)


def lr_limit():
    """2 / λ_max of the Hessian (2/n) X_bᵀ X_b of J for the seven points."""
    Xb = np.column_stack([np.ones(7), X7])
    return 2 / np.linalg.eigvalsh(2 / 7 * Xb.T @ Xb).max()


def test_gradient_descent_below_the_limit_converges_to_least_squares():
    path = optim.descend(
        optim.SGD(lr=0.9 * lr_limit()), lambda w: linear.mse_grad(w, X7, Y7), [0.0, 0.0], 5000
    )
    np.testing.assert_allclose(path[-1], linear.least_squares(X7, Y7), atol=1e-6)


def test_gradient_descent_above_the_limit_diverges():
    with pytest.raises(optim.DivergenceError, match="smaller lr"):
        optim.descend(
            optim.SGD(lr=1.1 * lr_limit()), lambda w: linear.mse_grad(w, X7, Y7), [0.0, 0.0], 20_000
        )


# ---------------------------------------------------------------- ridge polynomials


def test_degree_10_through_11_points_interpolates():
    x, y = data.noisy_points(11, seed=0)
    c = linear.polyfit_l2(x, y, 10, 0.0)
    assert c.shape == (11,)
    assert np.mean((linear.polyval(c, x) - y) ** 2) < 1e-10


def test_lambda_zero_matches_np_polyfit():
    x, y = data.noisy_points(11, seed=2)
    np.testing.assert_allclose(linear.polyfit_l2(x, y, 3, 0.0), np.polyfit(x, y, 3), rtol=1e-9)
    np.testing.assert_allclose(linear.polyval([1.0, 2.0, 3.0], 2.0), np.polyval([1, 2, 3], 2.0))


def test_ridge_matches_penalised_normal_equations():
    x, y = data.noisy_points(11, seed=3)
    lam, V = 0.01, np.vander(x, 4)
    D = np.diag([1.0, 1.0, 1.0, 0.0])  # the constant term is not penalised
    np.testing.assert_allclose(
        linear.polyfit_l2(x, y, 3, lam), np.linalg.solve(V.T @ V + lam * D, V.T @ y), rtol=1e-9
    )


def test_larger_lambda_gives_smaller_coefficients():
    x, y = data.noisy_points(11, seed=0)
    norms = [
        np.linalg.norm(linear.polyfit_l2(x, y, 10, lam)[:-1]) for lam in 10.0 ** np.arange(-8, 3)
    ]
    assert all(a > b for a, b in zip(norms, norms[1:], strict=False))
    # A huge λ leaves only the constant: the mean of y.
    np.testing.assert_allclose(linear.polyfit_l2(x, y, 10, 1e12)[-1], y.mean(), rtol=1e-6)


@pytest.mark.parametrize(
    ("degree", "lam", "match"),
    [
        (-1, 0.0, "degree"),
        (2.5, 0.0, "degree"),
        (3, -1.0, "lam"),
        (3, np.nan, "lam"),
        (11, 0.0, "degree"),
    ],
)
def test_polyfit_validation(degree, lam, match):
    x, y = data.noisy_points(11)
    with pytest.raises(ValueError, match=match):
        linear.polyfit_l2(x, y, degree, lam)
