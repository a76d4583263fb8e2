"""The slimmed style sheets look exactly like the theme's own.

The build drops the style rules that no page uses (PurgeCSS, `book/extension/site_weight.py`). Here
each page is shown twice in Chromium, once with the site's style sheet (each book's sheets
joined in one, `book/build/style_bundle.py`) and once with the packages' original, complete
sheets put back in its parts, in the states a reader brings about
(phone and desktop, chapter list, contents and search open, the download menu, dark mode, a
tooltip, search results, print, a figure's code opened), and every element's computed style
must be the same.
"""

from __future__ import annotations

from pathlib import Path

import myst_nb
import pydata_sphinx_theme
import pytest
import sphinx_book_theme

from book.build import style_bundle
from contents import LANGS

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"


def package_file(package, path: str) -> Path:
    return Path(package.__file__).parent / path


# The site's purged style sheets and the files they were made from.
ORIGINALS = {
    "pydata-sphinx-theme.css": package_file(
        pydata_sphinx_theme, "theme/pydata_sphinx_theme/static/styles/pydata-sphinx-theme.css"
    ),
    "sphinx-book-theme.css": package_file(
        sphinx_book_theme, "theme/sphinx_book_theme/static/styles/sphinx-book-theme.css"
    ),
    "mystnb.": package_file(myst_nb, "static/mystnb.css"),
    "katex.min.css": ROOT / "book/node_modules/katex/dist/katex.min.css",
}
PROPERTIES = [
    "display", "position", "visibility", "opacity", "color", "background-color",
    "background-image", "font-family", "font-size", "font-weight", "font-style",
    "line-height", "text-align", "text-decoration-line", "white-space", "width", "height",
    "margin-top", "margin-right", "margin-bottom", "margin-left", "padding-top",
    "padding-right", "padding-bottom", "padding-left", "border-top-width",
    "border-bottom-width", "border-left-width", "border-top-color", "border-radius",
    "box-shadow", "outline-style", "overflow-x", "overflow-y", "transform", "z-index",
    "flex-direction", "justify-content", "align-items", "gap", "top", "left", "cursor",
]  # fmt: skip
STYLES = rf"""() => {{
    const props = {PROPERTIES!r};
    return [...document.querySelectorAll("body *")].map(e => {{
        const s = getComputedStyle(e);
        const id = e.tagName + "#" + e.id.replace(/\d+$/, "") + "." + [...e.classList].join(".");
        return id + " " + props.map(p => s.getPropertyValue(p)).join("|");
    }});
}}"""
# (page, screen, what the reader does)
STATES = [
    ("chapters/ko/04_neural_networks.html", "phone", None),
    ("chapters/ko/04_neural_networks.html", "phone", "tap:.primary-toggle"),
    ("chapters/en/02_linear_regression.html", "phone", "tap:.secondary-toggle"),
    ("chapters/en/02_linear_regression.html", "phone", "tap:.search-button__button"),
    ("chapters/ko/03_gradient_descent.html", "phone", "tap:.dropdown-download-buttons button"),
    ("chapters/en/04_neural_networks.html", "desktop", None),
    ("chapters/en/04_neural_networks.html", "desktop", "dark"),
    ("chapters/ko/05_hyperparameters.html", "desktop", "hover:.primary-toggle"),
    ("chapters/en/06_backpropagation.html", "desktop", "click:details.hide summary"),
    ("chapters/ko/04_neural_networks.html", "phone", "click:details.ml4a-code summary"),
    ("index.html", "desktop", None),
    ("search.html?q=gradient", "desktop", None),
    ("chapters/ko/04_neural_networks.html", "desktop", "print"),
]
SCREENS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}

pytestmark = pytest.mark.browser


def original_for(url: str) -> Path | None:
    """The package's complete style sheet that a purged one of the site was made from."""
    name = url.rsplit("/", 1)[-1].split("?")[0]  # a sheet's path or address
    for prefix, path in ORIGINALS.items():
        if name.startswith(prefix):
            return path
    return None


def with_originals(bundle: str) -> str:
    """A book's joined style sheet (`book/build/style_bundle.py`) with each purged part put
    back as the package's complete sheet it was made from."""
    texts = []
    for sheet, css in style_bundle.parts(bundle).items():
        original = original_for(sheet)
        if original is not None:
            css = style_bundle.part_text(original.read_text(encoding="utf-8"), sheet)
        texts.append(css)
    return "\n".join(texts)


def computed_styles(browser, server: str, path: str, screen: str, action, originals: bool):
    context = browser.new_context(**SCREENS[screen])
    page = context.new_page()
    if originals:

        def fulfil(route) -> None:
            served = route.fetch()
            body = with_originals(served.text())
            route.fulfill(response=served, body=body, content_type="text/css")

        page.route(f"**/{style_bundle.BUNDLE}*", fulfil)
    page.goto(server + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    # Transitions and animations would catch the two versions at different moments of a fade.
    still = "transition: none !important; animation: none !important;"
    page.add_style_tag(content=f"*, *::before, *::after {{ {still} }}")
    if path.startswith("search.html"):
        page.wait_for_selector("#search-results ul.search li", timeout=15_000)
    kind, _, target = (action or "").partition(":")
    if kind == "tap":
        page.locator(target).locator("visible=true").first.tap()
        # Whether the tapped button stays hovered after the tap is up to the moment Chromium's
        # headless shell ends the gesture (it did in 4 of 12 loads, and resting the pointer
        # where the finger was lands on an opening drawer or not): the two versions would be
        # read in different states. So the pointer leaves the page once the tap is over (in 24
        # loads: nothing hovered); hover styles are compared in the desktop's hover state.
        page.wait_for_timeout(300)
        page.mouse.move(-1, -1)
    elif kind == "click":
        page.locator(target).first.click()
        if "ml4a-code" in target:  # the listing's code arrives by a script of its own
            page.wait_for_selector(".ml4a-listing[data-state='loaded'] pre", timeout=10_000)
    elif kind == "hover":
        page.locator(target).locator("visible=true").first.hover()
    elif kind == "dark":
        page.evaluate("document.documentElement.dataset.theme = 'dark'")
    elif kind == "print":
        page.emulate_media(media="print")
        page.wait_for_function(
            "() => [...document.images].filter(i => i.getClientRects().length)"
            ".every(i => i.complete)",
            timeout=10_000,
        )
    page.wait_for_timeout(200)  # scripts that react to the action
    styles = page.evaluate(STYLES)
    context.close()
    return styles


@pytest.mark.parametrize("lang", LANGS)
def test_every_purged_sheet_is_a_part_of_the_joined_sheet(lang):
    bundle = (SITE / "chapters" / lang / style_bundle.BUNDLE).read_text(encoding="utf-8")
    sheets = list(style_bundle.parts(bundle))
    for prefix in ORIGINALS:
        assert any(sheet.rsplit("/", 1)[-1].startswith(prefix) for sheet in sheets), prefix
    complete = with_originals(bundle)
    assert len(complete) > len(bundle) + 100_000, "the originals did not replace the parts"
    assert "ml4a-styles part" not in complete


@pytest.mark.parametrize(("path", "screen", "action"), STATES)
def test_purged_styles_render_like_the_originals(browser, server, path, screen, action):
    missing = [str(p) for p in ORIGINALS.values() if not p.is_file()]
    assert not missing, f"original style sheets not found: {missing}"
    purged = computed_styles(browser, server, path, screen, action, originals=False)
    complete = computed_styles(browser, server, path, screen, action, originals=True)
    assert len(purged) == len(complete), f"{path}: the pages differ in their elements"
    differ = [(a, b) for a, b in zip(purged, complete, strict=True) if a != b]
    detail = "\n".join(f"site:     {a}\noriginal: {b}" for a, b in differ[:3])
    assert not differ, f"{path} ({screen}, {action}): {len(differ)} elements differ\n{detail}"
