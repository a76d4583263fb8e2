"""``python -m figures_src``: draw the figures and the explorers' maps (see `cli.py`)."""

import sys

from figures_src.cli import main

sys.exit(main())
