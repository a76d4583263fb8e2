"""The book build: a failing cell or an unclosed fence fails it naming the page and line, the
last good site survives failures and kills, a full disk and a killed swap-in, and a translation
behind its source is named. (Every build equals a cold one: `test_book_rebuilds.py`; `make
serve`: `test_serve.py`. Each has its own small book, so that they run side by side.)"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FRONT = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""
TOC = """format: jb-book
parts:
  - caption: English
    chapters:
      - file: chapters/en/index
      - file: chapters/en/01_page
  - caption: 한국어
    chapters:
      - file: chapters/ko/index
      - file: chapters/ko/01_page
"""


def page(title: str, code: str) -> str:
    """A chapter page with one code cell."""
    return f"{FRONT}\n# {title}\n\nSome prose.\n\n```{{code-cell}} ipython3\n{code}\n```\n"


# A page that runs the book's code: its key changes when `pages/` does.
CODE_PAGE = "import pages\nfrom pages.answer import ANSWER\n\nprint(ANSWER)"


def tree_hash(folder: Path) -> str:
    """A hash of every file's path and bytes under `folder`."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def small_book(tmp_path_factory) -> Path:
    """A two-language book of one page each, sharing the project's build code and config."""
    return make_small_book(tmp_path_factory.mktemp("book"))


def make_small_book(root: Path) -> Path:
    """In `root`, a two-language book of one page each (`print(6 * 7)`), with the project's
    build code and config: `book/` and `pages/` copied, the other code packages linked,
    `contents.py` copied (it reads the `_toc.yml` beside it)."""
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("node_modules"))
    (root / "book" / "node_modules").symlink_to(ROOT / "book" / "node_modules")
    for name in ("lib", "experiments", "figures_src", "words", "locale"):
        (root / name).symlink_to(ROOT / name)
    # Copied, so that a test can edit the code a page runs (its key covers this package).
    shutil.copytree(ROOT / "pages", root / "pages", ignore=shutil.ignore_patterns("__pycache__"))
    for module in ("contents.py", "build_lock.py"):
        shutil.copy(ROOT / module, root / module)
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    (root / "_toc.yml").write_text(TOC, encoding="utf-8")
    for lang in ("en", "ko"):
        (root / "chapters" / lang).mkdir(parents=True, exist_ok=True)
        (root / "chapters" / lang / "index.md").write_text(f"{FRONT}\n# Home\n\nHello.\n")
    good_pages(root)
    return root


def build(root: Path, *args: str, path: str = "") -> subprocess.CompletedProcess:
    """Run the project's book build in `root` (with `path`'s modules first on the Python path);
    it leaves nothing in the system's temporary folder (nor in Jupyter's runtime folder): its
    own are under `_build/tmp`."""
    outside = Path(tempfile.mkdtemp(prefix="system-tmp-"))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, (path, str(root)))),
        "TMPDIR": str(outside),
        "JUPYTER_RUNTIME_DIR": str(outside / "jupyter"),
    }
    try:
        result = subprocess.run(
            [sys.executable, "-m", "book.build", *args],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        left = sorted(path.name for path in outside.iterdir() if not path.is_symlink())
    finally:
        shutil.rmtree(outside, ignore_errors=True)
    assert left == [], f"the build left {left} in the system's temporary folder"
    return result


def test_a_build_keeps_its_temporary_files_under_build_and_clears_a_killed_ones(
    tmp_path, monkeypatch
):
    from book.build import run

    for name in ("TMPDIR", "JUPYTER_RUNTIME_DIR"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "_build" / "tmp"
    (folder / "ml4a-pdf-left-by-a-kill").mkdir(parents=True)
    (folder / "kernel-1234.json").write_text("{}")
    seen_as = run.private_temporary_folder(folder)
    assert list(folder.iterdir()) == []
    assert Path(tempfile.gettempdir()) == seen_as and seen_as.resolve() == folder.resolve()
    assert len(str(seen_as)) <= run.SHORT_PATH
    assert os.environ["JUPYTER_RUNTIME_DIR"] == str(folder / "jupyter")
    monkeypatch.setattr(tempfile, "tempdir", None)


def good_pages(root: Path) -> None:
    """Each language's one page, `print(6 * 7)` (written only where it differs)."""
    good = page("Page", "print(6 * 7)")
    for lang in ("en", "ko"):
        path = root / "chapters" / lang / "01_page.md"
        if not path.exists() or path.read_text() != good:
            path.write_text(good)


def built(root: Path) -> Path:
    """Build `root` with its good pages (if that is not its current state); return the site."""
    good_pages(root)
    site = root / "_build" / "html"
    if not (site / "chapters" / "en" / "01_page.html").exists() or "42" not in (
        site / "chapters" / "en" / "01_page.html"
    ).read_text(encoding="utf-8"):
        result = build(root)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return site


UNCLOSED = (
    f"{FRONT}\n# Page\n\nSome prose.\n\n```{{code-cell}} ipython3\nprint(6 * 7)\n\nThe end.\n"
)


@pytest.mark.slow
def test_failing_cell_fails_the_build_keeps_the_last_good_site_and_recovers(small_book):
    good = build(small_book)
    assert good.returncode == 0, good.stdout[-3000:] + good.stderr[-3000:]
    site = small_book / "_build" / "html"
    assert "42" in (site / "chapters" / "en" / "01_page.html").read_text(encoding="utf-8")
    before = tree_hash(site)

    broken = page("Page", "values = [1, 2, 3]\nvalues[10]  # this cell raises")
    (small_book / "chapters" / "en" / "01_page.md").write_text(broken)
    bad = build(small_book)
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0
    assert "chapters/en/01_page.md" in output
    assert "values[10]" in output and "IndexError" in output
    assert "previous site" in output
    assert tree_hash(site) == before

    # Fixed, the page builds again and the new site replaces the old one (its output is the
    # good page's, so that the next test finds a good site).
    fixed_page = page("Page", "print(6 * 7)").replace("Some prose.", "Fixed prose.")
    (small_book / "chapters" / "en" / "01_page.md").write_text(fixed_page)
    fixed = build(small_book)
    assert fixed.returncode == 0, fixed.stdout[-3000:] + fixed.stderr[-3000:]
    assert "Fixed prose." in (site / "chapters" / "en" / "01_page.html").read_text()


FULL_DISK = """
import errno, shutil

_copy2 = shutil.copy2


def copy2(source, target, **kwargs):  # the disk fills up while the site is put together
    if "/work/site/" in str(target) and str(target).endswith(".png"):
        raise OSError(errno.ENOSPC, "No space left on device", str(target))
    return _copy2(source, target, **kwargs)


shutil.copy2 = copy2
"""


def test_a_full_disk_stops_the_build_with_one_line_and_keeps_the_last_good_site(
    small_book, tmp_path
):
    site = built(small_book)
    before = tree_hash(site)
    (small_book / "chapters" / "en" / "01_page.md").write_text(
        page("Page", "print(6 * 7)").replace("Some prose.", "Prose that will not be published.")
    )
    full = tmp_path / "full"
    full.mkdir()
    (full / "sitecustomize.py").write_text(FULL_DISK)
    failed = build(small_book, path=str(full))
    assert failed.returncode == 1
    said = [line for line in failed.stderr.splitlines() if "cannot write" in line]
    assert len(said) == 1 and "Traceback" not in failed.stderr, failed.stderr[-3000:]
    assert "_build/work/site/chapters/" in said[0] and "No space left on device" in said[0]
    assert said[0].endswith("The site in _build/html is unchanged.")
    assert tree_hash(site) == before
    left = [p.name for p in (small_book / "_build").iterdir()]
    assert not [name for name in left if name.endswith(".new")], left
    assert not (small_book / "_build" / "work" / "site").exists(), "a partial site was left"
    assert build(small_book).returncode == 0  # room again: the edit is published
    assert "not be published" in (site / "chapters" / "en" / "01_page.html").read_text()


def test_copy_tree_stops_at_the_first_file_it_cannot_write(tmp_path, monkeypatch):
    import errno

    from book.build import run

    source = tmp_path / "source"
    for name in ("a", "b", "c", ".hidden"):
        (source / "sub").mkdir(parents=True, exist_ok=True)
        (source / "sub" / name).write_text(name)
    tried = []

    def full(src, dst, **kwargs):
        tried.append(Path(dst).name)
        raise OSError(errno.ENOSPC, "No space left on device", src, None, dst)

    monkeypatch.setattr(shutil, "copy2", full)
    with pytest.raises(OSError) as raised:
        run.copy_tree(source, tmp_path / "target")
    assert raised.value.errno == errno.ENOSPC and len(tried) == 1
    assert raised.value.filename.startswith(str(tmp_path / "target"))
    assert not (tmp_path / "target").exists()
    assert run.disk_trouble("x\n\x1b[91mWARNING: [Errno 28] No space left on device\x1b[0m\ny") == (
        "[Errno 28] No space left on device"
    )
    assert run.disk_trouble("a cell raised OSError") is None


def test_the_pdfs_beside_the_site_are_the_live_sites_own(small_book):
    """`_build/pdf` is swapped in with the site: it holds the PDFs the live site offers (the
    last printing, with its keys, is the build's own, under `_build/work`)."""
    site = built(small_book)
    pdfs = small_book / "_build" / "pdf"
    assert pdfs.is_symlink() and pdfs.resolve() == (site / "_downloads").resolve()
    offered = {path.name: path.read_bytes() for path in (site / "_downloads").glob("*.pdf")}
    assert set(offered) == {
        "how-neural-networks-are-trained.en.pdf",
        "how-neural-networks-are-trained.ko.pdf",
    }
    assert {path.name: path.read_bytes() for path in pdfs.glob("*.pdf")} == offered
    assert not list(pdfs.glob(".*")), "the printing cache is not published"


def test_a_page_runs_again_only_when_code_it_uses_changed(monkeypatch):
    """A page's code key (`pages.keys`) changes with the words of a figure it shows, not with
    prose nor with another page's words, nor with the drawing code of its figures, which only
    its read key follows (Sphinx reads the page again for its "Show code" and runs nothing); the
    code key is written into the setup cell."""
    from figures_src import build as figures_build
    from pages import keys

    linear, overfit = (
        (ROOT / "chapters" / "en" / f"{page}.md").read_text(encoding="utf-8")
        for page in ("02_linear_regression", "05_hyperparameters")
    )
    before = keys.page_key(linear, "en"), keys.page_key(overfit, "en")
    read = keys.read_key(linear, "en"), keys.read_key(overfit, "en")
    assert keys.page_key(linear + "\nOne more sentence.\n", "en") == before[0]
    assert keys.read_key(linear + "\nOne more sentence.\n", "en") == read[0]
    assert keys.page_key(linear, "ko") != before[0]  # the other language's words
    real = figures_build.code_fingerprint

    def edited(function, *args):
        return real(function, *args) + (
            "# edited" if function.__name__ == "lin_reg_scatter" else ""
        )

    from words import FIGURE_TEXT

    caption = {**FIGURE_TEXT["en"]["lin_reg_scatter"], "caption": "Seven points, edited."}
    monkeypatch.setitem(FIGURE_TEXT["en"], "lin_reg_scatter", caption)
    assert keys.page_key(linear, "en") != before[0]  # a word it shows
    assert keys.read_key(linear, "en") != read[0]
    assert keys.page_key(overfit, "en") == before[1]  # not a word of this page
    monkeypatch.undo()

    monkeypatch.setattr(figures_build, "code_fingerprint", edited)
    assert keys.page_key(linear, "en") == before[0]  # its cells' outputs are the same
    assert keys.read_key(linear, "en") != read[0]  # its "Show code" is not
    assert keys.read_key(overfit, "en") == read[1]
    marked = keys.with_key(linear, "en")
    assert f"import pages  # the code this page runs: {keys.page_key(linear, 'en')}\n" in marked
    assert keys.with_key("# Prose only\n", "en") == "# Prose only\n"
    assert keys.read_key("# Prose only\n", "en") is None


@pytest.mark.slow
def test_a_translation_behind_its_source_is_reported_and_tells_its_readers(small_book):
    """The small book's Korean pages record no version of their English source (a fixture of a
    translation behind its source): the build names them with what changed, and each shows its
    readers a notice in Korean with a link to the English page; once recorded, neither."""
    site = built(small_book)
    korean = (site / "chapters" / "ko" / "01_page.html").read_text(encoding="utf-8")
    notice = re.search(r'<aside class="ml4a-behind" role="note">(.*?)</aside>', korean, re.S)
    assert notice, "the Korean page behind its source shows no notice"
    assert "원문" in notice.group(1) and 'href="../en/01_page.html"' in notice.group(1)
    assert "ml4a-behind" not in (site / "chapters" / "en" / "01_page.html").read_text()
    marked = subprocess.run(
        [sys.executable, "-m", "book.sources.translations", "--mark", "ko/index", "ko/01_page"],
        cwd=small_book,
        capture_output=True,
        text=True,
    )
    assert marked.returncode == 0, marked.stderr
    try:
        result = build(small_book)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "translate an older version" not in result.stderr
        korean = (site / "chapters" / "ko" / "01_page.html").read_text(encoding="utf-8")
        assert "ml4a-behind" not in korean
    finally:  # the pages behind their source again (the site is left as it is: the tests
        # after this one build failing pages, and keep whatever site was there)
        for page in ("index", "01_page"):
            path = small_book / "chapters" / "ko" / f"{page}.md"
            path.write_text(re.sub(r"source_version: \S+\n", "", path.read_text()))


# --------------------------------------------------------------- pages that must not build


def test_unclosed_code_cell_fails_the_build_naming_file_and_line(small_book):
    site = built(small_book)
    before = tree_hash(site)
    (small_book / "chapters" / "en" / "01_page.md").write_text(UNCLOSED)
    result = build(small_book)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    # The cell opens on line 15: 9 lines of front matter, a blank, the title, a blank, prose.
    assert "chapters/en/01_page.md:15: the ```{code-cell} opened here is never closed" in output
    assert tree_hash(site) == before


def test_failing_cell_names_the_page_the_cell_and_the_error_only(small_book):
    built(small_book)
    code = 'print("before the error")\nvalues = [1, 2, 3]\nvalues[10]  # this cell raises'
    (small_book / "chapters" / "en" / "01_page.md").write_text(page("Page", code))
    # A second page of the same book to run, so that both run ahead side by side
    # (`book/extension/run_ahead.py`): the good one is cached there, the failing one is reported
    # from that run, without MyST-NB running it again (one kernel per page).
    landing = small_book / "chapters" / "en" / "index.md"
    home = landing.read_text()
    landing.write_text(page("Home", "print(6 * 9)"))
    try:
        result = build(small_book)
    finally:
        landing.write_text(home)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "en/index.md: Executed notebook" in output and "2 pages side by side" in output
    assert output.count("side by side") == 1, "only the page that ran through is cached"
    assert "Executing notebook" not in output, "MyST-NB ran the failed notebook a second time"
    assert "chapters/en/01_page.md:15: code cell 1 raised IndexError" in output
    assert "values[10]" in output and "IndexError: list index out of range" in output
    # Nothing that sends the author elsewhere: no crash report, no traceback of the tools.
    assert "sphinx-doc" not in output and "report" not in output.lower()
    assert 'File "' not in output, "a Python traceback through the build tools"
    assert "CellExecutionError" not in output and "ExecutionError" not in output
    assert output.count("IndexError: list index out of range") == 1


def test_an_error_that_says_what_to_fix_is_one_line_after_its_page_and_cell():
    from nbclient.exceptions import CellExecutionError

    from book.extension.cell_errors import describe

    text = page("Page", 'pages.figure("connection_tweak")')
    said = "figure connection_tweak has no caption in words/ko.py: add it to FIGURES[...]"
    frame = "-" * 20
    message = (
        f"An error occurred while executing the following cell:\n{frame}\n"
        f'pages.figure("connection_tweak")\n{frame}\n\n'
        "MissingWordError   Traceback (most recent call last)\n"
        "File pages/__init__.py:131, in figure(name)\n"
        f"MissingWordError: {said}\n"
    )
    error = CellExecutionError(message, "MissingWordError", said)
    assert describe("chapters/ko/01_page.md", text, error) == (
        f"chapters/ko/01_page.md:15: code cell 1: {said}"
    )
    other = CellExecutionError(message.replace("MissingWordError", "KeyError"), "KeyError", "'x'")
    assert "Traceback" in describe("chapters/ko/01_page.md", text, other)  # a bug's: in full


def test_cell_that_times_out_names_the_page_and_the_cell(small_book):
    built(small_book)
    config = small_book / "_config.yml"
    original = config.read_text()
    assert "timeout: 120" in original
    config.write_text(original.replace("timeout: 120", "timeout: 2"))
    try:
        code = "import time\ntime.sleep(30)"
        (small_book / "chapters" / "en" / "01_page.md").write_text(page("Page", code))
        result = build(small_book)
    finally:
        config.write_text(original)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "chapters/en/01_page.md:15: code cell 1 timed out" in output
    assert "after 2 seconds" in output
    assert "sphinx-doc" not in output  # (the stopped kernel may log its own traceback)


# --------------------------------------------------------------- kills during the swap-in


def test_swap_in_never_leaves_a_moment_without_a_site(tmp_path):
    """A process swapping sites in a loop is killed at random moments; the site is always
    there, complete, before and after each kill."""
    trees = {}
    for name in ("a", "b"):
        for i in range(30):
            (tmp_path / name / "sub" / f"{i}.html").parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name / "sub" / f"{i}.html").write_text(f"{name} {i}")
        (tmp_path / name / "index.html").write_text(name)
        trees[tree_hash(tmp_path / name)] = name
    target = tmp_path / "site" / "html"
    loop = (
        "import sys; from pathlib import Path; from book.build.run import swap_in\n"
        "a, b, target = (Path(p) for p in sys.argv[1:])\n"
        "swap_in(a, target); print('ready', flush=True)\n"
        "while True:\n    swap_in(b, target)\n    swap_in(a, target)\n"
    )
    rng = random.Random(0)
    missing = 0
    for _ in range(4):
        swapper = subprocess.Popen(
            [sys.executable, "-c", loop, str(tmp_path / "a"), str(tmp_path / "b"), str(target)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert swapper.stdout.readline().strip() == "ready"
            stop = time.monotonic() + rng.uniform(0.2, 0.5)
            while time.monotonic() < stop:
                missing += not (target / "index.html").exists()
        finally:
            swapper.kill()
            swapper.wait(timeout=10)
        assert tree_hash(target) in trees, "a kill left an incomplete site"
    assert missing == 0, f"the site was missing {missing} times while it was being swapped"


MENU = (
    '<a class="btn btn-download-pdf-{lang}-button" href="../../_downloads/x.pdf">'
    '<span class="btn__text-container">PDF</span></a>'
)


def fake_site(folder: Path, words: str) -> Path:
    """A site of one page per language with the theme's PDF menu entries."""
    for lang in ("en", "ko"):
        page = folder / "chapters" / lang / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<p>{words}</p>{MENU.format(lang=lang)}", encoding="utf-8")
    return folder


def test_a_site_goes_live_with_the_last_pdfs_and_steps_back_if_its_own_fail(tmp_path):
    """While changed PDFs print, the new pages are live with the last PDFs, labelled with their
    sizes; if printing fails, the previous site comes back whole."""
    from book.build import run
    from book.extension import downloads

    out = tmp_path / "html"
    run.swap_in(fake_site(tmp_path / "previous", "previous pages"), out, move=True)
    before = tree_hash(out)
    site = fake_site(tmp_path / "work" / "site", "new pages")
    printed_last = tmp_path / "work" / "pdf"
    printed_last.mkdir()
    assert not run.publish_with_last_pdfs(site, printed_last, out)  # none printed yet
    assert tree_hash(out) == before
    names = {lang: downloads.pdf_name(lang, ROOT) for lang in ("en", "ko")}
    for lang, size in (("en", 1_300_000), ("ko", 850_000)):
        (printed_last / names[lang]).write_bytes(lang.encode() * (size // 2))

    assert run.publish_with_last_pdfs(site, printed_last, out)
    english = (out / "chapters" / "en" / "index.html").read_text(encoding="utf-8")
    assert "new pages" in english and "PDF · 1.3 MB" in english
    assert "PDF · 850 kB" in (out / "chapters" / "ko" / "index.html").read_text(encoding="utf-8")
    offered = out / downloads.SITE_FOLDER
    assert (offered / names["ko"]).read_bytes() == (printed_last / names["ko"]).read_bytes()
    assert (tmp_path / "pdf").resolve() == offered.resolve()
    assert "PDF</span>" in (site / "chapters" / "en" / "index.html").read_text()  # untouched

    run.step_back(out)
    assert tree_hash(out) == before


def test_next_build_first_restores_the_site_a_kill_between_renames_left_aside(small_book, tmp_path):
    """A kill between the two renames of the swap-in left `site.old` and no `site`: the next
    build, even one that fails, brings the last good site back first."""
    out = tmp_path / "site"
    (tmp_path / "site.old").mkdir()
    (tmp_path / "site.old" / "index.html").write_text("the last good site")
    (tmp_path / "site.new").mkdir()
    (tmp_path / "site.new" / "index.html").write_text("half a copy")
    (small_book / "chapters" / "en" / "01_page.md").write_text(UNCLOSED)  # fails at once
    result = build(small_book, "--out", str(out))
    assert result.returncode != 0
    assert "restored the last good site" in result.stderr
    assert (out / "index.html").read_text() == "the last good site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_page_without_code_starts_no_kernel(small_book):
    """The landing pages have no code cell: nothing of theirs is executed, so the notebook
    cache holds only notebooks with code (each cached notebook was run by a kernel)."""
    from jupyter_cache import get_cache

    built(small_book)
    for lang in ("en", "ko"):
        cache = get_cache(str(small_book / "_build" / ".jupyter_cache" / "pages" / lang))
        records = cache.list_cache_records()
        assert records, f"nothing of the {lang} book was executed"
        for record in records:
            cells = cache.get_cache_bundle(record.pk).nb.cells
            assert any(cell.cell_type == "code" for cell in cells), record.uri


def test_run_ahead_leaves_alone_the_notebooks_myst_nb_would_not_run_from_the_cache(monkeypatch):
    from types import SimpleNamespace

    from book.extension import run_ahead

    config = SimpleNamespace(
        execution_excludepatterns=["chapters/skip/*"], metadata_key="mystnb", execution_mode="cache"
    )
    plain = SimpleNamespace(metadata={})
    assert run_ahead.executed_from_cache(Path("chapters/en/01_page.md"), plain, config)
    assert not run_ahead.executed_from_cache(Path("chapters/skip/01_page.md"), plain, config)
    off = SimpleNamespace(metadata={"mystnb": {"execution_mode": "off"}})
    assert not run_ahead.executed_from_cache(Path("chapters/en/01_page.md"), off, config)


def test_run_ahead_tries_again_alone_a_notebook_whose_kernel_did_not_start():
    from book.extension import run_ahead

    calls, running = [], []

    def execute(docname, notebook):
        running.append(docname)
        calls.append((docname, len(running)))
        try:
            if docname == "slow" and len([c for c in calls if c[0] == "slow"]) < 3:
                raise RuntimeError("Kernel didn't respond in 180 seconds")
            if docname == "dead":
                raise OSError("Address already in use")
            return f"ran {docname}"
        finally:
            running.remove(docname)

    todo = [("a", None, None), ("slow", None, None), ("dead", None, None)]
    results = run_ahead.side_by_side(todo, execute, workers=3)
    assert results[0] == "ran a"
    assert results[1] == "ran slow"  # on its third try
    assert isinstance(results[2], run_ahead.KernelFailure)  # MyST-NB will run it and report
    assert "Address already in use" in str(results[2].error)
    assert [c[0] for c in calls].count("dead") == run_ahead.KERNEL_TRIES
    retries = calls[len(todo) :]
    assert all(alone == 1 for _, alone in retries)  # a retry runs alone
