"""`python -m book.serve`: the live preview (see `server.main`)."""

import sys

from book.serve.server import main

sys.exit(main())
