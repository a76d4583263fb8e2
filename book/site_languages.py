"""The two languages of the book: `<html lang>`, links between counterparts, Korean labels.

Pages live in `chapters/en/` and `chapters/ko/` under the same file names. Every chapter page
gets a link to its counterpart, Korean pages declare `lang="ko"`, figures are numbered
"page.n" in both languages, and the labels that the theme and MyST-NB write in the site's
language (English) are put into Korean on the Korean pages.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

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
    app.connect("env-get-updated", renumber_figures, priority=900)
    app.connect("html-page-context", language_context)
    app.connect("build-finished", korean_labels)
