"""Figures on phones, tablets and desktops, in Chromium against the built site.

Each screen below opens every chapter page in both languages once (one browser, one context
per screen) and records what the page downloaded and how each figure is shown. Then:

- a screen downloads only the layout and theme meant for it: the narrow pictures on phones,
  the wide ones elsewhere, the dark ones when the reader's system is dark, animations as WebP
  (Chromium shows WebP) and never their GIF;
- the theme's own switch changes every figure, animation and map to the other theme's
  pictures without a reload, and the link around each figure follows;
- the smallest text of every figure looks at least 9 CSS px tall: the smallest font size in
  the file shown (`data-min-text-px`, recorded by the figure build) x shown width / natural
  width;
- each figure links to its largest file, and a tap on it opens that file;
- an animation's pause button shows the still poster of the same layout, and plays again.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from contents import LANGS
from figures_src import registry, style
from pages import alt_text
from pages.keys import FIGURE_CALL
from tests.conftest import SCROLL_THROUGH

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
PAGES = sorted(p.stem for p in (ROOT / "chapters" / "en").glob("*.md"))
SCREENS = {
    "phone-390": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    },
    "phone-360": {
        "viewport": {"width": 360, "height": 740},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    },
    "tablet-768": {
        "viewport": {"width": 768, "height": 1024},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop-1280": {"viewport": {"width": 1280, "height": 900}},
}
# The same phone and desktop for a reader whose system is in dark mode.
SCREENS["phone-390-dark"] = {**SCREENS["phone-390"], "color_scheme": "dark"}
SCREENS["desktop-1280-dark"] = {**SCREENS["desktop-1280"], "color_scheme": "dark"}
MIN_TEXT_CSS_PX = 9

pytestmark = pytest.mark.browser


def figures_on(page: str) -> list[str]:
    """The figures a chapter page shows, in order, read from its source."""
    return FIGURE_CALL.findall((ROOT / "chapters" / "en" / f"{page}.md").read_text("utf-8"))


def theme_for(screen: str) -> str:
    """The theme a screen's reader sees (their system's setting; the theme follows it)."""
    return SCREENS[screen].get("color_scheme", "light")


def layout_for(width: int) -> str:
    """The layout a screen ``width`` CSS px wide is served: the narrowest whose limit fits."""
    fitting = [(s.max_width, s.name) for s in style.LAYOUTS.values() if s.max_width is not None]
    fitting = sorted(limit_name for limit_name in fitting if limit_name[0] >= width)
    return fitting[0][1] if fitting else "wide"


# Everything about the figures of the page, as the browser sees it.
FIGURES_JS = """() => [...document.querySelectorAll('article figure')].map(figure => {
  const img = figure.querySelector('picture img');
  if (!img) return {id: figure.id, picture: false};
  const shown = [...img.parentNode.querySelectorAll('source'), img].find(
    e => new URL(e.getAttribute(e.tagName === 'IMG' ? 'src' : 'srcset'), location.href).href
      === img.currentSrc);
  const rect = img.getBoundingClientRect();
  return {
    id: figure.id, picture: true, current: img.currentSrc, natural: img.naturalWidth,
    shownWidth: rect.width, layout: shown && shown.dataset.layout,
    theme: shown && shown.dataset.theme,
    minTextPx: shown && parseFloat(shown.dataset.minTextPx),
    declaredWidth: shown && parseInt(shown.getAttribute('width')),
    href: img.closest('a') && img.closest('a').href, alt: img.alt,
    stills: [...img.parentNode.querySelectorAll('[data-still]')].map(
      e => new URL(e.dataset.still, location.href).href),
    files: [...img.parentNode.querySelectorAll('source'), img].map(e => ({
      url: new URL(e.getAttribute(e.tagName === 'IMG' ? 'src' : 'srcset'), location.href).href,
      width: parseInt(e.getAttribute('width')), layout: e.dataset.layout, theme: e.dataset.theme,
      type: e.getAttribute('type'), media: e.getAttribute('media')})),
  };
})"""


@pytest.fixture(scope="module")
def screens(browser, server):
    """One page per screen, opened on demand and kept for the module's tests."""
    opened = {}

    def open_screen(name: str):
        if name not in opened:
            context = browser.new_context(**SCREENS[name])
            opened[name] = context.new_page()
        return opened[name]

    yield open_screen
    for page in opened.values():
        page.context.close()


# The pictures load as the reader nears them; here all at once (the browser chooses each one's
# file as it would then), without drawing the page at every place on the way down.
ALL_PICTURES_NOW = """() => Promise.all([...document.querySelectorAll('article picture img')]
    .map(img => { img.loading = 'eager'; return img.decode(); }))"""


@pytest.fixture(scope="module")
def survey(screens, server):
    """For a screen: every chapter page in both languages, loaded once: its figures as the
    browser shows them and the images it downloaded."""
    done = {}

    def run(screen: str) -> dict:
        if screen in done:
            return done[screen]
        page = screens(screen)
        requested: list[str] = []

        def record(request) -> None:
            requested.append(request.url)

        page.on("request", record)
        results = {}
        for lang in LANGS:
            for name in PAGES:
                requested.clear()
                page.goto(f"{server}chapters/{lang}/{name}.html", wait_until="load")
                page.evaluate(ALL_PICTURES_NOW)
                results[lang, name] = {
                    "figures": page.evaluate(FIGURES_JS),
                    # the pictures of the page's figures (not an explorer's maps)
                    "images": {
                        url
                        for url in requested
                        if "/_images/" in url and not is_explorer_map(url, name)
                    },
                }
        page.remove_listener("request", record)
        done[screen] = results
        return results

    return run


def is_explorer_map(url: str, page: str) -> bool:
    """Whether a picture the page loaded is an explorer's map rather than a figure's file."""
    file = url.rsplit("/", 1)[-1]
    return not any(file.startswith(name) for name in figures_on(page))


SCREEN_PAGES = [(screen, lang, page) for screen in SCREENS for lang in LANGS for page in PAGES]


@pytest.mark.parametrize(("screen", "lang", "page"), SCREEN_PAGES)
def test_every_figure_is_a_picture_with_its_layouts(survey, screen, lang, page):
    seen = survey(screen)[lang, page]["figures"]
    expected = [f"fig-{lang}-{name.replace('_', '-')}" for name in figures_on(page)]
    assert [figure["id"] for figure in seen] == expected
    for figure, name in zip(seen, figures_on(page), strict=True):
        spec = registry.FIGURES[name]
        assert figure["picture"], f"{figure['id']} is not a <picture>"
        assert figure["alt"] == alt_text(name, lang)
        variants = {(file["layout"], file["theme"]) for file in figure["files"]}
        assert variants == set(spec.variants)
        if spec.kind == "gif":  # each layout and theme: WebP first, then the GIF
            assert [f["type"] for f in figure["files"]][::2] == ["image/webp"] * len(variants)
        for url in [file["url"] for file in figure["files"]] + figure["stills"]:
            assert (SITE / urlparse(url).path.lstrip("/")).is_file(), url


@pytest.mark.parametrize(("screen", "lang", "page"), SCREEN_PAGES)
def test_a_screen_downloads_only_its_own_layout(survey, screen, lang, page):
    result = survey(screen)[lang, page]
    layout = layout_for(SCREENS[screen]["viewport"]["width"])
    shown = {figure["current"] for figure in result["figures"]}
    assert result["images"] == shown, f"{screen} {lang}/{page} downloaded other files"
    for figure, name in zip(result["figures"], figures_on(page), strict=True):
        assert figure["layout"] == layout, f"{screen}: {figure['current']}"
        assert figure["theme"] == theme_for(screen), f"{screen}: {figure['current']}"
        assert (".dark" in figure["current"]) == (theme_for(screen) == "dark"), figure["current"]
        if registry.FIGURES[name].kind == "gif":
            assert figure["current"].endswith(".webp")
        if layout != "wide":
            assert f".{layout}" in figure["current"].rsplit("/", 1)[-1]


@pytest.mark.parametrize(("screen", "lang", "page"), SCREEN_PAGES)
def test_figure_text_looks_at_least_9_css_px_tall(survey, screen, lang, page):
    for figure in survey(screen)[lang, page]["figures"]:
        assert figure["natural"] == figure["declaredWidth"], figure["current"]
        assert 0 < figure["shownWidth"] <= SCREENS[screen]["viewport"]["width"]
        text = figure["minTextPx"] * figure["shownWidth"] / figure["natural"]
        assert text >= MIN_TEXT_CSS_PX, (
            f"{screen} {figure['id']}: smallest text {text:.1f} CSS px ({figure['current']})"
        )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", [page for page in PAGES if figures_on(page)])
def test_a_tap_opens_the_full_size_picture(survey, screens, server, lang, page):
    figures = survey("phone-390")[lang, page]["figures"]
    for figure in figures:  # the <img>'s file, the wide picture (an animation's GIF), is largest
        *sources, default = figure["files"]
        assert figure["href"] == default["url"]
        assert default["width"] == max(file["width"] for file in figure["files"])
    for figure in survey("phone-390-dark")[lang, page]["figures"]:  # the same, drawn dark
        wide_dark = [f for f in figure["files"] if f["layout"] == "wide" and f["theme"] == "dark"]
        assert figure["href"] == wide_dark[-1]["url"]
        assert wide_dark[-1]["width"] == max(file["width"] for file in figure["files"])
    phone = screens("phone-390")
    phone.goto(f"{server}chapters/{lang}/{page}.html", wait_until="load")
    first = figures[0]
    phone.locator(f"#{first['id']} picture img").tap()
    phone.wait_for_url(first["href"])
    opened = phone.evaluate("() => [document.images.length, document.images[0].naturalWidth]")
    assert opened == [1, max(file["width"] for file in first["files"])]
    phone.go_back(wait_until="load")


ANIMATED = [
    (page, name)
    for page in PAGES
    for name in figures_on(page)
    if registry.FIGURES[name].kind == "gif"
]


@pytest.mark.parametrize("screen", ["phone-390", "desktop-1280", "phone-390-dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_pause_shows_the_still_poster_of_the_same_layout(screens, server, screen, lang):
    pages = sorted({page for page, _ in ANIMATED})
    assert pages, "no animation in the chapters"
    layout = layout_for(SCREENS[screen]["viewport"]["width"])
    page = screens(screen)
    for page_name in pages:
        page.goto(f"{server}chapters/{lang}/{page_name}.html", wait_until="load")
        for name in [n for p, n in ANIMATED if p == page_name]:
            figure = page.locator(f"#fig-{lang}-{name.replace('_', '-')}")
            img, button, link = (
                figure.locator("picture img"),
                figure.locator("button.ml4a-pause"),
                figure.locator("a.ml4a-zoom"),
            )
            figure.scroll_into_view_if_needed()
            playing = img.evaluate("e => e.decode().then(() => e.currentSrc)")
            assert playing.endswith(".webp") and figure.get_attribute("data-playing") == "true"
            full = link.get_attribute("href")
            label = button.inner_text().strip()
            button.click()
            assert figure.get_attribute("data-playing") == "false"
            # One convention for toggles: the label names the action, no aria-pressed.
            assert button.get_attribute("aria-pressed") is None
            assert button.inner_text().strip() not in ("", label)
            still = img.evaluate("e => e.decode().then(() => [e.currentSrc, e.naturalWidth])")
            dark = ".dark" if theme_for(screen) == "dark" else ""
            poster = "_poster" + ("" if layout == "wide" else f".{layout}") + dark
            assert re.search(rf"/{name}{re.escape(poster)}\d*\.png$", still[0]), still[0]
            assert still[1] == int(
                figure.locator(
                    f"source[data-layout='{layout}'][data-theme='{theme_for(screen)}'], "
                    "img:not(.ml4a-poster)"
                ).first.get_attribute("width")
            )
            wide_poster = f"_poster{dark}"
            assert re.search(rf"/{name}{wide_poster}\d*\.png$", link.get_attribute("href"))
            assert figure.locator("img.ml4a-poster").count() == 1  # kept for print
            button.click()
            assert figure.get_attribute("data-playing") == "true"
            assert img.evaluate("e => e.decode().then(() => e.currentSrc)") == playing
            assert link.get_attribute("href") == full
            assert urljoin(page.url, full).endswith(".gif")


PICTURES = "[...document.querySelectorAll('article picture img, .ml4a-map img')]"
THEME_SHOWN = """() => ({
  theme: document.documentElement.dataset.theme,
  figures: [...document.querySelectorAll('article picture img')].map(img => ({
    current: img.currentSrc, href: img.closest('a').href})),
  maps: [...document.querySelectorAll('.ml4a-map img')].map(img => img.currentSrc),
  loaded: window.ml4aLoaded,
})"""


@pytest.mark.parametrize("lang", LANGS)
def test_the_theme_switch_changes_every_picture_live(browser, server, lang):
    """The reader's system is light; the theme's own switch turns the page dark: every figure,
    animation and explorer map shows its dark picture, and its link opens the dark one, with
    no reload; switching back brings the light ones."""
    context = browser.new_context(**SCREENS["desktop-1280"], reduced_motion="reduce")
    page = context.new_page()
    try:
        page.goto(f"{server}chapters/{lang}/04_neural_networks.html", wait_until="load")
        page.evaluate(SCROLL_THROUGH)
        # a lazy picture chooses its file only once the reader has come near it
        page.wait_for_function(f"() => {PICTURES}.every(img => img.currentSrc && img.complete)")
        page.evaluate("() => { window.ml4aLoaded = 'once'; }")  # gone if the page reloads
        light = page.evaluate(THEME_SHOWN)
        assert light["theme"] == "light" and light["figures"] and light["maps"]
        assert not any(".dark" in f["current"] + f["href"] for f in light["figures"])
        switch = page.locator(".theme-switch-button").first
        for _ in range(3):  # the switch cycles through its modes: light, dark, auto
            if page.evaluate("document.documentElement.dataset.theme") == "dark":
                break
            switch.click()
        page.wait_for_function(f"() => {PICTURES}.every(img => img.currentSrc.includes('.dark'))")
        dark = page.evaluate(THEME_SHOWN)
        assert dark["loaded"] == "once", "the page reloaded"
        for before, after in zip(light["figures"], dark["figures"], strict=True):
            name = before["current"].rsplit("/", 1)[-1].split(".")[0]
            assert after["current"].rsplit("/", 1)[-1].startswith(f"{name}.dark")
            assert ".dark" in after["href"] and ".narrow" not in after["href"]
        assert all(m.endswith(".dark.png") for m in dark["maps"])
        page.evaluate("() => { localStorage.setItem('mode', 'light'); }")
        while page.evaluate("document.documentElement.dataset.theme") != "light":
            switch.click()
        page.wait_for_function(
            f"() => {PICTURES}.every(img => img.currentSrc && !img.currentSrc.includes('.dark'))"
        )
        assert page.evaluate(THEME_SHOWN)["figures"] == light["figures"]
    finally:
        context.close()
