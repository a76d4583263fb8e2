"""The code behind a figure, as a reader can run it: "Show code" under every figure.

A listing is read from the source at build time, so it never drifts from what drew the
figure: the imports it needs (the module's own, made absolute), the functions of the figure's
module that its drawing function uses, directly or through each other (the experiment it
plots, with the calls into `lib`), the drawing function itself, and the lines that draw and
save it. Pasted into a Python session at the repository root, it writes the same figure. The
build machinery (caching, the figure cell, palettes and file names) stays out of it.
"""

from __future__ import annotations

import ast
import html
import inspect
import sys
import textwrap
import types
from pathlib import Path

from .registry import FIGURES

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = __package__

WORDS = {
    "en": {
        "summary": "Show code",
        "intro": "The code that drew this figure, from `{path}`. "
        "Run it at the repository root to get the same figure.",
    },
    "ko": {
        "summary": "코드 보기",
        "intro": "이 그림을 그린 코드입니다(`{path}`). "
        "저장소 최상위 폴더에서 실행하면 같은 그림을 얻습니다.",
    },
}


def names_used(code: types.CodeType) -> set[str]:
    """Global and attribute names used by ``code`` and the functions nested in it."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= names_used(const)
    return names


def helpers(function: types.FunctionType) -> list[types.FunctionType]:
    """The functions of ``function``'s module that it uses, directly or through each other,
    in the order of the source."""
    found: list[types.FunctionType] = []

    def walk(f: types.FunctionType) -> None:
        for name in sorted(names_used(f.__code__)):
            value = f.__globals__.get(name)
            if (
                isinstance(value, types.FunctionType)
                and value.__module__ == function.__module__
                and value is not function
                and value not in found
            ):
                found.append(value)
                walk(value)

    walk(function)
    return sorted(found, key=lambda f: f.__code__.co_firstlineno)


def absolute(module: str | None, level: int, package: str) -> str:
    """The absolute module of a ``from`` import (``.words`` in figures_src: figures_src.words)."""
    if level == 0:
        return module or ""
    base = package.rsplit(".", level - 1)[0] if level > 1 else package
    return f"{base}.{module}" if module else base


def import_group(line: str) -> int:
    """0 for the standard library, 1 for other packages, 2 for the book's own code."""
    root = line.split()[1].partition(".")[0]
    if root in ("lib", PACKAGE):
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


def figure_listing(name: str, lang: str) -> str:
    """The runnable code behind figure ``name`` in ``lang``."""
    if name not in FIGURES:
        raise ValueError(f"unknown figure {name!r}; known figures: {', '.join(FIGURES)}")
    if lang not in WORDS:
        raise ValueError(f"unknown language {lang!r}; expected one of {sorted(WORDS)}")
    spec = FIGURES[name]
    draw = spec.draw
    functions = [*helpers(draw), draw]
    used = set().union(*(names_used(f.__code__) for f in functions)) | {"style"}
    module = sys.modules[draw.__module__]
    head = imports(module, used)
    needed = {"style"} | ({"anim"} if spec.kind == "gif" else set())
    bound = {line.split(" import ")[1] for line in head if line.startswith(f"from {PACKAGE} ")}
    for extra in sorted(needed - {n.strip() for b in bound for n in b.split(",")}):
        head.append(f"from {PACKAGE} import {extra}")
    if spec.kind == "gif":
        head.append("from pathlib import Path")
    groups = [[line for line in head if import_group(line) == g] for g in range(3)]
    bodies = [textwrap.dedent(inspect.getsource(f)).rstrip() for f in functions]
    imports_text = "\n\n".join("\n".join(group) for group in groups if group)
    return "\n\n\n".join([imports_text, *bodies, "\n".join(run_lines(name, spec.kind, lang))])


def details(name: str, lang: str) -> str:
    """A collapsed "Show code" under the figure, in the page's language (MyST Markdown)."""
    words = WORDS[lang]
    path = Path(inspect.getsourcefile(FIGURES[name].draw)).resolve().relative_to(ROOT)
    intro = words["intro"].format(path=path.as_posix())
    return "\n".join(
        [
            '<details class="ml4a-code">',
            f"<summary>{html.escape(words['summary'])}</summary>",
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
