"""What the chapter pages call: figures from the figure cache and numbers glued into the prose.

Each page starts with a hidden cell ``import pages`` and ``pages.setup("en",
"02_linear_regression")``, which glues that page's numbers (see `pages.numbers`), and shows
each figure with ``pages.figure("lin_reg_scatter")``, its caption and alt text taken from the
language's word file (`words/<lang>.py`). A figure cell does not embed the image in
the notebook: it makes sure the figure in `_build/figures/` is up to date (the same
content-hash cache as ``make figures``) and outputs a MyST ``figure`` directive that points at
that file, so the notebook cache never holds a stale picture. (The site shows its other
layouts too; see `figure`.) ``pages.source("lib.optim.Adam.step")``
shows library code read from `lib/` at build time; ``points_table`` and ``gradcheck_demo``
compute the page's small table and its gradient check.
"""

from __future__ import annotations

from pathlib import Path

from contents import SOURCE_LANG, check_lang
from experiments import params
from figures_src import build
from figures_src.registry import FIGURES
from words import PAGE_WORDS

from . import numbers

ROOT = Path(__file__).resolve().parent.parent

_page: dict[str, str] = {}


class Text:
    """A string that displays as itself (no quotes), for `{glue}` in the prose."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


class Markdown:
    """Cell output that MyST-NB parses as MyST Markdown."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def setup(lang: str, page: str) -> None:
    """Set the page's language and glue every number the page's prose quotes."""
    from myst_nb import glue

    check_lang(lang)
    _page.update(lang=lang, page=page)
    for key, value in numbers.page_numbers(page, lang).items():
        glue(key, Text(value), display=False)


def current_lang() -> str:
    """The language set by `setup`."""
    if "lang" not in _page:
        raise RuntimeError("call pages.setup(lang, page) in the page's first cell")
    return _page["lang"]


def figure_label(name: str, lang: str) -> str:
    """The cross-reference label of a figure, e.g. ``fig-en-lin-reg-scatter``."""
    return f"fig-{lang}-{name.replace('_', '-')}"


def _site_path(path: Path, lang: str) -> str:
    """A file's path as a directive on a page of ``lang``'s book reads it: relative to the
    book's folder, `chapters/<lang>/`, where every page of the book lies."""
    import os

    from contents import CHAPTERS

    return Path(os.path.relpath(path.resolve(), ROOT / CHAPTERS / lang)).as_posix()


def filled(text: str, what: str, lang: str, page: str) -> str:
    """``text`` with each ``{key}`` replaced by ``page``'s number of that name (`pages.numbers`):
    alt texts quote the same computed numbers as the prose, which glues them."""
    try:
        return text.format_map(numbers.page_numbers(page, lang))
    except KeyError as missing:
        raise KeyError(
            f"{what} in words/{lang}.py names {{{missing.args[0]}}}, but page {page} has no "
            f"such number (pages/numbers.py)"
        ) from None


def figure_page(name: str, lang: str) -> str:
    """The page of ``lang`` that shows figure ``name`` (each figure is on one page)."""
    from contents import SECTIONS, page_file

    from .keys import FIGURE_CALL

    for page in SECTIONS:
        if name in FIGURE_CALL.findall(page_file(lang, page).read_text(encoding="utf-8")):
            return page
    raise ValueError(f"figure {name!r} is on no page of chapters/{lang}/")


def alt_text(name: str, lang: str) -> str:
    """A figure's alt text as its page shows it, the numbers filled in."""
    spec = FIGURES[name]
    return filled(spec.alt(lang), f"figure {name}'s alt text", lang, figure_page(name, lang))


def figure(name: str) -> Markdown:
    """A numbered figure from the figure cache, with its caption and alt text, and under it a
    collapsed "Show code" with the code that drew it (`pages.listing`, put there by the
    ``figure-code`` directive as Sphinx reads the page: `book/extension/figure_code.py`).

    The directive names the wide picture (and an animation's still poster, for print); the site's
    extension (`book/extension/site_figures.py`) reads the figure's manifest beside it and serves
    the narrow picture to phones and the WebP to browsers that show it, in a ``<picture>``.
    """
    if name not in FIGURES:
        raise ValueError(f"unknown figure {name!r}; known figures: {', '.join(FIGURES)}")
    lang = current_lang()
    spec = FIGURES[name]
    build.ensure(name, lang)
    wide = build.layout_paths(name, lang, "wide")
    alt, caption = alt_text(name, lang), spec.caption(lang)
    fence = "````"
    lines = [
        f"{fence}{{figure}} {_site_path(wide['image'], lang)}",
        f":name: {figure_label(name, lang)}",
        f":alt: {alt}",
    ]
    if spec.kind == "gif":
        still = PAGE_WORDS[lang]["still_image"]
        lines += [
            ":figclass: ml4a-animation",
            "",
            caption,
            "",
            f"```{{image}} {_site_path(wide['poster'], lang)}",
            f":alt: {alt} {still}",
            ":class: ml4a-poster",
            ":loading: lazy",
            "```",
        ]
    else:
        lines += ["", caption]
    lines += [fence, "", f"```{{figure-code}} {name}", "```"]
    return Markdown("\n".join(lines) + "\n")


def explorer(name: str) -> Markdown:
    """An explorer (a figure the reader drives; see `pages.explorers`), hidden until the
    page's script sets it up: its maps (from the figure cache) and its data as JSON."""
    import json

    from figures_src.maps import IMAGES as MAP_IMAGES
    from figures_src.maps import ensure_map, map_paths

    from . import explorers

    lang = current_lang()
    if name not in explorers.EXPLORERS:
        known = ", ".join(explorers.EXPLORERS)
        raise ValueError(f"unknown explorer {name!r}; known explorers: {known}")
    spec = explorers.EXPLORERS[name]
    data = explorers.page_data(name, lang)
    words = data["words"]
    lines = [f'<section class="ml4a-explorer" data-explorer="{name}" hidden>', ""]
    for map_name, alt in zip(spec.maps, spec.alts, strict=True):
        ensure_map(map_name, lang)
        paths = map_paths(map_name, lang)
        for role, theme in MAP_IMAGES.items():  # the script shows the one of the reader's theme
            lines += [
                f"```{{image}} {_site_path(paths[role], lang)}",
                f":alt: {filled(words[alt], f'the map alt text {alt}', lang, spec.page)}",
                f":class: ml4a-explorer-map ml4a-{theme}",
                ":loading: lazy",
                "```",
                "",
            ]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("</", "<\\/")  # nothing in it can close the script element
    lines += [f'<script type="application/json" class="ml4a-explorer-data">{text}</script>', ""]
    lines += ["</section>", "", print_note(spec, words, lang)]
    return Markdown("\n".join(lines) + "\n")


def print_note(spec, words: dict, lang: str) -> str:
    """What paper shows where an explorer stands: what it lets the reader do, and where the
    page is online (`html.baseurl` in `_config.yml`, or "the web edition" while it has none)."""
    from html import escape

    from contents import web_address

    address = web_address(lang, spec.page)
    if address:
        text = escape(words["print_note_at"].format(title=words[spec.title], address=address))
        text = text.replace(escape(address), f'<a href="{escape(address)}">{escape(address)}</a>')
    else:
        text = escape(words["print_note"].format(title=words[spec.title]))
    return f'<p class="ml4a-print-note">{text}</p>\n'


def source(dotted: str, start: str | None = None, stop: str | None = None) -> Markdown:
    """The code of a function or class of the library, as the reader sees it on the page.

    ``dotted`` names it (``"lib.optim.Adam.step"``); ``start``, if given, is a line fragment
    from which on the code is shown (e.g. a comment that opens the interesting part), and
    ``stop`` one that ends it (the line holding ``stop`` and those after it are left out).
    """
    import importlib
    import inspect
    import textwrap

    module_name, _, rest = dotted.partition(".")
    obj, parts = importlib.import_module(module_name), rest.split(".")
    while parts:
        try:
            obj = importlib.import_module(f"{obj.__name__}.{parts[0]}")
        except (AttributeError, ModuleNotFoundError):
            obj = getattr(obj, parts[0])
        parts.pop(0)
    lines = textwrap.dedent(inspect.getsource(obj)).splitlines()
    if start is not None:
        found = [i for i, line in enumerate(lines) if start in line]
        if not found:
            raise ValueError(f"{start!r} does not occur in the source of {dotted}")
        lines = textwrap.dedent("\n".join(lines[found[0] :])).splitlines()
    if stop is not None:
        found = [i for i, line in enumerate(lines) if stop in line]
        if not found:
            raise ValueError(f"{stop!r} does not occur in the source of {dotted}")
        lines = lines[: found[0]]
    while lines and not lines[-1].strip():
        lines.pop()
    where = Path(inspect.getsourcefile(obj)).resolve().relative_to(ROOT).as_posix()
    label = PAGE_WORDS[_page.get("lang", SOURCE_LANG)]["source_from"].format(where)
    code = "\n".join(lines)
    return Markdown(f"{label}\n\n```python\n{code}\n```\n")


def race_table(race: str) -> Markdown:
    """A table of a race, one row per optimizer, computed from its run: ``"race"`` (the first
    race: path length, when each first comes near the minimum) or ``"saddle"`` (when each gets
    off the ridge). The learning rates are in the figure's legend."""
    lang = current_lang()
    words = PAGE_WORDS[lang]
    radius = numbers.short(params.RACE_ARRIVAL_RADIUS)
    columns = {
        "race": ("optimizer", "length", "arrival"),
        "saddle": ("optimizer", "escape"),
    }
    if race not in columns:
        raise ValueError(f"unknown race {race!r}; the races are {', '.join(columns)}")
    rows = numbers.race_rows(lang) if race == "race" else numbers.saddle_rows(lang)
    header = [words[f"column_{c}"].format(radius=radius) for c in columns[race]]
    lines = ["| " + " | ".join(header) + " |", "|:--|" + "--:|" * (len(header) - 1)]
    lines += ["| " + " | ".join(row[c] for c in columns[race]) + " |" for row in rows]
    return Markdown("\n".join(lines) + "\n")


def points_table() -> Markdown:
    """The seven data points as a Markdown table."""
    from lib.data import seven_points

    x, y = seven_points()
    rows = ["| $x$ | $y$ |", "|---:|---:|"]
    rows += [f"| {xi:.1f} | {yi:.2f} |" for xi, yi in zip(x, y, strict=True)]
    return Markdown("\n".join(rows) + "\n")


def gradcheck_demo() -> None:
    """Print how closely backpropagation agrees with central differences on a small network."""
    import numpy as np

    from lib.gradcheck import numerical_gradient, relative_error
    from lib.nn import MLP

    rng = np.random.default_rng(0)
    net = MLP([4, 5, 3], activation="tanh", seed=0)
    X, y = rng.normal(size=(8, 4)), rng.integers(0, 3, size=8)
    _, grads = net.gradients(X, y)
    numeric = numerical_gradient(lambda: net.loss(X, y), net.params)
    errors = [relative_error(g, n) for g, n in zip(grads, numeric, strict=True)]
    words = PAGE_WORDS[_page.get("lang", SOURCE_LANG)]
    print(words["gradcheck"].format(n=net.num_params, e=max(errors)))
