"""Sphinx extension for each language's book, loaded by jupyter-book (`_config.yml`).

- `katex_math.py`: every formula typeset at build time with KaTeX, whose style sheet and fonts
  are served from the site, so that no page asks another machine for anything;
- `site_languages.py`: the language switch on every page, the words around the pages from
  message catalogs, figures numbered "page.n" in every language, and the notice on a
  translation that is behind its source (`translations.py`);
- `site_weight.py`: only the assets a page uses are sent (its Node steps' files kept by
  `kept.py`, shared by every build of the clone);
- `cell_errors.py`: a failing cell stops the build naming the page, the cell and the error;
- `compiled_templates.py`: the page templates compiled once for every build of the clone;
- `page_keys.py`: a page's notebook runs again only when code that it uses changed;
- `figure_code.py`: the code under each figure, written as Sphinx reads the page (so an edit
  of a figure's drawing code runs no notebook);
- `run_ahead.py`: the notebooks that must run are run side by side, before Sphinx reads them;
- `site_figures.py`: each figure as a `<picture>` (a phone downloads only its narrow layout,
  animations as WebP with the GIF as fallback), a tap opening it full size;
- `site_search.py`: each book's search in its language (Korean by syllable n-grams), result
  snippets from the article at the first match;
- `site_explorers.py`: the explorers' scripts, on the pages that hold one;
- `site_listings.py`: each figure's "Show code" fetched when the reader opens it;
- `register.py`: the pause control for animations and the page styles (`book/static/`), the theme's
  light/dark default, no theme top bar, the theme's asset links (`book/templates/`), and a
  download menu that offers the chapter's PDF (`book/pdf/printing.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict:
    """Register the extension (`register.py`); the package's modules are imported only here,
    so that the PDF printing and the build's own process load just the modules they use."""
    from book.extension import register

    return register.setup(app)
