"""The text concepts every module shares: what a Han character is, sentences, numerals, normalisation.

- ``HAN`` (a regex character class body) and ``HAN_RE``: the CJK Unified Ideographs with Extension A,
  the compatibility ideographs and Extensions B–H; ``han_count`` counts them. ``WORD_RE`` matches a
  character that makes a token worth counting (a Han character or a Latin letter).
- ``ENDS``: the characters that end a sentence; ``sentences(text)`` gives the span of every sentence,
  ``sentence_span(text, start, end)`` the sentence(s) around a stretch; ``context_span`` the same at
  most ``limit`` characters out, cut at a phrase mark; ``clause_span`` a stretch at phrase bounds.
- ``numeral("二十六")`` reads a number written in digits or Chinese numerals; ``in_number`` tells a
  formulation inside a number (九五 in 一九五四年) from one of its own.
- ``compact(s)``: ``s`` without whitespace (how texts are compared across wraps and page breaks);
  ``squeeze(s)``: every run of whitespace as one space (how a snippet is shown in one line).
- ``clean(text)``: what reading a file does to every text (line ends, zero-width and bidi controls).
- ``unify_han(text)``: Kangxi radicals and compatibility ideographs as the unified ideographs (PDF text).
- ``fold(text, form=...)``: the one normalisation entry point, returning the folded text with a map back
  to the original offsets (``Folded``). ``form="search"`` is what every finder and counter reads
  (traditional → simplified, full-width → half-width, Kangxi radicals, zero-width characters, broken
  lines); ``form="compare"`` is how repeats and alignments compare texts (the search form, then
  whitespace, quotes and case). ``search_form(term)`` normalises what a user types the same way.

Nothing here imports pandas or the tokenizer; numpy and OpenCC are imported only when folding (numpy
also when counting the Han characters of a long text).
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
    """The number of Han characters in ``text`` (a long text is counted with numpy, at once)."""
    if len(text) < 400:
        return len(HAN_RE.findall(text))
    import numpy as np

    u = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    n = int(np.count_nonzero(_han_table()[u]))  # surrogates are not Han: characters beyond the BMP are not counted
    hi = np.flatnonzero((u[:-1] >= 0xD800) & (u[:-1] < 0xDC00) & (u[1:] >= 0xDC00) & (u[1:] < 0xE000))
    if len(hi) != len(u) - len(text):  # lone surrogates in the text itself: the slow, exact way
        return len(HAN_RE.findall(text))
    if len(hi):  # a pair of surrogates is one character beyond the BMP (Extensions B–H are rare: one by one)
        cps = 0x10000 + ((u[hi].astype(np.int64) - 0xD800) << 10) + (u[hi + 1].astype(np.int64) - 0xDC00)
        n += sum(1 for cp in cps.tolist() if HAN_RE.match(chr(cp)))
    return n


@lru_cache(maxsize=1)
def _han_table():
    """For each BMP code point, whether ``HAN_RE`` matches it (a numpy bool array)."""
    import numpy as np

    t = np.zeros(0x10000, dtype=bool)
    for i in range(0x10000):
        if HAN_RE.match(chr(i)):
            t[i] = True
    return t


def compact(s: str) -> str:
    """``s`` without any whitespace (how texts are compared across wraps and page breaks)."""
    return "".join(s.split())


def squeeze(s: str) -> str:
    """``s`` with every run of whitespace (line breaks and full-width spaces too) as one ordinary space:
    how a snippet is shown in one line."""
    return re.sub(r"\s+", " ", s)


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


#: Marks that end a phrase (a clause inside a sentence) or a sentence.
PHRASE_ENDS = "，、：,:" + ENDS
_PHRASE_SET = frozenset(PHRASE_ENDS) | {"\n"}


def _bound_before(text: str, i: int) -> bool:
    """Whether a phrase starts at ``i``: the text start, or a phrase mark, line break or space before it."""
    return i <= 0 or text[i - 1] in _PHRASE_SET or text[i - 1].isspace()


def _bound_after(text: str, i: int) -> bool:
    """Whether a phrase ends just before ``i``: a mark there, the text end, a mark or space next."""
    return i >= len(text) or text[i - 1] in _PHRASE_SET or text[i] in _PHRASE_SET or text[i].isspace()


def context_span(text: str, start: int, end: int, *, limit: int) -> tuple[int, int]:
    """``(start, end)`` widened to whole sentences for showing a passage in its context, moving each
    edge at most ``limit`` characters; where the sentence goes on further, the edge is the phrase mark
    (，、：；) nearest to that limit, so a passage never starts or ends mid-phrase while a mark is near.

    >>> t = "会议强调，要推动高质量发展，必须坚持稳中求进。下一句。"
    >>> [t[slice(*context_span(t, t.index("推动"), t.index("，必须"), limit=n))] for n in (12, 8)]
    ['会议强调，要推动高质量发展，必须坚持稳中求进。', '会议强调，要推动高质量发展，']
    """
    s, e = sentence_span(text, start, end, limit=limit)
    if not _bound_before(text, s):  # the limit stopped it inside a phrase: go forward to the next mark
        k = next((i for i in range(s, start) if text[i] in _PHRASE_SET), None)
        if k is not None:
            s = k + 1
    if not _bound_after(text, e):
        k = next((i for i in range(e - 1, end - 1, -1) if text[i] in _PHRASE_SET), None)
        if k is not None:
            e = k + 1
    while s < start and text[s].isspace():
        s += 1
    return s, e


def clause_span(text: str, start: int, end: int, *, limit: int = 10) -> tuple[int, int]:
    """``(start, end)`` of ``text[start:end]`` at phrase bounds, for naming a shared stretch in a line.

    An edge inside a phrase moves inward to the nearest phrase mark when the stretch holds one (so
    "强调，2024年是…" becomes "2024年是…"), else outward to the next mark at most ``limit`` characters
    away. Leading marks and spaces are left out.

    >>> t = "习近平强调，2024年是关键一年，要坚持稳中求进。"
    >>> s, e = clause_span(t, t.index("强调"), t.index("要坚持") + 2)
    >>> t[s:e]
    '2024年是关键一年，'
    """
    s, e = start, end
    if not _bound_before(text, s):
        k = next((i for i in range(s, e) if text[i] in _PHRASE_SET), None)
        if k is not None and e - k > 4:
            s = k + 1
        else:
            x = s
            while x > 0 and s - x < limit and text[x - 1] not in _PHRASE_SET:
                x -= 1
            s = x if _bound_before(text, x) else s
    if not _bound_after(text, e):
        k = next((i for i in range(e - 1, s - 1, -1) if text[i] in _PHRASE_SET), None)
        if k is not None and k - s > 4:
            e = k + 1
        else:
            x = e
            while x < len(text) and x - e < limit and text[x] not in _PHRASE_SET:
                x += 1
            e = x if _bound_after(text, x) else e
    while s < e and (text[s] in _PHRASE_SET or text[s].isspace()):
        s += 1
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


# ---------------------------------------------------------------- numbers inside formulations

#: Characters a number is written with: digits (ASCII and full-width) and the Chinese numerals.
NUMBER_CHARS = "0123456789０１２３４５６７８９〇零一二两三四五六七八九十百千万亿"
#: What follows a number that is a date or a count (年/月/日, a measure word), not a formulation.
_NUMBER_UNITS = "年月日号时个位项条人次名家所座件届岁天种批万亿%％"


def in_number(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` part of a number rather than a formulation of its own?

    True when it starts with a numeral and a numeral stands right before it, or ends with a numeral
    and a numeral, a date character (年/月/日/号) or a measure word (个, 项, 人 …) follows it: 九五 in
    一九五四年, 一五 in 二〇一五年, 十五 in 三月十五日 or 十五个. A formulation that neither starts nor ends
    with a numeral (四个意识) is never part of a number.

    >>> t = "一九五四年，“九五”计划"
    >>> in_number(t, 1, 3), in_number(t, 7, 9)
    (True, False)
    """
    head = start < end and text[start] in NUMBER_CHARS
    tail = start < end and text[end - 1] in NUMBER_CHARS
    if head and start > 0 and text[start - 1] in NUMBER_CHARS:
        return True
    return tail and end < len(text) and (text[end] in NUMBER_CHARS or text[end] in _NUMBER_UNITS)


@lru_cache(maxsize=1)
def _radical_table() -> dict[int, str]:
    """Kangxi radical or CJK compatibility ideograph → the unified ideograph Unicode maps it to."""
    table = {}
    for lo, hi in _RADICAL_RANGES:
        for c in range(lo, hi):
            n = _single_nfkc(c)
            if n != c:
                table[c] = chr(n)
    return table


_RADICAL = re.compile("[\u2e9f\u2ef3\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


def unify_han(text: str) -> str:
    """``text`` with Kangxi radicals (``⼗`` U+2F17) and CJK compatibility ideographs written as the unified
    ideographs they stand for (``十``), as text extracted from a PDF needs; nothing else changes (no
    NFKC of the whole text, which would turn ``，（）`` into ASCII)."""
    if not _RADICAL.search(text):
        return text
    return text.translate(_radical_table())


# ---------------------------------------------------------------- normalisation

#: The normalised forms ``fold`` knows.
FORMS = ("search", "compare")
#: Full-width punctuation of Chinese running text: the search form keeps it as the texts write it.
KEEP_FULL_WIDTH = "！（），：；？"
_QUOTES = {"“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"', "‘": "'", "’": "'",
           "〝": '"', "〞": '"', "—": "-", "–": "-", "―": "-", "・": "·", "•": "·", "‧": "·"}
_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\xad"}
_ASTRAL_COMPAT = (0x2F800, 0x2FA20)  # CJK Compatibility Ideographs Supplement
#: Kangxi radicals, the two radicals of the supplement that Unicode maps, and the CJK compatibility
#: ideographs (with their supplement): each stands for one unified ideograph (``unify_han``)
_RADICAL_RANGES = ((0x2F00, 0x2FE0), (0x2E9F, 0x2EA0), (0x2EF3, 0x2EF4), (0xF900, 0xFB00), _ASTRAL_COMPAT)


@dataclass(frozen=True)
class Folded:
    """A text in a normalised form with the way back to the original.

    ``where[k]`` is the index in the original of character ``k`` of ``text`` (a numpy int64 array), or
    ``where`` is None when every character stayed in its place (nothing dropped or joined: the text may
    still differ, 社會 → 社会), which costs no memory. ``offsets`` always gives the array.
    """

    text: str
    where: object  # numpy.ndarray or None
    length: int  # length of the original

    @property
    def offsets(self):
        """The index in the original of every character of ``text`` (numpy int64)."""
        import numpy as np

        return np.arange(len(self.text), dtype=np.int64) if self.where is None else self.where

    def index(self, k: int) -> int:
        """The index in the original of folded character ``k`` (``len(text)`` maps to the original's end)."""
        if k >= len(self.text):
            return self.length
        return k if self.where is None else int(self.where[k])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(start, end)`` covering folded characters ``start`` to ``end`` (exclusive)."""
        if end <= start:
            at = self.index(start)
            return at, at
        return self.index(start), self.index(end - 1) + 1


def _single_nfkc(c: int) -> int:
    """NFKC of one code point when that is one code point, else the code point itself."""
    n = unicodedata.normalize("NFKC", chr(c))
    return ord(n) if len(n) == 1 else c


@lru_cache(maxsize=1)
def _search_table():
    """Code point (< 0x10000) → its search form, character by character; 0 means dropped.

    Full-width ASCII → half-width, except ``KEEP_FULL_WIDTH``; half-width CJK punctuation and the
    full-width currency signs by NFKC; Kangxi radicals (U+2F00–U+2FDF, and the two radicals of the
    supplement that Unicode maps) and CJK compatibility ideographs → the unified character; zero-width
    characters, soft hyphen and BOM dropped. Nothing else changes (no NFKC of the whole text)."""
    import numpy as np

    t = np.arange(0x10000, dtype=np.uint32)
    for c in range(0xFF01, 0xFF5F):
        if chr(c) not in KEEP_FULL_WIDTH:
            t[c] = c - 0xFEE0
    for lo, hi in [(0xFF61, 0xFF66), (0xFFE0, 0xFFE7)]:
        for c in range(lo, hi):
            t[c] = _single_nfkc(c)
    for c, plain in _radical_table().items():  # the one table of radicals and compatibility ideographs
        if c < 0x10000:
            t[c] = ord(plain)
    for ch in _DROP:
        t[ord(ch)] = 0
    return t


@lru_cache(maxsize=1)
def _astral_table():
    """The CJK Compatibility Ideographs Supplement → unified characters (numpy uint32, by offset)."""
    import numpy as np

    lo, hi = _ASTRAL_COMPAT
    return np.array([_single_nfkc(c) for c in range(lo, hi)], dtype=np.uint32)


@lru_cache(maxsize=1)
def _converter():
    """OpenCC's traditional → simplified converter (``t2s``: its phrase and character dictionaries)."""
    import opencc

    return opencc.OpenCC("t2s")


def _opencc_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("opencc")
    except PackageNotFoundError:  # pragma: no cover - a source install of the binding
        return "unknown"


@lru_cache(maxsize=1)
def _traditional():
    """(mask over the BMP, sorted astral code points) of the characters t2s converts on their own.

    Only paragraphs holding one of them are converted, so a simplified text is never touched
    (OpenCC's phrase table would turn simplified 打坏 into 打坯). Computed once, by converting every
    Han character alone, and kept in the per-user cache."""
    import numpy as np

    from . import cache

    key = cache.key_of("traditional", _opencc_version(), "v1")
    hit = cache.load("fold-table", key)
    if isinstance(hit, tuple) and len(hit) == 2 and getattr(hit[0], "shape", None) == (0x10000,):
        return hit
    ranges = [(0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x3134F)]
    chars = [chr(c) for lo, hi in ranges for c in range(lo, hi)]
    out = _converter().convert("\n".join(chars)).split("\n")
    changed = [ord(a) for a, b in zip(chars, out, strict=True) if a != b] if len(out) == len(chars) else []
    mask = np.zeros(0x10000, dtype=bool)
    small = [c for c in changed if c < 0x10000]
    mask[small] = True
    result = (mask, np.array(sorted(c for c in changed if c >= 0x10000), dtype=np.uint32))
    cache.save("fold-table", key, result)
    return result


@lru_cache(maxsize=1)
def _changing():
    """Mask over all code points of the characters the search form changes one by one or converts as
    traditional (1.1 MB: one lookup tells whether a text needs any of that work)."""
    import numpy as np

    mask, astral = _traditional()
    every = np.zeros(0x110000, dtype=bool)
    every[:0x10000] = (_search_table() != np.arange(0x10000, dtype=np.uint32)) | mask
    every[astral] = True
    every[slice(*_ASTRAL_COMPAT)] = True
    return every


def _changes(codes) -> bool:
    """Does the search form change any of these code points one by one (or convert one as traditional)?"""
    return bool(_changing()[codes].any())


def _codes(text: str):
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _decode(codes) -> str:
    return codes.tobytes().decode("utf-32-le", "surrogatepass")


def _by_character(codes):
    """``codes`` mapped by ``_search_table`` (and the astral compatibility block): (codes, kept indices or None)."""
    import numpy as np

    m = codes.copy()
    small = codes < 0x10000
    m[small] = _search_table()[codes[small]]
    lo, hi = _ASTRAL_COMPAT
    compat = (codes >= lo) & (codes < hi)
    if compat.any():
        m[compat] = _astral_table()[codes[compat] - lo]
    if m.all():
        return m, None
    keep = np.flatnonzero(m)
    return m[keep], keep


def _t2s(text: str, codes) -> str:
    """``text`` (whose code points are ``codes``) with its traditional characters simplified by OpenCC's
    t2s, phrase by phrase (頭髮 → 头发, 乾隆 stays), in the paragraphs that hold one.

    Only a character that t2s converts on its own changes: OpenCC's phrases choose what it becomes,
    but a character that is already simplified is never rewritten (its phrase table would turn a
    simplified 打坏 into 打坯). The length never changes (a conversion that would is not made)."""
    import numpy as np

    trad = _traditional_mask()[codes]
    hits = np.flatnonzero(trad)
    if not len(hits):
        return text
    breaks = np.flatnonzero(codes == 10)
    paras = np.unique(np.searchsorted(breaks, hits))  # paragraph k runs from breaks[k-1]+1 to breaks[k]
    pieces, at, cc = [], 0, _converter()
    k = 0
    while k < len(paras):
        j = k
        while j + 1 < len(paras) and paras[j + 1] == paras[j] + 1:
            j += 1
        s = int(breaks[paras[k] - 1]) + 1 if paras[k] > 0 else 0
        e = int(breaks[paras[j]]) if paras[j] < len(breaks) else len(text)
        part = text[s:e]
        done = cc.convert(part)
        if len(done) != len(part):
            done = part
        else:
            new, old = _codes(done), codes[s:e]
            if ((new != old) & ~trad[s:e]).any():  # a simplified character rewritten by a phrase: undone
                done = _decode(np.where(trad[s:e], new, old).astype(np.uint32))
        pieces += [text[at:s], done]
        at = e
        k = j + 1
    pieces.append(text[at:])
    return "".join(pieces)


@lru_cache(maxsize=1)
def _traditional_mask():
    """``_traditional()`` as one mask over all code points."""
    import numpy as np

    mask, astral = _traditional()
    every = np.zeros(0x110000, dtype=bool)
    every[:0x10000] = mask
    every[astral] = True
    return every


# a line that starts a section or a list item: 一、 （一） (1) 1. 第一章 第二， · ※ ——
_SECTION = re.compile(rf"\s*(?:[{NUMERAL_CHARS}百]+[、.．]|[（(][{NUMERAL_CHARS}百\d]+[）)]|\d+[、.．)）]"
                      rf"|第[{NUMERAL_CHARS}百千\d]+(?:[章节部分条编篇讲]|[，,、])|[·•●■◆▲※★☆#＃>-]|——)")
_PARAGRAPH_ENDS = frozenset(ENDS + "：:…")
_CLOSERS = frozenset("”’》〉」』）)】\"'")
_PUNCT = re.compile(r"[，。、；：！？,.;:!?（）()“”\"《》…—]")
_ALNUM = re.compile(r"[A-Za-z0-9]")
#: a line no longer than this, without any punctuation, that opens a paragraph is taken for a heading
HEADING_CHARS = 30


def _ended(s: str, i: int) -> bool:
    """Does ``s[:i]`` (trailing spaces and tabs ignored) end a paragraph: nothing before, a blank
    line, a sentence end or colon, or a closing quote or bracket right after one?"""
    while i > 0 and s[i - 1] in " \t":
        i -= 1
    if i == 0 or s[i - 1] == "\n" or s[i - 1] in _PARAGRAPH_ENDS:
        return True
    return s[i - 1] in _CLOSERS and (i == 1 or s[i - 2] in _PARAGRAPH_ENDS)


def _joins(s: str) -> list[tuple[int, int, str]]:
    """``(start, end, replacement)`` of every line break of ``s`` that falls inside a sentence.

    A break (with the spaces before it) is joined when the line before does not end a paragraph
    (``_ended``), the next line starts right away (no indentation, no blank line) and is no section
    heading or list item (``_SECTION``), and the line before is no heading itself (it starts with a
    section number, or it opens a paragraph, has no punctuation and is at most ``HEADING_CHARS`` long).
    Between two Latin letters or digits the break becomes a space, elsewhere it goes."""
    out = []
    be = s.find("\n") + 1
    while be:
        bs = be - 1
        while bs > 0 and s[bs - 1] in " \t":
            bs -= 1
        nxt = be
        be = s.find("\n", be) + 1
        if bs == 0 or nxt >= len(s) or s[nxt].isspace() or s[bs - 1].isspace() or _ended(s, bs):
            continue
        if _SECTION.match(s, nxt):
            continue
        ls = s.rfind("\n", 0, bs) + 1
        line = s[ls:bs]
        opens = ls == 0 or _ended(s, ls - 1)  # the line before it ends a paragraph
        if _SECTION.match(line) or (len(line) <= HEADING_CHARS and not _PUNCT.search(line) and opens):
            continue
        latin = _ALNUM.match(s[bs - 1]) and _ALNUM.match(s[nxt])
        out.append((bs, nxt, " " if latin else ""))
    return out


def _join(s: str, keep, joins: list[tuple[int, int, str]]):
    """``s`` with the ``joins`` made, and the kept indices (of the original) of its characters."""
    import numpy as np

    mask = np.ones(len(s), dtype=bool)
    pieces, at = [], 0
    for bs, be, rep in joins:
        pieces += [s[at:bs], rep]
        mask[bs:be] = False
        if rep:
            mask[be - 1] = True  # the space stands where the line break was
        at = be
    pieces.append(s[at:])
    idx = np.flatnonzero(mask)
    return "".join(pieces), (idx if keep is None else keep[idx])


def _search(text: str, *, lines: bool = True) -> tuple[str, object]:
    """The search form of ``text`` and its kept indices (None: every character in its place)."""
    keep = None
    raw = _codes(text)
    by_char = _changes(raw)
    s = text
    if by_char:
        codes, keep = _by_character(raw)
        s = _decode(codes) if keep is not None or (codes != raw).any() else text
    if lines:
        joins = _joins(s)
        if joins:
            s, keep = _join(s, keep, joins)
    if by_char:
        s = _t2s(s, _codes(s))
    if keep is not None and len(keep) == len(text):
        keep = None  # a break became a space: every character is still in its place
    return s, keep


def search_form(term: str, *, pattern: bool = False) -> str:
    """What the user typed, normalised as the texts are searched (the search form of ``fold``): typing
    社會主義 or １９９５年 finds the same as 社会主义 or 1995年.

    With ``pattern`` (a regular expression) only Han characters and full-width letters and digits are
    normalised: every other character (``｜``, ``．``, ``＊`` …) is left as typed, so a full-width symbol
    stays a literal and never becomes an operator."""
    folded, keep = _search(term, lines=not pattern)
    if not pattern or keep is not None:
        return folded
    out = []
    for a, b in zip(term, folded, strict=True):
        out.append(b if (is_han(a) or b.isalnum() or a in _DROP) else a)
    return "".join(out)


@lru_cache(maxsize=4)
def _table(form: str):
    """Code point (< 0x10000) → its ``form`` ("compare"), character by character; 0 means dropped.

    Built once per Unicode version and kept in the per-user cache (building it takes a moment)."""
    import numpy as np

    from . import cache

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


def fold_codes(text: str, *, form: str = "compare", convert: bool = True):
    """Folded code points of ``text`` (numpy uint32) and, for each, its offset in ``text`` (int64).

    ``form="search"``: see ``fold``. ``form="compare"``: the search form's characters (without joining
    lines, since whitespace goes anyway) and then whitespace and zero-width characters dropped,
    full-width and compatibility forms folded (NFKC, character by character; Han characters untouched),
    quotes and dashes unified, lower case. ``convert=False`` leaves out the search form (the compared
    form of the text as written, for a corpus loaded with ``normalise=False``).
    """
    import numpy as np

    if form not in FORMS:
        raise ValueError(f"unknown form {form!r} (choose one of {', '.join(FORMS)})")
    if form == "search":
        s, keep = _search(text)
        return _codes(s).copy(), (np.arange(len(s), dtype=np.int64) if keep is None else keep)
    if convert:
        s, keep = _search(text, lines=False)
        c = _codes(s)
    else:
        c, keep = _codes(text), None
    m = c.copy()
    small = c < 0x10000
    m[small] = _table("compare")[c[small]]
    k = np.flatnonzero(m)
    return m[k], (k if keep is None else keep[k])


def fold(text: str, *, form: str = "compare", convert: bool = True) -> Folded:
    """``text`` in the normalised ``form`` with the map back to the original.

    ``form="search"`` is what every finder and counter reads: traditional characters → simplified
    (OpenCC's t2s, phrase by phrase, in the paragraphs that hold a traditional character), full-width
    ASCII letters, digits and symbols → half-width (the full-width punctuation of Chinese text,
    ``KEEP_FULL_WIDTH``, stays), Kangxi radicals and CJK compatibility ideographs → the unified
    characters, zero-width characters and soft hyphens dropped, a line break inside a sentence joined
    (``_joins``). Every character keeps its place unless one is dropped or joined, and no Han character
    is lost. ``form="compare"`` (repeats, alignments): see ``fold_codes``.
    """
    if form == "search":
        s, keep = _search(text)
        return Folded(s, keep, len(text))
    codes, offs = fold_codes(text, form=form, convert=convert)
    return Folded(_decode(codes), offs, len(text))
