"""Readers: one module per file format, each turning one file into a ``Document`` (its text, with the
structure the format gives).

    encoding   bytes → text: UTF-8 (± BOM), UTF-16/32, GB18030 and what charset-normalizer recognises
    plain      ``.txt`` (and text that turns out to be a saved web page)
    webpage    ``.html``, ``.htm``: the page's text without scripts, menus and page furniture
    markdown   ``.md``: the text without its markup
    pdf        ``.pdf``: the text in reading order without page furniture, cut into articles by the outline
    word       ``.docx``: paragraphs, tables and footnotes; heading styles start articles
    unsupported ``.doc``, ``.wps``, ``.rtf``, ``.epub``, ``.odt``: named, with what to do instead

``read(path)`` picks the reader by the file's suffix and returns its ``Document``; ``READERS`` maps the
suffixes a folder is searched for to their readers, ``SUFFIXES`` lists those of the formats read.
Readers only read: a corpus file is never written.
"""

from __future__ import annotations

from pathlib import Path

from .document import Document, Part

#: suffix → reader module (imported when first needed)
READERS = {".txt": "plain", ".md": "markdown", ".html": "webpage", ".htm": "webpage", ".pdf": "pdf", ".docx": "word",
           **dict.fromkeys((".doc", ".wps", ".rtf", ".epub", ".odt"), "unsupported")}
#: the suffixes of the formats studykit reads (a folder's files of the other suffixes in ``READERS`` are
#: named as not supported yet, with what to do)
SUFFIXES = tuple(k for k, v in READERS.items() if v != "unsupported")

__all__ = ["Document", "Part", "READERS", "SUFFIXES", "read"]


def read(path: Path, *, password: str | None = None) -> Document:
    """The ``Document`` of the file at ``path``, read by the reader for its suffix (plain text otherwise;
    a PDF or Word file under another suffix is recognised by its first bytes). ``password`` opens an
    encrypted PDF."""
    import importlib

    name = READERS.get(path.suffix.lower(), "plain")
    if name in ("plain", "markdown", "webpage"):
        name = _sniffed(path) or name
    module = importlib.import_module(f"{__name__}.{name}")
    return module.read(path, password=password) if name == "pdf" else module.read(path)


def _sniffed(path: Path) -> str | None:
    """``"pdf"`` or ``"word"`` when the file's first bytes say it is one, whatever its suffix."""
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError:
        return None
    if head == b"%PDF":
        return "pdf"
    if head == b"PK\x03\x04":
        import zipfile

        try:
            with zipfile.ZipFile(path) as z:
                return "word" if "word/document.xml" in z.namelist() else None
        except (zipfile.BadZipFile, OSError):
            return None
    return None
