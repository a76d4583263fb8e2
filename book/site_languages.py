"""The two languages of the book: `<html lang>`, links between counterparts, Korean labels.

Pages live in `chapters/en/` and `chapters/ko/` under the same file names. Every chapter page
gets a link to its counterpart, Korean pages declare `lang="ko"`, figures are numbered
"page.n" in both languages, and the labels that the theme and MyST-NB write in the site's
language (English) are put into Korean on the Korean pages. What JavaScript writes (Sphinx's
search messages, "Hide Search Matches", sphinx-copybutton's tooltips) gets the same labels from
`korean_labels.js`, and the "Show code" toggles are named by their visible label.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

if __package__:  # imported as book.site_languages (the PDF build, tests)
    from .languages import LANGUAGES
else:  # loaded by Sphinx with book/ on the path
    from languages import LANGUAGES

# The languages and their own names (`languages.py` declares what the site says in each).
LANGS = {code: language.name for code, language in LANGUAGES.items()}


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
    "Download or print": "내려받기 또는 인쇄",
    "Download the chapter as PDF": "이 장을 PDF로 내려받기",
    "Print this page": "이 페이지 인쇄",
    "Print": "인쇄",
    "Fullscreen mode": "전체 화면",
    "Color mode": "색상 모드",
    "Light": "밝게",
    "Dark": "어둡게",
    "System Settings": "시스템 설정",
    "Link to this heading": "이 제목으로 연결",
    "Link to this image": "이 그림으로 연결",
    "Site navigation": "사이트 탐색",
    "On this page": "이 페이지의 내용",
    # Written by JavaScript: Sphinx's search page and its highlighting, sphinx-copybutton.
    "Search Results": "검색 결과",
    "Searching": "검색하는 중",
    "Preparing search...": "검색 준비 중…",
    "Search finished, found ${resultCount} page(s) matching the search query.": (
        "검색을 마쳤습니다. 검색어가 모두 들어 있는 페이지 ${resultCount}개를 찾았습니다."
    ),
    "Your search did not match any documents. Please make sure that all words are spelled "
    "correctly and that you've selected enough categories.": (
        "검색어가 모두 들어 있는 페이지가 없습니다. 철자를 확인하거나 검색어를 줄여 보세요."
    ),
    "Hide Search Matches": "검색어 강조 지우기",
    "Copy": "복사",
    "Copy to clipboard": "클립보드에 복사",
    "Copied!": "복사했습니다!",
    "Failed to copy": "복사하지 못했습니다",
}


LABEL_ATTRIBUTES = ("title", "aria-label", "placeholder", "data-bs-title")


# How a figure's number is labelled (Sphinx's `numfig_format` writes the English one).
FIGURE = {code: language.figure for code, language in LANGUAGES.items()}

# On each page, the link to its counterpart, in the counterpart's language.
SWITCH_LABEL = {"en": LANGUAGES["ko"].read_here, "ko": LANGUAGES["en"].read_here}


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
    Sphinx's own numbers are kept aside for `sphinx_figure_numbers`.
    """
    env.ml4a_sphinx_fignumbers = copy.deepcopy(env.toc_fignumbers)
    for docname, by_type in env.toc_fignumbers.items():
        if page_lang(docname) is None:
            continue
        digits = re.match(r"\d+", docname.split("/")[-1])
        prefix = (int(digits.group()),) if digits else ()
        for numbers in by_type.values():
            for index, key in enumerate(sorted(numbers, key=numbers.__getitem__), start=1):
                numbers[key] = (*prefix, index)
    return []


def sphinx_figure_numbers(app: Sphinx, env) -> list[str]:
    """Give Sphinx back its own figure numbers of the last build before it numbers them again.

    Sphinx rewrites every page whose numbers differ from the last build's; compared with the
    "page.n" numbers, every page with a figure would differ, so an incremental build (`make
    serve`) would rewrite them all for an edit of one page. A cold build has none to give back.
    """
    kept = getattr(env, "ml4a_sphinx_fignumbers", None)
    if kept is not None:
        env.toc_fignumbers = copy.deepcopy(kept)
    return []


def korean_figure_references(app: Sphinx, doctree, docname: str) -> None:
    """Write references to figures as "그림 2.1" on the Korean pages, in the doctree itself so
    that the search index holds the words the reader sees."""
    if page_lang(docname) != "ko":
        return
    for ref in doctree.findall(nodes.inline):
        text = ref.astext()
        if "std-numref" in ref["classes"] and text.startswith(FIGURE["en"]):
            ref.children = [nodes.Text(FIGURE["ko"] + text[len(FIGURE["en"]) :])]


def language_context(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Set `<html lang>`, Korean figure labels and the link to the other language."""
    lang = page_lang(pagename)
    if lang is None:
        return
    context["language"] = lang
    body = context.get("body", "")
    if lang == "ko":
        caption = '<span class="caption-number">'
        body = body.replace(f"{caption}{FIGURE['en']}", f"{caption}{FIGURE['ko']}")
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


LABELS_SCRIPT = "korean_labels.js"


def stage_labels_script(app: Sphinx) -> None:
    """Write `korean_labels.js`: the labels for what JavaScript writes (Sphinx's messages,
    through its own translation hook), used on Korean pages and for Korean readers of the
    search page (`site_search.py`)."""
    labels = json.dumps(KOREAN_LABELS, ensure_ascii=False, indent=1)
    script = f"""/* Korean labels (book/site_languages.py, KOREAN_LABELS). */
var KOREAN_LABELS = {labels};
var LABEL_ATTRIBUTES = {json.dumps(LABEL_ATTRIBUTES)};
function useKoreanLabels() {{
  Documentation.addTranslations({{locale: "ko", messages: KOREAN_LABELS, plural_expr: "0"}});
}}
if (document.documentElement.lang === "ko") useKoreanLabels();
"""
    staged = Path(app.outdir).parent / "labels-static"
    staged.mkdir(parents=True, exist_ok=True)
    (staged / LABELS_SCRIPT).write_text(script, encoding="utf-8")
    app.config.html_static_path.append(str(staged))


def labels_script(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Load the Korean labels on the Korean pages and on the (shared) search page."""
    if page_lang(pagename) == "ko" or pagename == "search":
        app.add_js_file(LABELS_SCRIPT, loading_method="defer")


def toggle_names(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Let the "Show code" toggles be named by their visible label ("Show code", "코드 보기"),
    not by MyST-NB's fixed "Toggle hidden content"."""
    if "body" in context:
        context["body"] = context["body"].replace(
            '<summary aria-label="Toggle hidden content">', "<summary>"
        )


COPYBUTTON_ENGLISH = re.compile(r"'en'\s*:\s*\{(.*?)\}", re.S)


def korean_copy_button(app: Sphinx, exception: Exception | None) -> None:
    """Give sphinx-copybutton Korean messages, which it picks by `<html lang>`."""
    script = Path(app.outdir) / "_static" / "copybutton.js"
    if exception is not None or app.builder.format != "html" or not script.is_file():
        return
    source = script.read_text(encoding="utf-8")
    if "'ko':" in source:
        return  # already there (an incremental build that did not copy it again)
    english = COPYBUTTON_ENGLISH.search(source)
    if english is None or "const messages = {\n" not in source:
        raise ExtensionError(
            f"no English messages found in {script}; did sphinx-copybutton change?"
        )
    messages = dict(re.findall(r"'(\w+)'\s*:\s*'([^']*)'", english.group(1)))
    missing = sorted(set(messages.values()) - set(KOREAN_LABELS))
    if missing:
        raise ExtensionError(f"sphinx-copybutton messages with no Korean label: {missing}")
    korean = {key: KOREAN_LABELS[text] for key, text in messages.items()}
    entry = f"  'ko': {json.dumps(korean, ensure_ascii=False)},\n"
    source = source.replace("const messages = {\n", "const messages = {\n" + entry, 1)
    script.write_text(source, encoding="utf-8")


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


def setup(app: Sphinx) -> None:
    """Register the language hooks."""
    app.connect("env-get-updated", sphinx_figure_numbers, priority=100)  # before Sphinx's (500)
    app.connect("env-get-updated", renumber_figures, priority=900)
    app.connect("builder-inited", stage_labels_script)
    app.connect("doctree-resolved", korean_figure_references)
    app.connect("html-page-context", language_context)
    app.connect("html-page-context", toggle_names)
    # Before site_weight's page filter, which replaces the page's list of scripts.
    app.connect("html-page-context", labels_script, priority=400)
    app.connect("build-finished", korean_labels)
    app.connect("build-finished", korean_copy_button)
