"""The landing page's list of sections and each page's meta description, from the pages' own
front matter.

Every page says what it is about in one sentence, in its language, as ``description:`` in its
front matter (the block between the ``---`` lines at its top). That sentence is the page's
``<meta name="description">`` (what a search engine shows under its title), and the landing page's
list of sections is made from them: where its Markdown has

    ```{sections}
    ```

the book's other pages are listed in `_toc.yml`'s order, each as a link with its title (its first
heading) and its description. A new page joins the list by being in `_toc.yml`; editing a
description or a title updates the list at the next build (the landing page depends on every
page's file).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import SphinxDirective

from contents import pages_by_language

KEY = "description"


class DescriptionError(SphinxError):
    """A page without a usable ``description:`` in its front matter."""

    category = "Page description"


def front_matter(path: Path) -> dict:
    """The YAML front matter of a Markdown page (empty if it has none)."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    block, found, _ = text[4:].partition("\n---")
    if not found:
        return {}
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as error:
        raise DescriptionError(f"{path}: its front matter is not valid YAML ({error})") from None
    return data if isinstance(data, dict) else {}


def description(path: Path) -> str:
    """A page's one-sentence description, or a DescriptionError that says what to add where."""
    value = front_matter(path).get(KEY)
    if not isinstance(value, str) or not value.strip():
        raise DescriptionError(
            f"{path}: add `{KEY}: <one sentence on what the page is about>` to its front matter "
            "(the block between the --- lines at its top); it is the page's meta description and "
            "its entry in the landing page's list of sections"
        )
    return " ".join(value.split())


class SectionsDirective(SphinxDirective):
    """``{sections}``: the book's pages after the landing page, each a link and its description."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        pages = pages_by_language()[self.config.language]
        description(Path(self.env.doc2path(self.env.docname)))  # the landing page's own, too
        items = nodes.bullet_list(classes=["ml4a-sections"])
        for page in pages:
            if page == self.env.docname:
                continue
            path = Path(self.env.doc2path(page))
            self.env.note_dependency(str(path))
            link = pending_xref(
                "",
                nodes.inline("", page),
                refdomain="std",
                reftype="doc",
                reftarget=f"/{page}",
                refexplicit=False,
                refwarn=True,
                refdoc=self.env.docname,
            )
            paragraph = nodes.paragraph("", "", link, nodes.Text(f": {description(path)}"))
            items += nodes.list_item("", paragraph)
        return [items]


def meta_description(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Write the page's description (the landing page's on the generated pages: search, index)
    as its ``<meta name="description">``."""
    metadata = app.env.metadata
    own = (metadata.get(pagename) or {}).get(KEY)
    text = own or (metadata.get(app.config.root_doc) or {}).get(KEY)
    if isinstance(text, str) and text.strip():
        tag = f'<meta name="description" content="{escape(" ".join(text.split()), quote=True)}">'
        context["metatags"] = f"{context.get('metatags', '')}\n{tag}"


def setup(app: Sphinx) -> None:
    """Register the directive and the hook."""
    app.add_directive("sections", SectionsDirective)
    app.connect("html-page-context", meta_description)
