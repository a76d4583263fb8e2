"""Tests for lib.optim: golden values from the published update rules, equivalences,
convergence on a convex quadratic, ``descend`` and argument validation."""

import math
from typing import NamedTuple

import numpy as np
import pytest

from lib import optim
from lib.gradcheck import relative_error
from tests.conftest import REORDERED

P0 = np.linspace(-1, 1, 6)


def g_of(p):
    """A fixed, non-linear gradient field used for the golden values."""
    return p**3 - 0.5 * p + 0.1


# ---------------------------------------------------------- reference rules, one number at a time
# Each reference follows the published (torch.optim) rule with explicit loops over coordinates.


def ref_sgd(p, steps, lr, momentum=0.0, nesterov=False):
    """torch.optim.SGD, coordinate by coordinate; the buffer is g on the first step."""
    p = [float(v) for v in p]
    buf = [None] * len(p)
    for _ in range(steps):
        for i in range(len(p)):
            g = p[i] ** 3 - 0.5 * p[i] + 0.1
            if momentum != 0:
                buf[i] = g if buf[i] is None else momentum * buf[i] + g
                g = g + momentum * buf[i] if nesterov else buf[i]
            p[i] -= lr * g
    return np.array(p)


def ref_adagrad(p, steps, lr, eps):
    """torch.optim.Adagrad (lr_decay=0, initial accumulator 0)."""
    p = [float(v) for v in p]
    s = [0.0] * len(p)
    for _ in range(steps):
        for i in range(len(p)):
            g = p[i] ** 3 - 0.5 * p[i] + 0.1
            s[i] += g * g
            p[i] -= lr * g / (math.sqrt(s[i]) + eps)
    return np.array(p)


def ref_adadelta(p, steps, lr, rho, eps):
    """torch.optim.Adadelta."""
    p = [float(v) for v in p]
    sq, acc = [0.0] * len(p), [0.0] * len(p)
    for _ in range(steps):
        for i in range(len(p)):
            g = p[i] ** 3 - 0.5 * p[i] + 0.1
            sq[i] = rho * sq[i] + (1 - rho) * g * g
            d = math.sqrt(acc[i] + eps) / math.sqrt(sq[i] + eps) * g
            acc[i] = rho * acc[i] + (1 - rho) * d * d
            p[i] -= lr * d
    return np.array(p)


def ref_rmsprop(p, steps, lr, alpha, eps):
    """torch.optim.RMSprop (centered=False, momentum=0)."""
    p = [float(v) for v in p]
    sq = [0.0] * len(p)
    for _ in range(steps):
        for i in range(len(p)):
            g = p[i] ** 3 - 0.5 * p[i] + 0.1
            sq[i] = alpha * sq[i] + (1 - alpha) * g * g
            p[i] -= lr * g / (math.sqrt(sq[i]) + eps)
    return np.array(p)


def ref_adam(p, steps, lr, b1, b2, eps):
    """torch.optim.Adam (amsgrad=False), with its step_size / denom arrangement."""
    p = [float(v) for v in p]
    m, v = [0.0] * len(p), [0.0] * len(p)
    for t in range(1, steps + 1):
        for i in range(len(p)):
            g = p[i] ** 3 - 0.5 * p[i] + 0.1
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            step_size = lr / (1 - b1**t)
            denom = math.sqrt(v[i]) / math.sqrt(1 - b2**t) + eps
            p[i] -= step_size * m[i] / denom
    return np.array(p)


GOLDEN = [
    (optim.SGD(lr=0.1), lambda p: ref_sgd(p, 3, 0.1)),
    (optim.SGD(lr=0.1, momentum=0.8), lambda p: ref_sgd(p, 3, 0.1, 0.8)),
    (optim.Momentum(lr=0.1), lambda p: ref_sgd(p, 3, 0.1, 0.9)),
    (optim.Nesterov(lr=0.1, momentum=0.7), lambda p: ref_sgd(p, 3, 0.1, 0.7, nesterov=True)),
    (optim.AdaGrad(lr=0.3), lambda p: ref_adagrad(p, 3, 0.3, 1e-10)),
    (optim.AdaDelta(lr=1.0, rho=0.8), lambda p: ref_adadelta(p, 3, 1.0, 0.8, 1e-6)),
    (optim.RMSprop(lr=0.01, alpha=0.9), lambda p: ref_rmsprop(p, 3, 0.01, 0.9, 1e-8)),
    (optim.Adam(lr=0.05, betas=(0.8, 0.9)), lambda p: ref_adam(p, 3, 0.05, 0.8, 0.9, 1e-8)),
]


def run(opt, p, steps, grad=g_of):
    """Apply ``steps`` updates of ``opt`` to p with gradient function ``grad``."""
    state = opt.init(p)
    for _ in range(steps):
        p, state = opt.step(p, grad(p), state)
    return p


def golden_id(value) -> str:
    """A test id that names the optimizer (the reference rules are functions: no id)."""
    return repr(value)[:40] if not callable(value) else "rule"


@pytest.mark.parametrize(("opt", "reference"), GOLDEN, ids=golden_id)
def test_golden_values_match_published_rules(opt, reference):
    assert relative_error(run(opt, P0, 3), reference(P0)) < REORDERED


@pytest.mark.parametrize(("opt", "reference"), GOLDEN, ids=golden_id)
def test_lists_of_arrays_of_any_shape(opt, reference):
    params = [P0[:2].reshape(2, 1), P0[2:].reshape(2, 2)]
    state = opt.init(params)
    for _ in range(3):
        params, state = opt.step(params, [g_of(p) for p in params], state)
    assert isinstance(params, list) and [p.shape for p in params] == [(2, 1), (2, 2)]
    assert relative_error(np.concatenate([p.ravel() for p in params]), reference(P0)) < REORDERED


@pytest.mark.parametrize("name", list(optim.OPTIMIZERS))
def test_step_is_pure_and_keeps_kind(name):
    opt = optim.OPTIMIZERS[name](lr=0.1)
    p, g = P0.copy(), g_of(P0)
    state = opt.init(p)
    new, _ = opt.step(p, g, state)
    assert isinstance(new, np.ndarray) and new.shape == p.shape
    np.testing.assert_array_equal(p, P0)
    np.testing.assert_array_equal(g, g_of(P0))


def test_defaults_are_torchs():
    assert optim.SGD() == optim.SGD(lr=1e-3, momentum=0.0, nesterov=False)
    assert (optim.Momentum().lr, optim.Momentum().momentum) == (1e-3, 0.9)
    assert (optim.Nesterov().momentum, optim.Nesterov().nesterov) == (0.9, True)
    assert (optim.AdaGrad().lr, optim.AdaGrad().eps) == (1e-2, 1e-10)
    assert (optim.AdaDelta().lr, optim.AdaDelta().rho, optim.AdaDelta().eps) == (1.0, 0.9, 1e-6)
    assert (optim.RMSprop().lr, optim.RMSprop().alpha, optim.RMSprop().eps) == (1e-2, 0.99, 1e-8)
    assert (optim.Adam().lr, optim.Adam().betas, optim.Adam().eps) == (1e-3, (0.9, 0.999), 1e-8)
    assert list(optim.OPTIMIZERS) == [
        "SGD",
        "Momentum",
        "Nesterov",
        "AdaGrad",
        "AdaDelta",
        "RMSprop",
        "Adam",
    ]
    assert repr(optim.Momentum(lr=0.1)) == "Momentum(lr=0.1, momentum=0.9)"


# ---------------------------------------------------------------- equivalences


def test_momentum_zero_is_sgd():
    np.testing.assert_array_equal(
        run(optim.Momentum(lr=0.1, momentum=0.0), P0, 5), run(optim.SGD(lr=0.1), P0, 5)
    )


def test_momentum_and_nesterov_are_sgd_variants():
    np.testing.assert_array_equal(
        run(optim.Momentum(lr=0.1, momentum=0.5), P0, 5),
        run(optim.SGD(lr=0.1, momentum=0.5), P0, 5),
    )
    np.testing.assert_array_equal(
        run(optim.Nesterov(lr=0.1, momentum=0.5), P0, 5),
        run(optim.SGD(lr=0.1, momentum=0.5, nesterov=True), P0, 5),
    )


def test_nesterov_equals_lookahead_form_after_change_of_variables():
    # Look-ahead form: z ← βz + ∇J(W − αβz), W ← W − αz; then W' = W − αβz follows our rule.
    lr, beta = 0.05, 0.9
    W, z = P0.copy(), np.zeros_like(P0)
    for _ in range(10):
        z = beta * z + g_of(W - lr * beta * z)
        W = W - lr * z
    np.testing.assert_allclose(
        run(optim.Nesterov(lr=lr, momentum=beta), P0, 10), W - lr * beta * z, rtol=REORDERED
    )


def test_adam_first_step_is_about_lr_long():
    lr = 0.01
    p = run(optim.Adam(lr=lr), P0, 1)
    assert np.all(g_of(P0) != 0)
    np.testing.assert_allclose(np.abs(p - P0), lr, rtol=1e-4)  # ε makes it a hair shorter


def test_rmsprop_first_step():
    lr, alpha, eps = 0.01, 0.99, 1e-8
    g = g_of(P0)
    expected = P0 - lr * g / (np.sqrt((1 - alpha) * g**2) + eps)
    np.testing.assert_allclose(run(optim.RMSprop(lr, alpha, eps), P0, 1), expected, rtol=REORDERED)


# ---------------------------------------------------------------- convergence on a convex quadratic

A = np.array([[3.0, 1.0, 0.0], [1.0, 2.0, 0.5], [0.0, 0.5, 1.0]])
B = np.array([1.0, -1.0, 2.0])

CONVERGENCE = [
    (optim.SGD(lr=0.1), 2000),
    (optim.Momentum(lr=0.05), 2000),
    (optim.Nesterov(lr=0.05), 2000),
    (optim.AdaGrad(lr=0.5), 2000),
    (optim.AdaDelta(lr=0.5, eps=1e-3), 2000),
    (optim.RMSprop(lr=1e-3), 5000),  # constant-lr RMSprop ends in a ±lr/2 wobble
    (optim.Adam(lr=0.05), 2000),
]


@pytest.mark.parametrize(("opt", "steps"), CONVERGENCE, ids=lambda v: repr(v)[:30])
def test_reaches_minimum_of_convex_quadratic(opt, steps):
    """½ pᵀAp − bᵀp has its minimum at the solution of A p = b."""
    path = optim.descend(opt, lambda p: A @ p - B, np.zeros(3), steps)
    assert np.max(np.abs(path[-1] - np.linalg.solve(A, B))) < 1e-3


# ---------------------------------------------------------------- descend


def test_descend_shapes_and_start():
    path = optim.descend(optim.SGD(lr=0.1), lambda p: 2 * p, [1.0, -2.0], 7)
    assert path.shape == (8, 2)
    np.testing.assert_array_equal(path[0], [1.0, -2.0])
    np.testing.assert_allclose(path[1], [0.8, -1.6])


def test_descend_zero_steps_returns_start():
    path = optim.descend(optim.Adam(), lambda p: p, np.array([3.0, 4.0]), 0)
    np.testing.assert_array_equal(path, [[3.0, 4.0]])


def test_descend_does_not_modify_start():
    start = np.array([1.0, 1.0])
    optim.descend(optim.SGD(lr=0.1), lambda p: p, start, 3)
    np.testing.assert_array_equal(start, [1.0, 1.0])


def test_divergence_raises_with_step_and_advice():
    with pytest.raises(optim.DivergenceError, match=r"step \d+.*smaller lr than 10"):
        optim.descend(optim.SGD(lr=10), lambda p: A @ p - B, np.zeros(3), 10_000)
    assert issubclass(optim.DivergenceError, ArithmeticError)


def test_divergence_reports_first_bad_step():
    # p ← p − 2·(2p) grows like (−3)^k; find the first step whose float arithmetic overflows.
    p, first_bad = np.float64(1.0), None
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, 1000):
            p = p - 2.0 * (2 * p)
            if not np.isfinite(p):
                first_bad = k
                break
    assert 600 < first_bad < 700
    with pytest.raises(optim.DivergenceError, match=f"step {first_bad} "):
        optim.descend(optim.SGD(lr=2.0), lambda p: 2 * p, [1.0], 1000)


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize("lr", [0, -0.1, math.nan, math.inf, "0.1", True])
@pytest.mark.parametrize("name", list(optim.OPTIMIZERS))
def test_bad_lr(name, lr):
    with pytest.raises(ValueError, match="lr must be a positive finite number"):
        optim.OPTIMIZERS[name](lr=lr)


@pytest.mark.parametrize(
    ("cls", "kwargs", "name"),
    [
        (optim.SGD, {"momentum": -0.1}, "momentum"),
        (optim.SGD, {"momentum": 1.0}, "momentum"),
        (optim.Momentum, {"momentum": 1.5}, "momentum"),
        (optim.Nesterov, {"momentum": -1}, "momentum"),
        (optim.RMSprop, {"alpha": 1.0}, "alpha"),
        (optim.AdaDelta, {"rho": -0.5}, "rho"),
        (optim.Adam, {"betas": (1.0, 0.999)}, r"betas\[0\]"),
        (optim.Adam, {"betas": (0.9, 1.2)}, r"betas\[1\]"),
        (optim.Adam, {"betas": (0.9,)}, "betas"),
        (optim.AdaGrad, {"eps": 0}, "eps"),
        (optim.AdaDelta, {"eps": -1e-6}, "eps"),
        (optim.RMSprop, {"eps": math.nan}, "eps"),
        (optim.Adam, {"eps": 0.0}, "eps"),
    ],
)
def test_bad_hyperparameters(cls, kwargs, name):
    with pytest.raises(ValueError, match=name):
        cls(**kwargs)


def test_nesterov_needs_momentum():
    with pytest.raises(ValueError, match="nesterov=True requires momentum > 0"):
        optim.SGD(lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="momentum"):
        optim.Nesterov(momentum=0.0)


@pytest.mark.parametrize("steps", [-1, 2.5, "3", True])
def test_bad_steps(steps):
    with pytest.raises(ValueError, match="steps must be a non-negative integer"):
        optim.descend(optim.SGD(), lambda p: p, [0.0, 0.0], steps)


@pytest.mark.parametrize("start", [[math.nan, 0.0], [0.0, math.inf]])
def test_nonfinite_start(start):
    with pytest.raises(ValueError, match="start must contain only finite numbers"):
        optim.descend(optim.SGD(), lambda p: p, start, 3)


@pytest.mark.parametrize("start", [1.0, [[1.0, 2.0]]])
def test_start_not_1d(start):
    with pytest.raises(ValueError, match="start must be a 1-D point"):
        optim.descend(optim.SGD(), lambda p: p, start, 3)


def test_grad_wrong_shape():
    with pytest.raises(ValueError, match=r"grad must return an array of shape \(2,\)"):
        optim.descend(optim.SGD(), lambda p: np.zeros(3), [0.0, 0.0], 3)


def test_step_checks_grads_match_params():
    opt = optim.SGD()
    with pytest.raises(ValueError, match="grads"):
        opt.step([np.zeros(2)], [np.zeros(3)], opt.init([np.zeros(2)]))
    with pytest.raises(ValueError, match="grads has 1 arrays but params has 2"):
        opt.step([np.zeros(2)] * 2, [np.zeros(2)], opt.init([np.zeros(2)] * 2))


# ---------------------------------------------------------------- one rule per array: update_each


class CountAndTwoLists(NamedTuple):
    """A state shaped like AdamState: a step count (not a list) and two lists of arrays."""

    t: int
    a: list
    b: list


def test_update_each_applies_the_rule_to_each_array_with_its_own_state():
    calls = []

    def rule(W, g, a, b, *, t):
        calls.append((W.shape, t))
        return W - g, a + W, b * t

    params = [np.ones((2, 3)), np.arange(4.0)]
    grads = [np.full((2, 3), 0.5), np.array([1.0, -1.0, 2.0, 0.0])]
    state = CountAndTwoLists(
        t=99, a=[np.zeros((2, 3)), np.full(4, 10.0)], b=[np.ones((2, 3)), np.arange(4.0) + 1]
    )
    new, (a, b) = optim.update_each(rule, params, grads, state, t=3)
    assert calls == [((2, 3), 3), ((4,), 3)]  # once per array, in order, t passed to each
    np.testing.assert_array_equal(new[0], np.full((2, 3), 0.5))
    np.testing.assert_array_equal(new[1], [-1.0, 2.0, 0.0, 3.0])
    np.testing.assert_array_equal(a[0], np.ones((2, 3)))  # each array's state saw only it
    np.testing.assert_array_equal(a[1], [10.0, 11.0, 12.0, 13.0])
    np.testing.assert_array_equal(b[1], [3.0, 6.0, 9.0, 12.0])
    np.testing.assert_array_equal(params[1], np.arange(4.0))  # the inputs are left alone
    np.testing.assert_array_equal(state.a[1], np.full(4, 10.0))


def test_update_each_keeps_a_single_array_single_and_an_empty_list_empty():
    state = optim.SGDState(z=[np.zeros(3)])
    new, (z,) = optim.update_each(lambda W, g, z: (W + g, z - g), np.ones(3), np.ones(3), state)
    assert isinstance(new, np.ndarray) and isinstance(z, list)
    np.testing.assert_array_equal(new, [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(z[0], [-1.0, -1.0, -1.0])
    assert optim.update_each(lambda W, g, z: (W, z), [], [], optim.SGDState(z=[])) == ([], [[]])


@pytest.mark.parametrize(("opt", "reference"), GOLDEN, ids=golden_id)
def test_arrays_of_one_shape_keep_their_state_apart(opt, reference):
    """Two arrays of the same shape: each follows the published rule with its own state."""
    params = [P0[:3].copy(), P0[3:].copy()]
    state = opt.init(params)
    for _ in range(3):
        params, state = opt.step(params, [g_of(p) for p in params], state)
    assert relative_error(np.concatenate(params), reference(P0)) < REORDERED


def test_adam_update_first_step_closed_form():
    """At t = 1 from m = v = 0 the bias corrections give m̂ = g and v̂ = g² exactly (up to
    rounding), so the step is α g / (|g| + ε)."""
    opt = optim.Adam(lr=0.1, betas=(0.8, 0.9), eps=1e-3)
    W, g = np.array([1.0, -2.0, 0.5]), np.array([0.3, -4.0, 1e-4])
    new_W, m, v = opt.update(W, g, np.zeros(3), np.zeros(3), t=1)
    np.testing.assert_allclose(m, 0.2 * g, rtol=REORDERED)
    np.testing.assert_allclose(v, 0.1 * g**2, rtol=REORDERED)
    np.testing.assert_allclose(new_W, W - 0.1 * g / (np.abs(g) + 1e-3), rtol=REORDERED)


@pytest.mark.parametrize(
    "rule", [lambda W, g, z: W, lambda W, g, z: (W, z, z)], ids=["an array", "three arrays"]
)
def test_update_each_names_a_rule_returning_the_wrong_values(rule):
    with pytest.raises(ValueError, match=r"rule must return the tuple \(W, z\), got"):
        optim.update_each(rule, [np.zeros(2)], [np.ones(2)], optim.SGDState(z=[np.zeros(2)]))
