"""The PDFs, made after Sphinx from the built site: `document.py` gathers one language's pages
into one HTML document (its title page, its outline, links that stay inside it) and
`printing.py` has Chromium print it, once per language, again only when what it is made from
changed (`python -m book.pdf`). It reads what the extension wrote (the listings, the download
menu's names) and is called by `book.build`.
"""
