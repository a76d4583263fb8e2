"""A small numpy library for the book "How neural networks are trained".

Each submodule is one topic and reads top to bottom:

- ``lib.data``: the seven points, noisy points, toy classification sets, splits and k-fold.
- ``lib.linear``: lines, least squares, mean squared error and ridge polynomial fits.
- ``lib.surfaces``: 2-D test surfaces (Beale, Rosenbrock, a saddle, a bumpy landscape).
- ``lib.optim``: the seven optimizers (SGD ... Adam), each rule written for one array and applied
  to every parameter array by ``update_each``, and ``descend`` for 2-D paths.
- ``lib.nn``: a multilayer perceptron (forward pass, loss, backward pass), penalties and dropout.
- ``lib.gradcheck``: central-difference gradients and the relative error.
- ``lib.train``: the training loop with batches, validation and early stopping.

Import the submodule you need, e.g. ``from lib import optim`` or ``import lib.nn``.
"""

__all__ = ["data", "gradcheck", "linear", "nn", "optim", "surfaces", "train"]


def __getattr__(name: str):
    """Import a submodule on first use, so ``import lib; lib.optim.Adam()`` also works."""
    if name in __all__:
        import importlib

        return importlib.import_module(f"lib.{name}")
    raise AttributeError(f"module 'lib' has no attribute {name!r}")
