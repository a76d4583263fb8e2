"""The figures of the chapter, each drawn by code from ``lib``.

Build them with ``python -m figures_src`` (see ``build.py``); the book calls
``figures_src.build.ensure(name, lang)``. Figures are listed in ``registry.py``.
"""
