"""The built site in a real browser: Playwright drives Debian's Chromium on 127.0.0.1.

Every page loads with no console error and no failed or off-machine request; images load and
carry alt text; every formula is typeset (KaTeX, at build time) with its fonts loaded; the
language link leads to the counterpart; axe-core finds no serious violation. (Figures, their
layouts and the animations' pause control: `test_figures_browser.py`.)
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

import contents
from contents import LANGS
from pages.keys import FIGURE_CALL
from tests.conftest import Visit

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(contents.PAGES)
URLS = ["index.html"] + [f"chapters/{lang}/{page}.html" for lang in LANGS for page in PAGES]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def loaded(browser, server):
    """Each page loaded once for this module's checks that only read it (the language-link
    test, which navigates away, loads its own)."""
    visits: dict[str, Visit] = {}

    def load(path: str) -> Visit:
        if path not in visits:
            visits[path] = Visit(browser, server + path)
        return visits[path]

    yield load
    for v in visits.values():
        v.close()


@pytest.mark.parametrize("path", URLS)
def test_page_loads_cleanly_and_offline(loaded, path):
    v = loaded(path)
    assert v.errors == [], f"console errors on {path}: {v.errors}"
    assert v.failed == [], f"failed requests on {path}: {v.failed}"
    undrawn = v.page.eval_on_selector_all("i[class*='fa-']", "els => els.map(e => e.className)")
    assert undrawn == [], f"{path}: icons left undrawn: {undrawn}"
    hosts = {urlparse(u).hostname for u in v.requests if urlparse(u).scheme in ("http", "https")}
    assert hosts <= {"127.0.0.1"}, f"{path} asked other machines: {hosts}"


@pytest.mark.parametrize("path", URLS)
def test_images_load_and_have_alt_text_and_math_is_typeset(loaded, path):
    v = loaded(path)
    images = v.page.eval_on_selector_all(
        "article img:not(.ml4a-poster)",
        "els => els.map(e => ({src: e.currentSrc, w: e.naturalWidth, alt: e.alt, c: e.complete}))",
    )
    for img in images:
        assert img["c"] and img["w"] > 0, f"{path}: {img['src']} did not load"
        assert img["alt"].strip(), f"{path}: {img['src']} has no alt text"
    if path.startswith("chapters/"):  # a page whose source calls a figure shows one
        lang, page = path.split("/")[1], path.split("/")[2].removesuffix(".html")
        source = contents.page_file(lang, page).read_text(encoding="utf-8")
        if FIGURE_CALL.search(source):
            assert images, f"{path} shows no figure"
    raw_tex = v.page.evaluate(
        """() => {
            const article = (document.querySelector('article') || document.body).cloneNode(true);
            article.querySelectorAll('.katex-mathml, pre, .cell_input').forEach(e => e.remove());
            return /\\$\\$|\\\\\\(|\\\\\\[|\\\\frac|\\\\sum|\\\\alpha|\\\\nabla/.test(
                article.textContent);
        }"""
    )
    assert not raw_tex, f"{path} shows raw TeX"
    assert v.page.eval_on_selector_all(".math-error", "els => els.length") == 0
    if v.page.eval_on_selector_all(".katex", "els => els.length"):
        fonts = v.page.evaluate(
            "() => [...document.fonts].filter(f => f.family.startsWith('KaTeX')).map(f => f.status)"
        )
        assert fonts and "error" not in fonts, f"{path}: KaTeX fonts {fonts}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_language_link_leads_to_the_counterpart(browser, server, lang, page):
    tab = browser.new_page()  # a tab of its own: the clicks navigate away
    try:
        tab.goto(f"{server}chapters/{lang}/{page}.html", wait_until="load")
        assert tab.evaluate("document.documentElement.lang") == lang
        current = tab.locator("nav.ml4a-lang-switch [aria-current='page']")
        assert current.get_attribute("lang") == lang
        others = [other for other in LANGS if other != lang]
        for other in others:
            tab.click(f"nav.ml4a-lang-switch a[hreflang='{other}']")
            tab.wait_for_load_state("load")
            assert tab.url.split("#")[0] == f"{server}chapters/{other}/{page}.html"
            assert tab.evaluate("document.documentElement.lang") == other
            if other != others[-1]:
                tab.go_back(wait_until="load")
    finally:
        tab.close()


@pytest.mark.parametrize("path", URLS)
def test_no_serious_accessibility_violation(loaded, path):
    from axe_playwright_python.sync_playwright import Axe

    v = loaded(path)
    results = Axe().run(v.page)
    serious = [
        f"{item['id']} ({item['impact']}): {item['help']} - {len(item['nodes'])} node(s)"
        for item in results.response["violations"]
        if item["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{path}:\n" + "\n".join(serious)


TRANSITIONS_DONE = """() => Promise.all(document.getAnimations()
    .filter(a => a instanceof CSSTransition).map(a => a.finished.catch(() => null)))"""


@pytest.mark.parametrize("path", URLS)
def test_text_keeps_its_contrast_in_dark_mode(loaded, path):
    """axe's contrast rule (4.5:1 for text, 3:1 for large text) on each page as a reader whose
    system is dark sees it: the explorers, formulas, code and captions included. The page
    loaded for this module's other checks turns dark with the system (axe finds the same nodes
    as in a page opened dark: compared by hand for three pages), then light again."""
    from axe_playwright_python.sync_playwright import Axe

    v = loaded(path)
    v.page.emulate_media(color_scheme="dark")
    try:
        if path.startswith("chapters/"):  # (the front door follows the system by CSS alone)
            v.page.wait_for_function("document.documentElement.dataset.theme === 'dark'")
        v.page.evaluate(TRANSITIONS_DONE)  # colours caught halfway would be neither theme's
        # (Only the violations' nodes come back: the passing ones of a page of formulas are
        # thousands, and sending them over cost a fifth of the run.)
        options = {"runOnly": ["color-contrast"], "resultTypes": ["violations"]}
        results = Axe().run(v.page, options=options)
        low = [
            f"{node['target']}: {node['failureSummary'].splitlines()[-1].strip()}"
            for item in results.response["violations"]
            for node in item["nodes"]
        ]
        assert not low, f"{path} in dark mode:\n" + "\n".join(low[:10])
    finally:
        v.page.emulate_media(color_scheme="light")


@pytest.mark.parametrize(
    ("query", "page"),
    [("경사", "chapters/ko/03_gradient_descent"), ("momentum", "chapters/en/04_neural_networks")],
)
def test_search_finds_english_and_korean_words(visit, query, page):
    v = visit(f"{page.rsplit('/', 1)[0]}/search.html?q={query}")
    v.page.wait_for_selector("#search-results ul.search li", timeout=15_000)
    links = v.page.eval_on_selector_all(
        "#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))"
    )
    target = page.rsplit("/", 1)[1] + ".html"  # results link within the book
    assert any(link.split("#")[0] == target for link in links), f"{query!r} gave {links}"


def test_search_box_on_a_chapter_page_leads_to_results(visit, server):
    v = visit("chapters/ko/01_why_training_is_hard.html")
    v.page.keyboard.press("Control+k")
    box = v.page.locator("#pst-search-dialog input[name='q']")
    box.wait_for(state="visible")
    box.fill("경사")
    box.press("Enter")
    v.page.wait_for_selector("#search-results ul.search li", timeout=15_000)
    assert v.page.url.startswith(f"{server}chapters/ko/search.html?q=")
    links = v.page.eval_on_selector_all(
        "#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))"
    )
    assert any(link.split("#")[0] == "03_gradient_descent.html" for link in links), links
