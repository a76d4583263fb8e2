"""The explorers' JavaScript twin of the library (`book/static/explore/ml4a-lib.js`) equals `lib`.

The module runs in Node.js (one process per test, JSON in and out). Its descent paths must
equal `lib.optim.descend`'s to a relative 1e-9 for every optimizer, several hyperparameter
settings (the defaults, the two races' and one more) and several starts on every surface,
stopping where `lib` raises `DivergenceError`; its surfaces, gradients, ridge fits and the
bowl's stability limit must equal `lib`'s and `pages.numbers`'.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from experiments import params
from experiments.lines import descent_path
from experiments.overfitting import noisy
from lib import data, linear, optim, surfaces
from pages import explorers, numbers

ROOT = Path(__file__).resolve().parent.parent
MODULE = ROOT / "book" / "static" / "explore" / "ml4a-lib.js"
RTOL = 1e-9
STEPS = 200

# Calls every function named in the request with its arguments; an exception becomes its message.
HARNESS = """
const ml4a = require(process.argv[1]);
let text = "";
process.stdin.on("data", (chunk) => (text += chunk));
process.stdin.on("end", () => {
  const request = JSON.parse(text);
  if (request.configure) ml4a.configure(request.configure);
  const results = request.calls.map(([name, ...args]) => {
    try {
      const value = typeof ml4a[name] === "function" ? ml4a[name](...args) : ml4a[name];
      return { value };
    } catch (error) {
      return { error: error.message };
    }
  });
  process.stdout.write(JSON.stringify(results));
});
"""


def node(calls: list, configure: dict | None = None) -> list[dict]:
    """Run ``[name, *args]`` calls on the module in Node.js; returns ``{value}`` or ``{error}``."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is missing (it also typesets the formulas: see README.md)")
    request = json.dumps({"configure": configure, "calls": calls})
    result = subprocess.run(
        ["node", "-e", HARNESS, str(MODULE)],
        input=request,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def bowl_grad(p):
    """The gradient of the line's MSE over (m, b) on the seven points, as the figures take it."""
    x, y = data.seven_points()
    return np.array(linear.line_mse_grad(p[0], p[1], x, y))


GRADIENTS = {name: surfaces.vector_grad(s) for name, s in surfaces.SURFACES.items()}
GRADIENTS["bowl"] = bowl_grad
TWIN_SURFACES = ("bowl", "beale", "saddle", "bumpy")
STARTS = {
    "bowl": [tuple(descent_path()[0]), (3.0, -4.0), (-1.5, 6.0)],
    "beale": [params.RACE_START, (-0.3, -1.0), (3.5, 1.8)],
    "saddle": [surfaces.SADDLE.start, (-1.2, 0.5), (0.3, -1.4)],
    "bumpy": [surfaces.BUMPY.start, *params.BUMPY_STARTS],
}
MORE = {
    "SGD": {"lr": 0.01, "momentum": 0.5, "nesterov": True},
    "Momentum": {"lr": 0.005, "momentum": 0.5},
    "Nesterov": {"lr": 0.005, "momentum": 0.99},
    "AdaGrad": {"lr": 0.3, "eps": 1e-6},
    "AdaDelta": {"lr": 0.5, "rho": 0.8, "eps": 1e-5},
    "RMSprop": {"lr": 0.02, "alpha": 0.9, "eps": 1e-6},
    "Adam": {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6},
}


def settings(name: str) -> list[dict]:
    """Hyperparameters to try for one optimizer: defaults, both races' and one more."""
    return [{}, params.RACE_SETTINGS[name], params.SADDLE_SETTINGS[name], MORE[name]]


def lib_path(surface: str, name: str, hyper: dict, start) -> tuple[np.ndarray | None, int | None]:
    """lib's path, or None and the step at which lib says it diverged."""
    try:
        return optim.descend(
            optim.OPTIMIZERS[name](**hyper), GRADIENTS[surface], start, STEPS
        ), None
    except optim.DivergenceError as error:
        return None, int(re.search(r"at step (\d+)", str(error)).group(1))


def settled_length(surface: str, name: str, hyper: dict, start, path: np.ndarray) -> int:
    """How many leading points of lib's path stay within RTOL when every gradient is off by a
    few units in the last place (one part up, the other down), as a second implementation's may
    be (its exp, its pow): past
    that, the dynamics amplify rounding (RMSprop's fixed-size steps around a minimum, for one)
    and no second implementation can be held to RTOL."""
    grad = GRADIENTS[surface]

    def rounded_differently(p):
        off = 4 * np.finfo(float).eps * np.array([1.0, -1.0])
        g = grad(p)
        return g + off * np.maximum(np.abs(g), 1.0)  # cancellation leaves errors of order 1

    try:
        other = optim.descend(optim.OPTIMIZERS[name](**hyper), rounded_differently, start, STEPS)
    except optim.DivergenceError:
        return 1
    apart = np.abs(other - path).max(axis=1) > RTOL * np.abs(path).max()
    return int(np.argmax(apart)) if apart.any() else len(path)


@pytest.mark.parametrize("surface", TWIN_SURFACES)
def test_paths_equal_lib_for_every_optimizer_setting_and_start(surface):
    cases = [
        (name, hyper, start)
        for name in optim.OPTIMIZERS
        for hyper in settings(name)
        for start in STARTS[surface]
    ]
    calls = [
        ["descend", {"surface": surface, "optimizer": n, "hyper": h, "start": s, "steps": STEPS}]
        for n, h, s in cases
    ]
    results = node(calls, explorers.lib_data())
    diverged, compared, points = 0, 0, 0
    for (name, hyper, start), result in zip(cases, results, strict=True):
        assert "error" not in result, f"{surface} {name} {hyper}: {result['error']}"
        js = np.array(result["value"], dtype=float)
        expected, divergence_step = lib_path(surface, name, hyper, start)
        where = f"{surface}, {name}({hyper}) from {start}"
        if expected is None:
            diverged += 1
            # lib raises at the first step that is not finite; the twin stops just before it.
            assert len(js) == divergence_step, f"{where}: stopped after {len(js)} points"
            expected = optim.descend(
                optim.OPTIMIZERS[name](**hyper), GRADIENTS[surface], start, divergence_step - 1
            )
        assert js.shape == expected.shape, where
        scale = np.abs(expected).max()
        settled = len(expected)
        held = np.allclose(js, expected, rtol=RTOL, atol=RTOL * scale)
        if divergence_step is None and not held:
            # Held only as far as a second implementation can be (found only when needed: it
            # descends once more).
            settled = settled_length(surface, name, hyper, start, expected)
        np.testing.assert_allclose(
            js[:settled], expected[:settled], rtol=RTOL, atol=RTOL * scale, err_msg=where
        )
        compared += settled
        points += len(expected)
    assert len(cases) == 7 * 4 * len(STARTS[surface])
    assert compared >= 0.9 * points, f"only {compared} of {points} points could be compared"
    if surface == "beale":
        assert diverged, "no setting diverged on Beale: the stopping rule went untested"


def test_defaults_are_libs():
    (result,) = node([["DEFAULTS"]])
    for name, cls in optim.OPTIMIZERS.items():
        fields = {f.name: f.default for f in dataclasses.fields(cls) if f.init}
        fields = {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}
        assert result["value"][name] == fields, name


@pytest.mark.parametrize("surface", TWIN_SURFACES)
def test_loss_and_gradient_equal_libs(surface):
    rng = np.random.default_rng(5)
    (x0, x1), (y0, y1) = (
        (params.M_RANGE, params.B_RANGE) if surface == "bowl" else surfaces.SURFACES[surface].bounds
    )
    points = rng.uniform((x0, y0), (x1, y1), size=(25, 2)).tolist()
    calls = [["loss", surface, p] for p in points] + [["gradient", surface, p] for p in points]
    results = [r["value"] for r in node(calls, explorers.lib_data())]
    x, y = data.seven_points()
    for p, js_loss, js_grad in zip(points, results[:25], results[25:], strict=True):
        if surface == "bowl":
            loss, grad = linear.line_mse(*p, x, y), linear.line_mse_grad(*p, x, y)
        else:
            s = surfaces.SURFACES[surface]
            loss, grad = s.f(*p), s.grad(*p)
        np.testing.assert_allclose(js_loss, loss, rtol=RTOL)
        np.testing.assert_allclose(js_grad, grad, rtol=RTOL, atol=RTOL * np.abs(grad).max())


def test_stability_limit_is_the_pages():
    (result,) = node([["stabilityLimit"]], explorers.lib_data())
    assert result["value"] == pytest.approx(numbers.stability_limit(), rel=1e-12)


def test_ridge_fits_equal_libs():
    x, y = noisy()
    x_val = np.linspace(0, 1, 57)
    cases = [
        (d, lam) for d in (0, 1, 3, params.OVERFIT_DEGREE) for lam in (0, 1e-8, 1e-4, 1e-2, 1, 100)
    ]
    calls = [["polyfit", x.tolist(), y.tolist(), d, lam] for d, lam in cases]
    fits = [r["value"] for r in node(calls)]
    more = node(
        [["polyMse", c, x_val.tolist(), np.sin(x_val).tolist()] for c in fits]
        + [["polyval", c, 0.37] for c in fits]
    )
    for (d, lam), js, mse, value in zip(
        cases, fits, more[: len(fits)], more[len(fits) :], strict=True
    ):
        expected = linear.polyfit_mse_l2(x, y, d, lam)
        scale = np.abs(expected).max()
        np.testing.assert_allclose(
            js, expected, rtol=RTOL, atol=RTOL * scale, err_msg=f"{d}, {lam}"
        )
        exact = linear.polyval(js, x_val)
        assert mse["value"] == pytest.approx(linear.mse(np.sin(x_val), exact), rel=1e-12)
        assert value["value"] == pytest.approx(float(linear.polyval(js, 0.37)), rel=1e-12)


def test_the_interpolating_fit_hits_every_point():
    x, y = noisy()
    (result,) = node([["polyfit", x.tolist(), y.tolist(), len(x) - 1, 0]])
    np.testing.assert_allclose(np.polyval(result["value"], x), y, rtol=1e-8)


def run(surface="beale", optimizer="Adam", hyper=None, start=(0, 0), steps=1) -> list:
    """A descend call with the given options."""
    options = {"surface": surface, "optimizer": optimizer, "start": start, "steps": steps}
    return ["descend", options | ({"hyper": hyper} if hyper is not None else {})]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (run(surface="moon"), "unknown surface"),
        (run(optimizer="Adamax"), "unknown optimizer"),
        (run(hyper={"beta1": 0.9}), "has no hyperparameter"),
        (run(optimizer="SGD", hyper={"lr": -1}), "lr must be a positive"),
        (run(optimizer="SGD", hyper={"nesterov": True}), "nesterov=true requires momentum"),
        (run(optimizer="RMSprop", hyper={"alpha": 1}), "alpha must be a number in"),
        (run(hyper={"betas": [0.9]}), "betas must be a pair"),
        (run(hyper={"eps": 0}), "eps must be a positive"),
        (run(start=[0, "a"]), "start must be a point"),
        (run(steps=-1), "steps must be a non-negative"),
        (run(surface="bowl"), "needs the points"),
        (["polyfit", [0, 1], [0, 1], 3, 0], "needs at least 4 points"),
        (["polyfit", [0, 1], [0, 1], 1, -1], "lam must be a non-negative"),
    ],
)
def test_bad_input_gets_a_clear_error(call, message):
    (result,) = node([call])
    assert message in result.get("error", ""), result


def test_the_page_data_gives_the_twin_libs_data():
    lib_data = explorers.lib_data()
    x, y = data.seven_points()
    assert lib_data["points"] == {"x": x.tolist(), "y": y.tolist()}
    centres = [w[:2] for w in lib_data["wells"]]
    # Each well is a minimum of the bumpy surface, near its centre.
    for minimum in surfaces.BUMPY.minima:
        assert min(np.hypot(*(np.array(minimum) - c)) for c in centres) < 0.2
