"""Which version of its source page each translated page translates, and which are behind.

    python -m book.sources.translations                 the pages that are behind, with what changed
    python -m book.sources.translations --mark ko/02_linear_regression [...]
    python -m book.sources.translations --mark ko          (every page of a language)
                                                record that these pages translate their source
                                                as it is now (after updating the translation)

Every page of a language other than the source language (`_config.yml`, ``source: true``)
records in its front matter the version of the source page it translates:
``source_version:`` the Git blob id of the source page's file (what `git hash-object` gives:
a hash of its text), written by `--mark`, never by hand. When the source page changes, its
id no longer matches: `make book` names the page and shows what changed since (a diff against
that version, which Git still holds once it was committed), and the page shows its readers a
notice with a link to the source page (`site_languages.py`).
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import re
import subprocess
import sys
from pathlib import Path

from contents import CHAPTERS, LANGS, PAGES, SOURCE_LANG

ROOT = Path(__file__).resolve().parents[2]

KEY = "source_version"
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)
VERSION_LINE = re.compile(rf"^{KEY}: *(\S*) *$", re.M)


def is_page(pagename: str) -> bool:
    """Whether `pagename` is a page of the books (not a page Sphinx makes: search, genindex)."""
    return pagename in PAGES


def version(path: Path) -> str:
    """The Git blob id of a file: the hash of its bytes as `git hash-object` computes it."""
    data = path.read_bytes()
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324 (Git's id)


def recorded(page: Path) -> str | None:
    """The source version a translated page records, or None."""
    front = FRONT_MATTER.match(page.read_text(encoding="utf-8"))
    found = VERSION_LINE.search(front.group(1)) if front else None
    return found.group(1) if found else None


def behind(page: Path, source: Path) -> bool:
    """Whether a translated page records another version of its source than the current one."""
    return recorded(page) != version(source)


def paths(lang: str, page: str, root: Path = ROOT) -> tuple[Path, Path]:
    """A translated page's file and its source page's file."""
    return root / CHAPTERS / lang / f"{page}.md", root / CHAPTERS / SOURCE_LANG / f"{page}.md"


def mark(lang: str, page: str, root: Path = ROOT) -> str:
    """Record in a translated page that it translates its source page as it is now."""
    if lang == SOURCE_LANG:
        raise ValueError(f"{lang} is the source language: its pages translate nothing")
    target, source = paths(lang, page, root)
    text = target.read_text(encoding="utf-8")
    front = FRONT_MATTER.match(text)
    if front is None:
        raise ValueError(f"{target.relative_to(root)} has no front matter (--- ... ---)")
    line = f"{KEY}: {version(source)}"
    header = front.group(1)
    header = VERSION_LINE.sub(line, header) if VERSION_LINE.search(header) else header + line + "\n"
    target.write_text(f"---\n{header}---\n" + text[front.end() :], encoding="utf-8")
    return version(source)


def old_text(blob: str, root: Path = ROOT) -> str | None:
    """The text of a version of a file, if Git holds it."""
    try:
        result = subprocess.run(
            ["git", "cat-file", "blob", blob], cwd=root, capture_output=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


def changes(lang: str, page: str, root: Path = ROOT, lines: int = 12) -> str:
    """What changed in a page's source since the version its translation records: a short
    unified diff, or why there is none."""
    target, source = paths(lang, page, root)
    was = recorded(target)
    if was is None:
        return f"  {target.relative_to(root)} records no {KEY}"
    before = old_text(was, root)
    if before is None:
        return f"  (version {was[:10]} of {source.relative_to(root)} is not in Git: no diff)"
    diff = list(
        difflib.unified_diff(
            before.splitlines(),
            source.read_text(encoding="utf-8").splitlines(),
            f"{source.relative_to(root)} as translated",
            f"{source.relative_to(root)} now",
            n=0,
            lineterm="",
        )
    )
    shown = [f"  {line[:160]}" for line in diff[:lines]]
    if len(diff) > lines:
        shown.append(f"  ... and {len(diff) - lines} more lines of diff")
    return "\n".join(shown)


def behind_pages(root: Path = ROOT) -> list[tuple[str, str]]:
    """(lang, page) of every translated page that is behind its source."""
    return [
        (lang, page)
        for lang in LANGS
        if lang != SOURCE_LANG
        for page in PAGES
        if behind(*paths(lang, page, root))
    ]


def report(root: Path = ROOT) -> str:
    """The pages that are behind their source and what changed, or an empty string."""
    late = behind_pages(root)
    if not late:
        return ""
    parts = [
        f"translations: {len(late)} page(s) translate an older version of their source; "
        "their readers see a notice. Update each translation, then record it with "
        "`python -m book.sources.translations --mark <lang>/<page>`:"
    ]
    for lang, page in late:
        parts.append(f"- {CHAPTERS}/{lang}/{page}.md (source {CHAPTERS}/{SOURCE_LANG}/{page}.md):")
        parts.append(changes(lang, page, root))
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mark", nargs="+", metavar="LANG/PAGE", help="record these pages (LANG: all its pages)"
    )
    args = parser.parse_args(argv)
    if args.mark:
        chosen = []
        for item in args.mark:
            lang, _, page = item.removesuffix(".md").rpartition("/")
            lang = lang.split("/")[-1]
            if not lang and page in LANGS:  # a whole language
                chosen += [(page, name) for name in PAGES]
            elif lang in LANGS and page in PAGES:
                chosen.append((lang, page))
            else:
                parser.error(
                    f"{item}: expected <lang>/<page> or <lang>, with a language of "
                    f"{', '.join(LANGS)} and a page of {', '.join(PAGES)}"
                )
        for lang, page in chosen:
            try:
                print(f"{lang}/{page}: translates {SOURCE_LANG}/{page} at {mark(lang, page)}")
            except ValueError as error:
                parser.error(str(error))
        return 0
    text = report()
    print(text or "translations: every page translates the current version of its source")
    return 0


if __name__ == "__main__":
    sys.exit(main())
