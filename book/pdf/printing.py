"""The book as one PDF per language, printed from the built site by Debian's Chromium.

    python -m book.pdf [--site _build/html] [--out _build/work/pdf]

`book/build/run.py` runs this after every successful site build (so `make book` and `make pdf` make
them), with the PDFs printed last as `--out`, and copies the PDFs into the new site before it is
swapped in (`_build/pdf` is a link to the live site's), where each page's download menu offers its
language's PDF. Each language's pages are joined into one document (`book/pdf/document.py`), printed
once with the site's print rules (so links between pages become links inside the PDF and Chromium
makes the bookmarks from the headings), then given fixed dates, the language and an ID made from the
content, so that the same sources give byte-identical files. A PDF whose document, style sheets,
pictures and printing code are unchanged is not printed again.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import hashlib
import html
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import yaml

from book.chromium import ARGS
from book.chromium import HEADLESS_SHELL as CHROMIUM
from book.extension import downloads, site_listings
from book.pdf import document as pdf_document
from build_lock import one_build_at_a_time
from contents import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
# Where PDFs are printed and kept with their keys; `make book` copies them into the new site.
CACHE = ROOT / "_build" / "work" / "pdf"
MAX_BYTES = 6 * 1024 * 1024

# A4 with room for the page number; the site's 16 px text prints at 0.8 × 12 pt ≈ 9.6 pt.
PAPER = {
    "format": "A4",
    "margin": {"top": "16mm", "bottom": "18mm", "left": "18mm", "right": "18mm"},
    "scale": 0.8,
}
FOOTER = (
    '<div style="width:100%;font-size:8px;color:#555;text-align:center;'
    'font-family:sans-serif">{title} · <span class="pageNumber"></span></div>'
)


class PdfBuildError(RuntimeError):
    """A PDF could not be printed as required."""


def book_config(root: Path = ROOT) -> dict:
    """The book's `_config.yml`."""
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))


def git(root: Path, *args: str) -> str | None:
    """A git command's output in `root`, or None outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=False, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else None


def source_revision(root: Path = ROOT) -> str:
    """The sources' revision, `git rev-parse --short HEAD`, or "unknown" outside git."""
    return git(root, "rev-parse", "--short", "HEAD") or "unknown"


def source_date(root: Path = ROOT) -> datetime.datetime | None:
    """The date the PDFs carry: `SOURCE_DATE_EPOCH` if set, else the commit's date, else none."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or git(root, "log", "-1", "--format=%ct")
    if epoch is None:
        return None
    if not epoch.isdigit():
        raise PdfBuildError(f"SOURCE_DATE_EPOCH must be whole seconds, got {epoch!r}")
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)


def pdf_date(date: datetime.datetime) -> str:
    """A date in the PDF's notation, D:YYYYMMDDHHmmSSZ."""
    return date.astimezone(datetime.UTC).strftime("D:%Y%m%d%H%M%SZ")


def documents(
    site: Path, root: Path = ROOT, cache: Path | None = None
) -> dict[str, tuple[str, list[tuple[int, str]]]]:
    """The printable HTML document of every language, with its headings (pages' parts kept
    in ``cache``, if given: see `pdf_document.page_part`)."""
    config = book_config(root)
    revision = source_revision(root)
    docs = {}
    for lang, pages in pdf_document.reading_order(root).items():
        docs[lang] = pdf_document.document(
            site,
            lang,
            pages,
            book=config["author"],
            language=LANGUAGES[lang].name,
            revision=revision,
            cache=cache,
        )
    return docs


def input_key(document: str, site: Path, date: datetime.datetime | None) -> str:
    """A hash of everything a PDF is made from: the document, the site's files it loads (its
    pictures, and everything under `_static/`, since style sheets load fonts by relative
    address; but not the code listings, which the document leaves out), the printing code and
    settings, and the date."""
    digest = hashlib.sha256()
    site_url = site.resolve().as_uri() + "/"
    digest.update(document.replace(site_url, "SITE/").encode())
    named = re.findall(re.escape(site_url) + r'([^"\s,?#]+)', document)
    used = {site / unquote(name) for name in named}
    listings = site / site_listings.FOLDER
    used |= {
        path
        for path in (site / "_static").rglob("*")
        if path.is_file() and not path.is_relative_to(listings)
    }
    for path in sorted(used):
        digest.update(path.relative_to(site).as_posix().encode() + path.read_bytes())
    book = Path(__file__).resolve().parents[1]
    for code in ("pdf/printing.py", "pdf/document.py", "chromium.py"):
        digest.update((book / code).read_bytes())
    digest.update(json.dumps([PAPER, FOOTER, str(date)]).encode())
    return digest.hexdigest()


def print_documents(documents: dict[str, str], targets: dict[str, Path], work: Path) -> None:
    """Print each document to its target with one Chromium, all at once (each in its own
    page): print media, every picture loaded, bookmarks from the headings, page numbers in the
    footer."""
    if not Path(CHROMIUM).exists():
        raise PdfBuildError(f"Chromium is missing ({CHROMIUM}): `make browser` installs it")
    sources = {}
    for lang, document in documents.items():
        sources[lang] = work / f"{lang}.html"
        sources[lang].write_text(document, encoding="utf-8")
    asyncio.run(print_all(sources, targets))


async def print_all(sources: dict[str, Path], targets: dict[str, Path]) -> None:
    """Print every source at the same time (two languages take 3.1 s instead of 4.1 s)."""
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    async def printed(browser, lang: str) -> None:
        try:
            await print_document(browser, sources[lang], targets[lang])
        except PlaywrightError as error:
            raise PdfBuildError(f"Chromium could not print the {lang} PDF: {error}") from error

    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=ARGS
            )
            await asyncio.gather(*(printed(browser, lang) for lang in sources))
            await browser.close()
    except PlaywrightError as error:
        raise PdfBuildError(f"Chromium could not print the PDFs: {error}") from error


FONTS_LOADED = """Promise.all(Array.from(document.fonts, (face) => face.load().catch(() => null)))
  .then(() => document.fonts.ready)
  .then(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
  .then(() => {
    document.body.style.display = "none";
    document.body.offsetHeight;
    document.body.style.display = "";
    return document.body.offsetHeight;
  })"""


async def print_document(browser, source: Path, target: Path) -> None:
    """Print one document once its pictures and fonts have loaded under print media."""
    page = await browser.new_page(color_scheme="light", reduced_motion="reduce")
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    await page.goto(source.as_uri(), wait_until="load")
    await page.emulate_media(media="print")  # ml4a.js then loads the animations' posters
    await page.wait_for_function(
        "Array.from(document.images).every(i => i.complete)", timeout=30_000
    )
    # Every declared font loaded before the layout is printed: a KaTeX font fetched late would
    # move a formula by a fraction of a point on a loaded machine, and the PDF would differ.
    await page.evaluate(FONTS_LOADED)
    broken = await page.evaluate(
        "Array.from(document.images).filter(i => !i.naturalWidth).map(i => i.src)"
    )
    if failed or broken:
        raise PdfBuildError(f"{source.stem}: could not load {sorted(set(failed + broken))}")
    await page.pdf(
        path=str(target),
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=FOOTER.format(title=html.escape(await page.title())),
        outline=True,
        tagged=True,
        **PAPER,
    )
    await page.close()


def name_bookmarks(pdf, headings: list[tuple[int, str]]) -> None:
    """Name the bookmarks by the headings' text.

    Chromium names each bookmark by the heading's laid-out text, which repeats a heading that
    was moved to the next page and drops the space at a line break ("gradientdescent"). The
    bookmarks are checked to be those headings, in the same order and nesting, then renamed.
    """
    items = []

    def walk(children, depth: int) -> None:
        for item in children:
            items.append((depth, item))
            walk(item.children, depth + 1)

    with pdf.open_outline() as outline:
        walk(outline.root, 0)
        levels = sorted({level for level, _ in headings})
        if len(items) != len(headings):
            raise PdfBuildError(
                f"the PDF has {len(items)} bookmarks for {len(headings)} headings: "
                f"{[item.title for _, item in items]}"
            )
        for (depth, item), (level, text) in zip(items, headings, strict=True):
            if "".join(text.split()) not in "".join(item.title.split()):
                raise PdfBuildError(f"bookmark {item.title!r} is not the heading {text!r}")
            if depth != levels.index(level):
                raise PdfBuildError(f"bookmark {text!r} is nested {depth} deep, not as h{level}")
            item.title = text


STRUCTURE_ID = re.compile(r"node\d+")


def renumber_structure_ids(pdf) -> None:
    """Number the tagged structure's element ids from 1 in their order.

    Chromium names them after its accessibility nodes ("node00000355"), whose numbers shift
    from one run to the next; the ids only link table cells to their headers and elements to
    the ID tree, so numbering them in the same order changes nothing else.
    """
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    skip = {"/P", "/Pg", "/Obj", "/Stm", "/ParentTree"}  # pages and back-references

    def walk(obj, visit, seen: set) -> None:
        if obj.is_indirect:
            if obj.objgen in seen:
                return
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Dictionary):
            for key in list(obj.keys()):
                if key not in skip:
                    value = obj[key]
                    replaced = visit(value)
                    if replaced is not None:
                        obj[key] = replaced
                    elif isinstance(value, pikepdf.Dictionary | pikepdf.Array):
                        walk(value, visit, seen)
        elif isinstance(obj, pikepdf.Array):
            for index, value in enumerate(obj):
                replaced = visit(value)
                if replaced is not None:
                    obj[index] = replaced
                elif isinstance(value, pikepdf.Dictionary | pikepdf.Array):
                    walk(value, visit, seen)

    found: set[str] = set()

    def collect(value):
        if isinstance(value, pikepdf.String) and STRUCTURE_ID.fullmatch(str(value)):
            found.add(str(value))

    walk(root, collect, set())
    width = max((len(name) for name in found), default=0) - len("node")
    order = sorted(found, key=lambda name: int(name[len("node") :]))
    new = {old: f"node{index:0{width}d}" for index, old in enumerate(order, start=1)}

    def rename(value):
        if isinstance(value, pikepdf.String) and str(value) in new:
            return pikepdf.String(new[str(value)])
        return None

    walk(root, rename, set())


def unnumber_title_page(pdf) -> None:
    """Take the page number off the title page.

    Chromium paints the footer template last on every page, as the page's last top-level
    ``q ... Q`` group; its text objects (``BT ... ET``) are removed from the first page. The
    group's other operators stay: one of them closes marked content opened before it, which
    the tagged structure needs.
    """
    import pikepdf

    page = pdf.pages[0]
    operations = pikepdf.parse_content_stream(page)
    depth, last_group = 0, None
    for index, (_, operator) in enumerate(operations):
        if str(operator) == "q":
            if depth == 0:
                last_group = index
            depth += 1
        elif str(operator) == "Q":
            depth -= 1
    if last_group is None:
        return
    kept, inside_text = operations[:last_group], False
    for operands, operator in operations[last_group:]:
        name = str(operator)
        if name == "BT":
            inside_text = True
        if not inside_text:
            kept.append((operands, operator))
        if name == "ET":
            inside_text = False
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))


def finish(
    path: Path,
    headings: list[tuple[int, str]],
    lang: str,
    author: str,
    date: datetime.datetime | None,
) -> None:
    """Make a printed PDF reproducible and complete: fixed dates, structure ids numbered in
    order, no XMP packet, the title, author and language in its metadata, bookmarks named by
    the headings, and an ID computed from its content."""
    logging.getLogger("pikepdf").setLevel(logging.WARNING)  # not its start-up note
    import pikepdf

    title = headings[0][1]
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        name_bookmarks(pdf, headings)
        unnumber_title_page(pdf)
        renumber_structure_ids(pdf)
        info = pdf.docinfo
        for key in ("/CreationDate", "/ModDate"):
            if key in info:
                del info[key]
        if date is not None:
            info["/CreationDate"] = info["/ModDate"] = pdf_date(date)
        info["/Title"] = title
        info["/Author"] = author
        pdf.Root.Lang = lang
        if "/Metadata" in pdf.Root:
            del pdf.Root["/Metadata"]
        pdf.save(
            path,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )


def build(
    site: Path,
    out: Path,
    root: Path = ROOT,
    force: bool = False,
    before_printing: Callable[[], None] | None = None,
) -> dict[str, Path]:
    """Print every language's PDF into `out` (unless unchanged); returns the paths by language.
    ``before_printing`` is called once it is known that some PDF must be printed, before it is."""
    start = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    date = source_date(root)
    config = book_config(root)
    parts = out / ".pages"  # the pages' parts of the documents (see `documents`)
    begun = time.time()
    made = documents(site, root, cache=parts)
    docs = {lang: document for lang, (document, _) in made.items()}
    targets = {lang: out / downloads.pdf_name(lang, root) for lang in docs}
    keys = {lang: input_key(doc, site, date) for lang, doc in docs.items()}
    stale = {
        lang: doc
        for lang, doc in docs.items()
        if force or not targets[lang].exists() or key_file(targets[lang]) != keys[lang]
    }
    for old in parts.glob("*.json"):
        if old.stat().st_mtime < begun - 1:  # not used by this build (each use touches it)
            old.unlink()
    for left in out.glob(".printing-*"):  # by a printing that was killed (one build at a time)
        shutil.rmtree(left, ignore_errors=True)
    if stale and before_printing is not None:
        before_printing()
    if stale:  # printed beside `out`, so that a PDF is moved into place in one step
        with tempfile.TemporaryDirectory(prefix=".printing-", dir=out) as work:
            printed = {lang: Path(work) / targets[lang].name for lang in stale}
            print_documents(stale, printed, Path(work))
            for lang in stale:
                finish(printed[lang], made[lang][1], lang, config["author"], date)
                size = printed[lang].stat().st_size
                if size > MAX_BYTES:
                    raise PdfBuildError(f"{targets[lang].name} is {size / 1e6:.1f} MB, over 6 MB")
                os.replace(printed[lang], targets[lang])
                key_path(targets[lang]).write_text(keys[lang] + "\n", encoding="utf-8")
    seconds = time.perf_counter() - start
    for lang, target in targets.items():
        state = "printed" if lang in stale else "unchanged"
        shown = target.relative_to(root) if target.is_relative_to(root) else target
        print(f"pdf: {shown} ({target.stat().st_size / 1e6:.2f} MB, {state})")
    print(f"pdf: {len(stale)} of {len(targets)} printed in {seconds:.1f} s")
    return targets


def key_path(target: Path) -> Path:
    """Where the hash of a PDF's inputs is kept."""
    return target.with_name(f".{target.name}.key")


def key_file(target: Path) -> str | None:
    """The hash of the inputs the PDF was printed from, if known."""
    path = key_path(target)
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=CACHE)
    parser.add_argument("--force", action="store_true", help="print even if nothing changed")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    try:
        with contextlib.ExitStack() as stack:
            try:  # one build at a time in the site's build folder: a printing clears the
                # printing folders it finds, which would be another printing's
                stack.enter_context(one_build_at_a_time(site.parent, "python -m book.pdf"))
            except OSError:
                pass  # a folder that cannot be written: the printing says so, naming it
            build(site, args.out.resolve(), force=args.force)
    except (PdfBuildError, pdf_document.PdfSourceError) as error:
        print(f"pdf: {error}", file=sys.stderr)
        return 1
    return 0
