"""What the book computes with `lib` for its figures and its prose, driven by `params`.

Descent paths, optimizer races, training runs and fits are computed here once, and both the
figures (`figures`, which draw them) and the pages (`pages`, which quote numbers from them)
call these functions, so a number in the text and the picture beside it come from one run.
"""
