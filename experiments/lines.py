"""The line fit of the chapter's first pages: seven points, their mean squared error, descent."""

import numpy as np

from lib import data, linear, optim

from . import params


def least_squares_line() -> tuple[float, float, float]:
    """The least-squares line through the seven points: (m, b, MSE)."""
    x, y = data.seven_points()
    b, m = linear.least_squares(x, y)
    return m, b, linear.line_mse(m, b, x, y)


def stability_limit() -> float:
    """The largest learning rate for which gradient descent on the MSE converges: 2 / λ_max.

    The MSE of a line is a quadratic with Hessian H = (2/n) Xᵀ X (X with a column of ones);
    a step multiplies the error along an eigenvector by 1 − α λ, which shrinks only if α < 2/λ.
    """
    x, _ = data.seven_points()
    X = linear.with_bias(x)
    hessian = 2 / len(x) * X.T @ X
    return 2 / np.linalg.eigvalsh(hessian).max()


def mse_landscape():
    """Slopes, intercepts, the MSE on their grid and the least-squares (m, b)."""
    x, y = data.seven_points()
    ms = np.linspace(*params.M_RANGE, params.MSE_GRID)
    bs = np.linspace(*params.B_RANGE, params.MSE_GRID)
    J = linear.mse_grid(ms, bs, x, y)
    b_best, m_best = linear.least_squares(x, y)
    return ms, bs, J, (m_best, b_best)


def descent_path():
    """Plain gradient descent on the line MSE from a seeded random (m, b)."""
    x, y = data.seven_points()
    rng = np.random.default_rng(params.DESCENT_SEED)
    start = rng.uniform(
        (params.M_RANGE[0], params.B_RANGE[0]), (params.M_RANGE[1], params.B_RANGE[1])
    )

    def grad(p):
        return np.array(linear.line_mse_grad(p[0], p[1], x, y))

    sgd = optim.SGD(lr=params.DESCENT_LR)
    return optim.descend(sgd, grad, start, params.DESCENT_STEPS)
