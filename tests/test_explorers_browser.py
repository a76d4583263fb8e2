"""The explorers in a real browser (Playwright drives Debian's Chromium), in both languages.

Every control is moved by keyboard and by pointer, and each move must change the drawn path
and the announced loss; the race at its initial settings is the animation's race (lib's paths,
from the page's own data); a learning rate above the limit shows the divergence; the fits are
lib's; the race plays by itself only for readers who did not ask for reduced motion; on a
phone the explorers fit and a tap moves the start; nothing is logged to the console.
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest

from contents import LANGS
from experiments import params
from lib import data, linear, optim, surfaces
from tests.test_figures_browser import MIN_TEXT_CSS_PX
from words import EXPLORE_WORDS

pytestmark = pytest.mark.browser
RTOL = 1e-9


class Explorer:
    """One explorer on its page, with the console errors of the page."""

    def __init__(self, context, url: str, name: str) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.goto(url, wait_until="load")
        self.section = self.page.locator(f"section.ml4a-explorer[data-explorer='{name}']")
        self.section.locator(".ml4a-explorer-body").wait_for(state="visible", timeout=10_000)
        self.section.scroll_into_view_if_needed()
        self.data = self.section.evaluate("s => s.ml4aExplorer.data")
        self.words = self.data["words"]

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def status(self) -> str:
        return self.section.locator(".ml4a-status").inner_text()

    def points(self, selector: str = ".ml4a-path") -> list[str]:
        return self.section.locator(selector).evaluate_all(
            "ls => ls.map(l => l.style.display === 'none' ? null : l.getAttribute('points'))"
        )

    def paths(self) -> dict[str, np.ndarray]:
        found = self.section.evaluate("s => s.ml4aExplorer.paths()")
        return {name: np.array(path, dtype=float) for name, path in found.items()}

    def changed_by(self, action, selector: str = ".ml4a-path") -> tuple[bool, bool]:
        """Whether ``action()`` changed the drawn paths and the announced text."""
        before = (self.points(selector), self.status())
        action()
        self.page.wait_for_timeout(50)
        return self.points(selector) != before[0], self.status() != before[1]

    def drag(self, locator, dx: float, dy: float) -> None:
        box = locator.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        self.page.mouse.move(x, y)
        self.page.mouse.down()
        self.page.mouse.move(x + dx / 2, y + dy / 2, steps=3)
        self.page.mouse.move(x + dx, y + dy, steps=3)
        self.page.mouse.up()

    def click_track(self, locator, fraction: float) -> None:
        box = locator.bounding_box()
        self.page.mouse.click(box["x"] + fraction * box["width"], box["y"] + box["height"] / 2)


@pytest.fixture
def calm(browser):
    """A desktop browser context whose reader asked for reduced motion (nothing plays)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    yield context
    context.close()


@pytest.fixture
def open_explorer(calm, server):
    opened = []

    def open_(lang: str, page: str, name: str, context=None) -> Explorer:
        opened.append(Explorer(context or calm, f"{server}chapters/{lang}/{page}.html", name))
        return opened[-1]

    yield open_
    for e in opened:
        e.page.close()


def bowl_grad(p):
    x, y = data.seven_points()
    return np.array(linear.line_mse_grad(p[0], p[1], x, y))


# ---- gradient descent on the bowl -----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_descent_controls_by_keyboard_and_pointer(open_explorer, lang):
    e = open_explorer(lang, "03_gradient_descent", "descent")
    assert e.data["start"] == pytest.approx(list(e.paths()["SGD"][0]))
    slider = e.section.locator("input.ml4a-lr")
    handle = e.section.locator("button.ml4a-handle")
    assert slider.get_attribute("aria-valuetext") == "α = 0.05"
    assert e.changed_by(lambda: slider.press("ArrowLeft")) == (True, True)
    assert e.changed_by(lambda: e.click_track(slider, 0.2)) == (True, True)
    assert e.changed_by(lambda: handle.press("ArrowUp")) == (True, True)
    assert e.changed_by(lambda: handle.press("Shift+ArrowRight")) == (True, True)
    assert e.changed_by(lambda: e.drag(handle, 60, -40)) == (True, True)
    assert e.changed_by(lambda: e.click_track(e.section.locator(".ml4a-map img"), 0.6)) == (
        True,
        True,
    )
    # The drawn path is lib's from wherever the start now is, at the slider's α.
    lr = e.section.evaluate("s => s.ml4aExplorer.lr()")
    shown = slider.get_attribute("aria-valuetext").split("=")[1].replace("\u2212", "-")
    assert float(shown) == pytest.approx(lr, rel=5e-3)
    path = e.paths()["SGD"]
    expected = optim.descend(optim.SGD(lr=lr), bowl_grad, path[0], e.data["steps"])
    np.testing.assert_allclose(path, expected, rtol=RTOL, atol=RTOL * np.abs(expected).max())
    assert re.search(r"J = [\d.]+", e.status())
    e.section.locator("button.ml4a-reset").click()
    assert e.paths()["SGD"][0] == pytest.approx(e.data["start"])
    assert e.errors == []


@pytest.mark.parametrize("lang", LANGS)
def test_descent_above_the_limit_diverges_and_says_so(open_explorer, lang):
    e = open_explorer(lang, "03_gradient_descent", "descent")
    note = e.section.locator(".ml4a-map-note")
    assert not note.is_visible()
    limit = e.section.evaluate("s => s.ml4aExplorer.limit")
    x, bowl_y = data.seven_points()
    X = linear.with_bias(x)
    assert limit == pytest.approx(2 / np.linalg.eigvalsh(2 / len(x) * X.T @ X).max(), rel=1e-12)
    e.section.locator("input.ml4a-lr").press("End")
    lr = e.section.evaluate("s => s.ml4aExplorer.lr()")
    assert lr == pytest.approx(params.EXPLORE_LR_RANGE[1]) and lr > limit
    assert note.is_visible()
    step = int(re.search(r"\d+", note.inner_text()).group())
    prefix = EXPLORE_WORDS[lang]["descent_diverged"].split("{")[0]
    assert e.status().startswith(prefix) and str(step) in e.status()
    # lib's path leaves the plotted window at that step for good, and the line stops there.
    expected = optim.descend(optim.SGD(lr=lr), bowl_grad, e.data["start"], step)
    (m0, m1), (b0, b1) = params.M_RANGE, params.B_RANGE
    inside = (expected[:, 0] >= m0) & (expected[:, 0] <= m1) & (expected[:, 1] >= b0)
    inside &= expected[:, 1] <= b1
    assert inside[:-1].any() and not inside[-1]
    (drawn,) = e.points()
    assert len(drawn.split()) == step + 1
    # The loss chart keeps to its frame: the climbing run leaves through the top, clipped, and
    # the axis reads at most a few powers of ten above where the run started.
    chart = e.section.locator("svg.ml4a-chart")
    assert chart.locator("g[clip-path] polyline.ml4a-loss").count() == 1
    box = chart.bounding_box()
    line = chart.locator("polyline.ml4a-loss").evaluate(
        "l => { const r = l.getBoundingClientRect(); return [r.top, r.bottom]; }"
    )
    assert box["y"] - 60 < line[0] and line[1] < box["y"] + box["height"] + 60
    digits = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
    labels = chart.locator("text").evaluate_all("ts => ts.map(t => t.textContent)")
    exponents = [int(t[2:].translate(digits)) for t in labels if re.fullmatch("10[⁻⁰-⁹¹²³]+", t)]
    start_loss = float(np.mean((bowl_y - (e.data["start"][0] * x + e.data["start"][1])) ** 2))
    assert exponents and max(exponents) <= np.log10(start_loss * 100) + 1, labels
    # Back below the limit, the note goes away.
    e.section.locator("input.ml4a-lr").press("Home")
    assert not note.is_visible()
    assert e.errors == []


# ---- the optimizer race -------------------------------------------------------------------


def lib_race(surface_name: str, start, settings: dict, steps: int) -> dict[str, np.ndarray]:
    grad = surfaces.vector_grad(surfaces.SURFACES[surface_name])
    return {
        name: optim.descend(optim.OPTIMIZERS[name](**hyper), grad, start, steps)
        for name, hyper in settings.items()
    }


@pytest.mark.parametrize("lang", LANGS)
def test_race_starts_as_the_animations_and_switches_to_the_saddle(open_explorer, lang):
    e = open_explorer(lang, "04_neural_networks", "race")
    race = e.data["surfaces"][params.RACE_SURFACE]
    assert race["settings"] == params.RACE_SETTINGS
    assert race["start"] == list(params.RACE_START) and race["steps"] == params.RACE_STEPS
    expected = lib_race(
        params.RACE_SURFACE, params.RACE_START, params.RACE_SETTINGS, params.RACE_STEPS
    )
    shown = e.paths()
    assert shown.keys() == expected.keys()
    for name, path in expected.items():
        np.testing.assert_allclose(shown[name], path, rtol=RTOL, atol=RTOL * np.abs(path).max())
    drawn = e.points(".ml4a-race-path")
    assert all(len(p.split()) == params.RACE_STEPS + 1 for p in drawn)
    # The saddle, one click away.
    e.section.locator("label", has_text=EXPLORE_WORDS[lang]["saddle"]).click()
    saddle = lib_race("saddle", surfaces.SADDLE.start, params.SADDLE_SETTINGS, params.SADDLE_STEPS)
    shown = e.paths()
    for name, path in saddle.items():
        np.testing.assert_allclose(shown[name], path, rtol=RTOL, atol=RTOL * np.abs(path).max())
    shown = e.section.locator("img.ml4a-explorer-map")
    assert shown.count() == 1 and "saddle" in shown.get_attribute("src")
    assert shown.evaluate("i => i.decode().then(() => i.naturalWidth)") > 0
    assert e.errors == []


@pytest.mark.parametrize("lang", LANGS)
def test_race_controls_by_keyboard_and_pointer(open_explorer, lang):
    e = open_explorer(lang, "04_neural_networks", "race")
    adam = e.section.locator("li.ml4a-optimizer").nth(list(e.data["optimizers"]).index("Adam"))
    alpha = adam.locator("input.ml4a-alpha")
    assert alpha.get_attribute("aria-label") == EXPLORE_WORDS[lang]["alpha_of"].format(name="Adam")
    before = e.paths()
    assert e.changed_by(lambda: alpha.press("ArrowRight")) == (True, True)
    after = e.paths()
    assert not np.array_equal(after["Adam"], before["Adam"])
    assert all(np.array_equal(after[n], before[n]) for n in before if n != "Adam")
    assert e.changed_by(lambda: e.click_track(alpha, 0.3)) == (True, True)
    # Switch an optimizer off by keyboard and on by pointer.
    box = adam.locator("input.ml4a-switch")
    box.focus()
    assert e.changed_by(lambda: e.page.keyboard.press("Space")) == (True, True)
    assert "Adam" not in e.paths() and alpha.is_disabled()
    assert e.changed_by(lambda: adam.locator("label").click()) == (True, True)
    assert "Adam" in e.paths()
    # The scrubber, by keyboard and pointer; the dots follow it.
    scrubber = e.section.locator("input.ml4a-scrubber")
    assert e.changed_by(lambda: scrubber.press("Home")) == (True, True)
    assert scrubber.input_value() == "0"
    assert e.changed_by(lambda: e.click_track(scrubber, 0.5)) == (True, True)
    # The start point, by keyboard and pointer: every path starts there.
    handle = e.section.locator("button.ml4a-handle")
    assert e.changed_by(lambda: handle.press("ArrowDown")) == (True, True)
    assert e.changed_by(lambda: e.drag(handle, -50, 30)) == (True, True)
    starts = {tuple(p[0]) for p in e.paths().values()}
    assert len(starts) == 1
    # Play runs the race on; pause stops it; Reset brings back the animation's race.
    play = e.section.locator("button.ml4a-play")
    scrubber.press("Home")
    play.click()
    e.page.wait_for_function(
        "s => Number(s.querySelector('input.ml4a-scrubber').value) > 20",
        arg=e.section.element_handle(),
    )
    play.press("Enter")
    stopped = scrubber.input_value()
    e.page.wait_for_timeout(200)
    assert scrubber.input_value() == stopped and e.section.get_attribute("data-playing") == "false"
    assert play.get_attribute("aria-pressed") is None and play.inner_text() == e.words["play"]
    e.section.locator("button.ml4a-reset").click()
    expected = lib_race(
        params.RACE_SURFACE, params.RACE_START, params.RACE_SETTINGS, params.RACE_STEPS
    )
    for name, path in e.paths().items():
        np.testing.assert_allclose(path, expected[name], rtol=RTOL, atol=RTOL * 10)
    assert e.errors == []


def test_race_plays_by_itself_only_without_reduced_motion(browser, server, open_explorer):
    calm = open_explorer("en", "04_neural_networks", "race")
    calm.page.wait_for_timeout(600)
    scrubber = calm.section.locator("input.ml4a-scrubber")
    assert scrubber.input_value() == str(params.RACE_STEPS)
    assert calm.section.get_attribute("data-playing") == "false"
    lively = browser.new_context(
        viewport={"width": 1280, "height": 900}, reduced_motion="no-preference"
    )
    moving = open_explorer("en", "04_neural_networks", "race", context=lively)
    moving.page.wait_for_function(
        "s => s.dataset.playing === 'true'",
        arg=moving.section.element_handle(),
        timeout=5_000,
    )
    moving.section.evaluate("s => s.ml4aExplorer.stop()")
    moving.page.close()
    lively.close()


# ---- regularization strength --------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_regularization_slider_by_keyboard_and_pointer_gives_libs_fit(open_explorer, lang):
    e = open_explorer(lang, "05_hyperparameters", "regularization")
    slider = e.section.locator("input.ml4a-lambda")
    assert slider.get_attribute("aria-valuetext") == EXPLORE_WORDS[lang]["lambda_zero"]
    assert e.changed_by(lambda: slider.press("ArrowRight")) == (True, True)
    assert e.changed_by(lambda: e.click_track(slider, 0.8)) == (True, True)
    x, y = np.array(e.data["train"]["x"]), np.array(e.data["train"]["y"])
    x_val, y_val = np.array(e.data["validation"]["x"]), np.array(e.data["validation"]["y"])
    for key in ("End", "Home", "PageUp"):
        slider.press(key)
        fit = e.section.evaluate("s => s.ml4aExplorer.fit()")
        expected = linear.polyfit_mse_l2(x, y, e.data["degree"], fit["lam"])
        scale = np.abs(expected).max()
        np.testing.assert_allclose(fit["coeffs"], expected, rtol=RTOL, atol=RTOL * scale)
        train = linear.mse(y, linear.polyval(expected, x))
        val = linear.mse(y_val, linear.polyval(expected, x_val))
        assert fit["train"] == pytest.approx(train, rel=1e-9, abs=1e-12)
        assert fit["val"] == pytest.approx(val, rel=1e-9)
        assert f"{val:.4f}" in e.status()
    assert e.errors == []


# ---- phones and paper ---------------------------------------------------------------------

EXPLORER_PAGES = [
    ("03_gradient_descent", "descent"),
    ("04_neural_networks", "race"),
    ("05_hyperparameters", "regularization"),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("page", "name"), EXPLORER_PAGES)
def test_explorers_fit_a_phone_and_a_tap_moves_the_start(
    browser, server, open_explorer, lang, page, name
):
    phone = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        reduced_motion="reduce",
    )
    e = open_explorer(lang, page, name, context=phone)
    width = e.page.evaluate("document.documentElement.clientWidth")
    assert e.page.evaluate("document.documentElement.scrollWidth") <= width
    outside = e.section.evaluate(
        """(s, width) => [...s.querySelectorAll('*')]
            .filter(n => n.getClientRects().length && n.getBoundingClientRect().right > width + 0.5)
            .map(n => n.tagName + '.' + n.className)""",
        width,
    )
    assert outside == []
    small = e.section.evaluate(
        """s => [...s.querySelectorAll('input, button')]
            .filter(n => n.getClientRects().length && n.type !== 'checkbox' && n.type !== 'radio')
            .map(n => n.getBoundingClientRect())
            .filter(r => r.height < 43.5).length"""
    )
    assert small == 0, "controls shorter than 44 px"
    # The map stays in view while the last control (furthest below it) is in view.
    control = e.section.locator("input[type=range]").last
    control.evaluate("c => c.scrollIntoView({block: 'end'})")
    e.page.wait_for_timeout(100)
    seen = e.page.evaluate(
        """s => { const m = s.querySelector('.ml4a-map').getBoundingClientRect();
                  const c = [...s.querySelectorAll('input[type=range]')].pop()
                      .getBoundingClientRect();
                  return [m.top, m.bottom, c.top, c.bottom, innerHeight]; }""",
        e.section.element_handle(),
    )
    assert 0 <= seen[0] and seen[1] <= seen[2] and seen[3] <= seen[4] + 1, seen
    if name == "race":  # every optimizer's α track the same length
        tracks = e.section.locator("input.ml4a-alpha").evaluate_all(
            "ts => ts.map(t => Math.round(t.getBoundingClientRect().width))"
        )
        assert len(set(tracks)) == 1, tracks
    if name != "regularization":
        img = e.section.locator(".ml4a-map img")
        img.evaluate("i => i.scrollIntoView({block: 'center'})")  # clear of the sticky header
        box = img.bounding_box()
        before = e.points()
        e.page.touchscreen.tap(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.35)
        e.page.wait_for_timeout(50)
        assert e.points() != before
    e.page.emulate_media(media="print")
    assert not e.section.is_visible(), "the explorer prints"
    assert e.errors == []
    e.page.close()
    phone.close()


# The drawing layer and the picture's content box (inside any padding and border).
LAYER_ON_MAP = """s => {
    const img = s.querySelector('.ml4a-map img:not([hidden])');
    const svg = s.querySelector('.ml4a-map svg.ml4a-overlay');
    const c = getComputedStyle(img), r = img.getBoundingClientRect();
    const px = (name) => parseFloat(c[name]) || 0;
    const content = {
        left: r.left + px('paddingLeft') + px('borderLeftWidth'),
        top: r.top + px('paddingTop') + px('borderTopWidth'),
        right: r.right - px('paddingRight') - px('borderRightWidth'),
        bottom: r.bottom - px('paddingBottom') - px('borderBottomWidth'),
    };
    const l = svg.getBoundingClientRect();
    return Math.max(Math.abs(l.left - content.left), Math.abs(l.top - content.top),
                    Math.abs(l.right - content.right), Math.abs(l.bottom - content.bottom));
}"""


# The map's picture has loaded, and is the one drawn for the theme (dark or not).
MAP_SHOWN = """([s, dark]) => {
    const img = s.querySelector('.ml4a-map img');
    return img && img.complete && img.currentSrc.endsWith('.dark.png') === dark;
}"""
WIDTHS = [360, 390, 768, 1280]
THEMES = ["light", "dark"]
# The map's smallest text as shown, in CSS px: its size in the picture's pixels (the mapping's
# `min_text_px`, recorded as matplotlib drew it) scaled by the picture's shown content width.
MAP_TEXT_PX = """s => {
    const img = s.querySelector('.ml4a-map img:not([hidden])');
    const name = img.currentSrc.split('/').pop().split('?')[0].replace(/(\\.dark)?\\.png$/, '');
    const c = getComputedStyle(img);
    const px = (k) => parseFloat(c[k]) || 0;
    const shown = img.getBoundingClientRect().width - px('paddingLeft') - px('paddingRight')
        - px('borderLeftWidth') - px('borderRightWidth');
    return [name, s.ml4aExplorer.data.maps[name].min_text_px * shown / img.naturalWidth];
}"""


@pytest.mark.parametrize(("page", "name"), EXPLORER_PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_each_drawing_layer_lies_on_its_map_in_both_themes(browser, server, lang, page, name):
    """Within 1 px, in the reader's theme (the system's, which the theme follows), at each
    width; the map is the one drawn for that theme, its text at least 9 CSS px tall. The page
    is opened once, at a width and theme of its own, and then turned to every other, as a
    reader's phone or system turns it."""
    first = EXPLORER_PAGES.index((page, name)) + LANGS.index(lang)
    cases = [(w, t) for w in WIDTHS for t in THEMES]
    cases = cases[first % len(cases) :] + cases[: first % len(cases)]
    width, theme = cases[0]
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=theme, reduced_motion="reduce"
    )
    try:
        e = Explorer(context, f"{server}chapters/{lang}/{page}.html", name)
        for width, theme in cases:
            e.page.set_viewport_size({"width": width, "height": 900})
            e.page.emulate_media(color_scheme=theme)
            e.page.wait_for_function(f"document.documentElement.dataset.theme === '{theme}'")
            e.section.scroll_into_view_if_needed()
            # the map's picture is chosen a moment after the explorer is built or turned
            e.page.wait_for_function(MAP_SHOWN, arg=[e.section.element_handle(), theme == "dark"])
            e.page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
            off = e.section.evaluate(LAYER_ON_MAP)
            assert off <= 1, f"{lang}/{page} at {width} px, {theme}: {off:.1f} px off"
            shown, text = e.section.evaluate(MAP_TEXT_PX)
            assert text >= MIN_TEXT_CSS_PX, (
                f"{lang}/{page} at {width} px: the {shown} map's smallest text {text:.1f} CSS px"
            )
        assert e.errors == []
    finally:
        context.close()


# ---- by ear -------------------------------------------------------------------------------

COUNT_ANNOUNCEMENTS = """s => {
    s.heard = [];
    new MutationObserver(() => s.heard.push(s.querySelector('.ml4a-live').textContent))
        .observe(s.querySelector('.ml4a-live'), {childList: true, characterData: true,
                                                  subtree: true});
}"""
# The same, with when each was heard and when each key went down (performance.now(), ms).
TIME_ANNOUNCEMENTS = """s => {
    s.heard = []; s.keys = [];
    s.addEventListener('keydown', () => s.keys.push(performance.now()), true);
    new MutationObserver(() => s.heard.push(
        {text: s.querySelector('.ml4a-live').textContent, at: performance.now()}))
        .observe(s.querySelector('.ml4a-live'), {childList: true, characterData: true,
                                                  subtree: true});
}"""
LIVE_REGIONS = """s => [...s.querySelectorAll('[aria-live], [role=status], [role=alert], output')]
    .filter(n => n.getAttribute('aria-live') !== 'off')
    .map(n => n.className)"""
SETTLE_MS = 600  # how long a change rests before it is spoken (`SETTLE_MS`, ml4a-explore.js)
LATE_MS = 300  # how late a loaded machine may run the page's timer


@pytest.mark.parametrize(("page", "name"), EXPLORER_PAGES)
def test_one_live_region_speaks_once_after_a_change_settles(open_explorer, page, name):
    """Four quick steps of a slider are spoken once, when the reader has let go of it.

    Each announcement is checked against when the keys went down in the page: it comes only
    after the change has rested, and once for each rest (on a loaded machine two presses may
    lie further apart than the rest, which is then a change of its own)."""
    e = open_explorer(LANGS[-1], page, name)
    assert e.section.evaluate(LIVE_REGIONS) == ["ml4a-live"]
    e.page.wait_for_function(  # the first status has been announced
        "s => s.querySelector('.ml4a-live').textContent.trim() !== ''",
        arg=e.section.element_handle(),
    )
    e.section.evaluate(TIME_ANNOUNCEMENTS)
    control = e.section.locator("input.ml4a-range" if name != "race" else "input.ml4a-alpha")
    control.first.focus()
    for _ in range(4):
        control.first.press("ArrowRight")
        e.page.wait_for_timeout(60)
    keys = e.section.evaluate("s => s.keys")
    e.page.wait_for_function(
        f"s => s.heard.length && performance.now() - s.keys.at(-1) > {SETTLE_MS + LATE_MS}",
        arg=e.section.element_handle(),
    )
    heard = e.section.evaluate("s => s.heard")
    # A gap just past the rest may or may not be one: the page's timer can fire late on a loaded
    # machine, and a key pressed meanwhile starts the rest again.
    gaps = [b - a for a, b in itertools.pairwise(keys)]
    rests = 1 + sum(gap >= SETTLE_MS + LATE_MS for gap in gaps)
    possible = 1 + sum(gap >= SETTLE_MS for gap in gaps)
    assert len(keys) == 4 and rests <= len(heard) <= possible, (keys, heard)
    for said in heard:
        last_key = max(k for k in keys if k < said["at"])
        assert said["at"] - last_key >= SETTLE_MS, "announced before the change settled"
    assert heard[-1]["text"] == e.status(), heard
    assert e.errors == []


def test_the_race_status_is_true_at_every_step_and_silent_while_playing(open_explorer):
    e = open_explorer(LANGS[0], "04_neural_networks", "race")
    e.section.evaluate(COUNT_ANNOUNCEMENTS)
    e.section.locator("input.ml4a-scrubber").press("Home")
    e.page.wait_for_timeout(800)
    e.section.evaluate("s => { s.heard = []; }")
    e.section.locator("button.ml4a-play").click()
    seen = []
    for _ in range(6):
        e.page.wait_for_timeout(70)
        seen.append(
            e.section.evaluate(
                "s => [s.querySelector('input.ml4a-scrubber').value, "
                "s.querySelector('.ml4a-status').textContent]"
            )
        )
    assert e.section.evaluate("s => s.heard") == [], "the live region spoke during play"
    steps = {step for step, _ in seen}
    assert len(steps) > 2, seen
    for step, status in seen:
        assert re.search(rf"\b{step}\b", status), (step, status)
    e.section.locator("button.ml4a-play").click()  # pause: the place reached is announced
    e.page.wait_for_timeout(900)
    assert e.section.evaluate("s => s.heard") == [e.status()]
    assert e.errors == []


# ---- shared through the address -----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_an_address_restores_what_a_reader_explored(calm, server, lang):
    """Adam at α = 0.1 on the saddle from (−1, 0.5), without plain SGD, paused at step 40."""
    address = "?race.surface=saddle&race.start=-1,0.5&race.lr.adam=0.1&race.off=sgd&race.step=40"
    e = Explorer(calm, f"{server}chapters/{lang}/04_neural_networks.html{address}", "race")
    settings = {n: dict(h) for n, h in params.SADDLE_SETTINGS.items() if n != "SGD"}
    settings["Adam"]["lr"] = 0.1
    expected = lib_race("saddle", (-1.0, 0.5), settings, params.SADDLE_STEPS)
    shown = e.paths()
    assert shown.keys() == expected.keys()
    for name, path in expected.items():
        np.testing.assert_allclose(shown[name], path, rtol=RTOL, atol=RTOL * np.abs(path).max())
    assert e.section.locator("input.ml4a-scrubber").input_value() == "40"
    assert "0.1" in e.section.locator("input.ml4a-alpha").last.get_attribute("aria-valuetext")
    e.page.wait_for_timeout(800)
    kept = parse_qs(urlparse(e.page.url).query)
    assert kept == parse_qs(address[1:]), "the address, written again, says the same"
    assert e.errors == []
    e.page.close()


def test_a_change_is_remembered_in_the_address_by_replacing_it(calm, server):
    e = Explorer(calm, f"{server}chapters/en/05_hyperparameters.html#top", "regularization")
    assert urlparse(e.page.url).query == ""  # the figure's settings need no address
    length = e.page.evaluate("history.length")
    slider = e.section.locator("input.ml4a-range")
    slider.focus()
    for _ in range(3):
        slider.press("ArrowRight")
    e.page.wait_for_timeout(900)
    url = urlparse(e.page.url)
    assert url.query.startswith("regularization.lambda=") and url.fragment == "top"
    assert e.page.evaluate("history.length") == length, "pushed, not replaced"
    shown = e.section.evaluate("s => s.ml4aExplorer.fit()")
    reopened = Explorer(calm, e.page.url, "regularization")
    assert reopened.section.evaluate("s => s.ml4aExplorer.fit()") == shown
    e.section.locator("input.ml4a-range").press("Home")
    assert e.errors == [] and reopened.errors == []
    e.page.close()
    reopened.page.close()


@pytest.mark.parametrize(
    "address",
    [
        "?descent.lr=banana&descent.start=1",
        "?descent.lr=1e9&descent.start=1e9,1e9",
        "?descent.lr=&descent.start=,",
        "?descent.lr=-1&descent.start=NaN,2&descent.zzz=3",
    ],
)
def test_a_bad_or_stale_address_falls_back_to_the_figure(calm, server, address):
    e = Explorer(calm, f"{server}chapters/en/03_gradient_descent.html{address}", "descent")
    assert e.section.evaluate("s => s.ml4aExplorer.lr()") == e.data["lr"]
    start = e.section.evaluate("s => s.ml4aExplorer.paths().SGD[0]")
    assert start == e.data["start"]
    assert e.errors == []
    e.page.close()
