"""What the pages claim, checked: Korean particles after numbers, and every sentence of the prose,
a caption or an alt text that compares or describes what a figure or run shows, held against the
experiment that drew it.

The claims are grouped by page below. Each test quotes the English sentence it holds (the Korean
page says the same); if a parameter change in `experiments/params.py` makes one fail, revisit
that sentence in both languages (and the figure's words in `words/<lang>.py`). Numbers are not
checked here: the prose glues them (`pages/numbers.py`), so they follow the runs by themselves.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
KO_PAGES = sorted(p.stem for p in (ROOT / "chapters" / "ko").glob("*.md"))

# --------------------------------------------------------------- Korean particles

# How a number ending in each digit is read: 영 일 이 삼 사 오 육 칠 팔 구. Ten, hundred,
# thousand and ten thousand (십 백 천 만) end in a consonant, as 영 does, so 0 stands for them.
DIGIT_READING = dict(zip("0123456789", "영일이삼사오육칠팔구", strict=True))
# Particle pairs (after a consonant, after a vowel). 으로/로 is special: ㄹ takes 로.
PARTICLES = (("은", "는"), ("이", "가"), ("을", "를"), ("과", "와"), ("으로", "로"))
# Longest first, so that 으로 is not read as 으 + 로.
PARTICLE_FORMS = sorted({form for pair in PARTICLES for form in pair}, key=len, reverse=True)
# Particles that may follow one of the above in the same word (으로는, 과의, 으로도, 로서).
FOLLOWERS = ("는", "도", "의", "서", "써", "만")
HANGUL = "\uac00-\ud7a3"
# A figure reference (Sphinx's numref) or a glued number (myst-nb's glue role), and the text
# right after it, up to the next tag.
REFERENCE = re.compile(
    r'<span class="(?:std std-numref|output text_plain)">([^<]*)</span>(?:</a>)?([^<]*)'
)


def final_sound(text: str) -> tuple[str, bool] | None:
    """The last syllable a Korean reader says for ``text`` and whether it ends in a consonant.

    Digits are read as Sino-Korean numbers, ``%`` as 퍼센트, Hangul as written. Returns None
    when the reading is unknown (Latin letters, symbols).
    """
    text = text.rstrip()
    if not text:
        return None
    last = text[-1]
    if last in DIGIT_READING:
        syllable = DIGIT_READING[last]
    elif last == "%":
        syllable = "트"
    elif re.match(f"[{HANGUL}]", last):
        syllable = last
    else:
        return None
    return syllable, (ord(syllable) - 0xAC00) % 28 != 0


def particle_after(text: str) -> str | None:
    """The case particle that opens ``text``, if it stands alone as one (not 이상, 가지...)."""
    for form in PARTICLE_FORMS:
        if not text.startswith(form):
            continue
        rest = text[len(form) :]
        if not rest or not re.match(f"[{HANGUL}]", rest[0]):
            return form
        for follower in FOLLOWERS:
            after = rest[len(follower) :][:1]
            if rest.startswith(follower) and not re.match(f"[{HANGUL}]", after):
                return form
    return None


def expected_particle(particle: str, sound: tuple[str, bool]) -> str:
    """The form of ``particle``'s pair that agrees with a word ending in ``sound``."""
    syllable, consonant = sound
    for after_consonant, after_vowel in PARTICLES:
        if particle in (after_consonant, after_vowel):
            if after_consonant == "으로":
                rieul = (ord(syllable) - 0xAC00) % 28 == 8  # ㄹ
                return after_vowel if rieul or not consonant else after_consonant
            return after_consonant if consonant else after_vowel
    raise ValueError(f"{particle!r} is not a case particle this check knows")


def particle_errors(page_html: str) -> list[str]:
    """Every particle after a figure reference or glued number that disagrees with its reading."""
    errors = []
    for match in REFERENCE.finditer(page_html):
        number, after = html.unescape(match.group(1)), html.unescape(match.group(2))
        particle, sound = particle_after(after), final_sound(number)
        if particle is None or sound is None:
            continue
        right = expected_particle(particle, sound)
        if particle != right:
            errors.append(f"{number}{particle} (read …{sound[0]}: should be {number}{right})")
    return errors


def numref(text: str) -> str:
    """A figure reference as the built page writes it."""
    return f'<a href="#f"><span class="std std-numref">{text}</span></a>'


def glued(text: str) -> str:
    """A glued number as the built page writes it."""
    return f'<span class="output text_plain">{text}</span>'


@pytest.mark.parametrize(
    ("snippet", "wrong"),
    [
        (numref("그림 3.1") + "는 보여 줍니다", True),
        (numref("그림 3.1") + "은 보여 줍니다", False),
        (numref("그림 5.4") + "은 보여 줍니다", True),
        (numref("그림 5.4") + "는 보여 줍니다", False),
        (numref("그림 4.2") + "과 비교하면", True),
        (numref("그림 4.3") + "과 비교하면", False),
        (numref("그림 1.2") + "을 보세요", True),
        (numref("그림 1.2") + "를 보세요", False),
        (numref("그림 2.6") + "가 보여 주듯", True),
        (numref("그림 2.6") + "이 보여 주듯", False),
        (glued("0.805") + "으로 줄어듭니다", True),
        (glued("0.805") + "로 줄어듭니다", False),
        (glued("0.3") + "로 줄어듭니다", True),
        (glued("0.3") + "으로 줄어듭니다", False),
        (glued("0.7") + "으로 줄어듭니다", True),
        (glued("0.7") + "로 줄어듭니다", False),
        (glued("10") + "로 나누면", True),
        (glued("87.5%") + "이 됩니다", True),
        (glued("87.5%") + "가 됩니다", False),
        (glued("44단계") + "은 걸립니다", True),
        (glued("44단계") + "가 걸립니다", False),
        (glued("3.1") + "으로는 부족합니다", True),
        (glued("3.1") + "로는 부족합니다", False),
        (glued("3.6") + "으로는 부족합니다", False),
        (glued("3.2") + "으로는 부족합니다", True),
        # No particle at all, or words that only look like one: nothing to check.
        (numref("그림 5.4") + "에서 보듯", False),
        (glued("3") + "가지", False),
        (glued("5") + "이상", False),
        (glued("5") + "입니다", False),
        (glued("7") + "개", False),
        (numref("그림 2.5") + ". 다음", False),
    ],
)
def test_particle_check_knows_right_from_wrong(snippet, wrong):
    assert bool(particle_errors(f"<p>{snippet}</p>")) == wrong


@pytest.mark.parametrize("page", KO_PAGES)
def test_korean_particles_agree_with_numbers(page):
    path = SITE / "chapters" / "ko" / f"{page}.html"
    if not path.exists():
        pytest.fail("the site is not built: run `make book` (make test does)")
    errors = particle_errors(path.read_text(encoding="utf-8"))
    assert not errors, f"ko/{page}: particles that disagree with the number before them: {errors}"


# --------------------------------------------------------------- claims of the prose
#
# Page 02, linear regression.


def test_02_the_third_candidate_line_has_the_smallest_error():
    """“The third line has the smallest error, which confirms what our eyes told us.”"""
    from experiments import params
    from lib import data, linear

    x, y = data.seven_points()
    errors = [linear.line_mse(m, b, x, y) for m, b in params.CANDIDATE_LINES]
    assert errors.index(min(errors)) == 2


def test_02_the_loss_landscape_is_a_long_narrow_bowl():
    """“The landscape is a long, narrow bowl”: convex, far steeper across than along."""
    from lib import data, linear

    x, _ = data.seven_points()
    X = linear.with_bias(x)
    curvatures = np.linalg.eigvalsh(2 / len(x) * X.T @ X)
    assert curvatures.min() > 0 and curvatures.max() / curvatures.min() > 50


# Page 03, gradient descent.


def test_03_the_descent_ends_almost_where_least_squares_does():
    """“Gradient descent has walked to almost exactly the same spot” as least squares."""
    from experiments.lines import descent_path, least_squares_line

    m, b, _ = least_squares_line()
    assert np.linalg.norm(descent_path()[-1] - (m, b)) < 0.01


def test_03_the_first_steps_bounce_across_the_valley():
    """“The first steps quickly reach the valley floor, bouncing from one side of it to the
    other”: across the valley (the Hessian's steep direction) the path changes sides at every
    one of the first steps, while along it the path keeps going one way."""
    from experiments.lines import descent_path, least_squares_line
    from lib import data, linear

    x, _ = data.seven_points()
    X = linear.with_bias(x)[:, ::-1]  # columns (x, 1), as the path's (m, b)
    _, vectors = np.linalg.eigh(2 / len(x) * X.T @ X)
    m, b, _ = least_squares_line()
    offsets = descent_path()[:10] - (m, b)
    across, along = offsets @ vectors[:, 1], offsets @ vectors[:, 0]
    assert (np.sign(across[1:]) != np.sign(across[:-1])).all()
    assert len(set(np.sign(np.diff(np.abs(along))))) == 1


def test_03_the_limit_on_the_slider_is_where_descent_stops_settling():
    """“Plain gradient descent settles into the bottom of the bowl only when the learning rate
    is below” the limit; above it, “the parameters fly off toward infinity”."""
    from experiments.lines import least_squares_line, stability_limit
    from lib import data, linear, optim

    x, y = data.seven_points()

    def grad(p):
        return np.array(linear.line_mse_grad(p[0], p[1], x, y))

    limit, (m, b, _) = stability_limit(), least_squares_line()
    below = optim.descend(optim.SGD(lr=0.98 * limit), grad, (0.0, 0.0), 3000)
    assert np.linalg.norm(below[-1] - (m, b)) < 1e-3
    above = optim.descend(optim.SGD(lr=1.02 * limit), grad, (0.0, 0.0), 3000)
    assert np.linalg.norm(above[-1] - (m, b)) > 1e20 * np.linalg.norm(above[0] - (m, b))


# Page 04, neural networks: the bumpy valleys.


def test_04_one_bumpy_descent_passes_the_nearest_minimum_by_a_visible_margin():
    """“The run that starts at … ends in the minimum at …, … away, although the minimum at … is
    only … away”: the nearest minimum is at least a fifth closer, so the reader can see it. The
    alt text: it ends in the deepest valley, up and to its left; the nearer one is to its
    right."""
    from lib import surfaces
    from pages import numbers

    start, reached, nearest = numbers.bumpy_detour()
    assert np.linalg.norm(nearest - start) < 0.8 * np.linalg.norm(reached - start)
    deepest = min(surfaces.BUMPY.minima, key=lambda p: surfaces.BUMPY.f(*p))
    assert np.allclose(reached, deepest)
    assert reached[0] < start[0] and reached[1] > start[1] and nearest[0] > start[0]


# Page 04: the first race (Beale's function).


def race_facts():
    """The first race's runs, its minimum, start and arrival steps."""
    from experiments import params
    from experiments.landscapes import arrival_step, path_length, race_descents
    from lib import surfaces

    paths = race_descents()
    minimum = np.array(surfaces.SURFACES[params.RACE_SURFACE].minima[0])
    arrivals = {
        name: arrival_step(path, minimum, params.RACE_ARRIVAL_RADIUS)
        for name, path in paths.items()
    }
    lengths = {name: path_length(path) for name, path in paths.items()}
    return paths, minimum, np.array(params.RACE_START), arrivals, lengths


def test_04_gradient_descent_takes_the_most_direct_route_but_does_not_arrive():
    """“Gradient descent takes the most direct route … but it creeps: when the animation ends it
    is still … from the minimum.”"""
    paths, minimum, start, arrivals, lengths = race_facts()
    assert min(lengths, key=lengths.get) == "SGD"
    assert lengths["SGD"] < 1.2 * np.linalg.norm(minimum - start)
    assert arrivals["SGD"] is None


def test_04_the_momentum_methods_swing_below_the_valley_and_arrive_first():
    """“The momentum methods build up speed, swing far below the valley and come back, and yet
    they are the first to come within … of the minimum.”"""
    paths, minimum, _, arrivals, _ = race_facts()
    arrived = sorted((step, name) for name, step in arrivals.items() if step is not None)
    assert {name for _, name in arrived[:2]} == {"Momentum", "Nesterov"}
    for name in ("Momentum", "Nesterov"):
        assert paths[name][:, 1].min() < minimum[1] - 1.0


def test_04_the_adaptive_methods_first_run_away_from_the_minimum():
    """“The adaptive methods do not head straight in either. They first run down and to the
    left, *away* from the minimum”, and their paths are longer than gradient descent's."""
    from pages.numbers import ADAPTIVE

    paths, minimum, start, _, lengths = race_facts()
    assert minimum[0] > start[0]  # the minimum lies to the right of the start
    for name in ADAPTIVE:
        left = paths[name][np.argmin(paths[name][:, 0])]
        assert left[0] < start[0] - 0.3 and left[1] < start[1], name
        assert lengths[name] > 1.4 * lengths["SGD"], name


def test_first_race_shares_one_rate_between_gradient_descent_and_momentum():
    """“In the first race, gradient descent and the two momentum methods share one rate.”"""
    from experiments import params

    rates = {params.RACE_SETTINGS[name]["lr"] for name in ("SGD", "Momentum", "Nesterov")}
    assert len(rates) == 1


# Page 04: the saddle race.


def test_04_every_optimizer_leaves_the_saddle_and_gradient_descent_after_the_animation():
    """“Every one of them escapes in the end, gradient descent too”; the caption: “gradient
    descent leaves it only after the animation stops”, at the step (1 + 2α)^k y₀ ≥ 1 predicts
    for x² − y²."""
    from experiments import params
    from lib import surfaces
    from pages import numbers

    steps = numbers.saddle_escape_steps()
    assert set(steps) == set(params.SADDLE_SETTINGS)
    assert all(step is not None for step in steps.values())
    shown = params.SADDLE_STEPS
    assert steps["SGD"] > shown
    assert all(step <= shown for name, step in steps.items() if name != "SGD")
    alpha, y0 = params.SADDLE_SETTINGS["SGD"]["lr"], surfaces.SADDLE.start[1]
    assert steps["SGD"] == int(np.ceil(np.log(1 / y0) / np.log(1 + 2 * alpha)))
    factor = numbers.page_numbers("04_neural_networks", "en")["saddle_gd_factor"]
    assert float(factor) == pytest.approx(1 + 2 * alpha, abs=0.005)


def test_04_the_saddle_map_is_red_where_high_and_blue_where_low():
    """The saddle's caption: “red is high ground, blue low”."""
    from matplotlib import colormaps

    from figures_src import neural_networks, registry, style

    with style.drawing("en"):
        scene = registry.FIGURES["optimizers_saddle"].draw("en")
        (filled,) = [c for c in scene.fig.axes[0].collections if hasattr(c, "get_cmap")][:1]
        cmap = filled.get_cmap()
        style.close(scene.fig)
    assert cmap is colormaps["RdBu_r"] or cmap.name == "RdBu_r"
    high, low = cmap(1.0), cmap(0.0)
    assert high[0] > high[2] and low[2] > low[0]
    assert neural_networks.race_contours  # the saddle's map in the explorer is drawn alike


@pytest.mark.parametrize("lang", ("en", "ko"))
@pytest.mark.parametrize("name", ("optimizers_contour", "optimizers_saddle"))
def test_race_legends_name_every_marker_and_give_each_learning_rate(lang, name):
    """Every optimizer in the legend with its α, under the book's one name for it, and the
    start, the minimum or the saddle too."""
    from experiments import params
    from figures_src import registry, style
    from words import WORDS, optimizer_name

    settings = {
        "optimizers_contour": params.RACE_SETTINGS,
        "optimizers_saddle": params.SADDLE_SETTINGS,
    }
    with style.drawing(lang):
        scene = registry.FIGURES[name].draw(lang)
        labels = [t.get_text() for legend in scene.fig.legends for t in legend.get_texts()]
        style.close(scene.fig)
    n = len(settings[name])
    assert len(labels) == n + 2
    for label, (optimizer, hyper) in zip(labels, settings[name].items(), strict=False):
        assert label.startswith(optimizer_name(lang, optimizer)) and "SGD" not in label
        assert f"= {hyper['lr']:g}" in label and "alpha" in label
    marks = {"optimizers_contour": "minimum", "optimizers_saddle": "saddle_point"}[name]
    assert labels[n:] == [WORDS[lang]["start"], WORDS[lang][marks]]


# Page 05, hyperparameters.


def test_05_the_polynomial_wins_on_its_points_and_loses_on_new_ones():
    """“On the training points, the polynomial looks like the clear winner … the polynomial's
    [error on new points] jumps to …” (above the line's)."""
    from experiments.overfitting import overfit_errors

    e = overfit_errors()
    assert e["poly_train"] < e["line_train"] and e["poly_test"] > e["line_test"]


def test_05_validation_loss_is_below_training_loss_only_at_the_start():
    """“For the first … epochs the held-out loss is a little lower than the training loss …
    Once the network starts to memorize …, the training loss drops below … and stays there.”"""
    from experiments.overfitting import overfit_history
    from pages import numbers

    history = overfit_history()
    below = np.asarray(history.val_loss) < np.asarray(history.train_loss)
    n = int(numbers.page_numbers("05_hyperparameters", "en")["lc_val_below_epochs"])
    assert n > 0 and below[:n].all() and not below[n:].any()


def test_05_early_stopping_runs_its_patience_and_keeps_the_best_epoch():
    """“The run goes on until epoch …, finds no better epoch in that time, stops, and keeps the
    parameters of epoch …”; the held-out loss “rose and never came back down to its best”."""
    from experiments import params
    from experiments.overfitting import overfit_history

    history = overfit_history()
    best, val = history.best_epoch, np.asarray(history.val_loss)
    assert len(val) == best + params.CURVES_PATIENCE < params.CURVES_EPOCHS
    assert val.argmin() + 1 == best and (val[best:] > val[best - 1]).all()


def test_05_held_out_accuracy_crept_up_after_the_best_epoch():
    """“Held-out accuracy … even crept up a little after the best epoch, while the held-out loss
    rose”; training accuracy ends above it (“some gap … is normal”)."""
    from experiments.overfitting import overfit_history

    history = overfit_history()
    best = history.best_epoch
    assert history.val_acc[-1] > history.val_acc[best - 1]
    assert history.val_loss[-1] > history.val_loss[best - 1]
    assert history.train_acc[-1] > history.val_acc[-1]


def test_05_the_network_has_far_more_parameters_than_training_examples():
    """“Far more knobs than examples, an open invitation to overfit.”"""
    from experiments import params
    from lib import data
    from lib.nn import MLP

    train, _, _ = data.train_val_test_split(
        params.CURVES_N, params.CURVES_FRACTIONS, params.CURVES_SEED
    )
    assert MLP(list(params.CURVES_SIZES)).num_params > 20 * len(train)


def test_05_a_stronger_penalty_calms_the_curve_and_in_the_end_flattens_it():
    """“As λ grows, the wiggles calm down …”; “at λ = … the curve rises only …, against … for the
    straight line.”"""
    from experiments import params
    from experiments.overfitting import noisy
    from lib import linear

    x, y = noisy()
    xs = np.linspace(x.min(), x.max(), 400)
    travel, turns = [], []  # how far the curve goes up and down, and how often it turns
    for lam in sorted(params.LAMBDAS):
        curve = linear.polyval(linear.polyfit_mse_l2(x, y, params.OVERFIT_DEGREE, lam), xs)
        travel.append(np.abs(np.diff(curve)).sum())
        turns.append(np.count_nonzero(np.diff(np.sign(np.diff(curve)))))
    assert all(a > b for a, b in zip(travel, travel[1:], strict=False))
    assert all(a >= b for a, b in zip(turns, turns[1:], strict=False)) and turns[-1] == 0
    strongest = linear.polyfit_mse_l2(x, y, params.OVERFIT_DEGREE, max(params.LAMBDAS))
    line = np.polyfit(x, y, 1)
    ends = np.array([x.min(), x.max()])
    assert np.ptp(np.polyval(strongest, ends)) < np.ptp(np.polyval(line, ends))


def test_05_the_points_come_from_the_straight_line_the_page_names():
    """“They were made from a straight line, y = … + … x, with random noise added.”"""
    from lib import data

    x = np.linspace(-3, 3, 13)
    curve = data.true_curve(x)
    assert np.allclose(np.diff(curve, 2), 0)


def test_regularized_fit_minimises_the_chapters_objective():
    """polyfit_mse_l2 solves J = MSE + ½λΣc² (no penalty on the constant), as numpy's normal
    equations (2/n VᵀV + λD) c = 2/n Vᵀy give it."""
    from lib import linear

    rng = np.random.default_rng(5)
    x = np.linspace(0, 1, 9)
    y = 0.3 + x + 0.1 * rng.standard_normal(9)
    for degree in (1, 4, 8):
        V = np.vander(x, degree + 1)
        D = np.diag([1.0] * degree + [0.0])
        for lam in (1e-3, 0.5, 3.0):
            A = 2 / len(x) * V.T @ V + lam * D
            expected = np.linalg.solve(A, 2 / len(x) * V.T @ y)
            got = linear.polyfit_mse_l2(x, y, degree, lam)
            np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-9)
        # λ = 0 is ordinary least squares: the same fitted values as numpy's polyfit.
        plain = linear.polyfit_mse_l2(x, y, degree, 0.0)
        np.testing.assert_allclose(V @ plain, np.polyval(np.polyfit(x, y, degree), x), atol=1e-8)
    with pytest.raises(ValueError, match="lam"):
        linear.polyfit_mse_l2(x, y, 3, -1.0)


# Page 06, backpropagation.


def test_06_the_last_layer_stays_linear():
    """“Every layer but the last then applies the activation function σ; the last layer stays
    linear, and its outputs z go straight to the loss.”"""
    from lib.nn import MLP

    net = MLP([3, 4, 2], "tanh", seed=1)
    X = np.random.default_rng(0).normal(size=(5, 3))
    W1, b1, W2, b2 = net.params
    assert np.allclose(net.forward(X), np.tanh(X @ W1 + b1) @ W2 + b2)


def test_source_listing_stops_before_the_given_line():
    import pages as book

    loop = book.source("lib.nn.MLP.forward", start="for i,", stop="self.cache =").text
    assert "z = a @ W + b" in loop
    assert "self.cache" not in loop and "return z" not in loop and "def forward" not in loop
    assert loop.rstrip().endswith("```")
    with pytest.raises(ValueError, match="no such line"):
        book.source("lib.nn.MLP.forward", start="for i,", stop="# no such line")
