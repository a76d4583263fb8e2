"""Each page's code key in its setup cell (`pages.keys`), written as Sphinx reads the page, so
that MyST-NB's notebook cache runs a page again only when code that the page uses changed."""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parent.parent


def write_key(app: Sphinx, docname: str, source: list[str]) -> None:
    """Put the key into a chapter page's source (``chapters/<lang>/<page>``)."""
    parts = docname.split("/")
    if len(parts) != 3 or parts[0] != "chapters":
        return
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from pages.keys import with_key

    source[0] = with_key(source[0], parts[1])


def setup(app: Sphinx) -> None:
    """Register the hook."""
    app.connect("source-read", write_key)
