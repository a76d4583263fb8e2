"""`make book`: `python -m book.build` builds each language's book in a process of its own
(`run.py`), puts the site together with its front door (`door.py`) and the PDFs (`book.pdf`),
and swaps it in whole, one build at a time; `make serve` uses its quick preview build. It
drives the other parts of `book` and is imported by none of them but `book.serve`.
"""
