"""Title rules for plain files and stories: what is a title and what is not.

- ``is_salutation(line)``: 各位代表！ / 同志们： / 同志们，朋友们: / 尊敬的各位来宾，女士们、先生们： — an address to
  the audience (any colon, exclamation mark or comma, or none) is never a title; it stays in the text.
- ``is_author_line(line)``: 本报记者 张三 / 新华社记者 李四 王五 / 本报评论员 — who wrote it, a byline.
- ``report_title(paragraphs)``: a report that says what it is in its opening (我代表国务院，向大会作政府工作报告 →
  政府工作报告; 我代表最高人民法院，向大会报告工作 → 最高人民法院工作报告; …在中国共产党第二十次全国代表大会上的报告).
- ``split_headline(lines, numbers=…, slots=…)``: the headline block at the top of a file or story (its first
  short lines) cut into kicker (引题), title (主题) and subtitle (副题); a title wrapped over two lines is joined.

Every rule is about the shape of a line and its place, not the wording of one source. This module imports
nothing from the package except ``text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import HAN

# an address: 各位代表 / 各位来宾 / 尊敬的… / 亲爱的… / 同志们 / 朋友们 / 女士们、先生们 / 代表们 / 全国各族人民
_ADDRESS = (rf"(?:(?:尊敬的|亲爱的)[{HAN}]{{0,10}}|各位[{HAN}]{{1,6}}|[{HAN}]{{0,6}}(?:们|同胞|各族人民|全体党员)"
            rf"|(?:主席|委员长|总理)(?:先生)?)")
_SALUTATION = re.compile(rf"^\s*{_ADDRESS}(?:\s*[，,、]\s*{_ADDRESS}){{0,5}}\s*[：:！!，,]?\s*$")
_AUTHOR = re.compile(rf"^\s*[（(]?\s*(?:[{HAN}]{{0,8}}(?:记者|通讯员|评论员|特约撰稿人|撰稿人)|作者|文|撰稿)"
                     rf"(?:\s*[：:]\s*|\s+|$)[{HAN}·\s、，,]{{0,40}}[）)]?\s*$")
# 我代表国务院，向大会作政府工作报告 / 我代表第十九届中央委员会向大会作报告 / 我代表最高人民法院，向大会报告工作
_OPENING_MAKE = re.compile(r"我代表([^，。；：,;:]{2,24}?)\s*[，,]?\s*向[^，。；]{0,20}?(?:作|做)([^，。；]{0,24}?报告)")
_OPENING_TELL = re.compile(r"我代表([^，。；：,;:]{2,24}?)\s*[，,]?\s*向[^，。；]{0,20}?报告([^，。；]{0,10}?)工作")
# …在中国共产党第二十次全国代表大会上的报告 / 在第十四届全国人民代表大会第二次会议上的报告
_AT_CONGRESS = re.compile(rf"在([{HAN}\d]{{0,12}}第[一二三四五六七八九十百零〇\d]+[次届][{HAN}\d]{{0,24}}?(?:大会|会议|全会))"
                          r"上的(报告|讲话)")
_CONGRESS = re.compile(rf"[{HAN}]{{0,8}}第[一二三四五六七八九十百零〇\d]+次[{HAN}]{{0,6}}代表大会")
# a title line cut where the source wrapped it: the first ends on a joining word or an opening bracket,
# or the second starts with a closing one or a particle that cannot start a title
_JOINS_ON = re.compile(r"(?:[与和及暨并对为在从向把将的、“《（(「『—-]|关于)$")
_CONTINUES = re.compile(r"^[”》）)」』、的之与和及]")
_SUBTITLE = re.compile(r"^\s*(?:——|—|──|--)")
_KICKER_END = re.compile(r"(?:——|—|──|[：:])\s*$")


def is_salutation(line: str) -> bool:
    """Is ``line`` only an address to the audience (各位代表！, 同志们：, 同志们，朋友们：)?"""
    s = line.strip()
    return 2 <= len(s) <= 40 and bool(_SALUTATION.match(s))


def is_author_line(line: str) -> bool:
    """Is ``line`` only who wrote it (本报记者 张三, 新华社记者 李四 王五, 本报评论员, 作者：王某)?"""
    s = line.strip()
    return 2 <= len(s) <= 50 and "。" not in s and bool(_AUTHOR.match(s))


def report_title(paragraphs: list[str]) -> str | None:
    """The kind of report that the opening paragraphs say this is, or None.

    ``我代表国务院，向大会作政府工作报告`` → ``政府工作报告``; ``我代表自治区人民政府，向大会报告工作`` →
    ``自治区政府工作报告``; ``我代表最高人民法院，向大会报告工作`` → ``最高人民法院工作报告``;
    ``我代表第十九届中央委员会向大会作报告`` with ``中国共产党第二十次全国代表大会`` in the opening →
    ``在中国共产党第二十次全国代表大会上的报告``; a line ``——在…第X次…大会上的报告`` → that phrase.
    """
    opening = "\n".join(p for p in paragraphs[:6] if p)[:1200]
    m = _AT_CONGRESS.search(opening)
    if m and m[2] == "报告":
        return f"在{m[1]}上的报告"
    made = _OPENING_MAKE.search(opening)
    told = _OPENING_TELL.search(opening)
    if not (made or told):
        return None
    first = min((x for x in (made, told) if x), key=lambda x: x.start())
    who = re.sub(r"^(?:现在|下面|今天)[，,]?", "", first[1]).strip()
    what = first[2].strip() if first is made else (first[2].strip() + "工作报告" if first[2].strip() else "")
    if what and what not in ("报告", "工作报告"):
        return what if what.endswith("报告") else what + "报告"
    if who == "国务院" or who.endswith("政府"):
        return ("" if who == "国务院" else re.sub(r"(?:人民)?政府$", "", who)) + "政府工作报告"
    congress = _CONGRESS.search(opening)
    if congress and "委员会" in who:
        return f"在{congress[0]}上的报告"
    return f"{who}工作报告"


@dataclass
class Headline:
    """A headline block cut into its parts: ``kicker`` (引题), ``title`` (主题) and ``subtitle`` (副题) lines,
    and ``used``: how many of the given lines they took (the rest belong to the body)."""

    kicker: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    subtitle: list[str] = field(default_factory=list)
    used: int = 0


def _joined(lines: list[str]) -> list[list[str]]:
    """The lines grouped where a title was wrapped: a stub of one or two characters, or a line that
    ends on a joining word (与, 和, 的, 关于, an opening bracket) or is continued by a closing bracket."""
    groups: list[list[str]] = []
    for ln in lines:
        s = ln.strip()
        if groups and not _SUBTITLE.match(s) and (
                (len(s) <= 2 < len(groups[-1][-1].strip()) and not re.search(r"[，。；：！？,.;:!?]", s))
                or _JOINS_ON.search(groups[-1][-1].strip()) and not _KICKER_END.search(groups[-1][-1])
                or _CONTINUES.match(s)):
            groups[-1].append(ln)
        else:
            groups.append([ln])
    return groups


def split_headline(lines: list[str], *, numbers: list[int] | None = None, slots: bool = False,
                   forced: bool = False) -> Headline:
    """Cut the short lines at the top of a text (at most four, already known to look like headline lines)
    into kicker, title and subtitle.

    Args:
        lines: the headline-like lines at the top, in order.
        numbers: their line numbers in the file (1-based), for ``slots``.
        slots: the folder keeps the three headline slots in place (line 1 kicker, line 2 title, line 3
            subtitle, any of them possibly empty): lines 1-3 are read by position when line 2 holds the title.
        forced: the lines are known to be the headline (a story's title block): all of them are used,
            the first (after a kicker) being the title and the rest the subtitle.

    Without slots the shape decides: a first line ending in ``——`` or ``：`` is a kicker; a line starting
    with ``——`` after the title is its subtitle; three lines with a ``——`` subtitle are kicker, title
    and subtitle. A wrapped title is joined first (``政府工作报`` + ``告``). Without such evidence only the
    first line is the title and the others are left to the body.
    """
    h = Headline()
    if not lines:
        return h
    if slots and numbers and len(numbers) == len(lines) and 2 in numbers and all(n <= 3 for n in numbers):
        by = dict(zip(numbers, lines, strict=True))
        h.kicker = [by[1]] if 1 in by else []
        h.title = [by[2]]
        h.subtitle = [by[3]] if 3 in by else []
        h.used = len(lines)
        return h
    groups = _joined(lines)
    k = 0
    if len(groups) >= 2 and _KICKER_END.search(groups[0][-1]) and not _SUBTITLE.match(groups[1][0]):
        h.kicker, k = groups[0], 1
    elif len(groups) == 3 and _SUBTITLE.match(groups[2][0]) and not _SUBTITLE.match(groups[1][0]):
        h.kicker, k = groups[0], 1
    h.title = groups[k]
    rest = groups[k + 1:]
    if forced:
        h.subtitle = [ln for g in rest for ln in g]
    elif rest and _SUBTITLE.match(rest[0][0]):
        h.subtitle = rest[0]
    h.used = len(h.kicker) + len(h.title) + len(h.subtitle)
    return h
