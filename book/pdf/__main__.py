"""`python -m book.pdf`: print the PDFs of a built site (see `printing.main`)."""

import sys

from book.pdf.printing import main

sys.exit(main())
