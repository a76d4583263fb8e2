"""The page templates (Sphinx's, the themes', the book's) compiled once for every build of the
clone: Jinja's compiled code for each, kept by `kept.py` (`templates/<key>`), so that a book's
build does not compile again the 40-odd templates it renders pages with (about a quarter of a
second in each book's process: 0.47 core-seconds of a small two-book build's 4.8).

Jinja checks each entry against a checksum of the template's source before using it, so an
edited template is compiled again; the key adds what else shapes the compiled code (the
template's name and file, the environment's kind, extensions and escaping, Jinja's and Python's
versions). The pages are the same bytes with or without the entries.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sys
import tempfile

from jinja2.bccache import Bucket, BytecodeCache
from sphinx.application import Sphinx

from book.extension import kept

KIND = "templates"


class KeptTemplates(BytecodeCache):
    """A Jinja bytecode cache whose entries are `kept.py`'s (shared, least recently used
    removed)."""

    def key(self, bucket: Bucket) -> str:
        """The entry's name: the bucket's key (template name and file) and the environment."""
        environment = bucket.environment
        parts = (
            bucket.key,
            type(environment).__qualname__,
            repr(sorted(environment.extensions)),
            repr(environment.autoescape),
            importlib.metadata.version("jinja2"),
            sys.version,
        )
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill the bucket from its entry, if one is kept (Jinja rejects a stale one)."""
        entry = kept.find(KIND, self.key(bucket))
        if entry is None:
            return
        try:
            bucket.bytecode_from_string(entry.read_bytes())
        except OSError:  # removed by another build since it was found
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the bucket's compiled code as its entry."""
        descriptor, made = tempfile.mkstemp(dir=kept.folder(KIND), prefix=".part-")
        with os.fdopen(descriptor, "wb") as file:
            file.write(bucket.bytecode_to_string())
        kept.keep(KIND, self.key(bucket), made)


def use_kept_templates(app: Sphinx) -> None:
    """Give the HTML builder's template environment the kept compiled templates."""
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None:
        environment.bytecode_cache = KeptTemplates()


def setup(app: Sphinx) -> None:
    """Register the hook."""
    app.connect("builder-inited", use_kept_templates)
