"""Fenced blocks of a MyST page (```` ``` ````, ``~~~`` and ``:::`` fences), read as MyST does.

A fence opens with three or more backticks, tildes or colons and closes at the next line
holding only the same character, at least as many times; everything between is the block's
body, so fences inside it (shorter ones, or of another character) are part of the body. An
unclosed fence runs to the end of the file: legal Markdown, but in this book always a
mistake that would swallow the rest of the page into one block, so the build checks for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = re.compile(r"^[ \t]*(?P<mark>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
CELL_OPTION = re.compile(r"^:[\w-]+:")


@dataclass(frozen=True)
class Fence:
    """One top-level fenced block: where it opens (1-based), its marker, info and body."""

    line: int
    mark: str
    info: str
    body: tuple[str, ...]
    closed: bool

    @property
    def is_code_cell(self) -> bool:
        """True for a ```` ```{code-cell} ```` block, which the build executes."""
        return self.info.startswith("{code-cell}")

    @property
    def code(self) -> str:
        """The body without a code cell's options (``:tags: ...`` lines or a ``---`` block)."""
        body = list(self.body)
        if body and body[0].strip() == "---" and "---" in (line.strip() for line in body[1:]):
            body = body[[line.strip() for line in body].index("---", 1) + 1 :]
        else:
            while body and CELL_OPTION.match(body[0]):
                body.pop(0)
        return "\n".join(body).strip("\n")


def fences(text: str) -> list[Fence]:
    """The top-level fenced blocks of ``text`` in order."""
    lines = text.splitlines()
    found, i = [], 0
    while i < len(lines):
        match = OPENING.match(lines[i])
        if not match or (match["mark"][0] == "`" and "`" in match["info"]):
            i += 1  # not a fence (a backtick fence's info may not contain a backtick)
            continue
        mark, end = match["mark"], i + 1
        while end < len(lines) and not _closes(lines[end], mark):
            end += 1
        closed = end < len(lines)
        found.append(Fence(i + 1, mark, match["info"].strip(), tuple(lines[i + 1 : end]), closed))
        i = end + 1
    return found


def _closes(line: str, mark: str) -> bool:
    """True when ``line`` closes a fence opened by ``mark``."""
    stripped = line.strip()
    return len(stripped) >= len(mark) and set(stripped) == {mark[0]}


def problem(text: str) -> tuple[int, str] | None:
    """The first fence that swallows text it should not, as (line where it opens, message).

    That is a fence never closed, or a code cell whose body holds the opening line of another
    block (its own closing line is missing, so the next block's closing line closes it).
    """
    for fence in fences(text):
        opening = f"{fence.mark}{fence.info.split()[0] if fence.info else ''}"
        if not fence.closed:
            return fence.line, f"the {opening} opened here is never closed: add a line {fence.mark}"
        if fence.is_code_cell:
            for offset, line in enumerate(fence.body, start=1):
                match = OPENING.match(line)
                if match and match["info"].strip():
                    return fence.line, (
                        f"the {opening} opened here runs into the block at line "
                        f"{fence.line + offset}: add a line {fence.mark} where it ends"
                    )
    return None


def code_cells(text: str) -> list[Fence]:
    """The ```` ```{code-cell} ```` blocks of ``text`` in order."""
    return [fence for fence in fences(text) if fence.is_code_cell]
