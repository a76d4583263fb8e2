"""The site as readers use it on phones and tablets, and on paper.

At 390 x 844 and 360 x 740 (phones, touch) and 768 x 1024 (a tablet), every page in both
languages: nothing makes the page wider than the screen, the visible ☰ opens and closes the
chapter list, the contents button opens the page's contents, the header's buttons are at
least 44 x 44 px with a visible focus ring, and no tooltip stays on screen after a tap.
In print (Chromium's print media emulation): posters instead of animations, no buttons or
"Show code" bars, code that wraps.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from contents import LANGS, pages_by_language

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
BOOK_URLS = sorted(p.relative_to(SITE).as_posix() for p in SITE.glob("chapters/*/*.html"))
URLS = ["index.html", *BOOK_URLS]  # the front door and every page of every book
SCREENS = {
    "phone-390": {"width": 390, "height": 844},
    "phone-360": {"width": 360, "height": 740},
    "tablet-768": {"width": 768, "height": 1024},
}
MIN_TARGET_PX = 44

pytestmark = pytest.mark.browser


def touch_context(browser, screen: str):
    """A browser context the size of a phone or tablet, with touch."""
    return browser.new_context(
        viewport=SCREENS[screen], is_mobile=True, has_touch=True, device_scale_factor=2
    )


def load(context, url: str):
    """Load a page; console errors are collected in `page.errors`."""
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.goto(url, wait_until="load")  # (after which a page fetches only lazy pictures)
    page.evaluate("() => document.fonts.ready")
    return page


@pytest.fixture(scope="module")
def phone(browser):
    """The reader's phone: 390 x 844, touch."""
    context = touch_context(browser, "phone-390")
    yield context
    context.close()


@pytest.fixture(scope="module", params=sorted(set(SCREENS) - {"phone-390"}))
def other_screen(request, browser):
    """A smaller phone and a tablet."""
    context = touch_context(browser, request.param)
    yield context
    context.close()


@pytest.fixture
def open_page(phone, server):
    """Load a page of the site on the phone; closed after the test."""
    pages = []

    def open_(path: str):
        pages.append(load(phone, server + path))
        return pages[-1]

    yield open_
    for page in pages:
        page.close()


# Elements wider than the screen that are not inside a box that scrolls on its own.
OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    // Inside a box that scrolls or clips, or out of the flow (fixed, hidden): no page overflow.
    const contained = e => {
        if (getComputedStyle(e).visibility === "hidden") return true;
        for (let a = e; a; a = a.parentElement) {
            const style = getComputedStyle(a);
            if (style.position === "fixed") return true;
            if (a !== e && ["auto", "scroll", "hidden", "clip"].includes(style.overflowX)) {
                return true;
            }
        }
        return false;
    };
    return [...document.body.querySelectorAll("*")]
        .filter(e => e.getBoundingClientRect().right > width + 0.5 && !contained(e))
        .filter(e => e.getClientRects().length)
        .slice(0, 5)
        .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`);
}"""


def assert_fits_the_screen(page, path: str) -> None:
    """Nothing on the page reaches past the right edge of the screen."""
    width = page.evaluate("document.documentElement.clientWidth")
    overflowing = page.evaluate(OVERFLOWING)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, (
        f"{path} scrolls sideways: {overflowing}"
    )
    assert overflowing == [], f"{path}: wider than the screen: {overflowing}"
    cut = page.evaluate(
        """() => [...document.querySelectorAll('.katex-display')]
            .filter(e => e.scrollWidth > e.clientWidth + 1)
            .map(e => `${e.scrollWidth} > ${e.clientWidth}: ${e.textContent.slice(0, 30)}`)"""
    )
    assert cut == [], f"{path}: formulas wider than their box at {width} px: {cut}"


# What a phone reader meets besides the width: headings of a phone's size, captions at full
# weight with their number upright (no slanted Hangul), previous/next titles whole.
TYPOGRAPHY = """() => {
    const style = (s) => { const e = document.querySelector(s); return e && getComputedStyle(e); };
    const h1 = style('article h1'), h2 = style('article h2');
    const number = style('figcaption .caption-number'), caption = style('figcaption p');
    const cut = [...document.querySelectorAll('.prev-next-area a, .prev-next-area a *')]
        .filter(e => e.scrollWidth > e.clientWidth + 1
                     || e.getBoundingClientRect().right > innerWidth + 0.5)
        .map(e => e.textContent.trim());
    return {h1: h1 && parseFloat(h1.fontSize), h2: h2 && parseFloat(h2.fontSize),
            numberStyle: number && number.fontStyle,
            captionWeight: caption && Number(caption.fontWeight), cut};
}"""


def assert_typography_for_a_phone(page, path: str) -> None:
    """Headings sized for the screen, captions legible, previous/next titles not cut."""
    found = page.evaluate(TYPOGRAPHY)
    assert found["h1"] is None or found["h1"] <= 32, (path, found)
    assert found["h2"] is None or found["h2"] <= 26, (path, found)
    assert found["numberStyle"] in (None, "normal"), (path, found)
    assert found["captionWeight"] is None or found["captionWeight"] >= 400, (path, found)
    assert found["cut"] == [], (path, found)


def visible_header_buttons(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll(
                '.bd-header-article button, .bd-header-article .btn, .bd-header-article a')]
            .filter(e => e.getClientRects().length && getComputedStyle(e).visibility != 'hidden')
            .map(e => {
                const r = e.getBoundingClientRect();
                return {name: e.getAttribute('aria-label') || e.title || e.className,
                        width: r.width, height: r.height};
            })"""
    )


def assert_chapter_list_opens_and_closes(page, path: str) -> None:
    """The visible ☰ opens the chapter list; Escape and a tap outside close it."""
    toggle = page.locator(".primary-toggle").locator("visible=true")
    assert toggle.count() == 1, f"{path}: expected one visible ☰"
    toggle.tap()
    dialog = page.locator("#pst-primary-sidebar-modal")
    dialog.wait_for(state="visible", timeout=5_000)
    links = dialog.locator("nav a").locator("visible=true")
    hrefs = [
        h.split("#")[0].split("/")[-2:] for h in links.evaluate_all("ls => ls.map(a => a.href)")
    ]
    lang = path.split("/")[1]  # the reader's own book, all its pages and nothing else
    assert {h[0] for h in hrefs} == {lang}, hrefs
    assert {h[1] for h in hrefs} == {f"{p}.html" for p in pages_by_language()[lang]}, hrefs
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden", timeout=5_000)
    toggle.tap()
    dialog.wait_for(state="visible", timeout=5_000)
    width = page.evaluate("document.documentElement.clientWidth")
    page.touchscreen.tap(width - 10, 400)
    dialog.wait_for(state="hidden", timeout=5_000)


def assert_contents_open(page, path: str) -> None:
    """The contents button opens the page's contents: its section headings."""
    toggle = page.locator(".secondary-toggle").locator("visible=true")
    assert toggle.count() == 1, f"{path}: expected one visible contents button"
    toggle.tap()
    dialog = page.locator("#pst-secondary-sidebar-modal")
    dialog.wait_for(state="visible", timeout=5_000)
    headings = [h.strip() for h in page.locator("article h2").all_inner_texts()]
    entries = [e.strip() for e in dialog.locator("nav a").all_inner_texts()]
    assert headings and entries[: len(headings)] == headings, (path, headings, entries)
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden", timeout=5_000)
    # A tapped entry closes the drawer and shows its section.
    toggle.tap()
    dialog.wait_for(state="visible", timeout=5_000)
    entry = dialog.locator("nav a").nth(len(headings) - 1)
    target = entry.get_attribute("href").split("#")[1]
    entry.tap()
    dialog.wait_for(state="hidden", timeout=5_000)
    top = page.evaluate(f"document.getElementById('{target}').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"] - 40, (path, target, top)  # in view
    # Escape closes it wherever the focus is (after an in-page link, on the body).
    toggle.tap()
    dialog.wait_for(state="visible", timeout=5_000)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden", timeout=5_000)


@pytest.mark.parametrize("path", BOOK_URLS)
def test_page_on_a_phone(open_page, path):
    page = open_page(path)
    assert_fits_the_screen(page, path)
    buttons = visible_header_buttons(page)
    assert len(buttons) >= 4, f"{path}: header buttons missing: {buttons}"
    small = [b for b in buttons if min(b["width"], b["height"]) < MIN_TARGET_PX - 0.5]
    assert not small, f"{path}: buttons smaller than {MIN_TARGET_PX} px: {small}"
    assert_typography_for_a_phone(page, path)
    assert_chapter_list_opens_and_closes(page, path)
    if page.locator("article h2").count():  # a page with sections (not search, genindex)
        assert_contents_open(page, path)
    else:  # nothing to list: no contents button, rather than an empty drawer
        assert page.locator(".secondary-toggle").locator("visible=true").count() == 0, path
    assert page.errors == []


def test_front_door_on_a_phone(open_page):
    """The root page: one link per book, each a target a thumb can hit, nothing sideways."""
    page = open_page("index.html")
    assert_fits_the_screen(page, "index.html")
    links = page.locator("a[hreflang]")
    assert links.count() == len(LANGS)
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["height"] >= MIN_TARGET_PX - 0.5, (links.nth(i).inner_text(), box)
    assert page.errors == []


@pytest.mark.parametrize("path", URLS)
def test_page_fits_smaller_phones_and_tablets(other_screen, server, path):
    page = load(other_screen, server + path)
    assert_fits_the_screen(page, path)
    page.close()


@pytest.mark.parametrize("path", ["chapters/en/03_gradient_descent.html", "chapters/ko/index.html"])
def test_no_tooltip_stays_after_a_tap(open_page, path):
    page = open_page(path)
    for selector in (
        ".primary-toggle",
        ".dropdown-download-buttons button",
        ".theme-switch-button",
    ):
        button = page.locator(selector).locator("visible=true").first
        button.tap()
        page.wait_for_timeout(300)
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
        shown = page.locator(".tooltip").locator("visible=true").count()
        assert shown == 0, f"{path}: a tooltip stays on screen after tapping {selector}"


@pytest.mark.parametrize("selector", [".primary-toggle", ".dropdown-download-buttons button"])
def test_header_buttons_show_a_focus_ring(open_page, selector):
    page = open_page("chapters/ko/02_linear_regression.html")
    button = page.locator(selector).locator("visible=true").first
    for _ in range(12):
        page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    assert button.evaluate("b => b.matches(':focus-visible')"), f"Tab never reached {selector}"
    ring = button.evaluate(
        "b => { const s = getComputedStyle(b); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert ring[0] != "none" and float(ring[1].removesuffix("px")) >= 2, ring


# ---- print -------------------------------------------------------------------------------

VISIBLE = "e => !!e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden'"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_print_shows_posters_and_no_controls(browser, server, lang):
    page = browser.new_page(viewport={"width": 800, "height": 1100})
    page.goto(f"{server}chapters/{lang}/04_neural_networks.html", wait_until="load")
    page.emulate_media(media="print")
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.ml4a-poster')]"
        ".every(i => i.complete && i.naturalWidth > 0)",
        timeout=10_000,
    )
    posters = page.locator("figure.ml4a-animation img.ml4a-poster")
    assert posters.count() == 2
    for i in range(posters.count()):
        assert posters.nth(i).evaluate(VISIBLE), "a poster does not print"
    shown = page.evaluate(
        f"""() => [...document.querySelectorAll('img, source, button, summary, details')]
            .filter({VISIBLE})
            .filter(e => /\\.gif|\\.webp/.test(e.currentSrc || e.src || '')
                         || e.matches('button, summary'))
            .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert shown == [], f"printed page shows animations or controls: {shown}"
    wrapped = page.evaluate(
        "() => [...document.querySelectorAll('article pre')].filter(" + VISIBLE + ")"
        ".every(p => p.scrollWidth <= p.clientWidth + 1)"
    )
    assert wrapped, "a printed code line is cut at the right edge"
    breaks = page.evaluate(
        "() => [...document.querySelectorAll('article figure')]"
        ".map(f => getComputedStyle(f).breakInside)"
    )
    assert breaks and set(breaks) == {"avoid"}, breaks
    page.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_download_menu_opens_by_tap_and_keyboard_and_closes(open_page, lang):
    page = open_page(f"chapters/{lang}/05_hyperparameters.html")
    button = page.locator(".dropdown-download-buttons > button")
    menu = page.locator(".dropdown-download-buttons .dropdown-menu")
    assert not menu.is_visible()
    button.tap()
    menu.wait_for(state="visible", timeout=5_000)
    assert button.get_attribute("aria-expanded") == "true"
    pdf = menu.locator("a[href$='.pdf']")
    assert pdf.count() == 1 and pdf.get_attribute("href").endswith(f".{lang}.pdf")
    box, width = menu.bounding_box(), page.evaluate("document.documentElement.clientWidth")
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the menu leaves the screen"
    page.touchscreen.tap(20, 600)  # elsewhere
    menu.wait_for(state="hidden", timeout=5_000)
    assert button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")
    menu.wait_for(state="visible", timeout=5_000)
    assert pdf.evaluate("a => a === document.activeElement"), "focus did not move into the menu"
    page.keyboard.press("Escape")
    menu.wait_for(state="hidden", timeout=5_000)
    assert button.evaluate("b => b === document.activeElement")
    assert page.errors == []
