"""Where the book's PDFs are: one place for the printing code (`book/pdf.py`) and the site's
download menu (`book/ml4a.py`)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

SITE_FOLDER = "_downloads"  # where the site serves the PDFs, relative to its root


def pdf_name(lang: str, root: Path) -> str:
    """A language's PDF file name, from the book's title in `root/_config.yml`:
    `how-neural-networks-are-trained.en.pdf`."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    slug = re.sub(r"[^a-z0-9]+", "-", str(config.get("title", "")).lower()).strip("-")
    if not slug:
        raise ValueError(f"{root / '_config.yml'}: the book's title has no letters or digits")
    return f"{slug}.{lang}.pdf"


def site_path(lang: str, root: Path) -> str:
    """Where the site serves a language's PDF, relative to the site's root."""
    return f"{SITE_FOLDER}/{pdf_name(lang, root)}"
