"""Plain text files (``.txt``, and files of other suffixes that hold text): the decoded text as it is.

A text that turns out to be a saved web page (it starts with ``<!doctype html`` or ``<html``) is read as one.
"""

from __future__ import annotations

import re
from pathlib import Path

from .document import Document
from .encoding import read_document
from .webpage import html_to_text

_HTML_START = re.compile(r"\s*(<!doctype html|<html)", re.I)


def read(path: Path) -> Document:
    """The ``Document`` of a text file: one part, its whole text."""
    return read_document(path, _as_text)


def _as_text(text: str) -> str:
    """``text`` itself, or the text of the web page it turns out to be."""
    return html_to_text(text) if _HTML_START.match(text[:200]) else text
