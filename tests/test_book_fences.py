"""Fences that swallow the rest of a page are found, with the line where they open."""

from __future__ import annotations

import pytest

from book.sources import fences

CELL = "```{code-cell} ipython3\n:tags: [remove-input]\nx = 1\n```\n"


def lines(*parts: str) -> str:
    """A page made of the given blocks, separated by blank lines."""
    return "\n".join(parts)


def test_a_page_whose_fences_all_close_has_no_problem():
    nested = "````{admonition} Note\n```python\nprint(1)\n```\n````\n"
    colon = ":::{note}\nA note with ```` ``` ```` inline.\n:::\n"
    assert fences.problem(lines("# Title\n", CELL, nested, colon, CELL)) is None


def test_code_cells_and_their_code_without_options():
    text = lines("# T\n", CELL, "```{code-cell} ipython3\n---\ntags: [x]\n---\ny = 2\n```\n")
    cells = fences.code_cells(text)
    assert [(cell.line, cell.code) for cell in cells] == [(3, "x = 1"), (8, "y = 2")]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (lines("# T\n", CELL, "```{code-cell} ipython3\nprint(2)\n"), 8, "never closed"),
        (lines("# T\n", "~~~\ncode\n"), 3, "the ~~~ opened here is never closed"),
        (lines("# T\n", ":::{note}\ntext\n"), 3, "the :::{note} opened here is never closed"),
        # The first cell lacks its closing line: the next cell's closing line closes it.
        (
            lines("# T\n", "```{code-cell} ipython3\nx = 1\n", CELL),
            3,
            "runs into the block at line 6",
        ),
    ],
)
def test_a_fence_that_swallows_the_page_is_found_where_it_opens(text, line, message):
    found = fences.problem(text)
    assert found is not None and found[0] == line and message in found[1]


def test_a_page_that_is_not_utf8_is_named_with_its_line(tmp_path):
    """Before Sphinx reads anything: the file, the line of the bad byte, and what to do."""
    import shutil

    from book.build import run

    root = tmp_path / "book"
    shutil.copytree(run.ROOT / "chapters", root / "chapters")
    for name in ("_toc.yml", "_config.yml"):
        shutil.copy(run.ROOT / name, root / name)
    page = root / "chapters" / "ko" / "02_linear_regression.md"
    page.write_bytes(page.read_bytes().replace(b"\n", b"\n\xff", 1))
    at = page.read_bytes().index(b"\xff")
    assert run.check_pages(root) == [
        f"chapters/ko/02_linear_regression.md:2: not UTF-8 text (invalid start byte at byte {at}); "
        "save the file as UTF-8"
    ]
