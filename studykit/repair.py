"""Undoing what PDF extraction did to a study compilation, and tidying any text the same way.

``repair(text, file)`` turns the text of one file into articles (``Article`` objects with ids from 1):

- a *compilation* (a file with ``[bookmark: …]`` markers, or with key-point bullets that repeat later
  text) is split at its titles and at the places where a title went missing (a new bullet block after
  body text, a ``——date在…上`` byline, a ``来源：`` line after body text, an abrupt new meeting report);
- any other file is one article, titled from its first line when that line looks like a title.

Both get the same clean-up: paragraphs re-joined across line wraps and page breaks (page-number lines
such as ``— 3 —`` count as page breaks), headings, numbered items and table-of-contents entries kept as
their own paragraphs, spaces around numbers and before quotes removed, ``— —`` restored to ``——``,
``※`` notes kept apart, ``来源：`` separated from the first sentence (a publication stamp after it
becomes a paragraph of its own), bylines joined with a speaker on the next line, key points joined and
linked to the body sentence they repeat, dates found as the rule says (digits or Chinese numerals).
Nothing is lost: every Han character of the input outside marker syntax ends up in exactly one field.

``fix_glyphs(texts)`` repairs characters mapped to a wrong code point (a pictograph inside a Han name)
where the right form appears elsewhere in the given texts, and flags the others.
A plain file's headline block (kicker, title, subtitle), salutations and report openings follow the rules
of ``titles``. This module imports nothing from the package except ``corpus``, ``text`` and ``titles``.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from .corpus import Article
from .text import HAN, compact, numeral
from .titles import is_author_line, is_salutation, report_title, split_headline

_WIDE = HAN + "\u2014\u2018\u2019\u201c\u201d\u2026\u3000-\u303f\uff00-\uffef"  # Han and full-width marks

_MARKER = re.compile(r"\[bookmark:[^\]\n]*(?:\]|$)")  # an unclosed marker runs to the end of the line
_MARKER_NAME = re.compile(r"\[bookmark:\s*([^\]\n]*)(?:\]|$)")
_NUMBERED = re.compile(r"_bookmark(\d+)")
_TOC = re.compile(r"_Toc\d+")  # a heading anchor made by a table of contents
_IGNORED = re.compile(r"_(?:GoBack|Hlk\d+|Ref\d+)|")  # editing anchors that mark no title
_BULLET = re.compile(r"^[·•]\s*")
_SOURCE = re.compile(r"^来源\s*[：:]\s*")
_CN_DIGITS = "〇零一二三四五六七八九十"
# a byline that is only a date (a speech's 在…上 is in its title): ——二〇二三年十二月二十六日
_DATE_BYLINE = re.compile(rf"^(?:——|—\s+—)\s*(\d{{4}}|[{_CN_DIGITS}]{{4}})\s*年\s*(\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*月"
                          rf"\s*(\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*日(?=\s*$|\s+[{HAN}]{{2,4}}$)")
_BYLINE = re.compile(rf"^(?:——|—\s+—)\s*(\d{{4}}|[{_CN_DIGITS}]{{4}})\s*年\s*(\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*月"
                     rf"\s*(\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*日\s*在(.{{2,80}}?)上(.*)$")
_ITEM = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、是]|[（(][一二三四五六七八九十\d]{1,3}[）)]|第[一二三四五六七八九十]{1,3}[，、,]"
    r"|\d{1,2}[.．、](?!\d)|——|—\s+—)"
)
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])")
# a page number on a line of its own: — 3 —, - 3 -, 12, 3 / 20 (a bare 2024 may be a heading: it stays)
_PAGE_NUMBER = re.compile(r"[-—–－]\s*\d{1,4}\s*[-—–－]|\d{1,3}|\d{1,4}\s*/\s*\d{1,4}")
_BARE_DATE = re.compile(r"\d{4}\s*(?:年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|[-/.]\s*\d{1,2}(?:\s*[-/.]\s*\d{1,2})?)"
                        r"\s*(?:[（(]?\s*(?:星期|周)[一二三四五六日天]\s*[）)]?)?")
_CONTENTS_LINE = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|—{3,}|-{4,})\s*\d{1,4}\s*$")  # 标题 ………… 12
_MEETING_LEAD = re.compile(r"^(?:会议|大会|全会|会上)[^。！？]{0,50}(?:闭幕|开幕|召开|举行)。")
_MONTH_DAY = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_FULL_DATE = re.compile(r"(?<!\d)(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2})(?!\d))")
_CN_FULL_DATE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_YEAR = re.compile(r"(?<!\d)(19[4-9]\d|20\d\d)\s*(?:年|[/／]\s*\d)")
_CLOSING = "。！？；：…!?"
COMPILATION_WRAP = 28.0  # wrap width of a compilation too short to measure its own
LOOKAHEAD = 60_000  # how far after a key point its body sentence is looked for (characters)
_CLOSE_QUOTES = "”’」』）)》"

# a wrong glyph: a pictograph or a private-use character
_ODD = re.compile("[\U0001F000-\U0001FAFF\uE000-\uF8FF\U000F0000-\U0010FFFF]")
_KNOWN_SOURCES = (
    "人民网－人民日报", "人民网-人民日报", "新华网", "新华社", "人民日报海外版", "人民日报", "人民网", "光明日报",
    "经济日报", "求是网", "央视新闻", "央视网", "中国政府网", "中国新闻网", "学习时报", "中国纪检监察报",
    "解放军报", "中国青年报", "法治日报", "科技日报", "工人日报", "农民日报", "中国日报", "参考消息",
)
_SOURCE_GENERIC = re.compile(
    rf"^(?:《[^》]{{1,20}}》\s*(?:\d{{4}}\s*(?:[/／]\s*\d{{1,2}}|年\s*第\s*\d{{1,2}}\s*期))?"
    rf"|[{HAN}]{{0,10}}(?:官网|日报|晚报|时报|周刊|杂志|新闻网|网|社|报))"
)
_TITLE_WORDS = re.compile(r"^.*(?:主席|总书记|书记|总理|主任|部长|委员长|省长|市长|区长|县长|秘书长|院长|常委|代表)")


def _byline_lines(line: str, nxt: str | None) -> int:
    """How many lines a byline starting at ``line`` takes: 1, 2 (wrapped before its ``上``) or 0 (no byline)."""
    if _BYLINE.match(line):
        return 1
    if nxt and re.match(r"^(?:——|—\s+—)\s*\d{4}\s*年", line) and not _closed(line) and width(nxt) <= 30 \
            and _BYLINE.match(line + nxt):
        return 2
    return 0


def _speaker_line(byline: str, nxt: str) -> bool:
    """Is ``nxt`` the speaker of a byline that names none (``——…在…会议上`` then ``国务院总理 李强``)?"""
    m = _BYLINE.match(byline)
    if not (m and not m[5].strip() or _DATE_BYLINE.match(byline)):
        return False
    t = nxt.strip()
    return 2 <= width(t) <= 24 and not re.search(r"[，。；：！？、“”《》（）]", t) and bool(
        re.fullmatch(rf"[{HAN}]{{2,20}}[ \t\u3000]+[{HAN}][{HAN} \t\u3000]{{0,5}}|[{HAN}]{{2,4}}", t)
        or _TITLE_WORDS.match(t))


_DATED_DASH = re.compile(rf"^(?:——|—\s+—)\s*(?:\d{{4}}|[{_CN_DIGITS}]{{4}})\s*年")  # ——2024 年…: a byline's start
_BYLINE_AFTER_SOURCE = re.compile(r"^(?:作者|记者|文|撰稿|作者单位)\s*[：:]")


@dataclass
class Repaired:
    """What ``repair`` made of one file: its articles, what it had to say, whether it was a compilation."""

    articles: list[Article]
    warnings: list[str] = field(default_factory=list)
    compilation: bool = False


# ---------------------------------------------------------------- small text helpers


def width(s: str) -> float:
    """Printed width of a line in full-width characters (ASCII counts a half, a space a quarter)."""
    ascii_ = len(s.encode("ascii", "ignore"))
    spaces = s.count(" ")
    return len(s) - ascii_ + 0.5 * (ascii_ - spaces) + 0.25 * spaces


_DASHES = re.compile(r"—[ \t\u3000]+—")
_SP_WIDE_ASCII = re.compile(rf"(?<=[{_WIDE}])[ \t\u3000\xa0]+(?=[0-9A-Za-z%+.])")
_SP_ASCII_WIDE = re.compile(rf"(?<=[0-9A-Za-z%+.])[ \t\u3000\xa0]+(?=[{_WIDE}])")
_SP_PUNCT = re.compile(r"[ \t\u3000\xa0]+(?=[“‘《（「『，。、；：！？”’》）」』…—])|(?<=[“‘《（「『，。、；：！？”’》）」』…—])[ \t\u3000\xa0]+")
_SP_MANY = re.compile(r"[ \t\u3000\xa0]{2,}")
_ANY_SPACE = re.compile(r"[ \t\u3000\xa0]")
_SP_DECIMAL = re.compile(r"(\d)[ \t]*([.．])[ \t]*(?=\d)")  # 5 . 2 → 5.2
_SP_NUMBER = re.compile(r"(?<=\d)[ \t]+(?=[%‰]|[.．](?![A-Za-z \t]))")  # 3 % → 3%, 1 .推动 → 1.推动
# a space that cuts off a one-character word (``，但 非煤产业``): no heading or name pair is one character long
_SP_LONE = re.compile(rf"(?:(?<=[，。、；：！？“（][{HAN}])|(?<=^[{HAN}]))[ \t\u3000\xa0]+(?=[{HAN}])"
                      rf"|(?<=[{HAN}])[ \t\u3000\xa0]+(?=[{HAN}](?:[，。、；：！？”）]|$))")


def tidy(s: str) -> str:
    """One paragraph or title with the extraction's spacing undone.

    ``— —`` becomes ``——``; spaces between Chinese and digits/Latin letters and around full-width
    punctuation go (``2 月 7 日`` → ``2月7日``, ``落实 “爱国者治港”`` → ``落实“爱国者治港”``); a single
    space between two Chinese words stays (``发展新质生产力 增强高质量发展新动能``), except one that cuts
    off a one-character word inside a sentence (``，但 非煤产业`` → ``，但非煤产业``).
    """
    s = _DASHES.sub("——", s.strip())
    s = _SP_PUNCT.sub("", s)
    s = _SP_WIDE_ASCII.sub("", s)
    s = _SP_ASCII_WIDE.sub("", s)
    if not _ANY_SPACE.search(s):  # most paragraphs: nothing left to do
        return s.strip()
    s = _SP_LONE.sub("", s)
    s = _SP_NUMBER.sub("", _SP_DECIMAL.sub(r"\1\2", s))
    return _SP_MANY.sub(" ", s).strip()


def _closed(s: str) -> bool:
    """Does the line end a sentence (closing punctuation, possibly followed by closing quotes)?"""
    s = s.rstrip()
    while s and s[-1] in _CLOSE_QUOTES:
        if s[-1] in "”’」』" and len(s) > 1 and s[-2] in _CLOSING:
            return True
        s = s[:-1]
        if s and s[-1] not in _CLOSE_QUOTES:
            return s[-1] in _CLOSING
    return bool(s) and s[-1] in _CLOSING


def _join(pieces: list[str]) -> str:
    """Lines of one paragraph joined: no separator, except a space between two Latin words."""
    out = ""
    for p in pieces:
        if out and out[-1].isascii() and out[-1].isalnum() and p[:1].isascii() and p[:1].isalpha():
            out += " "
        out += p
    return out


def _compact_map(text: str) -> tuple[str, list[int]]:
    """``compact(text)`` and, for each of its characters, the index in ``text``."""
    idx = [i for i, c in enumerate(text) if not c.isspace()]
    return "".join(text[i] for i in idx), idx


# ---------------------------------------------------------------- dates


_NAME_YMD = r"(\d{4})(?:[-_.](\d{1,2})(?:[-_.](\d{1,2}))?)?(?![-_.]?\d)"
# a full date, then a separator and a sequence number: 2024-01-31_003.txt, 1921-07-23_1.txt, xwlb_20240131-2.txt
_NAME_DATE_SEQ = r"(\d{4})(?:(\d{2})(\d{2})|([-_.])(\d{1,2})\4(\d{1,2}))(?=[-_. ]\d{1,6}(?![0-9A-Za-z]))"


def _name_date(m: re.Match) -> str | None:
    """The date of a file-name match; mixed separators (``2024_01-02``: January to February) give the year."""
    if len(set(re.findall(r"[-_.]", m[0]))) > 1:
        return _date_string(int(m[1]))
    return _date_string(int(m[1]), m[2] and int(m[2]), m[3] and int(m[3]))


def date_from_filename(name: str) -> str | None:
    """The date in a file name, as precise as written: ``1978.txt`` → ``"1978"``, ``2024-03.txt`` →
    ``"2024-03"``, ``20240305.txt``, ``2024-03-05_xwlb.txt`` and ``2024-03-05_003.txt`` (a date, then a
    sequence number) → ``"2024-03-05"``. A date the name starts with is taken as it is; one further in (``xwlb_20240305.txt``) must stand apart from other letters and
    digits and have a year from 1940 to 2099."""
    stem = name.rsplit("/", 1)[-1]
    m = (re.match(r"^(\d{4})(\d{2})(\d{2})(?!\d)", stem)
         or re.match(r"^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?", stem)
         or re.match(_NAME_YMD + r"(?!\d)", stem))
    if m:
        return _name_date(m)
    for m in re.finditer(rf"(?:^|(?<![0-9A-Za-z])(?<!\d[-_.])(?=\d{{4}}[-_.]?\d{{2}}|\d{{4}}[-.]))"
                         rf"{_NAME_DATE_SEQ}", stem):
        if m.start() == 0 or re.fullmatch(r"19[4-9]\d|20\d\d", m[1]):
            return _date_string(int(m[1]), int(m[2] or m[5]), int(m[3] or m[6]))
    # elsewhere in the name (xwlb_20240305.txt, 政府工作报告1978.txt), standing apart from other letters and digits
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    # (not ``_``-separated numbers: ``qiushi_2025_01`` is an issue number, not January)
    for pattern in (r"(\d{4})(\d{2})(\d{2})", r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?",
                    r"(\d{4})(?:[-.](\d{1,2})(?:[-.](\d{1,2}))?)?", r"(\d{4})()()"):
        for m in re.finditer(rf"(?<![0-9A-Za-z])(?<!\d[-_.]){pattern}(?![0-9A-Za-z])(?![-_.]\d)", stem):
            if re.fullmatch(r"19[4-9]\d|20\d\d", m[1]):
                return _name_date(m)  # an impossible date (2024-13-05) gives none
    return None


def byline_date(byline: str | None) -> str | None:
    """The date of a byline ``——2024 年 1 月 30 日在…上…`` or ``——二〇二三年十二月二十六日`` as ``YYYY-MM-DD``."""
    m = _BYLINE.match(byline or "") or _DATE_BYLINE.match(byline or "")
    return _date_string(numeral(m[1]), numeral(m[2]), numeral(m[3])) if m else None


def _date_string(y: int, mo: int | None = None, d: int | None = None) -> str | None:
    import calendar

    if not 1000 <= y <= 2999:
        return None
    if not mo:
        return f"{y:04d}"
    if not 1 <= mo <= 12:
        return None
    if not d:
        return f"{y:04d}-{mo:02d}"
    if not 1 <= d <= calendar.monthrange(y, mo)[1]:
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def first_full_date(text: str) -> str | None:
    """The first complete date (``2024 年 3 月 5 日``, ``2024-03-05``, ``一九七八年二月二十六日``) in ``text``
    as ``YYYY-MM-DD``."""
    found = []
    for m in _FULL_DATE.finditer(text):
        mo, d = (m[2], m[3]) if m[2] else (m[4], m[5])
        date = _date_string(int(m[1]), int(mo), int(d))
        if date:
            found.append((m.start(), date))
            break
    for m in _CN_FULL_DATE.finditer(text):
        date = _date_string(numeral(m[1]), numeral(m[2]), numeral(m[3]))
        if date:
            found.append((m.start(), date))
            break
    return min(found)[1] if found else None


def name_year(name: str) -> int | None:
    """A year written anywhere in a file name (``study_2024_03.txt``, ``学习资料2024年3月.txt``) or None."""
    m = re.search(r"(?<!\d)(19[4-9]\d|20\d\d)(?!\d)", name.rsplit("/", 1)[-1])
    return int(m[1]) if m else None


def context_year(text: str) -> int | None:
    """The year a compilation is about: the year it names most often (the later one on a tie)."""
    years = Counter(int(y) for y in _YEAR.findall(text))
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def event_date(paragraph: str, year: int | None) -> str | None:
    """The first ``[YYYY 年] M 月 D 日`` of a lead paragraph; the year from context when not given."""
    for m in _MONTH_DAY.finditer(paragraph):
        y = int(m[1]) if m[1] else year
        if y is None:
            continue
        date = _date_string(y, int(m[2]), int(m[3]))
        if date:
            return date
    return None


# ---------------------------------------------------------------- wrong glyphs


def fix_glyphs(texts: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, int, str, str]], list[str]]:
    """Repair wrong glyphs (a pictograph inside a Han name, such as ``🖂莉霞``) in ``{name: text}``.

    A glyph is replaced by the Han character that stands next to the same neighbours elsewhere in the
    texts (``王莉霞``) when that character is unambiguous. Returns the fixed texts, the fixes as
    ``(name, line, wrong, right)`` and warnings (one per glyph left alone).
    """
    hits = [(name, m) for name, t in texts.items() for m in _ODD.finditer(t)]
    if not hits:
        return dict(texts), [], []
    everything = "\n".join(texts.values())
    seen: dict[tuple[str, str], Counter] = {}  # neighbours → characters found between them elsewhere
    fixed: dict[str, dict[int, str]] = {name: {} for name in texts}  # one character for one: offsets hold
    newlines: dict[str, list[int]] = {}
    fixes, warns = [], []
    for name, m in reversed(hits):
        t, done = texts[name], fixed[name]
        i = m.start()
        after = "".join(done.get(k, t[k]) for k in range(i + 1, min(i + 3, len(t))))  # fixed ones count
        left = re.search(f"[{HAN}]{{1,2}}$", t[max(0, i - 2):i])
        right = re.match(f"[{HAN}]{{1,2}}", after)
        lctx, rctx = (left[0] if left else ""), (right[0] if right else "")
        if name not in newlines:
            newlines[name] = [mm.start() for mm in re.finditer("\n", t)]
        line = bisect.bisect_left(newlines[name], i) + 1
        choice = None
        if lctx or rctx:
            if (lctx, rctx) not in seen:
                seen[lctx, rctx] = Counter(re.findall(f"{re.escape(lctx)}([{HAN}]){re.escape(rctx)}", everything))
            found = seen[lctx, rctx]
            ranked = found.most_common(2)
            if ranked and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]) and (lctx and rctx or len(found) == 1):
                choice = ranked[0][0]
        if choice:
            done[i] = choice
            fixes.append((name, line, m[0], choice))
        else:
            warns.append(f"{name}, line {line}: unknown glyph {m[0]!r} (U+{ord(m[0]):04X}) next to "
                         f"{lctx or rctx or 'nothing Chinese'}; left as it is")
    out = {name: _replaced(t, fixed[name]) for name, t in texts.items()}
    return out, list(reversed(fixes)), list(reversed(warns))


def _replaced(text: str, chars: dict[int, str]) -> str:
    """``text`` with the character at each offset of ``chars`` replaced, in one pass."""
    if not chars:
        return text
    parts, prev = [], 0
    for i in sorted(chars):
        parts += [text[prev:i], chars[i]]
        prev = i + 1
    parts.append(text[prev:])
    return "".join(parts)


# ---------------------------------------------------------------- lines


@dataclass
class _Line:
    no: int
    text: str
    kind: str  # blank, title, glued, text
    names: list[str] = field(default_factory=list)
    num: int | None = None
    indent: bool = False
    blank_before: bool = False


def _names_match(names: list[str], text: str) -> bool:
    a, b = compact("".join(names)), compact(text)
    if not a or not b:
        return False
    n = min(6, len(a), len(b))
    return n >= 2 and a[:n] == b[:n]


def _parse(text: str) -> list[_Line]:
    out: list[_Line] = []
    blank = False
    for no, raw in enumerate(text.split("\n"), 1):
        s = raw.strip()
        pos, names, num, anchor, real = 0, [], None, False, False
        while True:
            m = _MARKER_NAME.match(s, pos)
            if not m:
                break
            name = m[1].strip()
            n = _NUMBERED.fullmatch(name)
            if n:
                num = int(n[1]) if num is None else num
            elif _TOC.fullmatch(name):
                anchor = True
            elif name and not _IGNORED.fullmatch(name):
                names.append(name)
            real = real or not _IGNORED.fullmatch(name)
            pos = m.end()
            while pos < len(s) and s[pos] in " \t":
                pos += 1
        rest = _MARKER.sub("", s[pos:]).strip()
        if pos and not real:  # only editing anchors (_GoBack, _Hlk…): an ordinary line
            pos, s = 0, rest
        if pos == 0 and (not rest or _PAGE_NUMBER.fullmatch(rest)):  # a page number is a page break
            kind = "blank"
        elif pos and (num is not None or anchor or (not rest and names) or _names_match(names, rest)):
            kind = "title"
        elif pos and not rest:
            kind = "blank"  # a marker alone that names nothing here
        elif pos:
            kind = "glued"
        else:
            kind = "text"
        out.append(_Line(no, rest, kind, names, num, bool(rest) and raw[:1].isspace() and pos == 0, blank))
        blank = kind == "blank"
    return out


def wrap_width(lines: list[str], prose_check: bool = True) -> tuple[float, float] | None:
    """The widths at which the lines were wrapped, or None when they look unwrapped (a paragraph a line).

    Returns ``(first, other)``: the width of a paragraph's full first line (narrower when paragraphs
    are indented) and of its other full lines, each the most common width of lines that end without
    closing punctuation. With ``prose_check`` (for files not known to be extracted from a PDF), lines
    of that width must look cut out of running prose (most hold a comma), not like headings.
    """
    ws = [width(s) for s in lines if s]
    if len(ws) < 5:  # too few lines to tell
        return None
    firsts, others = Counter(), Counter()
    prev_closed = True
    for s in lines:
        if not s:
            continue
        wd, closed = width(s), _closed(s)
        if not closed and 12 <= wd <= 90:
            (firsts if prev_closed else others)[round(wd * 2) / 2] += 1
        prev_closed = closed
    every = firsts + others
    if not every or len(ws) < 5:
        return None
    w, _ = every.most_common(1)[0]
    near = sum(1 for x in ws if w - 2.5 <= x <= w + 1.5)
    if near < 5 or near < 0.1 * len(ws):
        return None
    # lines cut out of running prose nearly always hold a comma; headings of equal length seldom do
    if prose_check:
        cut = [_ITEM.sub("", s) for s in lines if s and not _closed(s) and w - 2.5 <= width(s) <= w + 1.5]
        if sum(1 for s in cut if re.search(r"[，、；：“”（）,]", s[:-1])) < max(5, 0.5 * len(cut)):
            return None
    w1 = firsts.most_common(1)[0][0] if firsts and firsts.most_common(1)[0][1] >= 3 else w
    w2 = others.most_common(1)[0][0] if others and others.most_common(1)[0][1] >= 3 else w1
    return float(w1), float(w2)


# ---------------------------------------------------------------- segments


@dataclass
class _Seg:
    first: int
    last: int
    title: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    title_from: str = ""  # bookmark, heading, first-line or "" (missing)
    kicker: list[str] = field(default_factory=list)
    num: int | None = None
    subtitle: list[str] = field(default_factory=list)
    byline: str | None = None
    source: str | None = None
    bullets: list[list[str]] = field(default_factory=list)
    body: list[tuple[str, bool, int]] = field(default_factory=list)  # (line, starts a paragraph, number)
    notes: list[str] = field(default_factory=list)
    used: list[int] = field(default_factory=list)  # numbers of the lines it took

    def touch(self, no: int) -> None:
        self.last = max(self.last, no)
        self.used.append(no)

    @property
    def started(self) -> bool:
        """Has body text or notes (so a new bullet block or byline means a new article)."""
        return bool(self.body or self.notes)


_STAMP = re.compile(r"^[（(]?\s*\d{4}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?!\d))"
                    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*第?\s*\d{1,3}\s*版)?\s*[）)]?\s*")


def _split_stamp(after: str) -> tuple[str, str]:
    """Text after a source → (publication stamp such as ``2024年03月05日 第01版``, the text after it).

    The stamp becomes a paragraph of its own, so that it does not run into the first sentence."""
    m = _STAMP.match(after)
    if not m or not re.search(r"\d{4}", m[0]):
        return "", after
    return m[0].strip(), after[m.end():].strip()


def _split_source(rest: str) -> tuple[str, str]:
    """``来源：`` line content → (source, text glued after it)."""
    for s in sorted(_KNOWN_SOURCES, key=len, reverse=True):
        if rest.startswith(s):
            return s, rest[len(s):].strip()
    m = re.match(r"^(\S{1,24}?)\s+(.*)$", rest)
    if m and not re.search(r"[，。；：]", m[1]):
        return m[1], m[2].strip()
    m = _SOURCE_GENERIC.match(rest)
    if m and m[0].strip():
        return m[0].strip(), rest[m.end():].strip()
    if len(rest) <= 24 and not re.search(r"[，。；]", rest):
        return rest, ""
    return "", rest


class _Splitter:
    """Cuts a compilation's lines into segments (articles)."""

    def __init__(self, lines: list[_Line], w: tuple[float, float], compact_doc: str, ends: list[int],
                 expected: dict[int, float]):
        self.lines, self.w, self.expected = lines, w, expected
        self.doc, self.ends = compact_doc, ends  # compact text, and its length after each line

    def _later(self, piece: str, i: int) -> bool:
        """Does ``piece`` occur again after line ``i`` (within the next stretch of text)?"""
        start = self.ends[i]
        return self.doc.find(piece, start, start + LOOKAHEAD + len(piece)) >= 0

    joined = False  # the lines are whole paragraphs: none is a wrapped piece of the next

    def _full(self, s: str) -> bool:
        return not self.joined and width(s) >= min(self.w) - 2.5

    def _headline_like(self, s: str, limit: float) -> bool:
        return bool(s) and not _closed(s) and "。" not in s and width(s) <= limit and not _BULLET.match(s) \
            and not _SOURCE.match(s) and not s.startswith("※")

    def run(self, weak_budget: dict[int, float]) -> tuple[list[_Seg], list[int]]:
        """Segments, and for each its region (index of the numbered bookmark that precedes it)."""
        lines, segs, regions = self.lines, [], []
        cur: _Seg | None = None
        region = 0
        budget = dict(weak_budget)
        i, n = 0, len(lines)

        def new(first: int) -> _Seg:
            seg = _Seg(first, first)
            segs.append(seg)
            regions.append(region)
            return seg

        while i < n:
            L = lines[i]
            if L.kind == "blank":
                i += 1
                continue
            if L.kind == "title":
                if L.num is not None:
                    region = L.num + 1
                cur = new(L.no)
                cur.names, cur.num, cur.title_from = L.names, L.num, "bookmark"
                if L.text:
                    cur.title.append(L.text)
                i = self._title_tail(cur, i + 1)
                continue
            text = L.text
            if _SOURCE.match(text):
                rest = _SOURCE.sub("", text, count=1)
                if cur is None or cur.started or cur.source:
                    heading = self._pop_heading(cur) if cur is not None else []
                    cur = new(heading[0][0] if heading else L.no)
                    if heading:
                        cur.title, cur.title_from = [h for _, h in heading], "heading"
                src, after = _split_source(rest)
                cur.source = src or None
                stamp, after = _split_stamp(after)
                if stamp:
                    cur.body.append((stamp, True, L.no))
                if after:  # the line's own width decides whether it wraps, the label included
                    cur.body.append((after, True, L.no, width(text)))
                cur.touch(L.no)
                i += 1
                continue
            if _BULLET.match(text):
                if cur is not None and self._only_a_heading(cur):  # a title without a marker, then key points
                    cur.title, cur.title_from = [t for t, *_ in cur.body], "heading"
                    cur.body = []
                elif cur is None or cur.started:
                    heading = self._pop_heading(cur) if cur is not None else []
                    cur = new(heading[0][0] if heading else L.no)
                    if heading:
                        cur.title, cur.title_from = [h for _, h in heading], "heading"
                i = self._bullets(cur, i)
                continue
            nb = _byline_lines(text, lines[i + 1].text if i + 1 < n and lines[i + 1].kind == "text" else None)
            if nb:
                if cur is None or cur.started:
                    cur = new(L.no)
                if nb == 2:  # wrapped before its 上
                    cur.touch(L.no)
                    i += 1
                    text = _join([text, lines[i].text])
                    L = lines[i]
                if cur.byline is None:
                    cur.byline = text
                    if i + 1 < n and lines[i + 1].kind == "text" and _speaker_line(text, lines[i + 1].text):
                        cur.byline += " " + lines[i + 1].text
                        i += 1
                        cur.touch(lines[i].no)
                else:
                    cur.body.append((text, True, L.no))
                cur.touch(L.no)
                i += 1
                continue
            if text.startswith("※"):
                if cur is None:
                    cur = new(L.no)
                cur.notes.append(text)
                cur.touch(L.no)
                i += 1
                continue
            if cur is not None and cur.body and L.kind == "text" and _closed(cur.body[-1][0]):
                strong = bool(_MEETING_LEAD.match(tidy(text)))
                if region in self.expected:
                    take = (strong or L.indent) and budget.get(region, 0) > 0
                else:
                    take = strong
                if take:
                    budget[region] = budget.get(region, 0) - 1
                    cur = new(L.no)
            if cur is None:
                cur = new(L.no)
            cur.body.append((text, L.kind == "text" and cur.body == [], L.no))
            cur.touch(L.no)
            i += 1
        return segs, regions

    def _title_tail(self, seg: _Seg, i: int) -> int:
        """Consume what follows a title line: the rest of a wrapped title, subtitles, the byline."""
        lines, n = self.lines, len(self.lines)
        j = i
        target = compact("".join(seg.names))
        while j < n and lines[j].kind in ("blank", "text"):
            if lines[j].kind == "blank":
                j += 1
                continue
            have = compact("".join(seg.title))
            cand = compact(lines[j].text)
            if target and len(have) < len(target) and target.startswith(have + cand) and cand:
                seg.title.append(lines[j].text)
                seg.touch(lines[j].no)
                j += 1
                continue
            break
        if not seg.title:
            k = j
            while k < n and lines[k].kind == "blank":
                k += 1
            if k < n and lines[k].kind == "text" and self._headline_like(lines[k].text, self.w[0] + 2):
                seg.title.append(lines[k].text)
                seg.touch(lines[k].no)
                j = k + 1
        # subtitles: headline-like lines up to a 来源 line (at most three), or one short headline line
        look, k = [], j
        while k < n and len(look) < 4:
            if lines[k].kind == "blank":
                k += 1
                continue
            if lines[k].kind != "text":
                break
            look.append(k)
            k += 1
        subs: list[int] = []
        for pos, k in enumerate(look):
            t = lines[k].text
            if _SOURCE.match(t) or _BYLINE.match(t):
                subs = look[:pos]
                break
            if not self._headline_like(t, 2.5 * self.w[0]) or _ITEM.match(t):
                if pos == 1 and self._headline_like(lines[look[0]].text, self.w[0] - 2.5):
                    subs = look[:1]
                break
        for k in subs:
            seg.subtitle.append(lines[k].text)
            seg.touch(lines[k].no)
        return subs[-1] + 1 if subs else j

    def _only_a_heading(self, seg: _Seg) -> bool:
        """Is all ``seg`` holds one or two headline-like lines (a title that has no bookmark)?"""
        return not (seg.title or seg.names or seg.bullets or seg.source or seg.notes or seg.byline or seg.subtitle) \
            and 1 <= len(seg.body) <= 2 and all(self._headline_like(t, 2 * self.w[0]) for t, *_ in seg.body)

    def _pop_heading(self, seg: _Seg) -> list[tuple[int, str]]:
        """Short unfinished lines at the end of ``seg``'s body, after a finished sentence: a heading
        that lost its start. They are removed from ``seg`` and returned as (line number, text)."""
        if seg is None or len(seg.body) < 2:
            return []
        k = len(seg.body)
        taken = 0
        while k > 1 and taken < 3:
            t = seg.body[k - 1][0]
            if not self._headline_like(t, 2 * self.w[0]):
                break
            k -= 1
            taken += 1
        if not taken or not _closed(seg.body[k - 1][0]):
            return []
        heading = [(no, t) for t, _, no in seg.body[k:]]
        del seg.body[k:]
        gone = {no for no, _ in heading}
        seg.used = [no for no in seg.used if no not in gone]
        seg.last = max([seg.first, *seg.used])
        return heading

    def _bullets(self, seg: _Seg, i: int) -> int:
        """Consume a block of key-point bullets starting at line ``i``; return the next line index."""
        lines, n = self.lines, len(self.lines)
        while i < n and lines[i].kind == "text" and _BULLET.match(lines[i].text):
            kp = [_BULLET.sub("", lines[i].text, count=1)]
            seg.touch(lines[i].no)
            verbatim = self._later(compact("".join(kp)), i)
            j = i + 1
            while True:
                k = j
                while k < n and lines[k].kind == "blank":
                    k += 1
                if k >= n or lines[k].kind not in ("text", "glued"):
                    break
                t = lines[k].text
                if _BULLET.match(t) or _SOURCE.match(t) or _BYLINE.match(t) or t.startswith("※"):
                    break
                joined = compact("".join(kp) + t)
                if verbatim:
                    ok = self._later(joined, k)
                else:
                    ok = not _closed(kp[-1]) and self._full(kp[-1])
                if not ok:
                    break
                kp.append(t)
                seg.touch(lines[k].no)
                j = k + 1
            seg.bullets.append(kp)
            i = j
            while i < n and lines[i].kind == "blank":
                i += 1
        return i


# ---------------------------------------------------------------- paragraphs and articles


def paragraphs(entries: list[tuple], w: tuple[float, float] | None) -> list[str]:
    """Body lines ``(text, starts_paragraph[, line_number, printed_width])`` joined into tidied paragraphs.

    ``printed_width`` is the width of the whole line the text came from, when something before it was
    taken off (a ``来源：`` label glued to the first sentence).

    With wrap widths ``w`` (a first line's, another line's; see ``wrap_width``): a line without closing
    punctuation continues on the next line when it is about as wide as the wrap or wider; a line with
    closing punctuation ends its paragraph unless it fills the line exactly (then it may be a wrap); a
    numbered heading spans at most two lines; a numbered item or bullet after a finished sentence starts
    a paragraph. Without ``w`` every line is a paragraph.
    """
    out: list[str] = []
    buf: list[str] = []
    heading = False
    line_width = 0.0  # the width of the last line as printed (a source label glued before it counts)
    for text, starts, *rest in entries:
        if buf and not starts and w is not None and _continues(buf[-1], len(buf), heading, text, w, printed=line_width):
            buf.append(text)
            heading = heading and "。" not in text
            line_width = width(text)
            continue
        if buf:
            out.append(tidy(_join(buf)))
        buf = [text]
        line_width = max(width(text), rest[1] if len(rest) > 1 else 0.0)
        heading = bool(_HEADING.match(text)) and "。" not in text
    if buf:
        out.append(tidy(_join(buf)))
    return [p for p in out if p]


def _continues(prev: str, nlines: int, heading: bool, nxt: str, w: tuple[float, float], *, printed: float = 0.0) -> bool:
    if _CONTENTS_LINE.search(prev):  # an entry of a table of contents ends with its page number
        return False
    wd = width(prev)
    closed = _closed(prev)
    if not closed:  # an unfinished line as wide as the wrap once a glued label is counted goes on
        wd = max(wd, printed)
    w1, w2 = w
    if heading:
        return nlines == 1 and w1 - 2.5 <= wd <= w1 + 1.5 and not closed and not _ITEM.match(nxt)
    if prev.rstrip().endswith(("；", ";")):  # a clause ends: the sentence goes on unless an item starts
        return wd >= min(w) - 2.5 and not _ITEM.match(nxt) and not _BULLET.match(nxt)
    if closed:  # a sentence end that fills the line exactly may still be a wrap
        full = w1 if nlines == 1 else w2
        return full - 0.5 <= wd <= full + 1.5 and not _ITEM.match(nxt) and not _BULLET.match(nxt)
    return wd >= min(w) - 2.5


def _link(text: str, key_points: list[str]) -> list[tuple[int, int] | None]:
    """For each key point, (start, end) of the body passage it repeats, or None."""
    spans: list[tuple[int, int] | None] = []
    mapped: tuple[str, list[int]] | None = None
    for kp in key_points:
        plain = kp.rstrip("。")
        pos = text.find(plain) if plain else -1
        if pos >= 0:
            end = pos + len(plain)
            spans.append((pos, end + 1 if text[end:end + 1] == "。" else end))
            continue
        if mapped is None:
            mapped = _compact_map(text)
        ctext, idx = mapped
        ckp = compact(kp).rstrip("。")
        pos = ctext.find(ckp) if ckp else -1
        if pos >= 0:
            start, end = idx[pos], idx[pos + len(ckp) - 1] + 1
            if text[end:end + 1] == "。":
                end += 1
            spans.append((start, end))
            continue
        spans.append(_fuzzy_link(text, kp))
    return spans


def _fuzzy_link(text: str, kp: str) -> tuple[int, int] | None:
    """The run of body sentences most like ``kp`` (for key points that are not verbatim).

    Only sentences near places where a piece of the key point occurs are compared, so the cost stays
    small however long the body is.
    """
    ckp = compact(kp)
    if len(ckp) < 8:
        return None
    step = max(1, len(ckp) // 12)
    hits = {p for i in range(0, len(ckp) - 5, step) if (p := text.find(ckp[i:i + 6])) >= 0}
    if not hits:
        return None
    bounds = [m.end() for m in re.finditer(r"[。！？；\n]", text)]
    starts = [0, *bounds]
    firsts = {k - d for h in hits for d in range(4) if (k := bisect.bisect_right(starts, h) - 1) - d >= 0}
    best, best_ratio = None, 0.0
    for k in sorted(firsts):
        a = starts[k]
        for b in bounds[k:k + 4]:
            sm = difflib.SequenceMatcher(None, ckp, compact(text[a:b]), autojunk=False)
            floor = max(best_ratio, 0.6)  # below 0.6 a run is never taken: skip it on the cheap bounds
            if sm.real_quick_ratio() < floor or sm.quick_ratio() < floor:
                continue
            r = sm.ratio()
            if r > best_ratio:
                best, best_ratio = (a, b), r
    if best is None or best_ratio < 0.6:
        return None
    a, b = best
    while a < b and text[a].isspace():
        a += 1
    return a, b


def _first_sentence(p: str) -> str:
    m = re.match(r"^[^。！？]*[。！？]?", p)
    return m[0] if m else p


# a news dateline before the first sentence: 新华社北京3月5日电 / 央视网消息（新闻联播）： / 本报北京3月5日讯（记者 某某）
_DATELINE = re.compile(rf"^(?:[{HAN}]{{1,8}}(?:社|网|报)[{HAN}]{{0,6}}(?:\d{{1,2}}\s*月\s*)?\d{{1,2}}\s*日\s*(?:电|讯)"
                       rf"(?:[（(][^）)]{{0,20}}[）)])?|[{HAN}]{{2,6}}消息(?:[（(][^）)]{{0,12}}[）)])?[：:])\s*")
_LEADING_MARKS = re.compile(r"^[\s，、；：。！？,.;:!?）)”’》」』…—-]+")
_DAY_ONLY = re.compile(rf"(?<![\d月])(\d{{1,2}})\s*日(?=[{HAN}，])(?![内以之起至前后])")


def infer_title(body: list[str], byline: str | None = None) -> str:
    """A short descriptive title (who did what) from a byline or the first sentence of the body."""
    if byline:
        m = _BYLINE.match(byline)
        if m:
            venue, rest = tidy(m[4]), tidy(m[5])
            speaker = rest.split()[-1] if rest.split() else ""
            speaker = _TITLE_WORDS.sub("", speaker) or speaker
            head = " ".join(body[:4])
            if re.search(r"代表[^，。]{0,12}(?:政府|国务院)[^。]{0,12}报告(?:政府)?工作|政府工作报告", head):
                region = re.match(r"^(.*?)(?:第[一二三四五六七八九十百\d]+届|人民代表大会|$)", venue)
                return f"{region[1] if region else ''}政府工作报告"
            return f"{speaker}在{venue}上的讲话" if speaker else f"在{venue}上的讲话"
    if any(compact(p) == "目录" for p in body[:6]) and sum(bool(_CONTENTS_LINE.search(p)) for p in body) >= 2:
        return "目录"  # a compilation's front matter: cover and table of contents
    said = [p for p in body if not is_salutation(p)] or body
    lead = next((p for p in said if re.search("[。！？]", p)), said[0] if said else "")
    lead = _LEADING_MARKS.sub("", lead)  # a clause cut off from its sentence is read from its first word
    s = _DATELINE.sub("", _first_sentence(lead).rstrip("。！？"))
    m = _MONTH_DAY.search(s) or _DAY_ONLY.search(s)
    if m:
        before = s[:m.start()]
        before = re.split(r"[，、]", before)[-1]
        before = _TITLE_WORDS.sub("", before) or before
        after = re.sub(r"^(?:上午|下午|晚上|晚间|早上|中午|晚)", "", s[m.end():]).lstrip("，, ")
        after = re.split(r"[，。；]", after)[0]
        title = (before + after).strip()
    else:
        title = s
        generic = re.match(r"^(?:会议|大会|全会)[^。]*?([^，。]*(?:闭幕|开幕|召开|举行))", s)
        if generic:  # a bare "the meeting closed": name the body that met, from the same paragraph
            org = re.search(rf"([{HAN}]{{1,8}}?(?:政协|人大常委会|人大|党委|党组|政府|委员会))(?:党组|主席|书记|副主席|常委会)",
                            lead)
            if org:
                title = f"{org[1]}会议{generic[1]}"
    title = _LEADING_MARKS.sub("", re.sub(r"^(?:近日|日前|当天|今天|目前)[，,]?", "", title))
    if len(title) > 40:
        cut = max((m.start() for m in re.finditer("[，；、]", title[:40])), default=0)
        title = title[:cut] if cut >= 8 else title[:40] + "…"
    return title or (lead[:20] + "…" if lead else "")


def article_kind(title: str, byline: str | None, lead: str) -> str:
    """``report`` or ``speech`` (has a byline), ``meeting`` (a dated report of a meeting), else ``article``."""
    if byline:
        return "report" if "报告" in title else "speech"
    if re.search(r"会议|集体学习|座谈会|闭幕|开幕|全会", title + lead[:60]) and _MONTH_DAY.search(lead[:60]) \
            or re.search(r"(?:会议|大会|全会|座谈会).*(?:召开|闭幕|开幕|举行)$", title):
        return "meeting"
    return "article"


def _article(seg: _Seg, w: tuple[float, float] | None, file: str, year: int | None, compilation: bool) -> Article:
    paras = paragraphs(seg.body, w)
    text = "\n".join(paras)
    key_points = [tidy(_join(kp)) for kp in seg.bullets]
    key_points = [k for k in key_points if k]
    byline = tidy(seg.byline) if seg.byline else None
    title = tidy(" ".join(seg.title)) if seg.title_from == "bookmark" and len(seg.title) == 1 \
        else tidy(_join(seg.title))
    inferred = False
    if not title and seg.names and seg.title_from == "bookmark":
        title = tidy(" ".join(seg.names))
    if not title:
        title, inferred = infer_title(paras, byline), True
    date = None
    lead = next((p for p in paras if re.search("[。！？]", p)), "")
    if compilation:
        date = byline_date(byline)
        if date is None:
            date = event_date(lead, year)
        if date is None and seg.notes:  # "※这是…2022年7月29日在…上讲话的一部分": the date of the speech
            date = first_full_date(" ".join(seg.notes))
        if date is None and paras and _split_stamp(paras[0]) == (paras[0], ""):  # a publication stamp alone
            date = first_full_date(paras[0])
    return Article(
        id=0, title=title or file, text=text, title_inferred=inferred,
        subtitle=tidy(_join(seg.subtitle)) or None, kicker=tidy(_join(seg.kicker)) or None, byline=byline,
        source=tidy(seg.source) if seg.source else None,
        date=date, kind=article_kind(title, byline, lead) if compilation else "document", key_points=key_points,
        key_point_spans=_link(text, key_points), notes=[tidy(n) for n in seg.notes], file=file,
        lines=(seg.first, seg.last),
    )


def is_compilation(lines: list[_Line], doc: str, ends: list[int]) -> bool:
    """A file is a compilation when it has bookmark markers or bullets that repeat later text."""
    if any(L.kind in ("title", "glued") for L in lines):
        return True
    for i, L in enumerate(lines):
        if L.kind == "text" and _BULLET.match(L.text):
            probe = compact(_BULLET.sub("", L.text, count=1))[:24]
            if len(probe) >= 8 and doc.find(probe, ends[i], ends[i] + LOOKAHEAD) >= 0:
                return True
    return False


def repair(text: str, file: str = "", *, file_date: str | None = None, year: int | None = None, head: int = 0,
           slots: bool = False, name_title: str | None = None, wrap: tuple[float, float] | None | bool = True,
           paragraphs: bool = False, whole: bool = False) -> Repaired:
    """Turn the (decoded, newline-normalised) text of one file (or one story of it) into articles; see the
    module doc.

    Args:
        text: the text, lines separated by ``\n``.
        file: names the file in provenance and warnings.
        file_date: the date of its name (or folder): dates a text that is one article.
        year: the year for month-and-day dates in a compilation (default: the year of ``file_date``,
            else the year the text names most often).
        head: for a text that is one article, how many of its first lines are known to be its headline
            (a story's title lines): they make its title (and kicker and subtitle) however long they are.
        slots: the folder keeps the three headline slots in place (see ``titles.split_headline``).
        name_title: a title from the file's name, used when the text has no title line and its opening
            does not say what report it is.
        wrap: for a text that is one article, its wrap widths when they are known (a story's are those of
            its whole file, see ``wrap_width``; None: not wrapped); True (the default) measures them.
        paragraphs: each line of ``text`` is a whole paragraph (a reader that knows its paragraphs, such
            as PDF or Word): no line is joined to the next, in a compilation too.
        whole: the text is one article (a part a PDF bookmark or a Word heading gave): the compilation's
            repair runs on it, but it is not split into several articles.
    """
    lines = _parse(text)
    ends, total = [], 0
    parts = []
    for L in lines:
        c = compact(L.text)
        parts.append(c)
        total += len(c)
        ends.append(total)
    doc = "".join(parts)
    texts = [L.text for L in lines if L.kind != "blank"]
    warnings: list[str] = []
    if not is_compilation(lines, doc, ends):
        w = None if paragraphs else wrap_width(texts) if wrap is True else wrap or None
        return Repaired(_single(lines, w, file, file_date, head=head, slots=slots, name_title=name_title),
                        warnings, False)
    w = (None if paragraphs else wrap_width(texts, prose_check=False)) or (COMPILATION_WRAP, COMPILATION_WRAP)

    nums = [L.num for L in lines if L.kind == "title" and L.num is not None]
    expected: dict[int, float] = {}
    prev = -1
    for k in nums:
        expected[prev + 1] = max(0, k - prev - 1)  # region after bookmark prev: titles lost before k
        prev = k
    splitter = _Splitter(lines, w, doc, ends, expected)
    splitter.joined = paragraphs
    segs, regions = splitter.run({})
    found = Counter(r for s, r in zip(segs, regions, strict=True) if s.title_from != "bookmark")
    budget = {r: expected[r] - found[r] for r in expected if expected[r] > found[r]}
    if budget:
        segs, regions = splitter.run(budget)
        found = Counter(r for s, r in zip(segs, regions, strict=True) if s.title_from != "bookmark")
    for r, k in expected.items():
        if found[r] != k:
            lo = f"_bookmark{r - 1}" if r else "the start"
            warnings.append(f"{file}: {k} title(s) missing before the bookmark after {lo}, "
                            f"but {found[r]} untitled article(s) found there")
    if year is None:  # the year of the file name, else the year the text names most often, else one in the name
        year = int(file_date[:4]) if file_date else context_year(text) or name_year(file)
    if whole and len(segs) > 1:
        segs = [_merged(segs, lines)]
    arts = [_article(s, None if paragraphs else w, file, year, True) for s in segs]
    arts = [a for a in arts if a.text or a.key_points or a.notes or a.subtitle or a.byline or a.source
            or not a.title_inferred]
    for i, a in enumerate(arts, 1):
        a.id = i
    return Repaired(arts, warnings, True)


def _merged(segs: list[_Seg], lines: list[_Line]) -> _Seg:
    """The first segment with every line of the later ones added to its body, in order (one article
    that the splitter would have cut where a title seemed lost)."""
    head = segs[0]
    for s in segs[1:]:
        body = [(L.text, k == 0, L.no) for k, L in
                enumerate(L for L in lines if s.first <= L.no <= s.last and L.kind != "blank" and L.text)]
        head.body.extend(body)
        head.last = max(head.last, s.last)
    return head


def repair_article(text: str, title: str, file: str = "", *, year: int | None = None,
                   paragraphs: bool = False) -> Repaired:
    """The text of one article whose title the file gives (a PDF bookmark, a Word heading), repaired as
    an article of a compilation (key points, source, byline, dates, ※ notes) and not split; ``title``
    is its title, whatever the text's first line says. Its ``lines`` count the lines of ``text``.

    Args:
        file: names the file in provenance and warnings.
        year: the year for month-and-day dates (as for ``repair``).
        paragraphs: each line of ``text`` is a whole paragraph (as for ``repair``).
    """
    title = " ".join(title.split())
    name = title.replace("]", "］")
    lines = text.split("\n")
    j = next((k for k, ln in enumerate(lines) if ln.strip()), 0)
    if _names_match([name], lines[j]):  # the title as printed is the first line: the marker goes on it
        lines[j] = f"[bookmark: {name}]" + lines[j]
        marked, shift = "\n".join(lines), 0
    else:
        marked, shift = f"[bookmark: {name}]{name}\n" + text, 1
    done = repair(marked, file, year=year, paragraphs=paragraphs, whole=True)
    for a in done.articles:
        a.title, a.title_inferred = title, False
        a.lines = (max(1, a.lines[0] - shift), max(1, a.lines[1] - shift))
    return done


def repair_parts(parts: list, file: str = "", *, file_date: str | None = None) -> Repaired:
    """The articles of a file its reader gave in parts (``readers.Part``: ``text``, ``title``, ``kind``,
    ``line_pages``, ``paragraphs``), numbered from 1, their ``lines`` counting the lines of all parts
    one after the other and their ``pages`` taken from the parts' ``line_pages``.

    A part of kind ``"article"`` is one article (``repair_article``); any other part is repaired as a
    file of its own. One plain part is exactly ``repair(text, file, file_date=file_date)``. Month-and-day
    dates take the year of ``file_date``, else the year the whole file names most often.
    """
    if len(parts) == 1 and parts[0].kind is None and not parts[0].paragraphs and not parts[0].line_pages:
        return repair(parts[0].text, file, file_date=file_date)
    whole = "\n".join(p.text for p in parts)
    year = int(file_date[:4]) if file_date else context_year(whole) or name_year(file)
    out = Repaired([], [], False)
    offset = 0
    for p in parts:
        if p.kind == "article" and p.title:
            done = repair_article(p.text, p.title, file, year=year, paragraphs=p.paragraphs)
        else:
            done = repair(p.text, file, file_date=file_date, year=year, paragraphs=p.paragraphs)
        out.warnings += done.warnings
        out.compilation = out.compilation or done.compilation or p.kind == "article"
        for a in done.articles:
            first, last = a.lines
            if p.line_pages:
                lo, hi = min(max(first, 1), len(p.line_pages)), min(max(last, 1), len(p.line_pages))
                a.pages = (p.line_pages[lo - 1][0], p.line_pages[hi - 1][1])
            elif p.pages:
                a.pages = p.pages
            a.lines = (first + offset, last + offset)
            out.articles.append(a)
        offset += p.text.count("\n") + 1
    for i, a in enumerate(out.articles, 1):
        a.id = i
    return out


def looks_like_title(line: str, w: tuple[float, float] | None = None, *, widest: float = 50) -> bool:
    """A short line (at most ``widest`` wide) that ends no sentence (or asks or exclaims), is not a wrapped
    line (``w``: the wrap widths, see ``wrap_width``), a list item, a bullet, a source, a byline or a bare
    date (``2024年03月05日 星期二``)."""
    if _BARE_DATE.fullmatch(line.strip()):
        return False
    wd = width(line)
    if wd > widest or (w is not None and wd >= min(w) - 2.5):
        return False
    if _closed(line) and not (line.endswith(("？", "！", "?", "!")) and wd <= 30):
        return False
    return not (_ITEM.match(line) or _BULLET.match(line) or _SOURCE.match(line) or _BYLINE.match(line))


def _headline_line(t: str, k: int, w: tuple[float, float] | None, nxt: str | None) -> bool:
    """Can line ``k`` (0-based) of a plain file's top be part of its headline block (kicker, title, subtitle)?
    ``nxt`` is the line after it (a byline may be wrapped)."""
    if is_salutation(t) or is_author_line(t) or _SOURCE.match(t) or _byline_lines(t, nxt) or _DATE_BYLINE.match(t) \
            or _DATED_DASH.match(t):
        return False
    if k and t.startswith("——") and not _closed(t) and width(t) <= 40 and not re.search("[，。；]", t):
        return True  # a ——subtitle
    return looks_like_title(t, w)


def _single(lines: list[_Line], w: tuple[float, float] | None, file: str, file_date: str | None, *,
            head: int = 0, slots: bool = False, name_title: str | None = None) -> list[Article]:
    """A file that is one article: its headline block (see ``titles.split_headline``) gives its kicker,
    title and subtitle; else its title is what its opening says it is, its file name, or its first sentence."""
    content = [L for L in lines if L.kind != "blank"]
    if not content:
        return []
    seg = _Seg(content[0].no, content[-1].no)
    texts = [L.text for L in content[:5]]
    texts[0] = re.sub(r"^#{1,6}\s+", "", texts[0])  # a Markdown heading
    if head:
        block = min(head, len(content))
    else:
        block = 0
        while block < min(4, len(content) - 1) and _headline_line(texts[block], block, w, texts[block + 1]):
            block += 1
    slots = slots and block > 0 and (block == len(content) or content[block].no >= 4)  # the body from line 4 on
    h = split_headline(texts[:block], numbers=[L.no for L in content[:block]], slots=slots, forced=bool(head))
    seg.kicker, seg.title, seg.subtitle = h.kicker, h.title, h.subtitle
    if seg.title:
        seg.title_from = "first-line"
    i = h.used
    heads = 1 if h.subtitle else 0
    while i < len(content) and heads < 3:
        t = content[i].text
        if seg.title and seg.byline is None and is_author_line(t) and not _SOURCE.match(t):
            seg.byline = t  # 本报记者 张三
            i += 1
            heads += 1
            continue
        if _SOURCE.match(t) and seg.source is None:
            src, after = _split_source(_SOURCE.sub("", t, count=1))
            seg.source = src or None
            stamp, after = _split_stamp(after)
            if stamp:
                seg.body.append((stamp, True, content[i].no))
            if after and _BYLINE_AFTER_SOURCE.match(after) and seg.byline is None:  # 来源：… 作者：… (a web page)
                seg.byline = after
            elif after:
                seg.body.append((after, True, content[i].no, width(t)))
            i += 1
            break
        nb = _byline_lines(t, content[i + 1].text if i + 1 < len(content) else None)
        if not nb and seg.title and _DATE_BYLINE.match(t):
            nb = 1
        if nb and seg.byline is None:
            seg.byline = _join([c.text for c in content[i:i + nb]])
            t = seg.byline
            i += nb
            heads += 1
            if i < len(content) and _speaker_line(t, content[i].text):
                seg.byline += " " + content[i].text
                i += 1
            continue
        subtitle_dash = t.startswith("——") and not _closed(t) and width(t) <= 40 and not re.search("[，。；]", t)
        if seg.title and heads == 0 and (subtitle_dash or i + 1 < len(content) and _SOURCE.match(content[i + 1].text)
                                         and not _closed(t) and "。" not in t):
            seg.subtitle.append(t)
            i += 1
            heads += 1
            continue
        break
    for L in content[i:]:
        t = L.text
        if t.startswith("※"):
            seg.notes.append(t)
        elif _BULLET.match(t) and not seg.body:
            seg.bullets.append([_BULLET.sub("", t, count=1)])
        elif _SOURCE.match(t):  # a source further down (often the last line of a saved page)
            src, after = _split_source(_SOURCE.sub("", t, count=1))
            if seg.source is None and src:
                seg.source = src
            else:  # a second one stays in the text, without its label
                after = f"{src} {after}".strip()
            if after:
                seg.body.append((after, True, L.no))
        else:
            seg.body.append((t, L.blank_before and w is None, L.no))
    art = _article(seg, w, file, None, False)
    art.id = 1
    if art.title_inferred:  # what the opening says it is, else the file's name (a speech's byline names it better)
        better = report_title(art.paragraphs) or (None if art.byline and _BYLINE.match(art.byline) else name_title)
        if better:
            art.title = better
    whole = "\n".join(L.text for L in content)
    art.date = file_date or byline_date(art.byline) or first_full_date(whole)
    return [art]
