"""Plain text files (``.txt``, and files of other suffixes that hold text): the decoded text as it is.

A text that turns out to be a saved web page (it starts with ``<!doctype html`` or ``<html``) is read as one.
"""

from __future__ import annotations

import re
from pathlib import Path

from .document import Document, Part
from .encoding import read_text


def read(path: Path) -> Document:
    """The ``Document`` of a text file: one part, its whole text."""
    text, notes, skipped = read_text(path)
    if text is not None and re.match(r"\s*(<!doctype html|<html)", text[:200], re.I):
        from .webpage import from_markup

        return from_markup(path, text, notes, skipped)
    if text is None:
        return Document(warnings=notes, skipped=skipped)
    if not text.strip():
        return Document(warnings=notes, skipped="no text in it")
    return Document([Part(text)], notes)
