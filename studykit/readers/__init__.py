"""Readers: one module per file format, each turning one file into a ``Document`` (its text, with the
structure the format gives).

    encoding   bytes → text: UTF-8 (± BOM), UTF-16/32, GB18030 and what charset-normalizer recognises
    plain      ``.txt`` (and text that turns out to be a saved web page)
    webpage    ``.html``, ``.htm``: the page's text without scripts, menus and page furniture
    markdown   ``.md``: the text without its markup

``read(path)`` picks the reader by the file's suffix and returns its ``Document``; ``SUFFIXES`` lists
the suffixes a folder is searched for. Readers only read: a corpus file is never written.
"""

from __future__ import annotations

from pathlib import Path

from .document import Document, Part

#: suffix → reader module (imported when first needed)
READERS = {".txt": "plain", ".md": "markdown", ".html": "webpage", ".htm": "webpage"}
SUFFIXES = tuple(READERS)

__all__ = ["Document", "Part", "READERS", "SUFFIXES", "read"]


def read(path: Path) -> Document:
    """The ``Document`` of the file at ``path``, read by the reader for its suffix (plain text otherwise)."""
    import importlib

    module = importlib.import_module(f"{__name__}.{READERS.get(path.suffix.lower(), 'plain')}")
    return module.read(path)
