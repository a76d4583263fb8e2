"""Formulas typeset while the site is built, with KaTeX: the pages need no math JavaScript.

Sphinx hands every formula to `KaTeX`, which asks one long-running Node.js process
(`book/extension/katex_render.js`, KaTeX from the npm registry, pinned in `book/package-lock.json`)
to turn the TeX into HTML. A formula KaTeX cannot read is a build warning (an error in the strict
build) naming the page and the TeX. The pages load only KaTeX's style sheet and fonts, copied into
`_static/katex/`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

HERE = Path(__file__).resolve().parent
KATEX = HERE.parent / "node_modules" / "katex" / "dist"
SCRIPT = HERE / "katex_render.js"
logger = logging.getLogger(__name__)


class KaTeX:
    """A Node.js process that renders TeX with KaTeX, started on first use."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def start(self) -> subprocess.Popen:
        """The running renderer."""
        if self.process is None or self.process.poll() is not None:
            if shutil.which("node") is None:
                raise ExtensionError("Node.js is needed to typeset the formulas (`node`)")
            self.process = subprocess.Popen(
                ["node", str(SCRIPT)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
        return self.process

    @cache  # noqa: B019 (one renderer for the whole build)
    def render(self, tex: str, display: bool) -> tuple[str, str | None]:
        """``(html, error)`` for one formula."""
        process = self.start()
        process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
        process.stdin.flush()
        answer = json.loads(process.stdout.readline())
        return answer.get("html", ""), answer.get("error")

    def stop(self, *args) -> None:
        """End the renderer."""
        if self.process is not None and self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=10)


RENDERER = KaTeX()


def typeset(translator, node: nodes.Element, tex: str, display: bool) -> str:
    """HTML for one formula; a warning (with the page and the TeX) when KaTeX refuses it."""
    html, error = RENDERER.render(tex, display)
    if error:
        logger.warning("KaTeX cannot typeset %r: %s", tex, error, location=node)
        return f'<span class="math-error">{translator.encode(tex)}</span>'
    return html


def visit_math(translator, node: nodes.math) -> None:
    """An inline formula."""
    translator.body.append(typeset(translator, node, node.astext(), display=False))
    raise nodes.SkipNode


def visit_displaymath(translator, node: nodes.math_block) -> None:
    """A display formula (blank lines separate several), numbered when it has a label."""
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    number = ""
    if node.get("number"):
        number = f'<span class="eqno">({node["number"]})</span>'
    html = "".join(typeset(translator, node, part, display=True) for part in parts)
    ids = " ".join(node.get("ids", []))
    anchor = f' id="{ids}"' if ids else ""
    translator.body.append(f'<div class="math-display"{anchor}>{number}{html}</div>\n')
    raise nodes.SkipNode


def stage_katex(app: Sphinx) -> Path:
    """Copy KaTeX's style sheet and web fonts into a folder that Sphinx copies to `_static/`."""
    if not (KATEX / "katex.min.css").is_file():
        raise ExtensionError(
            f"KaTeX is missing from {KATEX}; run `make setup` (npm ci --prefix book)"
        )
    staged = Path(app.outdir).parent / "katex-static"
    target = staged / "katex"
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(KATEX / "katex.min.css", target / "katex.min.css")
    for font in (KATEX / "fonts").glob("*.woff2"):
        shutil.copyfile(font, target / "fonts" / font.name)
    return staged


def setup(app: Sphinx) -> None:
    """Register KaTeX as the HTML math renderer."""
    app.add_html_math_renderer("katex_prerender", (visit_math, None), (visit_displaymath, None))
    app.add_css_file("katex/katex.min.css")
    app.connect("build-finished", RENDERER.stop)
