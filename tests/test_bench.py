"""The benchmark's pure helpers: edits, parsing, rounding, frame counting, asset types."""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

import numpy as np
import pytest

from bench import animation, builds, edits, pages, report, sandbox
from bench.__main__ import sections

ROOT = Path(__file__).resolve().parent.parent


def test_append_sentence_extends_the_last_prose_paragraph():
    text = "# Title\n\nFirst.\n\nLast one.\n\n```python\nx = 1\n```\n\n- a list item\n"
    out = edits.append_sentence(text, "Added.")
    assert "Last one. Added." in out
    assert out.replace(" Added.", "") == text


def test_append_sentence_skips_math_and_directives():
    text = "Prose.\n\n$$\nmath here\n$$\n\n:::{note}\nInside a note.\n:::\n"
    assert edits.append_sentence(text, "X.").startswith("Prose. X.")


def test_append_sentence_without_prose_raises():
    with pytest.raises(ValueError):
        edits.append_sentence("# Only a heading\n")


def test_edit_function_body_goes_after_the_docstring():
    source = (
        'def a(x):\n    """Doc."""\n    return x\n\n\n'
        'def b(x):\n    """Doc\n    more."""\n    return x\n'
    )
    out = edits.edit_function_body(source, "b", "note")
    assert '    more."""\n    # note\n    return x' in out
    assert out.startswith('def a(x):\n    """Doc."""\n    return x')
    compile(out, "<test>", "exec")
    with pytest.raises(ValueError):
        edits.edit_function_body(source, "c")


def test_edit_drawing_goes_before_the_functions_last_return():
    source = (
        "def a(lang):\n    fig = 1\n    return fig\n\n\n"
        "def b(lang):\n    if lang:\n        return fig\n    fig = 2\n    return fig\n"
        "\n\nX = 3\n"
    )
    out = edits.edit_drawing(source, "b", "fig.change()")
    assert "    fig = 2\n    fig.change()\n    return fig\n\n\nX = 3" in out
    assert out.count("fig.change()") == 1 and out.startswith(source[:40])
    compile(out, "<test>", "exec")
    with pytest.raises(ValueError, match="no top-level"):
        edits.edit_drawing(source, "c")
    with pytest.raises(ValueError, match="return fig"):
        edits.edit_drawing("def c(lang):\n    return 1\n", "c")


def test_the_benchmarks_figure_edits_apply_to_the_figure_module():
    """The figure the book benchmark edits still has the shape its edits need."""
    source = (ROOT / builds.FIGURE_MODULE).read_text(encoding="utf-8")
    for edit in (edits.edit_function_body, edits.edit_drawing):
        compile(edit(source, builds.FIGURE_FUNCTION), "<edited>", "exec")


def test_the_drawing_edit_changes_the_picture(monkeypatch):
    """The benchmark's "change to what a figure draws" changes the PNG the build writes (drawn
    as the build draws it, in its style)."""
    import dataclasses

    from figures_src import build
    from figures_src.registry import FIGURES

    name = builds.FIGURE_FUNCTION
    spec = FIGURES[name]

    def edited(lang, layout="wide"):
        fig = spec.draw(lang, layout)
        exec(edits.DRAWING_EDIT, {"fig": fig})
        return fig

    before = build.render_layout(name, "en", "wide")[0][0]
    monkeypatch.setitem(FIGURES._specs, name, dataclasses.replace(spec, draw=edited))
    assert build.render_layout(name, "en", "wide")[0][0] != before


def test_figures_counts_reads_the_summary_line():
    out = "  built  en/x 1.0 s\nfigures: 2 built, 32 up to date, 0 failed in 3.1 s\n"
    assert sandbox.figures_counts(out) == (2, 32, 0)
    copied = "figures: 0 built, 17 copied, 34 up to date, 0 failed in 0.4 s\n"
    assert sandbox.figures_counts(copied) == (0, 34, 0)
    assert sandbox.figures_counts("nothing") is None


def test_rounded_and_nest():
    assert report.rounded(12.3456) == 12.3
    assert report.rounded(0.0012345) == 0.00123
    assert report.rounded(7) == 7
    assert report.rounded(41387.4) == 41387
    assert report.nest({"a.b": 1.0, "a.c.d": "x"}) == {"a": {"b": 1.0, "c": {"d": "x"}}}


def test_target_and_verdict():
    row = report.Row("pages.en.max_bytes", "m", 2_000_000, "B", report.Target("<=", 1_500_000))
    assert report.verdict(row) == "✗"
    assert str(row.target) == "<= 1,500,000"
    assert report.verdict(report.Row("x.y", "m", 25.0, "", report.Target(">=", 20))) == "✓"
    assert report.verdict(report.Row("x.y", "m", "text", "", report.Target(">=", 20))) == ""


def test_merged_frames_are_counted_and_expanded():
    frames = [np.full((2, 2, 3), i, np.uint8) for i in range(3)]
    durations = [40, 80, 1500]
    assert animation.merged_frames(durations, 40) == 1
    shown = animation.expand(frames, durations, 40)
    assert [int(f[0, 0, 0]) for f in shown] == [0, 1, 1, 2]
    assert animation.frame_difference(shown, shown) == 0.0
    assert np.isnan(animation.frame_difference(shown, shown[:-1]))


def test_asset_kinds_and_gzip():
    assert pages.kind_of("http://h/_static/a.css?v=1") == "css"
    assert pages.kind_of("http://h/_static/katex/fonts/KaTeX_Main-Regular.woff2") == "fonts"
    assert pages.kind_of("http://h/_images/a.gif") == "images"
    assert pages.kind_of("http://h/page", "text/html; charset=utf-8") == "html"
    assert pages.kind_of("http://h/data.bin") == "other"
    text = b"abc " * 1000
    assert pages.gzip_size("http://h/a.js", text) == len(gzip.compress(text, 6, mtime=0))
    assert pages.gzip_size("http://h/a.png", text) == len(text)


def test_sections_option():
    assert sections("lib, animation") == ["animation", "lib"]
    with pytest.raises(argparse.ArgumentTypeError):
        sections("nope")


def test_pdf_part_reads_the_build_line():
    output = "pdf: x.en.pdf (1.32 MB, printed)\npdf: 1 of 2 printed in 5.4 s\nbook: built"
    assert builds.pdf_part(output) == (1, 5.4)
    assert builds.pdf_part("book: built in 3.0 s") is None


def test_explorer_weight_counts_both_scripts_and_the_pages_data(tmp_path):
    from bench import explorers

    book = tmp_path / "chapters" / "en"  # each book carries its own _static
    for script in explorers.SCRIPTS:
        (book / script).parent.mkdir(parents=True, exist_ok=True)
        (book / script).write_text("var a = 1;\n" * 50)
    page = book / "03_gradient_descent.html"
    payload = '{"x": [' + ", ".join(["0.5"] * 100) + "]}"
    page.write_text(
        f'<p>text</p><script type="application/json" class="ml4a-explorer-data">{payload}</script>'
    )
    raw, zipped = explorers.weight(tmp_path, "en", "03_gradient_descent")
    assert raw == 2 * len("var a = 1;\n" * 50) + len(payload)
    parts = [("var a = 1;\n" * 50).encode()] * 2 + [payload.encode()]
    assert zipped == sum(len(gzip.compress(p, 6, mtime=0)) for p in parts)
    assert sections("explorers") == ["explorers"]


def test_the_word_edit_finds_its_word_in_the_word_file():
    """The benchmark's one-word edit changes the English word it names, and only it."""
    from words import WORDS

    key, value = builds.WORD
    assert WORDS["en"][key] == value


def test_a_failed_step_meets_no_target():
    """A build step that failed is reported as failed, never with a target met."""
    from bench.builds import step_rows
    from bench.report import Target
    from bench.sandbox import Run

    good, bad = Run(1.0, 0, "", ""), Run(2.0, 1, "", "katex is missing")
    target = Target("<=", 90)
    passed = step_rows("cold", "cold", target, good, good)
    failed = step_rows("cold", "cold", target, good, bad)
    assert next(r for r in passed if r.key == "book.cold_s").target == target
    total = next(r for r in failed if r.key == "book.cold_s")
    assert total.target is None and "FAILED" in total.measure
    assert any(r.key == "book.cold_error" and "FAILED" in r.measure for r in failed)


def test_lighthouse_barriers_name_the_failing_accessibility_audits_elements():
    from bench.lighthouse import barriers

    report = {
        "categories": {"accessibility": {"auditRefs": [{"id": "color-contrast"}, {"id": "x"}]}},
        "audits": {
            "color-contrast": {
                "id": "color-contrast",
                "score": 0,
                "details": {"items": [{"node": {"selector": "p > span.a"}}]},
            },
            "x": {"id": "x", "score": 1},
            "unused-css-rules": {"id": "unused-css-rules", "score": 0},  # not accessibility
        },
    }
    assert barriers(report) == ["color-contrast: p > span.a"]
    report["audits"]["color-contrast"]["score"] = 1
    assert barriers(report) == []


def test_lighthouse_reports_each_categorys_median_of_an_odd_number_of_runs():
    from bench.lighthouse import median_scores

    runs = [{"performance": 93.0, "seo": 100.0}, {"performance": 98.0, "seo": 100.0}]
    runs.append({"performance": 95.0, "seo": 92.0})
    assert median_scores(runs) == {"performance": 95.0, "seo": 100.0}
    with pytest.raises(ValueError, match="odd number"):
        median_scores(runs[:2])


def test_the_suite_rows_read_pytests_summary_and_a_failed_make_meets_no_target():
    from bench import suite
    from bench.sandbox import Run

    output = "....\n= 1873 passed, 1 skipped in 603.51s (0:10:03) =\n"
    assert suite.pytest_summary(output) == (1873, 603.51)
    assert suite.pytest_summary("1000 passed, 1 skipped in 58.44s\n") == (1000, 58.44)
    assert suite.pytest_summary("make: *** [Makefile:58: lint] Error 1") is None
    rows = suite.rows_for("check", Run(59.1, 0, "1000 passed in 58.44s", ""))
    assert [(r.key, r.value) for r in rows] == [
        ("suite.check_s", 59.1),
        ("suite.check_pytest_s", 58.44),
        ("suite.check_tests", 1000),
    ]
    assert rows[0].target == suite.TARGETS["check"]
    failed = suite.rows_for("test", Run(30.0, 2, "", "E501 Line too long"))
    assert failed[0].target is None and "FAILED" in failed[0].measure
    assert failed[1].key == "suite.test_error"
    # A failed test run names its failed tests, not the first warning a kernel printed.
    output = (
        "[IPKernelApp] WARNING | Kernel is running over TCP without encryption.\n....F..\n"
        "FAILED tests/test_a.py::test_b[en] - AssertionError: no\n= 1 failed, 9 passed =\n"
    )
    account = suite.rows_for("test", Run(300.0, 2, output, "make: *** Error 1"))[1].value
    assert account == "exit 2, 1 failed: FAILED tests/test_a.py::test_b[en]", account


def test_settle_waits_for_serve_to_fall_quiet_and_gives_up_on_endless_rebuilds():
    import queue
    import threading
    import time

    from bench import preview

    lines: queue.Queue[str] = queue.Queue()
    for text in ("serve: changed a.md; rebuilding", "serve: rebuilt; open pages reload"):
        lines.put(text)
    late = threading.Timer(0.1, lambda: lines.put("serve: changed a.md; rebuilding"))
    late.start()
    preview.settle(lines, quiet=1.0, seconds=10)
    late.join()
    assert lines.empty(), "settle returned before the late line, within its quiet second"

    def chatter() -> None:
        for _ in range(60):
            lines.put("reading sources...")
            time.sleep(0.05)

    threading.Thread(target=chatter, daemon=True).start()
    with pytest.raises(RuntimeError, match="kept rebuilding"):
        preview.settle(lines, quiet=1.0, seconds=0.5)


def test_run_watching_times_the_moment_a_file_changes(tmp_path):
    """The moment a file first differs, within the command's run; None if it never does.
    (The command runs on 2 s after its write, so that a loaded machine, which may wake the
    watcher late, still sees it well before the end.)"""
    watched = tmp_path / "picture.png"
    watched.write_bytes(b"old")
    script = (
        "import sys, time; from pathlib import Path; time.sleep(0.5); "
        "Path(sys.argv[1]).write_bytes(b'new'); time.sleep(2.0)"
    )
    done, changed = sandbox.run_watching(["-c", script, str(watched)], tmp_path, watched)
    assert done.ok and changed is not None
    assert 0.5 <= changed <= done.seconds - 1.0
    done, changed = sandbox.run_watching(["-c", "print('nothing')"], tmp_path, watched)
    assert done.ok and changed is None and done.stdout == "nothing\n"
