"""Every word the book's code writes, one file per language: ``words/<lang>.py``.

A language file holds four tables with the same keys in every language:

- ``FIGURES``: each figure's alt text and caption, by figure name;
- ``FIGURE_WORDS``: the words drawn inside figures (``WORDS[lang]["loss"]``);
- ``EXPLORERS``: the words of the explorers, shown by the page's script;
- ``PAGES``: the words the page helpers write around figures, listings and numbers.

The languages are those of `_toc.yml` (`contents.LANGS`). Figure words are looked up through
`WORDS`, which notes each key a drawing reads (`recording`), so that a figure's cache key
covers only the words it uses. Entries with ``{...}`` are format strings filled in by the code.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator, Mapping

from contents import LANGS

TABLES = ("FIGURES", "FIGURE_WORDS", "EXPLORERS", "PAGES")

# Figure words whose value is a symbol, formula or proper name, the same in every language.
SAME_IN_BOTH = frozenset(
    {
        "w1",
        "w2",
        "w3",
        "x",
        "y",
        "line_equation",
        "rosenbrock",
        "lambda_value",
        "optimizer_alpha",
        "momentum_step_formula",
        "gradient_step_formula",
        "lookahead_step_formula",
        "optimizer_adagrad",
        "optimizer_adadelta",
        "optimizer_rmsprop",
        "optimizer_adam",
    }
)


def _load(lang: str) -> dict[str, dict]:
    """The four tables of ``words/<lang>.py``, or an error naming what is missing."""
    try:
        module = importlib.import_module(f"{__name__}.{lang}")
    except ModuleNotFoundError as exc:
        raise ImportError(
            f"the book has a language {lang!r} (_toc.yml) but no word file words/{lang}.py"
        ) from exc
    missing = [table for table in TABLES if not hasattr(module, table)]
    if missing:
        raise ImportError(f"words/{lang}.py lacks {', '.join(missing)}")
    return {table: getattr(module, table) for table in TABLES}


_TABLES = {lang: _load(lang) for lang in LANGS}
_used: list[set[str]] = []


class MissingWordError(KeyError):
    """A word that a language's file lacks; its message says which key, in which file."""

    def __str__(self) -> str:
        return str(self.args[0])


class Words(Mapping):
    """A language's figure words; each key read is noted in every active `recording`."""

    def __init__(self, lang: str, table: dict[str, str]) -> None:
        self.lang, self._table = lang, table

    def __repr__(self) -> str:  # stable: figure keys hash the constants a figure reads
        return f"Words({self.lang!r})"

    def __getitem__(self, key: str) -> str:
        for used in _used:
            used.add(key)
        try:
            return self._table[key]
        except KeyError:
            raise MissingWordError(
                f"words/{self.lang}.py has no {key!r} in FIGURE_WORDS: add it there "
                "(every language's file has the same keys)"
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


@contextlib.contextmanager
def recording() -> Iterator[set[str]]:
    """The set of figure-word keys read inside the ``with`` block."""
    used: set[str] = set()
    _used.append(used)
    try:
        yield used
    finally:
        _used.remove(used)


def optimizer_name(lang: str, optimizer: str) -> str:
    """What the book calls an optimizer of `lib.optim` in ``lang``, in legends, explorers and
    tables alike (``SGD`` takes the full gradient on the book's surfaces: gradient descent)."""
    return WORDS[lang][f"optimizer_{optimizer.lower()}"]


WORDS: dict[str, Words] = {lang: Words(lang, _TABLES[lang]["FIGURE_WORDS"]) for lang in LANGS}
FIGURE_TEXT: dict[str, dict[str, dict[str, str]]] = {
    lang: _TABLES[lang]["FIGURES"] for lang in LANGS
}
EXPLORE_WORDS: dict[str, dict[str, str]] = {lang: _TABLES[lang]["EXPLORERS"] for lang in LANGS}
PAGE_WORDS: dict[str, dict[str, str]] = {lang: _TABLES[lang]["PAGES"] for lang in LANGS}
