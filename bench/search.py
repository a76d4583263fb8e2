"""Search as readers type it: recall and precision of each book's search on word forms drawn
from its own pages.

The reference is each built page's article text (read with an HTML parser, the code a figure's
"Show code" fetches included). The queries are the book's terms as a Korean reader types them:
the term as the page writes it, with a particle attached (the one that agrees with its last
syllable), without the space inside a compound (경사하강법 for 경사 하강법), and the Latin names
of the optimizers and losses with a particle (Adam을). A query should find exactly the pages
whose text holds the term (a compound with or without its inner space, a Latin name in any
case). Recall is the share of those (query, page) pairs that the search finds; precision, the
share of the pages it finds that hold the term. `tests/test_search.py` holds the targets
(recall ≥ 0.95, precision ≥ 0.9); `make bench` reports both, for the site served over HTTP and
opened from `file://`.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from contents import CHAPTERS, LANGUAGES

from .report import Row, Target

HANGUL = re.compile("[\uac00-\ud7a3]+")
GENERATED = ("search", "genindex")
# The chapter's terms (as the pages write them) and the Latin names its pages use.
TERMS = (
    "경사 하강법", "학습률", "역전파", "과적합", "정규화", "손실 함수", "미니배치", "모멘텀",
    "가중치", "편향", "검증 세트", "드롭아웃", "안장점", "순전파", "역방향 계산", "최소제곱법",
    "교차 엔트로피", "지역 최솟값", "전역 최솟값", "그래디언트", "신경망", "옵티마이저", "에포크",
    "매개변수", "하이퍼파라미터", "기울기", "절편", "등고선", "활성화 함수", "학습 곡선",
    "평균 제곱 오차", "테스트 세트", "훈련 세트", "조기 종료", "선형 회귀", "손실", "볼록",
    "확률적 경사 하강법", "배치", "학습", "훈련", "네스테로프", "적응형", "헤세 행렬", "연쇄 법칙",
    "편미분", "차원의 저주", "데이터", "은닉층", "출력층", "뉴런", "다항식", "벌점",
)  # fmt: skip
LATIN = ("Adam", "RMSprop", "AdaGrad", "AdaDelta", "SGD", "MSE", "numpy", "PyTorch", "Nesterov")
# Particles after a word that ends in a consonant and after one that ends in a vowel.
PARTICLES = (("을", "를"), ("이", "가"), ("은", "는"), ("으로", "로"), ("과", "와"), ("의", "의"))
PARTICLES += (("에서", "에서"), ("에", "에"), ("도", "도"))


def ends_in_consonant(word: str) -> bool:
    """Whether a Hangul word's last syllable has a final consonant."""
    return (ord(word[-1]) - 0xAC00) % 28 != 0


def with_particle(word: str, pair: tuple[str, str]) -> str:
    """`word` with the form of a particle that agrees with it (로 after ㄹ too)."""
    after_consonant, after_vowel = pair
    rieul = (ord(word[-1]) - 0xAC00) % 28 == 8
    if after_consonant == "으로" and rieul:
        return word + after_vowel
    return word + (after_consonant if ends_in_consonant(word) else after_vowel)


class ArticleText(HTMLParser):
    """The text of a page's article, without the furniture around its words: the language
    switch, heading marks, the code toggles' labels and KaTeX's MathML copy of each formula.
    (The "Show code" under a figure is the page's own text, its code included: the page fetches
    it when the reader opens it.)"""

    SKIP_TAGS = {"script", "style", "summary"}
    SKIP_CLASSES = {"ml4a-lang-switch", "ml4a-behind", "headerlink", "katex-mathml"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, page: str, listing) -> None:
        super().__init__(convert_charrefs=True)
        self.listing_code = listing
        self.open: list[bool] = []  # inside the article: for each open element, skipped or not
        self.skipping = 0
        self.listing = False  # the last tag opened a figure's code listing
        self.parts: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        if "ml4a-listing" in classes and self.open and not self.skipping:
            code = re.sub(r"<[^>]*>", "", self.listing_code(dict(attrs)["data-key"]))
            self.parts.append(html.unescape(code))
        if not self.open:
            if tag == "article" and "bd-article" in classes:
                self.open.append(False)
            return
        skip = tag in self.SKIP_TAGS or bool(classes & self.SKIP_CLASSES)
        if tag == "summary" and self.listing:
            skip = False
        self.listing = tag == "details" and "ml4a-code" in classes
        self.open.append(skip)
        self.skipping += skip

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.open:
            self.skipping -= self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and not self.skipping:
            self.parts.append(data)


def listing_block(book: Path, key: str) -> str:
    """The highlighted code that a figure's "Show code" script hands to the page."""
    text = (book / "_static" / "listings" / f"{key}.js").read_text(encoding="utf-8")
    head = f'ml4aListing("{key}", '
    if not (text.startswith(head) and text.endswith(");\n")):
        raise ValueError(f"listing script {key}.js is not a single ml4aListing call")
    return json.loads(text[len(head) : -len(");\n")])


@cache
def page_texts(site: Path, lang: str) -> dict[str, str]:
    """Each searchable page of a language's book, its article's text, by Sphinx docname."""
    book = site / CHAPTERS / lang
    texts = {}
    for path in sorted(book.glob("*.html")):
        if path.stem not in GENERATED:
            page = path.read_text(encoding="utf-8")
            parser = ArticleText(page, lambda key, book=book: listing_block(book, key))
            texts[path.stem] = "".join(parser.parts)
    return texts


def joined(text: str) -> str:
    """A text with the spaces between Hangul words taken out (경사 하강법 -> 경사하강법)."""
    return re.sub("(?<=[\uac00-\ud7a3]) +(?=[\uac00-\ud7a3])", "", text)


def pages_holding(site: Path, lang: str, term: str) -> list[str]:
    """The pages whose text holds a term: Hangul with or without the spaces inside it, Latin
    as a word in any case."""
    found = []
    for docname, text in page_texts(site, lang).items():
        if HANGUL.search(term):
            holds = joined(term) in joined(text)
        else:
            holds = re.search(rf"\b{re.escape(term)}\b", text, re.IGNORECASE) is not None
        if holds:
            found.append(docname)
    return sorted(found)


def reader_queries(site: Path, lang: str) -> dict[str, list[str]]:
    """{query as a reader types it: the pages it should find}, for the terms of a language's
    book that its pages hold."""
    queries: dict[str, list[str]] = {}
    for term in TERMS:
        expected = pages_holding(site, lang, term)
        if not expected:
            continue
        forms = {term, joined(term)}
        forms |= {with_particle(form, pair) for form in (term, joined(term)) for pair in PARTICLES}
        for form in forms:
            queries[form] = expected
    for term in LATIN:
        expected = pages_holding(site, lang, term)
        if expected:
            for form in (term, term.lower(), *(term + pair[0] for pair in PARTICLES)):
                queries[form] = expected
    return queries


SEARCH_IN_PAGE = """words => Object.fromEntries(words.map(word => {
    const found = Search._performSearch(...Search._parseQuery(word));
    return [word, [...new Set(found.map(result => result[0]))].sort()];
}))"""


def search_in(page, queries: list[str]) -> dict[str, list[str]]:
    """What a book's search page (its index loaded) finds for each query: docnames."""
    page.wait_for_function("() => Search.hasIndex()", timeout=15_000)
    return page.evaluate(SEARCH_IN_PAGE, queries)


def recall_precision(
    found: dict[str, list[str]], expected: dict[str, list[str]]
) -> tuple[float, float]:
    """Recall and precision over all (query, page) pairs."""
    hits = sum(len(set(found[q]) & set(pages)) for q, pages in expected.items())
    wanted = sum(len(pages) for pages in expected.values())
    given = sum(len(set(found[q])) for q in expected)
    return hits / wanted, (hits / given if given else 1.0)


def hangul_books() -> list[str]:
    """The books whose search splits Hangul (the languages that declare `search: hangul`)."""
    return [code for code, language in LANGUAGES.items() if language.search == "hangul"]


def measure(site: Path, url: str, browser) -> list[Row]:
    """Recall and precision of each Hangul book's search on its readers' queries, on the site
    at `url` (served, or a file:// address) in `browser`."""
    rows = []
    where = "served" if url.startswith("http") else "file"
    for lang in hangul_books():
        expected = reader_queries(site, lang)
        page = browser.new_page()
        try:
            page.goto(f"{url}{CHAPTERS}/{lang}/search.html")
            found = search_in(page, list(expected))
        finally:
            page.close()
        recall, precision = recall_precision(found, expected)
        rows += [
            Row(f"search.{lang}_{where}_queries", "", len(expected)),
            Row(
                f"search.{lang}_{where}_recall",
                f"search ({lang}, {where}): recall on {len(expected)} reader queries",
                recall,
                "",
                Target(">=", 0.95),
            ),
            Row(
                f"search.{lang}_{where}_precision",
                f"search ({lang}, {where}): precision",
                precision,
                "",
                Target(">=", 0.9),
            ),
        ]
    return rows


def measure_site(site: Path) -> list[Row]:
    """Recall and precision of every Hangul book's search, served over HTTP and from
    `file://` (the site opened from disk, as an offline reader does)."""
    from playwright.sync_api import sync_playwright

    from book.chromium import ARGS
    from book.chromium import EXECUTABLE as CHROMIUM

    from .pages import serve

    rows: list[Row] = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for url in (base, site.as_uri() + "/"):
                rows += measure(site, url, browser)
        finally:
            browser.close()
    return rows
