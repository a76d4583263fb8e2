"""Tests for lib.nn and lib.gradcheck: backpropagation against central differences."""

import math

import numpy as np
import pytest

from lib.gradcheck import numerical_gradient, relative_error
from lib.nn import MLP, data_loss
from tests.conftest import GRADCHECK, MNIST_NET, REORDERED, SEED

# ---------------------------------------------------------------- gradcheck itself


def test_numerical_gradient_of_closed_form():
    p = np.linspace(-2, 2, 7).reshape(7, 1)
    q = np.array([[0.3, -1.1], [2.0, 0.5]])
    num = numerical_gradient(lambda: np.sum(np.sin(p)) + np.sum(q**3), [p, q])
    np.testing.assert_allclose(num[0], np.cos(p), atol=1e-9)
    np.testing.assert_allclose(num[1], 3 * q**2, atol=1e-8)
    np.testing.assert_array_equal(p, np.linspace(-2, 2, 7).reshape(7, 1))  # restored


def test_numerical_gradient_single_array():
    p = np.array([1.0, 2.0])
    num = numerical_gradient(lambda: float(p[0] * p[1]), p)
    np.testing.assert_allclose(num, [2.0, 1.0], atol=1e-9)


def test_relative_error_cs231n_definition():
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert relative_error(np.array([1.0, 3.0]), np.array([1.0, 2.0])) == pytest.approx(1 / 5)
    assert relative_error([np.zeros(2)], [np.zeros(2)]) == 0.0
    assert relative_error(np.array([0.0]), np.array([1e-9])) == pytest.approx(1e-9 / 1e-8)


def test_gradcheck_validation():
    with pytest.raises(ValueError, match="eps"):
        numerical_gradient(lambda: 0.0, [np.zeros(2)], eps=0)
    with pytest.raises(TypeError, match="params"):
        numerical_gradient(lambda: 0.0, [np.zeros(2, dtype=int)])
    with pytest.raises(ValueError, match="same number of elements"):
        relative_error(np.zeros(2), np.zeros(3))


# ---------------------------------------------------------------- backprop == central differences


def make_case(sizes, activation, classify, seed=SEED):
    """A small net with non-zero biases, inputs and targets for a gradient check."""
    rng = np.random.default_rng(seed)
    net = MLP(sizes, activation, seed=seed)
    for b in net.params[1::2]:
        b[:] = 0.1 * rng.standard_normal(b.shape)
    X = rng.standard_normal((5, sizes[0]))
    if classify:
        y = rng.integers(0, sizes[-1], 5)
    else:
        y = rng.standard_normal((5, sizes[-1]))
    return net, X, y


def pre_activations(net, X):
    """All hidden-layer pre-activations z (reference forward pass written in the test)."""
    a, zs = X, []
    for W, b in zip(net.params[0:-2:2], net.params[1:-2:2], strict=True):
        z = a @ W + b
        zs.append(z)
        a = np.maximum(z, 0)
    return zs


def check(net, X, y, **kwargs):
    """Relative error between backprop and central differences."""
    loss, grads = net.gradients(X, y, **kwargs)
    assert loss == pytest.approx(net.loss(X, y, **kwargs), rel=REORDERED)
    assert [g.shape for g in grads] == [p.shape for p in net.params]
    num = numerical_gradient(lambda: net.loss(X, y, **kwargs), net.params)
    assert max(np.abs(g).max() for g in num) > 1e-3  # a real check, not 0 == 0
    return relative_error(grads, num)


SIZES = [[3, 4, 2], [5, 7, 6, 3], [2, 3, 1]]


BACKPROP_CASES = [
    (sizes, activation, classify)
    for sizes in SIZES
    for activation in ["sigmoid", "tanh", "relu"]
    for classify in [True, False]
    if not (classify and sizes[-1] == 1)  # cross-entropy over one class is constant
]


@pytest.mark.parametrize(("sizes", "activation", "classify"), BACKPROP_CASES, ids=str)
def test_backprop_matches_central_differences(sizes, activation, classify):
    for seed in range(20):  # for relu, resample until no pre-activation sits near the kink
        net, X, y = make_case(sizes, activation, classify, seed)
        if activation != "relu" or min(np.abs(z).min() for z in pre_activations(net, X)) > 1e-3:
            break
    assert check(net, X, y) < GRADCHECK


@pytest.mark.parametrize("sizes", SIZES, ids=str)
@pytest.mark.parametrize("classify", [True, False], ids=["cross-entropy", "mse"])
def test_backprop_with_l2_and_l1(sizes, classify):
    if classify and sizes[-1] == 1:
        sizes = [2, 3, 2]
    net, X, y = make_case(sizes, "tanh", classify)
    for W in net.params[0::2]:
        W[:] = np.where(np.abs(W) < 0.05, 0.05 * np.sign(W + 1e-12), W)  # L1: keep |w| off 0
    assert check(net, X, y, l2=0.3) < GRADCHECK
    assert check(net, X, y, l1=0.2) < GRADCHECK
    assert check(net, X, y, l1=0.1, l2=0.2) < GRADCHECK


@pytest.mark.parametrize("sizes", [[3, 4, 2], [5, 7, 6, 3]], ids=str)
@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_backprop_with_fixed_dropout_masks(sizes, activation):
    net, X, y = make_case(sizes, activation, classify=True)
    masks = net.dropout_masks(len(X), 0.4, rng=1)
    assert any((m == 0).any() for m in masks)
    assert check(net, X, y, masks=masks) < GRADCHECK


def test_penalties_are_on_weights_only():
    net, X, y = make_case([3, 4, 2], "tanh", classify=True)
    weights = net.params[0::2]
    l2_term = 0.5 * 0.3 * sum(float(np.sum(W**2)) for W in weights)
    l1_term = 0.2 * sum(float(np.sum(np.abs(W))) for W in weights)
    assert net.loss(X, y, l2=0.3) == pytest.approx(net.loss(X, y) + l2_term, rel=REORDERED)
    assert net.loss(X, y, l1=0.2) == pytest.approx(net.loss(X, y) + l1_term, rel=REORDERED)
    _, g0 = net.gradients(X, y)
    _, g2 = net.gradients(X, y, l2=0.3)
    for b0, b2 in zip(g0[1::2], g2[1::2], strict=True):
        np.testing.assert_array_equal(b0, b2)


# ---------------------------------------------------------------- forward, data_loss, backward


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("dropout", [False, True], ids=["no dropout", "dropout"])
def test_backward_of_any_delta_is_the_gradient_of_outputs_weighted_by_it(activation, dropout):
    """backward(delta) is ∂/∂params of Σ delta · forward(X), whatever delta is."""
    net, X, _ = make_case([3, 5, 4, 2], activation, classify=True, seed=2)
    masks = net.dropout_masks(len(X), 0.3, rng=5) if dropout else None
    delta = np.random.default_rng(7).standard_normal((len(X), 2))
    net.forward(X, masks)
    if activation == "relu":  # central differences need every hidden z off relu's kink
        assert min(np.abs(z).min() for z in net.cache.zs[:-1]) > 1e-4
    grads = net.backward(delta)
    num = numerical_gradient(lambda: np.sum(delta * net.forward(X, masks)), net.params)
    assert relative_error(grads, num) < GRADCHECK


@pytest.mark.parametrize("classify", [True, False], ids=["cross-entropy", "mse"])
def test_data_loss_and_its_delta_against_closed_form_and_central_differences(classify):
    rng = np.random.default_rng(3)
    out = rng.standard_normal((6, 4))
    y = rng.integers(0, 4, 6) if classify else rng.standard_normal((6, 4))
    J, delta = data_loss(out, y)
    if classify:
        p = np.exp(out) / np.exp(out).sum(axis=1, keepdims=True)
        expected = -np.mean(np.log(p[np.arange(6), y]))
    else:
        expected = np.mean((out - y) ** 2)
    assert J == pytest.approx(expected, rel=REORDERED)
    num = numerical_gradient(lambda: data_loss(out, y)[0], out)
    assert relative_error(delta, num) < GRADCHECK


def test_backward_uses_the_weights_of_its_forward_pass():
    net, X, y = make_case([3, 4, 2], "tanh", classify=True)
    _, expected = net.gradients(X, y)
    _, delta = data_loss(net.forward(X), y)
    net.params[:] = [p + 1.0 for p in net.params]  # as an optimizer replaces them
    for g, e in zip(net.backward(delta), expected, strict=True):
        np.testing.assert_array_equal(g, e)


def test_penalty_is_on_the_weights_only():
    net, _, _ = make_case([3, 4, 2], "tanh", classify=True)
    W1, _, W2, _ = net.params
    expected = 0.5 * 0.3 * (np.sum(W1**2) + np.sum(W2**2)) + 0.2 * np.sum(
        np.abs([*W1.flat, *W2.flat])
    )
    assert net.penalty(l1=0.2, l2=0.3) == pytest.approx(expected, rel=REORDERED)
    assert net.penalty() == 0.0


def test_backward_needs_a_forward_pass_and_a_delta_of_its_outputs_shape():
    net, X, _ = make_case([3, 4, 2], "tanh", classify=True)
    with pytest.raises(RuntimeError, match="call forward"):
        net.backward(np.zeros((5, 2)))
    net.forward(X)
    with pytest.raises(ValueError, match=r"delta must have the shape \(5, 2\)"):
        net.backward(np.zeros((5, 3)))
    with pytest.raises(ValueError, match="l2 must be a non-negative"):
        net.backward(np.zeros((5, 2)), l2=-1.0)


# ---------------------------------------------------------------- forward pass and losses


def test_forward_matches_hand_written_net_and_losses():
    net, X, y = make_case([3, 4, 2], "sigmoid", classify=True)
    W1, b1, W2, b2 = net.params
    out = (1 / (1 + np.exp(-(X @ W1 + b1)))) @ W2 + b2
    np.testing.assert_allclose(net.forward(X), out, rtol=REORDERED)
    np.testing.assert_array_equal(net.predict(X), out.argmax(axis=1))
    p = np.exp(out) / np.exp(out).sum(axis=1, keepdims=True)
    assert net.loss(X, y) == pytest.approx(-np.mean(np.log(p[np.arange(5), y])), rel=REORDERED)
    targets = np.ones((5, 2))
    assert net.loss(X, targets) == pytest.approx(np.mean((out - 1) ** 2), rel=REORDERED)


def test_cross_entropy_is_stable_for_huge_logits():
    net = MLP([1, 2], seed=0)
    net.params[0][:] = [[1000.0, -1000.0]]
    assert net.loss(np.array([[1.0]]), np.array([1])) == pytest.approx(2000.0)
    assert net.loss(np.array([[1.0]]), np.array([0])) == pytest.approx(0.0, abs=1e-12)


def test_regression_with_single_output_accepts_1d_targets():
    net, X, _ = make_case([2, 3, 1], "tanh", classify=False)
    y = np.arange(5.0)
    assert net.loss(X, y) == pytest.approx(net.loss(X, y[:, None]))


def test_dropout_only_in_training():
    net, X, y = make_case([3, 8, 2], "relu", classify=True)
    before = net.forward(X)
    a = net.loss(X, y, dropout=0.5, rng=0)
    b = net.loss(X, y, dropout=0.5, rng=0)
    c = net.loss(X, y, dropout=0.5, rng=1)
    assert a == b != c
    np.testing.assert_array_equal(net.forward(X), before)
    assert net.loss(X, y, dropout=0.0) == net.loss(X, y)


def test_dropout_masks_are_inverted_and_scaled():
    net = MLP([3, 500, 400, 2], seed=0)
    masks = net.dropout_masks(200, 0.25, rng=np.random.default_rng(0))
    assert [m.shape for m in masks] == [(200, 500), (200, 400)]
    for m in masks:
        assert set(np.unique(m)) == {0.0, 1 / 0.75}
        assert abs(np.mean(m == 0) - 0.25) < 0.01
        assert abs(m.mean() - 1) < 0.02


def test_params_are_live():
    net, X, y = make_case([3, 4, 2], "tanh", classify=True)
    before = net.forward(X)
    net.params[:] = [p * 2 for p in net.params]
    assert not np.allclose(net.forward(X), before)


# ---------------------------------------------------------------- construction


def test_sizes_and_counts():
    net = MLP(MNIST_NET)
    assert net.num_params == 11935
    assert net.num_weights == 11910
    assert [p.shape for p in net.params] == [(784, 15), (15,), (15, 10), (10,)]
    assert all(np.all(b == 0) for b in net.params[1::2])


def test_initialisation_is_seeded_and_scaled():
    a, b, c = MLP([400, 300, 2], seed=3), MLP([400, 300, 2], seed=3), MLP([400, 300, 2], seed=4)
    np.testing.assert_array_equal(a.params[0], b.params[0])
    assert not np.array_equal(a.params[0], c.params[0])
    assert a.params[0].std() == pytest.approx(math.sqrt(2 / 700), rel=0.02)  # Glorot
    relu = MLP([400, 300, 2], activation="relu")
    assert relu.params[0].std() == pytest.approx(math.sqrt(2 / 400), rel=0.02)  # He


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("sizes", "activation", "match"),
    [
        ([3], "tanh", "at least two"),
        ([3, 0, 2], "tanh", "positive integers"),
        ([3, -1], "tanh", "positive integers"),
        ([3, 2.5], "tanh", "positive integers"),
        ([3, 2], "softplus", r"activation must be one of \['relu', 'sigmoid', 'tanh'\]"),
    ],
)
def test_bad_construction(sizes, activation, match):
    with pytest.raises(ValueError, match=match):
        MLP(sizes, activation)


def test_bad_inputs():
    net = MLP(MNIST_NET)
    X, y = np.zeros((4, 784)), np.array([0, 1, 2, 3])
    with pytest.raises(ValueError, match="X has 3 columns but the network's input size is 784"):
        net.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="X must be 2-D"):
        net.forward(np.zeros(784))
    with pytest.raises(ValueError, match="X must contain only finite"):
        net.loss(np.full((4, 784), np.nan), y)
    with pytest.raises(ValueError, match="y has 3 entries but X has 4 rows"):
        net.loss(X, y[:3])
    with pytest.raises(ValueError, match=r"labels y must be in 0\.\.9"):
        net.loss(X, np.array([0, 1, 2, 10]))
    with pytest.raises(ValueError, match=r"labels y must be in 0\.\.9"):
        net.loss(X, np.array([0, -1, 2, 3]))
    with pytest.raises(ValueError, match=r"float targets y must have shape \(4, 10\)"):
        net.loss(X, np.zeros(4))
    with pytest.raises(ValueError, match="y must contain only finite"):
        net.loss(X, np.full((4, 10), np.inf))
    for bad in (-0.1, 1.0, math.nan):
        with pytest.raises(ValueError, match="dropout must be a probability in"):
            net.loss(X, y, dropout=bad)
    with pytest.raises(ValueError, match="l1 must be a non-negative"):
        net.loss(X, y, l1=-1.0)
    with pytest.raises(ValueError, match="l2 must be a non-negative"):
        net.gradients(X, y, l2=-0.5)
    with pytest.raises(ValueError, match="masks must be one array per hidden layer"):
        net.loss(X, y, masks=[np.ones((4, 14))])
