"""Command line: ``python -m figures_src [NAMES...] [--lang en|ko|all] [--jobs N] [--force]
[--list] [--out DIR]``."""

import sys

try:
    from .build import main
except ValueError as error:  # contents.ContentsError: _config.yml or _toc.yml is wrong
    sys.exit(f"figures: {error}")

if __name__ == "__main__":
    sys.exit(main())
