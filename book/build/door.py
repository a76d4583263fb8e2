"""The site's front door: `index.html` at its root, one link to each language's book.

The books live in `chapters/<lang>/`; the root page greets readers in every language the book
has, each part in its own `lang`, with the book's title and a line about it from the language's
declaration and words (`_config.yml`; ``door_about`` and ``door_read`` in `words/<lang>.py`),
and sends them on. It is a small page of its own, not a Sphinx page (no theme, no script, its
style inline), so that the root address answers at once, without a redirect. The addresses of
the single site that came before the books keep working: `chapters/index.html` (the old landing
page), `search.html` and `genindex.html` lead to the reader's book (by `?lang=` or the
browser's languages, else the source language's book).
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

from book.sources.books import FAVICON
from contents import CHAPTERS, LANGUAGES, SOURCE_LANG, web_address
from words import PAGE_WORDS

STYLE = """
:root { color-scheme: light dark; --ink: #222; --paper: #fff; --line: #d0d7de; --link: #0a58ca; }
@media (prefers-color-scheme: dark) {
  :root { --ink: #e6e6e6; --paper: #14181e; --line: #3a4350; --link: #8ab4ff; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Apple SD Gothic Neo",
  "NanumGothic", sans-serif; word-break: keep-all; overflow-wrap: break-word; }
main { max-width: 42rem; margin: 0 auto; padding: 2.5rem 1.25rem 3rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 0.5rem; }
.book { display: block; margin: 1.25rem 0; padding: 1rem 1.25rem; border: 1px solid var(--line);
  border-radius: 0.5rem; color: inherit; text-decoration: none; }
.book:hover, .book:focus-visible { border-color: var(--link); }
.book:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.book .title { display: block; font-size: 1.3rem; font-weight: 600; color: var(--link); }
.book .about { display: block; margin-top: 0.25rem; }
.book .name { display: block; margin-top: 0.5rem; font-size: 0.95rem; }
"""


def book_link(lang: str) -> str:
    """The link to one language's book, in that language."""
    language, words = LANGUAGES[lang], PAGE_WORDS[lang]
    return (
        f'<a class="book" href="{CHAPTERS}/{lang}/index.html" lang="{lang}" hreflang="{lang}">'
        f'<span class="title">{html.escape(language.title)}</span>'
        f'<span class="about">{html.escape(words["door_about"])}</span>'
        f'<span class="name">{html.escape(words["door_read"])} &rarr;</span></a>'
    )


def front_page() -> str:
    """The root `index.html`: the title and a link to every book, in the source language's
    order of `_config.yml`."""
    titles = " · ".join(
        f'<span lang="{lang}">{html.escape(LANGUAGES[lang].title)}</span>' for lang in LANGUAGES
    )
    description = " ".join(PAGE_WORDS[lang]["door_about"] for lang in LANGUAGES)
    alternates = "".join(  # absolute, as search engines need them: once there is an address
        f'<link rel="alternate" hreflang="{lang}" href="{address}">'
        for lang in LANGUAGES
        if (address := web_address(lang, "index"))
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{SOURCE_LANG}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(' · '.join(lang.title for lang in LANGUAGES.values()))}</title>\n"
        f'<meta name="description" content="{html.escape(description)}">\n'
        f'<link rel="icon" href="favicon.ico">{alternates}\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{titles}</h1>\n"
        + "\n".join(book_link(lang) for lang in LANGUAGES)
        + "\n</main>\n</body>\n</html>\n"
    )


def redirect_page(target: str, keep_query: bool, books_at: str = f"{CHAPTERS}/") -> str:
    """A page that sends the reader to their book's `target` page (`search.html`, ...); the
    books are at `books_at`, relative to the page."""
    books = json.dumps(list(LANGUAGES))
    script = f"""(function () {{
  var books = {books}, source = {json.dumps(SOURCE_LANG)};
  var params = new URLSearchParams(location.search), lang = params.get("lang");
  if (books.indexOf(lang) < 0) {{
    lang = (navigator.languages || [navigator.language || ""]).map(function (tag) {{
      return tag.toLowerCase().split("-")[0];
    }}).filter(function (code) {{ return books.indexOf(code) >= 0; }})[0] || source;
  }}
  params.delete("lang");
  var query = {"params.toString()" if keep_query else '""'};
  location.replace("{books_at}" + lang + "/{target}" + (query ? "?" + query : "") + location.hash);
}})();"""
    fallback = f"{books_at}{SOURCE_LANG}/{target}"
    return (
        f'<!DOCTYPE html>\n<html lang="{SOURCE_LANG}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="robots" content="noindex">\n<title>{html.escape(target)}</title>\n'
        f"<script>{script}</script>\n"
        f'<noscript><meta http-equiv="refresh" content="0; url={fallback}"></noscript>\n'
        f'</head>\n<body><p><a href="{fallback}">{html.escape(fallback)}</a></p></body>\n</html>\n'
    )


# Addresses of the single bilingual site before the books, and where they lead now.
OLD_ADDRESSES = {
    "search.html": ("search.html", True),
    "genindex.html": ("genindex.html", False),
    f"{CHAPTERS}/index.html": ("index.html", False),
}


def write(site: Path) -> None:
    """Write the front page, the old addresses' redirects and the site icon into `site`."""
    from PIL import Image

    (site / "index.html").write_text(front_page(), encoding="utf-8")
    for address, (target, keep_query) in OLD_ADDRESSES.items():
        books_at = "" if address.startswith(f"{CHAPTERS}/") else f"{CHAPTERS}/"
        page = redirect_page(target, keep_query, books_at)
        (site / address).parent.mkdir(parents=True, exist_ok=True)
        (site / address).write_text(page, encoding="utf-8")
    with Image.open(FAVICON) as icon:
        icon.save(site / "favicon.ico", sizes=[(32, 32)])
    shutil.copyfile(FAVICON, site / "favicon.png")
