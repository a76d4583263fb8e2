"""Keeping pages light for readers on phones: only what a page uses is sent.

jupyter-book's theme loads, on every page, assets these pages never use (live code, tabs,
toggles), a 1.5 MB icon script with an icon font, and the whole search index. Here the unused
assets are left out, the icons the pages use are drawn as inline SVG by a 5 kB script made
from the theme's own icon data, the search index is loaded by the search page only (a
template override, `book/templates/layout.html`), and scripts are served minified.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from book.extension import kept, site_listings

# Assets jupyter-book adds to every page that these pages never use: live code (thebe), tabs
# and cards (sphinx-design), admonition toggles (sphinx-togglebutton).
UNUSED_ASSETS = ("thebe", "sphinx-design", "design-tabs", "togglebutton")


def drop_unused_assets(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Keep the pages light: leave out scripts and styles that no page uses."""

    def wanted(asset) -> bool:
        text = f"{asset} {getattr(asset, 'attributes', {}).get('body', '')}".lower()
        return not any(name in text for name in UNUSED_ASSETS)

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if wanted(asset)]
    if "script_files" in context and pagename != "search":  # its own scripts expect them
        context["script_files"] = [deferred(script) for script in context["script_files"]]


# Sphinx's own small scripts stay as Sphinx loads them: scripts that add to them (the Korean
# labels) must run after them and before the page's code reads the labels.
SPHINX_CORE_SCRIPTS = {"documentation_options.js", "doctools.js", "sphinx_highlight.js"}


def deferred(script):
    """A script file loaded without holding up the first paint (run in order after parsing).

    Sphinx and its extensions load their scripts in the page's head, where each one stops the
    page from showing until it has arrived: on a slow phone link, a round trip each.
    """
    from sphinx.builders.html._assets import _JavaScript

    if not isinstance(script, _JavaScript) or not script.filename:
        return script
    if posixpath.basename(str(script.filename)) in SPHINX_CORE_SCRIPTS:
        return script
    if "defer" in script.attributes or "async" in script.attributes:
        return script
    return _JavaScript(
        script.filename, priority=script.priority, **script.attributes, defer="defer"
    )


ICON_CLASS = re.compile(r'class="([^"]*\b(?:fa-solid|fa-regular|fa-brands|fas|far|fab)\b[^"]*)"')


ICON_GLYPH_RULE = re.compile(r'(?:\.fa-[a-z0-9-]+:(?:before|after),?)+\{content:"[^"]*"\}')


ICON_RUNTIME = r"""/* The theme's icons that the site uses, made by book/extension/site_weight.py
from
   the theme's Font Awesome Free (icons CC BY 4.0, https://fontawesome.com/license/free). */
(function () {
  var ICONS = %(icons)s;
  var css = ".svg-inline--fa{display:inline-block;height:1em;overflow:visible;" +
    "vertical-align:-.125em}.fa-lg{font-size:1.25em;line-height:.05em;vertical-align:-.075em}";
  var style = document.createElement("style");
  style.textContent = css;
  document.head.appendChild(style);
  function draw(el) {
    var name = el.className.split(/\s+/).map(function (c) { return c.slice(3); })
      .filter(function (n) { return ICONS[n]; })[0];
    if (!name) return;
    var icon = ICONS[name], ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg"), path = document.createElementNS(ns, "path");
    for (var i = 0; i < el.attributes.length; i++) {
      svg.setAttribute(el.attributes[i].name, el.attributes[i].value);
    }
    svg.setAttribute("class", el.className + " svg-inline--fa");
    svg.setAttribute("viewBox", "0 0 " + icon[0] + " " + icon[1]);
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", icon[2]);
    svg.appendChild(path);
    el.replaceWith(svg);
  }
  function drawAll() {
    document.querySelectorAll("i[class*='fa-'], span[class*='fa-']").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
"""


def slim_icons(app: Sphinx, exception: Exception | None) -> None:
    """Replace the theme's 1.5 MB Font Awesome script by the few solid icons the pages use."""
    if exception is not None or app.builder.format != "html":
        return
    script = Path(app.outdir) / "_static" / "scripts" / "fontawesome.js"
    if not script.is_file():
        return
    source = script.read_text(encoding="utf-8")
    if "ICONS" in source[:400]:
        return  # already slimmed (an incremental build that did not copy the theme again)
    end = source.find('d("fas",p)')
    start = source.rfind("var p={", 0, end)
    if end < 0 or start < 0:
        raise ExtensionError(f"cannot find the solid icons in {script}; did the theme change?")
    solid = source[start:end]
    names = set()
    for page in Path(app.outdir).rglob("*.html"):
        for classes in ICON_CLASS.findall(page.read_text(encoding="utf-8")):
            names.update(c[3:] for c in classes.split() if c.startswith("fa-"))
    icons = {}
    for name in sorted(names):
        key = f'"{name}"' if "-" in name or name[0].isdigit() else f'(?:"{name}"|{name})'
        entry = rf'(?<![\w"-]){key}:\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","(M[^"]+)"\]'
        match = re.search(entry, solid)
        if match:
            icons[name] = [int(match.group(1)), int(match.group(2)), match.group(3)]
    missing = names - set(icons) - {"solid", "regular", "brands", "lg", "fw", "sm", "xs"}
    if missing:
        raise ExtensionError(f"icons not found in the theme's Font Awesome: {sorted(missing)}")
    runtime = ICON_RUNTIME % {"icons": json.dumps(icons, separators=(",", ":"), sort_keys=True)}
    script.write_text(runtime, encoding="utf-8")


def slim_icon_styles(app: Sphinx, exception: Exception | None) -> None:
    """Drop the style sheet's 1,900 icon-glyph rules: the icons are drawn as SVG instead."""
    styles = Path(app.outdir) / "_static" / "styles" / "pydata-sphinx-theme.css"
    if exception is None and app.builder.format == "html" and styles.is_file():
        css = styles.read_text(encoding="utf-8")
        styles.write_text(ICON_GLYPH_RULE.sub("", css), encoding="utf-8")


HERE = Path(__file__).resolve().parent
BOOK = HERE.parent  # its static files and the pinned Node packages
LINK = re.compile(r"<link\b[^>]*>")
STYLESHEET_HREF = re.compile(r'href="(?:\.\./)*(_static/[^"?]+\.css)')


def stylesheets(outdir: Path) -> list[str]:
    """The site's own style sheets that its pages link, relative to the site's root."""
    sheets = set()
    for page in outdir.rglob("*.html"):
        if "_static" not in page.relative_to(outdir).parts:
            for link in LINK.findall(page.read_text(encoding="utf-8")):
                if 'rel="stylesheet"' in link:
                    sheets.update(STYLESHEET_HREF.findall(link))
    return sorted(sheet for sheet in sheets if (outdir / sheet).is_file())


# A start tag as written: its name, then its attributes up to the `>` that is not inside a
# quoted value. Read with a pattern rather than html.parser (five times slower here): it may also
# find tags inside scripts and comments, which only makes the key change more often.
START_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>""")


def start_tags(html: str) -> set[str]:
    """The distinct start tags of a page or block, with the names of the listings' scripts
    (hashes of their contents, which no style sheet selects on) left out."""
    return {site_listings.SCRIPT_NAME.sub("", tag) for tag in START_TAG.findall(html)}


def purge_key(outdir: Path, sheets: list[str]) -> str:
    """A hash of everything the purge reads but the pages' text: the distinct start tags of
    the pages and of the figures' code listings, the other scripts and the style sheets it
    reads, and the purge's own code and pinned version.

    PurgeCSS reads a page's tags, classes, ids and attributes, never its words, and keeps a
    rule when every name in its selector occurs somewhere in the site: which page, where and
    how often do not matter. A listing is read as the page markup it becomes. So a prose edit,
    or an edit of a figure's code whose markup holds no tag the site has not, leaves the key
    as it was."""
    digest = hashlib.sha256((HERE / "purge_css.js").read_bytes())
    digest.update((BOOK / "package-lock.json").read_bytes())
    tags: set[str] = set()
    for page in outdir.rglob("*.html"):
        if "_static" not in page.relative_to(outdir).parts:
            tags |= start_tags(page.read_text(encoding="utf-8"))
    listings = outdir / site_listings.FOLDER
    for script in listings.glob("*.js"):
        tags |= start_tags(site_listings.listing_block(script.read_text(encoding="utf-8")))
    digest.update("\0".join(sorted(tags)).encode())
    for script in sorted((outdir / "_static").rglob("*.js")):
        if script.parent == listings or script.name.endswith("bootstrap.js"):
            continue  # as purge_css.js reads them
        digest.update(script.relative_to(outdir).as_posix().encode() + script.read_bytes())
    for sheet in sheets:
        digest.update(sheet.encode() + (outdir / sheet).read_bytes())
    return digest.hexdigest()


def purge_unused_css(app: Sphinx, exception: Exception | None) -> None:
    """Drop the style rules that no page can use and minify the rest (PurgeCSS, then csso:
    `book/extension/purge_css.js`).

    The theme's style sheets hold all of Bootstrap and every component the theme offers:
    310 kB that a phone must load before it shows anything. This runs after every other
    change to the pages, and reads the pages and their scripts to know what is used. The
    purged sheets are kept by `purge_key` (`kept.py`): Node runs again (2 s) only when a tag,
    a script or a sheet changed, not after an edit of the words.
    """
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    sheets = stylesheets(outdir)
    key = purge_key(outdir, sheets)
    found = kept.find("purged", key)
    if found is None:
        result = subprocess.run(
            ["node", str(HERE / "purge_css.js"), str(outdir), *sheets],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise ExtensionError(f"purging unused CSS failed: {result.stderr.strip()}")
        made = Path(app.doctreedir).parent / f"purged.{os.getpid()}"
        for sheet in sheets:
            (made / sheet).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(outdir / sheet, made / sheet)
        kept.keep("purged", key, made)
        return
    for sheet in sheets:
        shutil.copyfile(found / sheet, outdir / sheet)


# Scripts that Sphinx and sphinx-copybutton ship as written: those every page loads (18 kB), and
# the search page's search and its language's stemmer and splitter (28 kB).
UNMINIFIED_SCRIPTS = (
    "doctools.js",
    "sphinx_highlight.js",
    "copybutton.js",
    "searchtools.js",
    "language_data.js",
)


def minify_scripts(app: Sphinx, exception: Exception | None) -> None:
    """Serve the book's own scripts (`book/static/`) and the unminified ones that every page
    loads minified (terser, `book/extension/minify_js.js`; copyright and licence comments are kept).

    The explorers' scripts are 52 kB as written, with comments that tie them to `lib`; a
    phone needs 28 kB of them. The sources stay as they are, and the tests run them. This
    runs after the Korean labels are put into sphinx-copybutton's script.
    """
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    scripts = [static / path.relative_to(BOOK / "static") for path in own_scripts()]
    scripts += [static / name for name in UNMINIFIED_SCRIPTS]
    missing = [str(path) for path in scripts if not path.is_file()]
    if missing:
        raise ExtensionError(f"scripts to minify are not in the site: {missing}")
    # Minified copies are kept by a hash of the script and of the minifier (its code and
    # pinned version) (`kept.py`): terser runs only for a script that no build has minified.
    minifier = (HERE / "minify_js.js").read_bytes() + (BOOK / "package-lock.json").read_bytes()
    keys = {
        script: hashlib.sha256(minifier + script.read_bytes()).hexdigest() + ".js"
        for script in scripts
    }
    found = {script: kept.find("minified", keys[script]) for script in scripts}
    to_minify = [script for script in scripts if found[script] is None]
    if to_minify:
        result = subprocess.run(
            ["node", str(HERE / "minify_js.js"), *map(str, to_minify)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise ExtensionError(f"minifying the scripts failed: {result.stderr.strip()}")
        for script in to_minify:  # (copied outside the site, so none is ever published)
            made = Path(app.doctreedir).parent / f"{keys[script]}.{os.getpid()}"
            shutil.copyfile(script, made)
            kept.keep("minified", keys[script], made)
    for script in set(scripts) - set(to_minify):
        shutil.copyfile(found[script], script)


def own_scripts() -> list[Path]:
    """The book's own scripts, as written (`book/static/**/*.js`)."""
    return sorted((BOOK / "static").rglob("*.js"))


SOURCE_MAP_COMMENT = re.compile(r"\n?/[*/][#@] sourceMappingURL=\S+(?: \*/)?")


# What the theme and the extensions copy into `_static` that no page asks for: the theme's
# message catalogs (Sphinx reads them while it builds) and its template macros; and the files
# of the unused assets above. (The icon font stays: printing asks for it.)
UNSERVED = ("locales", "webpack-macros.html", "sbt-webpack-macros.html")


def drop_unserved_files(app: Sphinx, exception: Exception | None) -> None:
    """Leave out of the site the files that no page asks for (0.6 MB in each language's book:
    a reader who saves the site for offline reading carries them for nothing)."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for name in UNSERVED:
        path = static / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    for path in static.iterdir():
        if path.is_file() and any(name in path.name for name in UNUSED_ASSETS):
            path.unlink()


def drop_source_maps(app: Sphinx, exception: Exception | None) -> None:
    """Leave out the theme's source maps (2.8 MB), which no longer match the slimmed files."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for source_map in static.rglob("*.map"):
        source_map.unlink()
    for asset in [*static.rglob("*.js"), *static.rglob("*.css")]:
        text = asset.read_text(encoding="utf-8")
        if "sourceMappingURL" in text:
            asset.write_text(SOURCE_MAP_COMMENT.sub("", text), encoding="utf-8")


def setup(app: Sphinx) -> None:
    """Register the page-weight hooks."""
    app.connect("html-page-context", drop_unused_assets)
    app.connect("build-finished", slim_icons)
    app.connect("build-finished", slim_icon_styles)
    app.connect("build-finished", minify_scripts, priority=800)
    app.connect("build-finished", purge_unused_css, priority=900)
    app.connect("build-finished", drop_source_maps, priority=900)
    app.connect("build-finished", drop_unserved_files, priority=900)
