"""Every figure of the chapter, declared where it is drawn: ``@figure()`` above its function.

A figure's name is its function's name; its alt text and caption are the entries of that name
in each language's ``FIGURES`` table (`words/<lang>.py`), and the words drawn in it come from
the same files. ``draw(lang, layout)`` returns a matplotlib Figure
for a PNG, or an ``anim.Scene`` for an animation (written as a GIF, as an animated WebP and
as a still ``<name>_poster.png``). Each figure is drawn in each of its ``layouts``: "wide"
(``<name>.png``) and, for phones, "narrow" (``<name>.narrow.png``), with the panels
stacked; every figure here has both, since none has text large enough to stay readable on a
phone when its wide picture is shrunk to fit (see ``style.LAYOUTS``). Each layout is drawn in
each theme of ``style.THEMES``: light (the names above) and dark (``<name>.dark.png``,
``<name>.narrow.dark.png``), by the same function with the dark palette.
"""

import importlib
import pkgutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from words import FIGURE_TEXT, MissingWordError

from . import style

# The files of a figure in one layout, by role: the picture, and for an animation its WebP
# twin and its still poster. Name endings: role's ending with the layout's tag before the dot.
ROLE_ENDINGS = {
    "png": {"image": ".png"},
    "gif": {"image": ".gif", "webp": ".webp", "poster": "_poster.png"},
}
BOTH_LAYOUTS = ("wide", "narrow")
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class FigureSpec:
    """One figure: ``name`` is also its file name; ``layouts`` are the layouts it is drawn
    in, the wide one first."""

    name: str
    draw: Callable
    kind: str = "png"
    layouts: tuple = BOTH_LAYOUTS

    def __post_init__(self):
        if self.kind not in ROLE_ENDINGS:
            raise ValueError(
                f"figure {self.name}: kind {self.kind!r} is not one of {list(ROLE_ENDINGS)}"
            )
        unknown = set(self.layouts) - set(style.LAYOUTS)
        if unknown or self.layouts[:1] != ("wide",):
            raise ValueError(
                f"figure {self.name}: layouts {self.layouts} must start with 'wide' and be among "
                f"{list(style.LAYOUTS)}"
            )

    def alt(self, lang: str) -> str:
        """Its alt text in ``lang``, on one line."""
        return " ".join(self._text(lang)["alt"].split())

    def caption(self, lang: str) -> str:
        """Its caption in ``lang`` (MyST Markdown)."""
        return self._text(lang)["caption"].strip()

    def _text(self, lang: str) -> dict[str, str]:
        entry = FIGURE_TEXT.get(lang, {}).get(self.name)
        if entry is None:
            raise MissingWordError(
                f"figure {self.name} has no alt text and caption in words/{lang}.py: add "
                f'"{self.name}": {{"alt": ..., "caption": ...}} to its FIGURES'
            )
        missing = [key for key in ("alt", "caption") if not str(entry.get(key, "")).strip()]
        if missing:
            raise MissingWordError(
                f"figure {self.name} has no {' and no '.join(missing)} in words/{lang}.py: add "
                f"it to FIGURES[{self.name!r}]"
            )
        return entry

    def files(self, layout: str, theme: str = "light") -> dict[str, str]:
        """File names of its outputs in ``layout`` and ``theme``, by role (image first)."""
        if layout not in self.layouts:
            raise ValueError(f"figure {self.name} has no {layout!r} layout; it has {self.layouts}")
        style.palette(theme)
        tag = ("" if layout == "wide" else f".{layout}") + ("" if theme == "light" else f".{theme}")
        result = {}
        for role, ending in ROLE_ENDINGS[self.kind].items():
            stem, dot, extension = ending.rpartition(".")
            result[role] = f"{self.name}{stem}{tag}{dot}{extension}"
        return result

    @property
    def manifest(self) -> str:
        """File name of the figure's manifest: its files, sizes and smallest text per layout."""
        return f"{self.name}.json"

    @property
    def variants(self) -> list[tuple[str, str]]:
        """Its ``(layout, theme)`` pairs: each layout (wide first) in each theme (light first)."""
        return [(layout, theme) for layout in self.layouts for theme in style.THEMES]

    @property
    def file_names(self) -> list[str]:
        """Every output file name: each variant's files (wide light first, image first), then
        the manifest, written last."""
        names = [n for variant in self.variants for n in self.files(*variant).values()]
        return [*names, self.manifest]


class Registry(Mapping):
    """The declared figures by name. The first lookup imports every module of this package,
    which declares the figures in it; they are listed in the order of the modules' names and
    of their functions."""

    def __init__(self) -> None:
        self._specs: dict[str, FigureSpec] = {}
        self._loaded = False

    def add(self, spec: FigureSpec) -> None:
        """Declare a figure; two figures may not share a name."""
        old = self._specs.get(spec.name)
        if old is not None and old.draw.__module__ != spec.draw.__module__:
            raise ValueError(
                f"two figures are named {spec.name}: in {old.draw.__module__} and "
                f"{spec.draw.__module__}"
            )
        self._specs[spec.name] = spec

    def _load(self) -> dict[str, FigureSpec]:
        if not self._loaded:
            self._loaded = True
            for module in pkgutil.iter_modules([str(PACKAGE_DIR)]):
                if not module.name.startswith("_"):
                    importlib.import_module(f"{__package__}.{module.name}")
            # In the same order in every process, whatever was imported first.
            ordered = sorted(self._specs.values(), key=lambda spec: _where(spec.draw))
            self._specs = {spec.name: spec for spec in ordered}
        return self._specs

    def __getitem__(self, name: str) -> FigureSpec:
        return self._load()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


def _where(function: Callable) -> tuple[str, int]:
    """A function's module and first line, by which the figures are ordered."""
    return function.__module__, function.__code__.co_firstlineno


FIGURES = Registry()


def figure(kind: str = "png", layouts: tuple = BOTH_LAYOUTS) -> Callable:
    """Declare the decorated function as a figure: ``kind`` "png" (it returns a Figure) or
    "gif" (an ``anim.Scene``), drawn in ``layouts``."""

    def declare(draw: Callable) -> Callable:
        FIGURES.add(FigureSpec(draw.__name__, draw, kind, layouts))
        return draw

    return declare
