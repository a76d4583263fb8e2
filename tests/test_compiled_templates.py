"""The page templates compiled once for every build (book/extension/compiled_templates.py): a
second environment renders from the kept code without compiling, the same text as Jinja's own
compilation; an edited template is compiled again; an environment that compiles otherwise (other
extensions) keeps entries of its own."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment

from book.extension import compiled_templates

PAGE = "{% for x in items %}<li>{{ x|upper }}</li>{% endfor %}{{ _('Next') }}"
CONTEXT = {"items": ["a", "b"], "_": lambda text: f"[{text}]"}


@pytest.fixture
def compiled(tmp_path, monkeypatch):
    """Where the kept entries go, and a list of every template Jinja compiles from source."""
    monkeypatch.setenv("ML4A_BUILD_CACHE", str(tmp_path / "cache"))
    names: list[str] = []
    compile_source = Environment._compile

    def counting(self, source, filename):
        names.append(filename)
        return compile_source(self, source, filename)

    monkeypatch.setattr(Environment, "_compile", counting)
    return tmp_path / "cache" / compiled_templates.KIND, names


def environment(source: str, extensions=(), kept: bool = True) -> Environment:
    """An environment with one template, `page.html`, using the kept entries or not."""
    env = Environment(loader=DictLoader({"page.html": source}), extensions=list(extensions))
    if kept:
        env.bytecode_cache = compiled_templates.KeptTemplates()
    return env


def render(env: Environment) -> str:
    return env.get_template("page.html").render(CONTEXT)


def test_a_kept_template_renders_as_jinja_compiles_it_without_compiling(compiled):
    folder, names = compiled
    reference = render(environment(PAGE, kept=False))
    assert render(environment(PAGE)) == reference == "<li>A</li><li>B</li>[Next]"
    assert len(names) == 2 and len(list(folder.iterdir())) == 1
    assert render(environment(PAGE)) == reference  # a new environment, as a new build
    assert len(names) == 2, "the kept code was compiled again"
    assert not [p for p in folder.iterdir() if ".part-" in p.name]


def test_an_edited_template_is_compiled_again(compiled):
    _, names = compiled
    render(environment(PAGE))
    edited = PAGE.replace("upper", "lower")
    assert render(environment(edited)) == "<li>a</li><li>b</li>[Next]"
    assert len(names) == 2


def test_other_extensions_keep_their_own_entry(compiled):
    folder, names = compiled
    render(environment(PAGE))
    with_i18n = environment(PAGE, extensions=["jinja2.ext.i18n"])
    with_i18n.install_null_translations()
    assert with_i18n.get_template("page.html").render(items=["a"]) == "<li>A</li>Next"
    assert len(names) == 2 and len(list(folder.iterdir())) == 2
