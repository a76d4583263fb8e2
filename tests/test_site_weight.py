"""The purge of unused CSS is kept by what it reads but the words: a prose edit reuses the
purged sheets, a changed tag, script or sheet purges again (with PurgeCSS itself, in Node); what
is kept is minified, its rules in their order and a licence comment kept."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from book.extension import site_listings, site_weight

PAGE = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="_static/site.css" /></head>
<body><main class="used">{words}</main></body></html>
"""
SHEET = "/*! licence */\n.used { color: black; }\n.unused { color: red; }\nmain { margin: 0 0; }\n"


def small_site(root: Path, words: str = "Some prose.") -> SimpleNamespace:
    """A built book of one page and one sheet, as Sphinx's `app` shows it to the hook."""
    out = root / "html"
    (out / "_static").mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(PAGE.format(words=words), encoding="utf-8")
    (out / "_static" / "site.css").write_text(SHEET, encoding="utf-8")
    (out / "_static" / "page.js").write_text("document.body.dataset.ready = 1;\n")
    return SimpleNamespace(
        outdir=str(out), doctreedir=str(root / ".doctrees"), builder=SimpleNamespace(format="html")
    )


def key(app) -> str:
    out = Path(app.outdir)
    return site_weight.purge_key(out, site_weight.stylesheets(out))


def test_the_key_ignores_words_and_follows_tags_scripts_and_sheets(tmp_path):
    app = small_site(tmp_path)
    first = key(app)
    assert key(small_site(tmp_path, "Other prose, &amp; more of it.")) == first
    assert key(small_site(tmp_path, "<em>Emphasis</em>")) != first  # a new tag
    changed = tmp_path / "html" / "index.html"
    changed.write_text(PAGE.format(words="x").replace('class="used"', 'class="unused"'))
    assert key(app) != first
    small_site(tmp_path)
    (tmp_path / "html" / "_static" / "page.js").write_text("document.body.className = 'x';\n")
    assert key(app) != first
    small_site(tmp_path)
    (tmp_path / "html" / "_static" / "site.css").write_text(SHEET + ".more { margin: 0; }\n")
    assert key(app) != first


def test_a_prose_edit_reuses_the_purged_sheets_and_a_tag_change_purges_again(tmp_path, monkeypatch):
    monkeypatch.setenv("ML4A_BUILD_CACHE", str(tmp_path / "cache"))
    sheet = tmp_path / "html" / "_static" / "site.css"
    app = small_site(tmp_path)
    site_weight.purge_unused_css(app, None)  # PurgeCSS in Node
    purged = sheet.read_text()
    assert purged == "/*! licence */\n.used{color:#000}main{margin:0 0}"

    ran = []
    real_run = subprocess.run

    def counted(command, *args, **kwargs):
        ran.append(command)
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counted)
    app = small_site(tmp_path, "Prose edited.")  # Sphinx writes the full sheet again
    site_weight.purge_unused_css(app, None)
    assert ran == [] and sheet.read_text() == purged

    app = small_site(tmp_path, "x")
    page = tmp_path / "html" / "index.html"
    page.write_text(page.read_text().replace('class="used"', 'class="unused"'))
    site_weight.purge_unused_css(app, None)
    assert len(ran) == 1
    assert ".unused" in sheet.read_text() and ".used" not in sheet.read_text()
    app = small_site(tmp_path, "Back to the first pages.")
    site_weight.purge_unused_css(app, None)
    assert len(ran) == 1 and sheet.read_text() == purged, "the first pages' sheets are kept too"
    assert len(list((tmp_path / "cache" / "purged").iterdir())) == 2


def test_a_failed_purge_names_itself(tmp_path, monkeypatch):
    from sphinx.errors import ExtensionError

    app = small_site(tmp_path)
    (tmp_path / "html" / "_static" / "site.css").write_text("this is { not css")
    monkeypatch.setenv("ML4A_BUILD_CACHE", str(tmp_path / "cache"))
    with pytest.raises(ExtensionError, match="purging unused CSS failed"):
        site_weight.purge_unused_css(app, None)
    assert not list((tmp_path / "cache").rglob("*.css")), "nothing is kept of a failed purge"


def test_files_no_page_asks_for_are_left_out_and_the_rest_kept(tmp_path):
    static = tmp_path / "_static"
    for name in (
        "locales/ko/LC_MESSAGES/booktheme.mo",
        "sbt-webpack-macros.html",
        "webpack-macros.html",
        "sphinx-design.min.css",
        "togglebutton.js",
        "sphinx-thebe.css",
        "vendor/fontawesome/webfonts/fa-solid-900.woff2",
        "ml4a.css",
        "scripts/pydata-sphinx-theme.js",
    ):
        (static / name).parent.mkdir(parents=True, exist_ok=True)
        (static / name).write_text("x")
    app = SimpleNamespace(outdir=str(tmp_path), builder=SimpleNamespace(format="html"))
    site_weight.drop_unserved_files(app, None)
    left = sorted(p.relative_to(static).as_posix() for p in static.rglob("*") if p.is_file())
    assert left == [
        "ml4a.css",
        "scripts/pydata-sphinx-theme.js",
        "vendor/fontawesome/webfonts/fa-solid-900.woff2",  # printing asks for the icon font
    ]
    site_weight.drop_unserved_files(app, RuntimeError("a failed build"))  # leaves it alone


def with_listing(app, code: str) -> None:
    """The small site's page with one figure's code listing (`site_listings`): its slot in
    the page and its script, which holds `code` as highlighted markup."""
    out = Path(app.outdir)
    block = f'<div class="highlight"><pre>{code}</pre></div>'
    name = site_listings.listing_key(block)
    folder = out / site_listings.FOLDER
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / f"{name}.js").write_text(site_listings.listing_script(name, block))
    slot = f'<div class="ml4a-listing" data-key="{name}" data-src="_static/listings/{name}.js">'
    (out / "index.html").write_text(PAGE.format(words=slot + "</div>"), encoding="utf-8")


def test_the_key_ignores_a_listings_name_and_words_and_follows_its_tags(tmp_path):
    """Which tags the site holds, not where or how often: PurgeCSS keeps a rule when its
    selector's names occur anywhere."""
    app = small_site(tmp_path)
    with_listing(app, '<span class="n">fig</span>')
    first = key(app)
    with_listing(app, '<span class="n">ax</span>')
    assert key(app) == first  # other words (and so another name), the same tags
    with_listing(app, '<span class="n">ax</span>\n<span class="n">fig</span>')
    assert key(app) == first  # a line more, of tags the site has
    with_listing(app, '<span class="n">ax</span><span class="s2">"x"</span>')
    assert key(app) != first  # a tag the site did not have


def test_a_listing_keeps_the_rules_its_markup_uses_not_its_words(tmp_path, monkeypatch):
    monkeypatch.setenv("ML4A_BUILD_CACHE", str(tmp_path / "cache"))
    sheet = tmp_path / "html" / "_static" / "site.css"
    app = small_site(tmp_path)
    with_listing(app, '<span class="n">unused</span>')  # the word only: the rule goes
    site_weight.purge_unused_css(app, None)
    assert ".unused" not in sheet.read_text() and ".used" in sheet.read_text()
    app = small_site(tmp_path)
    with_listing(app, '<span class="unused">x</span>')  # the class: the rule stays
    site_weight.purge_unused_css(app, None)
    assert ".unused{color:red}" in sheet.read_text()


class ParsedStartTags(HTMLParser):
    """Python's HTML parser's start tags, as written: the reference for `start_tags`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.add(self.get_starttag_text())

    handle_startendtag = handle_starttag


def parsed_start_tags(html: str) -> set[str]:
    parser = ParsedStartTags()
    parser.feed(html)
    parser.close()
    return parser.tags


TRICKY = """<!DOCTYPE html><HTML lang="en"><body>
<a title="a > b" href='x>y'>x</a><img src="i.png" alt="1 < 2"/><br/>
<div
  class="multi line">text with a < sign and x<y</div><!-- a comment -->
<input disabled><p data-x=unquoted>z</p>
</body></HTML>"""


def test_start_tags_finds_every_tag_that_an_html_parser_finds():
    """The key's pattern against html.parser: quoted `>`, line breaks, unquoted and empty
    attributes, a tag closed by `/>`; and on every built page of the site."""
    assert parsed_start_tags(TRICKY) <= site_weight.start_tags(TRICKY)
    assert "<a title=\"a > b\" href='x>y'>" in site_weight.start_tags(TRICKY)
    site = Path(__file__).resolve().parent.parent / "_build" / "html"
    pages = sorted(site.glob("chapters/*/*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        names = {site_listings.SCRIPT_NAME.sub("", tag) for tag in parsed_start_tags(html)}
        assert names <= site_weight.start_tags(html), page
