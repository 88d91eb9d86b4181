"""Escaped HTML in one place: every piece of corpus text that reaches HTML goes through ``esc``.

- ``esc(value)``: text escaped for HTML; a missing value (None, NaN) becomes ``missing``; with
  ``breaks=True`` line breaks become ``<br>``.
- ``marked(text, spans)``: escaped text with stretches wrapped in tags (search hits, key points).
- ``bold_terms(sentence, terms)``: escaped text with every occurrence of the terms in ``<b>``.
- ``page(title, body, style)``: a whole standalone UTF-8 HTML page.
- ``md_esc(value)``: text for a Markdown file that renders as itself (no HTML, no Markdown syntax).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable


def is_missing(value: object) -> bool:
    """True for ``None`` and for pandas' missing values (NaN, NaT, NA), which must not print as "nan"."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN is the one value not equal to itself
    except (TypeError, ValueError):
        return False


def esc(value: object, missing: str = "", *, breaks: bool = False) -> str:
    """``value`` as text escaped for HTML; a missing value (None, NaN) becomes ``missing``; with ``breaks``,
    each line break becomes ``<br>``."""
    out = html.escape(missing if is_missing(value) else str(value))
    return out.replace("\n", "<br>") if breaks else out


def marked(text: str, spans: Iterable[tuple], *, start: int = 0) -> str:
    """Escaped ``text`` (which starts at offset ``start`` of a longer text) with stretches wrapped in tags.

    ``spans`` holds ``(s, e, open_tag, close_tag)`` or ``(s, e, open_tag, close_tag, after)`` in offsets of
    the longer text; spans may overlap (a piece inside several is wrapped by each, the first span given
    innermost); ``after`` (HTML) follows the piece that starts its span.
    """
    end = start + len(text)
    spans = [tuple(sp) + ("",) * (5 - len(sp)) for sp in spans if sp[0] < end and sp[1] > start]
    cuts = sorted({start, end, *(max(s, start) for s, *_ in spans), *(min(e, end) for _, e, *_ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = esc(text[a - start: b - start])
        tail = ""
        for s, e, open_tag, close_tag, after in spans:
            if s <= a and b <= e:
                piece = f"{open_tag}{piece}{close_tag}"
                tail += after if s == a else ""
        out.append(piece + tail)
    return "".join(out)


def bold_terms(sentence: str, terms: Iterable[str]) -> str:
    """Escaped ``sentence`` with every occurrence of any of ``terms`` in ``<b>`` (longest first, no nesting)."""
    from .themes import term_pattern

    terms = [t for t in terms if t]
    if not terms:
        return esc(sentence)
    spans = [(m.start(), m.end(), "<b>", "</b>") for m in term_pattern(terms).finditer(sentence)]
    return marked(sentence, spans)


def page(title: str, body: str, style: str = "", *, lang: str = "zh-CN") -> str:
    """A standalone UTF-8 HTML page: ``title`` (escaped here), ``style`` (CSS, no ``<style>`` tag) and
    ``body`` (HTML, already escaped by the caller)."""
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n" + (f"<style>{style}</style>\n" if style else "")
            + f"</head>\n<body>\n{body}\n</body>\n</html>\n")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~!])")
_MD_LEAD = re.compile(r"^(\s*)(\d+(?=[.)])|[-+=])")  # a list marker or heading underline at the start


def md_esc(value: object, missing: str = "") -> str:
    """``value`` as Markdown text that renders as itself: ``&``, ``<`` and ``>`` as HTML entities (so a
    ``<script>`` in the corpus shows as text) and Markdown's own marks backslash-escaped; line breaks
    become spaces. A missing value (None, NaN) becomes ``missing``."""
    text = missing if is_missing(value) else str(value)
    text = html.escape(" ".join(text.split("\n")), quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    m = _MD_LEAD.match(text)
    if m and m.group(2)[0].isdigit():
        return text[:m.end()] + "\\" + text[m.end():]
    return _MD_LEAD.sub(r"\1\\\2", text, count=1)
