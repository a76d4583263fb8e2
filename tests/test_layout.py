"""The code's layout: no circle of imports anywhere, `book/`'s parts depend on one another one
way only, each part says what it is for, and the README's layout names them all.

Imports are read from the source with `ast` (those inside functions too), so a circle that
only a late import hides is found as well.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("book", "figures_src", "pages", "experiments", "lib", "words", "bench")
MODULES = ("contents", "build_lock")
# `book/`'s parts, lowest first: each may import only those before it.
BOOK_LAYERS = ("sources", "extension", "pdf", "build", "serve")


def module_name(path: Path) -> str:
    """The dotted name of a source file (a package's `__init__.py` is the package)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources() -> dict[str, Path]:
    """Every module of the project's packages and top-level modules, by name."""
    found = {name: ROOT / f"{name}.py" for name in MODULES}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "node_modules" not in path.parts:
                found[module_name(path)] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The project's modules that module ``name`` imports, wherever in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    """Who imports whom, among the project's modules."""
    found = sources()
    known = set(found)
    return {name: imports(name, path, known) for name, path in found.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, groups, counter = {}, {}, [], set(), [], [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def test_the_circle_finder_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_circle_of_imports_anywhere():
    edges = graph()
    # A package's __init__ that gathers its modules is not a circle with them.
    for name in edges:
        edges[name] = {t for t in edges[name] if not name.startswith(f"{t}.")}
    assert circles(edges) == []


def layer_of(module: str) -> int | None:
    """The position of a module's part of `book/` in BOOK_LAYERS (None: not in one)."""
    parts = module.split(".")
    if parts[0] != "book" or len(parts) < 2 or parts[1] not in BOOK_LAYERS:
        return None
    return BOOK_LAYERS.index(parts[1])


def test_the_parts_of_book_depend_one_way():
    for name, targets in graph().items():
        mine = layer_of(name)
        if mine is None:
            continue
        for target in targets:
            theirs = layer_of(target)
            if theirs is not None and theirs != mine:
                assert theirs < mine, f"{name} imports {target}: {BOOK_LAYERS} go one way"


@pytest.mark.parametrize("part", BOOK_LAYERS)
def test_each_part_of_book_says_what_it_is_for(part):
    init = ROOT / "book" / part / "__init__.py"
    docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert docstring and len(docstring.split()) >= 25, f"book/{part}: a paragraph on its job"


def test_the_readme_layout_names_every_part_of_book():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    parts = {p.name for p in (ROOT / "book").iterdir() if p.is_dir() and p.name != "node_modules"}
    parts -= {"__pycache__"}
    for part in sorted(parts):
        assert re.search(rf"`book/{part}/`", layout), f"README's layout does not name book/{part}/"
