"""A multilayer perceptron with backpropagation, written so the backward pass mirrors the forward.

Layer l computes z_l = a_{l-1} W_l + b_l and a_l = σ(z_l) (the last layer stays linear:
its outputs are logits for classification, predictions for regression). Everything is
vectorised over the batch: a row of X is one sample.

Loss J: integer labels y → mean softmax cross-entropy; float targets y → mean squared error.
Penalties on the weights W (never the biases): L2 adds R = ½ λ Σ w² (gradient λ w), L1 adds
λ Σ |w| (subgradient λ sign(w), taken as 0 at w = 0).
Dropout (training only): inverted dropout on the hidden activations, a_l ← a_l · mask_l, with
mask entries 0 (dropped, probability p) or 1/(1 − p) (kept), so inference needs no rescaling.

The three steps of training are three pieces: ``MLP.forward`` (the outputs; it keeps what the
backward pass needs), ``data_loss`` (J and delta = ∂J/∂outputs) and ``MLP.backward`` (∂J/∂params
from delta). ``MLP.gradients`` runs them in turn, ``MLP.loss`` the first two.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from lib import checks

# Each activation: (σ(z), σ'(z) written in terms of z and a = σ(z)).
ACTIVATIONS = {
    "sigmoid": (lambda z: 0.5 * (1 + np.tanh(z / 2)), lambda z, a: a * (1 - a)),
    "tanh": (np.tanh, lambda z, a: 1 - a**2),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(float)),
}


class ForwardCache(NamedTuple):
    """What a forward pass keeps for the backward pass: the weights W it used, each layer's input
    a and pre-activation z, the hidden activations σ(z), and the dropout masks (or None)."""

    Ws: list[np.ndarray]
    inputs: list[np.ndarray]
    zs: list[np.ndarray]
    hs: list[np.ndarray]
    masks: list[np.ndarray] | None


class MLP:
    """A fully connected network; ``params`` = [W1, b1, W2, b2, ...] with W of shape (in, out).

    Weights are drawn with ``np.random.default_rng(seed)``: Glorot/Xavier normal
    (std √(2/(fan_in + fan_out))) for sigmoid and tanh, He normal (std √(2/fan_in)) for relu;
    biases start at zero. Every forward pass reads ``self.params`` afresh, so an optimizer may
    replace the arrays in that list between calls; ``backward`` uses the weights of the forward
    pass before it.
    """

    def __init__(self, sizes: Sequence[int], activation: str = "sigmoid", seed: int = 0) -> None:
        """Build layers of the given sizes, e.g. ``MLP([784, 15, 10])``."""
        if (
            isinstance(sizes, str | bytes)
            or not isinstance(sizes, Sequence | np.ndarray)
            or (isinstance(sizes, np.ndarray) and sizes.ndim != 1)
        ):
            raise checks.ArgumentTypeError(
                f"sizes must be a list of layer sizes, got {checks.describe(sizes)}"
            )
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"sizes must list at least two layer sizes, got {sizes}")
        if any(not checks.is_integer(s) or s < 1 for s in sizes):
            raise ValueError(f"sizes must be positive integers, got {sizes}")
        if not isinstance(activation, str):
            raise checks.ArgumentTypeError(
                f"activation must be one of {sorted(ACTIVATIONS)}, "
                f"got {checks.describe(activation)}"
            )
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
        self.sizes, self.activation = [int(s) for s in sizes], activation
        rng = np.random.default_rng(checks.seed("seed", seed))
        self.params: list[np.ndarray] = []
        for fan_in, fan_out in zip(self.sizes[:-1], self.sizes[1:], strict=True):
            std = np.sqrt(2 / fan_in) if activation == "relu" else np.sqrt(2 / (fan_in + fan_out))
            self.params += [std * rng.standard_normal((fan_in, fan_out)), np.zeros(fan_out)]
        self.cache: ForwardCache | None = None  # set by each forward pass

    def __repr__(self) -> str:
        """E.g. ``MLP([784, 15, 10], activation='sigmoid')``."""
        return f"MLP({self.sizes}, activation={self.activation!r})"

    @property
    def num_params(self) -> int:
        """Number of weights and biases."""
        return sum(p.size for p in self.params)

    @property
    def num_weights(self) -> int:
        """Number of weights (biases excluded)."""
        return sum(W.size for W in self.params[0::2])

    # ------------------------------------------------------------ forward and backward passes

    def forward(self, X, masks=None) -> np.ndarray:
        """Outputs of the last (linear) layer for inputs X, a row per sample.

        ``masks``: dropout masks, one per hidden layer, or None (no dropout).
        Keeps what the backward pass needs in ``self.cache``.
        """
        a, masks = self._check_forward(X, masks)
        σ = ACTIVATIONS[self.activation][0]
        Ws, bs = self.params[0::2], self.params[1::2]
        inputs, zs, hs = [], [], []  # each layer's a and z; σ(z) if hidden
        for i, (W, b) in enumerate(zip(Ws, bs, strict=True)):
            inputs.append(a)
            z = a @ W + b
            zs.append(z)
            if i < len(Ws) - 1:
                hs.append(σ(z))
                a = hs[i] if masks is None else hs[i] * masks[i]
        self.cache = ForwardCache(Ws, inputs, zs, hs, masks)
        return z

    def backward(self, delta, *, l1=0.0, l2=0.0) -> list[np.ndarray]:
        """∂J/∂params for the last forward pass, from delta = ∂J/∂outputs.

        ``l1``, ``l2`` add the gradients of the weight penalties.
        """
        delta, l1, l2 = self._check_backward(delta, l1, l2)
        Ws, inputs, zs, hs, masks = self.cache
        dσ = ACTIVATIONS[self.activation][1]
        # Walk the layers in reverse; delta is ∂J/∂z of the current layer.
        grads: list[np.ndarray] = []
        for i in reversed(range(len(Ws))):
            W = Ws[i]
            dW = inputs[i].T @ delta + l2 * W + l1 * np.sign(W)
            grads[:0] = [dW, delta.sum(axis=0)]
            if i > 0:
                da = delta @ W.T  # ∂J/∂a_{i-1}
                if masks is not None:
                    da = da * masks[i - 1]
                delta = da * dσ(zs[i - 1], hs[i - 1])
        return grads

    # ------------------------------------------------------------ loss and gradients

    def loss(self, X, y, *, l1=0.0, l2=0.0, dropout=0.0, rng=None, masks=None) -> float:
        """The loss J: the data loss of the outputs plus the weight penalties; keyword
        arguments as in ``gradients``."""
        X, y, l1, l2, masks = self._check_batch(X, y, l1, l2, dropout, rng, masks)
        J, _ = data_loss(self.forward(X, masks), y)
        return float(J + self.penalty(l1, l2))

    def gradients(
        self, X, y, *, l1=0.0, l2=0.0, dropout=0.0, rng=None, masks=None
    ) -> tuple[float, list[np.ndarray]]:
        """Return (J, ∂J/∂params) by backpropagation: forward pass, loss, backward pass.

        ``l1``, ``l2``: penalty strengths λ ≥ 0. ``dropout``: drop probability p in [0, 1),
        masks drawn from ``rng`` (a Generator or an int seed; None means unseeded). ``masks``:
        fixed, already scaled masks (see ``dropout_masks``), one per hidden layer; they take
        precedence over ``dropout``.
        """
        X, y, l1, l2, masks = self._check_batch(X, y, l1, l2, dropout, rng, masks)
        J, delta = data_loss(self.forward(X, masks), y)
        return float(J + self.penalty(l1, l2)), self.backward(delta, l1=l1, l2=l2)

    def penalty(self, l1: float = 0.0, l2: float = 0.0) -> float:
        """The weight penalties ½ λ₂ Σ w² + λ₁ Σ |w| (biases are not penalised)."""
        l1, l2 = checks.non_negative("l1", l1), checks.non_negative("l2", l2)
        Ws = self.params[0::2]
        return 0.5 * l2 * sum(np.sum(W**2) for W in Ws) + l1 * sum(np.sum(np.abs(W)) for W in Ws)

    def predict(self, X) -> np.ndarray:
        """Predicted class labels: the argmax of the outputs."""
        return np.argmax(self.forward(X), axis=1)

    def dropout_masks(self, n_samples: int, dropout: float, rng=None) -> list[np.ndarray]:
        """Inverted-dropout masks, one (n_samples, width) array per hidden layer, already scaled:
        entries are 0 with probability ``dropout`` and 1/(1 − dropout) otherwise."""
        n_samples = checks.integer("n_samples", n_samples, minimum=0)
        dropout = _check_dropout(dropout)
        rng = checks.rng("rng", rng)
        return [
            (rng.random((n_samples, width)) >= dropout) / (1 - dropout)
            for width in self.sizes[1:-1]
        ]

    # ------------------------------------------------------------ argument checks

    def _check_batch(self, X, y, l1, l2, dropout, rng, masks) -> tuple:
        """Checked X, targets y, penalties and dropout masks (drawn from ``rng`` when
        ``dropout`` > 0 and no masks are given; None without dropout)."""
        X = self._check_X(X)
        y = self._check_y(y, len(X))
        l1, l2 = checks.non_negative("l1", l1), checks.non_negative("l2", l2)
        dropout = _check_dropout(dropout)
        checks.random_source("rng", rng)  # checked even when no masks are drawn from it
        if masks is None and dropout > 0:
            masks = self.dropout_masks(len(X), dropout, rng)
        elif masks is not None:
            masks = self._check_masks(masks, len(X))
        return X, y, l1, l2, masks

    def _check_forward(self, X, masks) -> tuple:
        """X as in ``_check_X`` and the masks as in ``_check_masks`` (or None)."""
        X = self._check_X(X)
        return X, None if masks is None else self._check_masks(masks, len(X))

    def _check_backward(self, delta, l1, l2) -> tuple:
        """delta as a float array shaped like the outputs of the last forward pass, and the
        penalty strengths as non-negative floats."""
        if self.cache is None:
            raise RuntimeError("backward needs a forward pass first: call forward(X) before it")
        delta = checks.float_array("delta", delta)
        out = self.cache.zs[-1]
        if delta.shape != out.shape:
            raise ValueError(
                f"delta must have the shape {out.shape} of the last forward pass's outputs, "
                f"got {delta.shape}"
            )
        return delta, checks.non_negative("l1", l1), checks.non_negative("l2", l2)

    def _check_X(self, X) -> np.ndarray:
        """X as a finite float array of shape (n, sizes[0]) with n >= 1."""
        X = checks.float_array("X", X)
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D (samples × features), got an array of shape {X.shape}")
        checks.not_empty("X", X)
        if X.shape[1] != self.sizes[0]:
            raise ValueError(
                f"X has {X.shape[1]} columns but the network's input size is {self.sizes[0]}"
            )
        return X

    def _check_y(self, y, n: int) -> np.ndarray:
        """y as integer labels in range or as float targets of shape (n, out)."""
        y = checks.numeric_array("y", y)
        checks.not_empty("y", y, what="entries")
        out = self.sizes[-1]
        if len(y) != n:
            raise ValueError(f"y has {len(y)} entries but X has {n} rows")
        if np.issubdtype(y.dtype, np.integer):
            if y.ndim != 1:
                raise ValueError(f"integer labels y must be 1-D, got shape {y.shape}")
            if y.min() < 0 or y.max() >= out:
                raise ValueError(
                    f"labels y must be in 0..{out - 1}, got values {y.min()}..{y.max()}"
                )
            return y
        y = y.astype(float)
        if y.ndim == 1 and out == 1:
            y = y[:, None]
        if y.shape != (n, out):
            raise ValueError(f"float targets y must have shape {(n, out)}, got {y.shape}")
        if not np.all(np.isfinite(y)):
            raise ValueError("y must contain only finite numbers (found NaN or inf)")
        return y

    def _check_masks(self, masks, n: int) -> list[np.ndarray]:
        """Masks as arrays of shape (n, width), one per hidden layer."""
        widths = self.sizes[1:-1]
        if not isinstance(masks, list | tuple):
            raise checks.ArgumentTypeError(
                "masks must be a list of arrays, one per hidden layer, "
                f"got {checks.describe(masks)}"
            )
        masks = [checks.float_array(f"masks[{i}]", m) for i, m in enumerate(masks)]
        if [m.shape for m in masks] != [(n, w) for w in widths]:
            raise ValueError(
                f"masks must be one array per hidden layer with shapes {[(n, w) for w in widths]}, "
                f"got {[m.shape for m in masks]}"
            )
        return masks


def data_loss(out: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """The data loss J of outputs ``out`` and its gradient delta = ∂J/∂out.

    Integer labels y: mean softmax cross-entropy; float targets y of the shape of ``out``: mean
    squared error.
    """
    out, y = _check_out_and_y(out, y)
    if np.issubdtype(y.dtype, np.integer):
        n = len(out)
        shifted = out - out.max(axis=1, keepdims=True)  # log-sum-exp trick
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        J = -np.mean(log_p[np.arange(n), y])
        delta = np.exp(log_p)
        delta[np.arange(n), y] -= 1
        delta /= n  # ∂J/∂out = (softmax − onehot) / n
    else:
        J = np.mean((out - y) ** 2)
        delta = 2 * (out - y) / out.size  # ∂J/∂out
    return J, delta


def _check_out_and_y(out, y) -> tuple[np.ndarray, np.ndarray]:
    """Outputs (n, k) with n, k >= 1 and either n labels in 0..k-1 or finite float targets of
    shape (n, k)."""
    out, y = checks.float_array("out", out, finite=False), checks.numeric_array("y", y)
    if out.ndim != 2:
        raise ValueError(f"out must be 2-D (samples × outputs), got an array of shape {out.shape}")
    checks.not_empty("out", out)
    if out.shape[1] == 0:
        raise ValueError("out has no columns: at least one output per sample is needed")
    if np.issubdtype(y.dtype, np.integer):
        if y.shape != (len(out),):
            raise ValueError(f"labels y must have shape {(len(out),)}, got {y.shape}")
        if y.min() < 0 or y.max() >= out.shape[1]:
            raise ValueError(f"labels y must be in 0..{out.shape[1] - 1}, got {y.min()}..{y.max()}")
    elif y.shape != out.shape:
        raise ValueError(f"float targets y must have the shape {out.shape} of out, got {y.shape}")
    elif not np.all(np.isfinite(y)):
        raise ValueError("y must contain only finite numbers (found NaN or inf)")
    return out, y


def _check_dropout(dropout: float) -> float:
    """The drop probability as a float, if it lies in [0, 1)."""
    return checks.fraction("dropout", dropout, accepts="a probability in [0, 1)")
