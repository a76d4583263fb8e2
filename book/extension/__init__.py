"""Sphinx extension for each language's book, loaded by jupyter-book (`_config.yml`).

- `katex_math.py`: every formula typeset at build time with KaTeX, whose style sheet and fonts
  are served from the site, so that no page asks another machine for anything;
- `site_languages.py`: the language switch on every page, the words around the pages from
  message catalogs, figures numbered "page.n" in every language, and the notice on a
  translation that is behind its source (`translations.py`);
- `site_weight.py`: only the assets a page uses are sent (its Node steps' files kept by
  `kept.py`, shared by every build of the clone);
- `cell_errors.py`: a failing cell stops the build naming the page, the cell and the error;
- `page_keys.py`: a page's notebook runs again only when code that it uses changed;
- `run_ahead.py`: the notebooks that must run are run side by side, before Sphinx reads them;
- `site_figures.py`: each figure as a `<picture>` (a phone downloads only its narrow layout,
  animations as WebP with the GIF as fallback), a tap opening it full size;
- `site_search.py`: each book's search in its language (Korean by syllable n-grams), result
  snippets from the article at the first match;
- `site_explorers.py`: the explorers' scripts, on the pages that hold one;
- `site_listings.py`: each figure's "Show code" fetched when the reader opens it;
- here: the pause control for animations and the page styles (`book/static/`), the theme's
  light/dark default, no theme top bar, the theme's asset links (`book/templates/`), and a
  download menu that offers the chapter's PDF (`book/pdf/printing.py`).
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

from book.extension import (
    cell_errors,
    downloads,
    katex_math,
    page_keys,
    run_ahead,
    site_explorers,
    site_figures,
    site_languages,
    site_listings,
    site_search,
    site_sections,
    site_weight,
)

HERE = Path(__file__).resolve().parent.parent  # book/, with the reader's static files
ROOT = HERE.parent


def static_files(app: Sphinx) -> None:
    """Serve the book's own files (`book/static/`) and KaTeX's from `_static/`."""
    app.config.html_static_path.extend([str(katex_math.stage_katex(app)), str(HERE / "static")])


def theme_options(app: Sphinx, config) -> None:
    """Start in the reader's light/dark preference (the theme logs an error without a mode),
    and leave out the theme's top bar.

    sphinx-book-theme puts its buttons (chapter list, downloads, search, contents) in the
    article's header; pydata-sphinx-theme 0.17 adds a top bar with a second search field and
    hidden copies of the sidebar toggles, and its script binds only the first toggle it finds,
    a hidden one, so the visible ☰ did nothing on phones (pydata-sphinx-theme issue 2451).
    With no items in the top bar, the theme renders none of it.
    """
    config.html_context = {**config.html_context, "default_mode": "auto"}
    config.html_theme_options = {**config.html_theme_options, "navbar_persistent": []}
    config.templates_path = [str(HERE / "templates"), *config.templates_path]


def download_menu(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """The theme's download menu offers the chapter as a PDF in the book's language and
    printing the page, not the page's Markdown.

    The PDFs are printed after the books are built (`book/pdf/printing.py`, run by
    `book/build/run.py`), which puts them at the site's root, where these links point, before the
    new site replaces the old one.
    """
    lang = site_languages.book_lang(app)
    up = site_languages.site_root(pagename)
    words = site_languages.translated
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        pdf = {
            "type": "link",
            "url": up + downloads.site_path(lang, ROOT),
            "text": "PDF",
            "tooltip": words("Download the chapter as PDF"),
            "icon": "fas fa-file-pdf",
            "label": f"download-pdf-{lang}-button",
        }
        printing = {
            "type": "javascript",
            "javascript": "window.print()",
            "text": words("Print"),
            "tooltip": words("Print this page"),
            "icon": "fas fa-print",
            "label": "print-button",
        }
        group.update(buttons=[pdf, printing], tooltip=words("Download or print"))


VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\s*')


def one_viewport(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Sphinx's layout writes the viewport tag; docutils adds its own to the page's meta tags."""
    context["metatags"] = VIEWPORT.sub("", context.get("metatags", ""))


def setup(app: Sphinx) -> dict:
    """Register the extension's hooks and assets."""
    # The hash of book/'s code (book/build/run.py sets it): a change rewrites every page.
    app.add_config_value("ml4a_site_code", "", "html")
    app.connect("config-inited", theme_options)
    app.connect("builder-inited", static_files)
    cell_errors.setup(app)
    page_keys.setup(app)
    run_ahead.setup(app)
    app.connect("html-page-context", download_menu, priority=600)  # after the theme's, at 501
    app.connect("html-page-context", one_viewport)
    katex_math.setup(app)
    site_languages.setup(app)
    site_figures.setup(app)
    site_explorers.setup(app)
    site_listings.setup(app)
    site_weight.setup(app)
    site_search.setup(app)
    site_sections.setup(app)
    app.add_js_file("ml4a.js")
    app.add_css_file("ml4a.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
