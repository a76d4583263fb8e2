"""The small edits the book benchmark makes in its copy: prose, a comment in a figure's code,
and a change to what a figure draws."""

from __future__ import annotations

import re

SENTENCE = "This sentence was added by the benchmark."
FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,}|\$\$)")
LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s")
PROSE_START = re.compile(r"^[\w*_\[(\"'“]")


def _is_prose(line: str) -> bool:
    """A line that can end a paragraph of text (not a heading, list item, table or HTML)."""
    return bool(PROSE_START.match(line)) and not LIST_ITEM.match(line)


def append_sentence(markdown: str, sentence: str = SENTENCE) -> str:
    """``markdown`` with ``sentence`` added to the end of its last paragraph of prose.

    Lines inside code fences, directives (```` ``` ````, ``:::``) and ``$$`` blocks are skipped,
    as are headings, list items and tables. Raises ValueError if there is no prose at all.
    """
    lines = markdown.split("\n")
    inside: str | None = None
    last = None
    for i, line in enumerate(lines):
        fence = FENCE.match(line)
        if inside is not None:
            if fence and fence.group(1)[0] == inside[0] and len(fence.group(1)) >= len(inside):
                inside = None
            continue
        if fence:
            opener = fence.group(1)
            closes_itself = opener == "$$" and line.strip().endswith("$$") and line.strip() != "$$"
            if not closes_itself:
                inside = opener
            continue
        if _is_prose(line):
            last = i
    if last is None:
        raise ValueError("no paragraph of prose to extend")
    lines[last] = f"{lines[last].rstrip()} {sentence}"
    return "\n".join(lines)


def edit_function_body(source: str, function: str, comment: str = "bench: an edit") -> str:
    """``source`` with a comment line inserted at the top of ``function``'s body.

    The comment goes after the docstring (if any), indented like the body, so only that
    function's source (and so only its figures' keys) changes. Raises ValueError if the
    function is not defined at the top level of ``source``.
    """
    lines = source.split("\n")
    head = next((i for i, s in enumerate(lines) if s.startswith(f"def {function}(")), None)
    if head is None:
        raise ValueError(f"no top-level function {function!r}")
    body = head + 1
    while not lines[body - 1].rstrip().endswith(":"):  # a signature over several lines
        body += 1
    indent = re.match(r"\s*", lines[body]).group(0) or "    "
    first = lines[body].strip()
    for quote in ('"""', "'''"):
        if first.startswith(quote):
            end = body
            if not (len(first) >= 6 and first.endswith(quote)):
                end = next(i for i in range(body + 1, len(lines)) if quote in lines[i])
            body = end + 1
            break
    lines.insert(body, f"{indent}# {comment}")
    return "\n".join(lines)


# A change every figure shows: a small mark in its bottom right corner. (Not a colour of the
# figure's paper: the style saves every figure on its theme's paper, whatever the figure says.)
DRAWING_EDIT = 'fig.text(0.995, 0.005, "+", ha="right", va="bottom")  # bench: a drawing edit'


def edit_drawing(source: str, function: str, statement: str = DRAWING_EDIT) -> str:
    """``source`` with ``statement`` inserted before the last ``return fig`` of ``function``, so
    that the picture it draws changes. Raises ValueError if the function is not defined at the
    top level of ``source`` or does not end with ``return fig``."""
    lines = source.split("\n")
    head = next((i for i, s in enumerate(lines) if s.startswith(f"def {function}(")), None)
    if head is None:
        raise ValueError(f"no top-level function {function!r}")
    end = next(
        (i for i in range(head + 1, len(lines)) if lines[i] and not lines[i][0].isspace()),
        len(lines),
    )
    returns = [i for i in range(head + 1, end) if lines[i].strip() == "return fig"]
    if not returns:
        raise ValueError(f"{function!r} does not end with `return fig`")
    line = lines[returns[-1]]
    lines.insert(returns[-1], f"{line[: len(line) - len(line.lstrip())]}{statement}")
    return "\n".join(lines)
