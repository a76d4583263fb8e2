"""Which code a page runs, as a hash: its notebook is executed again only when that changes.

The page's cells call this package, which reads `lib`, the experiments and the words. So a page's
key covers: this package, `lib/`, `experiments/`, `contents.py` and `words/__init__.py` (whole); of
its language's word file only what the page shows: its ``PAGE_WORDS``, the caption and alt text of
each figure it shows, and for an explorer the ``EXPLORERS`` words; and for an explorer, the code
of its maps and the figure words they drew (from the maps' stored keys). MyST-NB's cache
(jupyter-cache) keys a notebook by its code, and `book/extension/page_keys.py` writes the key into
the page's first code cell as a comment when Sphinx reads the page.

Under each figure the page shows the code that drew it, but that "Show code" is written when
Sphinx reads the page (`book/extension/figure_code.py`), not by the page's kernel: the code of a
figure is in the page's *read key* (`read_key`), by which Sphinx reads a page again, and not in
the key its notebook runs by. Editing the drawing code of one figure therefore reads again only
the page that shows it and executes nothing, editing a word executes only the pages that show
it, and editing prose executes none at all.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import re
import sys
from pathlib import Path

from contents import check_lang

ROOT = Path(__file__).resolve().parent.parent
WHOLE = ("pages", "lib", "experiments")
FIGURE_CALL = re.compile(r"""^pages\.figure\(\s*["'](\w+)["']""", re.M)
EXPLORER_CALL = re.compile(r"""^pages\.explorer\(\s*["'](\w+)["']""", re.M)
SETUP_LINE = "import pages\n"
KEY_COMMENT = "import pages  # the code this page runs: {key}\n"


def _sources(folder: str) -> bytes:
    """Every Python file of a folder of the repository, with its path."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / folder).rglob("*.py")):
        if "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def page_key(markdown: str, lang: str) -> str:
    """A short hash of everything the code cells of ``markdown`` (a page in ``lang``) use."""
    from words import EXPLORE_WORDS, FIGURE_TEXT, PAGE_WORDS, WORDS

    check_lang(lang)
    digest = hashlib.sha256()
    for folder in WHOLE:
        digest.update(_sources(folder))
    for module in ("contents.py", "words/__init__.py"):
        digest.update((ROOT / module).read_bytes())
    digest.update(json.dumps(PAGE_WORDS[lang], sort_keys=True).encode())
    for name in FIGURE_CALL.findall(markdown):  # its caption and alt text
        digest.update(name.encode() + b"\0")
        digest.update(json.dumps(FIGURE_TEXT[lang].get(name), sort_keys=True).encode())
    shown = EXPLORER_CALL.findall(markdown)
    if shown:  # its maps, their mappings and the explorers' data
        from figures_src import build
        from figures_src.maps import MAPS, current_record

        from .explorers import EXPLORERS

        for module in ("maps.py", "style.py"):
            digest.update((ROOT / "figures_src" / module).read_bytes())
        digest.update(json.dumps(EXPLORE_WORDS[lang], sort_keys=True).encode())
        for name in sorted({m for e in shown if e in EXPLORERS for m in EXPLORERS[e].maps}):
            digest.update(build.code_fingerprint(MAPS[name]).encode())
            # The words the map drew, with their values (`python -m figures_src` draws the maps
            # first); all figure words while the map is out of date.
            record = current_record(name, lang)
            words = record or json.dumps(dict(WORDS[lang]), sort_keys=True)
            digest.update(name.encode() + b"\0" + words.encode())
    return digest.hexdigest()[:16]


def listings_key(markdown: str) -> str:
    """A short hash of the code shown under the figures of ``markdown`` (`pages.listing`): the
    source of the module that draws each, and its code fingerprint (its helpers elsewhere)."""
    from figures_src import build
    from figures_src.registry import FIGURES

    digest = hashlib.sha256()
    for name in FIGURE_CALL.findall(markdown):
        if name not in FIGURES:
            continue  # the cell itself fails, naming the figures there are
        draw = FIGURES[name].draw
        module = Path(inspect.getsourcefile(sys.modules[draw.__module__]))
        digest.update(name.encode() + b"\0" + module.read_bytes())
        digest.update(build.code_fingerprint(draw).encode())
    return digest.hexdigest()[:16]


def read_key(markdown: str, lang: str, key: str | None = None) -> str | None:
    """What a page shows that its Markdown does not hold: the code its cells run (its code key,
    computed if not given) and the code listed under its figures; None for a prose-only page.
    Sphinx reads a page again when this changes (`book/extension/page_keys.py`)."""
    key = key or code_key(markdown, lang)
    return None if key is None else f"{key}-{listings_key(markdown)}"


def code_key(markdown: str, lang: str) -> str | None:
    """The key of a page that runs code (has a setup cell), None for a prose-only page."""
    return page_key(markdown, lang) if SETUP_LINE in markdown else None


def with_key(markdown: str, lang: str, key: str | None = None) -> str:
    """``markdown`` with its code key (``key``, computed if not given) written after the first
    ``import pages`` line (the page's setup cell); unchanged if it has none (a page that runs
    no code)."""
    if SETUP_LINE not in markdown:
        return markdown
    line = KEY_COMMENT.format(key=key or page_key(markdown, lang))
    return markdown.replace(SETUP_LINE, line, 1)
