"""Argument checks shared by the library; each error names the argument and what it accepts.

An argument of the wrong kind (None, a string, a complex number, an array of text...) raises
``ArgumentTypeError``, which is a TypeError and also a ValueError, so code that catches
ValueError for bad arguments still catches it; a number or array of the right kind with a bad
value raises ValueError. numpy scalars are numbers: ``np.float32(0.1)`` and ``np.int64(3)``
are accepted wherever ``0.1`` and ``3`` are, and so are 0-d arrays of them (``np.array(0.1)``).
Booleans are not numbers, neither ``True`` nor an array of booleans.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable

import numpy as np


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong type (a TypeError that is also a ValueError)."""


def describe(value) -> str:
    """A short description of ``value`` for an error message."""
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype} and shape {value.shape}"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    if value is None or isinstance(value, int | float):
        return text
    return f"{text} (a {type(value).__name__})"


# ---------------------------------------------------------------- numbers


def scalar(value):
    """A 0-d array of numbers or booleans as its numpy scalar (``np.array(0.1)`` as
    ``np.float64(0.1)``); anything else unchanged."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "biufc":
        return value[()]
    return value


def is_number(value) -> bool:
    """True for a real number (Python or numpy, or a 0-d array of one), but not for a bool."""
    value = scalar(value)
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def is_integer(value) -> bool:
    """True for an integer (Python or numpy, or a 0-d array of one), but not for a bool."""
    value = scalar(value)
    return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)


def number(
    name: str, value, accepts: str = "a finite number", valid: Callable = math.isfinite
) -> float:
    """``value`` as a float, if it is a real number for which ``valid`` holds."""
    value = scalar(value)
    if not is_number(value):
        raise ArgumentTypeError(f"{name} must be {accepts}, got {describe(value)}")
    try:
        result = float(value)
    except OverflowError:  # an int too large for a float
        result = math.inf if value > 0 else -math.inf
    if not valid(result):
        raise ValueError(f"{name} must be {accepts}, got {value!r}")
    return result


def positive(name: str, value) -> float:
    """A positive finite number."""
    return number(name, value, "a positive finite number", lambda v: 0 < v < math.inf)


def non_negative(name: str, value) -> float:
    """A non-negative finite number."""
    return number(name, value, "a non-negative finite number", lambda v: 0 <= v < math.inf)


def fraction(name: str, value, accepts: str = "a number in [0, 1)") -> float:
    """A number in [0, 1) (a decay rate, a momentum, a drop probability)."""
    return number(name, value, accepts, lambda v: 0 <= v < 1)


def integer(name: str, value, minimum: int, maximum: int | None = None, accepts: str = "") -> int:
    """``value`` as an int, if it is an integer (Python or numpy) in ``minimum..maximum``."""
    accepts = accepts or (
        f"an integer >= {minimum}" if maximum is None else f"an integer in {minimum}..{maximum}"
    )
    value = scalar(value)
    if not is_integer(value):
        raise ArgumentTypeError(f"{name} must be {accepts}, got {describe(value)}")
    if value < minimum or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be {accepts}, got {value!r}")
    return int(value)


def seed(name: str, value) -> int:
    """A seed for ``np.random.default_rng``: a non-negative integer."""
    return integer(name, value, 0, accepts="a non-negative integer (a random seed)")


def rng(name: str, value) -> np.random.Generator:
    """A random generator from a Generator, a non-negative integer seed, or None (unseeded)."""
    return np.random.default_rng(random_source(name, value))


def random_source(name: str, value) -> np.random.Generator | int | None:
    """``value`` if it is a Generator or None, else as a seed (a non-negative integer)."""
    if value is None or isinstance(value, np.random.Generator):
        return value
    if not is_integer(value):
        raise ArgumentTypeError(
            f"{name} must be a numpy Generator, a non-negative integer seed or None, "
            f"got {describe(value)}"
        )
    return seed(name, value)


# ---------------------------------------------------------------- arrays


def numeric_array(name: str, value) -> np.ndarray:
    """``value`` as an array of real numbers, keeping its integer or float dtype."""
    if value is None or isinstance(value, str | bytes):
        raise ArgumentTypeError(f"{name} must be an array of numbers, got {describe(value)}")
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError(
            f"{name} must be a rectangular array of numbers, but its rows differ in length"
        ) from None
    if array.dtype.kind == "O" and all(is_number(v) for v in array.flat):
        array = array.astype(float)
    if array.dtype.kind == "c":
        raise ArgumentTypeError(f"{name} must hold real numbers, got complex numbers")
    if array.dtype.kind == "b":
        raise ArgumentTypeError(
            f"{name} must hold numbers, got booleans (convert them with .astype(int) or "
            ".astype(float))"
        )
    if array.dtype.kind not in "iuf":
        raise ArgumentTypeError(f"{name} must be an array of numbers, got {describe(array)}")
    return array


def float_array(name: str, value, finite: bool = True) -> np.ndarray:
    """``value`` as a float array of real numbers (finite ones unless ``finite=False``)."""
    array = numeric_array(name, value).astype(float, copy=False)
    if finite and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must contain only finite numbers (found NaN or inf)")
    return array


def vector(name: str, value, finite: bool = True, min_size: int = 1) -> np.ndarray:
    """A 1-D float array with at least ``min_size`` entries."""
    array = float_array(name, value, finite)
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got an array of shape {array.shape}")
    if len(array) < min_size:
        raise ValueError(f"{name} must have at least {min_size} entries, got {len(array)}")
    return array


def not_empty(name: str, array: np.ndarray, what: str = "rows") -> None:
    """Reject a single number where an array is expected, and an array with no rows."""
    if array.ndim == 0:
        raise ValueError(f"{name} must be an array, got the single number {array.item()!r}")
    if len(array) == 0:
        raise ValueError(f"{name} has no {what}: at least one is needed")


def function(name: str, value) -> None:
    """Reject something that cannot be called."""
    if not callable(value):
        raise ArgumentTypeError(f"{name} must be a function, got {describe(value)}")


def optimizer(name: str, value) -> None:
    """Reject something without the ``init`` and ``step`` methods of a ``lib.optim`` optimizer."""
    if not (callable(getattr(value, "init", None)) and callable(getattr(value, "step", None))):
        raise ArgumentTypeError(
            f"{name} must have init and step methods (an optimizer such as lib.optim.SGD), "
            f"got {describe(value)}"
        )
