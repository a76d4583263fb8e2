"""Each book's style sheets joined into one (`book/build/style_bundle.py`): the same rules in the
same order, every url() still finding its file, one link a page, and a clear error when a book's
pages do not link the same sheets."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from book.build import style_bundle

HEAD = """<!DOCTYPE html><html><head>
    <link href="{up}_static/basic.css" rel="stylesheet" />
    <link rel="stylesheet" type="text/css" href="{up}_static/styles/theme.css?v=1a2b" />
    <link rel="stylesheet" type="text/css" href="{up}_static/katex/katex.min.css?v=3c4d" />
    <link rel="icon" href="{up}_static/favicon.png" />
</head><body><p>Words.</p></body></html>
"""
SHEETS = {
    "_static/basic.css": "ul.search li { background-image: url(file.png); }\n",
    "_static/styles/theme.css": '@charset "UTF-8";\n.a { background: url("../images/logo.svg"); }\n'
    ".b { background: url(data:image/png;base64,AAAA); }\n"
    ".c { background: url('https://example.org/x.png'); }\n",
    "_static/katex/katex.min.css": "@font-face{font-family:KaTeX_Main;"
    "src:url(fonts/KaTeX_Main-Regular.woff2) format('woff2')}\n",
}
FILES = [
    "_static/file.png",
    "_static/images/logo.svg",
    "_static/katex/fonts/KaTeX_Main-Regular.woff2",
]


def small_book(root: Path) -> Path:
    """A book's folder of the assembled site: two pages (one in a subfolder), three sheets."""
    for sheet, css in SHEETS.items():
        (root / sheet).parent.mkdir(parents=True, exist_ok=True)
        (root / sheet).write_text(css, encoding="utf-8")
    for name in FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x")
    (root / "index.html").write_text(HEAD.format(up=""), encoding="utf-8")
    (root / "sub").mkdir()
    (root / "sub" / "page.html").write_text(HEAD.format(up="../"), encoding="utf-8")
    (root / "door.html").write_text("<html><head><style>p{}</style></head></html>")
    return root


def test_the_sheets_are_joined_in_order_and_linked_once_from_every_page(tmp_path):
    book = small_book(tmp_path)
    assert style_bundle.bundle_book(book) == 2
    joined = (book / style_bundle.BUNDLE).read_text(encoding="utf-8")
    assert list(style_bundle.parts(joined)) == list(SHEETS)
    for page, up in (("index.html", ""), ("sub/page.html", "../")):
        html = (book / page).read_text(encoding="utf-8")
        assert style_bundle.linked_sheets(html) == [style_bundle.BUNDLE]
        (link,) = re.findall(r'<link rel="stylesheet"[^>]*>', html)
        assert f'href="{up}{style_bundle.BUNDLE}?v=' in link
        assert 'rel="icon"' in html and "\n\n" not in html.split("<body>")[0]
    assert (book / "door.html").read_text() == "<html><head><style>p{}</style></head></html>"
    for sheet in SHEETS:  # joined, so no page asks for them
        assert not (book / sheet).exists()


def test_every_url_finds_the_same_file_from_the_joined_sheet(tmp_path):
    book = small_book(tmp_path)
    style_bundle.bundle_book(book)
    joined = (book / style_bundle.BUNDLE).read_text(encoding="utf-8")
    targets = [t for _, t in style_bundle.URL.findall(joined)]
    local = [t for t in targets if not re.match(r"^(data|https?):", t)]
    assert sorted(local) == sorted(posixpath.relpath(f, "_static") for f in FILES)
    assert all((book / "_static" / t).is_file() for t in local)
    assert "url(data:image/png;base64,AAAA)" in joined
    assert "url('https://example.org/x.png')" in joined
    assert "@charset" not in joined


def test_the_version_follows_the_contents(tmp_path):
    first = small_book(tmp_path / "a")
    style_bundle.bundle_book(first)
    changed = "ul { margin: 0; }\n"
    second = tmp_path / "b"
    second.mkdir()
    small_book(second)
    (second / "_static/basic.css").write_text(changed)
    style_bundle.bundle_book(second)
    version = re.compile(r"ml4a-styles\.css\?v=(\w+)")
    a = version.search((first / "index.html").read_text()).group(1)
    b = version.search((second / "index.html").read_text()).group(1)
    again = tmp_path / "c"
    again.mkdir()
    small_book(again)
    style_bundle.bundle_book(again)
    assert a != b and a == version.search((again / "index.html").read_text()).group(1)


def test_pages_that_link_other_sheets_are_an_error_naming_both(tmp_path):
    book = small_book(tmp_path)
    other = (book / "sub" / "page.html").read_text().replace("katex/katex.min.css", "extra.css")
    (book / "sub" / "page.html").write_text(other)
    before = {p: p.read_bytes() for p in book.rglob("*") if p.is_file()}
    with pytest.raises(style_bundle.StyleBundleError, match=r"sub/page.html links .*index.html"):
        style_bundle.bundle_book(book)
    assert {p: p.read_bytes() for p in book.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda book: (book / "_static/basic.css").unlink(), "lacks"),
        (
            lambda book: (book / "_static/basic.css").write_text('@import url("more.css");'),
            "imports another sheet",
        ),
    ],
)
def test_a_sheet_that_cannot_be_joined_is_named(tmp_path, change, message):
    book = small_book(tmp_path)
    change(book)
    with pytest.raises(style_bundle.StyleBundleError, match=message):
        style_bundle.bundle_book(book)
    assert not (book / style_bundle.BUNDLE).exists()
