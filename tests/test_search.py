"""Search on the built site, in both languages (book/site_search.py, book/static/search_page.js).

The reference is what each built page says (its article's text, read here with an HTML parser)
and the Korean words are taken from chapters/ko/*.md: for every word, the pages the search page
returns must be exactly the pages whose text contains it, with or without a particle after it.
English keeps Sphinx's stemming; snippets start at the match; a Korean reader gets Korean labels
on the search page, on "Hide Search Matches", on the copy buttons and the code toggles.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
import snowballstemmer

from book.site_languages import KOREAN_LABELS, LABEL_ATTRIBUTES, SWITCH_LABEL
from book.site_search import LONGEST, query_terms
from tests.conftest import listing_block

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
HANGUL = re.compile("[\uac00-\ud7a3]+")


# Endings that follow a Korean noun (particles and the copula), longest first: a word seen with
# one of them is a noun the reader may search for.
PARTICLES = sorted(
    "에서는 으로는 에서 에게 으로 까지 부터 보다 처럼 만큼 이나 이며 이고 이라는 라는 입니다 "
    "이다 은 는 이 가 을 를 의 에 로 와 과 도 만".split(),
    key=len,
    reverse=True,
)


class ArticleText(HTMLParser):
    """The text of a page's article, without the furniture around its words: the language
    link, heading marks, the code toggles' labels and KaTeX's MathML copy of each formula.
    (The "Show code" under a figure is the page's own text, `details.ml4a-code`, its code
    included: the page fetches it when the reader opens it, see book/site_listings.py.)"""

    SKIP_TAGS = {"script", "style", "summary"}
    SKIP_CLASSES = {"ml4a-lang-switch", "headerlink", "katex-mathml"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[bool] = []  # inside the article: for each open element, skipped or not
        self.skipping = 0
        self.listing = False  # the last tag opened a figure's code listing
        self.parts: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        if "ml4a-listing" in classes and self.open and not self.skipping:
            # The code the listing's script puts here once the reader opens "Show code".
            code = re.sub(r"<[^>]*>", "", listing_block(dict(attrs)["data-key"]))
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


@cache
def page_texts() -> dict[str, str]:
    """Each searchable page's article text, by Sphinx docname."""
    if not (SITE / "searchindex.js").exists():
        pytest.fail("the site is not built: run `make book` (make test does)")
    texts = {}
    for path in sorted(SITE.glob("chapters/**/*.html")):
        docname = path.relative_to(SITE).with_suffix("").as_posix()
        texts[docname] = "".join(ArticleText(path.read_text(encoding="utf-8")).parts)
    return texts


def pages_containing(word: str) -> list[str]:
    """The pages whose text contains `word` (any case)."""
    return sorted(d for d, text in page_texts().items() if word.lower() in text.lower())


def prose(markdown: str) -> str:
    """A chapter's words: no front matter, code cells, formulas or roles."""
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    for pattern in (r"```.*?```", r"\$\$.*?\$\$", r"\$[^$\n]*\$", r"\{\w+\}`[^`]*`"):
        markdown = re.sub(pattern, " ", markdown, flags=re.S)
    return markdown


@cache
def korean_words() -> list[str]:
    """Every word of two or more syllables that the Korean chapters use with a particle
    attached, the particle taken off, most widespread first."""
    texts = [prose(md.read_text(encoding="utf-8")) for md in sorted(ROOT.glob("chapters/ko/*.md"))]
    seen = Counter()
    for text in texts:
        for run in HANGUL.findall(text):
            particle = next((p for p in PARTICLES if run.endswith(p)), "")
            if particle and len(run) - len(particle) >= 2:
                seen[run[: -len(particle)]] += 1
    spread = {word: sum(word in text for text in texts) for word in seen}
    return sorted(seen, key=lambda word: (-spread[word], -seen[word], word))


def search_index() -> dict:
    """The site's search index."""
    text = (SITE / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(re.sub(r"^Search\.setIndex\((.*)\)\s*$", r"\1", text, flags=re.S))


def english_stem(word: str) -> str:
    """Sphinx's English stem of a word (the Porter stemmer)."""
    return snowballstemmer.stemmer("porter").stemWord(word.lower())


def pages_with_stem(word: str) -> list[str]:
    """The pages with a word (letters, digits, underscores) whose English stem is that of `word`."""
    stem = english_stem(word)
    return sorted(
        d
        for d, text in page_texts().items()
        if any(english_stem(w) == stem for w in re.findall(r"\w+", text, flags=re.ASCII))
    )


# Without a browser: the word list, and the index against the pages' text.


def test_korean_words_come_from_the_chapters_and_include_the_words_readers_missed():
    words = korean_words()
    assert len(words) > 300, f"only {len(words)} Korean words found in chapters/ko"
    # The words the issue reports as missed must be among those the extraction finds.
    assert {"학습", "손실", "가중치", "학습률", "모멘텀", "훈련"} <= set(words)
    assert all(pages_containing(word) for word in words)


def test_index_holds_exactly_the_hangul_ngrams_of_each_page():
    index = search_index()
    keys_of = {d: set() for d in index["docnames"]}
    for table in ("terms", "titleterms"):
        for key, docs in index[table].items():
            if key.startswith("(") and key.endswith(")"):
                for doc in docs if isinstance(docs, list) else [docs]:
                    keys_of[index["docnames"][doc]].add(key[1:-1])
    for docname, text in page_texts().items():
        ngrams = {
            run[i : i + n]
            for run in HANGUL.findall(text)
            for n in range(1, LONGEST + 1)
            for i in range(len(run) - n + 1)
        }
        assert keys_of[docname] == ngrams, (
            f"{docname}: not indexed {sorted(ngrams - keys_of[docname])[:10]}, "
            f"indexed but not on the page {sorted(keys_of[docname] - ngrams)[:10]}"
        )


def test_english_words_keep_their_stems_in_the_index():
    terms = search_index()["terms"]
    for word in ("gradients", "descending", "momentum", "learning"):
        assert english_stem(word) in terms, f"{word!r} is not indexed by its stem"
    assert "학습률을" not in terms, "Korean words are still indexed whole"


def test_search_page_loads_korean_and_search_scripts_and_korean_forms_ask_for_korean():
    search = (SITE / "search.html").read_text(encoding="utf-8")
    assert "_static/korean_labels.js" in search and "_static/search_page.js" in search
    for path in sorted(SITE.glob("chapters/*/*.html")):
        html = path.read_text(encoding="utf-8")
        assert 'aria-label="Toggle hidden content"' not in html, path
        forms = re.findall(r'<form class="bd-search.*?</form>', html, flags=re.S)
        assert forms, f"{path} has no search box"
        asks_korean = ['name="lang" value="ko"' in form for form in forms]
        assert all(asks_korean) if path.parent.name == "ko" else not any(asks_korean), path


# In the browser: the search page as readers use it.


def open_search(visit, query: str = "", lang: str | None = None):
    """The search page for `query`, with its index loaded (and its results, if any)."""
    url = f"search.html?q={quote(query)}" + (f"&lang={lang}" if lang else "")
    v = visit(url)
    v.page.wait_for_function("() => Search.hasIndex()", timeout=15_000)
    if query:
        finished(v.page)
    return v


def finished(page) -> None:
    """Wait until the search page has listed every result with its snippet."""
    page.wait_for_function(
        """() => {
            const status = document.querySelector('#search-results p.search-summary');
            const items = [...document.querySelectorAll('#search-results li')];
            return status && status.textContent && items.every(li => li.querySelector('p.context'));
        }""",
        timeout=15_000,
    )


def listed_pages(page) -> list[str]:
    """The pages the search page lists, as docnames."""
    links = page.eval_on_selector_all(
        "#search-results ul.search li > a", "els => els.map(e => e.getAttribute('href'))"
    )
    return sorted({re.sub(r"\.html(#.*)?$", "", link) for link in links})


SEARCH_IN_PAGE = """words => Object.fromEntries(words.map(word => {
    const found = Search._performSearch(...Search._parseQuery(word));
    return [word, [...new Set(found.map(result => result[0]))].sort()];
}))"""


@pytest.mark.browser
def test_every_korean_word_finds_exactly_the_pages_that_contain_it(visit):
    v = open_search(visit)
    words = korean_words()
    found = v.page.evaluate(SEARCH_IN_PAGE, words)
    wrong = {
        word: {
            "missed": sorted(set(expected) - set(found[word])),
            "extra": sorted(set(found[word]) - set(expected)),
        }
        for word in words
        if found[word] != (expected := pages_containing(word))
    }
    assert not wrong, f"{len(wrong)} of {len(words)} words: {dict(list(wrong.items())[:5])}"


@pytest.mark.browser
def test_the_browser_splits_queries_as_the_index_was_split(visit):
    v = open_search(visit)
    queries = [*korean_words()[:200], "Adam을 쓰는 학습률", "SGD는", "gradients 경사", "x축"]
    in_browser = v.page.evaluate(
        """queries => Object.fromEntries(queries.map(q => {
            const stemmer = new Stemmer();
            return [q, splitQuery(q.toLowerCase()).map(t => stemmer.stemWord(t))];
        }))""",
        queries,
    )
    for query in queries:
        assert in_browser[query] == query_terms(query.lower()), query


@pytest.mark.browser
@pytest.mark.parametrize("word", ["학습", "가중치", "모멘텀", "훈련"])
def test_search_page_lists_every_page_with_a_korean_word(visit, word):
    v = open_search(visit, word, lang="ko")
    assert listed_pages(v.page) == pages_containing(word)
    status = v.page.text_content("#search-results p.search-summary")
    count = len(v.page.query_selector_all("#search-results li"))
    finished_ko = KOREAN_LABELS[
        "Search finished, found ${resultCount} page(s) matching the search query."
    ]
    assert status == finished_ko.replace("${resultCount}", str(count))


@pytest.mark.browser
def test_english_words_are_found_with_stemming(visit):
    v = open_search(visit)
    pairs = [("gradient", "gradients"), ("momentum", "Momentum"), ("descend", "descending")]
    found = v.page.evaluate(SEARCH_IN_PAGE, [word for pair in pairs for word in pair])
    for word, inflected in pairs:
        assert found[word], f"{word!r} finds nothing"
        assert found[word] == pages_with_stem(word), word
        assert found[inflected] == found[word], inflected


@pytest.mark.browser
@pytest.mark.parametrize(("word", "lang"), [("학습률", "ko"), ("모멘텀", "ko"), ("momentum", None)])
def test_snippets_start_at_the_match_in_the_article(visit, word, lang):
    v = open_search(visit, word, lang=lang)
    snippets = v.page.eval_on_selector_all(
        "#search-results li p.context", "els => els.map(e => e.textContent)"
    )
    assert snippets and len(snippets) == len(v.page.query_selector_all("#search-results li"))
    furniture = [*SWITCH_LABEL.values(), "Show code", KOREAN_LABELS["Show code"], "pdf", "목차"]
    for snippet in snippets:
        first_word = snippet.lstrip("…").split()[0].lower()
        assert word in first_word, f"the snippet does not start at {word!r}: {snippet[:80]!r}"
        assert not any(label in snippet for label in furniture), snippet[:120]
    highlighted = v.page.eval_on_selector_all(
        "#search-results li p.context span.highlighted", "els => els.map(e => e.textContent)"
    )
    assert highlighted and {h.lower() for h in highlighted} == {word}


def visible_english_labels(page) -> list[str]:
    """The theme's English labels still on the page, outside the results."""
    return page.evaluate(
        """([labels, attributes]) => {
            const left = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                if (!n.parentElement.closest('#search-results, noscript')
                    && labels.includes(n.nodeValue.trim())) left.push(n.nodeValue.trim());
            }
            for (const a of attributes) document.querySelectorAll(`[${a}]`).forEach(e => {
                if (labels.includes(e.getAttribute(a))) left.push(`${a}=${e.getAttribute(a)}`);
            });
            return left;
        }""",
        [list(KOREAN_LABELS), list(LABEL_ATTRIBUTES)],
    )


@pytest.mark.browser
def test_korean_reader_gets_the_search_page_in_korean(visit, server):
    v = visit("chapters/ko/02_linear_regression.html")
    v.page.keyboard.press("Control+k")
    box = v.page.locator("#pst-search-dialog input[name='q']")
    box.wait_for(state="visible")
    box.fill("손실")
    box.press("Enter")
    v.page.wait_for_url(f"{server}search.html?**", timeout=15_000)
    finished(v.page)
    assert "lang=ko" in v.page.url
    assert v.page.evaluate("document.documentElement.lang") == "ko"
    assert v.page.text_content("h1").strip() == KOREAN_LABELS["Search"]
    assert visible_english_labels(v.page) == []
    messages = [key for key in KOREAN_LABELS if key.startswith(("Search", "Your search", "Prep"))]
    translated = v.page.evaluate("keys => keys.map(k => Documentation.gettext(k))", messages)
    assert translated == [KOREAN_LABELS[key] for key in messages]
    # Searching again from the search page keeps the Korean labels.
    field = v.page.locator("form.bd-search input[name='q']").last
    field.fill("없는말뷁")
    field.press("Enter")
    v.page.wait_for_url("**q=%EC%97%86**", timeout=15_000)
    finished(v.page)
    assert "lang=ko" in v.page.url
    no_match = next(key for key in KOREAN_LABELS if key.startswith("Your search did not"))
    assert v.page.text_content("#search-results p.search-summary") == KOREAN_LABELS[no_match]


@pytest.mark.browser
def test_english_reader_keeps_the_english_search_page(visit):
    v = open_search(visit, "gradient")
    assert v.page.evaluate("document.documentElement.lang") == "en"
    assert v.page.text_content("h1").strip() == "Search"
    status = v.page.text_content("#search-results p.search-summary")
    assert status.startswith("Search finished, found ")


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "word"), [("ko", "모멘텀"), ("en", "momentum")])
def test_hide_search_matches_on_the_result_page_is_in_its_language(visit, lang, word):
    v = open_search(visit, word, lang="ko" if lang == "ko" else None)
    v.page.click(f"#search-results li > a[href^='chapters/{lang}/']")
    v.page.wait_for_selector("#searchbox .highlight-link a", timeout=15_000)
    label = v.page.text_content("#searchbox .highlight-link a")
    assert label == (
        KOREAN_LABELS["Hide Search Matches"] if lang == "ko" else "Hide Search Matches"
    )
    marked = v.page.eval_on_selector_all(
        "article span.highlighted", "els => els.map(e => e.textContent.toLowerCase())"
    )
    assert marked and set(marked) == {word}


def accessible_name(page, selector: str) -> str:
    """The accessible name Chromium computes for the first element matching `selector`."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
    cdp.detach()
    return tree["nodes"][0]["name"]["value"]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_code_toggles_and_copy_buttons_speak_the_page_language(visit, lang):
    def label(english: str) -> str:
        return KOREAN_LABELS[english] if lang == "ko" else english

    v = visit(f"chapters/{lang}/02_linear_regression.html")
    summary = "div.cell details.hide > summary"
    assert v.page.inner_text(summary).strip() == label("Show code")
    assert accessible_name(v.page, summary) == label("Show code")
    v.page.click(summary)
    assert v.page.inner_text(summary).strip() == label("Hide code")
    assert accessible_name(v.page, summary) == label("Hide code")
    button = v.page.locator("div.cell details.hide button.copybtn").first
    button.wait_for(state="attached", timeout=10_000)
    assert button.get_attribute("data-tooltip") == label("Copy")
    assert button.locator("title").text_content() == label("Copy to clipboard")
