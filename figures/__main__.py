"""Command line: ``python -m figures [NAMES...] [--lang en|ko|all] [--jobs N] [--force]
[--list] [--out DIR]``."""

import sys

from .build import main

if __name__ == "__main__":
    sys.exit(main())
