"""Check gradients numerically: central differences and the relative error (CS231n style)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lib import checks


def numerical_gradient(
    f: Callable[[], float], params: list[np.ndarray] | np.ndarray, eps: float = 1e-6
) -> list[np.ndarray] | np.ndarray:
    """Central differences (f(p + ε) − f(p − ε)) / 2ε for every element of every array in params.

    ``f`` takes no arguments and reads ``params``, which are nudged in place one element at a
    time and restored afterwards. Returns a list of arrays shaped like ``params`` (a single array
    if ``params`` is a single array).
    """
    checks.function("f", f)
    eps = checks.positive("eps", eps)
    if not isinstance(params, np.ndarray | list | tuple):
        raise checks.ArgumentTypeError(
            f"params must be a float numpy array or a list of them, got {checks.describe(params)}"
        )
    arrays = [params] if isinstance(params, np.ndarray) else list(params)
    grads = []
    for p in arrays:
        if not (isinstance(p, np.ndarray) and np.issubdtype(p.dtype, np.floating)):
            raise checks.ArgumentTypeError(
                "params must be float numpy arrays (they are changed in place), "
                f"got {checks.describe(p)}"
            )
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + eps
            f_plus = _value(f)
            p[idx] = old - eps
            f_minus = _value(f)
            p[idx] = old
            g[idx] = (f_plus - f_minus) / (2 * eps)
        grads.append(g)
    return grads[0] if isinstance(params, np.ndarray) else grads


def _value(f: Callable[[], float]) -> float:
    """f() as a float, or an error saying that f must return a finite number."""
    value = f()
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    return checks.number("f()", value, accepts="a finite number (the loss)")


def relative_error(a, b) -> float:
    """max |a − b| / max(1e-8, max(|a| + |b|)); a and b may be arrays or lists of arrays of
    finite numbers."""
    a, b = _flat("a", a), _flat("b", b)
    if a.shape != b.shape:
        raise ValueError(
            f"a and b must have the same number of elements, got {a.size} and {b.size}"
        )
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b)) / max(1e-8, np.max(np.abs(a) + np.abs(b))))


def _flat(name: str, x) -> np.ndarray:
    """All numbers of an array or of a list of arrays, as one flat float array."""
    if isinstance(x, list | tuple) and any(np.ndim(p) > 0 for p in x):
        parts = [checks.float_array(f"{name}[{i}]", p) for i, p in enumerate(x)]
        return np.concatenate([np.ravel(p) for p in parts])
    return np.ravel(checks.float_array(name, x))
