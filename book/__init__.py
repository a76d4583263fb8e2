"""The machinery that turns the chapters into the site and its PDFs, by the moment it runs.

- `sources/`: what each language's book is made of (its folder, table of contents and Sphinx
  settings, `books.py`), the checks on its Markdown (`fences.py`) and whether a translation is
  behind its source (`translations.py`). Read by every other part; imports none of them.
- `extension/`: the Sphinx extension (`book.extension`, loaded by `_config.yml`): what happens to
  each page while Sphinx reads and writes it (figures as pictures, formulas typeset, search,
  languages, the download menu, the weight of what is sent).
- `pdf/`: after Sphinx, one PDF per language printed by Chromium from the built pages.
- `build/`: `make book` (`python -m book.build`): the books built side by side, the site put
  together with its front door and PDFs, and swapped in whole.
- `serve/`: `make serve` (`python -m book.serve`): the live preview.
- `static/`, `templates/`: what runs and shows in the reader's browser, and the theme's templates
  it overrides.
- `chromium.py`: where Debian's Chromium is and how it is started: its headless shell for the
  PDFs and the tests, the whole browser for the benchmark's timings and Lighthouse.

Dependencies run one way: sources <- extension <- pdf <- build <- serve.
"""
