"""`python -m book.build`: build the site (see `run.main`); a wrong `_config.yml` or `_toc.yml`
is said in one line."""

import sys

try:
    from book.build.run import main
except ValueError as error:  # contents.ContentsError: _config.yml or _toc.yml is wrong
    sys.exit(f"book: {error}")

sys.exit(main())
