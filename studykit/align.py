"""Aligning two passages for reading: side-by-side comparisons and per-article strips, as escaped HTML.

``align(a, b)`` returns difflib-style opcodes in the original texts' offsets. The texts are compared
after the normalisation of ``text.fold`` (spaces and line wraps do not count as changes), exact
anchors of at least ``ANCHOR`` characters are found with an n-gram dictionary, and only the gaps
between anchors go to difflib (with ``autojunk=False``: the default silently misses matches), so a
comparison of a few thousand characters takes milliseconds.

``compare_html(a, b)`` renders the alignment as two columns, sentence by sentence: deleted text is
marked ``<del>`` on the left, inserted text ``<ins>`` on the right, and a sentence left out whole is
shown as one block (``legend_html`` says what the colours mean). ``pair_html`` does it for a row of
``find_repeats(...).pairs``, ``strip_html`` draws which parts of one article recur elsewhere,
``save_html`` writes a standalone page with a title, both articles' titles, sources and dates, and
the legend.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path

from .markup import esc, page
from .text import ENDS, fold

ANCHOR = 8
_ENDS = frozenset(ENDS)
_STYLE = """<style>
.sk-compare{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
 font-size:1.05em;line-height:1.7}
.sk-compare table{border-collapse:collapse;width:100%;table-layout:fixed}
.sk-compare td,.sk-compare th{vertical-align:top;padding:.25em .6em;border-bottom:1px solid #eee;text-align:left}
.sk-compare th{background:#f4f4f4}
.sk-compare del{background:#ffd7d5;color:#82071e;text-decoration:line-through}
.sk-compare ins{background:#ccffd8;color:#055d20;text-decoration:none}
.sk-compare .sk-omit{display:block;background:#fff1c2;color:#6b4e00;text-decoration:none;border-left:4px solid #d4a72c;
 padding:0 .4em}
.sk-compare .sk-omit::before{content:attr(data-label);display:block;font-size:.8em;color:#6b4e00}
.sk-compare .sk-stats{color:#555;font-size:.9em;margin:.3em 0}
.sk-strip{display:flex;height:1.2em;width:100%;border:1px solid #ccc;margin:.2em 0}
.sk-strip span{display:block;height:100%}
.sk-strip .sk-r{background:#d4a72c}.sk-strip .sk-k{background:#6f42c1}.sk-strip .sk-n{background:#f4f4f4}
.sk-legend{display:flex;flex-wrap:wrap;gap:.3em 1.2em;margin:.3em 0;font-size:.95em}
.sk-legend .sk-key-del{background:#ffd7d5;color:#82071e;text-decoration:line-through;padding:0 .2em}
.sk-legend .sk-key-ins{background:#ccffd8;color:#055d20;padding:0 .2em}
.sk-legend .sk-key-omit{background:#fff1c2;color:#6b4e00;border-left:4px solid #d4a72c;padding:0 .3em}
.sk-sides{border-collapse:collapse;margin:.4em 0 .8em}
.sk-sides th,.sk-sides td{text-align:left;padding:.15em .6em;border-bottom:1px solid #ddd;vertical-align:top}
</style>"""

#: What the colours of a comparison mean (shown above it on screen and in a saved page).
LEGEND = ('<div class="sk-legend">'
          '<span><span class="sk-key-del">删去的字</span> 只在左边 / only on the left</span>'
          '<span><span class="sk-key-ins">增加的字</span> 只在右边 / only on the right</span>'
          '<span><span class="sk-key-omit">整句</span> 一整句只在一边 / a whole sentence on one side only</span>'
          '</div>')


def _anchors(a: str, b: str, n: int) -> list[tuple[int, int, int]]:
    """Co-linear exact matches ``(i, j, length)`` of at least ``n`` characters, longest kept first."""
    if len(a) < n or len(b) < n:
        return []
    where: dict[str, list[int]] = {}
    for i in range(len(a) - n + 1):
        where.setdefault(a[i:i + n], []).append(i)
    runs = []
    covered: set[tuple[int, int]] = set()  # (diagonal, i) already inside a run
    for j in range(len(b) - n + 1):
        for i in where.get(b[j:j + n], ()):
            if (j - i, i) in covered:
                continue
            ln = n
            while i + ln < len(a) and j + ln < len(b) and a[i + ln] == b[j + ln]:
                ln += 1
            covered.update((j - i, i + k) for k in range(ln - n + 1))
            runs.append((ln, i, j))
    runs.sort(key=lambda r: (-r[0], r[1], r[2]))
    chosen: list[tuple[int, int, int]] = []
    for ln, i, j in runs:
        for ci, cj, cl in chosen:  # keep it co-linear with the longer ones, trimming where they overlap
            if (i + ln <= ci and j + ln <= cj) or (i >= ci + cl and j >= cj + cl):
                continue
            if i < ci and j < cj:
                ln = min(ln, ci - i, cj - j)
            elif i + ln > ci + cl and j + ln > cj + cl:
                cut = max(ci + cl - i, cj + cl - j)
                i, j, ln = i + cut, j + cut, ln - cut
            else:
                ln = 0
            if ln < n:
                break
        else:
            chosen.append((i, j, ln))
    return sorted(chosen)


def _gap_ops(a: str, b: str, i0: int, j0: int) -> list[tuple[str, int, int, int, int]]:
    if not a and not b:
        return []
    if not a or not b:
        return [("delete" if a else "insert", i0, i0 + len(a), j0, j0 + len(b))]
    if len(a) > 400 and len(b) > 400:  # a long stretch on both sides: anchor it again, more finely
        sub = _anchors(a, b, 4)
        if not sub:  # nothing in common worth showing: one reworded block
            return [("replace", i0, i0 + len(a), j0, j0 + len(b))]
        return _ops_from_anchors(a, b, sub, i0=i0, j0=j0)
    sm = SequenceMatcher(None, a, b, autojunk=False)
    return [(t, i1 + i0, i2 + i0, j1 + j0, j2 + j0) for t, i1, i2, j1, j2 in sm.get_opcodes()]


def _ops_from_anchors(a: str, b: str, anchors, *, i0: int = 0, j0: int = 0) -> list[tuple[str, int, int, int, int]]:
    ops, i, j = [], 0, 0
    for ai, bj, ln in [*anchors, (len(a), len(b), 0)]:
        ops += _gap_ops(a[i:ai], b[j:bj], i0 + i, j0 + j)
        if ln:
            ops.append(("equal", i0 + ai, i0 + ai + ln, j0 + bj, j0 + bj + ln))
        i, j = ai + ln, bj + ln
    return ops


def _tidy(ops: list[tuple[str, int, int, int, int]], min_equal: int = 3) -> list[tuple[str, int, int, int, int]]:
    """Fold equal islands shorter than ``min_equal`` between changes into the change, merge neighbours."""
    out: list[list] = []
    for k, (t, i1, i2, j1, j2) in enumerate(ops):
        if (t == "equal" and i2 - i1 < min_equal and 0 < k < len(ops) - 1):
            t = "replace"
        if out and (t == "equal") == (out[-1][0] == "equal"):
            out[-1][2], out[-1][4] = i2, j2
        else:
            out.append([t, i1, i2, j1, j2])
    res = []
    for t, i1, i2, j1, j2 in out:
        if t != "equal":
            t = "replace" if i2 > i1 and j2 > j1 else ("delete" if i2 > i1 else "insert")
        res.append((t, i1, i2, j1, j2))
    return res


def _slide(ops: list[tuple[str, int, int, int, int]], a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    """Slide each pure deletion/insertion between two equal stretches (where the text allows it, as in
    ``…。XYZ。…`` → ``…。|XYZ。|…``) so that it ends at a sentence end: omitted sentences come out whole."""
    ops = [list(o) for o in ops]
    for k in range(1, len(ops) - 1):
        t = ops[k][0]
        prev, nxt = ops[k - 1], ops[k + 1]
        if t not in ("delete", "insert") or prev[0] != "equal" or nxt[0] != "equal":
            continue
        x, lo, hi = (a, 1, 2) if t == "delete" else (b, 3, 4)
        s1, s2 = ops[k][lo], ops[k][hi]
        if x[s2 - 1] in _ENDS:
            continue
        best = None
        for step in (1, -1):
            shift = 0
            while best is None or abs(shift) < abs(best):
                if step > 0 and not (shift + 1 < nxt[hi] - nxt[lo] and x[s1 + shift] == x[s2 + shift]):
                    break
                if step < 0 and not (-shift + 1 < prev[hi] - prev[lo] and x[s1 + shift - 1] == x[s2 + shift - 1]):
                    break
                shift += step
                if x[s2 + shift - 1] in _ENDS:
                    best = shift if best is None or abs(shift) < abs(best) else best
                    break
        if best:
            ops[k][1] += best
            ops[k][2] += best
            ops[k][3] += best
            ops[k][4] += best
            prev[2] += best
            prev[4] += best
            nxt[1] += best
            nxt[3] += best
    return [tuple(o) for o in ops]


def _norm_ops(a: str, b: str) -> tuple[str, list[int], str, list[int], list[tuple[str, int, int, int, int]]]:
    fa, fb = fold(a), fold(b)
    na, oa, nb, ob = fa.text, fa.offsets.tolist(), fb.text, fb.offsets.tolist()
    ops = _slide(_tidy(_ops_from_anchors(na, nb, _anchors(na, nb, ANCHOR))), na, nb) if (na or nb) else []
    return na, oa, nb, ob, ops


def _bounds(offs: list[int], length: int) -> list[int]:
    """Normalised position k → where its stretch of the original starts (whitespace goes to the left)."""
    return [0, *offs[1:], length] if offs else [0, length]


def align(a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    """Opcodes ``(tag, a_start, a_end, b_start, b_end)`` (tags of difflib: equal, replace, delete,
    insert) covering all of ``a`` and ``b``, in their original offsets."""
    na, oa, nb, ob, ops = _norm_ops(a, b)
    ba, bb = _bounds(oa, len(a)), _bounds(ob, len(b))
    if not ops:
        return [("replace", 0, len(a), 0, len(b))] if a or b else []
    return [(t, ba[i1], ba[i2], bb[j1], bb[j2]) for t, i1, i2, j1, j2 in ops]


def identity(a: str, b: str) -> float:
    """Twice the matching (normalised) characters over the two lengths, as difflib's ratio (0–1)."""
    na, _, nb, _, ops = _norm_ops(a, b)
    if not na and not nb:
        return 1.0
    m = sum(i2 - i1 for t, i1, i2, _, _ in ops if t == "equal")
    return 2 * m / (len(na) + len(nb))


def compare_html(a: str, b: str, *, title_a: str = "A", title_b: str = "B", style: bool = True) -> str:
    """Side-by-side comparison of ``a`` and ``b`` as an escaped HTML fragment (with its ``<style>``).

    One table row per sentence of shared text; text only in ``a`` is ``<del>`` (left), text only in
    ``b`` is ``<ins>`` (right); a stretch left out that holds a whole sentence is one block
    (``class="sk-omit"``). Punctuation and spacing are the originals'.

    Args:
        title_a: the heading of the left column.
        title_b: the heading of the right column.
        style: include the ``<style>`` (leave it out when the page has it already).
    """
    na, oa, nb, ob, ops = _norm_ops(a, b)
    ba, bb = _bounds(oa, len(a)), _bounds(ob, len(b))
    rows: list[tuple[str, str]] = []
    left: list[str] = []
    right: list[str] = []

    def flush():
        if left or right:
            rows.append(("".join(left), "".join(right)))
            left.clear()
            right.clear()

    def changed(text: str, norm: str, tag: str, label: str, whole: bool) -> str:
        if whole and len(norm) >= 10 and any(c in _ENDS for c in norm):
            return f'<{tag} class="sk-omit" data-label="{label}">{esc(text, breaks=True)}</{tag}>'
        return f"<{tag}>{esc(text, breaks=True)}</{tag}>"

    m = 0
    for t, i1, i2, j1, j2 in ops:
        if t == "equal":
            m += i2 - i1
            cut = [k for k in range(i1, i2) if na[k] in _ENDS] + [i2 - 1]
            s = i1
            for k in cut:
                if k + 1 <= s:
                    continue
                left.append(esc(a[ba[s]:ba[k + 1]], breaks=True))
                right.append(esc(b[bb[j1 + s - i1]:bb[j1 + k + 1 - i1]], breaks=True))
                if k < i2 - 1 or na[k] in _ENDS:
                    flush()
                s = k + 1
            continue
        if i2 > i1:
            left.append(changed(a[ba[i1]:ba[i2]], na[i1:i2], "del", "右侧没有 · not on the right", t == "delete"))
        if j2 > j1:
            right.append(changed(b[bb[j1]:bb[j2]], nb[j1:j2], "ins", "左侧没有 · not on the left", t == "insert"))
        if (i2 > i1 and na[i2 - 1] in _ENDS) or (j2 > j1 and nb[j2 - 1] in _ENDS):
            flush()
    flush()
    ident = 2 * m / (len(na) + len(nb)) if na or nb else 1.0
    body = "".join(f"<tr><td>{x}</td><td>{y}</td></tr>" for x, y in rows)
    stats = (f'<div class="sk-stats">相同 identity {ident:.0%} · {len(na)} / {len(nb)} 字 characters · '
             f"{m} 字相同 shared</div>")
    return (f'<div class="sk-compare">{_STYLE if style else ""}{stats}<table><colgroup><col><col></colgroup>'
            f"<tr><th>{esc(title_a)}</th><th>{esc(title_b)}</th></tr>{body}</table></div>")


def _side_title(corpus, article: int, fld: str, index) -> str:
    title = ""
    if corpus is not None and article in corpus:
        art = corpus[article]
        title = f" · {art.title}" + (f" ({art.date})" if art.date else "")
    where = f"，要点 {int(index) + 1} key point {int(index) + 1}" if fld == "key_point" else ""
    return f"第 {article} 篇 article {article}{where}{title}"


def pair_html(pair, corpus=None) -> str:
    """The comparison of one row of ``find_repeats(...).pairs`` (a Series or namedtuple), titled with
    the articles' titles and dates when ``corpus`` is given."""
    g = (lambda k: getattr(pair, k)) if isinstance(pair, tuple) else pair.__getitem__
    ta = _side_title(corpus, int(g("a_article")), g("a_field"), g("a_index"))
    tb = _side_title(corpus, int(g("b_article")), g("b_field"), g("b_index"))
    return compare_html(g("a_text"), g("b_text"), title_a=ta, title_b=tb)


def strip_html(article, pairs, width_chars: int = 200) -> str:
    """A strip for one article: its body from left to right, stretches that recur elsewhere coloured
    (key points' sources in violet); hovering a stretch names where else it occurs. ``pairs`` is
    ``find_repeats(...).pairs``; the strip has at most ``width_chars`` cells."""
    n = len(article.text)
    if n == 0:
        return '<div class="sk-compare"><div class="sk-strip"></div></div>'
    cells = min(width_chars, n)
    size = n / cells
    where: list[set[str]] = [set() for _ in range(cells)]
    kp = [False] * cells
    for r in pairs.itertuples(index=False):
        for s in "ab":
            o = "b" if s == "a" else "a"
            if getattr(r, f"{s}_article") != article.id or getattr(r, f"{s}_field") != "text":
                continue
            other = getattr(r, f"{o}_article")
            if getattr(r, f"{o}_field") == "key_point":
                k = int(getattr(r, f"{o}_index")) + 1
                label = f"要点 {k} key point {k}"
            else:
                label = f"第 {other} 篇 article {other}" if other != article.id else "本文别处 elsewhere in this article"
            lo = int(getattr(r, f"{s}_start") / size)
            hi = max(lo + 1, int(-(-getattr(r, f"{s}_end") // size)))
            for c in range(lo, min(hi, cells)):
                where[c].add(label)
                kp[c] = kp[c] or r.kind == "key_point"
    spans = []
    c = 0
    while c < cells:
        e = c
        while e + 1 < cells and where[e + 1] == where[c] and kp[e + 1] == kp[c]:
            e += 1
        cls = "sk-n" if not where[c] else ("sk-k" if kp[c] and len(where[c]) == 1 else "sk-r")
        a0, a1 = int(c * size), int((e + 1) * size)
        tip = f"第 {a0}–{a1} 字 characters {a0}–{a1}" + ("：也见于 also in " + "、".join(sorted(where[c])) if where[c] else "")
        spans.append(f'<span class="{cls}" style="flex:{e - c + 1}" title="{esc(tip)}"></span>')
        c = e + 1
    title = esc(f"第 {article.id} 篇 article {article.id} · {article.title}")
    return f'<div class="sk-compare">{_STYLE}<div>{title}</div><div class="sk-strip">{"".join(spans)}</div></div>'


def legend_html() -> str:
    """What the colours of a comparison mean, as an HTML fragment with its styles."""
    return f'<div class="sk-compare">{_STYLE}{LEGEND}</div>'


def sides_html(sides) -> str:
    """A small table naming the two compared articles: ``sides`` holds two ``Article``s (or objects
    with ``id``, ``title``, ``source`` and ``date``), left first; a side may be ``None``."""
    rows = []
    for label, a in zip(("左 left", "右 right"), sides, strict=False):
        if a is None:
            continue
        rows.append(f"<tr><th>{label}</th><td>第 {esc(a.id)} 篇 article {esc(a.id)}</td><td>{esc(a.title)}</td>"
                    f"<td>来源 source: {esc(a.source, '—')}</td><td>日期 date: {esc(a.date, '—')}</td></tr>")
    return f'<table class="sk-sides">{"".join(rows)}</table>' if rows else ""


def save_html(fragment: str, path, title: str = "studykit comparison", *, sides=None, when=None) -> Path:
    """Write ``fragment`` (a comparison) as a standalone UTF-8 HTML page to ``path`` and return the path.

    The page has ``title`` as its heading, the two articles compared, the day it was saved and the
    colour legend.

    Args:
        sides: the two articles compared, left first (``sides_html``); none named when not given.
        when: the day it was saved (a ``datetime.date``; default today).
    """
    import datetime as dt

    day = (when or dt.date.today()).isoformat()
    head = (f"<h1>{esc(title)}</h1>{sides_html(sides) if sides else ''}"
            f'<p class="sk-stats">保存于 saved on {esc(day)} · studykit</p>{LEGEND}')
    p = Path(path)
    p.write_text(page(title, f'<div class="sk-compare">{_STYLE}{head}</div>\n{fragment}'), encoding="utf-8")
    return p
