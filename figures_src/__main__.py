"""``python -m figures_src``: draw the figures and the explorers' maps (see `cli.py`)."""

import sys

try:
    from figures_src.cli import main
except ValueError as error:  # contents.ContentsError: _config.yml or _toc.yml is wrong
    sys.exit(f"figures: {error}")

sys.exit(main())
