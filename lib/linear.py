"""Linear models: a line through points, mean squared error, least squares and ridge polynomials.

Weights are w = [b, w_1, ..., w_n]: the bias b is just the weight w_0 on a constant input 1,
so a model is ŷ = X_b w with X_b = ``with_bias(X)``. The loss is the mean squared error

    J(w) = (1/n) Σ_i (y_i − ŷ_i)²,   ∇J(w) = −(2/n) X_bᵀ (y − X_b w).

For the chapter's single line f(x) = m·x + b, ``line_mse`` and ``line_mse_grad`` take m and b
separately (and broadcast over arrays of them), and ``mse_grid`` tabulates the loss bowl.
"""

from __future__ import annotations

import numpy as np

from lib import checks


def with_bias(X) -> np.ndarray:
    """Prepend a column of ones to X (a 1-D x is one feature column): shape (n, features + 1)."""
    X = checks.float_array("X", X)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2:
        raise ValueError(f"X must be 1-D or 2-D, got an array of shape {X.shape}")
    checks.not_empty("X", X)
    return np.column_stack([np.ones(len(X)), X])


def _weights(w, Xb: np.ndarray) -> np.ndarray:
    """w as a 1-D float array with one weight per column of X_b (the bias first)."""
    w = checks.vector("w", w)
    if len(w) != Xb.shape[1]:
        features = Xb.shape[1] - 1
        raise ValueError(
            f"w has {len(w)} weights but X has {features} feature column(s), so w must have "
            f"{features + 1}: [b, w_1, ..., w_{features}]"
        )
    return w


def _data(X, y) -> tuple[np.ndarray, np.ndarray]:
    """(X_b, y) for at least one sample, with one target per row of X."""
    Xb, y = with_bias(X), checks.float_array("y", y)
    if y.shape != (len(Xb),):
        raise ValueError(f"y must have shape ({len(Xb)},), one target per row of X, got {y.shape}")
    return Xb, y


def predict(w, X) -> np.ndarray:
    """Predictions ŷ = X_b w of the linear model with weights w = [b, w_1, ..., w_n]."""
    Xb = with_bias(X)
    return Xb @ _weights(w, Xb)


def mse(y, y_pred) -> float:
    """Mean squared error J = (1/n) Σ (y_i − ŷ_i)²."""
    y, y_pred = checks.float_array("y", y), checks.float_array("y_pred", y_pred)
    if y.shape != y_pred.shape:
        raise ValueError(f"y has shape {y.shape} but y_pred has shape {y_pred.shape}")
    checks.not_empty("y", y, what="entries")
    return float(np.mean((y - y_pred) ** 2))


def mse_grad(w, X, y) -> np.ndarray:
    """Gradient of J with respect to w: −(2/n) X_bᵀ (y − X_b w)."""
    Xb, y = _data(X, y)
    return -2 / len(y) * Xb.T @ (y - Xb @ _weights(w, Xb))


def least_squares(X, y) -> np.ndarray:
    """The w minimising J, from the normal equations X_bᵀ X_b w = X_bᵀ y."""
    Xb, y = _data(X, y)
    try:
        return np.linalg.solve(Xb.T @ Xb, Xb.T @ y)
    except np.linalg.LinAlgError:
        raise ValueError(
            f"X has no unique least-squares fit: its {len(Xb)} row(s) do not determine "
            f"{Xb.shape[1]} weights (they need at least that many rows, not all on one line)"
        ) from None


# ---------------------------------------------------------------- one line: f(x) = m·x + b


def _checked_line_args(m, b, x, y) -> tuple[np.ndarray, ...]:
    """m and b as float arrays that broadcast together, x and y as points (1-D, same length)."""
    m, b = checks.float_array("m", m), checks.float_array("b", b)
    try:
        np.broadcast_shapes(m.shape, b.shape)
    except ValueError:
        raise ValueError(
            f"m and b must broadcast together, got shapes {m.shape} and {b.shape}"
        ) from None
    x, y = _points(x, y)
    return m, b, x, y


def _points(x, y) -> tuple[np.ndarray, np.ndarray]:
    """x and y as 1-D float arrays of the same length, at least one point."""
    x, y = checks.float_array("x", x), checks.float_array("y", y)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError(f"x and y must be 1-D of equal length, got shapes {x.shape} and {y.shape}")
    checks.not_empty("x", x, what="points")
    return x, y


def line_mse(m, b, x, y):
    """J(m, b) = (1/n) Σ (y_i − (m x_i + b))², broadcasting over arrays m and b."""
    m, b, x, y = _checked_line_args(m, b, x, y)
    residual = y - (m[..., None] * x + b[..., None])  # last axis runs over the points
    J = np.mean(residual**2, axis=-1)
    return float(J) if J.ndim == 0 else J


def line_mse_grad(m, b, x, y):
    """(∂J/∂m, ∂J/∂b) = (−(2/n) Σ x_i r_i, −(2/n) Σ r_i) with residuals r_i = y_i − (m x_i + b)."""
    m, b, x, y = _checked_line_args(m, b, x, y)
    r = y - (m[..., None] * x + b[..., None])
    dm, db = -2 * np.mean(x * r, axis=-1), -2 * np.mean(r, axis=-1)
    return (float(dm), float(db)) if dm.ndim == 0 else (dm, db)


def mse_grid(ms, bs, x, y) -> np.ndarray:
    """J on the grid np.meshgrid(ms, bs): shape (len(bs), len(ms)), rows are b, columns are m."""
    M, B = np.meshgrid(checks.vector("ms", ms), checks.vector("bs", bs))
    return line_mse(M, B, x, y)


# ---------------------------------------------------------------- ridge polynomial fits


def polyfit_l2(x, y, degree: int, lam: float) -> np.ndarray:
    """Polynomial of ``degree`` minimising Σ (y_i − p(x_i))² + λ Σ_{k≥1} c_k², highest power first.

    Coefficients are ordered like ``np.polyfit`` (use ``polyval`` or ``np.polyval``). The constant
    term c_0 is not penalised, so λ only shrinks the shape, not the level. λ = 0 is ordinary least
    squares; with degree = n − 1 it interpolates the n points. Solved by QR on the stacked system
    [V; √λ D] c ≈ [y; 0], which avoids squaring the Vandermonde matrix's condition number.
    """
    x, y = _points(x, y)
    degree = checks.integer("degree", degree, 0, accepts="a non-negative integer")
    lam = checks.non_negative("lam", lam)
    if lam == 0 and len(x) < degree + 1:
        raise ValueError(f"degree {degree} needs at least {degree + 1} points when lam = 0")
    V = np.vander(x, degree + 1)  # columns x^degree, ..., x, 1
    D = np.sqrt(lam) * np.eye(degree + 1)[:-1]  # penalise every power except the constant
    Q, R = np.linalg.qr(np.vstack([V, D]))
    return np.linalg.solve(R, Q.T @ np.concatenate([y, np.zeros(degree)]))


def polyfit_mse_l2(x, y, degree: int, lam: float) -> np.ndarray:
    """Polynomial of ``degree`` minimising J = (1/n) Σ (y_i − p(x_i))² + ½ λ Σ_{k≥1} c_k².

    The chapter's regularized loss: the mean squared error plus the L2 penalty ½ λ Σ w² on every
    coefficient but the constant term (the bias). n·J is ``polyfit_l2``'s objective with penalty
    n λ / 2, so this is that fit; λ is on the scale the chapter's prose quotes.
    """
    x, y = _points(x, y)
    degree = checks.integer("degree", degree, 0, accepts="a non-negative integer")
    lam = checks.non_negative("lam", lam)
    return polyfit_l2(x, y, degree, len(x) * lam / 2)


def polyval(coeffs, x) -> np.ndarray:
    """Evaluate a polynomial with coefficients ordered highest power first (as ``np.polyval``)."""
    return np.polyval(checks.vector("coeffs", coeffs), checks.float_array("x", x, finite=False))
