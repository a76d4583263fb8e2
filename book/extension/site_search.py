"""Each book's search in its language; Korean by syllable n-grams, with particles ignored.

Every language's book has its own search index, in the search language its declaration names
(`_config.yml`: Sphinx's own for English and most others). Korean, which Sphinx does not split,
is registered here as the search language "hangul": a run of Hangul syllables is indexed as all its
n-grams of one to four syllables, and so is each pair of Hangul words that a single space
separates, written together (경사 하강법 is found by 경사하강법, as Korean readers often type
it); any other word (Adam, RMSprop) goes to the English Porter stemmer. The reader's query is
split the same way in the browser (`js_splitter_code`): a particle at the end of a Hangul word
is dropped when at least two syllables remain (학습률을 is looked up as 학습률, 과적합이 as
과적합), a particle right after a Latin word too (Adam을 is Adam), and a Hangul word becomes its
four-syllable n-grams (a shorter word stays whole), all of which must be on a page (Sphinx
requires every term), so 학습 finds 학습은, 학습률을 and 학습하는 alike. Korean keys are written
`(학습)`, which no word can be (the splitter drops brackets), and so are longer than two
characters: Sphinx treats terms of two characters or fewer as optional when a query mixes them
with longer ones, which would turn "Adam 학습" into "Adam or 학습". Words that inline markup cuts
in two (`[신경망 장](…)에서`) are indexed joined, as the reader sees them. Recall and precision
on words as readers type them are measured by `tests/test_search.py` and `make bench`.

Why n-grams and not a morphological analyzer, measured on the built pages for the 722 words
the Korean chapters use with a particle attached (particle removed), against the pages whose
text contains each word (1,589 word-page pairs):
- Sphinx's own splitter (whole words between spaces): recall 48.8 %, precision 100 %;
  학습 found 1 of its 8 pages;
- kiwipiepy 0.24.1, every morpheme indexed and the query analysed by Kiwi as well (the best
  case: in the reader's browser Kiwi cannot run, its model is 109 MB): recall 87.2 %,
  precision 68.9 %; on the 347 words Kiwi itself tags as one noun, recall 92.0 % (걸음, 부분,
  거리 and 등산 are cut differently inside longer words), precision 100 %;
- syllable pairs only (one and two syllables indexed): recall 100 %, precision 95.1 % (47 words,
  such as 있는지, also found pages holding 있는 and 는지 apart);
- n-grams of one to three syllables: recall 100 %, precision 100 % on the text as it was
  then; once the figures' code listings joined the pages, one word of 751 (달라지는지) also
  found a page holding 달라지, 라지는 and 지는지 apart;
- n-grams of one to four syllables (this module): recall 100 %, precision 100 % on all 751.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import pairwise
from typing import IO, Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish, js_porter_stemmer

HANGUL = "\uac00-\ud7a3"  # the 11,172 precomposed Hangul syllables
WORDS = re.compile(r"\w+")
RUNS = re.compile(f"[{HANGUL}]+|[^{HANGUL}]+")
HANGUL_RUN = re.compile(f"[{HANGUL}]+")
LONGEST = 4  # the longest n-gram indexed, in syllables


def ngrams(run: str, n: int) -> list[str]:
    """The runs of `n` neighbouring syllables in `run`."""
    return [run[i : i + n] for i in range(len(run) - n + 1)]


def index_ngrams(run: str) -> list[str]:
    """What a run of Hangul syllables is indexed as: its n-grams of one to four syllables."""
    return [gram for n in range(1, LONGEST + 1) for gram in ngrams(run, n)]


# Particles that follow a noun, longest first: dropped from the end of a query's Hangul word
# when at least two syllables remain, and from a query word that follows a Latin one.
PARTICLES = sorted(
    (
        "에서부터 으로부터 에게서 이라고 으로써 으로서 에서는 에서도 이라는 에게 에서 으로 까지 "
        "부터 처럼 보다 이나 라고 로써 로서 에는 에도 라는 과 와 을 를 은 는 이 가 의 에 로 도 만"
    ).split(),
    key=len,
    reverse=True,
)


def without_particle(run: str) -> str:
    """A Hangul word of a query without the particle at its end, if two syllables remain."""
    for particle in PARTICLES:
        if run.endswith(particle) and len(run) - len(particle) >= 2:
            return run[: -len(particle)]
    return run


def query_ngrams(run: str) -> list[str]:
    """What a Hangul word of a query is looked up as: its four-syllable n-grams, or the whole
    word when it is shorter, after its particle is dropped."""
    run = without_particle(run)
    return ngrams(run, min(len(run), LONGEST))


def joined_ngrams(left: str, right: str) -> list[str]:
    """The n-grams of two Hangul words written together that cross the space between them."""
    both, seam = left + right, len(left)
    return [
        both[start : start + n]
        for n in range(2, LONGEST + 1)
        for start in range(max(0, seam - n + 1), min(seam, len(both) - n + 1))
    ]


PAIRS = re.compile(f"(?=(?:^|[^{HANGUL}])([{HANGUL}]+) ([{HANGUL}]+))")


def ngram_key(ngram: str) -> str:
    """The index key of a Hangul n-gram."""
    return f"({ngram})"


def split_words(text: str, hangul: Callable[[str], list[str]]) -> list[str]:
    """Split like Sphinx (`\\w+`), then Hangul runs apart from the rest, into `hangul(run)`."""
    terms = []
    for word in WORDS.findall(text):
        runs = RUNS.findall(word)
        for i, run in enumerate(runs):
            if not HANGUL_RUN.fullmatch(run):
                terms.append(run)
            elif hangul is query_ngrams and i > 0 and run in PARTICLES:
                continue  # a particle after a Latin word: Adam을 is looked up as Adam
            else:
                terms.extend(hangul(run))
    return terms


def index_words(text: str) -> list[str]:
    """The keys a page's text is indexed under: its words, its Hangul runs as n-grams, and the
    n-grams across the space of each pair of Hangul words."""
    terms = split_words(text, index_ngrams)
    for left, right in PAIRS.findall(text):
        terms.extend(joined_ngrams(left, right))
    return terms


def query_terms(query: str) -> list[str]:
    """The index keys a query looks up (stop words aside): the Python twin of the browser's."""
    language = SearchKorean({})
    return [language.stem(term).lower() for term in split_words(query, query_ngrams)]


JS_SPLITTER = (
    f"var HANGUL_LONGEST_NGRAM = {LONGEST};\n"
    + r"""
/* Korean syllable n-grams (book/extension/site_search.py): a Hangul word is looked up, without the
   particle at its end when two syllables remain, as its runs of four syllables (a shorter word
   as itself); a particle right after a Latin word is dropped; any other word is split as
   Sphinx splits it. */
var HANGUL_PARTICLES = %(particles)s;
var withoutParticle = (run) => {
  for (const particle of HANGUL_PARTICLES) {
    if (run.endsWith(particle) && run.length - particle.length >= 2) {
      return run.slice(0, run.length - particle.length);
    }
  }
  return run;
};
var splitQuery = (query) => {
  const terms = [];
  for (const word of query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)) {
    const runs = word.match(/[\uac00-\ud7a3]+|[^\uac00-\ud7a3]+/g) || [];
    runs.forEach((found, i) => {
      if (!/^[\uac00-\ud7a3]/.test(found)) terms.push(found);
      else if (i > 0 && HANGUL_PARTICLES.includes(found)) return;
      else {
        const run = withoutParticle(found);
        const n = Math.min(run.length, HANGUL_LONGEST_NGRAM);
        for (let i = 0; i + n <= run.length; i++) terms.push(run.slice(i, i + n));
      }
    });
  }
  return terms;
};
"""
).replace("%(particles)s", json.dumps(PARTICLES, ensure_ascii=False))

JS_STEMMER = (
    js_porter_stemmer
    + r"""
/* Hangul n-grams become their index keys, (학습); other words get the Porter stemmer. */
var PorterStemmer = Stemmer;
Stemmer = function () {
  const porter = new PorterStemmer();
  this.stemWord = (word) =>
    /^[\uac00-\ud7a3]+$/.test(word) ? "(" + word + ")" : porter.stemWord(word);
};
"""
)


class SearchKorean(SearchEnglish):
    """Korean and English in one index: Hangul as syllable n-grams, other words stemmed."""

    lang = "hangul"
    language_name = "Korean, by Hangul syllable n-grams"
    js_splitter_code = JS_SPLITTER
    js_stemmer_code = JS_STEMMER

    def split(self, input: str) -> list[str]:
        """The words of a page's text, each Hangul run as its n-grams of one to four
        syllables, and the n-grams across the space of each pair of Hangul words."""
        return index_words(input)

    def stem(self, word: str) -> str:
        """A Hangul n-gram's key, or the English stem of any other word."""
        return ngram_key(word) if HANGUL_RUN.fullmatch(word) else super().stem(word)


class search_text(nodes.Element):  # noqa: N801 (docutils names nodes in lower case)
    """Words a reader sees in one piece that the doctree holds in several: indexed, not shown."""


def skip_node(translator, node: nodes.Element) -> None:
    """Write nothing for a node that only the search index reads."""
    raise nodes.SkipNode


TAIL = re.compile(f"[{HANGUL}]{{1,{LONGEST - 1}}}$")
HEAD = re.compile(f"^[{HANGUL}]{{1,{LONGEST - 1}}}")


def markup_seams(doctree: nodes.document) -> list[str]:
    """Hangul words that inline markup cuts in two, as the reader sees them joined.

    Sphinx indexes each text node alone, so in `[신경망 장](...)에서` or `*비용 함수*라고도`
    the n-grams across the link or the emphasis (장에서, 수라고) would be missing. Titles are
    indexed whole already; raw HTML and comments are not text.
    """
    seams = []
    for block in doctree.findall(nodes.TextElement):
        if isinstance(block.parent, nodes.TextElement) or isinstance(
            block, (nodes.title, nodes.raw, nodes.comment)
        ):
            continue
        texts = [str(text) for text in block.findall(nodes.Text)]
        for left, right in pairwise(texts):
            tail, head = TAIL.search(left), HEAD.match(right)
            if tail and head:
                seams.append(tail.group() + head.group())
    return seams


def index_markup_seams(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give the search index the Hangul words that inline markup cuts in two."""
    if app.builder.format != "html":
        return
    seams = markup_seams(doctree)
    if seams:
        doctree += search_text("", *(nodes.Text(seam) for seam in seams))


class CompactJavaScriptIndex:
    """Sphinx's `searchindex.js`, written compactly: Hangul as UTF-8 rather than `\\uXXXX`
    escapes and no spaces after separators (160 kB instead of 237 kB for this index)."""

    PREFIX, SUFFIX = "Search.setIndex(", ")"

    def dumps(self, data: Any) -> str:
        """The index as a script that hands it to the search page.

        Terms that no page holds are left out: an incremental build reads the last index back
        and removes the pages it writes again, which leaves their words with no pages, where
        a cold build would not have them at all.
        """
        data = {
            **data,
            **{
                part: {term: pages for term, pages in data[part].items() if pages != []}
                for part in ("terms", "titleterms")
                if part in data
            },
        }
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return f"{self.PREFIX}{text}{self.SUFFIX}"

    def loads(self, text: str) -> Any:
        """The index from such a script (Sphinx reads the last one back on the next build)."""
        if not (text.startswith(self.PREFIX) and text.endswith(self.SUFFIX)):
            raise ValueError("searchindex.js is not a Search.setIndex(...) call")
        return json.loads(text[len(self.PREFIX) : -len(self.SUFFIX)])

    def dump(self, data: Any, stream: IO[str]) -> None:
        """Write the index."""
        stream.write(self.dumps(data))

    def load(self, stream: IO[str]) -> Any:
        """Read the index."""
        return self.loads(stream.read())


SEARCH_PAGE_SCRIPT = "search_page.js"


def search_page_script(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """On the search page: snippets from the article at the first match, the typed words
    highlighted (`static/search_page.js`)."""
    if pagename == "search":
        app.add_js_file(SEARCH_PAGE_SCRIPT, priority=510, loading_method="defer")


def compact_index(app: Sphinx) -> None:
    """Write the search index compactly."""
    if app.builder.format == "html":
        app.builder.indexer_format = CompactJavaScriptIndex()


def setup(app: Sphinx) -> None:
    """Register the search language and the search index's hooks."""
    app.add_search_language(SearchKorean)
    app.add_node(search_text, html=(skip_node, None))
    app.connect("builder-inited", compact_index)
    app.connect("doctree-resolved", index_markup_seams)
    # Before site_weight's page filter, which replaces the page's list of scripts.
    app.connect("html-page-context", search_page_script, priority=400)
