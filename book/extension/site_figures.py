"""Figures served for the reader's screen: a `<picture>` per figure, a tap opens it full size.

A figure cell (`pages.figure`) writes a Sphinx figure whose image is the figure's
wide picture; beside that file the figure build writes the figure's manifest, `<name>.json`
(see `figures_src/build.py`): every layout's files, their pixel size, the CSS media query
each layout is served for and the smallest text in it. For every image that has such a
manifest, this extension

- has Sphinx copy the other files too (they join the environment's images, with the page as
  their user, and the page is rebuilt when one of them or the manifest changes);
- writes the image as a `<picture>`: a `<source>` per layout and theme that has a media query
  (a phone's browser downloads the one of its layout and theme only: the narrow dark picture,
  then the narrow light one, then the wide dark one are tried in that order), the wide light
  picture as the `<img>`; an animation's WebP comes first in each (`type="image/webp"`), its
  GIF after it as the fallback;
- wraps the picture in a link to the largest file (the wide picture), which the reader's
  browser opens at full resolution, where it can be zoomed.

The dark pictures' media queries name `prefers-color-scheme: dark`, so that the first paint
already shows the reader's system theme; when the reader picks a theme with the theme's own
switch, `static/ml4a.js` rewrites those queries (and the link) to follow it, live.

Every `<source>` and the `<img>` carry their pixel size (`width`, `height`) and
`data-min-text-px`, the font size of the smallest text in that file in image pixels, so the
text's height on screen is `data-min-text-px` x shown width / natural width. An animation's
also carry `data-still`, the still poster of the same layout, which the pause control of
`static/ml4a.js` swaps in.

The other pictures a page shows, the animations' still posters and the explorers' maps (Sphinx
images with the classes in `SIZED`), get their pixel size too (`width`, `height`, read from the
file), so that the browser keeps their room before they load; the style sheet scales them.
"""

from __future__ import annotations

import json
import posixpath
import re
import urllib.parse
from html import escape
from pathlib import Path

from docutils import nodes
from PIL import Image
from sphinx.application import Sphinx

WEBP = "image/webp"


class figure_picture(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """A figure's image with the other layouts it is served in: the image node is its child;
    ``variants`` lists each layout's files (paths from the source folder), size, media query
    and smallest text, the default (wide) one last."""


def manifest_of(srcdir: str | Path, uri: str) -> dict | None:
    """The manifest written beside the picture at ``uri`` (a path from the source folder), if
    that picture is a figure's wide picture; else None."""
    picture = Path(srcdir) / uri
    manifest = picture.with_suffix(".json")
    if not manifest.is_file():
        return None
    data = json.loads(manifest.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "variants" not in data:
        return None  # another picture's data (an explorer's map), not a figure's manifest
    wide = [v for v in data["variants"] if v["media"] is None]
    if len(wide) != 1 or wide[0]["files"]["image"] != picture.name:
        return None
    return data


def collect_pictures(app: Sphinx, doctree: nodes.document) -> None:
    """Wrap each figure picture that has a manifest, and register all its files with Sphinx.

    Runs after Sphinx's own image collector, which made each image's ``uri`` a path from the
    source folder.
    """
    env = app.env
    docname = env.docname
    for image in list(doctree.findall(nodes.image)):
        if isinstance(image.parent, figure_picture) or "?" in image.get("candidates", {}):
            continue
        manifest = manifest_of(app.srcdir, image["uri"])
        if manifest is None:
            continue
        folder = posixpath.dirname(image["uri"])
        env.dependencies[docname].add(posixpath.join(folder, f"{manifest['name']}.json"))
        variants = []
        for variant in manifest["variants"]:
            files = {role: posixpath.join(folder, name) for role, name in variant["files"].items()}
            for path in files.values():
                env.dependencies[docname].add(path)
                env.images.add_file(docname, path)
            variants.append({**variant, "files": files})
        variants.sort(key=_tried_order)
        picture = figure_picture(variants=variants, kind=manifest["kind"])
        image.replace_self(picture)
        picture.append(image)


def _tried_order(variant: dict) -> tuple[bool, bool]:
    """Sort key of the `<source>`s: the browser takes the first that matches, so narrower
    layouts come before wider ones and, within a layout, dark before light; the default (the
    wide light picture, with no media query) comes last."""
    return variant["layout"] == "wide", variant["theme"] == "light"


def register_copies(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Tell the builder to copy every file of each picture into `_images/` (Sphinx copies only
    the images it finds in the pages)."""
    for picture in doctree.findall(figure_picture):
        for variant in picture["variants"]:
            for path in variant["files"].values():
                if path in app.env.images:
                    app.builder.images[path] = app.env.images[path][1]


def _attributes(**values) -> str:
    """HTML attributes, escaped, skipping None values."""
    return "".join(
        f' {name.replace("_", "-")}="{escape(str(value), quote=True)}"'
        for name, value in values.items()
        if value is not None
    )


def visit_picture_html(self, node: figure_picture) -> None:
    """Write `<a href="full size"><picture><source …><img …></picture></a>`."""

    def url(path: str) -> str:
        return posixpath.join(self.builder.imgpath, urllib.parse.quote(self.builder.images[path]))

    image = node.children[0]
    animated = node["kind"] == "gif"
    default = node["variants"][-1]
    html = [f'<a class="ml4a-zoom"{_attributes(href=url(default["files"]["image"]))}>', "<picture>"]

    def common(variant: dict) -> dict:
        still = url(variant["files"]["poster"]) if animated else None
        return {
            "width": variant["width"],
            "height": variant["height"],
            "data_layout": variant["layout"],
            "data_theme": variant["theme"],
            "data_min_text_px": variant["min_text_px"],
            "data_still": still,
        }

    for variant in node["variants"]:
        media = variant["media"]
        if animated:
            webp = url(variant["files"]["webp"])
            html.append(
                f"<source{_attributes(media=media, type=WEBP, srcset=webp, **common(variant))}>"
            )
        if media is not None:
            srcset = url(variant["files"]["image"])
            html.append(f"<source{_attributes(media=media, srcset=srcset, **common(variant))}>")
    classes = " ".join(image.get("classes", [])) or None
    first = not getattr(self, "ml4a_pictured", False)  # a translator writes one page
    self.ml4a_pictured = True
    img = _attributes(
        src=url(default["files"]["image"]),
        alt=image.get("alt", ""),
        # The page's first picture is fetched at once, first among pictures (it may be what a
        # reader sees first: the largest paint must not wait for a scroll check); the others as
        # the reader scrolls near, so that on a slow link they do not share it with the style
        # sheets that the first paint waits for.
        loading=None if first else "lazy",
        fetchpriority="high" if first else None,
        decoding="async",
        **common(default),
    )
    html.append(f"<img{img}{_attributes(**{'class': classes})}>")
    html.append("</picture></a>\n")
    self.body.append("".join(html))
    raise nodes.SkipNode


def visit_passthrough(self, node: figure_picture) -> None:
    """Other formats (LaTeX, text, ...) show the image inside as usual."""


def depart_passthrough(self, node: figure_picture) -> None:
    """Nothing to close."""


SIZED = ("ml4a-poster", "ml4a-explorer-map")
IMAGE_TAG = re.compile(r'<img\b[^>]*\bclass="(?:[^"]*\s)?(?:' + "|".join(SIZED) + r")\b[^>]*>")


def sized_images(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Give each poster and explorer map on the page its pixel size (`SIZED`)."""
    body = context.get("body")
    if not body or not any(name in body for name in SIZED):
        return
    sources = {dest: source for source, dest in app.builder.images.items()}

    def size(match: re.Match) -> str:
        tag = match[0]
        src = re.search(r'\bsrc="([^"]+)"', tag)
        if " width=" in tag or not src:
            return tag
        name = urllib.parse.unquote(posixpath.basename(src[1]))
        if name not in sources:
            return tag
        with Image.open(Path(app.srcdir) / sources[name]) as image:  # reads the header only
            width, height = image.size
        return tag.replace("<img ", f'<img width="{width}" height="{height}" ', 1)

    context["body"] = IMAGE_TAG.sub(size, body)


def setup(app: Sphinx) -> None:
    """Register the picture node and the hooks that fill it and copy its files."""
    passthrough = (visit_passthrough, depart_passthrough)
    app.add_node(
        figure_picture,
        html=(visit_picture_html, depart_passthrough),
        latex=passthrough,
        text=passthrough,
        man=passthrough,
        texinfo=passthrough,
    )
    app.connect("doctree-read", collect_pictures, priority=600)
    app.connect("doctree-resolved", register_copies)
    app.connect("html-page-context", sized_images)
