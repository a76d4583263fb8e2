"""What the site says around the chapter in each of its languages, declared once.

One entry per language of `_toc.yml` (`contents.LANGS`): the language's own name (the PDF
menu, the PDF's title page), how a figure's number is labelled, the link that leads a reader
of another language to this one, and the PDF title page's words. The words the book's code
writes inside the chapter are in `words/<lang>.py`; the theme's and MyST-NB's labels in Korean
are `site_languages.KOREAN_LABELS`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """The site's words for one language."""

    name: str  # the language's own name
    figure: str  # before a figure's number ("Fig. 2.1")
    read_here: str  # the link to this language's version of a page, in this language
    pdf_book: str  # the PDF title page's line about the book ({book}: its name)
    pdf_language: str  # "Language", on the title page
    pdf_revision: str  # "Source revision", on the title page


LANGUAGES = {
    "en": Language(
        name="English",
        figure="Fig. ",
        read_here="Read this page in English",
        pdf_book="A chapter of the open book {book}",
        pdf_language="Language",
        pdf_revision="Source revision",
    ),
    "ko": Language(
        name="한국어",
        figure="그림 ",
        read_here="이 페이지를 한국어로 읽기",
        pdf_book="공개 도서 {book}의 한 장",
        pdf_language="언어",
        pdf_revision="소스 리비전",
    ),
}
