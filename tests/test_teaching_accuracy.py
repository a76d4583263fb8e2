"""What the pages claim, checked: Korean particles after numbers, and the prose's claims about
the figures held against the code that draws them (issue 9)."""

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


def test_source_listing_stops_before_the_given_line():
    import pages as book

    loop = book.source("lib.nn.MLP.forward", start="for i,", stop="self.cache =").text
    assert "z = a @ W + b" in loop
    assert "self.cache" not in loop and "return z" not in loop and "def forward" not in loop
    assert loop.rstrip().endswith("```")
    with pytest.raises(ValueError, match="no such line"):
        book.source("lib.nn.MLP.forward", start="for i,", stop="# no such line")


def test_one_bumpy_descent_passes_the_nearest_minimum_by():
    """The prose: a run can end in a valley other than the nearest one, and names it."""
    from pages import numbers

    start, reached, nearest = numbers.bumpy_detour()
    assert np.linalg.norm(reached - start) > np.linalg.norm(nearest - start)


def test_every_optimizer_leaves_the_saddle_and_gradient_descent_after_the_animation():
    """The prose and caption: all escape; gradient descent only after the steps shown, at the
    step (1 + 2α)^k y₀ ≥ 1 predicts for x² − y²."""
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


def test_first_race_shares_one_rate_between_gradient_descent_and_momentum():
    from experiments import params

    rates = {params.RACE_SETTINGS[name]["lr"] for name in ("SGD", "Momentum", "Nesterov")}
    assert len(rates) == 1


@pytest.mark.parametrize("lang", ("en", "ko"))
@pytest.mark.parametrize("name", ("optimizers_contour", "optimizers_saddle"))
def test_race_legends_give_each_learning_rate(lang, name):
    from experiments import params
    from figures import registry, style
    from words import WORDS

    settings = {
        "optimizers_contour": params.RACE_SETTINGS,
        "optimizers_saddle": params.SADDLE_SETTINGS,
    }
    with style.drawing(lang):
        scene = registry.FIGURES[name].draw(lang)
        labels = [t.get_text() for legend in scene.fig.legends for t in legend.get_texts()]
        style.close(scene.fig)
    assert len(labels) == len(settings[name])
    for label, (optimizer, hyper) in zip(labels, settings[name].items(), strict=True):
        shown = WORDS[lang]["gradient_descent"] if optimizer == "SGD" else optimizer
        assert label.startswith(shown) and "SGD" not in label
        assert f"= {hyper['lr']:g}" in label and "alpha" in label


def test_validation_loss_is_below_training_loss_only_at_the_start():
    """The prose: the held-out loss is lower for the first epochs, then never again."""
    from experiments.overfitting import overfit_history
    from pages import numbers

    history = overfit_history()
    below = np.asarray(history.val_loss) < np.asarray(history.train_loss)
    n = int(numbers.page_numbers("05_hyperparameters", "en")["lc_val_below_epochs"])
    assert n > 0 and below[:n].all() and not below[n:].any()


def test_strongest_penalty_flattens_the_trend():
    """The prose: at the largest λ the curve rises less than the straight line does."""
    from experiments import params
    from experiments.overfitting import noisy
    from lib import linear

    x, y = noisy()
    strongest = linear.polyfit_mse_l2(x, y, params.OVERFIT_DEGREE, max(params.LAMBDAS))
    line = np.polyfit(x, y, 1)
    ends = np.array([x.min(), x.max()])
    assert np.ptp(np.polyval(strongest, ends)) < np.ptp(np.polyval(line, ends))
