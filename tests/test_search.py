"""Each book's search, in its language (book/extension/site_search.py, book/static/search_page.js).

The reference is what each built page says (its article's text, read with an HTML parser:
`bench/search.py`) and the Korean words are taken from chapters/ko/*.md: for every word, the
Korean book's search must return exactly the Korean pages whose text contains it; on the terms as
readers type them (a particle attached, a compound without its space, Latin names), recall and
precision meet their targets, served and opened from disk. English keeps Sphinx's stemming;
snippets start at the match; every search page is in its book's language.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from urllib.parse import quote

import pytest
import snowballstemmer

from bench import search
from book.extension import site_search
from book.extension.site_search import LONGEST, query_terms
from contents import CHAPTERS, LANGS, SOURCE_LANG
from tests.test_languages import catalog

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
HANGUL = re.compile("[\uac00-\ud7a3]+")
KOREAN = search.hangul_books()
RECALL, PRECISION = 0.95, 0.9

# Endings that follow a Korean noun (particles and the copula), longest first: a word seen with
# one of them is a noun the reader may search for.
PARTICLES = sorted(
    "에서부터 으로부터 에게서 에서는 에서도 으로는 으로서 으로써 이라고 에서 에게 으로 까지 부터 "
    "보다 처럼 만큼 이나 이며 이고 이라는 라는 라고 로서 로써 에는 에도 입니다 이다 "
    "은 는 이 가 을 를 의 에 로 와 과 도 만".split(),
    key=len,
    reverse=True,
)


def texts(lang: str) -> dict[str, str]:
    """Each page of a language's book, its article's text."""
    if not (SITE / CHAPTERS / lang / "searchindex.js").exists():
        pytest.fail("the site is not built: run `make book` (make test does)")
    return search.page_texts(SITE, lang)


def as_meant(word: str) -> str:
    """What a reader means by a Korean word typed into the search box: the word without a
    particle at its end, if two syllables remain (학습률을 means 학습률)."""
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


def pages_containing(lang: str, word: str) -> list[str]:
    """The pages of a book whose text contains `word` (any case)."""
    return sorted(d for d, text in texts(lang).items() if word.lower() in text.lower())


def prose(markdown: str) -> str:
    """A chapter's words: no front matter, code cells, formulas or roles."""
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    for pattern in (r"```.*?```", r"\$\$.*?\$\$", r"\$[^$\n]*\$", r"\{\w+\}`[^`]*`"):
        markdown = re.sub(pattern, " ", markdown, flags=re.S)
    return markdown


@cache
def korean_words(lang: str) -> list[str]:
    """Every word of two or more syllables that a Korean book's chapters use with a particle
    attached, the particle taken off, most widespread first."""
    folder = ROOT / CHAPTERS / lang
    chapters = [prose(md.read_text(encoding="utf-8")) for md in sorted(folder.glob("*.md"))]
    seen = Counter()
    for text in chapters:
        for run in HANGUL.findall(text):
            particle = next((p for p in PARTICLES if run.endswith(p)), "")
            if particle and len(run) - len(particle) >= 2:
                seen[run[: -len(particle)]] += 1
    spread = {word: sum(word in text for text in chapters) for word in seen}
    return sorted(seen, key=lambda word: (-spread[word], -seen[word], word))


def search_index(lang: str) -> dict:
    """A book's search index."""
    text = (SITE / CHAPTERS / lang / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(re.sub(r"^Search\.setIndex\((.*)\)\s*$", r"\1", text, flags=re.S))


def english_stem(word: str) -> str:
    """Sphinx's English stem of a word (the Porter stemmer)."""
    return snowballstemmer.stemmer("porter").stemWord(word.lower())


# Without a browser: the words, the queries and the index against the pages' text.


@pytest.mark.parametrize("lang", KOREAN)
def test_korean_words_come_from_the_chapters(lang):
    words = korean_words(lang)
    assert len(words) > 300, f"only {len(words)} Korean words found in chapters/{lang}"
    assert {"학습", "손실", "가중치", "학습률", "모멘텀", "훈련"} <= set(words)
    assert all(pages_containing(lang, word) for word in words)


@pytest.mark.parametrize("lang", KOREAN)
def test_there_are_a_hundred_reader_queries_of_every_kind(lang):
    queries = search.reader_queries(SITE, lang)
    assert len(queries) >= 100, f"only {len(queries)} queries"
    assert "경사하강법" in queries and "학습률을" in queries and "과적합이" in queries
    assert "미니배치로" in queries and "Adam을" in queries
    assert (
        queries["경사하강법"]
        == queries["경사 하강법"]
        == search.pages_holding(SITE, lang, "경사 하강법")
    )


def test_particles_and_spaces_are_read_as_readers_mean_them():
    assert query_terms("학습률을") == query_terms("학습률") == ["(학습률)"]
    assert query_terms("과적합이") == ["(과적합)"] and query_terms("미니배치로") == ["(미니배치)"]
    assert query_terms("Adam을") == query_terms("adam") == ["adam"]
    assert query_terms("경사하강법") == ["(경사하강)", "(사하강법)"]
    assert query_terms("경로") == ["(경로)"]  # two syllables: nothing is taken off
    assert set(query_terms("경사하강법")) <= {
        f"({gram})" for gram in site_search.index_words("경사 하강법을 쓰면")
    }


@pytest.mark.parametrize("lang", KOREAN)
def test_the_index_holds_the_hangul_ngrams_of_each_page_and_nothing_else(lang):
    index = search_index(lang)
    keys_of = {d: set() for d in index["docnames"]}
    for table in ("terms", "titleterms"):
        for key, docs in index[table].items():
            if key.startswith("(") and key.endswith(")"):
                for doc in docs if isinstance(docs, list) else [docs]:
                    keys_of[index["docnames"][doc]].add(key[1:-1])
    for docname, text in texts(lang).items():
        ngrams = {
            run[i : i + n]
            for run in HANGUL.findall(text)
            for n in range(1, LONGEST + 1)
            for i in range(len(run) - n + 1)
        }
        missing = sorted(ngrams - keys_of[docname])
        assert not missing, f"{docname}: not indexed {missing[:10]}"
        together = search.joined(text)
        extra = sorted(key for key in keys_of[docname] if key not in together)
        assert not extra, f"{docname}: indexed but not on the page {extra[:10]}"


def test_english_words_keep_their_stems_in_the_index():
    terms = search_index(SOURCE_LANG)["terms"]
    for word in ("gradients", "descending", "momentum", "learning"):
        assert english_stem(word) in terms, f"{word!r} is not indexed by its stem"


@pytest.mark.parametrize("lang", LANGS)
def test_each_book_has_its_own_search_page_and_index(lang):
    page = (SITE / CHAPTERS / lang / "search.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in page and "_static/search_page.js" in page
    assert "searchindex.js" in page
    names = search_index(lang)["docnames"]
    assert sorted(names) == sorted(texts(lang)), "the index holds pages of another book"
    for path in sorted((SITE / CHAPTERS / lang).glob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert 'aria-label="Toggle hidden content"' not in html, path
        forms = re.findall(r'<form class="bd-search.*?</form>', html, flags=re.S)
        here = "#" if path.name == "search.html" else "search.html"  # the book's own search
        assert forms and all(f'action="{here}"' in form for form in forms), path


# In the browser: the search page as readers use it.


def open_search(visit, lang: str, query: str = ""):
    """A book's search page for `query`, with its index loaded (and its results, if any)."""
    v = visit(f"{CHAPTERS}/{lang}/search.html" + (f"?q={quote(query)}" if query else ""))
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


@pytest.mark.browser
@pytest.mark.parametrize("lang", KOREAN)
def test_every_korean_word_finds_exactly_the_pages_that_contain_what_it_means(visit, lang):
    v = open_search(visit, lang)
    words = korean_words(lang)
    found = search.search_in(v.page, words)
    wrong = {
        word: {
            "missed": sorted(set(expected) - set(found[word])),
            "extra": sorted(set(found[word]) - set(expected)),
        }
        for word in words
        if found[word] != (expected := search.pages_holding(SITE, lang, as_meant(word)))
    }
    assert not wrong, f"{len(wrong)} of {len(words)} words: {dict(list(wrong.items())[:5])}"


@pytest.mark.browser
@pytest.mark.parametrize("lang", KOREAN)
def test_queries_as_readers_type_them_meet_recall_and_precision_served_and_from_disk(
    browser, server, lang
):
    for url in (server, SITE.resolve().as_uri() + "/"):
        rows = {row.key: row.value for row in search.measure(SITE, url, browser)}
        where = "served" if url.startswith("http") else "file"
        recall, precision = (
            rows[f"search.{lang}_{where}_recall"],
            rows[f"search.{lang}_{where}_precision"],
        )
        assert recall >= RECALL and precision >= PRECISION, (where, recall, precision)


@pytest.mark.browser
@pytest.mark.parametrize("lang", KOREAN)
def test_the_browser_splits_queries_as_the_index_was_split(visit, lang):
    v = open_search(visit, lang)
    queries = [*korean_words(lang)[:200], *search.reader_queries(SITE, lang)]
    queries += ["Adam을 쓰는 학습률", "SGD는", "gradients 경사", "x축"]
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
@pytest.mark.parametrize("lang", KOREAN)
@pytest.mark.parametrize("word", ["학습", "가중치", "모멘텀", "Adam"])
def test_search_page_lists_the_books_pages_with_a_word_in_its_language(visit, lang, word):
    v = open_search(visit, lang, word)
    assert listed_pages(v.page) == pages_containing(lang, word)
    status = v.page.text_content("#search-results p.search-summary")
    count = len(v.page.query_selector_all("#search-results li"))
    message = "Search finished, found ${resultCount} page(s) matching the search query."
    assert status == catalog(lang).gettext(message).replace("${resultCount}", str(count))


@pytest.mark.browser
def test_english_words_are_found_with_stemming(visit):
    v = open_search(visit, SOURCE_LANG)
    pairs = [("gradient", "gradients"), ("momentum", "Momentum"), ("descend", "descending")]
    found = search.search_in(v.page, [word for pair in pairs for word in pair])
    for word, inflected in pairs:
        expected = sorted(
            d
            for d, text in texts(SOURCE_LANG).items()
            if any(english_stem(w) == english_stem(word) for w in re.findall(r"\w+", text))
        )
        assert found[word] and found[word] == expected, word
        assert found[inflected] == found[word], inflected


@pytest.mark.browser
@pytest.mark.parametrize(("word", "lang"), [("학습률", "ko"), ("모멘텀", "ko"), ("momentum", "en")])
def test_snippets_start_at_the_match_in_the_article(visit, word, lang):
    v = open_search(visit, lang, word)
    snippets = v.page.eval_on_selector_all(
        "#search-results li p.context", "els => els.map(e => e.textContent)"
    )
    assert snippets and len(snippets) == len(v.page.query_selector_all("#search-results li"))
    furniture = [catalog(lang).gettext("Show code"), "pdf", "목차", "English", "한국어"]
    for snippet in snippets:
        first_word = snippet.lstrip("…").split()[0].lower()
        assert word in first_word, f"the snippet does not start at {word!r}: {snippet[:80]!r}"
        assert not any(label in snippet for label in furniture), snippet[:120]
    highlighted = v.page.eval_on_selector_all(
        "#search-results li p.context span.highlighted", "els => els.map(e => e.textContent)"
    )
    assert highlighted and {h.lower() for h in highlighted} == {word}


# Formulas of the chapter as a snippet must read them, from their TeX in the pages: a fraction
# numerator first, indices and powers marked, and the typeset copy's order (denominator first,
# "∂m∂J") nowhere.
FORMULAS_IN_SNIPPETS = {
    # 03: m \leftarrow m - \alpha \frac{\partial J}{\partial m}, b \leftarrow ...
    ("ko", "학습률"): ["m ← m − α∂J/∂m, b ← b − α∂J/∂b."],
    # 03: J(m, b) = \frac{1}{n} \sum_{i=1}^{n} \bigl(y_i - (m x_i + b)\bigr)^2
    ("en", "squared"): ["J(m, b) = 1/n∑_(i = 1)^n(y_i − (mx_i + b))^2"],
}


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "word"), sorted(FORMULAS_IN_SNIPPETS))
def test_snippets_read_formulas_in_a_line(visit, lang, word):
    v = open_search(visit, lang, word)
    snippets = " ".join(
        v.page.eval_on_selector_all(
            "#search-results li p.context", "els => els.map(e => e.textContent)"
        )
    )
    for formula in FORMULAS_IN_SNIPPETS[lang, word]:
        assert formula in snippets, (formula, snippets[:600])
    assert "∂m∂J" not in snippets and "∂b∂J" not in snippets, snippets[:600]


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_the_search_box_of_a_page_leads_to_its_books_search_page_in_its_language(
    visit, server, lang
):
    v = visit(f"{CHAPTERS}/{lang}/02_linear_regression.html")
    v.page.keyboard.press("Control+k")
    box = v.page.locator("#pst-search-dialog input[name='q']")
    box.wait_for(state="visible")
    box.fill("Adam")
    box.press("Enter")
    v.page.wait_for_url(f"{server}{CHAPTERS}/{lang}/search.html?**", timeout=15_000)
    finished(v.page)
    assert v.page.evaluate("document.documentElement.lang") == lang
    assert v.page.text_content("h1").strip() == catalog(lang).gettext("Search")
    results = listed_pages(v.page)
    assert results == pages_containing(lang, "adam"), "another book's pages among the results"
    no_match = "Your search did not match any documents. Please make sure that all words are "
    no_match += "spelled correctly and that you've selected enough categories."
    field = v.page.locator("form.bd-search input[name='q']").last
    field.fill("없는말뷁 zyzzyvaquux")
    field.press("Enter")
    v.page.wait_for_url("**zyzzyvaquux**", timeout=15_000)
    finished(v.page)
    summary = v.page.text_content("#search-results p.search-summary")
    assert summary == catalog(lang).gettext(no_match)


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "word"), [("ko", "모멘텀"), ("en", "momentum")])
def test_hide_search_matches_on_the_result_page_is_in_its_language(visit, lang, word):
    v = open_search(visit, lang, word)
    v.page.click("#search-results li > a")
    v.page.wait_for_selector("#searchbox .highlight-link a", timeout=15_000)
    label = v.page.text_content("#searchbox .highlight-link a")
    assert label == catalog(lang).gettext("Hide Search Matches")
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
@pytest.mark.parametrize("lang", LANGS)
def test_code_toggles_and_copy_buttons_speak_the_page_language(visit, lang):
    words = catalog(lang).gettext
    v = visit(f"{CHAPTERS}/{lang}/02_linear_regression.html")
    summary = "div.cell details.hide > summary"
    assert v.page.inner_text(summary).strip() == words("Show code")
    assert accessible_name(v.page, summary) == words("Show code")
    v.page.click(summary)
    assert v.page.inner_text(summary).strip() == words("Hide code")
    assert accessible_name(v.page, summary) == words("Hide code")
    button = v.page.locator("div.cell details.hide button.copybtn").first
    button.wait_for(state="attached", timeout=10_000)
    assert button.get_attribute("data-tooltip") == words("Copy")
    assert button.locator("title").text_content() == words("Copy to clipboard")


@pytest.mark.parametrize("lang", LANGS)
def test_the_search_index_does_not_hold_up_the_first_paint(lang):
    """searchindex.js (Korean's n-grams: over half a megabyte) is deferred, after the search
    scripts it feeds; the search itself is tried in a browser by the tests above."""
    page = (SITE / CHAPTERS / lang / "search.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b([^>]*)>", page)
    names = [re.search(r'src="([^"?]+)', attrs) for attrs in scripts]
    order = [match[1] for match in names if match]
    index = next(attrs for attrs in scripts if 'src="searchindex.js"' in attrs)
    assert re.search(r"\bdefer\b", index), index
    assert order.index("searchindex.js") > order.index("_static/searchtools.js")
