"""The "Show code" under each figure, written as Sphinx reads the page.

A figure cell (`pages.figure`) ends with a ``{figure-code}`` directive naming its figure, and
this directive puts there the code that drew it (`pages.listing.details`), as the Markdown that
the cell once wrote itself. The listing is thus made by Sphinx, not by the page's kernel: an edit
of a figure's drawing code reads the page again (its read key, `page_keys.py`) but runs nothing,
since the notebook's outputs do not change. As the cell would have, the directive first makes
sure that the figure's files are current (`make book` and `make serve` have drawn it already;
`python -m book.build` run alone after an edit has not).
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from book.extension import page_keys


class FigureCode(SphinxDirective):
    """``{figure-code} <name>``: the collapsed code listing of figure ``<name>``."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        page_keys.keys_module()  # the repository's code on the path
        from figures_src import build
        from pages import listing

        name, lang = self.arguments[0], page_keys.book_lang(self.env)
        try:
            build.ensure(name, lang)
            text = listing.details(name, lang)
        except (build.FigureError, KeyError, ValueError) as error:
            raise self.error(f"figure-code: {error}") from None
        holder = nodes.Element()
        source, _ = self.get_source_info()
        lines = StringList(text.splitlines(), source=source)
        self.state.nested_parse(lines, self.content_offset, holder)
        return holder.children


def setup(app: Sphinx) -> None:
    """Register the directive."""
    app.add_directive("figure-code", FigureCode)
