"""The seven gradient-descent optimizers of the chapter, written like their equations.

Contract (shared by every optimizer in this module):

    opt = Adam(lr=1e-3)                    # a frozen dataclass of hyperparameters
    state = opt.init(params)               # a small NamedTuple, e.g. AdamState(t, m, v)
    params, state = opt.step(params, grads, state)

``init`` and ``step`` are pure: they never modify their arguments and return new arrays.
``params`` and ``grads`` are a list of numpy arrays of any shapes (e.g. ``MLP.params``) or a
single ndarray; ``step`` returns the same kind it was given. The arrays inside a state are
always kept as lists, one entry per parameter array.

Each optimizer writes its rule once, for one array, as its ``update`` method:
``update(W, g, *s)`` takes a parameter array W, its gradient g and W's own state arrays s (in
the order of the state's fields: m and v for Adam, which also gets the step t) and returns the
new W and s. ``step`` hands that rule to ``update_each``, which applies it to every
parameter array in turn, each with its own state. Called on its own, ``update`` first checks
that W, g and s are arrays of real numbers of one shape (``_checks_its_rule``).

Notation (as in the chapter): weights W, gradient g_t = ∇J(W_{t-1}) at step t, learning rate α,
momentum/decay β, velocity z, accumulated squared gradient G. All products, squares and square
roots are element-wise.

Hyperparameter names, defaults and update rules are those of ``torch.optim`` (torch 2.x) with no
weight decay, ``maximize=False``, no AMSGrad, ``RMSprop(centered=False, momentum=0)`` and
``Adagrad(lr_decay=0, initial_accumulator_value=0)``, so results can be compared with PyTorch.

``descend(optimizer, grad, start, steps)`` runs an optimizer on a function of a point (the 2-D
surfaces of ``lib.surfaces``) and returns the whole path.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from lib import checks

Array = np.ndarray
Params = list[Array] | Array


# An iterate this many times farther from the origin than the start has blown up (divergence).
BLOWN_UP = 1e10


class DivergenceError(FloatingPointError):
    """An iterate or its gradient stopped being finite (a FloatingPointError)."""


# ---------------------------------------------------------------- argument checks and plumbing


def _set(optimizer, name: str, value) -> None:
    """Store a checked hyperparameter on a frozen dataclass."""
    object.__setattr__(optimizer, name, value)


def _check_common(optimizer) -> None:
    """Check ``lr`` and, where the optimizer has it, ``eps``; store them as floats."""
    _set(optimizer, "lr", checks.positive("lr", optimizer.lr))
    if hasattr(optimizer, "eps"):
        _set(optimizer, "eps", checks.positive("eps", optimizer.eps))


def _as_list(arrays: Params, name: str) -> list[np.ndarray]:
    """Return ``arrays`` as a list of float arrays (a single ndarray becomes a 1-element list)."""
    if isinstance(arrays, np.ndarray):
        return [checks.float_array(name, arrays, finite=False)]
    if isinstance(arrays, list | tuple):
        return [checks.float_array(f"{name}[{i}]", a, finite=False) for i, a in enumerate(arrays)]
    raise checks.ArgumentTypeError(
        f"{name} must be a numpy array or a list of arrays, got {checks.describe(arrays)}"
    )


def _check_state(optimizer, state, kind: type) -> None:
    """Reject a state that is not the kind the optimizer's init and step make."""
    if not isinstance(state, kind):
        name = type(optimizer).__name__
        raise checks.ArgumentTypeError(
            f"state must be the {kind.__name__} that {name}.init or {name}.step returned, "
            f"got {checks.describe(state)}"
        )


def _unpack(params: Params, grads: Params) -> tuple[list, list, Callable[[list], Params]]:
    """Check params/grads match; return both as lists and a function restoring params' kind."""
    ps, gs = _as_list(params, "params"), _as_list(grads, "grads")
    if len(ps) != len(gs):
        raise ValueError(f"grads has {len(gs)} arrays but params has {len(ps)}")
    for i, (p, g) in enumerate(zip(ps, gs, strict=True)):
        if p.shape != g.shape:
            raise ValueError(f"grads[{i}] has shape {g.shape} but params[{i}] has shape {p.shape}")
    single = isinstance(params, np.ndarray)
    return ps, gs, (lambda new: new[0]) if single else (lambda new: new)


def _zeros(params: Params) -> list[np.ndarray]:
    """One zero array per parameter array."""
    return [np.zeros_like(p) for p in _as_list(params, "params")]


def update_each(
    rule: Callable[..., tuple], params: Params, grads: Params, state: NamedTuple, **shared
) -> tuple[Params, list[list[np.ndarray]]]:
    """Apply an optimizer's ``rule`` for one array to each parameter array and its own state.

    ``rule(W, g, *s, **shared)`` gets one parameter array W, its gradient g and W's entries s of
    the state's lists (in the state's field order; a field that is not a list, such as Adam's
    step count, is left out) and returns the new W followed by the new s. ``shared`` goes to
    every call unchanged. Returns the new params, of the kind given (a list or one array), and
    the new state lists, one per list field of ``state``.
    """
    checks.function("rule", rule)
    rule = _unchecked(rule)  # the arrays are checked here, once for all of them
    Ws, gs, kind = _unpack(params, grads)
    if not (isinstance(state, tuple) and hasattr(state, "_asdict")):
        raise checks.ArgumentTypeError(
            f"state must be an optimizer's state (a NamedTuple), got {checks.describe(state)}"
        )
    lists = {name: value for name, value in state._asdict().items() if isinstance(value, list)}
    for name, arrays in lists.items():
        if [np.shape(a) for a in arrays] != [W.shape for W in Ws]:
            raise ValueError(
                f"state.{name} holds arrays of shapes {[np.shape(a) for a in arrays]} but "
                f"params has shapes {[W.shape for W in Ws]}: pass the state that "
                "the optimizer's init made for these params"
            )
    new_Ws: list[np.ndarray] = []
    new_lists: list[list[np.ndarray]] = [[] for _ in lists]
    for W, g, *own in zip(Ws, gs, *lists.values(), strict=True):
        result = rule(W, g, *own, **shared)
        if not isinstance(result, tuple) or len(result) != 1 + len(own):
            raise ValueError(
                f"rule must return the tuple {', '.join(['(W', *lists])}), "
                f"got {checks.describe(result)}"
            )
        new_W, *new_own = result
        new_Ws.append(new_W)
        for new_list, new_s in zip(new_lists, new_own, strict=True):
            new_list.append(new_s)
    return kind(new_Ws), new_lists


def _checks_its_rule(cls: type) -> type:
    """Make ``cls.update`` check its arguments before it applies the rule, so that the rule
    itself reads like its equation: W, g and W's state arrays must be arrays of real numbers of
    W's shape, and a step count t an integer >= 1. (``update_each``, which checks the arrays
    of all parameters at once, calls the rule itself: ``update.unchecked``.)"""
    rule = cls.update
    names = list(inspect.signature(rule).parameters)[1:]  # W, g, the state's fields (and t)

    @functools.wraps(rule)
    def update(self, *args, **kwargs):
        given = dict(zip(names, args, strict=False)) | kwargs
        if len(args) + len(kwargs) != len(names) or given.keys() != set(names):
            return rule(self, *args, **kwargs)  # missing or extra arguments: Python names them
        return rule(self, **_rule_arguments(given))

    update.unchecked = rule
    cls.update = update
    return cls


def _unchecked(rule: Callable) -> Callable:
    """An optimizer's checked ``update`` method as its bare rule; any other function as it is."""
    bare, optimizer = getattr(rule, "unchecked", None), getattr(rule, "__self__", None)
    return rule if bare is None or optimizer is None else bare.__get__(optimizer)


def _rule_arguments(given: dict) -> dict:
    """The arguments of an ``update`` rule, checked: arrays of real numbers of W's shape, and
    the step count t (Adam's) an integer >= 1."""
    W = checks.numeric_array("W", given["W"])
    checked = {}
    for name, value in given.items():
        if name == "t":
            checked[name] = checks.integer("t", value, 1)
            continue
        array = checks.numeric_array(name, value)
        if array.shape != W.shape:
            raise ValueError(f"{name} must have the shape {W.shape} of W, got {array.shape}")
        checked[name] = array
    return checked


# ---------------------------------------------------------------- SGD, momentum and Nesterov


class SGDState(NamedTuple):
    """Velocity z (one array per parameter); stays zero when momentum = 0."""

    z: list[np.ndarray]


@_checks_its_rule
@dataclass(frozen=True)
class SGD:
    """Stochastic gradient descent, optionally with (Nesterov) momentum, as ``torch.optim.SGD``.

        z_t = β z_{t-1} + g_t            (z_0 = 0, so z_1 = g_1 as in PyTorch)
        W_t = W_{t-1} − α z_t            (momentum)
        W_t = W_{t-1} − α (g_t + β z_t)  (nesterov=True)

    With ``momentum = 0`` (β = 0) both reduce to plain gradient descent W_t = W_{t-1} − α g_t.
    ``lr`` is α, ``momentum`` is β; ``nesterov=True`` needs ``momentum > 0``.
    """

    lr: float = 1e-3
    momentum: float = 0.0
    nesterov: bool = False

    def __post_init__(self) -> None:
        """Validate the hyperparameters."""
        _check_common(self)
        _set(self, "momentum", checks.fraction("momentum", self.momentum))
        if not isinstance(checks.scalar(self.nesterov), bool | np.bool_):
            raise checks.ArgumentTypeError(
                f"nesterov must be True or False, got {checks.describe(self.nesterov)}"
            )
        _set(self, "nesterov", checks.scalar(self.nesterov))
        if self.nesterov and self.momentum == 0:
            raise ValueError("nesterov=True requires momentum > 0, got momentum=0")

    def init(self, params: Params) -> SGDState:
        """Start with zero velocity."""
        return SGDState(z=_zeros(params))

    def step(self, params: Params, grads: Params, state: SGDState) -> tuple[Params, SGDState]:
        """One update of every parameter array; returns (new params, new state)."""
        _check_state(self, state, SGDState)
        params, (z,) = update_each(self.update, params, grads, state)
        return params, SGDState(z)

    def update(self, W: Array, g: Array, z: Array) -> tuple:
        """One array's update, with its velocity z; returns the new W and z."""
        α, β = self.lr, self.momentum
        z = β * z + g
        if self.nesterov:
            W = W - α * (g + β * z)
        else:
            W = W - α * z
        return W, z


@dataclass(frozen=True)
class Momentum(SGD):
    """Gradient descent with momentum: ``SGD(lr, momentum=0.9)``.

        z_t = β z_{t-1} + g_t,   W_t = W_{t-1} − α z_t

    The velocity z accumulates past gradients; β = 0 gives plain SGD.
    """

    lr: float = 1e-3
    momentum: float = 0.9
    nesterov: bool = field(default=False, init=False, repr=False)


@dataclass(frozen=True)
class Nesterov(SGD):
    """Nesterov accelerated gradient: ``SGD(lr, momentum=0.9, nesterov=True)``.

    The look-ahead form evaluates the gradient at the point momentum is about to carry us to:

        z_t = β z_{t-1} + ∇J(W_{t-1} − αβ z_{t-1}),   W_t = W_{t-1} − α z_t

    (the look-ahead step αβ z includes the learning rate α). With the change of variables
    W' = W − αβ z the gradient is evaluated at the current iterate W'_{t-1} instead, and

        z_t = β z_{t-1} + g_t,   W'_t = W'_{t-1} − α (g_t + β z_t),

    which is the form used here, as in Sutskever et al. (2013) and PyTorch.
    """

    lr: float = 1e-3
    momentum: float = 0.9
    nesterov: bool = field(default=True, init=False, repr=False)


# ---------------------------------------------------------------- adaptive learning rates


class AdaGradState(NamedTuple):
    """Accumulated squared gradient G."""

    G: list[np.ndarray]


@_checks_its_rule
@dataclass(frozen=True)
class AdaGrad:
    """AdaGrad (Duchi et al. 2011), as ``torch.optim.Adagrad``.

        G_t = G_{t-1} + g_t²,   W_t = W_{t-1} − α g_t / (√G_t + ε)

    Each coordinate's step shrinks as its squared gradients accumulate.
    """

    lr: float = 1e-2
    eps: float = 1e-10

    def __post_init__(self) -> None:
        """Validate the hyperparameters."""
        _check_common(self)

    def init(self, params: Params) -> AdaGradState:
        """Start with G = 0."""
        return AdaGradState(G=_zeros(params))

    def step(
        self, params: Params, grads: Params, state: AdaGradState
    ) -> tuple[Params, AdaGradState]:
        """One update of every parameter array; returns (new params, new state)."""
        _check_state(self, state, AdaGradState)
        params, (G,) = update_each(self.update, params, grads, state)
        return params, AdaGradState(G)

    def update(self, W: Array, g: Array, G: Array) -> tuple:
        """One array's update, with its accumulated squared gradient G; returns the new W and G."""
        α, ε = self.lr, self.eps
        G = G + g**2
        W = W - α * g / (np.sqrt(G) + ε)
        return W, G


class AdaDeltaState(NamedTuple):
    """Running averages of squared gradients v and of squared updates u."""

    v: list[np.ndarray]
    u: list[np.ndarray]


@_checks_its_rule
@dataclass(frozen=True)
class AdaDelta:
    """AdaDelta (Zeiler 2012), as ``torch.optim.Adadelta``; ``rho`` is the decay β.

        v_t = β v_{t-1} + (1 − β) g_t²
        Δ_t = √(u_{t-1} + ε) / √(v_t + ε) · g_t
        u_t = β u_{t-1} + (1 − β) Δ_t²
        W_t = W_{t-1} − α Δ_t

    The ratio of the two running RMS values sets the step's units; α = 1 is the paper's rule.
    """

    lr: float = 1.0
    rho: float = 0.9
    eps: float = 1e-6

    def __post_init__(self) -> None:
        """Validate the hyperparameters."""
        _check_common(self)
        _set(self, "rho", checks.fraction("rho", self.rho))

    def init(self, params: Params) -> AdaDeltaState:
        """Start with v = u = 0."""
        return AdaDeltaState(v=_zeros(params), u=_zeros(params))

    def step(
        self, params: Params, grads: Params, state: AdaDeltaState
    ) -> tuple[Params, AdaDeltaState]:
        """One update of every parameter array; returns (new params, new state)."""
        _check_state(self, state, AdaDeltaState)
        params, (v, u) = update_each(self.update, params, grads, state)
        return params, AdaDeltaState(v, u)

    def update(self, W: Array, g: Array, v: Array, u: Array) -> tuple:
        """One array's update, with its running averages v (of g²) and u (of squared updates);
        returns the new W, v and u."""
        α, β, ε = self.lr, self.rho, self.eps
        v = β * v + (1 - β) * g**2
        Δ = np.sqrt(u + ε) / np.sqrt(v + ε) * g
        u = β * u + (1 - β) * Δ**2
        W = W - α * Δ
        return W, v, u


class RMSpropState(NamedTuple):
    """Running average v of squared gradients."""

    v: list[np.ndarray]


@_checks_its_rule
@dataclass(frozen=True)
class RMSprop:
    """RMSprop (Hinton's lecture 6e), as ``torch.optim.RMSprop``.

        v_t = β v_{t-1} + (1 − β) g_t²,   W_t = W_{t-1} − α g_t / (√v_t + ε)

    Careful with names: PyTorch calls the smoothing constant β ``alpha`` (kept here so code
    matches torch), while the chapter's α is the learning rate ``lr``.
    """

    lr: float = 1e-2
    alpha: float = 0.99
    eps: float = 1e-8

    def __post_init__(self) -> None:
        """Validate the hyperparameters."""
        _check_common(self)
        _set(self, "alpha", checks.fraction("alpha", self.alpha))

    def init(self, params: Params) -> RMSpropState:
        """Start with v = 0."""
        return RMSpropState(v=_zeros(params))

    def step(
        self, params: Params, grads: Params, state: RMSpropState
    ) -> tuple[Params, RMSpropState]:
        """One update of every parameter array; returns (new params, new state)."""
        _check_state(self, state, RMSpropState)
        params, (v,) = update_each(self.update, params, grads, state)
        return params, RMSpropState(v)

    def update(self, W: Array, g: Array, v: Array) -> tuple:
        """One array's update, with its running average v of g²; returns the new W and v."""
        α, β, ε = self.lr, self.alpha, self.eps
        v = β * v + (1 - β) * g**2
        W = W - α * g / (np.sqrt(v) + ε)
        return W, v


class AdamState(NamedTuple):
    """Step count t and running averages m (of g) and v (of g²)."""

    t: int
    m: list[np.ndarray]
    v: list[np.ndarray]


@_checks_its_rule
@dataclass(frozen=True)
class Adam:
    """Adam (Kingma & Ba 2015), as ``torch.optim.Adam``; ``betas`` = (β₁, β₂).

        m_t = β₁ m_{t-1} + (1 − β₁) g_t
        v_t = β₂ v_{t-1} + (1 − β₂) g_t²
        m̂_t = m_t / (1 − β₁ᵗ),   v̂_t = v_t / (1 − β₂ᵗ)
        W_t = W_{t-1} − α m̂_t / (√v̂_t + ε)

    Bias correction makes the first step about α long in every coordinate with g ≠ 0.
    """

    lr: float = 1e-3
    betas: tuple[float, float] = (0.9, 0.999)
    eps: float = 1e-8

    def __post_init__(self) -> None:
        """Validate the hyperparameters."""
        _check_common(self)
        if not isinstance(self.betas, tuple | list) and not (
            isinstance(self.betas, np.ndarray) and self.betas.ndim == 1
        ):
            raise checks.ArgumentTypeError(
                f"betas must be a pair (beta1, beta2), got {checks.describe(self.betas)}"
            )
        if len(self.betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {self.betas!r}")
        _set(
            self,
            "betas",
            tuple(checks.fraction(f"betas[{i}]", b) for i, b in enumerate(self.betas)),
        )

    def init(self, params: Params) -> AdamState:
        """Start at t = 0 with m = v = 0."""
        return AdamState(t=0, m=_zeros(params), v=_zeros(params))

    def step(self, params: Params, grads: Params, state: AdamState) -> tuple[Params, AdamState]:
        """One update of every parameter array; returns (new params, new state)."""
        _check_state(self, state, AdamState)
        t = state.t + 1
        params, (m, v) = update_each(self.update, params, grads, state, t=t)
        return params, AdamState(t, m, v)

    def update(self, W: Array, g: Array, m: Array, v: Array, t: int) -> tuple:
        """One array's update at step t; returns the new W, m and v."""
        α, (β1, β2), ε = self.lr, self.betas, self.eps
        m = β1 * m + (1 - β1) * g
        v = β2 * v + (1 - β2) * g**2
        m_hat = m / (1 - β1**t)
        v_hat = v / (1 - β2**t)
        W = W - α * m_hat / (np.sqrt(v_hat) + ε)
        return W, m, v


Optimizer = SGD | AdaGrad | AdaDelta | RMSprop | Adam

OPTIMIZERS: dict[str, type] = {
    "SGD": SGD,
    "Momentum": Momentum,
    "Nesterov": Nesterov,
    "AdaGrad": AdaGrad,
    "AdaDelta": AdaDelta,
    "RMSprop": RMSprop,
    "Adam": Adam,
}


# ---------------------------------------------------------------- running an optimizer


def descend(
    optimizer: Optimizer, grad: Callable[[np.ndarray], np.ndarray], start, steps: int
) -> np.ndarray:
    """Run ``steps`` updates from ``start`` using ``grad(p)``; return the path, shape (steps+1, d).

    ``path[0]`` is the start. Raises ``DivergenceError`` (naming the step) as soon as the
    gradient or an iterate is not finite, instead of returning NaNs.
    """
    checks.optimizer("optimizer", optimizer)
    checks.function("grad", grad)
    steps = checks.integer("steps", steps, 0, accepts="a non-negative integer")
    p = checks.float_array("start", start, finite=False).copy()
    if p.ndim != 1:
        raise ValueError(f"start must be a 1-D point, got an array of shape {p.shape}")
    if p.size == 0:
        raise ValueError("start must be a point with at least one coordinate, got an empty array")
    if not np.all(np.isfinite(p)):
        raise ValueError(f"start must contain only finite numbers, got {p}")
    path = np.empty((steps + 1, p.size))
    path[0] = p
    state = optimizer.init(p)
    lr = getattr(optimizer, "lr", None)
    advice = "a smaller learning rate" if lr is None else f"a smaller lr than {lr}"
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for k in range(1, steps + 1):
            g = checks.float_array("grad(p)", grad(p), finite=False)
            if g.shape != p.shape:
                raise ValueError(f"grad must return an array of shape {p.shape}, got {g.shape}")
            if not np.all(np.isfinite(g)):
                size = np.linalg.norm(p)
                if size > BLOWN_UP * max(1.0, np.linalg.norm(path[0])):  # overflow of a huge p
                    raise DivergenceError(
                        f"descent diverged at step {k} (the iterate grew to size {size:.1e} and "
                        f"its gradient is not finite); try {advice}"
                    )
                raise DivergenceError(
                    f"the gradient is not finite at step {k} (grad(p) returned {g} at p = {p})"
                )
            p, state = optimizer.step(p, g, state)
            if not np.all(np.isfinite(p)):
                raise DivergenceError(
                    f"descent diverged at step {k} (iterate is not finite); try {advice}"
                )
            path[k] = p
    return path
