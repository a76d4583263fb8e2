"""Every public function of `lib` answers bad input with a ValueError or TypeError that names
the argument and what it accepts: never a message from numpy's or Python's internals, never a
silent NaN. numpy scalars are numbers like any other."""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest

from lib import checks, data, gradcheck, linear, optim, surfaces, train
from lib.nn import MLP, data_loss
from tests.conftest import SEED, SMALL_NET

X4 = np.zeros((4, 2))
LABELS4 = np.array([0, 1, 0, 1])
TARGETS4 = np.zeros((4, 2))
X7, Y7 = data.seven_points()
# Phrases of messages that come from numpy or Python, not from the library.
INTERNALS = re.compile(
    r"ufunc|could not convert|could not be broadcast|operands|not supported between|object is not|"
    r"has no attribute|unsized|zero-size|division by zero|arg 3|unhashable|inhomogeneous|"
    r"Singular|matmul|positional argument"
)


def net() -> MLP:
    """A small classifier: 2 inputs, 3 hidden units, 2 classes."""
    return MLP(SMALL_NET, "tanh")


def forwarded() -> MLP:
    """``net()`` after a forward pass of X4, ready for ``backward``."""
    model = net()
    model.forward(X4)
    return model


def fit(**kwargs):
    """`train.train` on four samples with one epoch of SGD, overridden by ``kwargs``."""
    args = {"X": X4, "y": LABELS4, "optimizer": optim.SGD(lr=0.1), "epochs": 1} | kwargs
    return train.train(net(), args.pop("X"), args.pop("y"), **args)


def adam_step(state):
    """Adam's step on one parameter array with the given state."""
    return optim.Adam().step([np.zeros(2)], [np.ones(2)], state)


# (what is called, the argument the message must name)
BAD_CALLS = {
    # empty data
    "MLP.loss with no rows": (lambda: net().loss(np.zeros((0, 2)), LABELS4[:0]), "X"),
    "MLP.gradients with no rows": (lambda: net().gradients(np.zeros((0, 2)), LABELS4[:0]), "X"),
    "train with no rows": (lambda: fit(X=np.zeros((0, 2)), y=LABELS4[:0]), "X"),
    "mse of nothing": (lambda: linear.mse([], []), "y"),
    "mse_grad with no rows": (lambda: linear.mse_grad([0.0, 0.0], [], []), "X"),
    "least_squares with no rows": (lambda: linear.least_squares([], []), "X"),
    # targets of two kinds
    "float y, integer y_val": (
        lambda: fit(y=TARGETS4, X_val=X4, y_val=LABELS4),
        "y_val",
    ),
    "integer y, float y_val": (
        lambda: fit(y=LABELS4, X_val=X4, y_val=TARGETS4),
        "y_val",
    ),
    # arrays that are not arrays of real numbers
    "X of strings": (lambda: net().forward([["a", "b"]]), "X"),
    "X of numeric strings": (lambda: net().loss([["1", "2"]], [0]), "X"),
    "X of objects": (lambda: net().loss(np.array([[1, None]], dtype=object), [0]), "X"),
    "X ragged": (lambda: net().loss([[1.0, 2.0], [3.0]], [0, 1]), "X"),
    "X complex": (lambda: net().loss(np.array([[1 + 2j, 0]]), [0]), "X"),
    "X None": (lambda: net().forward(None), "X"),
    "y of strings": (lambda: net().loss(X4, ["a", "b", "a", "b"]), "y"),
    "y complex": (lambda: net().loss(X4, np.zeros((4, 2), dtype=complex)), "y"),
    "y booleans": (lambda: net().loss(X4, np.array([True, False, True, False])), "y"),
    "y a scalar": (lambda: net().loss(X4, 1), "y"),
    "y None": (lambda: net().loss(X4, None), "y"),
    "train y None": (lambda: fit(y=None), "y"),
    "linear X of strings": (lambda: linear.predict([0.0, 1.0], ["a", "b"]), "X"),
    "linear y complex": (lambda: linear.least_squares(X7, Y7 + 1j), "y"),
    "line_mse x None": (lambda: linear.line_mse(1.0, 0.0, None, Y7), "x"),
    "polyval coeffs strings": (lambda: linear.polyval(["a"], X7), "coeffs"),
    "true_curve x strings": (lambda: data.true_curve("abc"), "x"),
    "relative_error strings": (lambda: gradcheck.relative_error("ab", [1.0, 2.0]), "a"),
    "vector_grad p strings": (lambda: surfaces.vector_grad(surfaces.BEALE)("ab"), "p"),
    "surface f of strings": (lambda: surfaces.BEALE.f("a", 1.0), "x"),
    "surface grad of None": (lambda: surfaces.ROSENBROCK.grad(1.0, None), "y"),
    "surface f of shapes that do not fit": (
        lambda: surfaces.SADDLE.f(np.zeros(3), np.zeros(4)),
        "x and y",
    ),
    # hyperparameters that are not numbers
    "l1 None": (lambda: net().loss(X4, LABELS4, l1=None), "l1"),
    "l2 a string": (lambda: net().gradients(X4, LABELS4, l2="0.1"), "l2"),
    "dropout None": (lambda: net().loss(X4, LABELS4, dropout=None), "dropout"),
    "dropout a string": (lambda: net().gradients(X4, LABELS4, dropout="0.5"), "dropout"),
    "train l1 a string": (lambda: fit(l1="0"), "l1"),
    "train dropout None": (lambda: fit(dropout=None), "dropout"),
    "noise None": (lambda: data.noisy_points(noise=None), "noise"),
    "noise a string": (lambda: data.classification(noise="0.8"), "noise"),
    "lam None": (lambda: linear.polyfit_l2(X7, Y7, 2, None), "lam"),
    "lam a string": (lambda: linear.polyfit_l2(X7, Y7, 2, "0.1"), "lam"),
    "eps None": (lambda: gradcheck.numerical_gradient(lambda: 0.0, np.zeros(2), None), "eps"),
    "lr None": (lambda: optim.Adam(lr=None), "lr"),
    "lr complex": (lambda: optim.SGD(lr=0.1 + 0j), "lr"),
    "momentum a string": (lambda: optim.SGD(momentum="0.9"), "momentum"),
    "betas of strings": (lambda: optim.Adam(betas=("a", "b")), "betas"),
    "nesterov a string": (lambda: optim.SGD(momentum=0.9, nesterov="yes"), "nesterov"),
    "seed a string": (lambda: data.noisy_points(seed="s"), "seed"),
    "rng a string": (lambda: net().dropout_masks(4, 0.5, rng="s"), "rng"),
    "activation a list": (lambda: MLP([2, 2], activation=["tanh"]), "activation"),
    "sizes a number": (lambda: MLP(5), "sizes"),
    "minibatch batch_size None": (
        lambda: train.minibatch_gd(
            net(), X4, LABELS4, batch_size=None, optimizer=optim.SGD(), epochs=1
        ),
        "batch_size",
    ),
    # shapes that do not fit
    "predict with 3 weights for 1 feature": (lambda: linear.predict([1.0, 2.0, 3.0], X7), "w"),
    "predict with 1 weight": (lambda: linear.predict([1.0], X7), "w"),
    "mse_grad with y too short": (lambda: linear.mse_grad([0.0, 0.0], X7, Y7[:-1]), "y"),
    "mse_grad with 3 weights": (lambda: linear.mse_grad([0.0, 0.0, 0.0], X7, Y7), "w"),
    "line_mse with y too short": (lambda: linear.line_mse(1.0, 0.0, X7, Y7[:-1]), "x and y"),
    "line_mse with m, b not broadcasting": (
        lambda: linear.line_mse(np.zeros(3), np.zeros(4), X7, Y7),
        "m and b",
    ),
    "line_mse_grad with x 2-D": (lambda: linear.line_mse_grad(1.0, 0.0, X7[:, None], Y7), "x"),
    "least_squares with one point": (lambda: linear.least_squares([1.0], [2.0]), "X"),
    # the wrong state for an optimizer's step
    "Adam.step with SGD's state": (lambda: adam_step(optim.SGD().init([np.zeros(2)])), "state"),
    "Adam.step with no state": (lambda: adam_step(None), "state"),
    "Adam.step with a state for other params": (
        lambda: adam_step(optim.Adam().init([np.zeros(3)])),
        "state",
    ),
    "RMSprop.step with Adam's state": (
        lambda: optim.RMSprop().step(np.zeros(2), np.ones(2), optim.Adam().init(np.zeros(2))),
        "state",
    ),
    "update_each with a state that is not one": (
        lambda: optim.update_each(optim.SGD().update, [np.zeros(2)], [np.ones(2)], [np.zeros(2)]),
        "state",
    ),
    "update_each with a rule that is not a function": (
        lambda: optim.update_each("sgd", [np.zeros(2)], [np.ones(2)], optim.SGDState([])),
        "rule",
    ),
    "MLP.backward with delta of the wrong shape": (
        lambda: forwarded().backward(np.zeros((4, 3))),
        "delta",
    ),
    "MLP.backward with a delta of NaNs": (
        lambda: forwarded().backward(np.full((4, 2), np.nan)),
        "delta",
    ),
    "MLP.forward with masks of the wrong shape": (
        lambda: net().forward(X4, masks=[np.ones((4, 2))]),
        "masks",
    ),
    "data_loss with labels out of range": (lambda: data_loss(TARGETS4, [0, 1, 2, 1]), "labels y"),
    "data_loss with targets of another shape": (lambda: data_loss(TARGETS4, np.zeros(4)), "float"),
    "data_loss of 1-D outputs": (lambda: data_loss(np.zeros(4), LABELS4), "out"),
    "step with grads of strings": (
        lambda: optim.SGD().step([np.zeros(2)], [["a", "b"]], optim.SGD().init([np.zeros(2)])),
        "grads",
    ),
    # functions where functions are due
    "descend without a gradient function": (
        lambda: optim.descend(optim.SGD(), None, [0.0, 0.0], 3),
        "grad",
    ),
    "descend with a gradient of strings": (
        lambda: optim.descend(optim.SGD(), lambda p: ["a", "b"], [0.0, 0.0], 3),
        "grad",
    ),
    "numerical_gradient of a function returning text": (
        lambda: gradcheck.numerical_gradient(lambda: "0.5", np.zeros(2)),
        "f()",
    ),
    "numerical_gradient of a non-function": (
        lambda: gradcheck.numerical_gradient(3.0, np.zeros(2)),
        "f",
    ),
    "vector_grad of a name": (lambda: surfaces.vector_grad("beale"), "surface"),
    "train a model that is not one": (
        lambda: train.train("mlp", X4, LABELS4, optimizer=optim.SGD(), epochs=1),
        "model",
    ),
}


@pytest.mark.parametrize("call", list(BAD_CALLS), ids=list(BAD_CALLS))
def test_bad_input_is_named_in_a_value_or_type_error(call):
    function, argument = BAD_CALLS[call]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning instead of an error is not an answer
        with pytest.raises((ValueError, TypeError)) as raised:
            function()
    message = str(raised.value)
    assert message.startswith(argument) or f" {argument}" in message, message
    assert not INTERNALS.search(message), message


def test_numerical_gradient_takes_any_real_loss_even_zero():
    p = np.zeros(2)
    np.testing.assert_allclose(gradcheck.numerical_gradient(lambda: 0.0, p), [0.0, 0.0])
    np.testing.assert_allclose(gradcheck.numerical_gradient(lambda: np.sum(p), p), [1.0, 1.0])
    np.testing.assert_allclose(
        gradcheck.numerical_gradient(lambda: np.array(2 * p[0]), p), [2.0, 0.0]
    )


def test_wrong_types_are_type_errors_that_are_also_value_errors():
    with pytest.raises(TypeError, match=r"lr must be a positive finite number, got None"):
        optim.SGD(lr=None)
    with pytest.raises(ValueError, match="lr must be a positive finite number"):
        optim.SGD(lr="0.1")  # code catching ValueError for bad arguments still works
    assert issubclass(checks.ArgumentTypeError, TypeError)
    assert issubclass(checks.ArgumentTypeError, ValueError)


def test_mixed_target_kinds_name_both_kinds():
    with pytest.raises(ValueError, match="y holds float targets but y_val holds integer class"):
        fit(y=TARGETS4, X_val=X4, y_val=LABELS4)
    with pytest.raises(ValueError, match="y holds integer class labels but y_val holds float"):
        fit(y=LABELS4, X_val=X4, y_val=TARGETS4)


@pytest.mark.parametrize(
    ("n", "fractions", "empty"),
    [
        # 9 + 0.5 + 0.5: the one index left over goes to the first of the equal remainders.
        (10, (0.9, 0.05, 0.05), "test"),
        # 2.4 + 0.3 + 0.3: the index left over goes to the largest remainder, training's.
        (3, (0.8, 0.1, 0.1), "validation"),
        (100, (0.995, 0.0, 0.005), "test"),
    ],
)
def test_split_fractions_that_leave_a_set_empty_are_refused(n, fractions, empty):
    with pytest.raises(ValueError, match=f"leave the {empty} set empty for n = {n}"):
        data.train_val_test_split(n, fractions)


def test_a_fraction_of_zero_asks_for_an_empty_set():
    train_idx, val_idx, test_idx = data.train_val_test_split(10, (0.8, 0.2, 0.0))
    assert (len(train_idx), len(val_idx), len(test_idx)) == (8, 2, 0)


# ---------------------------------------------------------------- numpy scalars are numbers


@pytest.mark.parametrize("lr", [np.float32(0.1), np.float64(0.1), np.int64(1), np.int32(1)])
@pytest.mark.parametrize("name", list(optim.OPTIMIZERS))
def test_numpy_learning_rates_are_accepted_like_python_numbers(name, lr):
    params, grads = [np.ones(3)], [np.full(3, 0.5)]
    numpy_opt = optim.OPTIMIZERS[name](lr=lr)
    python_opt = optim.OPTIMIZERS[name](lr=float(lr))
    new_numpy, _ = numpy_opt.step(params, grads, numpy_opt.init(params))
    new_python, _ = python_opt.step(params, grads, python_opt.init(params))
    np.testing.assert_array_equal(new_numpy[0], new_python[0])
    assert isinstance(numpy_opt.lr, float)


def test_numpy_scalars_everywhere():
    assert len(data.noisy_points(np.int64(5), np.int64(1), np.float32(0.1))[0]) == 5
    assert len(data.classification(np.int64(10), noise=np.float32(0.5))[0]) == 10
    assert len(data.train_val_test_split(np.int64(20), seed=np.int64(2))[0]) == 14
    assert optim.SGD(lr=0.1, momentum=np.float32(0.5)).momentum == float(np.float32(0.5))
    assert optim.Adam(betas=(np.float32(0.9), np.float64(0.99))).betas == (
        float(np.float32(0.9)),
        0.99,
    )
    coeffs = linear.polyfit_l2(X7, Y7, np.int64(2), np.float32(0.5))
    np.testing.assert_array_equal(coeffs, linear.polyfit_l2(X7, Y7, 2, float(np.float32(0.5))))
    model = MLP([np.int64(n) for n in SMALL_NET], seed=np.int64(SEED))
    loss = model.loss(X4, LABELS4, l2=np.float32(0.5), dropout=np.float64(0.0))
    assert loss == MLP(SMALL_NET, seed=SEED).loss(X4, LABELS4, l2=float(np.float32(0.5)))
    history = train.train(
        model,
        X4,
        LABELS4,
        optimizer=optim.SGD(lr=np.float32(0.1)),
        epochs=np.int64(2),
        batch_size=np.int64(2),
        seed=np.int64(0),
        l1=np.float32(0.0),
    )
    assert history.stopped_epoch == 2


# ---------------------------------------------------------------- descend's failures


def test_nan_gradient_is_reported_as_a_non_finite_gradient_at_its_step():
    def grad(p):
        return np.array([math.nan, 1.0]) if p[1] < -0.25 else np.array([0.0, 1.0])

    # p[1] goes 0, -0.1, -0.2, -0.3: the gradient at the point of step 4 is NaN.
    with pytest.raises(optim.DivergenceError) as raised:
        optim.descend(optim.SGD(lr=0.1), grad, [0.0, 0.0], 10)
    message = str(raised.value)
    assert "gradient is not finite at step 4" in message
    assert "lr" not in message


def test_divergence_of_an_optimizer_without_lr_is_still_a_divergence_error():
    class Doubling:
        """Doubles the point every step: diverges, and has no learning rate."""

        def init(self, params):
            return None

        def step(self, params, grads, state):
            return params * 1e200, state

    with pytest.raises(optim.DivergenceError, match="step 2 .*smaller learning rate"):
        optim.descend(Doubling(), lambda p: np.zeros_like(p), [1.0], 5)
