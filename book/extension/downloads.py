"""Where the book's PDFs are: one place for the printing code (`book/pdf/printing.py`) and the
site's download menu (`book/extension/register.py`)."""

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


# The download menu's PDF entry, as the theme writes it: its button class names the language.
MENU_ENTRY = re.compile(
    r'(class="[^"]*btn-download-pdf-(?P<lang>[\w-]+)-button[^"]*".*?'
    r'<span class="btn__text-container">)PDF(</span>)',
    re.S,
)


def size_text(size: int) -> str:
    """A file size as a reader reads it: `1.3 MB`, `850 kB`."""
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(1, round(size / 1e3))} kB"


def label_sizes(site: Path, sizes: dict[str, int]) -> int:
    """Write each PDF's size into the download menus of the site's pages (`PDF · 1.3 MB`),
    once the PDFs are printed (the pages are written before); the number of pages changed."""
    changed = 0
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")

        def labelled(match: re.Match) -> str:
            size = sizes.get(match["lang"])
            return match[0] if size is None else f"{match[1]}PDF · {size_text(size)}{match[3]}"

        new = MENU_ENTRY.sub(labelled, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed
