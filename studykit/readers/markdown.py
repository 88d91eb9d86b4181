"""Markdown files (``.md``): the text without its markup (headings, quotes, links, images, bold, rules)."""

from __future__ import annotations

import re
from pathlib import Path

from .document import Document
from .encoding import read_document

_MD = (
    (re.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$"), r"\1"),  # headings
    (re.compile(r"(?m)^[ \t]{0,3}>[ \t]?"), ""),  # quotes
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links: their text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?m)^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$"), ""),  # rules
)


def markdown_to_text(md: str) -> str:
    """Markdown with its markup removed: headings, quotes, links, images, bold, rules."""
    for pattern, repl in _MD:
        md = pattern.sub(repl, md)
    return md


def read(path: Path) -> Document:
    """The ``Document`` of a Markdown file: one part, its text without markup."""
    return read_document(path, markdown_to_text)
