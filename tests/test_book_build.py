"""A chapter cell that raises fails the build, names the page and cell, and keeps the old site."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
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
root: chapters/index
parts:
  - caption: English
    chapters:
      - file: chapters/en/index
        sections:
          - file: chapters/en/01_page
  - caption: 한국어
    chapters:
      - file: chapters/ko/index
        sections:
          - file: chapters/ko/01_page
"""


def page(title: str, code: str) -> str:
    """A chapter page with one code cell."""
    return f"{FRONT}\n# {title}\n\nSome prose.\n\n```{{code-cell}} ipython3\n{code}\n```\n"


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
    root = tmp_path_factory.mktemp("book")
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("node_modules"))
    (root / "book" / "node_modules").symlink_to(ROOT / "book" / "node_modules")
    for name in ("lib", "figures_src"):
        (root / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    (root / "_toc.yml").write_text(TOC, encoding="utf-8")
    for lang in ("", "en/", "ko/"):
        (root / "chapters" / lang).mkdir(parents=True, exist_ok=True)
        (root / "chapters" / lang / "index.md").write_text(f"{FRONT}\n# Home\n\nHello.\n")
    for lang in ("en", "ko"):
        (root / "chapters" / lang / "01_page.md").write_text(page("Page", "print(6 * 7)"))
    return root


def build(root: Path) -> subprocess.CompletedProcess:
    """Run the project's book build in `root`."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "book/build.py"], cwd=root, env=env, capture_output=True, text=True
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

    # Fixed, the page builds again and the new site replaces the old one.
    (small_book / "chapters" / "en" / "01_page.md").write_text(page("Page", "print(6 * 8)"))
    fixed = build(small_book)
    assert fixed.returncode == 0, fixed.stdout[-3000:] + fixed.stderr[-3000:]
    assert "48" in (site / "chapters" / "en" / "01_page.html").read_text(encoding="utf-8")


def test_notebook_cache_follows_the_code_not_the_prose(tmp_path):
    """The cache key changes with lib/ or figures_src/, never with a chapter's prose."""
    from book import build as build_module

    for name in ("lib", "figures_src", "chapters"):
        (tmp_path / name).mkdir()
    (tmp_path / "lib" / "optim.py").write_text("LR = 0.1\n")
    (tmp_path / "figures_src" / "params.py").write_text("STEPS = 10\n")
    (tmp_path / "chapters" / "page.md").write_text("# Prose\n")
    key = build_module.code_hash(tmp_path)

    (tmp_path / "chapters" / "page.md").write_text("# Prose, edited\n")
    assert build_module.code_hash(tmp_path) == key
    (tmp_path / "lib" / "optim.py").write_text("LR = 0.2\n")
    assert build_module.code_hash(tmp_path) != key
    key = build_module.code_hash(tmp_path)
    (tmp_path / "figures_src" / "params.py").write_text("STEPS = 11\n")
    assert build_module.code_hash(tmp_path) != key


def test_each_page_links_to_its_counterpart_in_the_other_language():
    import importlib.util
    import sys

    sys.path.insert(0, str(ROOT / "book"))
    try:
        spec = importlib.util.spec_from_file_location("ml4a", ROOT / "book" / "site_languages.py")
        ml4a = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(ml4a)
    finally:
        sys.path.remove(str(ROOT / "book"))
    page = "02_linear_regression"
    assert ml4a.counterpart(f"chapters/en/{page}") == f"chapters/ko/{page}"
    assert ml4a.counterpart("chapters/ko/index") == "chapters/en/index"
    assert ml4a.counterpart("chapters/index") is None
    assert ml4a.page_lang("chapters/ko/03_gradient_descent") == "ko"


def test_serve_answers_on_localhost():
    """`make serve` (book/serve.py) serves the built site on 127.0.0.1."""
    import socket
    import time
    import urllib.request

    if not (ROOT / "_build" / "html" / "index.html").exists():
        pytest.fail("the site is not built: run `make book` (make test does)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "book/serve.py", "--port", str(port), "--interval", "60"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/chapters/ko/03_gradient_descent.html"
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("serve did not answer within 10 s")
        assert '<html lang="ko"' in page
    finally:
        server.terminate()
        server.wait(timeout=10)
