""" "Show code" fetched when opened (`book/extension/site_listings.py`): the page holds a slot, the
code is a script of its own that the page adds when the reader opens the listing, and what then
shows is the code that drew the figure (read from the source, `pages.listing`)."""

from __future__ import annotations

import hashlib
import html
import json
import re
import subprocess
from pathlib import Path

import pytest

import contents
from book.extension import site_listings
from contents import LANGS
from pages import listing
from pages.keys import FIGURE_CALL
from tests.conftest import SITE, listing_block

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(contents.PAGES)
SLOT = re.compile(r'<div class="ml4a-listing" data-key="(\w+)" data-src="([^"]+)"></div>')
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}

BLOCK = (
    '<div class="highlight-python notranslate"><div class="highlight"><pre><span></span>'
    '<span class="n">x</span> <span class="o">=</span> <span class="s2">"&lt;/script&gt;"'
    "</span>\n</pre></div>\n</div>"
)
OTHER_CODE = '<div class="highlight-python notranslate"><div class="highlight"><pre>y</pre></div>'


def figures_on(page: str, lang: str) -> list[str]:
    """The figures a chapter page shows, in order, read from its source."""
    source = (ROOT / "chapters" / lang / f"{page}.md").read_text(encoding="utf-8")
    return FIGURE_CALL.findall(source)


def text_of(block: str) -> str:
    """What a reader reads in highlighted code: its text without the markup."""
    return html.unescape(re.sub(r"<[^>]*>", "", block))


def test_a_listing_becomes_a_slot_and_its_code_a_script():
    body = (
        f"<p>{OTHER_CODE}</div></p>"
        '<details class="ml4a-code">\n<summary>Show code</summary>\n<p>intro</p>\n'
        f"{BLOCK}\n</details>"
    )
    lighter, blocks = site_listings.split_listings(body, lambda path: "../../" + path)
    key = hashlib.sha256(BLOCK.encode()).hexdigest()[:16]
    assert blocks == {key: BLOCK}
    assert OTHER_CODE in lighter  # code outside a "Show code" stays in the page
    assert "<summary>Show code</summary>\n<p>intro</p>\n" in lighter
    assert SLOT.findall(lighter) == [(key, f"../../_static/listings/{key}.js")]


def test_the_script_hands_over_the_code_unchanged(tmp_path):
    """Node runs the script with a stand-in for the page's callback: the string it receives
    is the block, even though the code holds `</script>`."""
    script = site_listings.listing_script("k", BLOCK)
    assert "</" not in script
    runner = tmp_path / "run.js"
    runner.write_text(
        "const got = [];\nglobal.ml4aListing = (k, h) => got.push([k, h]);\n"
        f"{script}\nprocess.stdout.write(JSON.stringify(got));\n",
        encoding="utf-8",
    )
    result = subprocess.run(["node", str(runner)], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [["k", BLOCK]]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_the_built_page_holds_slots_and_each_script_holds_its_figures_code(page, lang):
    built = (SITE / "chapters" / lang / f"{page}.html").read_text(encoding="utf-8")
    names = figures_on(page, lang)
    slots = SLOT.findall(built)
    assert built.count('<details class="ml4a-code">') == len(slots) == len(names)
    assert '<details class="ml4a-code">\n<summary>' in built or not names
    for name, (key, src) in zip(names, slots, strict=True):
        assert src == f"_static/listings/{key}.js"  # the book's own
        assert text_of(listing_block(key, lang)).rstrip("\n") == listing.figure_listing(name, lang)
    # No highlighted listing is left in the page itself.
    for details in re.findall(r'<details class="ml4a-code">.*?</details>', built, re.S):
        assert "highlight" not in details


@pytest.mark.parametrize("lang", LANGS)
def test_every_listing_script_is_used(lang):
    book = SITE / "chapters" / lang
    used = {
        key
        for path in book.glob("*.html")
        for key, _ in SLOT.findall(path.read_text(encoding="utf-8"))
    }
    written = {path.stem for path in (book / "_static" / "listings").glob("*.js")}
    assert used and written == used


def open_listings(page, names: list[str], lang: str) -> None:
    """Open every "Show code" of the page in turn and check that the figure's code shows."""
    details = page.locator("details.ml4a-code")
    assert details.count() == len(names)
    for i, name in enumerate(names):
        one = details.nth(i)
        one.locator("summary").scroll_into_view_if_needed()
        one.locator("summary").click()
        one.locator(".ml4a-listing[data-state='loaded'] pre").wait_for(timeout=10_000)
        shown = one.locator(".ml4a-listing pre").inner_text()
        assert shown.rstrip("\n") == listing.figure_listing(name, lang), name
        assert one.locator(".ml4a-listing pre").is_visible()
        assert one.locator(".ml4a-listing span.k, .ml4a-listing span.kn").count() > 0  # coloured
        assert one.locator("button.copybtn").count() == 1


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_opening_show_code_on_a_phone_shows_the_figures_code(browser, server, lang):
    page_name = "04_neural_networks"
    context = browser.new_context(**PHONE)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}chapters/{lang}/{page_name}.html", wait_until="load")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if "/_static/listings/" in url]  # nothing before
    names = figures_on(page_name, lang)
    open_listings(page, names, lang)
    fetched = [url for url in requests if "/_static/listings/" in url]
    assert len(fetched) == len(set(fetched)) == len(set(names))
    # The copy button copies the code (sphinx-copybutton's own handler).
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    first = page.locator("details.ml4a-code").first
    # On a touch screen (no hover) the copy button is in sight, 44 px, above the code's text.
    button = first.locator("button.copybtn")
    assert button.evaluate("b => getComputedStyle(b).opacity") == "1"
    box, text = button.bounding_box(), first.locator("pre span").first.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    assert box["y"] + box["height"] <= text["y"], "the copy button covers the code"
    button.tap()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.rstrip("\n") == listing.figure_listing(names[0], lang)
    assert errors == []
    context.close()


@pytest.mark.browser
def test_show_code_works_from_a_site_folder_opened_from_disk(browser):
    """From `file://`, where `fetch` is refused, the listing's script still loads."""
    page = browser.new_page()
    page.goto((SITE / "chapters" / "ko" / "02_linear_regression.html").as_uri())
    open_listings(page, figures_on("02_linear_regression", "ko"), "ko")
    page.close()


@pytest.mark.browser
def test_a_missing_listing_says_so(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.route("**/_static/listings/*.js", lambda route: route.fulfill(status=404, body=""))
    page.goto(f"{server}chapters/en/05_hyperparameters.html", wait_until="load")
    first = page.locator("details.ml4a-code").first
    first.locator("summary").click()
    first.locator(".ml4a-listing[data-state='failed']").wait_for(timeout=10_000)
    assert first.locator(".ml4a-listing").inner_text() == "The code could not be loaded."
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_listing_says_where_its_code_lives(lang, monkeypatch, tmp_path):
    """While `_config.yml` names no repository the listing speaks of the book's source; once
    `repository.url` is set, it names that address (read from the configuration)."""
    text = listing.details("dropout", lang)
    assert "figures_src/hyperparameters.py" in text and "://" not in text.split("```")[0]
    config = tmp_path / "_config.yml"
    config.write_text('repository:\n  url: "https://example.org/ml4a/book"\n', encoding="utf-8")
    assert contents.repository_address(config) == "https://example.org/ml4a/book"
    monkeypatch.setattr(listing, "repository_address", lambda: "https://example.org/ml4a/book")
    intro = listing.details("dropout", lang).split("```")[0]
    assert "<https://example.org/ml4a/book>" in intro and "figures_src/hyperparameters.py" in intro
