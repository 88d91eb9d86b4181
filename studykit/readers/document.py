"""What a reader returns: a ``Document`` of one or more ``Part`` objects, and what it had to say."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Part:
    """One piece of a file's text, as the format gives it.

    ``text`` is cleaned text (``text.clean``), one line per line of the source, ready for the repair;
    ``title`` is a title the format itself gives (a PDF bookmark, a Word heading), or None; ``pages``
    is the first and last page it comes from (1-based), when the format has pages.
    """

    text: str
    title: str | None = None
    pages: tuple[int, int] | None = None


@dataclass
class Document:
    """A file as read: its ``parts`` in order (empty when nothing could be read), ``warnings`` (each
    naming the file), and ``skipped``: why the file gives no text (None when it does)."""

    parts: list[Part] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: str | None = None

    @property
    def text(self) -> str:
        """The text of all parts, one after the other."""
        return "\n".join(p.text for p in self.parts)
