"""Files that hold many stories (a day of TV news transcripts, a page of short reports): where each starts.

``split_stories(text, split)`` returns the stories of one file, or None when it stays one text:

- ``split="auto"`` (the default) splits a file that has the shape of a multi-story transcript: short title
  lines (one to three in a row, not numbered like a section 一、（一）1.) each followed by a body, repeated —
  at least six times, or three times when most bodies open with a news dateline (``新华社北京3月5日电``,
  ``央视网消息（新闻联播）：``). A file that addresses an audience near its start (各位代表：, 同志们：) is a
  speech or report and stays whole, and so does a compilation (``[bookmark: …]`` markers, ``·`` key points).
- ``split="stories"`` splits by the same shape wherever it repeats at least twice.
- ``split="none"`` never splits.
- any other string is a regular expression naming the line that starts a story (``re.search`` on each
  line): that line is the story's title; a line that only separates (``----``, ``***``) is left out.

Each ``Story`` gives its first and last line (1-based, inclusive) and how many of its first non-blank
lines are its title lines (``head``). Lines before the first story are a ``preamble`` story.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .boilerplate import CREDIT, DATELINE
from .errors import LoadError
from .repair import looks_like_title, wrap_width
from .text import HAN
from .titles import is_author_line, is_salutation

MODES = ("auto", "none", "stories")
AUTO_MIN = 6  # stories a file needs for ``auto`` without datelines
DATED_MIN = 3  # … with datelines opening most of them
_HAN2 = re.compile(f"[{HAN}].*[{HAN}]")
_WORDS = re.compile(f"[{HAN}A-Za-z0-9]")


@dataclass
class Story:
    """Lines ``first``..``last`` (1-based, inclusive) of a file; its first ``head`` non-blank lines are its
    title lines (0: not known); ``preamble``: the lines before a file's first story."""

    first: int
    last: int
    head: int = 0
    preamble: bool = False


def pattern_of(split: str) -> re.Pattern | None:
    """The compiled regular expression of a ``split`` that is not one of ``MODES`` (None for a mode).
    Raises ``LoadError`` for an expression that does not compile."""
    if split in MODES:
        return None
    try:
        return re.compile(split)
    except re.error as e:
        raise LoadError(f"--split {split!r} is neither auto, none, stories nor a valid regular expression: {e}") from e


def _title_line(s: str, w: tuple[float, float] | None) -> bool:
    """Could ``s`` (a stripped line) be a story's title line?"""
    if len(s) > 80 or "。" in s or not _HAN2.search(s):
        return False
    if DATELINE.match(s) or is_salutation(s) or is_author_line(s) or CREDIT.search(s):
        return False
    return looks_like_title(s, w, widest=64)


def looks_compiled(text: str) -> bool:
    """Does ``text`` look like a study compilation (bookmark markers, several key-point bullets)?"""
    return "[bookmark:" in text or len(re.findall(r"(?m)^[ \t\u3000]*[·•]", text[:200_000])) >= 2


def split_stories(text: str, split: str = "auto") -> list[Story] | None:
    """The stories of one file's ``text`` by ``split`` (see the module doc), or None when it stays whole."""
    if split == "none":
        return None
    lines = text.split("\n")
    pattern = pattern_of(split)
    if pattern is not None:
        return _by_pattern(lines, pattern)
    if looks_compiled(text):
        return None
    content = [(no, ln.strip()) for no, ln in enumerate(lines, 1) if ln.strip()]
    if len(content) < 4:
        return None
    if split == "auto" and any(is_salutation(s) for _, s in content[:10]):
        return None
    w = wrap_width([s for _, s in content])
    # a line followed by an indented one ends its paragraph: it is no wrapped line, whatever its width
    ends = [k + 1 < len(content) and lines[content[k + 1][0] - 1][:1] in (" ", "\t", "\u3000") for k in range(len(content))]
    kinds = [_title_line(s, None if end else w) for (_, s), end in zip(content, ends, strict=True)]
    starts: list[tuple[int, int]] = []  # (index in content of the first title line, number of title lines)
    k = 0
    while k < len(content):
        if not kinds[k]:
            k += 1
            continue
        run = k
        while run < len(content) and kinds[run]:
            run += 1
        if run - k <= 3 and run < len(content):  # one to three title lines, then a body
            starts.append((k, run - k))
        k = run
    if starts and Counter(n for _, n in starts).most_common(1)[0][0] == 1:
        # most stories have one title line: in a longer run the last line is the title, the lines before
        # it end the story before (or, before the first story, are the file's header)
        starts = [(k + n - 1, 1) for k, n in starts]
    need = 2 if split == "stories" else AUTO_MIN
    if len(starts) < need:
        dated = sum(1 for k, n in starts if DATELINE.match(content[k + n][1]))
        if split == "stories" or len(starts) < DATED_MIN or 2 * dated < len(starts):
            return None
    out: list[Story] = []
    first_no = content[starts[0][0]][0]
    if any(no < first_no for no, _ in content):
        out.append(Story(1, first_no - 1, 0, preamble=True))
    for j, (k, n) in enumerate(starts):
        start = 1 if j == 0 and not out else content[k][0]
        end = content[starts[j + 1][0]][0] - 1 if j + 1 < len(starts) else len(lines)
        out.append(Story(start, end, n))
    return out


def _by_pattern(lines: list[str], pattern: re.Pattern) -> list[Story] | None:
    """Stories starting at each line that ``pattern`` finds something in."""
    starts = [no for no, ln in enumerate(lines, 1) if ln.strip() and pattern.search(ln)]
    if not starts:
        return None
    out: list[Story] = []
    if any(_WORDS.search(ln) for ln in lines[:starts[0] - 1]):
        out.append(Story(1, starts[0] - 1, 0, preamble=True))
    for j, no in enumerate(starts):
        end = starts[j + 1] - 1 if j + 1 < len(starts) else len(lines)
        if _WORDS.search(lines[no - 1]):
            out.append(Story(no if out or j else 1, end, 1))
        elif no < end:  # a separator line: the story starts after it
            out.append(Story(no + 1, end, 0))
    return out or None
