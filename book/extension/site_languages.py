"""What a language's book says around its pages, and how it leads to the other books.

Each book is built with Sphinx's `language` set, so the words around the pages come from
message catalogs: Sphinx's, the theme's and the extensions' own, and the project's
(`locale/<lang>/LC_MESSAGES/sphinx.po`) for what they lack and for what this extension writes
(`CHROME`). Nothing is translated by replacing text in built files.

- Every page starts with the language switch: the same page in every language of the book,
  each named in its own language and marked with its `lang` (the page's own language is shown,
  not linked); `static/ml4a.js` adds the section the reader is in, whose id is the same in
  every language (the pages' `(label)=` targets), so the switch lands on that section.
- The page's head names its counterparts (`<link rel="alternate" hreflang>`) once the book has
  a public address (`html.baseurl`): search engines take only absolute addresses there.
- Figures are numbered "page.n" from the page's file name, the same in every language.
- A translated page whose source page changed since it was translated (`translations.py`)
  shows its readers a notice, in their language, with a link to the source page.
- The words that the book's scripts write (the pause control, sphinx-copybutton's messages...)
  are handed to them in the page's language by `ml4a_words.js`, written for each build from
  the same catalogs.
"""

from __future__ import annotations

import copy
import html
import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import _

from book.sources import translations
from contents import LANGUAGES, SOURCE_LANG, web_address

# The notice on a translated page that is behind its source, and its link.
BEHIND = (
    "This page translates an earlier version of its {language} original, which has changed since."
)
READ_SOURCE = "Read the {language} page"
# The theme's search box's words (a theme option, which the theme does not translate).
SEARCH_BAR = "Search this book..."
# The words the book's own code writes around the pages (msgids: the source language's text),
# and the footer of `_config.yml`. Every other language's catalog translates each
# (tests/test_languages.py).
CHROME = (
    "Languages",
    "Download or print",
    "Download the chapter as PDF",
    "Print this page",
    "Print",
    "Show code",
    "Hide code",
    "Every figure and number on these pages was computed from the book's own code during the "
    "build.",
    BEHIND,
    READ_SOURCE,
    SEARCH_BAR,
)

# The words of the book's scripts, by the name the scripts use (`static/ml4a.js`), and the
# messages sphinx-copybutton shows, by its own names.
SCRIPT_WORDS = {
    "pause": "Pause animation",
    "play": "Play animation",
    "toggle": "Show or hide the pages of this section",
    "loading": "Loading the code\u2026",
    "failed": "The code could not be loaded.",
}
COPYBUTTON_WORDS = {
    "copy": "Copy",
    "copy_to_clipboard": "Copy to clipboard",
    "copy_success": "Copied!",
    "copy_failure": "Failed to copy",
}


def translated(text: str) -> str:
    """`text` in the language of the book being built."""
    return str(_(text))


def book_lang(app: Sphinx) -> str:
    """The language of the book being built."""
    return app.config.language


def site_root(pagename: str) -> str:
    """The way up from a page to the site's root: every book lies at `chapters/<lang>/`."""
    return "../" * (pagename.count("/") + 2)


def words_in_catalog(app: Sphinx, config) -> None:
    """Give MyST-NB's toggles, the footer and the search box their words in the book's
    language."""
    config.nb_code_prompt_show = translated("Show code")
    config.nb_code_prompt_hide = translated("Hide code")
    options = {**config.html_theme_options, "search_bar_text": translated(SEARCH_BAR)}
    if options.get("extra_footer"):
        options["extra_footer"] = translated(options["extra_footer"])
    config.html_theme_options = options


# ---------------------------------------------------------------- figure numbers


def renumber_figures(app: Sphinx, env) -> list[str]:
    """Number figures "page.n" from the page's file name, the same in every language.

    Sphinx would count figures across the whole book; `02_linear_regression.md` has figures
    2.1, 2.2, ... in every language. Sphinx's own numbers are kept aside for
    `sphinx_figure_numbers`.
    """
    env.ml4a_sphinx_fignumbers = copy.deepcopy(env.toc_fignumbers)
    for docname, by_type in env.toc_fignumbers.items():
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


# ---------------------------------------------------------------- section ids


def labelled_sections(app: Sphinx, doctree: nodes.document) -> None:
    """Give each section the id of its label (`(how-big-a-step)=` above its heading), the same
    in every language, rather than one made from its title ("id3" for a Korean one): the
    section's element is known by its first id. Its other ids stay, as anchors."""
    for section in doctree.findall(nodes.section):
        explicit = [
            doctree.nameids[name]
            for name in section["names"]
            if doctree.nametypes.get(name) and doctree.nameids.get(name) in section["ids"]
        ]
        if explicit:
            section["ids"] = [explicit[0], *(i for i in section["ids"] if i != explicit[0])]


# ---------------------------------------------------------------- the other books


def counterpart(pagename: str, lang: str, other: str) -> str:
    """The address of the same page in another language's book, from a page of `lang`'s (the
    books lie side by side)."""
    return "../" * (pagename.count("/") + 1) + f"{other}/{pagename}.html"


def language_switch(pagename: str, lang: str) -> str:
    """The page in every language of the book, each in its own name and `lang`."""
    items = []
    for code, language in LANGUAGES.items():
        name = html.escape(language.name)
        if code == lang:
            items.append(f'<li><span lang="{code}" aria-current="page">{name}</span></li>')
        else:
            href = counterpart(pagename, lang, code)
            items.append(f'<li><a href="{href}" hreflang="{code}" lang="{code}">{name}</a></li>')
    label = html.escape(translated("Languages"))
    return f'<nav class="ml4a-lang-switch" aria-label="{label}"><ul>{"".join(items)}</ul></nav>\n'


def behind_notice(app: Sphinx, pagename: str, lang: str) -> str:
    """The notice on a translated page whose source changed since it was translated."""
    if lang == SOURCE_LANG or not translations.is_page(pagename):
        return ""
    source = Path(app.srcdir).parent / SOURCE_LANG / f"{pagename}.md"
    page = Path(app.srcdir) / f"{pagename}.md"
    if not translations.behind(page, source):
        return ""
    name = LANGUAGES[SOURCE_LANG].name
    text = html.escape(translated(BEHIND).format(language=name))
    link = html.escape(translated(READ_SOURCE).format(language=name))
    href = counterpart(pagename, lang, SOURCE_LANG)
    return (
        f'<aside class="ml4a-behind" role="note"><p>{text} '
        f'<a href="{href}" hreflang="{SOURCE_LANG}">{link}</a></p></aside>\n'
    )


def language_context(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Put the language switch above every page (`templates/layout.html` shows
    ``ml4a_switch``) and a translation's notice above its text, and name the page's
    counterparts in its head."""
    lang = book_lang(app)
    context["ml4a_switch"] = language_switch(pagename, lang)
    if "body" in context:
        context["body"] = behind_notice(app, pagename, lang) + context["body"]
    alternates = "".join(
        f'<link rel="alternate" hreflang="{code}" href="{address}"/>\n'
        for code in LANGUAGES
        if code != lang and (address := web_address(code, pagename))
    )
    context["metatags"] = context.get("metatags", "") + alternates


def toggle_names(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Let the "Show code" toggles be named by their visible label ("Show code", "코드 보기"),
    not by MyST-NB's fixed "Toggle hidden content"."""
    if "body" in context:
        context["body"] = context["body"].replace(
            '<summary aria-label="Toggle hidden content">', "<summary>"
        )


# ---------------------------------------------------------------- the scripts' words

WORDS_SCRIPT = "ml4a_words.js"


def stage_words_script(app: Sphinx) -> None:
    """Write `ml4a_words.js`: the words of the book's scripts in the book's language, and
    sphinx-copybutton's messages (it has a table of languages, picked by `<html lang>`, and knows no
    way to be given another; its script keeps the table in a global, so this adds the book's
    language to it, run after it, and relabels the buttons it may have drawn already: a deferred
    script runs once the page is parsed, and it draws them at once)."""
    lang = book_lang(app)
    words = {name: translated(text) for name, text in SCRIPT_WORDS.items()}
    copying = {name: translated(text) for name, text in COPYBUTTON_WORDS.items()}
    script = f"""/* The words of the book's scripts in its language (book.extension). */
var ML4A_WORDS = {json.dumps(words, ensure_ascii=False)};
if (typeof messages === "object" && typeof locale === "string") {{
  var english = messages.en, mine = {json.dumps(copying, ensure_ascii=False)};
  messages[{json.dumps(lang)}] = mine;
  iconCopy = iconCopy.replace(english.copy_to_clipboard, mine.copy_to_clipboard);
  iconCheck = iconCheck.replace(english.copy_success, mine.copy_success);
  locale = {json.dumps(lang)};
  document.querySelectorAll("button.copybtn").forEach(function (button) {{
    button.setAttribute("data-tooltip", mine.copy);
    button.innerHTML = iconCopy;
  }});
}}
"""
    staged = Path(app.outdir).parent / "words-static"
    staged.mkdir(parents=True, exist_ok=True)
    path = staged / WORDS_SCRIPT
    if not path.is_file() or path.read_text(encoding="utf-8") != script:
        path.write_text(script, encoding="utf-8")
    app.config.html_static_path.append(str(staged))


def setup(app: Sphinx) -> None:
    """Register the language hooks."""
    app.connect("config-inited", words_in_catalog)
    app.connect("doctree-read", labelled_sections)
    app.connect("env-get-updated", sphinx_figure_numbers, priority=100)  # before Sphinx's (500)
    app.connect("env-get-updated", renumber_figures, priority=900)
    app.connect("builder-inited", stage_words_script)
    app.connect("html-page-context", language_context)
    app.connect("html-page-context", toggle_names)
    app.add_js_file(WORDS_SCRIPT)
