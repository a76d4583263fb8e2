"""The book's PDFs (`make pdf`, `book/pdf/printing.py`), read with poppler-utils and pikepdf and
checked against the chapter sources: headings in reading order, bookmarks, figures with their
numbers, embedded fonts, Korean text, links, page numbers, size, byte-identical rebuilds, and the
site's download menu.

The references come from the sources, not from the printing code: the reading order from
`_toc.yml`'s `file:` lines, headings from the Markdown, figures from the `pages.figure(` calls,
picture sizes from the figure files, links from the Markdown's roles and addresses.
"""

from __future__ import annotations

import collections
import html
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from book.pdf.printing import CACHE
from pages.keys import FIGURE_CALL

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
# `make book`'s printing cache (the site's PDFs are copies): the tests print there, never into
# the live site, and only what changed since the build.
OUT = CACHE
LANGS = sorted(path.name for path in (ROOT / "chapters").iterdir() if path.is_dir())
MAX_BYTES = 6 * 1024 * 1024
FIGURE_LABEL = {"en": "Fig.", "ko": "그림"}
LANGUAGE_NAME = {"en": "English", "ko": "한국어"}
CONTROLS = {
    "en": ["Show code", "Hide code", "Pause animation", "Play animation", "이 페이지를 한국어로"],
    "ko": ["코드 보기", "코드 숨기기", "애니메이션 일시 정지", "애니메이션 재생", "Read this page"],
}

pytestmark = pytest.mark.browser


# ---- references from the sources -----------------------------------------------------------


def reading_order(lang: str) -> list[Path]:
    """The language's chapter sources in the order of `_toc.yml`'s `file:` lines."""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    files = re.findall(r"^\s*-?\s*file:\s*(\S+)", toc, flags=re.M)
    return [ROOT / f"{name}.md" for name in files if name.startswith(f"chapters/{lang}/")]


def without_code(text: str) -> str:
    """A Markdown source with its fenced blocks (code cells, directives' options) removed,
    keeping admonitions' prose."""
    kept, fence = [], None
    for line in text.splitlines():
        marker = re.match(r"\s*(`{3,}|~{3,})", line)
        if marker and fence is None:
            fence = marker.group(1)
        elif marker and marker.group(1).startswith(fence):
            fence = None
        if marker or fence is not None:
            continue
        if fence is None:
            kept.append(line)
    return "\n".join(kept)


def source_headings(path: Path) -> list[tuple[int, str]]:
    """A page's Markdown headings: (level, text without inline markup)."""
    headings = []
    for line in without_code(path.read_text(encoding="utf-8")).splitlines():
        match = re.match(r"(#{1,6})\s+(.+?)\s*$", line)
        if match:
            headings.append((len(match.group(1)), re.sub(r"[*`]", "", match.group(2))))
    return headings


def all_headings(lang: str) -> list[tuple[int, str]]:
    """Every heading of the language's pages, in reading order."""
    return [heading for path in reading_order(lang) for heading in source_headings(path)]


def figure_names(path: Path) -> list[str]:
    """The figures a page shows, from its `pages.figure("name")` calls."""
    return FIGURE_CALL.findall(path.read_text(encoding="utf-8"))


def normal(text: str) -> str:
    """Text with typographic quotes made plain and runs of white space made one space."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return " ".join(text.replace("\u201d", '"').split())


# ---- the PDFs --------------------------------------------------------------------------------


def pdf_path(lang: str) -> Path:
    """Where `make pdf` prints a language's PDF (the site offers a copy)."""
    from book.extension import downloads

    return OUT / downloads.pdf_name(lang, ROOT)


def pdf_command(out: Path, *options: str) -> list[str]:
    """`python -m book.pdf` from the built site into `out`."""
    return [sys.executable, "-m", "book.pdf", "--site", str(SITE), "--out", str(out), *options]


def build_pdfs(out: Path, *options: str) -> subprocess.CompletedProcess:
    """`python -m book.pdf` from the built site into `out` (in its own process: the browser
    tests' Playwright may already run in this one)."""
    return subprocess.run(
        pdf_command(out, *options),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="session")
def pdfs() -> dict[str, Path]:
    """The PDFs of the built site: `make test`'s build made them; printed here only if
    anything they are made from changed since."""
    if not (SITE / "index.html").exists():
        pytest.fail("the site is not built: run `make book` (make test does)")
    for tool in ("pdftotext", "pdfimages", "pdffonts"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: `make browser` installs poppler-utils")
    built = build_pdfs(OUT)
    assert built.returncode == 0, built.stdout + built.stderr
    return {lang: pdf_path(lang) for lang in LANGS}


def run(*command: str) -> str:
    """A poppler tool's output."""
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pages_text(path: Path, *options: str) -> list[str]:
    """The text of each page (pdftotext separates pages by form feeds)."""
    return run("pdftotext", *options, "-enc", "UTF-8", str(path), "-").split("\f")[:-1]


@pytest.fixture(scope="session")
def text(pdfs) -> dict[str, list[str]]:
    """Each language's text, page by page."""
    return {lang: pages_text(path) for lang, path in pdfs.items()}


def body(pages: list[str]) -> str:
    """The text of the pages without their footers ("title · page number"), so that a
    sentence running over to the next page reads on."""
    kept = []
    for number, page in enumerate(pages, start=1):
        lines = page.rstrip().splitlines()
        if lines and lines[-1].strip().endswith(f"· {number}"):
            lines = lines[:-1]
        kept.append("\n".join(lines))
    return normal(" ".join(kept))


def test_one_pdf_per_language(pdfs):
    assert sorted(pdfs) == LANGS
    for lang, path in pdfs.items():
        assert path == pdf_path(lang) and path.is_file()
        assert path.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("lang", LANGS)
def test_size_at_most_6_mb(pdfs, lang):
    assert pdfs[lang].stat().st_size <= MAX_BYTES


@pytest.mark.parametrize("lang", LANGS)
def test_title_page(text, lang):
    from book.pdf import printing as pdf

    first = normal(text[lang][0])
    title = source_headings(reading_order(lang)[0])[0][1]
    revision = pdf.git(ROOT, "rev-parse", "--short", "HEAD") or "unknown"
    for words in (title, "Machine Learning for Artists", LANGUAGE_NAME[lang], revision):
        assert words in first, f"the title page lacks {words!r}: {first!r}"
    assert not re.search(r"(Fig\.|그림) \d", first), "the title page holds chapter text"


@pytest.mark.parametrize("lang", LANGS)
def test_every_heading_in_reading_order(text, lang):
    """Compared without white space: the text extraction guesses spaces from the gaps between
    glyphs, and drops the one in a short Korean heading such as "한 절" set large."""
    whole = "".join(body(text[lang][1:]).split())
    position = 0
    for level, heading in all_headings(lang):
        words = "".join(normal(heading).split())
        found = whole.find(words, position)
        assert found >= 0, f"h{level} {heading!r} missing or out of order in the {lang} PDF"
        position = found + len(words)


def filled_heights(path: Path) -> list[float]:
    """How far down each page of a PDF its content reaches (the footer aside), as a fraction
    of the page's height, from the page rendered in grey at 20 dpi."""
    import numpy as np
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        run("pdftoppm", "-r", "20", "-gray", "-png", str(path), f"{folder}/page")
        heights = []
        for png in sorted(Path(folder).glob("page-*.png")):
            with Image.open(png) as image:
                ink = np.asarray(image.convert("L")) < 200
            above_footer = ink[: int(ink.shape[0] * 0.93)]
            rows = np.flatnonzero(above_footer.any(axis=1))
            heights.append(float(rows.max() + 1) / ink.shape[0] if len(rows) else 0.0)
        return heights


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_but_the_last_is_near_empty(pdfs, text, lang):
    """The site's pages follow one another on paper (not each on a fresh sheet), so no page
    holds only a short tail: every page but the last is filled at least halfway down; and no
    page ends on a heading (each is kept with what follows it)."""
    heights = filled_heights(pdfs[lang])
    assert len(heights) == len(text[lang])
    for number, height in enumerate(heights[:-1], start=1):
        assert height >= 0.45, f"page {number} of the {lang} PDF is {height:.0%} full"
    headings = {normal(h) for path in reading_order(lang) for _, h in source_headings(path)}
    for number, page in enumerate(text[lang][:-1], start=1):
        lines = [normal(line) for line in page.splitlines() if line.strip("\u200b \t")]
        assert lines[-2:-1] and lines[-2] not in headings, f"page {number} ends on a heading"


@pytest.mark.parametrize("lang", LANGS)
def test_outline_lists_every_section(pdfs, lang):
    import pikepdf

    items = []

    def walk(children, depth):
        for item in children:
            items.append((depth + 1, normal(item.title)))
            walk(item.children, depth + 1)

    with pikepdf.open(pdfs[lang]) as pdf, pdf.open_outline() as outline:
        walk(outline.root, 0)
    expected = [(level, normal(heading)) for level, heading in all_headings(lang)]
    assert items == expected


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_printed_whole_with_its_number(pdfs, text, lang):
    rows = run("pdfimages", "-list", str(pdfs[lang])).splitlines()[2:]
    printed = collections.Counter((int(row.split()[3]), int(row.split()[4])) for row in rows)
    expected = collections.Counter()
    figures = ROOT / "_build" / "figures" / lang
    for path in reading_order(lang):
        for name in figure_names(path):
            still = figures / f"{name}_poster.png"  # an animation prints its poster
            with Image.open(still if still.exists() else figures / f"{name}.png") as image:
                expected[image.size] += 1
    # Every figure, and only figures, at the figure file's full pixel size.
    assert sum(printed.values()) == sum(expected.values())
    assert printed == expected
    whole = normal(" ".join(text[lang]))
    for path in reading_order(lang):
        number = int(re.match(r"\d+", path.name).group()) if path.name[0].isdigit() else None
        for index, _ in enumerate(figure_names(path), start=1):
            label = f"{FIGURE_LABEL[lang]} {number}.{index}"
            assert label in whole, f"{label} is not printed"


@pytest.mark.parametrize("lang", LANGS)
def test_every_font_embedded_with_its_text(pdfs, lang):
    rows = run("pdffonts", str(pdfs[lang])).splitlines()[2:]
    assert rows
    for row in rows:
        emb, sub, uni = row.split()[-5:-2]
        assert emb == "yes", f"font not embedded: {row}"
        assert uni == "yes", f"font without text mapping (not searchable): {row}"
    if lang == "ko":
        assert any("Nanum" in row for row in rows), "no Hangul font embedded"


def test_korean_sentences_are_text(text):
    """Prose sentences of the Korean pages (their plain ones) are found in the PDF's text.

    Compared without white space: a line may break where the source has no space (before an
    opening parenthesis), which the extracted text shows as a line break."""
    whole = "".join(body(text["ko"]).split())
    found = 0
    for path in reading_order("ko"):
        for line in without_code(path.read_text(encoding="utf-8")).splitlines():
            if re.search(r"[가-힣]", line) and not re.search(r"[\[\]{}*`$#|<>_:-]", line):
                for sentence in re.findall(r"[^.?!]{20,}[.?!]", line):
                    squashed = "".join(normal(sentence).split())
                    assert squashed in whole, f"not in the Korean PDF: {sentence!r}"
                    found += 1
    assert found >= 20


@pytest.mark.parametrize("lang", LANGS)
def test_no_controls_or_navigation(text, lang):
    """The controls' labels appear only where the prose itself names them."""
    whole = body(text[lang])
    prose = normal(
        " ".join(without_code(path.read_text(encoding="utf-8")) for path in reading_order(lang))
    )
    for words in CONTROLS[lang]:
        assert whole.count(words) == prose.count(words), f"the PDF shows {words!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_page_numbers(pdfs, lang):
    """Every page but the title page ends with its number.

    Read as laid out on the page (`-layout`): in reading order, the extraction may put the
    lower half of a display formula that ends a page after the footer."""
    for number, page in enumerate(pages_text(pdfs[lang], "-layout"), start=1):
        # Blank lines aside, and the zero-width spaces KaTeX puts in formulas, which the text
        # extraction may place after the footer.
        lines = [line.strip("\u200b \t") for line in page.splitlines()]
        lines = [line for line in lines if line]
        if number == 1:
            assert not re.search(r"· \d+$", lines[-1]), f"the title page is numbered: {lines}"
        else:
            assert lines[-1].endswith(f"· {number}"), f"page {number}: {lines[-1]!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_each_explorer_is_a_sentence_on_paper(text, lang):
    """Where an explorer stands, the PDF says what it lets the reader do and where to find it
    (the web edition, while `_config.yml` names no address)."""
    from contents import web_address
    from pages import explorers
    from words import EXPLORE_WORDS

    whole = body(text[lang])
    words = EXPLORE_WORDS[lang]
    for spec in explorers.EXPLORERS.values():
        address = web_address(lang, spec.page)
        note = (
            words["print_note_at"].format(title=words[spec.title], address=address)
            if address
            else words["print_note"].format(title=words[spec.title])
        )
        assert whole.count(normal(note)) == 1, f"{spec.name}: {note!r} not printed once"


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_ends_on_a_sentence_that_introduces_the_next(text, lang):
    """A line ending in a colon (a listing's "From lib/optim.py:", a formula's lead-in) stays
    on the page of what it introduces."""
    for number, page in enumerate(text[lang][:-1], start=1):
        lines = [line.strip("\u200b \t") for line in page.splitlines()]
        lines = [line for line in lines if line][:-1]  # the footer aside
        assert not (lines and lines[-1].endswith(":")), f"page {number} ends on {lines[-1]!r}"


def link_annotations(path: Path) -> tuple[list[tuple[int, int, list[float]]], list[str]]:
    """The PDF's links: internal ones as (page, target page, rectangle), pages from 1, and the
    addresses of external ones."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        named = pdf.Root.get("/Dests", pikepdf.Dictionary())
        internal, external = [], []
        for number, page in enumerate(pdf.pages, start=1):
            for annot in page.get("/Annots", []):
                if annot.get("/Subtype") != "/Link":
                    continue
                if "/Dest" in annot:
                    dest = annot.Dest
                    if not isinstance(dest, pikepdf.Array):
                        dest = named[pikepdf.Name("/" + str(dest).lstrip("/"))]
                    rect = [float(value) for value in annot.Rect]
                    internal.append((number, pages[dest[0].objgen], rect))
                elif annot.get("/A", {}).get("/S") == "/URI":
                    external.append(str(annot.A.URI))
                else:
                    raise AssertionError(f"page {number}: a link of another kind: {annot!r}")
        return internal, external


@pytest.mark.parametrize("lang", LANGS)
def test_links_inside_and_out(pdfs, text, lang):
    internal, external = link_annotations(pdfs[lang])
    sources = [path.read_text(encoding="utf-8") for path in reading_order(lang)]
    references = sum(len(re.findall(r"\{(?:numref|ref|doc)\}`", s)) for s in sources)
    page_links = sum(len(re.findall(r"\]\([\w./-]+\.md(?:#[\w-]*)?\)", s)) for s in sources)
    assert len(internal) >= references + page_links > 0
    assert all(1 <= target <= len(text[lang]) for _, target, _ in internal)
    addresses = {
        html.unescape(url)
        for s in sources
        for url in re.findall(r"\]\((https?://(?:[^()\s]|\([^()\s]*\))+)\)", without_code(s))
    }
    assert addresses and addresses <= set(external), addresses - set(external)
    assert all(url.startswith(("http://", "https://", "mailto:")) for url in external)


def test_figure_references_lead_to_their_figure(pdfs, text):
    """A link reading "Fig. 3.1" takes the reader to the page that prints Fig. 3.1's caption,
    for every figure the pages refer to."""
    height = 842.88  # A4 in points; pdftotext measures y from the top
    for lang, path in pdfs.items():
        words = word_boxes(path)
        links = []  # the words of each link; a link broken over two lines has two rectangles
        previous = None
        for number, target, (x0, y0, x1, y1) in link_annotations(path)[0]:
            on = [  # words on the link's line that overlap it ("1.1." and "1.1에" run past)
                word
                for (wx0, wy0, wx1, wy1, word) in words[number]
                if wx1 > x0 and wx0 < x1 and y0 <= height - (wy0 + wy1) / 2 <= y1
            ]
            if previous == (number, target) and not re.search(r"\d\.\d", " ".join(links[-1][1])):
                links[-1][1].extend(on)
            else:
                links.append((target, on))
            previous = (number, target)
        checked = set()
        for target, on in links:
            label = re.search(rf"{FIGURE_LABEL[lang]} (\d+\.\d+)", " ".join(on))
            if label:
                caption = f"{FIGURE_LABEL[lang]} {label.group(1)}"
                assert caption in normal(text[lang][target - 1]), f"{caption} leads elsewhere"
                checked.add(caption)
        referred = {
            name
            for p in reading_order(lang)
            for name in re.findall(r"\{numref\}`(fig-[\w-]+)`", p.read_text(encoding="utf-8"))
        }
        assert len(checked) == len(referred) > 0, f"{lang}: links to {sorted(checked)}"


def word_boxes(path: Path) -> dict[int, list[tuple[float, float, float, float, str]]]:
    """Every word's box on every page (pdftotext -bbox; y from the top, in points)."""
    out = run("pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-")
    boxes: dict[int, list] = {}
    for number, page in enumerate(out.split("<page ")[1:], start=1):
        boxes[number] = [
            (float(a), float(b), float(c), float(d), html.unescape(word))
            for a, b, c, d, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<',
                page,
            )
        ]
    return boxes


def build_pdfs_throttled(out: Path, *options: str, share: float = 0.5, period: float = 0.02):
    """`build_pdfs`, its processes (Python, the browser and the browser's children) all
    stopped for the rest of each `period` once they have run for `share` of it, as a
    container's processor quota stops its group (cgroup `cpu.max`): a loaded machine, where a
    printing that waits on a clock rather than on what it should would differ, that burns no
    processor time (a busy loop on each core, before, burned 10 core-seconds a run)."""
    printing = subprocess.Popen(
        pdf_command(out, *options),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    finished = threading.Event()

    def throttle() -> None:
        try:
            while not finished.wait(period * share):
                os.killpg(printing.pid, signal.SIGSTOP)
                time.sleep(period * (1 - share))
                os.killpg(printing.pid, signal.SIGCONT)
        except ProcessLookupError:  # it has ended
            pass

    thread = threading.Thread(target=throttle, daemon=True)
    thread.start()
    try:
        stdout, stderr = printing.communicate(timeout=300)
    finally:
        finished.set()
        thread.join()
        try:
            os.killpg(printing.pid, signal.SIGCONT)
        except ProcessLookupError:
            pass
    return subprocess.CompletedProcess(printing.args, printing.returncode, stdout, stderr)


@pytest.mark.slow
def test_a_print_on_a_loaded_machine_is_byte_identical_to_the_builds(pdfs, tmp_path):
    """The build printed on a quiet machine; printed again with half the processor time, in
    slices, each PDF has the same bytes."""
    again = build_pdfs_throttled(tmp_path, "--force")
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.count("printed)") == len(LANGS)
    for lang, path in pdfs.items():
        printed = (tmp_path / path.name).read_bytes()
        assert printed == path.read_bytes(), f"{lang} PDF differs when printed on a busy machine"


def test_a_printing_waits_for_a_build_of_the_same_clone(pdfs):
    """`python -m book.pdf` takes the clone's build lock (build_lock.py): two printings at
    once into one folder each cleared the other's printing folder (ERR_FILE_NOT_FOUND)."""
    from build_lock import one_build_at_a_time

    with one_build_at_a_time(SITE.parent, "this test"):
        printing = subprocess.Popen(
            pdf_command(OUT),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        said = printing.stderr.readline()
        assert "waiting for this test" in said, said
        assert printing.poll() is None, "it printed while the build held the lock"
    out, err = printing.communicate(timeout=120)
    assert printing.returncode == 0, out + err
    assert f"0 of {len(LANGS)} printed" in out, out  # current: nothing to print again


# ---- the site offers them ------------------------------------------------------------------


def download_links(page: Path) -> list[str]:
    """The addresses in a page's download menu."""
    source = page.read_text(encoding="utf-8")
    menu = re.search(r'dropdown-download-buttons">(.*?)</ul>', source, flags=re.S)
    assert menu, f"{page} has no download menu"
    return re.findall(r'href="([^"]+)"', menu.group(1))


def test_the_site_offers_the_pdfs_and_nothing_else_of_their_printing(pdfs):
    """The site's download folder holds one PDF per language, the same bytes as printed: no
    printing keys, cached pages or temporary folders (a test run prints into the cache only)."""
    offered = SITE / "_downloads"
    assert sorted(p.name for p in offered.iterdir()) == sorted(p.name for p in pdfs.values())
    for path in pdfs.values():
        assert (offered / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.mark.parametrize("lang", LANGS)
def test_download_menu_offers_the_pdf_of_its_language(pdfs, lang):
    for path in reading_order(lang):
        page = SITE / path.relative_to(ROOT).with_suffix(".html")
        links = download_links(page)
        assert not any("_sources" in link or link.endswith(".md") for link in links)
        assert len(links) == 1 and links[0].endswith(f".{lang}.pdf"), links
        served = (page.parent / links[0]).resolve()
        assert served.read_bytes() == pdfs[lang].read_bytes()
        # The entry says how big the file is.
        from book.extension.downloads import size_text

        size = size_text(pdfs[lang].stat().st_size)
        assert f"PDF · {size}" in page.read_text(encoding="utf-8"), (page.name, size)
