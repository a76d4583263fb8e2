"""A figure's "Show code" is fetched when the reader opens it, not sent with the page.

Every figure has its code under it (`pages.listing`), folded away in a
`<details class="ml4a-code">`. Highlighted, that code is markup six times the size of its
text (on page 04, 115 kB of a 250 kB page) that most readers never open. Here each listing's
highlighted block is written, as the page is written, to a small script of its own,
`_static/listings/<key>.js`, named by a hash of its contents, and the page keeps an empty
`<div class="ml4a-listing">` in its place that names it. When the reader first opens the
"Show code", `static/ml4a.js` adds that script, which hands the block to the page.

A script rather than a fetched HTML file, so that a site folder saved to disk and opened from
there (`file://`, where browsers refuse `fetch`) shows the code too. The search index is made
from the pages' source, not from this HTML, so it still finds the words of the code, which the
reader sees once the listing is open. Print hides closed "Show code" bars, so a printed page
(and the PDF) shows the listings the reader opened.
"""

from __future__ import annotations

import hashlib
import json
import re
from html import escape
from pathlib import Path

from sphinx.application import Sphinx

FOLDER = "_static/listings"
# A figure's listing: the "Show code" details, its summary and intro, then the highlighted
# block (Pygments' markup ends the code with `</pre></div>`, which the code itself cannot hold:
# its `<` and `>` are written as entities).
LISTING = re.compile(
    r'(<details class="ml4a-code">(?:(?!</details>).)*?)'
    r'(<div class="highlight-python notranslate"><div class="highlight"><pre>'
    r".*?</pre></div>\s*</div>)",
    re.S,
)
CALLBACK = "ml4aListing"
SLOT_KEY = re.compile(r'<div class="ml4a-listing" data-key="(\w+)"')
# A script's name where a page or slot names it (`split_listings`): a hash of its contents.
SCRIPT_NAME = re.compile(rf'(?<=data-key=")\w+|(?<={re.escape(FOLDER)}/)\w+(?=\.js)')


def listing_key(block: str) -> str:
    """The name of a listing's script: a hash of its highlighted block."""
    return hashlib.sha256(block.encode("utf-8")).hexdigest()[:16]


def listing_script(key: str, block: str) -> str:
    """The script that hands a listing's highlighted block to the page (`static/ml4a.js`)."""
    text = json.dumps(block, ensure_ascii=False).replace("</", "<\\/")
    return f'{CALLBACK}("{key}", {text});\n'


def listing_block(script: str) -> str:
    """The highlighted block a listing's script hands to the page (`listing_script` read back)."""
    head = f'{CALLBACK}("'
    start = script.find('", ', len(head))
    if not script.startswith(head) or start < 0 or not script.endswith(");\n"):
        raise ValueError(f"not a listing script: {script[:60]!r}")
    return json.loads(script[start + 3 : -len(");\n")])


def split_listings(body: str, url_of) -> tuple[str, dict[str, str]]:
    """The page body with each listing's block replaced by a slot naming its script, and the
    blocks by key. ``url_of(path)`` gives a site path's URL relative to the page."""
    blocks: dict[str, str] = {}

    def slot(match: re.Match) -> str:
        head, block = match.groups()
        key = listing_key(block)
        blocks[key] = block
        src = escape(url_of(f"{FOLDER}/{key}.js"), quote=True)
        return f'{head}<div class="ml4a-listing" data-key="{key}" data-src="{src}"></div>'

    return LISTING.sub(slot, body), blocks


def write_listings(outdir: Path, blocks: dict[str, str]) -> None:
    """Write each listing's script into the site (unchanged files are left as they are)."""
    folder = outdir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for key, block in blocks.items():
        path = folder / f"{key}.js"
        text = listing_script(key, block)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def listings_apart(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Move the page's listings out of its body into scripts of their own."""
    if app.builder.format != "html" or 'class="ml4a-code"' not in context.get("body", ""):
        return
    pathto = context["pathto"]
    body, blocks = split_listings(context["body"], lambda path: pathto(path, 1))
    context["body"] = body
    write_listings(Path(app.outdir), blocks)


def drop_unnamed_listings(app: Sphinx, exception: Exception | None) -> None:
    """Remove the scripts that no page names: after an incremental build, those of the code
    that the pages written again showed before (a cold build would not have them)."""
    folder = Path(app.outdir) / FOLDER
    if exception is not None or app.builder.format != "html" or not folder.is_dir():
        return
    named = set()
    for page in Path(app.outdir).rglob("*.html"):
        named.update(SLOT_KEY.findall(page.read_text(encoding="utf-8")))
    for script in folder.glob("*.js"):
        if script.stem not in named:
            script.unlink()


def setup(app: Sphinx) -> None:
    """Register the hooks."""
    app.connect("html-page-context", listings_apart)
    app.connect("build-finished", drop_unnamed_listings)
