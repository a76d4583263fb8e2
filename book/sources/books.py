"""One book per language: what each is built from and how Sphinx is told to build it.

Each language declared in `_config.yml` is a jupyter-book of its own: its source folder is
`chapters/<lang>/`, its table of contents is its part of `_toc.yml` (its landing page as the
root, the other pages as chapters), Sphinx's `language` is set (so Sphinx's, the theme's and the
extensions' own message catalogs speak it, with `locale/<lang>/` for what they lack), and its
search index is its own, in its own search language. The books are built side by side, each in
its own process, into `_build/work/books/<lang>/`, and published as `chapters/<lang>/` of the
site (`book/build/run.py`), so every page keeps its address.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from contents import CHAPTERS, LANGUAGES, SOURCE_LANG, pages_by_language

ROOT = Path(__file__).resolve().parents[2]

LOCALE = ROOT / "locale"  # the project's message catalogs: locale/<lang>/LC_MESSAGES/*.po
FAVICON = ROOT / "book" / "static" / "favicon.png"


def source_dir(lang: str, root: Path = ROOT) -> Path:
    """The folder a language's book is built from."""
    return root / CHAPTERS / lang


def book_toc(lang: str) -> dict:
    """The jupyter-book table of contents of one language's book, from its part of `_toc.yml`:
    its first page is the root, the others are its chapters, in order."""
    first, *others = pages_by_language()[lang]
    return {"format": "jb-book", "root": first, "chapters": [{"file": page} for page in others]}


def write_toc(lang: str, work: Path) -> Path:
    """Write the book's table of contents into its work folder (only when it changed, so that
    Sphinx does not see a new file) and return its path."""
    path = work / "_toc.yml"
    text = yaml.safe_dump(book_toc(lang), allow_unicode=True, sort_keys=False)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        work.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


def site_code_hash(root: Path = ROOT) -> str:
    """A short hash of the code that writes the pages: the Sphinx extension, its templates and
    static files (`book/`, less its Node modules).

    Sphinx rewrites only the pages whose source changed, so an edit of the extension (the
    download menu, say) or of a style sheet (whose address carries its checksum) would reach
    only some pages; as an "html" setting (`ml4a_site_code`), the hash makes it rewrite them all.
    """
    digest = hashlib.sha256()
    for path in sorted((root / "book").rglob("*")):
        if path.is_file() and "node_modules" not in path.parts and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def book_inputs(lang: str, root: Path = ROOT) -> str:
    """A hash of what a language's book is built from besides the code its pages run (which
    `pages/keys.py` keys page by page): where the clone lies, the book's settings and tables of
    contents, its pages and its message catalog, the Sphinx extension and the package pins; for
    a translation also the source language's pages, whose versions it is compared with (a page
    that is behind tells its readers). A book is built incrementally only when this is as it
    was for its last good build, so an edit of one language's prose rebuilds that book alone.
    """
    digest = hashlib.sha256(str(root).encode() + b"\0" + site_code_hash(root).encode())
    files = [root / name for name in ("_config.yml", "_toc.yml", "requirements.txt")]
    folders = [source_dir(lang, root), root / "locale" / lang]
    if lang != SOURCE_LANG:
        folders.append(source_dir(SOURCE_LANG, root))
    for folder in folders:
        files += sorted(path for path in folder.rglob("*") if path.is_file())
    for path in files:
        if path.is_file() and path.suffix != ".mo":  # Sphinx compiles the catalogs itself
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def sphinx_arguments(lang: str, work: Path, cache: Path) -> dict:
    """jupyter-book's Sphinx build of one language's book into `work/html` (strict: warnings
    are errors), from `_config.yml` and what this language sets."""
    language = LANGUAGES[lang]
    return {
        "sourcedir": str(source_dir(lang)),
        "outputdir": str(work / "html"),
        "doctreedir": str(work / ".doctrees"),
        "noconfig": True,
        "path_config": str(ROOT / "_config.yml"),
        "confoverrides": {
            "external_toc_path": str(write_toc(lang, work)),
            "language": lang,
            "locale_dirs": [str(LOCALE)],
            "html_search_language": language.search,
            "html_title": language.title,
            "html_favicon": str(FAVICON),
            "nb_execution_cache_path": str(cache),
            "nitpicky": True,
            "latex_individualpages": False,
            "ml4a_site_code": site_code_hash(),
        },
        "warningiserror": True,
        "keep_going": True,
    }
