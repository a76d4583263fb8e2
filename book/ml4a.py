"""Sphinx extension for the bilingual book: offline formulas, language links, Korean labels.

Loaded by jupyter-book through `sphinx: local_extensions` in `_config.yml`. It

- typesets every formula at build time with KaTeX (`katex_math.py`) and serves KaTeX's style
  sheet and fonts from the site, so that no page asks another machine for anything;
- adds the pause control for animations and the page styles (`book/static/`);
- numbers figures per page, the same in both languages, and marks pages under `chapters/ko/`
  as Korean (`<html lang="ko">`, figure labels "그림");
- puts a link to the same page in the other language at the top of every chapter page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import katex_math
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

HERE = Path(__file__).resolve().parent

LANGS = {"en": "English", "ko": "한국어"}
# What the theme and MyST-NB write in English around every page (the site's language is
# English), in Korean for the Korean pages: visible text and the labels screen readers read.
KOREAN_LABELS = {
    "Show code": "코드 보기",
    "Hide code": "코드 숨기기",
    "Search": "검색",
    "Search this book...": "이 책에서 검색...",
    "Contents": "목차",
    "Skip to main content": "본문으로 건너뛰기",
    "Back to top": "맨 위로",
    "previous": "이전",
    "next": "다음",
    "previous page": "이전 페이지",
    "next page": "다음 페이지",
    "Toggle primary sidebar": "왼쪽 사이드바 열기/닫기",
    "Toggle secondary sidebar": "오른쪽 사이드바 열기/닫기",
    "Download this page": "이 페이지 내려받기",
    "Download source file": "원본 파일 내려받기",
    "Print to PDF": "PDF로 인쇄",
    "Fullscreen mode": "전체 화면",
    "Color mode": "색상 모드",
    "Light": "밝게",
    "Dark": "어둡게",
    "System Settings": "시스템 설정",
    "Link to this heading": "이 제목으로 연결",
    "Link to this image": "이 그림으로 연결",
    "Toggle hidden content": "숨긴 내용 펼치기/접기",
    "Site navigation": "사이트 탐색",
    "On this page": "이 페이지의 내용",
}
LABEL_ATTRIBUTES = ("title", "aria-label", "placeholder", "data-bs-title")
SWITCH_LABEL = {"en": "이 페이지를 한국어로 읽기", "ko": "Read this page in English"}


def page_lang(pagename: str) -> str | None:
    """The language of a page from its path, `chapters/<lang>/...`, or None."""
    parts = pagename.split("/")
    if len(parts) >= 3 and parts[0] == "chapters" and parts[1] in LANGS:
        return parts[1]
    return None


def counterpart(pagename: str) -> str | None:
    """The same page in the other language."""
    lang = page_lang(pagename)
    if lang is None:
        return None
    other = "ko" if lang == "en" else "en"
    return "/".join(["chapters", other, *pagename.split("/")[2:]])


def renumber_figures(app: Sphinx, env) -> list[str]:
    """Number figures "page.n" from the page's file name, the same in both languages.

    Sphinx would count figures across the whole book, so the Korean figures would continue
    the English count; `02_linear_regression.md` has figures 2.1, 2.2, ... in both languages.
    """
    for docname, by_type in env.toc_fignumbers.items():
        if page_lang(docname) is None:
            continue
        digits = re.match(r"\d+", docname.split("/")[-1])
        prefix = (int(digits.group()),) if digits else ()
        for numbers in by_type.values():
            for index, key in enumerate(sorted(numbers, key=numbers.__getitem__), start=1):
                numbers[key] = (*prefix, index)
    return []


def static_files(app: Sphinx) -> None:
    """Serve the book's own files (`book/static/`) and KaTeX's from `_static/`."""
    app.config.html_static_path.extend([str(katex_math.stage_katex(app)), str(HERE / "static")])


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


def language_context(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Set `<html lang>`, Korean figure labels and the link to the other language."""
    lang = page_lang(pagename)
    if lang is None:
        return
    context["language"] = lang
    body = context.get("body", "")
    if lang == "ko":
        for span in ('<span class="caption-number">', '<span class="std std-numref">'):
            body = body.replace(f"{span}Fig. ", f"{span}그림 ")
    other = counterpart(pagename)
    if other in app.env.all_docs:
        other_lang = "ko" if lang == "en" else "en"
        href = app.builder.get_relative_uri(pagename, other)
        link = (
            f'<p class="ml4a-lang-switch"><a href="{href}" hreflang="{other_lang}" '
            f'lang="{other_lang}">{SWITCH_LABEL[lang]}</a></p>\n'
        )
        body = link + body
    context["body"] = body


def theme_options(app: Sphinx, config) -> None:
    """Start in the reader's light/dark preference (the theme logs an error without a mode)."""
    config.html_context = {**config.html_context, "default_mode": "auto"}


ICON_CLASS = re.compile(r'class="([^"]*\b(?:fa-solid|fa-regular|fa-brands|fas|far|fab)\b[^"]*)"')
ICON_GLYPH_RULE = re.compile(r'(?:\.fa-[a-z0-9-]+:(?:before|after),?)+\{content:"[^"]*"\}')
ICON_RUNTIME = r"""/* The theme's icons, only those the site uses: generated by book/ml4a.py from
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


SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)'
    r'"></script>'
)


def search_scripts_on_search_page_only(app: Sphinx, exception: Exception | None) -> None:
    """Load the search index (130 kB) on the search page only.

    The theme loads it on every page for a search-as-you-type box that this book does not
    turn on; its search box sends the reader to the search page, which loads it itself.
    """
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        if page.name == "search.html" or "_static" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        lighter = SEARCH_SCRIPTS.sub("", html)
        if lighter != html:
            page.write_text(lighter, encoding="utf-8")


def korean_labels(app: Sphinx, exception: Exception | None) -> None:
    """Put the theme's and MyST-NB's labels into Korean on the Korean pages.

    They are written by the templates after the page's own content, in the site's language,
    so this replaces them in the finished files: whole text nodes and label attributes only.
    """
    if exception is not None or app.builder.format != "html":
        return
    for page in (Path(app.outdir) / "chapters" / "ko").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        korean = html
        for english, label in KOREAN_LABELS.items():
            korean = re.sub(rf">(\s*){re.escape(english)}(\s*)<", rf">\g<1>{label}\g<2><", korean)
            for attribute in LABEL_ATTRIBUTES:
                korean = korean.replace(f'{attribute}="{english}"', f'{attribute}="{label}"')
        if korean != html:
            page.write_text(korean, encoding="utf-8")


def site_icon(app: Sphinx, exception: Exception | None) -> None:
    """Put the icon at /favicon.ico too, which browsers ask for on pages without an icon link
    (jupyter-book's redirecting root page)."""
    if exception is not None or app.builder.format != "html":
        return
    from PIL import Image

    with Image.open(HERE / "static" / "favicon.png") as icon:
        icon.save(Path(app.outdir) / "favicon.ico", sizes=[(32, 32)])


def setup(app: Sphinx) -> dict:
    """Register the extension's hooks and assets."""
    app.connect("config-inited", theme_options)
    katex_math.setup(app)
    app.connect("builder-inited", static_files)
    app.connect("env-get-updated", renumber_figures, priority=900)
    app.connect("html-page-context", language_context)
    app.connect("html-page-context", drop_unused_assets)
    app.connect("build-finished", slim_icons)
    app.connect("build-finished", slim_icon_styles)
    app.connect("build-finished", site_icon)
    app.connect("build-finished", korean_labels)
    app.connect("build-finished", search_scripts_on_search_page_only)
    app.add_js_file("ml4a.js")
    app.add_css_file("ml4a.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
