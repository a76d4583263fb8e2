"""The explorers' scripts, on the pages that hold an explorer only.

An explorer (`pages.explorers`, put on a page by ``pages.explorer(...)``) is a section of
the page with its maps and its data; two scripts served from the site bring it to life:
`book/static/explore/ml4a-lib.js`, the JavaScript twin of the library, then
`ml4a-explore.js`, the controls and drawing. Pages without an explorer load neither.
"""

from __future__ import annotations

from sphinx.application import Sphinx

MARKER = 'class="ml4a-explorer"'
SCRIPTS = ("_static/explore/ml4a-lib.js", "_static/explore/ml4a-explore.js")


def explorer_scripts(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Add the explorers' scripts (deferred, in order) to a page that holds an explorer."""
    from sphinx.builders.html._assets import _JavaScript

    if MARKER not in context.get("body", "") or "script_files" not in context:
        return
    scripts = [_JavaScript(name, priority=900, defer="defer") for name in SCRIPTS]
    context["script_files"] = [*context["script_files"], *scripts]


def setup(app: Sphinx) -> None:
    """Register the hook."""
    app.connect("html-page-context", explorer_scripts)
