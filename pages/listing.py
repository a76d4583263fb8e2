"""The code behind a figure, as a reader can run it: "Show code" under every figure.

A listing is read from the source at build time, so it never drifts from what drew the
figure: the imports it needs (its modules' own, made absolute), the experiments it plots
(functions of `experiments`, with their calls into `lib`) and the functions of the figure's
module that its drawing function uses, directly or through each other, the drawing function
itself (without the ``@figure`` line that declares it), and the lines that draw and save it.
Pasted into a Python session at the repository root, it writes the same figure. The build
machinery (caching, the figure cell, palettes and file names) stays out of it.
"""

from __future__ import annotations

import ast
import html
import inspect
import sys
import textwrap
import types
from pathlib import Path

from contents import check_lang, repository_address
from figures_src.registry import FIGURES
from words import PAGE_WORDS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "figures_src"
EXPERIMENTS = "experiments"
OWN = ("lib", EXPERIMENTS, PACKAGE, "words", "contents")  # the book's own packages
MACHINERY = (f"{PACKAGE}.registry",)  # what declares figures, not what draws them


def names_used(code: types.CodeType) -> set[str]:
    """Global and attribute names used by ``code`` and the functions nested in it."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= names_used(const)
    return names


def helpers(function: types.FunctionType) -> list[types.FunctionType]:
    """The functions of ``function``'s module and of `experiments` that it uses, directly or
    through each other: the experiments first, then in the order of the source."""
    found: list[types.FunctionType] = []

    def listed(value) -> bool:
        module = getattr(value, "__module__", "") or ""
        return module == function.__module__ or module.partition(".")[0] == EXPERIMENTS

    def walk(f: types.FunctionType) -> None:
        for name in sorted(names_used(f.__code__)):
            value = f.__globals__.get(name)
            value = getattr(value, "__wrapped__", value)  # an experiment kept by functools.cache
            if (
                isinstance(value, types.FunctionType)
                and listed(value)
                and value is not function
                and value not in found
            ):
                found.append(value)
                walk(value)

    walk(function)
    return sorted(found, key=lambda f: (f.__module__ == function.__module__, order(f)))


def order(function: types.FunctionType) -> tuple[str, int]:
    """Where a function stands in the source: its module, then its first line."""
    return function.__module__, function.__code__.co_firstlineno


def source_of(function: types.FunctionType) -> str:
    """A function's source, dedented, without its decorators that are build machinery
    (``@figure``); those that change what it computes (``@cache``) stay."""
    lines = textwrap.dedent(inspect.getsource(function)).rstrip().split("\n")
    while lines and lines[0].startswith("@figure"):
        lines.pop(0)
    return "\n".join(lines)


def absolute(module: str | None, level: int, package: str) -> str:
    """The absolute module of a ``from`` import (``.style`` in figures_src: figures_src.style)."""
    if level == 0:
        return module or ""
    base = package.rsplit(".", level - 1)[0] if level > 1 else package
    return f"{base}.{module}" if module else base


def import_group(line: str) -> int:
    """0 for the standard library, 1 for other packages, 2 for the book's own code."""
    root = line.split()[1].partition(".")[0]
    if root in OWN:
        return 2
    return 0 if root in sys.stdlib_module_names else 1


def imports(module: types.ModuleType, used: set[str]) -> list[str]:
    """The module's own import statements, cut to the names in ``used``, relative ones made
    absolute."""
    lines = []
    for node in ast.parse(inspect.getsource(module)).body:
        if isinstance(node, ast.Import):
            kept = [a for a in node.names if (a.asname or a.name.partition(".")[0]) in used]
            if kept:
                lines.append("import " + ", ".join(ast.unparse(a) for a in kept))
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            kept = [a for a in node.names if (a.asname or a.name) in used]
            if kept:
                source = absolute(node.module, node.level, module.__package__)
                if source in MACHINERY:
                    continue
                lines.append(f"from {source} import " + ", ".join(ast.unparse(a) for a in kept))
    return lines


def run_lines(name: str, kind: str, lang: str) -> list[str]:
    """The lines that draw the figure in ``lang`` and save it in the current folder."""
    if kind == "gif":
        return [
            f'with style.drawing("{lang}"):',
            f'    scene = {name}("{lang}")',
            f'    Path("{name}.gif").write_bytes(anim.render_gif(scene))',
        ]
    return [
        f'with style.drawing("{lang}"):',
        f'    fig = {name}("{lang}")',
        f'    fig.savefig("{name}.png")',
    ]


def decorator_names(function: types.FunctionType) -> set[str]:
    """The names its listed decorators use (``cache`` for ``@cache``)."""
    tree = ast.parse(source_of(function)).body[0]
    return {n.id for d in tree.decorator_list for n in ast.walk(d) if isinstance(n, ast.Name)}


def merged(lines: list[str]) -> list[str]:
    """Import lines with one ``from`` line per module (names joined and sorted), sorted by
    module within their group, plain ``import`` lines first."""
    plain, names = set(), {}
    for line in lines:
        if line.startswith("import "):
            plain.add(line)
        else:
            module, _, imported = line[len("from ") :].partition(" import ")
            names.setdefault(module, set()).update(n.strip() for n in imported.split(","))
    froms = [f"from {m} import {', '.join(sorted(n))}" for m, n in sorted(names.items())]
    return sorted(plain) + froms


def figure_listing(name: str, lang: str) -> str:
    """The runnable code behind figure ``name`` in ``lang``."""
    if name not in FIGURES:
        raise ValueError(f"unknown figure {name!r}; known figures: {', '.join(FIGURES)}")
    check_lang(lang)
    spec = FIGURES[name]
    draw = spec.draw
    functions = [*helpers(draw), draw]
    defined = {f.__name__ for f in functions}
    used = set().union(*(names_used(f.__code__) | decorator_names(f) for f in functions))
    used = (used | {"style"}) - defined
    head = []
    for module in dict.fromkeys(sys.modules[f.__module__] for f in functions):
        head += imports(module, used)
    needed = {"style"} | ({"anim"} if spec.kind == "gif" else set())
    bound = {line.split(" import ")[1] for line in head if line.startswith(f"from {PACKAGE} ")}
    for extra in sorted(needed - {n.strip() for b in bound for n in b.split(",")}):
        head.append(f"from {PACKAGE} import {extra}")
    if spec.kind == "gif":
        head.append("from pathlib import Path")
    groups = [merged([line for line in head if import_group(line) == g]) for g in range(3)]
    bodies = [source_of(f) for f in functions]
    imports_text = "\n\n".join("\n".join(group) for group in groups if group)
    return "\n\n\n".join([imports_text, *bodies, "\n".join(run_lines(name, spec.kind, lang))])


def details(name: str, lang: str) -> str:
    """A collapsed "Show code" under the figure, in the page's language (MyST Markdown)."""
    words = PAGE_WORDS[check_lang(lang)]
    path = Path(inspect.getsourcefile(FIGURES[name].draw)).resolve().relative_to(ROOT)
    address = repository_address()
    if address:
        intro = words["code_intro_at"].format(path=path.as_posix(), address=address)
    else:
        intro = words["code_intro"].format(path=path.as_posix())
    return "\n".join(
        [
            '<details class="ml4a-code">',
            f"<summary>{html.escape(words['code_summary'])}</summary>",
            "",
            intro,
            "",
            "```python",
            figure_listing(name, lang),
            "```",
            "",
            "</details>",
            "",
        ]
    )
