"""From a file's headings (PDF bookmarks, Word heading styles) to the parts of its text: one part per
article, titled by its heading, and parts for what stands outside any article (a cover, a table of
contents, the text of a group heading).

Which headings are articles: those of the top level, except a *group* — a heading whose children are
the articles (``一、重要讲话`` over several speeches). A heading with children is a group unless they are
its numbered sections (``一、`` ``（一）`` ``1.`` under a title that is itself unnumbered), and only when it is
the only one of its level (the compilation's own title over all its articles) or almost no text of its
own stands between it and its first child. The headings below an article are its sections and stay
inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import compact, han_count
from .document import Part

# a numbered heading: 一、 （一） 1. 第一部分 …
_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十百]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d)"
                       r"|第[一二三四五六七八九十百\d]{1,3}[部分章节篇编条讲专题]{1,2})")
OWN_TEXT = 40  # Han characters of its own (beyond its title) a group heading has at most


@dataclass
class Paragraph:
    """One paragraph of a file, in reading order, with the pages it stands on (None without pages)."""

    text: str
    pages: tuple[int, int] | None = None


@dataclass
class Heading:
    """A heading: its outline ``level`` (0 = top), ``title`` and the paragraph it starts at (``at``)."""

    level: int
    title: str
    at: int


def article_headings(headings: list[Heading], paragraphs: list[Paragraph]) -> tuple[list[Heading], list[Heading]]:
    """``(articles, groups)``: the headings that start articles and the group headings above them (see
    the module doc), each list in the order of ``headings``."""
    articles: list[Heading] = []
    groups: list[Heading] = []

    def own_text(i: int, first_child: int) -> int:
        h = headings[i]
        text = "".join(p.text for p in paragraphs[h.at:headings[first_child].at])
        return han_count(text) - han_count(h.title)

    def children(i: int, end: int) -> list[int]:
        kids = [k for k in range(i + 1, end) if headings[k].level > headings[i].level]
        if not kids:
            return []
        top = min(headings[k].level for k in kids)
        return [k for k in kids if headings[k].level == top]

    def walk(siblings: list[int], end: int) -> None:
        for n, i in enumerate(siblings):
            stop = siblings[n + 1] if n + 1 < len(siblings) else end
            kids = children(i, stop)
            numbered = bool(kids) and all(_NUMBERED.match(headings[k].title) for k in kids) \
                and not _NUMBERED.match(headings[i].title)
            if kids and not numbered and (len(siblings) == 1 or own_text(i, kids[0]) <= OWN_TEXT):
                groups.append(headings[i])
                walk(kids, stop)
            else:
                articles.append(headings[i])

    if headings:
        top = min(h.level for h in headings)
        walk([i for i, h in enumerate(headings) if h.level == top], len(headings))
    order = {id(h): k for k, h in enumerate(headings)}
    return sorted(articles, key=lambda h: order[id(h)]), sorted(groups, key=lambda h: order[id(h)])


def parts(paragraphs: list[Paragraph], headings: list[Heading]) -> list[Part]:
    """The file's parts: text before the first heading, each article (kind ``"article"``, its heading's
    title), and a group heading's own text when it has more than its title. Every part has one paragraph
    a line (``Part.paragraphs``) and, for a paged file, the pages of each line (``Part.line_pages``)."""
    articles, groups = article_headings(headings, paragraphs)
    grouped = {id(h) for h in groups}
    starts = sorted([(h.at, 0 if id(h) in grouped else 1, h) for h in articles + groups], key=lambda t: (t[0], t[1]))
    out: list[Part] = []
    first = starts[0][0] if starts else len(paragraphs)
    if first > 0:
        out.append(_part(paragraphs[:first], None))
    for k, (at, _, h) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(paragraphs)
        chunk = paragraphs[at:end]
        if id(h) in grouped:
            rest = [p for p in chunk if compact(p.text) != compact(h.title)]
            if han_count("".join(p.text for p in rest)) > 0:
                out.append(_part(chunk, None))
            continue
        if chunk:
            out.append(_part(chunk, h.title))
        else:  # a heading without text of its own (two bookmarks on one place): its title alone
            out.append(Part(h.title, title=h.title, kind="article", paragraphs=True))
    return [p for p in out if p.text.strip()]


def _part(chunk: list[Paragraph], title: str | None) -> Part:
    pages = [p.pages for p in chunk] if all(p.pages for p in chunk) and chunk else None
    return Part("\n".join(p.text for p in chunk), title=title, kind="article" if title else None,
                pages=(pages[0][0], pages[-1][1]) if pages else None, line_pages=pages, paragraphs=True)
