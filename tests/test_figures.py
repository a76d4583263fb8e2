"""The figure system: every figure in both languages, words, alt text, fonts, and the build's
promises (incremental, deterministic, atomic, failure isolation, command line)."""

import json
import re
import shutil
from pathlib import Path

import matplotlib.colors
import numpy as np
import pytest
from PIL import Image

from contents import LANGS, SOURCE_LANG
from figures_src import anim, build, cli, registry, style
from tests.figure_files import SAMPLE, SAMPLE_JOBS, decode
from words import SAME_IN_BOTH, WORDS

ROOT = Path(__file__).resolve().parent.parent
NAMES = list(registry.FIGURES)
JOBS = [(name, lang) for name in NAMES for lang in build.LANGS]
HANGUL = re.compile("[\uac00-\ud7a3]")


def quiet(*args, **kwargs):
    """A log function that drops the progress lines."""


def current_build() -> bool:
    """Whether `make book`'s figures (`_build/figures`) hold every figure, current."""
    other = build.default_out()
    return all(
        build.is_current(name, lang, other, build.figure_key(name, lang)) for name, lang in JOBS
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Every figure in every language in a temporary folder, with this session's build's
    summary: from `make book`'s current figures with the sample removed, so that this session
    draws those (drawing every figure again takes 40 s on 2 cores), or all drawn here."""
    out = tmp_path_factory.mktemp("figures")
    if current_build():
        shutil.copytree(build.default_out(), out, dirs_exist_ok=True)
        for name, lang in SAMPLE_JOBS:
            for path in [*build.output_paths(name, lang, out), build.key_path(name, lang, out)]:
                path.unlink(missing_ok=True)
    summary = build.build(out=out, jobs=2, log=quiet)
    return out, summary


# --------------------------------------------------------------- the figures themselves


def test_figures_are_declared_where_they_are_drawn():
    """Each ``@figure`` function is declared once, under its own name, in a section module."""
    assert {n for n, s in registry.FIGURES.items() if s.kind == "gif"} == {
        "optimizers_contour",
        "optimizers_saddle",
    }
    for name, spec in registry.FIGURES.items():
        assert spec.draw.__name__ == name and spec.draw.__module__.startswith("figures_src.")
    other = registry.FigureSpec("dropout", lambda lang, layout="wide": None)
    with pytest.raises(ValueError, match="two figures are named dropout"):
        registry.FIGURES.add(other)


@pytest.mark.draws
def test_everything_built(built):
    _, summary = built
    assert summary.failed == {}
    assert sorted(summary.built + summary.up_to_date) == sorted(JOBS)
    drawn = set(summary.built)
    assert drawn == (set(SAMPLE_JOBS) if summary.up_to_date else set(JOBS)), drawn


def frames_and_durations(path):
    """Every frame of an animated GIF or WebP as RGB arrays, and each frame's duration in ms."""
    frames, durations = [], []
    with Image.open(path) as im:
        for i in range(im.n_frames):
            im.seek(i)
            frames.append(np.asarray(im.convert("RGB")))
            durations.append(im.info["duration"])
        loop = im.info.get("loop")
    return frames, durations, loop


LAYOUT_JOBS = [
    (name, lang, layout)
    for name, spec in registry.FIGURES.items()
    for lang in build.LANGS
    for layout in spec.layouts
]


@pytest.mark.parametrize(("name", "lang", "layout"), LAYOUT_JOBS)
def test_figure_decodes(built, name, lang, layout):
    out, _ = built
    paths = build.layout_paths(name, lang, layout, out)
    spec, size = registry.FIGURES[name], style.LAYOUTS[layout]
    if spec.kind == "png":
        image = decode(paths["image"])
        assert image.shape[1] == round(size.width * size.dpi)
        assert 300 <= image.shape[0] <= 1400
        assert paths["image"].stat().st_size < 400_000
        return
    gif = paths["image"]
    assert gif.stat().st_size <= 400 * 1024
    frames, durations, loop = frames_and_durations(gif)
    frames = np.stack(frames)
    assert frames.shape[0] > 1
    assert frames.shape[2] == round(size.gif_width * size.gif_dpi) >= 500
    assert loop == 0  # forever
    assert min(durations) >= 20
    still = decode(paths["poster"])
    assert still.shape[:2] == frames.shape[1:3]
    # The poster is the final frame (the GIF's copy went through a 127-colour palette).
    assert np.abs(still[..., :3].astype(int) - frames[-1]).mean() < 8


@pytest.mark.parametrize(
    ("name", "lang"), [j for j in JOBS if registry.FIGURES[j[0]].kind == "gif"]
)
def test_webp_shows_the_gifs_frames(built, name, lang):
    out, _ = built
    for layout in registry.FIGURES[name].layouts:
        paths = build.layout_paths(name, lang, layout, out)
        gif_frames, gif_ms, gif_loop = frames_and_durations(paths["image"])
        webp_frames, webp_ms, webp_loop = frames_and_durations(paths["webp"])
        assert len(webp_frames) == len(gif_frames) > 1
        assert webp_ms == gif_ms and webp_loop == gif_loop == 0
        for i, (a, b) in enumerate(zip(gif_frames, webp_frames, strict=True)):
            assert np.array_equal(a, b), f"{lang}/{name} {layout}: frame {i} differs"
        assert paths["webp"].stat().st_size < paths["image"].stat().st_size


def panel_grid(panels):
    """Rows and columns of panels from their boxes: how many distinct centres across and down."""
    centres = np.array([[(x0 + x1) / 2, (y0 + y1) / 2] for x0, y0, x1, y1 in panels])

    def distinct(values):
        return 1 + int(np.sum(np.diff(np.sort(values)) > 0.05))

    return distinct(centres[:, 1]), distinct(centres[:, 0])


@pytest.mark.parametrize(("name", "lang"), JOBS)
def test_narrow_layout_stacks_the_panels(built, name, lang):
    out, _ = built
    spec = registry.FIGURES[name]
    assert "narrow" in spec.layouts, f"{name} has no narrow layout"
    manifest = build.read_manifest(name, lang, out)
    variants = {v["layout"]: v for v in manifest["variants"]}
    assert list(variants) == list(spec.layouts)
    wide, narrow = variants["wide"], variants["narrow"]
    n = len(wide["panels"])
    assert len(narrow["panels"]) == n
    assert panel_grid(wide["panels"]) == (1, n)  # side by side
    with Image.open(build.layout_paths(name, lang, "narrow", out)["image"]) as image:
        width, height = image.size
    rows, cols = panel_grid(narrow["panels"])
    assert rows * cols >= n and cols <= 2
    if n > 1:  # stacked: in two rows or more, at most as many columns, taller than wide
        assert rows >= 2 and rows >= cols and height > width
    assert width < round(style.WIDTH * style.DPI)


@pytest.mark.parametrize(("name", "lang"), JOBS)
def test_manifest_describes_the_files(built, name, lang):
    out, _ = built
    manifest = build.read_manifest(name, lang, out)
    assert (manifest["name"], manifest["lang"]) == (name, lang)
    for variant in manifest["variants"]:
        layout = variant["layout"]
        theme_media = style.theme_media(variant["theme"])
        media = [m for m in (style.LAYOUTS[layout].media, theme_media) if m]
        assert variant["media"] == (" and ".join(media) or None)
        paths = build.layout_paths(name, lang, layout, out, variant["theme"])
        assert {role: p.name for role, p in paths.items()} == variant["files"]
        for path in paths.values():
            with Image.open(path) as image:
                assert image.size == (variant["width"], variant["height"]), path.name
        assert variant["smallest_text"].strip()
        assert 10 <= variant["min_text_px"] <= 40


# The page's text column is the screen width less 48 px below 768 px (the theme's margins),
# at least 553 px wide above 600 px (the narrow layout's limit), and never below 608 px on
# wider screens (measured in Chromium; the browser tests check the real pages).
PHONE_COLUMNS = (272, 312, 342)  # 320, 360 and 390 px screens
WIDE_MIN_COLUMN = 553


@pytest.mark.parametrize(("name", "lang"), JOBS)
def test_text_is_at_least_9_css_px_on_every_screen(built, name, lang):
    out, _ = built
    for variant in build.read_manifest(name, lang, out)["variants"]:
        limit = style.LAYOUTS[variant["layout"]].max_width
        columns = PHONE_COLUMNS if limit is not None else (WIDE_MIN_COLUMN,)
        for column in columns:
            shown = min(column, variant["width"])
            height = variant["min_text_px"] * shown / variant["width"]
            assert height >= 9, f"{lang}/{name} {variant['layout']}: {height:.1f} px at {column}"


def test_gif_frame_count_matches_scene():
    from experiments import params

    assert params.RACE_STEPS % params.RACE_STEPS_PER_FRAME == 0
    with style.drawing("en"):
        scene = registry.FIGURES["optimizers_saddle"].draw("en")
        style.close(scene.fig)
    assert scene.n_frames == params.SADDLE_STEPS // params.SADDLE_STEPS_PER_FRAME + 1
    assert scene.frame_ms >= 20


# --------------------------------------------------------------- words, alt text, fonts


TRANSLATIONS = [lang for lang in LANGS if lang != SOURCE_LANG]


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_words_have_the_same_keys(lang):
    assert set(WORDS[SOURCE_LANG]) == set(WORDS[lang])


def test_korean_words_are_translated():
    same = {k for k in WORDS["en"] if WORDS["en"][k] == WORDS["ko"][k]}
    assert same <= SAME_IN_BOTH
    for key, text in WORDS["ko"].items():
        if key not in SAME_IN_BOTH and re.search("[A-Za-z]{3,}", re.sub(r"\$[^$]*\$", "", text)):
            assert HANGUL.search(text), key


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_format_fields_agree(lang):
    fields = re.compile(r"\{(\w*)")
    source = WORDS[SOURCE_LANG]
    for key in source:
        assert set(fields.findall(source[key])) == set(fields.findall(WORDS[lang][key])), key


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_has_alt_text_and_caption_in_every_language(lang):
    for spec in registry.FIGURES.values():
        assert len(spec.alt(lang)) > 20 and spec.caption(lang)


def test_alt_text_and_caption_in_both_languages():
    for spec in registry.FIGURES.values():
        assert len(spec.alt("en")) > 40 and len(spec.alt("ko")) > 20
        assert HANGUL.search(spec.alt("ko")) and not HANGUL.search(spec.alt("en"))
        assert HANGUL.search(spec.caption("ko")) and not HANGUL.search(spec.caption("en"))


def test_korean_renders_with_nanum_gothic():
    from matplotlib import font_manager

    with style.drawing("ko"):
        path = font_manager.findfont(font_manager.FontProperties(family=["NanumGothic"]))
        assert Path(path).name == "NanumGothic.ttf"
        import matplotlib.pyplot as plt

        fig = plt.figure()
        fig.text(0.5, 0.5, WORDS["ko"]["loss"] + " \N{MINUS SIGN}1")
        style.png_bytes(fig)  # would raise on a missing glyph
        style.close(fig)


def test_missing_glyph_is_an_error():
    import matplotlib.pyplot as plt

    with style.drawing("en"):
        fig = plt.figure()
        fig.text(0.5, 0.5, WORDS["ko"]["loss"])  # no Hangul in DejaVu Sans
        with pytest.raises(UserWarning, match="missing from font"):
            style.png_bytes(fig)
        style.close(fig)
        fig = plt.figure()
        fig.text(0.5, 0.5, "$" + WORDS["ko"]["loss"] + "$")  # mathtext logs instead of warning
        with pytest.raises(style.MissingGlyphError):
            style.png_bytes(fig)
        style.close(fig)


def test_recorded_text_sizes_are_the_drawn_font_sizes():
    import matplotlib.pyplot as plt

    with style.drawing("en"), style.recording_text() as drawn:
        fig = plt.figure(figsize=(4, 3), dpi=100)
        fig.text(0.1, 0.1, "small", fontsize=7)
        fig.text(0.1, 0.5, "$x_1$ math", fontsize=13)
        fig.text(0.1, 0.8, "hidden", fontsize=3, visible=False)
        fig.text(0.1, 0.9, "   ", fontsize=2)
        style.png_bytes(fig, dpi=144)
        style.close(fig)
    sizes = {text.text: text.pixels for text in drawn}
    assert sizes == {"small": pytest.approx(7 * 144 / 72), "$x_1$ math": pytest.approx(13 * 2)}
    assert not any(text.cut for text in drawn)


def test_text_cut_off_at_the_edge_is_an_error(monkeypatch, tmp_path):
    import matplotlib.pyplot as plt

    def cut_label(lang, layout="wide"):
        fig = plt.figure(figsize=(4, 3))
        fig.text(0.9, 0.5, "this label runs off the right edge")
        return fig

    figures = dict(registry.FIGURES)
    figures["lin_reg_scatter"] = registry.FigureSpec("lin_reg_scatter", cut_label, "png")
    monkeypatch.setattr(registry, "FIGURES", figures)
    with pytest.raises(build.FigureError, match="cut off at the edge.*runs off the right"):
        build.ensure("lin_reg_scatter", "en", out=tmp_path)


def test_wrap_breaks_between_words_counting_hangul_as_two_columns():
    text = WORDS["ko"]["bumpy_title"]
    lines = style.wrap("narrow", text, 20).split("\n")
    assert len(lines) > 1 and " ".join(lines) == text
    for line in lines:
        assert sum(2 if HANGUL.match(c) else 1 for c in line) <= 20 or " " not in line
    assert style.wrap("wide", text, 20) == text


def test_layouts_are_declared_in_the_registry():
    spec = registry.FIGURES["dropout"]
    wide_only = registry.FigureSpec("x", spec.draw, "png", layouts=("wide",))
    assert wide_only.file_names == ["x.png", "x.dark.png", "x.json"]
    with pytest.raises(ValueError, match="no 'narrow' layout"):
        wide_only.files("narrow")
    with pytest.raises(ValueError, match="must start with 'wide'"):
        registry.FigureSpec("x", spec.draw, "png", layouts=("narrow", "wide"))
    with pytest.raises(ValueError, match="unknown layout 'tiny'"):
        style.by_layout("tiny", wide=1)


# --------------------------------------------------------------- incremental and deterministic


def test_second_run_redraws_nothing(built):
    out, _ = built
    summary = build.build(out=out, jobs=2, log=quiet)
    assert summary.built == [] and summary.failed == {}
    assert len(summary.up_to_date) == len(JOBS)
    assert "0 built" in summary.line() and f"{len(JOBS)} up to date" in summary.line()


def test_two_builds_are_byte_identical(built, tmp_path):
    """This session's build equals `make book`'s (`_build/figures`, drawn by other processes)
    file for file; without a current `make book` build, one animation and three pictures are
    drawn again here instead."""
    out, summary = built
    other = build.default_out()
    jobs = summary.built  # drawn in this session; the others were copied from `make book`'s
    if not current_build():
        other = tmp_path / "again"
        again = build.build(SAMPLE, out=other, jobs=2, force=True, log=quiet)
        assert again.ok
        jobs = [(name, lang) for name in SAMPLE for lang in build.LANGS]
    different = [
        f"{lang}/{mine.name}"
        for name, lang in jobs
        for mine, theirs in zip(
            build.output_paths(name, lang, out), build.output_paths(name, lang, other), strict=True
        )
        if mine.read_bytes() != theirs.read_bytes()
    ]
    assert different == []


def write_module(folder, version, source):
    """Import ``source`` as a module inside the figures package (so helpers are followed)."""
    import importlib.util

    path = folder / f"fake_figures_v{version}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(f"figures_src._fake_v{version}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FAKE = """
SCALE = {scale}

def helper(x):
    return x * SCALE + {helper}

def fig_a(lang):
    return [helper(i) for i in range(3)]

def fig_b(lang):
    return {b}
"""


def test_code_fingerprint_follows_own_code_and_helpers(tmp_path):
    fp = build.code_fingerprint
    v1 = write_module(tmp_path, 1, FAKE.format(scale=2, helper=0, b=3))
    v2 = write_module(tmp_path, 2, FAKE.format(scale=2, helper=0, b=4))  # fig_b edited
    v3 = write_module(tmp_path, 3, FAKE.format(scale=2, helper=1, b=3))  # helper edited
    v4 = write_module(tmp_path, 4, FAKE.format(scale=5, helper=0, b=3))  # constant edited
    assert fp(v1.fig_a) == fp(v2.fig_a) and fp(v1.fig_b) != fp(v2.fig_b)
    assert fp(v1.fig_a) != fp(v3.fig_a) and fp(v1.fig_b) == fp(v3.fig_b)
    assert fp(v1.fig_a) != fp(v4.fig_a) and fp(v1.fig_b) == fp(v4.fig_b)


def test_a_word_edit_redraws_only_the_figures_that_draw_it(built, monkeypatch):
    """The key file lists the words a figure drew; editing another word leaves it current."""
    out, _ = built
    key = build.figure_key("lin_reg_scatter", "en")
    stored = json.loads(build.key_path("lin_reg_scatter", "en", out).read_text())
    assert set(stored["words"]) == {"data", "x", "y"}
    assert build.is_current("lin_reg_scatter", "en", out, key)
    table = dict(WORDS["en"])
    monkeypatch.setattr(WORDS["en"], "_table", {**table, "loss": "LOSS"})
    assert build.is_current("lin_reg_scatter", "en", out, key)
    monkeypatch.setattr(WORDS["en"], "_table", {**table, "data": "points"})
    assert not build.is_current("lin_reg_scatter", "en", out, key)


def test_figure_keys_differ_by_figure_and_by_the_languages_fonts():
    keys = {build.figure_key(name, lang) for name, lang in JOBS}
    assert len(keys) == len(JOBS)  # the book's languages draw in different fonts
    assert build.figure_key("dropout", "en") == build.figure_key("dropout", "en")


@pytest.mark.draws
def test_a_language_that_draws_alike_copies_the_figures_it_would_draw(built, tmp_path, monkeypatch):
    """A new language with the source's words and fonts (a translation just begun) copies the
    source's figures, the same files as drawing them in it; a word translated redraws the
    figures that show it, and other fonts redraw every figure."""
    import dataclasses

    import words
    from contents import LANGUAGES

    out, _ = built
    names = ["lin_reg_scatter", "small_nets"]
    copies = tmp_path / "copies"
    shutil.copytree(out / SOURCE_LANG, copies / SOURCE_LANG)
    source = LANGUAGES[SOURCE_LANG]
    table = dict(WORDS[SOURCE_LANG])
    monkeypatch.setitem(LANGUAGES, "xx", dataclasses.replace(source, code="xx"))
    monkeypatch.setitem(WORDS, "xx", words.Words("xx", table))
    lines = []
    summary = build.build(names, ("xx",), jobs=1, out=copies, log=lines.append)
    assert summary.copied == [(name, "xx") for name in names] and summary.built == []
    assert f"copied xx/{names[0]}" in "\n".join(lines) and "2 copied" in summary.line()
    drawn = tmp_path / "drawn"
    summary = build.build(names, ("xx",), jobs=1, force=True, out=drawn, log=quiet)
    assert summary.built == [(name, "xx") for name in names]

    def files(name: str, out: Path) -> list[Path]:
        return [*build.output_paths(name, "xx", out), build.key_path(name, "xx", out)]

    for name in names:
        for mine, theirs in zip(files(name, copies), files(name, drawn), strict=True):
            assert mine.read_bytes() == theirs.read_bytes(), mine.name

    monkeypatch.setitem(WORDS, "xx", words.Words("xx", {**table, "data": "datos"}))
    again = build.build(names, ("xx",), jobs=1, out=copies, log=quiet)
    assert again.built == [("lin_reg_scatter", "xx")] and again.up_to_date == [("small_nets", "xx")]

    other_fonts = ("NanumGothic", *source.font)
    monkeypatch.setitem(LANGUAGES, "yy", dataclasses.replace(source, code="yy", font=other_fonts))
    monkeypatch.setitem(WORDS, "yy", words.Words("yy", table))
    assert build.build(names, ("yy",), jobs=1, out=copies, log=quiet).copied == []


# --------------------------------------------------------------- failures and the command line


def test_failing_figure_leaves_the_others_and_its_old_file(built, tmp_path, monkeypatch):
    out, _ = built
    copy = tmp_path / "figs"
    shutil.copytree(out, copy)
    old = build.output_paths("lin_reg_scatter", "en", copy)[0].read_bytes()

    def lin_reg_scatter(lang, layout="wide"):
        raise RuntimeError("this figure is broken on purpose")

    figures = dict(registry.FIGURES)
    spec = figures["lin_reg_scatter"]
    figures["lin_reg_scatter"] = registry.FigureSpec(spec.name, lin_reg_scatter, "png")
    monkeypatch.setattr(registry, "FIGURES", figures)
    lines = []
    summary = build.build(
        ["lin_reg_scatter", "small_nets"], ("en",), jobs=1, force=True, out=copy, log=lines.append
    )
    assert list(summary.failed) == [("lin_reg_scatter", "en")]
    assert summary.built == [("small_nets", "en")]
    assert "1 failed" in summary.line()
    text = "\n".join(lines)
    assert "FAILED en/lin_reg_scatter" in text and "broken on purpose" in text
    assert build.output_paths("lin_reg_scatter", "en", copy)[0].read_bytes() == old
    # The command line reports the same failure with exit status 1.
    status = cli.main(["lin_reg_scatter", "--lang", "en", "--jobs", "1", "--out", str(copy)])
    assert status == 1


def test_every_keeps_each_steps_frame_and_the_last():
    assert anim.every(list(range(101)), 2) == list(range(0, 101, 2))
    assert anim.every(list(range(11)), 3) == [0, 3, 6, 9, 10]
    assert anim.every(list(range(5)), 1) == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError, match="frame step must be a whole number >= 1"):
        anim.every([0, 1], 0)


@pytest.mark.parametrize(
    ("name", "lang"), [j for j in JOBS if registry.FIGURES[j[0]].kind == "gif"]
)
def test_a_phone_gets_fewer_frames_of_the_same_animation(built, name, lang):
    """The narrow animation shows every `frame_step`-th frame of the scene for as long in all,
    and ends on the same final frame as its poster."""
    out, _ = built
    step = style.LAYOUTS["narrow"].frame_step
    wide, wide_ms, _ = frames_and_durations(build.layout_paths(name, lang, "wide", out)["webp"])
    paths = build.layout_paths(name, lang, "narrow", out)
    narrow, narrow_ms, _ = frames_and_durations(paths["webp"])
    assert step > 1
    assert len(narrow) == (len(wide) - 1) // step + 1 + ((len(wide) - 1) % step != 0)
    assert narrow_ms[:-1] == [wide_ms[0] * step] * (len(narrow) - 1)
    assert narrow_ms[-1] == wide_ms[-1]
    if (len(wide) - 1) % step == 0:
        assert sum(narrow_ms) == sum(wide_ms)  # as long in all
    still = decode(paths["poster"])
    assert np.abs(still[..., :3].astype(int) - narrow[-1]).mean() < 8


# --------------------------------------------------------------- both themes


def first_frame(path) -> np.ndarray:
    """The first frame of a picture or animation, RGB."""
    image = decode(path)
    image = image[0] if image.ndim == 4 else image  # an animation's frames
    return image[..., :3]


@pytest.mark.parametrize(("name", "lang", "layout"), LAYOUT_JOBS)
def test_each_layout_is_drawn_in_each_theme_on_its_paper(built, name, lang, layout):
    out, _ = built
    manifest = build.read_manifest(name, lang, out)
    entries = {(v["layout"], v["theme"]): v for v in manifest["variants"]}
    assert set(entries) == set(registry.FIGURES[name].variants)
    light, dark = entries[layout, "light"], entries[layout, "dark"]
    for key in ("width", "height", "panels", "min_text_px"):
        assert light[key] == dark[key], f"{key}: the dark figure is laid out differently"
    assert "prefers-color-scheme: dark" in dark["media"]
    assert "prefers-color-scheme" not in (light["media"] or "")
    for theme in style.THEMES:
        paths = build.layout_paths(name, lang, layout, out, theme)
        for path in paths.values():
            pixels = first_frame(path).astype(float) / 255
            corners = pixels[[0, 0, -1, -1], [0, -1, 0, -1]]
            paper = np.array(matplotlib.colors.to_rgb(style.palette(theme)["PAPER"]))
            assert np.abs(corners - paper).max() < 0.02, f"{path.name} is not on the {theme} paper"
            mean = pixels.mean()
            assert mean < 0.35 if theme == "dark" else mean > 0.6, f"{path.name}: mean {mean:.2f}"


# --------------------------------------------------------------- errors an author meets


def test_a_missing_figure_word_names_the_key_and_the_file():
    with pytest.raises(KeyError) as caught:
        WORDS["ko"]["no_such_word"]
    assert str(caught.value) == (
        "words/ko.py has no 'no_such_word' in FIGURE_WORDS: add it there (every language's file "
        "has the same keys)"
    )


def test_a_missing_caption_names_the_figure_and_the_file(monkeypatch):
    import words

    spec = registry.FIGURES["dropout"]
    monkeypatch.setitem(words.FIGURE_TEXT["ko"], "dropout", {"alt": "그림"})
    with pytest.raises(KeyError, match=r"figure dropout has no caption in words/ko.py"):
        spec.caption("ko")
    monkeypatch.delitem(words.FIGURE_TEXT["ko"], "dropout")
    with pytest.raises(KeyError, match=r"figure dropout has no alt text and caption in words/ko"):
        spec.alt("ko")


def test_a_figure_function_that_returns_no_figure_is_told_so(monkeypatch, tmp_path):
    def forgot_to_return(lang, layout="wide"):
        style.figure(layout, 2.0)

    spec = registry.FigureSpec("forgot_to_return", forgot_to_return)
    monkeypatch.setattr(build, "_spec", lambda name: spec)
    with pytest.raises(build.FigureError) as caught:
        build.render_layout("forgot_to_return", "en", "wide")
    assert "returned NoneType, not a matplotlib Figure; end it with `return fig`" in str(
        caught.value
    )
    _, _, _, error = build._job("forgot_to_return", "en", tmp_path, "key")
    assert "Traceback" not in error and "return fig" in error


@pytest.mark.parametrize("lang", LANGS)
def test_a_log_axis_and_word_tick_labels_draw_in_every_language(lang):
    """matplotlib's log axis sets "10^{−1}" in the tick label's first font, with no fallback
    (NanumGothic has no minus sign): tick labels take a number font first, then the
    language's, so a new figure with a log axis, or with words as tick labels, just draws."""
    import matplotlib.pyplot as plt

    words = [WORDS[lang]["start"], WORDS[lang]["minimum"], "x"]  # (Hangul in Korean)
    with style.drawing(lang), style.recording_text() as drawn:
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.semilogy([1, 2, 3], [0.01, 1, 100])
        ax.set_xticks([1, 2, 3], words)
        try:
            png = style.png_bytes(fig)
        finally:
            style.close(fig)
    assert png.startswith(b"\x89PNG")
    assert any("10^{-1}" in text.text for text in drawn), [text.text for text in drawn]
