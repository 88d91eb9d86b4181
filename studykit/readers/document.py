"""What a reader returns: a ``Document`` of one or more ``Part`` objects, and what it had to say."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass
class Part:
    """One piece of a file's text, as the format gives it.

    ``text`` is cleaned text (``text.clean``), one line per line of the source, ready for the repair;
    ``title`` is a title the format itself gives (a PDF bookmark, a Word heading), or None; ``pages``
    is the first and last page it comes from (1-based), when the format has pages.

    ``kind`` is ``"article"`` when the part is one whole article titled ``title`` (the repair does not
    split it, and ``title`` wins over what it finds), None when the repair decides what the text holds.
    ``line_pages`` gives, for each line of ``text``, the first and last page it stands on (paged formats
    only). ``paragraphs``: each line of ``text`` is a whole paragraph (a format that knows its
    paragraphs, such as PDF or Word), so the repair joins no lines.
    """

    text: str
    title: str | None = None
    pages: tuple[int, int] | None = None
    kind: str | None = None
    line_pages: list[tuple[int, int]] | None = None
    paragraphs: bool = False


@dataclass
class Document:
    """A file as read: its ``parts`` in order (empty when nothing could be read), ``warnings`` (each
    naming the file), and ``skipped``: why the file gives no text (None when it does)."""

    parts: list[Part] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: str | None = None

    @property
    def plain(self) -> bool:
        """Is the file one plain text (one part that the repair splits, wraps and titles as it finds)?"""
        return len(self.parts) == 1 and self.parts[0].kind is None and not self.parts[0].paragraphs \
            and not self.parts[0].line_pages

    @property
    def text(self) -> str:
        """The text of all parts, one after the other."""
        return "\n".join(p.text for p in self.parts)

    def with_text(self, text: str) -> Document:
        """The same document with the lines of ``text`` (as long as ``self.text``, line for line: a
        repair that replaces characters one for one) given back to its parts in order."""
        lines = text.split("\n")
        parts, at = [], 0
        for p in self.parts:
            n = p.text.count("\n") + 1
            parts.append(replace(p, text="\n".join(lines[at:at + n])))
            at += n
        return replace(self, parts=parts)
