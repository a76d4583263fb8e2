"""Overfitting and its cures: noisy points and their fits, a network trained too long, dropout."""

from functools import cache

import numpy as np

from lib import data, linear, nn, optim, train

from . import params


def noisy():
    """The eleven noisy points shared by the overfitting and regularization figures."""
    return data.noisy_points(params.NOISY_N, params.NOISY_SEED, params.NOISY_NOISE)


def held_out():
    """Fresh points from the same curve and noise as `noisy`, never seen by the fits: 201
    evenly spaced x across the same range (so they fall between the training points too)."""
    x, _ = noisy()
    x_new = np.linspace(x.min(), x.max(), 201)
    rng = np.random.default_rng(params.NOISY_SEED + 1)
    return x_new, data.true_curve(x_new) + rng.normal(0.0, params.NOISY_NOISE, x_new.size)


@cache
def overfit_history():
    """Train a big MLP on a small training split of the spirals; stop early with patience."""
    X, y = data.classification(params.CURVES_N, params.CURVES_SEED, params.CURVES_NOISE)
    tr, va, _ = data.train_val_test_split(len(y), params.CURVES_FRACTIONS, params.CURVES_SEED)
    model = nn.MLP(params.CURVES_SIZES, params.CURVES_ACTIVATION, seed=params.CURVES_SEED)
    return train.train(
        model,
        X[tr],
        y[tr],
        optimizer=optim.Adam(lr=params.CURVES_LR),
        epochs=params.CURVES_EPOCHS,
        batch_size=params.CURVES_BATCH,
        X_val=X[va],
        y_val=y[va],
        seed=params.CURVES_SEED,
        patience=params.CURVES_PATIENCE,
    )


def dropped_units(sizes):
    """Hidden units switched off by dropout (a seeded coin flip each, at least one kept)."""
    rng = np.random.default_rng(params.DROPOUT_SEED)
    dropped = set()
    for layer in range(1, len(sizes) - 1):
        off = rng.random(sizes[layer]) < params.DROPOUT_RATE
        if off.all():
            off[rng.integers(sizes[layer])] = False
        dropped |= {(layer, i) for i in np.flatnonzero(off)}
    return dropped


@cache
def overfit_errors() -> dict[str, float]:
    """Training and test MSE of the straight line and of the polynomial through every point."""
    x, y = noisy()
    x_test, y_test = held_out()
    errors = {}
    for name, degree in (("line", 1), ("poly", params.OVERFIT_DEGREE)):
        coeffs = linear.polyfit_l2(x, y, degree, 0.0)
        errors[f"{name}_train"] = linear.mse(y, linear.polyval(coeffs, x))
        errors[f"{name}_test"] = linear.mse(y_test, linear.polyval(coeffs, x_test))
    return errors
