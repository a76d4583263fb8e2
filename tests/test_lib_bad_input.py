"""Every public function of `lib` answers bad input with a ValueError or TypeError that names
the argument and what it accepts: never a message from numpy's or Python's internals, never a
silent NaN. numpy scalars are numbers like any other."""

from __future__ import annotations

import inspect
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
    r"Singular|matmul|positional argument|unsupported operand|truth value|iteration over|"
    r"setting an array element|did not contain a loop|NoneType|too large to convert|Casting"
)
BOOLS4 = np.ones((4, 2), dtype=bool)


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


def surface(**kwargs) -> surfaces.Surface:
    """A plane with valid fields, overridden by ``kwargs``."""
    fields = {
        "name": "plane",
        "f": lambda x, y: x + y,
        "grad": lambda x, y: (np.ones_like(x), np.ones_like(y)),
        "bounds": ((-1.0, 1.0), (-1.0, 1.0)),
        "minima": (),
        "start": (0.5, 0.5),
    }
    return surfaces.Surface(**fields | kwargs)


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
    # polyfit_mse_l2 checks its arguments before converting them (issue #23)
    "polyfit_mse_l2 lam a string": (lambda: linear.polyfit_mse_l2(X7, Y7, 2, "a"), "lam"),
    "polyfit_mse_l2 lam None": (lambda: linear.polyfit_mse_l2(X7, Y7, 2, None), "lam"),
    "polyfit_mse_l2 lam True": (lambda: linear.polyfit_mse_l2(X7, Y7, 2, True), "lam"),
    "polyfit_mse_l2 lam complex": (lambda: linear.polyfit_mse_l2(X7, Y7, 2, 0.1 + 0j), "lam"),
    "polyfit_mse_l2 lam an array": (
        lambda: linear.polyfit_mse_l2(X7, Y7, 2, np.array([0.1, 0.2])),
        "lam",
    ),
    "polyfit_mse_l2 x None": (lambda: linear.polyfit_mse_l2(None, Y7, 2, 0.1), "x"),
    "polyfit_mse_l2 x a string": (lambda: linear.polyfit_mse_l2("abc", Y7, 2, 0.1), "x"),
    "polyfit_mse_l2 x a number": (lambda: linear.polyfit_mse_l2(2.0, Y7, 2, 0.1), "x"),
    "polyfit_mse_l2 x ragged": (
        lambda: linear.polyfit_mse_l2([[1.0, 2.0], [3.0]], Y7, 2, 0.1),
        "x",
    ),
    "polyfit_mse_l2 x complex": (lambda: linear.polyfit_mse_l2(X7 + 1j, Y7, 2, 0.1), "x"),
    "polyfit_mse_l2 y None": (lambda: linear.polyfit_mse_l2(X7, None, 2, 0.1), "y"),
    "polyfit_mse_l2 degree a string": (lambda: linear.polyfit_mse_l2(X7, Y7, "2", 0.1), "degree"),
    "polyfit_l2 lam True": (lambda: linear.polyfit_l2(X7, Y7, 2, True), "lam"),
    # arrays of booleans are not arrays of numbers (as True is not a number)
    "true_curve of booleans": (lambda: data.true_curve(np.array([True, False])), "x"),
    "true_curve of True": (lambda: data.true_curve(True), "x"),
    "mse of booleans": (lambda: linear.mse(np.array([True, False]), [1.0, 0.0]), "y"),
    "mse of boolean predictions": (
        lambda: linear.mse([1.0, 0.0], np.array([True, False])),
        "y_pred",
    ),
    "with_bias of booleans": (lambda: linear.with_bias(BOOLS4), "X"),
    "predict with boolean weights": (lambda: linear.predict(np.array([True, False]), X7), "w"),
    "polyval of boolean coefficients": (
        lambda: linear.polyval(np.array([True, False]), X7),
        "coeffs",
    ),
    "line_mse of boolean slopes": (
        lambda: linear.line_mse(np.array([True, False]), 0.0, X7, Y7),
        "m",
    ),
    "split fractions booleans": (
        lambda: data.train_val_test_split(10, np.array([True, False, False])),
        "fractions",
    ),
    "MLP.forward of booleans": (lambda: net().forward(BOOLS4), "X"),
    "MLP.loss of booleans": (lambda: net().loss(BOOLS4, LABELS4), "X"),
    "MLP.backward of a boolean delta": (lambda: forwarded().backward(BOOLS4), "delta"),
    "MLP.forward with boolean masks": (
        lambda: net().forward(X4, masks=[np.ones((4, 3), dtype=bool)]),
        "masks",
    ),
    "data_loss of boolean outputs": (lambda: data_loss(BOOLS4, LABELS4), "out"),
    "data_loss of boolean targets": (lambda: data_loss(TARGETS4, BOOLS4), "y"),
    "surface f of booleans": (lambda: surfaces.BEALE.f(np.array([True]), 1.0), "x"),
    "vector_grad p booleans": (
        lambda: surfaces.vector_grad(surfaces.BEALE)(np.array([True, False])),
        "p",
    ),
    "relative_error of booleans": (
        lambda: gradcheck.relative_error(np.array([True, False]), [1.0, 0.0]),
        "a",
    ),
    "step with boolean grads": (
        lambda: optim.SGD().step(
            [np.zeros(2)], [np.array([True, False])], optim.SGD().init([np.zeros(2)])
        ),
        "grads",
    ),
    "descend from a boolean start": (
        lambda: optim.descend(optim.SGD(), lambda p: p, np.array([True, False]), 3),
        "start",
    ),
    "train X booleans": (lambda: fit(X=BOOLS4), "X"),
    # empty input: an error, not an empty result or a NaN
    "with_bias of nothing": (lambda: linear.with_bias([]), "X"),
    "predict with no rows": (lambda: linear.predict([1.0, 2.0], np.zeros((0, 1))), "X"),
    "MLP.forward with no rows": (lambda: net().forward(np.zeros((0, 2))), "X"),
    "MLP.predict with no rows": (lambda: net().predict(np.zeros((0, 2))), "X"),
    "descend from an empty start": (
        lambda: optim.descend(optim.SGD(), lambda p: p, [], 3),
        "start",
    ),
    "data_loss with no rows": (lambda: data_loss(np.zeros((0, 2)), LABELS4[:0]), "out"),
    "data_loss with no rows of float targets": (
        lambda: data_loss(np.zeros((0, 2)), np.zeros((0, 2))),
        "out",
    ),
    "data_loss with no outputs": (lambda: data_loss(np.zeros((4, 0)), np.zeros((4, 0))), "out"),
    # 0-d arrays count as numbers only if they hold a real number
    "lr a 0-d boolean array": (lambda: optim.SGD(lr=np.array(True)), "lr"),
    "lr a 0-d complex array": (lambda: optim.SGD(lr=np.array(0.1 + 0j)), "lr"),
    "lr a 0-d object array": (lambda: optim.SGD(lr=np.array(0.1, dtype=object)), "lr"),
    "lr a 0-d array of text": (lambda: optim.SGD(lr=np.array("0.1")), "lr"),
    "lr a 1-element array": (lambda: optim.SGD(lr=np.array([0.1])), "lr"),
    "epochs a 0-d float array": (lambda: fit(epochs=np.array(2.0)), "epochs"),
    "seed a 0-d boolean array": (lambda: data.noisy_points(seed=np.array(True)), "seed"),
    "nesterov a 0-d float array": (
        lambda: optim.SGD(momentum=0.9, nesterov=np.array(1.0)),
        "nesterov",
    ),
    # found by probing every public function
    "lr an int too large for a float": (lambda: optim.SGD(lr=10**400), "lr"),
    "sizes a 0-d array": (lambda: MLP(np.array(3)), "sizes"),
    "betas a 0-d array": (lambda: optim.Adam(betas=np.array(0.9)), "betas"),
    "rng a string without dropout": (lambda: net().loss(X4, LABELS4, rng="s"), "rng"),
    "init of None": (lambda: optim.SGD().init(None), "params"),
    "relative_error with a NaN": (
        lambda: gradcheck.relative_error([math.nan, 1.0], [1.0, 1.0]),
        "a",
    ),
    "numerical_gradient of a NaN loss": (
        lambda: gradcheck.numerical_gradient(lambda: math.nan, np.zeros(2)),
        "f()",
    ),
    "data_loss of targets with NaN": (lambda: data_loss(TARGETS4, np.full((4, 2), math.nan)), "y"),
    "update of a string": (lambda: optim.SGD().update("a", np.ones(2), np.zeros(2)), "W"),
    "update without a gradient": (
        lambda: optim.Adam().update(np.zeros(2), None, np.zeros(2), np.zeros(2), t=1),
        "g",
    ),
    "update of complex weights": (
        lambda: optim.RMSprop().update(np.zeros(2) + 1j, np.ones(2), np.zeros(2)),
        "W",
    ),
    "update with a state of another shape": (
        lambda: optim.SGD().update(np.zeros(2), np.ones(2), np.zeros(3)),
        "z",
    ),
    "Adam.update at step 0": (
        lambda: optim.Adam().update(np.zeros(2), np.ones(2), np.zeros(2), np.zeros(2), t=0),
        "t",
    ),
    "Surface f not a function": (lambda: surface(f="x**2"), "f"),
    "Surface with reversed bounds": (lambda: surface(bounds=((1.0, -1.0), (0.0, 1.0))), "bounds"),
    "Surface start not a point": (lambda: surface(start=(0.5, 0.5, 0.5)), "start"),
    "Surface minima of text": (lambda: surface(minima=(("a", "b"),)), "minima"),
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


def stepped(optimizer) -> tuple:
    """Two steps of ``optimizer`` on one parameter array: the new params and state."""
    params, grads = [np.array([1.0, -2.0, 0.5])], [np.array([0.3, -4.0, 1e-4])]
    state = optimizer.init(params)
    for _ in range(2):
        params, state = optimizer.step(params, grads, state)
    return params, state


def trained(number) -> list[float]:
    """The losses of a short run of ``train`` with all its numbers passed through ``number``."""
    history = train.train(
        net(),
        X4,
        LABELS4,
        optimizer=optim.SGD(lr=number(0.1), momentum=number(0.5)),
        epochs=number(3),
        batch_size=number(2),
        X_val=X4,
        y_val=LABELS4,
        seed=number(1),
        patience=number(2),
        l1=number(0.01),
        l2=number(0.02),
        dropout=number(0.25),
    )
    return history.train_loss + history.val_loss


# Calls whose numbers all pass through ``number``: ``float``/``int`` or ``np.array`` (0-d).
SAME_WITH_0D_ARRAYS = {
    "noisy_points": lambda number: data.noisy_points(number(5), number(1), number(0.1)),
    "classification": lambda number: data.classification(
        number(12), number(2), number(0.5), number(3)
    ),
    "synthetic_digits": lambda number: data.synthetic_digits(number(3), number(1)),
    "train_val_test_split": lambda number: data.train_val_test_split(number(20), seed=number(2)),
    "kfold": lambda number: list(data.kfold(number(6), number(3), number(1))),
    "true_curve": lambda number: data.true_curve(number(0.5)),
    "polyfit_l2": lambda number: linear.polyfit_l2(X7, Y7, number(2), number(0.5)),
    "polyfit_mse_l2": lambda number: linear.polyfit_mse_l2(X7, Y7, number(2), number(0.5)),
    "line_mse": lambda number: linear.line_mse(number(0.5), number(1.0), X7, Y7),
    "surface": lambda number: surfaces.BEALE.grad(number(1.0), number(2.0)),
    "MLP": lambda number: MLP([number(2), number(3), number(2)], "relu", number(1)).params,
    "MLP.gradients": lambda number: net().gradients(
        X4, LABELS4, l1=number(0.1), l2=number(0.5), dropout=number(0.5), rng=number(3)
    ),
    "MLP.backward": lambda number: forwarded().backward(
        np.ones((4, 2)), l1=number(0.1), l2=number(0.2)
    ),
    "MLP.dropout_masks": lambda number: net().dropout_masks(number(4), number(0.5), number(3)),
    "numerical_gradient": lambda number: gradcheck.numerical_gradient(
        lambda: 0.5, np.zeros(2), number(1e-3)
    ),
    "SGD": lambda number: stepped(optim.SGD(number(0.1), number(0.9), np.array(True))),
    "AdaGrad": lambda number: stepped(optim.AdaGrad(number(0.1), number(1e-6))),
    "AdaDelta": lambda number: stepped(optim.AdaDelta(number(0.5), number(0.8), number(1e-5))),
    "RMSprop": lambda number: stepped(optim.RMSprop(number(0.1), number(0.9), number(1e-6))),
    "Adam": lambda number: stepped(optim.Adam(number(0.1), (number(0.8), number(0.9)))),
    "Adam.update": lambda number: optim.Adam().update(
        np.ones(2), np.ones(2), np.zeros(2), np.zeros(2), t=number(2)
    ),
    "descend": lambda number: optim.descend(
        optim.SGD(lr=number(0.1)), lambda p: 2 * p, [1.0, 2.0], number(5)
    ),
    "train": trained,
    "minibatch_gd": lambda number: (
        train.minibatch_gd(
            net(), X4, LABELS4, number(3), optimizer=optim.SGD(lr=0.1), epochs=number(2)
        ).train_loss
    ),
}


@pytest.mark.parametrize("call", list(SAME_WITH_0D_ARRAYS))
def test_zero_d_arrays_are_accepted_like_the_numbers_they_hold(call):
    """``np.array(0.1)`` is a numpy scalar in all but name: accepted, with the same result."""
    function = SAME_WITH_0D_ARRAYS[call]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_equal(function(np.array), function(lambda number: number))


def test_checked_update_shows_the_rule_as_written():
    """The book lists ``Adam.update`` from its source: the check around it does not show."""
    source = inspect.getsource(optim.Adam.update)
    assert source.lstrip().startswith("def update(self, W: Array, g: Array, m: Array, v: Array")
    assert "checks" not in source
    assert list(inspect.signature(optim.Adam.update).parameters) == [
        *("self", "W", "g", "m", "v", "t")
    ]


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
