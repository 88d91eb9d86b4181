"""The text concepts every module shares: what a Han character is, sentences, numerals, normalisation.

- ``HAN`` (a regex character class body) and ``HAN_RE``: the CJK Unified Ideographs with Extension A,
  the compatibility ideographs and Extensions B–H; ``han_count`` counts them. ``WORD_RE`` matches a
  character that makes a token worth counting (a Han character or a Latin letter).
- ``ENDS``: the characters that end a sentence; ``sentences(text)`` gives the span of every sentence,
  ``sentence_span(text, start, end)`` the sentence(s) around a stretch.
- ``numeral("二十六")`` reads a number written in digits or Chinese numerals.
- ``compact(s)``: ``s`` without whitespace (how texts are compared across wraps and page breaks).
- ``clean(text)``: what reading a file does to every text (line ends, zero-width and bidi controls).
- ``fold(text, form=...)``: the one normalisation entry point, returning the folded text with a map back
  to the original offsets (``Folded``). ``form="compare"`` is how repeats and alignments compare texts.

Nothing here imports pandas or the tokenizer; numpy is imported only when folding.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

#: Han characters, as the body of a regex character class: Extension A, the unified block, the
#: compatibility ideographs and Extensions B–H (U+20000–U+3134F).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RE = re.compile(f"[{HAN}]")
#: A character that makes a token worth counting: a Han character or a Latin letter.
WORD_RE = re.compile(f"[{HAN}A-Za-z]")
#: Characters that end a sentence.
ENDS = "。！？；!?;"
_ENDS_SET = frozenset(ENDS)


def is_han(ch: str) -> bool:
    """Is the single character ``ch`` a Han character (see ``HAN``)?"""
    return bool(HAN_RE.fullmatch(ch))


def han_count(text: str) -> int:
    """The number of Han characters in ``text``."""
    return len(HAN_RE.findall(text))


def compact(s: str) -> str:
    """``s`` without any whitespace (how texts are compared across wraps and page breaks)."""
    return re.sub(r"\s+", "", s)


# ---------------------------------------------------------------- sentences


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence of ``text``: split after each of ``ENDS`` and at line breaks,
    the end mark kept, surrounding whitespace left out, empty sentences dropped.

    >>> t = "推动发展。加强学习！\\n继续"
    >>> [t[s:e] for s, e in sentences(t)]
    ['推动发展。', '加强学习！', '继续']
    """
    return list(_sentences(text))


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start, n = 0, len(text)
    for i, c in enumerate(text):
        if c in _ENDS_SET or c == "\n":
            yield from _stripped(text, start, i + (c != "\n"))
            start = i + 1
    if start < n:
        yield from _stripped(text, start, n)


def _stripped(text: str, s: int, e: int) -> Iterator[tuple[int, int]]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        yield s, e


def sentence_span(text: str, start: int, end: int | None = None, *, limit: int | None = None) -> tuple[int, int]:
    """``(start, end)`` widened to the sentence(s) that ``text[start:end]`` lies in.

    The start moves back to just after the previous end mark or line break, the end forward to the
    next end mark (kept) or line break (not kept); whitespace at either edge is left out. ``limit``
    caps how far each edge moves. A stretch that already ends with an end mark stays as it ends.
    """
    end = start if end is None else end
    cap = len(text) if limit is None else limit
    s = start
    while s > 0 and text[s - 1] not in _ENDS_SET and text[s - 1] != "\n" and start - s < cap:
        s -= 1
    while s < start and text[s].isspace():
        s += 1
    e = end
    if e == start or (text[e - 1] not in _ENDS_SET and text[e - 1] != "\n"):
        while e < len(text) and text[e] not in _ENDS_SET and text[e] != "\n" and e - end < cap:
            e += 1
        if e < len(text) and text[e] in _ENDS_SET:
            e += 1
    while e > end and text[e - 1].isspace():
        e -= 1
    return s, e


# ---------------------------------------------------------------- numerals


_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
#: Characters a Chinese numeral of ``numeral`` is written with.
NUMERAL_CHARS = "".join(_DIGITS) + "十"


def numeral(s: str) -> int | None:
    """The value of a number written in digits (``"26"``, ``"２６"``) or Chinese numerals, or None.

    Chinese numerals from 一 to 九十九 (``"二十六"`` → 26, ``"十二"`` → 12, ``"两"`` → 2), or several digits
    read one by one as a year is written (``"一九七八"`` → 1978, ``"二〇二四"`` → 2024). Anything else
    (``"十十"``, ``"百"``, ``""``) is None.

    >>> numeral("二十六"), numeral("一九七八"), numeral("两"), numeral("百")
    (26, 1978, 2, None)
    """
    if s.isdecimal():
        return int(s)
    if not s or any(c not in _DIGITS and c != "十" for c in s):
        return None
    if "十" not in s:
        return _DIGITS[s] if len(s) == 1 else int("".join(str(_DIGITS[c]) for c in s))
    tens, _, ones = s.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1:
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


# ---------------------------------------------------------------- reading


_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
#: bidi embeddings, overrides and isolates: removed so corpus text cannot reorder what surrounds it
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """What reading a file does to every text: line ends to ``\\n``, zero-width characters, soft hyphens and
    a BOM removed, NBSP to a space.

    Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) are removed too: Chinese
    text has no use for them, and a right-to-left override left in a title would reverse the labels,
    lists and pages it is shown in.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _BIDI.sub("", _ZERO_WIDTH.sub("", text))
    return text.replace("\xa0", " ")


# ---------------------------------------------------------------- normalisation

FORMS = ("compare",)
_QUOTES = {"“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"', "‘": "'", "’": "'",
           "〝": '"', "〞": '"', "—": "-", "–": "-", "―": "-", "・": "·", "•": "·", "‧": "·"}
_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\xad"}


@dataclass(frozen=True)
class Folded:
    """A text in a normalised form with the way back: ``offsets[k]`` is the index in the original of
    character ``k`` of ``text`` (a numpy int64 array, one entry per character)."""

    text: str
    offsets: object  # numpy.ndarray
    length: int  # length of the original

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(start, end)`` covering folded characters ``start`` to ``end`` (exclusive)."""
        if end <= start:
            at = int(self.offsets[start]) if start < len(self.offsets) else self.length
            return at, at
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1


@lru_cache(maxsize=4)
def _table(form: str):
    """Code point (< 0x10000) → folded code point for ``form``; 0 means the character is dropped.

    Built once per Unicode version and kept in the per-user cache (building it takes a moment)."""
    import numpy as np

    from . import cache

    if form not in FORMS:
        raise ValueError(f"unknown form {form!r} (choose one of {', '.join(FORMS)})")
    key = cache.key_of("fold", form, unicodedata.unidata_version, repr(sorted(_QUOTES.items())), repr(sorted(_DROP)))
    t = cache.load("fold-table", key)
    if isinstance(t, np.ndarray) and t.shape == (0x10000,):
        return t
    t = np.arange(0x10000, dtype=np.uint32)
    stable = [(0x3400, 0x4DC0), (0x4E00, 0xA000), (0xAC00, 0xD7A4), (0xD800, 0xE000)]  # Han, Hangul, surrogates
    for c in range(0x10000):
        if any(lo <= c < hi for lo, hi in stable):
            continue
        ch = chr(c)
        if ch.isspace() or ch in _DROP:
            t[c] = 0
        elif ch in _QUOTES:
            t[c] = ord(_QUOTES[ch])
        else:
            n = unicodedata.normalize("NFKC", ch).lower()
            if len(n) == 1:
                t[c] = ord(_QUOTES.get(n, n))
    cache.save("fold-table", key, t)
    return t


def fold_codes(text: str, *, form: str = "compare"):
    """Folded code points of ``text`` (numpy uint32) and, for each, its offset in ``text`` (int64).

    ``form="compare"``: whitespace and zero-width characters dropped, full-width and compatibility
    forms (NFKC, character by character; Han characters untouched), quotes and dashes unified, lower case.
    """
    import numpy as np

    c = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    m = c.copy()
    small = c < 0x10000
    m[small] = _table(form)[c[small]]
    keep = np.flatnonzero(m)
    return m[keep], keep


def fold(text: str, *, form: str = "compare") -> Folded:
    """``text`` in the normalised ``form`` (see ``fold_codes``) with the map back to the original."""
    codes, offs = fold_codes(text, form=form)
    return Folded(codes.tobytes().decode("utf-32-le", "surrogatepass"), offs, len(text))
