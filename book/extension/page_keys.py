"""Each page's code key in its setup cell (`pages.keys`), written as Sphinx reads the page, so
that MyST-NB's notebook cache runs a page again only when code that the page uses changed.

Its read key (the code key and the code listed under its figures) is kept in Sphinx's
environment, so that an incremental build reads again the pages whose code or listings changed
even though their Markdown did not (`book/build/run.py` builds incrementally only when nothing but
such code changed). A page read again for its listings alone runs nothing: its notebook comes
from the cache, and its "Show code" is written as it is read (`figure_code.py`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

ROOT = Path(__file__).resolve().parents[2]


def book_lang(env: BuildEnvironment) -> str:
    """The language of the book being built (every page of a book is in its language)."""
    return env.config.language


def keys_module():
    """`pages.keys`, imported from the repository (the extension runs in Sphinx's process)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from pages import keys

    return keys


def known_keys(env: BuildEnvironment) -> dict[str, str | None]:
    """The read keys of the pages as they were last read (kept in the pickled environment)."""
    if not hasattr(env, "ml4a_page_keys"):
        env.ml4a_page_keys = {}
    return env.ml4a_page_keys


def write_key(app: Sphinx, docname: str, source: list[str]) -> None:
    """Put the code key into a page's source, and remember its read key."""
    lang = book_lang(app.env)
    keys = keys_module()
    markdown = source[0]
    key = keys.code_key(markdown, lang)
    source[0] = keys.with_key(markdown, lang, key)
    known_keys(app.env)[docname] = keys.read_key(markdown, lang, key)


def changed_code(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """The pages to read again because code they run or list changed since they were last
    read."""
    known = known_keys(env)
    keys = keys_module()
    stale = []
    lang = book_lang(env)
    for docname in sorted(env.found_docs - set(added) - set(changed)):
        if docname not in known:
            continue
        markdown = Path(env.doc2path(docname)).read_text(encoding="utf-8")
        if keys.read_key(markdown, lang) != known[docname]:
            stale.append(docname)
    return stale


def forget(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Drop a page's key when Sphinx drops the page (before reading it again, or removed)."""
    known_keys(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    """Take the keys of the pages that a parallel reader read."""
    theirs = known_keys(other)
    known_keys(env).update({name: theirs[name] for name in docnames if name in theirs})


def setup(app: Sphinx) -> None:
    """Register the hooks."""
    app.connect("source-read", write_key)
    app.connect("env-get-outdated", changed_code)
    app.connect("env-purge-doc", forget)
    app.connect("env-merge-info", merge)
