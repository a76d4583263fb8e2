"""The figures of the chapter: drawing only, each from the experiments and ``lib``.

A figure is a function declared with ``@figure()`` (`registry.py`) in one of the section
modules here; its words are in `words/<lang>.py`. Build them with ``python -m figures_src`` (see
``build.py``); a page shows one with ``pages.figure(name)``, which calls
``figures_src.build.ensure(name, lang)``.
"""
