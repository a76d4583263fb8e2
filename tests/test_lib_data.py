"""Tests for lib.data: the fixed points, generators, splits and k-fold (with hypothesis)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import data
from tests.conftest import OTHER_SEED, SEED


def test_seven_points_are_copies():
    x, y = data.seven_points()
    np.testing.assert_array_equal(x, [2.4, 2.8, 3.2, 3.6, 4.0, 4.2, 5.0])
    np.testing.assert_array_equal(y, [1.7, 1.85, 1.79, 1.95, 2.1, 2.0, 2.7])
    x[0] = 99.0
    assert data.SEVEN_X[0] == 2.4 and data.seven_points()[0][0] == 2.4


def test_noisy_points():
    x, y = data.noisy_points()
    assert x.shape == y.shape == (11,)
    np.testing.assert_allclose(x, np.linspace(0, 1, 11))
    residual = y - data.true_curve(x)
    assert 0 < np.std(residual) < 0.4
    np.testing.assert_array_equal(y, data.noisy_points()[1])
    assert not np.array_equal(y, data.noisy_points(seed=OTHER_SEED)[1])
    x5, y5 = data.noisy_points(5, noise=0.0)
    np.testing.assert_allclose(y5, 0.5 + 0.8 * np.linspace(0, 1, 5))


@pytest.mark.parametrize("classes", [2, 3])
def test_classification(classes):
    X, y = data.classification(301, seed=SEED, classes=classes)
    assert X.shape == (301, 2) and X.dtype == np.float64
    assert y.dtype == np.int64 and set(np.unique(y)) == set(range(classes))
    counts = np.bincount(y)
    assert counts.max() - counts.min() <= 1
    X2, y2 = data.classification(301, seed=SEED, classes=classes)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(X, data.classification(301, seed=OTHER_SEED, classes=classes)[0])


def test_synthetic_digits():
    X, y = data.synthetic_digits(500, seed=SEED)
    assert X.shape == (500, 784) and X.dtype == np.float64
    assert X.min() >= 0 and X.max() <= 1
    assert y.dtype == np.int64 and set(np.unique(y)) == set(range(10))
    # Same ten classes for every seed: class means agree across seeds.
    X2, y2 = data.synthetic_digits(500, seed=OTHER_SEED)
    assert np.abs(X[y == 3].mean(0) - X2[y2 == 3].mean(0)).mean() < 0.1


def check_split(n, fractions, parts):
    """Disjoint, complete, and sizes within one of fraction·n."""
    joined = np.concatenate(parts)
    np.testing.assert_array_equal(np.sort(joined), np.arange(n))
    for f, part in zip(fractions, parts, strict=True):
        assert abs(len(part) - f * n) < 1
        assert part.dtype.kind == "i"


def test_split_default():
    parts = data.train_val_test_split(100)
    assert [len(p) for p in parts] == [70, 15, 15]
    check_split(100, (0.7, 0.15, 0.15), parts)
    same = data.train_val_test_split(100)
    other = data.train_val_test_split(100, seed=OTHER_SEED)
    assert all(np.array_equal(a, b) for a, b in zip(parts, same, strict=True))
    assert not np.array_equal(parts[0], other[0])


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(3, 500),
    weights=st.tuples(*[st.integers(0, 20)] * 3).filter(lambda w: sum(w) > 0),
    seed=st.integers(0, 2**32 - 1),
)
def test_split_property(n, weights, seed):
    fractions = tuple(w / sum(weights) for w in weights)
    try:
        parts = data.train_val_test_split(n, fractions, seed)
    except ValueError as error:  # only when a set asked for would be empty
        assert "set empty" in str(error)
        assert any(0 < f * n < 1 for f in fractions)
        return
    check_split(n, fractions, parts)
    assert all(len(part) > 0 for part, f in zip(parts, fractions, strict=True) if f > 0)


@settings(max_examples=150, deadline=None)
@given(n=st.integers(2, 300), data_=st.data(), seed=st.integers(0, 2**32 - 1))
def test_kfold_property(n, data_, seed):
    k = data_.draw(st.integers(2, n))
    folds = list(data.kfold(n, k, seed))
    assert len(folds) == k
    vals = np.concatenate([v for _, v in folds])
    np.testing.assert_array_equal(np.sort(vals), np.arange(n))  # each index validated once
    sizes = [len(v) for _, v in folds]
    assert max(sizes) - min(sizes) <= 1
    for train, val in folds:
        assert len(np.intersect1d(train, val)) == 0
        np.testing.assert_array_equal(np.sort(np.concatenate([train, val])), np.arange(n))


def test_kfold_seeded():
    a = [v for _, v in data.kfold(20, 4, seed=SEED)]
    b = [v for _, v in data.kfold(20, 4, seed=SEED)]
    c = [v for _, v in data.kfold(20, 4, seed=OTHER_SEED)]
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert not all(np.array_equal(x, y) for x, y in zip(a, c, strict=True))


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((2,), "n must be an integer >= 3"),
        ((10, (0.5, 0.5)), "fractions must be 3"),
        ((10, (0.5, 0.6, -0.1)), "fractions must be 3 non-negative"),
        ((10, (0.5, 0.3, 0.3)), "fractions must sum to 1"),
        ((10, (0.5, 0.5, np.nan)), "fractions"),
        ((10.0,), "n must be an integer"),
    ],
)
def test_split_validation(args, match):
    with pytest.raises(ValueError, match=match):
        data.train_val_test_split(*args)


@pytest.mark.parametrize(
    ("n", "k", "match"),
    [
        (10, 1, "k must be an integer >= 2"),
        (5, 6, "k must be between 2 and n = 5"),
        (1, 2, "n must"),
    ],
)
def test_kfold_validation_is_eager(n, k, match):
    with pytest.raises(ValueError, match=match):
        data.kfold(n, k)  # raises at the call, before the first fold is asked for


def test_generator_validation():
    with pytest.raises(ValueError, match="classes"):
        data.classification(10, classes=1)
    with pytest.raises(ValueError, match="noise"):
        data.noisy_points(noise=-1.0)
    with pytest.raises(ValueError, match="n must be an integer >= 1"):
        data.synthetic_digits(0)
