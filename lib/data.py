"""Small seeded data sets for the chapter, and train/validation/test splits and k-fold.

Every generator takes a ``seed`` and returns fresh arrays, so figures are reproducible.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from lib import checks

# ---------------------------------------------------------------- the chapter's seven points

SEVEN_X = np.array([2.4, 2.8, 3.2, 3.6, 4.0, 4.2, 5.0])
SEVEN_Y = np.array([1.7, 1.85, 1.79, 1.95, 2.1, 2.0, 2.7])


def seven_points() -> tuple[np.ndarray, np.ndarray]:
    """Copies of the seven (x, y) points fitted by a line throughout the chapter."""
    return SEVEN_X.copy(), SEVEN_Y.copy()


# ---------------------------------------------------------------- noisy points (overfitting)


def true_curve(x) -> np.ndarray:
    """The noise-free trend behind ``noisy_points``: the straight line 0.5 + 0.8 x."""
    return 0.5 + 0.8 * checks.float_array("x", x, finite=False)


def noisy_points(n: int = 11, seed: int = 0, noise: float = 0.15) -> tuple[np.ndarray, np.ndarray]:
    """n points with x evenly spaced in [0, 1] and y = true_curve(x) + N(0, noise²) noise."""
    n = checks.integer("n", n, minimum=2)
    noise, seed = checks.non_negative("noise", noise), checks.seed("seed", seed)
    x = np.linspace(0.0, 1.0, n)
    return x, true_curve(x) + noise * np.random.default_rng(seed).standard_normal(n)


# ---------------------------------------------------------------- 2-D classification


def classification(
    n: int = 400, seed: int = 0, noise: float = 0.8, classes: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spirals in the plane: X of shape (n, 2), labels y (int64) in 0..classes-1.

    Class k is an arm r ∈ (0, 1], angle θ = 4r + 2πk/classes (plus N(0, noise²) jitter on θ),
    point (r cos θ, r sin θ). The arms touch near the centre, so with few samples a large
    network learns the noise: its validation loss turns up while its training loss keeps falling.
    Classes are as equal in size as possible; rows come in shuffled order.
    """
    classes = checks.integer("classes", classes, minimum=2)
    n = checks.integer("n", n, minimum=classes)
    noise, seed = checks.non_negative("noise", noise), checks.seed("seed", seed)
    rng = np.random.default_rng(seed)
    y = np.arange(n) % classes
    rng.shuffle(y)
    r = rng.uniform(0.05, 1.0, n)
    theta = 4 * r + 2 * np.pi * y / classes + noise * rng.standard_normal(n)
    X = np.column_stack([r * np.cos(theta), r * np.sin(theta)])
    return X, y.astype(np.int64)


# ---------------------------------------------------------------- MNIST-shaped synthetic digits


def synthetic_digits(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """MNIST-shaped fake digits: X (n, 784) float64 in [0, 1], labels y (n,) int64 in 0..9.

    Each class has a fixed random 28×28 binary prototype (the same for every seed, so different
    seeds give fresh samples of the same ten classes); a sample is its class prototype with
    Gaussian pixel noise (σ = 0.35), clipped to [0, 1]. Meant for timing ``MLP([784, 15, 10])``:
    the classes are far apart, so a network reaches ~100 % accuracy within an epoch.
    """
    n, seed = checks.integer("n", n, minimum=1), checks.seed("seed", seed)
    prototypes = (np.random.default_rng(784).random((10, 784)) < 0.25).astype(float)
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 10, n)
    X = np.clip(prototypes[y] + 0.35 * rng.standard_normal((n, 784)), 0.0, 1.0)
    return X, y.astype(np.int64)


# ---------------------------------------------------------------- splits


def train_val_test_split(
    n: int, fractions: Sequence[float] = (0.7, 0.15, 0.15), seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle range(n) and cut it into (train, validation, test) index arrays.

    Sizes are the fractions times n rounded so they add up to n (largest remainders get the
    leftover indices), so each differs from fraction·n by less than one. A set with a
    positive fraction must get at least one index (a fraction of 0 asks for an empty set).
    """
    n, seed = checks.integer("n", n, minimum=3), checks.seed("seed", seed)
    f = checks.float_array("fractions", fractions, finite=False)
    if f.shape != (3,) or not np.all(np.isfinite(f)) or np.any(f < 0):
        raise ValueError(f"fractions must be 3 non-negative numbers, got {fractions!r}")
    if abs(f.sum() - 1) > 1e-9:
        raise ValueError(f"fractions must sum to 1, got {fractions!r} (sum {f.sum()})")
    exact = f * n
    sizes = np.floor(exact).astype(int)
    leftover = n - sizes.sum()
    sizes[np.argsort(-(exact - sizes), kind="stable")[:leftover]] += 1
    for size, share, part in zip(sizes, f, ("training", "validation", "test"), strict=True):
        if size == 0 and share > 0:
            raise ValueError(
                f"fractions {fractions!r} leave the {part} set empty for n = {n}: "
                f"{share:g} × {n} rounds to 0 indices (raise that fraction or n)"
            )
    order = np.random.default_rng(seed).permutation(n)
    a, b = sizes[0], sizes[0] + sizes[1]
    return order[:a], order[a:b], order[b:]


def kfold(n: int, k: int, seed: int = 0) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield k pairs (train_idx, val_idx): each index of a seeded shuffle of range(n) is in
    exactly one validation fold; fold sizes differ by at most one."""
    n, k, seed = (
        checks.integer("n", n, minimum=2),
        checks.integer("k", k, minimum=2),
        checks.seed("seed", seed),
    )
    if k > n:
        raise ValueError(f"k must be between 2 and n = {n}, got {k}")
    folds = np.array_split(np.random.default_rng(seed).permutation(n), k)

    def pairs() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """The folds one by one (arguments are checked before the first one is asked for)."""
        for i, val in enumerate(folds):
            yield np.concatenate(folds[:i] + folds[i + 1 :]), val

    return pairs()
