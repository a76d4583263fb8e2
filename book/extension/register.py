"""The extension's own hooks (the theme's options, the download menu, one viewport tag) and
`setup`, which registers them with those of every module of the package."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

from book.extension import (
    cell_errors,
    compiled_templates,
    downloads,
    figure_code,
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
    compiled_templates.setup(app)
    page_keys.setup(app)
    figure_code.setup(app)
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
