"""The explorers: how long an update takes after a control moves, and what they add to a page.

Each explorer page of the copy's site is opened in headless Chromium (desktop, 1280 x 900, no
motion). An update is timed in the page: from the control's event to the drawing done and the
layout settled (a synchronous `getBoundingClientRect` after it), over REPEATS moves:

- the race: one optimizer's α slider (one path of 7 recomputed, all 7 redrawn), and the start
  point moved by a key press (all 7 paths of the race's steps recomputed and redrawn);
- the bowl: the α slider (1,500 steps); regularization: the λ slider (one ridge fit).

The race is also timed on a phone's processor, emulated by Chromium at a quarter of this
machine's speed. Page weight: the two scripts (in each book's `_static`) and the page's
explorer data, gzipped.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from book.chromium import ARGS
from book.chromium import EXECUTABLE as CHROMIUM
from book.extension.site_explorers import SCRIPTS
from contents import LANGS

from .pages import serve
from .report import Row, Target

PAGES = {
    "descent": "03_gradient_descent",
    "race": "04_neural_networks",
    "regularization": "05_hyperparameters",
}
UPDATE_TARGET = Target("<=", 16.0)
WEIGHT_TARGET = Target("<=", 40_000)
REPEATS = 60
PHONE_SLOWDOWN = 4
DATA = re.compile(
    r'<script type="application/json" class="ml4a-explorer-data">(.*?)</script>', re.S
)

# Times `REPEATS` moves of one control; returns [mean, 95th percentile, max] in milliseconds.
TIME_MOVES = """([selector, key, repeats]) => {
    const section = document.querySelector(selector.section);
    const control = section.querySelector(selector.control);
    const times = [];
    for (let i = 0; i < repeats; i++) {
        const start = performance.now();
        if (key) {
            control.dispatchEvent(new KeyboardEvent("keydown", {key: i % 2 ? key[1] : key[0],
                bubbles: true}));
        } else {
            control.value = String((Number(control.value) + (i % 2 ? -3 : 3)));
            control.dispatchEvent(new Event("input", {bubbles: true}));
        }
        section.getBoundingClientRect();
        times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    return [mean, times[Math.floor(0.95 * (times.length - 1))], times[times.length - 1]];
}"""

MOVES = {
    "race_alpha": ("race", "li.ml4a-optimizer:nth-child(7) input.ml4a-alpha", None),
    "race_start": ("race", "button.ml4a-handle", ["ArrowRight", "ArrowLeft"]),
    "descent_alpha": ("descent", "input.ml4a-lr", None),
    "regularization_lambda": ("regularization", "input.ml4a-lambda", None),
}


def time_moves(browser, base: str, slowdown: int = 1) -> dict[str, list[float]]:
    """[mean, p95, max] milliseconds per update for each move, on one (emulated) processor."""
    found = {}
    for move, (explorer, control, key) in MOVES.items():
        if slowdown > 1 and explorer != "race":
            continue
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, reduced_motion="reduce"
        )
        page = context.new_page()
        try:
            if slowdown > 1:
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
            page.goto(f"{base}chapters/en/{PAGES[explorer]}.html", wait_until="load")
            section = f"section.ml4a-explorer[data-explorer='{explorer}']"
            page.wait_for_selector(f"{section}.ml4a-explorer-ready")
            page.evaluate(TIME_MOVES, [{"section": section, "control": control}, key, 5])  # warm
            found[move] = page.evaluate(
                TIME_MOVES, [{"section": section, "control": control}, key, REPEATS]
            )
        finally:
            context.close()
    return found


def weight(site: Path, lang: str, page: str) -> tuple[int, int]:
    """Bytes of the scripts plus the page's explorer data: raw and gzipped (level 6)."""
    html = (site / "chapters" / lang / f"{page}.html").read_text(encoding="utf-8")
    book = site / "chapters" / lang
    parts = [(book / script).read_bytes() for script in SCRIPTS]
    parts += [payload.encode() for payload in DATA.findall(html)]
    return sum(map(len, parts)), sum(len(gzip.compress(p, 6, mtime=0)) for p in parts)


def measure(site: Path) -> list[Row]:
    """Update times (desktop and an emulated phone) and the weight each explorer page adds."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            desktop = time_moves(browser, base)
            phone = time_moves(browser, base, PHONE_SLOWDOWN)
        finally:
            browser.close()
    rows = []
    for where, found in (("desktop", desktop), ("phone", phone)):
        for move, (mean, p95, worst) in found.items():
            key = f"explorers.{where}.{move}"
            label = f"{move.replace('_', ' ')} update ({where}, p95)"
            rows += [
                Row(f"{key}.p95_ms", label, p95, "ms", UPDATE_TARGET),
                Row(f"{key}.mean_ms", "", mean, "ms"),
                Row(f"{key}.max_ms", "", worst, "ms"),
            ]
    for lang in LANGS:
        for page in PAGES.values():
            raw, zipped = weight(site, lang, page)
            key = f"explorers.weight.{lang}.{page}"
            rows += [
                Row(
                    f"{key}.gzip_bytes",
                    f"{lang}/{page}: explorer scripts + data, gzip",
                    zipped,
                    "B",
                    WEIGHT_TARGET,
                ),
                Row(f"{key}.bytes", "", raw, "B"),
            ]
    return rows
