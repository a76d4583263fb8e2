"""`lib` speed: one epoch of mini-batch SGD for the chapter's digit network, in samples/s."""

from __future__ import annotations

import time

from .report import Row

SIZES = [784, 15, 10]
SAMPLES = 10_000
BATCH = 32
LR = 0.1
REPEATS = 3


def epoch_seconds(X, y) -> float:
    """Seconds for one epoch of `lib.train.train` (batch 32, SGD lr 0.1) on a fresh MLP."""
    from lib.nn import MLP
    from lib.optim import SGD
    from lib.train import train

    model = MLP(SIZES, seed=0)
    start = time.perf_counter()
    train(model, X, y, optimizer=SGD(lr=LR), epochs=1, batch_size=BATCH, seed=0)
    return time.perf_counter() - start


def measure() -> list[Row]:
    """Best of three epochs on `synthetic_digits(10000, seed=0)`."""
    from lib.data import synthetic_digits

    X, y = synthetic_digits(SAMPLES, seed=0)
    best = min(epoch_seconds(X, y) for _ in range(REPEATS))
    key = "lib.mlp_784_15_10"
    return [
        Row(f"{key}.epoch_s", f"MLP {SIZES}: one epoch, batch {BATCH} (best of 3)", best, "s"),
        Row(f"{key}.samples_per_s", f"MLP {SIZES}: training speed", SAMPLES / best, "samples/s"),
    ]
