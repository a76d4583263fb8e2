"""`make serve`: `python -m book.serve` serves the preview build on 127.0.0.1, watches the
sources, has `book.build`'s preview worker rebuild after each save and reloads the open pages
(`server.py`; its design is in docs/preview.md).
"""
