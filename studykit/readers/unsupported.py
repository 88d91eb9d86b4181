"""Formats studykit does not read yet (``.doc``, ``.wps``, ``.rtf``, ``.epub``, ``.odt``): named, with what
to do instead, so that a folder holding them says why they were left out."""

from __future__ import annotations

from pathlib import Path

from .document import Document

_WHAT = {
    ".doc": "a Word 97–2003 document",
    ".wps": "a WPS document",
    ".rtf": "a rich-text (RTF) document",
    ".epub": "an e-book (EPUB)",
    ".odt": "an OpenDocument text",
}


def read(path: Path) -> Document:
    """A ``Document`` that gives no text and says why: the format is not supported yet."""
    what = _WHAT.get(path.suffix.lower(), "a format")
    return Document(skipped=f"{what}, not supported yet: save it as .docx or PDF (or as plain text) and load that")
