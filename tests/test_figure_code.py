""" "Show code" under every figure (`pages.listing`): the code that drew it, read from the
source, which redraws the same figure when run at the repository root."""

from __future__ import annotations

import ast
import builtins
import inspect
import io
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import pages as book
from contents import LANGS
from figures_src.registry import FIGURES
from pages import listing

ROOT = Path(__file__).resolve().parent.parent
FIGURE_CELL = re.compile(r"```\{code-cell\} ipython3\n(:tags: \[[^\]]*\])\npages\.figure\(")


@pytest.mark.parametrize("lang", LANGS)
def test_figure_cells_hide_their_input_entirely(lang):
    for page in sorted((ROOT / "chapters" / lang).glob("*.md")):
        for tags in FIGURE_CELL.findall(page.read_text(encoding="utf-8")):
            assert tags == ":tags: [remove-input]", f"{page.name}: {tags}"


@pytest.mark.parametrize("name", list(FIGURES))
def test_the_listing_is_the_source_of_the_figure_and_its_experiment(name):
    code = listing.figure_listing(name, "ko")
    draw = FIGURES[name].draw
    source = textwrap.dedent(inspect.getsource(draw)).strip()
    assert source.startswith("@figure(")  # declared where it is drawn; the listing leaves it
    assert source.partition("\n")[2] in code and "@figure" not in code
    for helper in listing.helpers(draw):
        assert inspect.getsource(helper).strip() in code
        root = helper.__module__.partition(".")[0]
        assert helper.__module__ == draw.__module__ or root == "experiments"
    assert f'{name}("ko")' in code
    assert "from ." not in code and "registry" not in code and "build" not in code
    compile(code, name, "exec")


def test_the_experiment_is_shown_not_imported():
    code = listing.figure_listing("lin_reg_mse_gradientdescent", "en")
    assert "def descent_path():" in code and "optim.descend(" in code
    race = listing.figure_listing("optimizers_contour", "en")
    assert "def race_paths(" in race and "def optimizer_race_scene(" in race
    assert "import race_paths" not in race and "from figures_src.neural_networks import" not in race
    assert "def bumpy_paths():" not in race  # only what this figure uses


def test_relative_imports_become_absolute():
    assert listing.absolute("style", 1, "figures_src") == "figures_src.style"
    assert listing.absolute(None, 1, "figures_src") == "figures_src"
    assert listing.absolute("numpy", 0, "figures_src") == "numpy"


def test_the_figure_cell_names_the_code_under_the_figure(monkeypatch):
    """The cell ends with the ``figure-code`` directive, which Sphinx turns into the listing
    (`book/extension/figure_code.py`); the cell itself holds no code of the figure."""
    monkeypatch.setitem(book._page, "lang", "ko")
    out = book.figure("overfitting").text
    figure_end = out.index("````\n")
    assert out.index("```{figure-code} overfitting\n```\n") > figure_end
    assert listing.figure_listing("overfitting", "ko") not in out


def test_the_directive_writes_the_listing_in_the_books_language(tmp_path):
    """Sphinx, with the book's extension, turns the directive into the collapsed listing: the
    figure's code in the words of the book's language, as `pages.listing.details` has it."""
    from sphinx.application import Sphinx

    from book.extension import figure_code

    for lang, summary in (("en", "Show code"), ("ko", "코드 보기")):
        source = tmp_path / lang
        source.mkdir()
        (source / "conf.py").write_text(
            f"language = {lang!r}\nextensions = ['myst_parser']\n", encoding="utf-8"
        )
        page = "# A page\n\n```{figure-code} overfitting\n```\n\n```{figure-code} nope\n```\n"
        (source / "index.md").write_text(page, encoding="utf-8")
        warnings = io.StringIO()
        app = Sphinx(
            source,
            source,
            source / "out",
            source / "doctrees",
            "html",
            status=None,
            warning=warnings,
            freshenv=True,
        )
        figure_code.setup(app)
        app.build()
        html = (source / "out" / "index.html").read_text(encoding="utf-8")
        assert f'<details class="ml4a-code">\n<summary>{summary}</summary>' in html
        assert "figures_src/hyperparameters.py" in html
        assert '<div class="highlight-python notranslate">' in html
        assert 'class="nf">overfitting</span>' in html
        assert "figure-code: unknown figure(s): nope; valid names: " in warnings.getvalue()


def test_unknown_names_get_a_clear_error():
    with pytest.raises(ValueError, match="unknown figure 'nope'"):
        listing.figure_listing("nope", "en")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        listing.figure_listing("overfitting", "fr")


# Runs every listing in a fresh interpreter at the repository root, each in an empty folder,
# and compares the file it writes with the build's. A PNG is written as the build writes one
# (`style.png_bytes`, the same pixels in a 256-colour palette) rather than by savefig alone.
REDRAW = """
import json, os, sys
from pathlib import Path
import matplotlib.figure
sys.path.insert(0, os.getcwd())
from figures_src import build, style
from pages import listing
from figures_src.registry import FIGURES

savefig = matplotlib.figure.Figure.savefig

def save_as_the_build_does(fig, path, **options):
    matplotlib.figure.Figure.savefig = savefig
    try:
        Path(path).write_bytes(style.png_bytes(fig))
    finally:
        matplotlib.figure.Figure.savefig = save_as_the_build_does

out, root = Path(sys.argv[1]), os.getcwd()
builds = {name: build.ensure(name, "en")[0].read_bytes() for name in FIGURES}  # before the patch
matplotlib.figure.Figure.savefig = save_as_the_build_does
same = {}
for name in FIGURES:
    here = out / name
    here.mkdir()
    os.chdir(here)
    exec(compile(listing.figure_listing(name, "en"), name, "exec"), {})
    os.chdir(root)
    written = sorted(p.name for p in here.iterdir())
    mine = (here / written[0]).read_bytes() if written else b""
    same[name] = [written, mine == builds[name]]
print(json.dumps(same))
"""


@pytest.mark.draws
def test_every_listing_run_at_the_root_redraws_the_same_figure(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", REDRAW, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    same = json.loads(result.stdout.strip().splitlines()[-1])
    assert same.keys() == FIGURES.keys()
    for name, (written, equal) in same.items():
        suffix = ".gif" if FIGURES[name].kind == "gif" else ".png"
        assert written == [name + suffix], f"{name}: the listing wrote {written}"
        assert equal, f"{name}: the listing draws a different figure from the build's"


# Packages whose functions may be handed a figure's language: the figure code itself and the
# words' lookups (`words.optimizer_name`).
LANGUAGE_TAKERS = ("figures_src", "experiments", "words")


def language_uses(function) -> list[str]:
    """Each use of the name ``lang`` in ``function``'s source other than reading its words
    (``WORDS[lang]``) or handing it to a function of `LANGUAGE_TAKERS`."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Name) and node.id == "lang"):
            continue
        parent = parents[node]
        if isinstance(parent, ast.keyword):
            parent = parents[parent]
        if isinstance(parent, ast.Subscript) and ast.unparse(parent.value) == "WORDS":
            continue
        if isinstance(parent, ast.Call) and node is not parent.func:
            callee = resolved(function, parent.func)
            if (getattr(callee, "__module__", "") or "").partition(".")[0] in LANGUAGE_TAKERS:
                continue
        line = function.__code__.co_firstlineno + node.lineno - 1
        found.append(f"{function.__module__}:{line}: {ast.unparse(parent)}")
    return found


def resolved(function, expression: ast.expr):
    """The object a called name (``helper`` or ``module.helper``) stands for in ``function``."""
    if isinstance(expression, ast.Name):
        return function.__globals__.get(expression.id, getattr(builtins, expression.id, None))
    if isinstance(expression, ast.Attribute):
        owner = resolved(function, expression.value)
        return getattr(owner, expression.attr, None)
    return None


def test_figure_code_reaches_the_language_only_through_its_words():
    """A figure's key leaves its language out (figures_src/build.py: a language that draws the
    same words in the same fonts copies another's files), so the code that draws it may use
    `lang` only to read words or to hand it on to code that is held to the same rule."""
    from figures_src.build import followed_functions

    functions = {f for spec in FIGURES.values() for f in followed_functions(spec.draw)}
    assert len(functions) > len(FIGURES)
    assert [use for f in sorted(functions, key=listing.order) for use in language_uses(f)] == []


def test_a_figure_that_writes_its_language_is_caught():
    import matplotlib.pyplot as plt

    from words import WORDS

    def titled(lang, layout="wide"):
        fig, ax = plt.subplots()
        ax.set_xlabel(WORDS[lang]["x"])
        ax.set_title(lang.upper())
        ax.text(0, 0, f"{lang}")
        return fig

    assert [use.partition(": ")[2] for use in language_uses(titled)] == [
        "lang.upper",
        "{lang}",
    ]
