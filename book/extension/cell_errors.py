"""A cell that raises stops the build with one message: the page and line, the cell, the error.

MyST-NB raises ``ExecutionError`` out of its parser, which Sphinx would report as a crash of
its own ("please report this to sphinx-doc", a traceback through jupyter-cache). The book's
parser is MyST-NB's with that error turned into a ``CellError``, which Sphinx prints as is:

    A cell failed:
    chapters/en/02_linear_regression.md:57: code cell 3 raised IndexError
      values[10]
    ...the cell's traceback...

An error the book's own code raises to tell an author what to fix (a missing word, a figure
that cannot be drawn or written, a bad `_toc.yml`) already says it all: it is shown as one line
after the page and cell, without the traceback through the book's code:

    chapters/ko/01_why_training_is_hard.md:46: code cell 2: figure connection_tweak has no
    caption in words/ko.py: add it to FIGURES['connection_tweak']

MyST-NB's own warning about the failure is silenced (``suppress_warnings`` in `_config.yml`).
A notebook that already failed when it was run ahead (`book/extension/run_ahead.py`) is reported
from that run, with the same message, without being run again.
"""

from __future__ import annotations

import re
from pathlib import Path

from myst_nb.core.execute.base import ExecutionError
from myst_nb.sphinx_ import Parser as MystNbParser
from nbclient.exceptions import CellTimeoutError
from sphinx.application import Sphinx
from sphinx.errors import SphinxError

from book.extension.run_ahead import failed_ahead
from book.sources import fences

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# How nbclient frames the failing cell's source in its error message.
CELL_SOURCE = re.compile(r"\n-{17,}\n(?P<source>.*?)\n-{17,}\n", re.DOTALL)
# The book's errors whose message says what to fix (`words`, `figures_src`, `contents`), by name:
# a cell's error crosses from the kernel as its class name and message only.
SAYS_WHAT_TO_FIX = {
    "MissingWordError",
    "UnknownFigureError",
    "FigureError",
    "OutputFolderError",
    "MissingGlyphError",
    "ContentsError",
}
# Pages are named from here (each book's Sphinx source is its own chapters/<lang> folder).
ROOT = Path(__file__).resolve().parents[2]


class CellError(SphinxError):
    """A code cell of a page raised (or timed out) while the book was executed."""

    category = "A cell failed"


def describe(page: str, text: str, error: BaseException | None) -> str:
    """The message for a failed cell: page and line, which cell, and the cell's error."""
    message = ANSI.sub("", str(error) if error is not None else "the notebook failed to run")
    match = CELL_SOURCE.search(message)
    source = match["source"].strip("\n") if match else ""
    cells = fences.code_cells(text)
    number = next((i for i, cell in enumerate(cells, 1) if source and cell.code == source), None)
    if number is None:  # e.g. a long cell, which nbclient shows only in part
        return f"{page}: {message.strip()}"
    line = cells[number - 1].line
    if isinstance(error, CellTimeoutError):  # the message comes before the cell's source
        details = message[: match.start()].replace("Here is a preview of the cell contents:", "")
        return f"{page}:{line}: code cell {number} timed out\n{details.strip()}"
    name = getattr(error, "ename", None) or type(error).__name__
    if name in SAYS_WHAT_TO_FIX and getattr(error, "evalue", None):
        return f"{page}:{line}: code cell {number}: {ANSI.sub('', error.evalue).strip()}"
    details = message[match.end() :].strip("\n")
    return f"{page}:{line}: code cell {number} raised {name}\n{details.rstrip()}"


class Parser(MystNbParser):
    """MyST-NB's notebook parser, reporting a failed cell as a ``CellError``."""

    def parse(self, inputstring: str, document) -> None:
        """Parse (and execute) one page."""
        source = Path(document["source"])
        page = (source.relative_to(ROOT) if source.is_relative_to(ROOT) else source).as_posix()
        env = document.settings.env
        failure = failed_ahead(env.app).pop(env.docname, None)
        if failure is not None:
            raise CellError(describe(page, inputstring, failure))
        try:
            super().parse(inputstring, document)
        except ExecutionError as exc:
            raise CellError(describe(page, inputstring, exc.__cause__)) from None


def setup(app: Sphinx) -> None:
    """Replace MyST-NB's parser by the one above."""
    app.setup_extension("myst_nb")
    app.add_source_parser(Parser, override=True)
