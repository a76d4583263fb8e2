"""`make bench`: how fast the figures, animations, book and library are, and how heavy the pages.

Run ``python -m bench`` (all sections) or ``python -m bench --only animation,lib``. Builds
happen in a temporary copy of the project, never in the working tree; the results are
printed as a table and recorded in ``bench/results.json``. Nothing here fails a test.
"""
