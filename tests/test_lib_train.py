"""Tests for lib.train: batching, loss going down, early stopping and argument checks."""

from dataclasses import dataclass

import numpy as np
import pytest

from lib import data, optim, train
from lib.nn import MLP
from tests.conftest import OTHER_SEED, REORDERED, SEED, SMALL_NET

X, Y = data.classification(200, seed=SEED)


@dataclass
class Counting:
    """Wraps an optimizer and counts its steps and batch sizes."""

    inner: object
    steps: int = 0

    @property
    def lr(self):
        """The wrapped optimizer's learning rate."""
        return self.inner.lr

    def init(self, params):
        """Delegate."""
        return self.inner.init(params)

    def step(self, params, grads, state):
        """Count, then delegate."""
        self.steps += 1
        return self.inner.step(params, grads, state)


def test_minibatch_training_reduces_loss():
    model = MLP([2, 16, 2], "tanh", seed=0)
    start = model.loss(X, Y)
    h = train.train(model, X, Y, optimizer=optim.Adam(lr=0.01), epochs=30, batch_size=16)
    assert len(h.train_loss) == len(h.train_acc) == 30 and h.stopped_epoch == 30
    assert h.train_loss[-1] < min(0.8 * start, h.train_loss[0])
    assert h.train_acc[-1] > 0.6
    assert h.val_loss == [] and h.best_epoch is None
    assert h.train_loss[-1] == pytest.approx(model.loss(X, Y))


@pytest.mark.parametrize(("batch_size", "per_epoch"), [(1, 200), (None, 1), (64, 4), (200, 1)])
def test_number_of_updates_per_epoch(batch_size, per_epoch):
    opt = Counting(optim.SGD(lr=0.01))
    train.train(MLP([2, 4, 2]), X, Y, optimizer=opt, epochs=3, batch_size=batch_size)
    assert opt.steps == 3 * per_epoch


def test_wrappers():
    counts = []
    for fn, kwargs in [
        (train.batch_gd, {}),
        (train.stochastic_gd, {}),
        (train.minibatch_gd, {"batch_size": 50}),
    ]:
        opt = Counting(optim.SGD(lr=0.01))
        fn(MLP([2, 4, 2]), X, Y, optimizer=opt, epochs=2, **kwargs)
        counts.append(opt.steps)
    assert counts == [2, 400, 8]


def test_batch_gd_matches_a_hand_written_loop():
    lr, model, ref = 0.5, MLP([2, 5, 2], seed=1), MLP([2, 5, 2], seed=1)
    train.batch_gd(model, X, Y, optimizer=optim.SGD(lr=lr), epochs=4)
    for _ in range(4):
        _, grads = ref.gradients(X, Y)
        ref.params = [p - lr * g for p, g in zip(ref.params, grads, strict=True)]
    for p, q in zip(model.params, ref.params, strict=True):
        np.testing.assert_allclose(p, q, rtol=1e-10, atol=1e-13)


def test_same_seed_same_run():
    runs = [
        train.train(
            MLP([2, 8, 2]),
            X,
            Y,
            optimizer=optim.SGD(lr=0.1),
            epochs=3,
            batch_size=10,
            seed=s,
            dropout=0.2,
        ).train_loss
        for s in (SEED, SEED, OTHER_SEED)
    ]
    assert runs[0] == runs[1] != runs[2]


def test_early_stopping_restores_best_params():
    Xa, ya = data.classification(400, seed=0)
    tr, va, _ = data.train_val_test_split(400, (0.1, 0.45, 0.45))
    model = MLP([2, 64, 64, 2], "relu", seed=0)
    h = train.train(
        model,
        Xa[tr],
        ya[tr],
        optimizer=optim.Adam(lr=3e-3),
        epochs=400,
        X_val=Xa[va],
        y_val=ya[va],
        patience=30,
    )
    assert 50 < h.best_epoch  # a real minimum, not an early wobble
    assert h.stopped_epoch == h.best_epoch + 30 < 400
    assert len(h.val_loss) == len(h.val_acc) == h.stopped_epoch
    assert h.val_loss[h.best_epoch - 1] == min(h.val_loss)
    assert model.loss(Xa[va], ya[va]) == pytest.approx(min(h.val_loss), rel=REORDERED)
    # Overfitting: after the best epoch training loss kept falling while validation rose.
    assert h.train_loss[-1] < 0.8 * h.train_loss[h.best_epoch - 1]
    assert h.val_loss[-1] > min(h.val_loss)


def test_regression_history_has_no_accuracy():
    x, y = data.noisy_points(11)
    model = MLP([1, 8, 1], "tanh")
    h = train.train(
        model, x[:, None], y, optimizer=optim.Adam(lr=0.01), epochs=5, X_val=x[:, None], y_val=y
    )
    assert h.train_acc is None and h.val_acc is None
    assert len(h.train_loss) == len(h.val_loss) == 5 and h.best_epoch is not None


def test_divergence_is_reported():
    x, y = data.noisy_points(11)
    model = MLP([1, 8, 1], "tanh")
    with pytest.raises(optim.DivergenceError, match=r"epoch \d+ .*smaller lr than 1\.0"):
        train.train(model, x[:, None], y * 100, optimizer=optim.SGD(lr=1.0), epochs=1000)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"epochs": 0}, "epochs must be an integer >= 1"),
        ({"epochs": 2.5}, "epochs"),
        ({"batch_size": 0}, r"batch_size must be None or an integer in 1\.\.200"),
        ({"batch_size": 201}, "batch_size"),
        ({"batch_size": 1.5}, "batch_size"),
        ({"patience": 0, "X_val": X, "y_val": Y}, "patience must be None or an integer >= 1"),
        ({"patience": 3}, "patience .* needs a validation set"),
        ({"X_val": X}, "X_val and y_val must be given together"),
        ({"l2": -1.0}, "l2"),
        ({"dropout": 1.0}, "dropout"),
    ],
)
def test_bad_arguments(kwargs, match):
    kwargs = {"optimizer": optim.SGD(), "epochs": 1} | kwargs
    with pytest.raises(ValueError, match=match):
        train.train(MLP(SMALL_NET), X, Y, **kwargs)


def test_bad_optimizer_and_data():
    with pytest.raises(TypeError, match="optimizer must have init and step"):
        train.train(MLP(SMALL_NET), X, Y, optimizer="adam", epochs=1)
    with pytest.raises(ValueError, match="X has 2 columns but the network's input size is 3"):
        train.train(MLP([3, 3, 2]), X, Y, optimizer=optim.SGD(), epochs=1)
