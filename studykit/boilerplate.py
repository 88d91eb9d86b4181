"""Boilerplate: the furniture of a collection rather than its text, found by repetition and by shape.

- *Recurring lines*: a line (compared after normalisation, ``text.fold``) found in at least half of the
  files of a corpus of five files or more, or in at least half of its stories when files were split into
  five stories or more. A licence footer, a site's notice, a running header. Not boilerplate however often
  it recurs: the first line of a file or story (its title, even when every file has the same one), an
  address to the audience (各位代表：), a ``来源：`` line, a line that says what report this is, a numbered
  heading (一、 （一） 1.), and a short line (under 16 characters) away from the first and last three lines.
- *Datelines* at the start of a line: ``新华社北京3月5日电（记者 张三）``, ``本报北京3月5日讯``,
  ``央视网消息（新闻联播）：``, ``本台消息：``.
- *Credits*, a line of their own or the end of one: ``（视频编辑：张三 文字编辑：李四）``, ``【责任编辑：王某】``,
  ``责任编辑：王某``.
- *File headers*: the short lines before the first story of a file that was split into stories.

``find(texts, units)`` counts lines in one pass over the corpus (a hash table of normalised lines, never a
comparison of files with each other) and returns what to cut from each line and one report line per
passage or kind. Compilations (``compiled``) are counted for recurring lines but not searched for
datelines and credits: their own repair reads them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .text import HAN, fold
from .titles import is_salutation, report_title

MIN_UNITS = 5  # files (or stories) a corpus needs before anything counts as recurring
_SP = r"[ \t\u3000]*"
#: a news dateline at the start of a line
_D = r"[\d０-９]"
_PAREN = rf"(?:{_SP}[（(][^）)\n]{{0,30}}[）)])?"
_AGENCY = rf"(?:[{HAN}]{{1,10}}(?:社|网|台|报|站)|本报|本台|本刊)"
DATELINE = re.compile(
    rf"^{_SP}(?:"
    rf"{_AGENCY}[{HAN}]{{0,8}}?{_SP}(?:{_D}{{1,2}}{_SP}月{_SP})?{_D}{{1,2}}{_SP}日{_SP}(?:电|讯)(?!话|视|影|力|子|脑|网|报|息){_PAREN}"
    rf"|{_AGENCY}(?:电|讯)(?={_SP}[（(：:\s]){_PAREN}"
    rf"|[{HAN}]{{2,10}}消息{_PAREN}{_SP}(?=[：:])"
    rf"){_SP}(?:[：:]{_SP})?"
)
_CREDIT_WORDS = r"(?:责任编辑|责编|视频编辑|文字编辑|图片编辑|编辑|编审|审核|审校|校对|监制|制片|制作|统筹|策划|撰稿|摄影|摄像|剪辑)"
#: a credit closing a line: （视频编辑：张三 文字编辑：李四）, 【责任编辑：王某】, or a line 责任编辑：王某
CREDIT = re.compile(
    rf"(?:[（(【\[]{_SP}(?:{_CREDIT_WORDS}{_SP}[：:]|[{HAN}]{{0,6}}记者(?:{_SP}[：:]{_SP}|[ \t\u3000]+)[{HAN}])[^）)】\]\n]{{0,80}}[）)】\]]"
    rf"|^{_SP}{_CREDIT_WORDS}{_SP}[：:]{_SP}[^。！？\n]{{1,40}})[ \t\u3000]*$"
)
_CREDIT_HINT = re.compile(rf"{_CREDIT_WORDS}|记者")
_WORD = re.compile(rf"[{HAN}A-Za-z]")


@dataclass
class Found:
    """What ``find`` found: for each file, line number → (what stays of the line, what was cut), and the
    report (one line per recurring passage or kind of furniture)."""

    cuts: dict[str, dict[int, tuple[str, str]]] = field(default_factory=dict)
    report: list[str] = field(default_factory=list)


def _preview(s: str, n: int = 14) -> str:
    s = s.strip()
    return s if len(s) <= n else s[:n] + "…"


def _keys(text: str) -> list[str]:
    """The normalised form (``fold``, compare form) of every line of ``text``, one per line."""
    import numpy as np

    f = fold(text)
    breaks = [m.start() for m in re.finditer("\n", text)]
    if not breaks:
        return [f.text]
    at = np.searchsorted(f.offsets, np.asarray(breaks)).tolist()
    bounds = [0, *at, len(f.text)]
    return [f.text[bounds[k]:bounds[k + 1]] for k in range(len(bounds) - 1)]


_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、是]|[（(][一二三四五六七八九十\d]{1,3}[）)]|第[一二三四五六七八九十百\d]{1,4}"
                       r"[，、部章节条篇]|\d{1,2}[.．、](?!\d))")
EDGE = 3  # content lines at either end of a file or story where a short recurring line is furniture
SHORT = 16  # characters: a shorter recurring line away from the edges is a heading, not furniture


def _exempt(line: str, inside: bool) -> bool:
    """A recurring line that is still text: an address, a source line, a line saying what report this is,
    a numbered heading, or (``inside``: away from the edges of its file or story) any short line."""
    s = line.strip()
    return (is_salutation(s) or bool(re.match(r"来源\s*[：:]", s)) or bool(_NUMBERED.match(s))
            or (inside and len(s) < SHORT) or report_title([s]) is not None)


def _titles(lines: list[str], unit) -> set[int]:
    """Line numbers of a unit's title lines (its first ``head`` content lines, at least the first)."""
    out: set[int] = set()
    for no in range(unit.first, unit.last + 1):
        if len(out) >= max(1, unit.head):
            break
        if lines[no - 1].strip():
            out.add(no)
    return out


def find(texts: dict[str, str], units: dict[str, list], *, compiled: Iterable[str] = ()) -> Found:
    """Boilerplate in ``texts`` ({file name: text}), whose ``units[name]`` are its stories (objects with
    ``first``, ``last``, ``head`` and ``preamble``; one unit spanning the file when it is not split).
    ``compiled`` names compilations (only recurring lines are cut from them)."""
    compiled = set(compiled)
    found = Found()
    n_files = len(texts)
    n_units = sum(len(u) for u in units.values())
    by_file: Counter = Counter()
    by_unit: Counter = Counter()
    keys: dict[str, list[str]] = {}
    for name, text in texts.items():
        lines = text.split("\n")
        ks = _keys(text) if n_files >= MIN_UNITS or n_units >= MIN_UNITS else [""] * len(lines)
        keys[name] = ks
        in_file: set[str] = set()
        for unit in units[name]:
            skip = _titles(lines, unit)
            in_unit = {ks[no - 1] for no in range(unit.first, unit.last + 1) if no not in skip and len(ks[no - 1]) >= 2}
            by_unit.update(in_unit)
            in_file |= in_unit
        by_file.update(in_file)
    recurring: dict[str, str] = {}  # key → "files" or "stories": which count made it boilerplate
    if n_files >= MIN_UNITS:
        recurring.update((k, "files") for k, c in by_file.items() if 2 * c >= n_files)
    if n_units >= MIN_UNITS and n_units > n_files:
        recurring.update((k, "stories") for k, c in by_unit.items() if 2 * c >= n_units and k not in recurring)
    recurring = {k: v for k, v in recurring.items() if _WORD.search(k)}  # not a line of digits and marks
    occurs: Counter = Counter()  # recurring key → times cut
    pairs: Counter = Counter()  # (key, the key cut on the next line) → times
    example: dict[str, str] = {}
    furniture: dict[str, Counter] = {"datelines": Counter(), "credits": Counter(), "file headers": Counter()}
    for name, text in texts.items():
        lines = text.split("\n")
        ks = keys[name]
        cuts: dict[int, tuple[str, str]] = {}
        for unit in units[name]:
            skip = _titles(lines, unit)
            filled = [no for no in range(unit.first, unit.last + 1) if lines[no - 1].strip()]
            edges = set(filled[:EDGE + len(skip)]) | set(filled[-EDGE:])
            run: list[int] = []
            for no in [*filled, None]:
                hit = no is not None and no not in skip and ks[no - 1] in recurring \
                    and not _exempt(lines[no - 1], no not in edges)
                if hit:
                    run.append(no)
                    cuts[no] = ("", lines[no - 1].strip())
                    continue
                if run:
                    for a, b in zip(run, run[1:] + [None], strict=True):
                        occurs[ks[a - 1]] += 1
                        example.setdefault(ks[a - 1], lines[a - 1])
                        if b is not None:
                            pairs[ks[a - 1], ks[b - 1]] += 1
                    run = []
            if unit.preamble and _header_only(lines, unit):
                for no in range(unit.first, unit.last + 1):
                    if lines[no - 1].strip() and no not in cuts:
                        cuts[no] = ("", lines[no - 1].strip())
                        furniture["file headers"][lines[no - 1].strip()] += 1
        if name not in compiled:
            for no, line in enumerate(lines, 1):
                if no in cuts or not line.strip():
                    continue
                head = line[:48]
                m = DATELINE.match(line) if ("电" in head or "讯" in head or "消息" in head) else None
                if m and m.end() and _WORD.search(m[0]):
                    line = line[m.end():]
                    cuts[no] = (line, m[0].strip())
                    furniture["datelines"][m[0].strip()] += 1
                tail = line.rstrip()[-1:]
                if (tail in "）)】]" or ("：" in head or ":" in head)) and _CREDIT_HINT.search(line):
                    c = CREDIT.search(line)
                    if c:
                        kept, cut = line[:c.start()], c[0].strip()
                        before = cuts.get(no, ("", ""))[1]
                        cuts[no] = (kept, f"{before} {cut}".strip())
                        furniture["credits"][cut] += 1
        if cuts:
            found.cuts[name] = cuts
    chains = _passages(occurs, pairs)
    for n, chain in enumerate(chains):
        if n == 10:
            found.report.append(f"boilerplate: {len(chains) - 10} more recurring passages left out")
            break
        basis = recurring[chain[0]]
        total = n_files if basis == "files" else n_units
        count = by_file[chain[0]] if basis == "files" else by_unit[chain[0]]
        size = f" ({len(chain)} lines)" if len(chain) > 1 else ""
        found.report.append(f"boilerplate: \"{_preview(example[chain[0]])}\"{size} in {min(count, total)} of {total} "
                            f"{basis}, left out")
    for kind, seen in furniture.items():
        if seen:
            top = seen.most_common(1)[0][0]
            found.report.append(f"boilerplate: {sum(seen.values())} {kind} such as \"{_preview(top, 24)}\", left out")
    return found


def _passages(occurs: Counter, pairs: Counter) -> list[list[str]]:
    """Recurring lines chained into passages: line ``b`` continues line ``a`` when every time either was cut,
    ``b`` was cut on the line after ``a``. Most frequent passages first."""
    nxt = {a: b for (a, b), n in pairs.items() if a != b and n == occurs[a] == occurs[b]}
    continued = set(nxt.values())
    chains, covered = [], set()
    for key in [k for k in occurs if k not in continued] + list(occurs):  # chain starts, then any left in a loop
        if key in covered:
            continue
        chain = [key]
        covered.add(key)
        while chain[-1] in nxt and nxt[chain[-1]] not in covered:
            chain.append(nxt[chain[-1]])
            covered.add(chain[-1])
        chains.append(chain)
    return sorted(chains, key=lambda c: -occurs[c[0]])


def _header_only(lines: list[str], unit) -> bool:
    """Does a file's preamble hold only a short header (no sentence): a name and date of the programme?"""
    body = [ln.strip() for ln in lines[unit.first - 1:unit.last] if ln.strip()]
    return 0 < len(body) <= 3 and not any(re.search(r"[。！？；]", ln) or len(ln) > 60 for ln in body)
