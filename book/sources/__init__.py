"""What each language's book is made of, read before and during the build: its source folder,
table of contents and Sphinx settings (`books.py`), the checks on its Markdown before Sphinx
reads it (`fences.py`), and which translated pages are behind their source page
(`translations.py`, also a command: `python -m book.sources.translations [--mark LANG]`). It
imports nothing else of `book`.
"""
