"""The training loop: (mini-)batches, per-epoch losses and accuracies, and early stopping.

``train`` moves ``model.params`` (a list of arrays, as in ``lib.nn.MLP``) with any optimizer of
``lib.optim``. One epoch shuffles the training set with a seeded generator and takes one
optimizer step per batch: ``batch_size=None`` is batch gradient descent (one step per epoch),
``1`` is stochastic gradient descent (n steps), ``k`` is mini-batch gradient descent.

After each epoch the History records the data loss (no penalty, no dropout) and the accuracy on
the whole training set and, if given, on the validation set.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lib import checks
from lib.optim import DivergenceError


@dataclass
class History:
    """Per-epoch records of a run; accuracies are None for regression (float) targets.

    ``best_epoch`` is the 1-based epoch with the lowest validation loss (None without a
    validation set); ``stopped_epoch`` is the number of epochs actually run.
    """

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    train_acc: list[float] | None = field(default_factory=list)
    val_acc: list[float] | None = field(default_factory=list)
    best_epoch: int | None = None
    stopped_epoch: int = 0


def train(
    model,
    X,
    y,
    *,
    optimizer,
    epochs: int,
    batch_size: int | None = None,
    X_val=None,
    y_val=None,
    seed: int = 0,
    patience: int | None = None,
    l1: float = 0.0,
    l2: float = 0.0,
    dropout: float = 0.0,
) -> History:
    """Train ``model`` in place for up to ``epochs`` epochs and return its History.

    ``l1``, ``l2`` and ``dropout`` are passed to ``model.gradients``; ``seed`` drives both the
    shuffles and the dropout masks. ``patience``: early stopping on the validation loss; stop
    after ``patience`` epochs without a new minimum and put the best params back into
    ``model.params``. Raises ``DivergenceError`` if the training loss stops being finite.
    """
    X, y = checks.numeric_array("X", X), checks.numeric_array("y", y)
    checks.not_empty("X", X)
    n = len(X)
    _check_model(model)
    checks.optimizer("optimizer", optimizer)
    epochs = checks.integer("epochs", epochs, minimum=1)
    if batch_size is None:
        batch_size = n
    batch_size = checks.integer(
        "batch_size", batch_size, 1, n, accepts=f"None or an integer in 1..{n}"
    )
    seed = checks.seed("seed", seed)
    if (X_val is None) != (y_val is None):
        raise ValueError("X_val and y_val must be given together")
    if patience is not None:
        patience = checks.integer("patience", patience, 1, accepts="None or an integer >= 1")
        if X_val is None:
            raise ValueError("patience (early stopping) needs a validation set: pass X_val, y_val")
    model.loss(X, y, l1=l1, l2=l2)  # validates X, y and the penalties up front
    model.dropout_masks(1, dropout, rng=0)  # validates dropout
    if X_val is not None:
        X_val, y_val = checks.numeric_array("X_val", X_val), checks.numeric_array("y_val", y_val)
        checks.not_empty("X_val", X_val)
        kinds = [_target_kind(t) for t in (y, y_val)]
        if kinds[0] != kinds[1]:
            raise ValueError(
                f"y holds {kinds[0]} but y_val holds {kinds[1]}: the validation set must be of "
                "the same kind as the training set"
            )
        try:
            model.loss(X_val, y_val)
        except ValueError as error:  # the model names them X and y
            raise type(error)(f"validation set (X_val, y_val): {error}") from None

    classify = np.issubdtype(y.dtype, np.integer)
    history = History(train_acc=[] if classify else None, val_acc=[] if classify else None)
    rng = np.random.default_rng(seed)
    state = optimizer.init(model.params)
    best_loss, best_params, waited = np.inf, None, 0
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below instead
        for epoch in range(1, epochs + 1):
            order = rng.permutation(n)
            for start in range(0, n, batch_size):
                batch = order[start : start + batch_size]
                _, grads = model.gradients(
                    X[batch], y[batch], l1=l1, l2=l2, dropout=dropout, rng=rng
                )
                new_params, state = optimizer.step(model.params, grads, state)
                model.params[:] = new_params

            history.stopped_epoch = epoch
            _record(history, "train", model, X, y, classify)
            if not np.isfinite(history.train_loss[-1]):
                lr = getattr(optimizer, "lr", None)
                advice = "a smaller learning rate" if lr is None else f"a smaller lr than {lr}"
                raise DivergenceError(
                    f"training diverged in epoch {epoch} (loss is not finite); try {advice}"
                )
            if X_val is None:
                continue
            _record(history, "val", model, X_val, y_val, classify)
            if history.val_loss[-1] < best_loss:
                best_loss, history.best_epoch, waited = history.val_loss[-1], epoch, 0
                best_params = [p.copy() for p in model.params]
            else:
                waited += 1
                if patience is not None and waited >= patience:
                    break
    if patience is not None and best_params is not None:
        model.params[:] = best_params
    return history


def _check_model(model) -> None:
    """Reject a model without the parts of ``lib.nn.MLP`` that training uses."""
    methods = ("loss", "gradients", "predict", "dropout_masks")
    if not all(callable(getattr(model, m, None)) for m in methods) or not isinstance(
        getattr(model, "params", None), list
    ):
        raise checks.ArgumentTypeError(
            "model must be like lib.nn.MLP (a params list and the methods "
            f"{', '.join(methods)}), got {checks.describe(model)}"
        )


def _target_kind(y: np.ndarray) -> str:
    """What the targets are: integer class labels or float targets."""
    return "integer class labels" if np.issubdtype(y.dtype, np.integer) else "float targets"


def _record(history: History, which: str, model, X, y, classify: bool) -> None:
    """Append the data loss (and accuracy for labels) on (X, y) to ``history``."""
    getattr(history, f"{which}_loss").append(model.loss(X, y))
    if classify:
        getattr(history, f"{which}_acc").append(float(np.mean(model.predict(X) == y)))


def batch_gd(model, X, y, **kwargs) -> History:
    """Batch gradient descent: one step per epoch on the whole training set."""
    return train(model, X, y, batch_size=None, **kwargs)


def stochastic_gd(model, X, y, **kwargs) -> History:
    """Stochastic gradient descent: one step per training sample (batch_size = 1)."""
    return train(model, X, y, batch_size=1, **kwargs)


def minibatch_gd(model, X, y, batch_size: int = 32, **kwargs) -> History:
    """Mini-batch gradient descent: one step per batch of ``batch_size`` samples (all of
    them when there are fewer)."""
    batch_size = checks.integer("batch_size", batch_size, minimum=1)
    X = checks.numeric_array("X", X)
    checks.not_empty("X", X)
    return train(model, X, y, batch_size=min(batch_size, len(X)), **kwargs)
