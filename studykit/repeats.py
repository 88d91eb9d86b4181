"""Repeated passages: across articles, inside one article, and between key points and the body.

``find_repeats(corpus, min_chars=20)`` returns a ``RepeatResult`` with two DataFrames:

- ``pairs``: one row per passage pair (both sides' article, field, key-point index, offsets into the
  original text, lengths and text), its ``identity`` (twice the matching characters over the two
  lengths, as difflib's ratio) and its ``kind``: ``key_point`` (a key point and the text it repeats),
  ``repeat`` (identical after normalisation), ``variant`` (an edited or condensed version) or
  ``internal`` (twice inside one article).
- ``groups``: formulations that occur three or more times, one row per occurrence.

How: every text is normalised (``text.fold``: the search form, so 社會主義 = 社会主义, then whitespace
dropped, full-width forms and quotes unified, lower case; without the search form when the corpus was
loaded with ``normalise=False``) with a map back to original offsets. Hashed character n-grams of the normalised text are sorted with
numpy, so only texts that share an n-gram are ever compared; consecutive shared n-grams on one diagonal
make an exact run; co-linear runs of one pair of texts are chained across gaps of up to ``max_gap``
characters, so a condensed version comes out as one passage. Runs of at least ``min_chars`` that
overlap the same stretch of text are grouped, so a formulation inside a longer shared passage is
shown both as part of the passage pair and as a group of its own.

``passages(pairs, corpus, article)`` lists one article's repeated passages once each (a key point and
its body sentence against the same place are one entry). ``reprinted_spans`` / ``without_reprints``
leave out text already printed in an earlier article, for
counts that should not count the same speech twice. ``to_passim_jsonl`` writes the corpus in the
input format of passim, for corpora too large for one machine.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd

from .corpus import Article, Corpus
from .text import ENDS, fold_codes, sentence_span

NGRAM = 12
MAX_GAP = 200
PAIR_LIMIT = 100
PAIR_FLOOR = 2_000_000  # seed pairs always allowed, however small the corpus
KINDS = ("key_point", "repeat", "variant", "internal")
# ---------------------------------------------------------------- the index


@dataclass
class _Docs:
    """Every indexed text (article bodies and key points), normalised and concatenated."""

    article: np.ndarray  # article id per doc
    index: np.ndarray  # key point index per doc, -1 for the body
    texts: list[str]  # original text per doc
    codes: np.ndarray  # normalised concatenation
    offs: np.ndarray  # offset of each normalised char in its doc's original text
    doc: np.ndarray  # doc of each normalised char

    @cached_property
    def norm(self) -> str:
        """The normalised concatenation as a string (decoded once)."""
        return self.codes.tobytes().decode("utf-32-le", "surrogatepass")


def _docs(corpus: Corpus | list[Article]) -> _Docs:
    art, index, texts = [], [], []
    for a in corpus:
        for k, t in [(-1, a.text), *enumerate(a.key_points)]:
            art.append(a.id)
            index.append(k)
            texts.append(t)
    raw_start = np.zeros(len(texts) + 1, dtype=np.int64)
    raw_start[1:] = np.cumsum([len(t) + 1 for t in texts])
    convert = all(a.normalise for a in corpus)
    codes, offs = fold_codes("\n".join(texts), convert=convert)
    doc = np.searchsorted(raw_start, offs, side="right") - 1
    return _Docs(np.array(art), np.array(index), texts, codes, offs - raw_start[doc], doc)


def _hashes(codes: np.ndarray, n: int) -> np.ndarray:
    """A 64-bit hash of every character n-gram: element i covers ``codes[i:i+n]``.

    Hashes of 1, 2, 4, 8 … characters are built by doubling, then combined along the binary digits
    of ``n``, so the cost is a few passes over the text whatever ``n`` is."""
    m = len(codes) - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint64)
    mul = np.uint64(0x9E3779B97F4A7C15)
    grams = [codes.astype(np.uint64)]  # grams[k][i] hashes codes[i:i + 2**k]
    with np.errstate(over="ignore"):
        while 2 ** len(grams) <= n:
            g, w = grams[-1], 2 ** (len(grams) - 1)
            grams.append(g[:-w] * mul + (g[w:] ^ np.uint64(w)) if len(grams) > 1 else (g[:-1] << np.uint64(21)) | g[1:])
        h, at = None, 0
        for k in range(len(grams) - 1, -1, -1):
            if n & (1 << k):
                part = grams[k][at:at + m]
                h = part.copy() if h is None else h * mul + part
                at += 1 << k
        del grams
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return h


def _shared(h: np.ndarray, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``h`` and ``pos`` (n-gram hashes and their positions) without most of the n-grams found once:
    only those whose hash falls in a bucket shared with another are kept (two bucketings by
    different bits, so cheap, and what is left is mostly n-grams that repeat)."""
    bits = min(24, max(12, len(h).bit_length() + 1))
    for shift in (64 - bits, 16):
        b = ((h >> np.uint64(shift)) & np.uint64((1 << bits) - 1)).astype(np.intp)
        shared = np.bincount(b, minlength=1 << bits)[b] >= 2
        pos, h = pos[shared], h[shared]
        del b, shared
    return h, pos


def _seed_pairs(d: _Docs, n: int, pair_limit: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Position pairs ``(p, q)``, ``p < q``, of equal n-grams in the normalised concatenation, and the
    pair limit used.

    An n-gram found up to ``pair_limit`` times gives all its pairs; a more frequent one pairs each
    occurrence with the next, so the output stays linear in the corpus size. When all those pairs
    would be more than twice the corpus's characters (a very repetitive corpus), the limit is halved
    until they are not."""
    h = _hashes(d.codes, n)
    pos = np.flatnonzero(d.doc[: len(h)] == d.doc[n - 1:])
    h, pos = _shared(h[pos], pos)
    o = np.argsort(h, kind="stable")  # equal hashes keep their text order
    hs, pos = h[o], pos[o]
    del h, o
    new = np.empty(len(hs), dtype=bool)
    new[:1] = True
    np.not_equal(hs[1:], hs[:-1], out=new[1:])
    del hs
    gid = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    counts = np.diff(np.append(starts, len(new)))
    c = counts[counts >= 2].astype(np.int64)
    budget = max(PAIR_FLOOR, 2 * len(d.codes))
    while pair_limit > 2 and int((c * (c - 1) // 2)[c <= pair_limit].sum() + (c - 1)[c > pair_limit].sum()) > budget:
        pair_limit //= 2
    cnt = counts[gid]
    idx = np.flatnonzero(cnt >= 2)
    rank = idx - starts[gid[idx]]
    cnt = cnt[idx]
    del gid, new
    ps, qs = [], []
    k = 1
    while len(idx):
        ok = rank + k < cnt
        if k == 2:
            ok &= cnt <= pair_limit
        idx, rank, cnt = idx[ok], rank[ok], cnt[ok]
        a, b = pos[idx], pos[idx + k]
        ps.append(np.minimum(a, b))
        qs.append(np.maximum(a, b))
        k += 1
    if not ps:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), pair_limit
    return np.concatenate(ps).astype(np.int64), np.concatenate(qs).astype(np.int64), pair_limit


def _runs(d: _Docs, n: int, pair_limit: int) -> tuple[np.ndarray, int]:
    """Exact runs as an int64 array of rows ``(p, q, length)`` in the normalised concatenation, and
    the pair limit used."""
    p, q, pair_limit = _seed_pairs(d, n, pair_limit)
    if not len(p):
        return np.zeros((0, 3), np.int64), pair_limit
    size = len(d.codes) + 1
    key = (q - p) * size + p
    key.sort()
    brk = np.flatnonzero(np.diff(key) != 1) + 1
    first = np.concatenate(([0], brk))
    length = np.diff(np.append(first, len(key))) + n - 1
    key = key[first]
    p = key % size
    q = p + key // size
    same = d.doc[p] == d.doc[q]
    length = np.where(same, np.minimum(length, q - p), length)  # a periodic stretch overlapping itself
    keep = length >= n
    return np.stack([p[keep], q[keep], length[keep]], axis=1), pair_limit


def _with_long_runs(runs: np.ndarray, d: _Docs, min_chars: int) -> np.ndarray:
    """The runs of the pairs of docs that share at least one run of ``min_chars``: only such a pair
    can give a passage (a chain is reported when one of its runs is that long), so the many short
    chance matches between other pairs are never chained."""
    if not len(runs):
        return runs
    pair = d.doc[runs[:, 0]].astype(np.int64) * (int(d.doc[-1]) + 1) + d.doc[runs[:, 1]]
    return runs[np.isin(pair, pair[runs[:, 2] >= min_chars])]


# ---------------------------------------------------------------- chaining


def _chains(runs: np.ndarray, d: _Docs, max_gap: int, n: int) -> list[list[tuple[int, int, int]]]:
    """Co-linear runs of one pair of docs chained across gaps of at most ``max_gap`` on both sides,
    one of them at most ``max_gap // 3`` (a sentence left out on one side, or a few words reworded;
    two formulations that merely occur near each other in both texts stay apart).

    Returns chains as lists of ``(p, q, length)`` in the normalised concatenation."""
    if not len(runs):
        return []
    da, db = d.doc[runs[:, 0]], d.doc[runs[:, 1]]
    o = np.lexsort((runs[:, 1], runs[:, 0], db, da))
    runs, da, db = runs[o], da[o], db[o]
    done: list[list[tuple[int, int, int]]] = []
    open_: list[list] = []  # [a_end, b_end, runs]
    cur = (-1, -1)
    for (p, q, ln), x, y in zip(runs.tolist(), da.tolist(), db.tolist(), strict=True):
        if (x, y) != cur:
            done.extend(c[2] for c in open_)
            open_, cur = [], (x, y)
        best, best_gap = None, None
        still = []
        for c in open_:
            if c[0] < p - max_gap:
                done.append(c[2])
                continue
            still.append(c)
            ga, gb = p - c[0], q - c[1]
            if -n < ga <= max_gap and -n < gb <= max_gap and min(ga, gb) <= max_gap // 3:
                g = max(ga, 0) + max(gb, 0)
                if best_gap is None or g < best_gap:
                    best, best_gap = c, g
        open_ = still
        if best is None:
            open_.append([p + ln, q + ln, [(p, q, ln)]])
            continue
        cut = max(best[0] - p, best[1] - q, 0)
        if cut >= ln:
            continue
        best[2].append((p + cut, q + cut, ln - cut))
        best[0], best[1] = p + ln, q + ln
    done.extend(c[2] for c in open_)
    return done


def matched_chars(a: str, b: str, anchors: list[tuple[int, int, int]]) -> int:
    """Characters matched between ``a`` and ``b``: the anchors ``(i, j, length)`` (co-linear exact
    matches) plus what difflib (``autojunk=False``) matches in the gaps between them."""
    from difflib import SequenceMatcher

    total, i0, j0 = 0, 0, 0
    for i, j, ln in [*anchors, (len(a), len(b), 0)]:
        ga, gb = a[i0:i], b[j0:j]
        if ga and gb:
            if len(ga) == 1 or len(gb) == 1:
                total += (ga in gb) if len(ga) == 1 else (gb in ga)
            else:
                sm = SequenceMatcher(None, ga, gb, autojunk=False)
                total += sum(m.size for m in sm.get_matching_blocks())
        total += ln
        i0, j0 = i + ln, j + ln
    return total


# ---------------------------------------------------------------- groups


class _Union:
    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, x: int) -> int:
        p = self.parent
        while p[x] != x:
            p[x] = p[p[x]]
            x = p[x]
        return x

    def join(self, x: int, y: int) -> None:
        x, y = self.find(x), self.find(y)
        if x != y:
            self.parent[max(x, y)] = min(x, y)


def _groups(runs: np.ndarray, d: _Docs, min_chars: int) -> tuple[list[list[tuple[int, int, int]]], dict]:
    """Occurrences of formulations: exact runs of at least ``min_chars`` joined through their two
    sides, and spans in one doc joined when they cover mostly the same text (the overlap is at least
    half the longer span). Returns groups of ``(doc, start, end)`` in normalised doc coordinates
    (only groups with 3+ occurrences) and ``{run row: group number}``."""
    long_ = np.flatnonzero(runs[:, 2] >= min_chars)
    if not len(long_):
        return [], {}
    r = runs[long_]
    spans = np.concatenate([np.stack([r[:, 0], r[:, 0] + r[:, 2]], 1), np.stack([r[:, 1], r[:, 1] + r[:, 2]], 1)])
    uniq, inv = np.unique(spans, axis=0, return_inverse=True)
    inv = inv.reshape(-1)
    uf = _Union(len(uniq))
    m = len(r)
    for x, y in zip(inv[:m].tolist(), inv[m:].tolist(), strict=True):
        uf.join(x, y)
    doc = d.doc[uniq[:, 0]]
    active: list[tuple[int, int, int]] = []  # (end, start, node) of spans still open in this doc
    last_doc = -1
    for node, (s, e, dc) in enumerate(zip(uniq[:, 0].tolist(), uniq[:, 1].tolist(), doc.tolist(), strict=True)):
        if dc != last_doc:
            active, last_doc = [], dc
        active = [t for t in active if t[0] > s]
        for e2, s2, node2 in active:
            if 2 * (min(e, e2) - s) >= max(e - s, e2 - s2):
                uf.join(node, node2)
        active.append((e, s, node))
    members: dict[int, list[int]] = {}
    for node in range(len(uniq)):
        members.setdefault(uf.find(node), []).append(node)
    groups, number = [], {}
    for root, nodes in members.items():
        if len(nodes) < 3:
            continue
        occ: dict[int, list[int]] = {}
        for node in nodes:  # spans of one doc that overlap are one occurrence
            dc, s, e = int(doc[node]), int(uniq[node, 0]), int(uniq[node, 1])
            occ.setdefault(dc, []).append((s, e))
        merged = []
        for dc, spans_ in occ.items():
            spans_.sort()
            cs, ce = spans_[0]
            for s, e in spans_[1:]:
                if s < ce:
                    ce = max(ce, e)
                else:
                    merged.append((dc, cs, ce))
                    cs, ce = s, e
            merged.append((dc, cs, ce))
        if len(merged) < 3:
            continue
        number[root] = len(groups)
        groups.append(sorted(merged))
    run_group = {}
    for k in range(m):
        g = number.get(uf.find(int(inv[k])))
        if g is not None:
            run_group[int(long_[k])] = g
    return groups, run_group


# ---------------------------------------------------------------- results


PAIR_COLUMNS = ["kind", "identity",
                "a_article", "a_field", "a_index", "a_start", "a_end", "a_len", "a_text",
                "b_article", "b_field", "b_index", "b_start", "b_end", "b_len", "b_text", "formulation"]
GROUP_COLUMNS = ["group", "occurrences", "articles", "article", "field", "index", "start", "end", "text"]


@dataclass
class RepeatResult:
    """What ``find_repeats`` found: ``pairs`` (one row per passage pair) and ``groups`` (one row per
    occurrence of a formulation found 3+ times; ``group`` numbers them, ``occurrences`` and
    ``articles`` count each group's occurrences and distinct articles)."""

    pairs: pd.DataFrame
    groups: pd.DataFrame
    min_chars: int = 20
    notes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        kinds = self.pairs["kind"].value_counts().to_dict() if len(self.pairs) else {}
        n = self.groups["group"].nunique() if len(self.groups) else 0
        return f"RepeatResult({len(self.pairs)} pairs {kinds}, {n} groups)"

    def records(self, groups: bool = False) -> list[dict]:
        """JSON-ready records (the ``studykit repeats --json`` output): one object per pair with
        ``kind``, ``identity``, ``a`` and ``b``; with ``groups=True`` also one object per group with
        ``kind: "group"``, ``articles``, ``text`` and its ``occurrences``."""
        out = []
        for r in self.pairs.itertuples(index=False):
            side = {}
            for s in "ab":
                idx = getattr(r, f"{s}_index")
                side[s] = {"article": int(getattr(r, f"{s}_article")), "field": getattr(r, f"{s}_field"),
                           "index": None if idx < 0 else int(idx), "start": int(getattr(r, f"{s}_start")),
                           "end": int(getattr(r, f"{s}_end")), "text": getattr(r, f"{s}_text")}
            out.append({"kind": r.kind, "identity": round(float(r.identity), 4), **side})
        if groups and len(self.groups):
            for g, rows in self.groups.groupby("group", sort=True):
                occ = [{"article": int(x.article), "field": x.field, "index": None if x.index < 0 else int(x.index),
                        "start": int(x.start), "end": int(x.end), "text": x.text} for x in rows.itertuples(index=False)]
                out.append({"kind": "group", "group": int(g), "articles": int(rows["articles"].iloc[0]),
                            "text": occ[0]["text"], "occurrences": occ})
        return out


def _span(d: _Docs, s: int, e: int) -> tuple[int, int]:
    """Normalised span [s, e) of the concatenation → original offsets in its doc's text."""
    return int(d.offs[s]), int(d.offs[e - 1]) + 1


def _norm_span(d: _Docs, dc: int, start: int, end: int) -> tuple[int, int]:
    """Original offsets [start, end) in doc ``dc`` → the normalised span of the concatenation."""
    lo, hi = np.searchsorted(d.doc, [dc, dc + 1])
    x0, x1 = np.searchsorted(d.offs[lo:hi], [start, end])
    return int(lo + x0), int(lo + x1)


_EDGE = set("。！？；，、：,.:;!? \n\t\u3000")


def find_repeats(corpus: Corpus | list[Article], min_chars: int = 20, *, max_gap: int = MAX_GAP,
                 max_articles: int | None = 10, ngram: int = NGRAM, pair_limit: int = PAIR_LIMIT,
                 formulations: bool = True, cache: bool = True, progress: bool | None = None) -> RepeatResult:
    """Find repeated passages in ``corpus`` (a ``Corpus`` or a list of ``Article``).

    Every passage pair's two texts share an exact run of at least ``min_chars`` normalised
    characters. A key point's link into its own article is widened to whole sentences on both sides.
    With ``formulations``, short edited formulations are found too: ``FORMULATION`` (15–40)
    characters of two articles' bodies that differ by one or two words in each clause (``variant``
    pairs with ``formulation`` true; see ``_formulations``). A corpus of more than ``SLICE_CHARS``
    characters is compared in overlapping slices of articles close in date (see ``_slices``).
    Results are cached per user, keyed by the texts, the options and the code.

    Args:
        max_gap: runs of one pair of texts within this many characters of each other are one passage.
        max_articles: a formulation whose group spans more articles is reported once in ``groups``
            instead of as all its pairs (``None`` reports every pair).
        ngram: the index's n-gram length (at most ``min_chars``).
        pair_limit: an n-gram found more often pairs each occurrence with the next only.
        formulations: also find short edited formulations.
        cache: read and write the per-user cache.
        progress: a progress bar with the time left (default: for corpora of two million characters
            or more, where it can be seen).
    """
    from . import cache as _cache
    from .bars import bar

    if min_chars < 2:
        raise ValueError("min_chars must be at least 2")
    arts = list(corpus)
    n = max(2, min(ngram, min_chars))
    key = None
    if cache:
        parts = [f"{min_chars}/{max_gap}/{max_articles}/{n}/{pair_limit}/{formulations}/"
                 f"{all(a.normalise for a in arts)}",
                 _cache.code_version(sys.modules[__name__])]
        for a in arts:
            parts += [str(a.id), a.text, "\x1f".join(a.key_points)]
        key = _cache.key_of(*parts)
        hit = _cache.load("repeats", key)
        if hit is not None:
            return hit
    slices = _slices(arts)
    total = sum(len(a.text) for a in arts)
    show = (None if total >= 2_000_000 else False) if progress is None else progress
    rows: list = []
    found: list = []  # per slice: its groups as lists of occurrences
    notes: list[str] = []
    with bar(total=4 * len(slices), desc="repeats", unit="step", show=show) as b:
        for k, (part, first) in enumerate(slices):
            r, g, nt = _find(part, min_chars=min_chars, max_gap=max_gap, max_articles=max_articles, n=n,
                             pair_limit=pair_limit, formulations=formulations, step=b.update)
            if first is not None:  # a pair of two later articles is left to the next slice
                r = [x for x in r if x[2] in first or x[9] in first]
            rows += r
            found.append(g)
            notes += [x for x in nt if x not in notes]
            if k == len(slices) - 1 and len(slices) > 1:
                notes.append(f"compared in {len(slices)} overlapping slices of about {SLICE_CHARS // 2:,} "
                             "characters, by date: passages further apart in time are not paired")
    pairs = pd.DataFrame(rows, columns=PAIR_COLUMNS).drop_duplicates(
        ["a_article", "a_field", "a_index", "a_start", "a_end", "b_article", "b_field", "b_index", "b_start", "b_end"])
    pairs = pairs.sort_values(["a_article", "a_field", "a_index", "a_start", "b_article", "b_start"],
                              ignore_index=True)
    groups = found[0] if len(found) == 1 else _merge_groups(found)
    grows = []
    for gi, g in enumerate(groups):
        count = len({o[0] for o in g})
        grows += [(gi, len(g), count, *o) for o in g]
    result = RepeatResult(pairs, pd.DataFrame(grows, columns=GROUP_COLUMNS), min_chars, notes)
    if cache:
        _cache.save("repeats", key, result)
    return result


SLICE_CHARS = 12_000_000  # characters compared at once (about 36 MB of text, under 2 GB of memory)


def _slices(arts: list[Article]) -> list[tuple[list[Article], set[int] | None]]:
    """The article lists to compare: all of them, or for a large corpus overlapping slices.

    Articles are put in date order (an undated one takes the date of the article before it) and cut
    into windows of about ``SLICE_CHARS // 2`` characters; each slice is two neighbouring windows, and
    comes with the ids of its first window (a pair inside the second is left to the next slice)."""
    size = sum(len(a.text) + sum(map(len, a.key_points)) for a in arts)
    if size <= SLICE_CHARS:
        return [(arts, None)]
    last, keyed = "", []
    for i, a in enumerate(arts):
        last = a.date or last
        keyed.append((last, i, a))
    ordered = [a for _, _, a in sorted(keyed, key=lambda t: (t[0], t[1]))]
    windows, cur, at = [], [], 0
    for a in ordered:
        cur.append(a)
        at += len(a.text) + sum(map(len, a.key_points))
        if at >= SLICE_CHARS // 2:
            windows.append(cur)
            cur, at = [], 0
    if cur:
        windows.append(cur)
    if len(windows) == 1:
        return [(arts, None)]
    out = [(windows[i] + windows[i + 1], {a.id for a in windows[i]}) for i in range(len(windows) - 1)]
    out[-1] = (out[-1][0], None)  # the last slice keeps the pairs of both its windows
    return out


def _merge_groups(found: list[list[list[tuple]]]) -> list[list[tuple]]:
    """The groups of several slices as one list: groups that share an occurrence (the same text, or
    spans of one text overlapping by half the longer) are one group; occurrences sorted."""
    flat = [(gi, o) for gi, g in enumerate(x for f in found for x in f) for o in g]
    n = sum(len(f) for f in found)
    uf = _Union(n)
    spans: dict[tuple, list[tuple[int, int, int]]] = {}
    for gi, (art, field_, index, s, e, _text) in flat:
        spans.setdefault((art, field_, index), []).append((s, e, gi))
    for items in spans.values():
        items.sort()
        for (s1, e1, g1), (s2, e2, g2) in zip(items, items[1:], strict=False):
            if 2 * (min(e1, e2) - s2) >= max(e1 - s1, e2 - s2):
                uf.join(g1, g2)
    merged: dict[int, dict[tuple, list[tuple]]] = {}
    for gi, o in flat:  # an occurrence seen by two slices, or overlapping one already there, counts once
        same_text = merged.setdefault(uf.find(gi), {}).setdefault(o[:3], [])
        if not any(min(x[4], o[4]) > max(x[3], o[3]) for x in same_text):
            same_text.append(o)
    return [sorted(o for texts in occ.values() for o in texts) for occ in merged.values()]


def _find(arts: list[Article], *, min_chars: int, max_gap: int, max_articles: int | None, n: int,
          pair_limit: int, formulations: bool, step) -> tuple[list, list, list[str]]:
    """The passage pairs (rows of ``PAIR_COLUMNS``), the groups (lists of occurrences
    ``(article, field, index, start, end, text)``) and the notes of one comparison of ``arts``;
    ``step()`` is called after each of four steps.

    Args:
        min_chars: see ``find_repeats``.
        max_gap: see ``find_repeats``.
        max_articles: see ``find_repeats``.
        n: the index's n-gram length.
        pair_limit: see ``find_repeats``.
        formulations: see ``find_repeats``.
        step: called after each step, for the progress bar.
    """
    d = _docs(arts)
    step()
    # the formulation pass's candidates are found on a second core while the passages are found
    with _beside(_candidates if formulations else None, d) as candidates:
        rows, occurrences, notes = _passages(d, min_chars=min_chars, max_gap=max_gap,
                                             max_articles=max_articles, n=n, pair_limit=pair_limit, step=step)
        if formulations:
            more, said = _formulations(d, min_chars, rows, candidates())
            rows += more
            notes += said
    step()
    return rows, occurrences, notes


@contextmanager
def _beside(fn, *args):
    """Run ``fn(*args)`` in a thread while the ``with`` block runs (numpy lets go of the interpreter
    lock in its array work, so a second core shares it); yields a function that waits for and returns
    its result. With ``fn`` None, or one core, the result is computed when asked for."""
    if fn is None or (os.cpu_count() or 1) < 2:
        yield lambda: fn(*args) if fn else None
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        job = pool.submit(fn, *args)
        try:
            yield job.result
        finally:
            job.cancel()


def _passages(d: _Docs, *, min_chars: int, max_gap: int, max_articles: int | None, n: int, pair_limit: int,
              step) -> tuple[list, list, list[str]]:
    """The exact and near passage pairs of ``d`` (rows of ``PAIR_COLUMNS``), the groups and the notes;
    see ``_find`` (``step()`` after each of two steps)."""
    runs, used = _runs(d, n, pair_limit)
    notes = []
    if used < pair_limit:
        notes.append(f"a very repetitive corpus: n-grams found more than {used} times pair each occurrence "
                     f"with the next only (instead of more than {pair_limit} times)")
        warnings.warn("studykit: " + notes[-1], stacklevel=3)
    norm = d.norm
    runs = _with_long_runs(runs, d, min_chars)
    if len(runs):  # drop hash collisions
        ok = [norm[p:p + ln] == norm[q:q + ln] for p, q, ln in runs.tolist()]
        runs = runs[np.array(ok, dtype=bool)]
    step()
    groups, run_group = _groups(runs, d, min_chars)
    group_articles = [len({int(d.article[dc]) for dc, _, _ in g}) for g in groups]
    step()
    row_of = {(p, q): k for k, (p, q, _) in enumerate(runs.tolist())}
    rows = []
    for chain in _chains(runs, d, max_gap, n):
        if max(c[2] for c in chain) < min_chars:
            continue
        p0, q0 = chain[0][0], chain[0][1]
        pe, qe = chain[-1][0] + chain[-1][2], chain[-1][1] + chain[-1][2]
        da, db = int(d.doc[p0]), int(d.doc[q0])
        if max_articles is not None and len(chain) == 1 and d.article[da] != d.article[db]:
            g = run_group.get(row_of.get((p0, q0), -1))  # a formulation of a big group: reported once there
            if g is not None and group_articles[g] > max_articles:
                continue
        ka, kb = int(d.index[da]), int(d.index[db])
        if ka >= 0 and kb < 0:
            kind = "key_point"
        elif kb >= 0 and ka < 0:  # the key point goes first
            kind = "key_point"
            da, db, p0, q0, pe, qe, ka, kb = db, da, q0, p0, qe, pe, kb, ka
            chain = [(q, p, ln) for p, q, ln in chain]
        else:
            kind = None
        a_norm, b_norm = norm[p0:pe], norm[q0:qe]
        if a_norm == b_norm:
            identity = 1.0
        else:
            m = matched_chars(a_norm, b_norm, [(p - p0, q - q0, ln) for p, q, ln in chain])
            identity = 2 * m / (len(a_norm) + len(b_norm))
        if kind is None:
            same = d.article[da] == d.article[db] and ka < 0 and kb < 0
            kind = "internal" if same else ("repeat" if a_norm == b_norm else "variant")
        a0, a1 = _span(d, p0, pe)
        b0, b1 = _span(d, q0, qe)
        if kind == "key_point" and d.article[da] == d.article[db]:  # link whole sentences
            (a0, a1) = sentence_span(d.texts[da], a0, a1, limit=MAX_GAP)
            (b0, b1) = sentence_span(d.texts[db], b0, b1, limit=MAX_GAP)
            (x0, x1), (y0, y1) = _norm_span(d, da, a0, a1), _norm_span(d, db, b0, b1)
            m = matched_chars(norm[x0:x1], norm[y0:y1], [(p - x0, q - y0, ln) for p, q, ln in chain])
            identity = 2 * m / ((x1 - x0) + (y1 - y0))
        rows.append((kind, identity,
                     int(d.article[da]), "text" if ka < 0 else "key_point", ka, a0, a1, a1 - a0, d.texts[da][a0:a1],
                     int(d.article[db]), "text" if kb < 0 else "key_point", kb, b0, b1, b1 - b0, d.texts[db][b0:b1],
                     False))
    occurrences = []
    for g in groups:
        occ = []
        for dc, s, e in g:
            o0, o1 = _span(d, s, e)
            text = d.texts[dc]
            while o1 - o0 > min_chars // 2 and text[o0] in _EDGE:
                o0 += 1
            while o1 - o0 > min_chars // 2 and text[o1 - 1] in _EDGE:
                o1 -= 1
            k = int(d.index[dc])
            occ.append((int(d.article[dc]), "text" if k < 0 else "key_point", k, o0, o1, text[o0:o1]))
        occurrences.append(occ)
    return rows, occurrences, notes


# ---------------------------------------------------------------- short edited formulations


FORMULATION = (15, 40)  # characters of a short formulation (normalised, without its final punctuation)
SEED = 5  # the formulation pass's n-gram
SEED_LIMIT = 20  # an n-gram found more often (in a small corpus; one in 100,000 characters in a large one) is no seed
EDIT = 4  # characters of one changed word, at most, on either side
CANDIDATES = 30_000  # chains of candidate clauses compared at most, those sharing the most seeds first
_CLAUSE_MARKS = "，。；：！？、,.;:!?\"'“”‘’（）()《》〈〉【】「」『』…—"


@dataclass
class _Candidates:
    """Candidate clause pairs of the formulation pass (``_candidates``): pairs ``(ca, cb)`` of clause
    numbers with the seeds they share, ordered so that a chain (clauses that follow each other in
    both texts) is consecutive, ``chain_id`` per pair; and per clause its start and end in the
    normalised concatenation, whether its last character is a mark (``cut`` per character), whether
    it ends a sentence and its doc."""

    ca: np.ndarray
    cb: np.ndarray
    seeds: np.ndarray
    chain_id: np.ndarray
    c_start: np.ndarray
    c_end: np.ndarray
    cut: np.ndarray
    ends_sentence: np.ndarray
    cdoc: np.ndarray


def _candidates(d: _Docs) -> _Candidates | None:
    """The candidate clause pairs of the formulation pass, or None when there are none: array work
    only, so it can run beside the passage pass.

    Clauses are the stretches between punctuation marks and line breaks. Two clauses of the bodies of
    different articles are candidates when they share at least two ``SEED``-grams that are not common
    in the corpus (``SEED_LIMIT``); candidates that follow each other in both texts are one chain."""
    codes = d.codes
    if len(codes) < 2 * SEED:
        return None
    marks = np.unique(fold_codes(_CLAUSE_MARKS)[0])
    cut = np.isin(codes, marks)
    newdoc = np.concatenate(([True], d.doc[1:] != d.doc[:-1]))
    begins = newdoc | np.concatenate(([False], cut[:-1]))
    for i in (np.flatnonzero(np.diff(d.offs) > 1) + 1).tolist():  # a line break (dropped as space) ends one too
        if not newdoc[i] and "\n" in d.texts[d.doc[i]][d.offs[i - 1]:d.offs[i]]:
            begins[i] = True
    clause = np.cumsum(begins) - 1
    c_start = np.flatnonzero(begins)
    c_end = np.append(c_start[1:], len(codes))
    ends_sentence = np.isin(codes[c_end - 1], np.unique(fold_codes(ENDS)[0])) | newdoc[np.minimum(c_end, len(codes) - 1)]
    body = d.index[d.doc] < 0
    h = _hashes(codes, SEED)
    m = len(h)
    ok = body[:m] & (clause[:m] == clause[SEED - 1:]) & ~cut[SEED - 1:]
    pos = np.flatnonzero(ok)
    if not len(pos):
        return None
    h = h[pos]
    o = np.argsort(h, kind="stable")
    hs, pos = h[o], pos[o]
    new = np.concatenate(([True], hs[1:] != hs[:-1]))
    starts = np.flatnonzero(new)
    counts = np.diff(np.append(starts, len(hs)))
    limit = max(SEED_LIMIT, len(codes) // 100_000)
    budget = max(PAIR_FLOOR // 4, len(codes) // 2)
    c = counts[counts >= 2].astype(np.int64)
    while limit > 2 and int((c * (c - 1) // 2)[c <= limit].sum()) > budget:
        limit //= 2
    keep = (counts >= 2) & (counts <= limit)
    gid = np.cumsum(new) - 1
    cnt = counts[gid]
    idx = np.flatnonzero(keep[gid])
    rank = idx - starts[gid[idx]]
    cnt = cnt[idx]
    ca_all, cb_all = [], []
    k = 1
    while len(idx):
        more = rank + k < cnt
        idx, rank, cnt = idx[more], rank[more], cnt[more]
        p, q = pos[idx], pos[idx + k]
        other = d.article[d.doc[p]] != d.article[d.doc[q]]
        p, q = np.minimum(p[other], q[other]), np.maximum(p[other], q[other])
        ca_all.append(clause[p])
        cb_all.append(clause[q])
        k += 1
    if not ca_all:
        return None
    ca, cb = np.concatenate(ca_all).astype(np.int64), np.concatenate(cb_all).astype(np.int64)
    pair = np.sort(ca * len(c_start) + cb)
    if not len(pair):
        return None
    first = np.concatenate(([True], pair[1:] != pair[:-1]))
    ends = np.append(np.flatnonzero(first)[1:], len(pair))
    seeds = ends - np.flatnonzero(first)
    strong = seeds >= 2
    pair, seeds = pair[first][strong], seeds[strong]
    if not len(pair):
        return None
    ca, cb = pair // len(c_start), pair % len(c_start)
    o = np.lexsort((ca, cb - ca))
    ca, cb, seeds = ca[o], cb[o], seeds[o]
    cdoc = d.doc[c_start]
    follows = np.concatenate(([False], (ca[1:] == ca[:-1] + 1) & (cb[1:] == cb[:-1] + 1)
                              & (cdoc[ca[1:]] == cdoc[ca[:-1]]) & (cdoc[cb[1:]] == cdoc[cb[:-1]])))
    chain_id = np.cumsum(~follows) - 1
    return _Candidates(ca, cb, seeds, chain_id, c_start, c_end, cut, ends_sentence, cdoc)


def _formulations(d: _Docs, min_chars: int, passages: list, cand: _Candidates | None) -> tuple[list, list[str]]:
    """Short edited formulations between the bodies of different articles, as rows of ``PAIR_COLUMNS``,
    and notes (when there were more than ``CANDIDATES`` chains to compare).

    ``cand`` is ``_candidates(d)`` (found beforehand, while the passages were being found; None when
    there are none); from each of its chains the longest run of one to three clauses of one sentence is kept whose two sides are ``FORMULATION`` characters long, differ (but by no more than
    two changed words, of at most ``EDIT`` characters, per clause), share no exact run of
    ``min_chars`` (that would be a passage) and lie in no passage pair already found (``_edited``)."""
    if cand is None:
        return [], []
    norm = d.norm
    ca, cb, seeds, chain_id = cand.ca, cand.cb, cand.seeds, cand.chain_id
    c_start, c_end, cut, ends_sentence, cdoc = cand.c_start, cand.c_end, cand.cut, cand.ends_sentence, cand.cdoc
    covered: dict[tuple[int, int], list[tuple[int, int, int, int]]] = {}
    for r in passages:
        covered.setdefault((r[2], r[9]), []).append((r[5], r[6], r[12], r[13]))
    hi_len = FORMULATION[1]
    rows, seen = [], set()
    bounds = np.flatnonzero(np.diff(np.append(chain_id, chain_id[-1] + 1))) + 1
    starts = np.append(0, bounds[:-1])
    support = np.add.reduceat(seeds, starts)
    best_first = np.argsort(-support, kind="stable")[:CANDIDATES]  # the best supported chains, when there are many
    notes = [] if len(starts) <= CANDIDATES else [
        f"short edited formulations: {len(starts):,} candidates, the {CANDIDATES:,} sharing the most were compared"]
    u_end = (c_end - cut[c_end - 1]).tolist()  # a clause's end without the mark that closes it
    cart = d.article[cdoc].tolist()  # each clause's article
    c_start, ends_sentence, cdoc = c_start.tolist(), ends_sentence.tolist(), cdoc.tolist()
    for a0, a1 in zip(starts[best_first].tolist(), bounds[best_first].tolist(), strict=True):
        chain = list(zip(ca[a0:a1].tolist(), cb[a0:a1].tolist(), strict=True))
        x, y = chain[0]
        if x > 0 and cdoc[x - 1] == cdoc[x] and cdoc[y - 1] == cdoc[y]:  # the clauses just before and after:
            chain.insert(0, (x - 1, y - 1))  # a clause with a changed word may share no seed
        x, y = chain[-1]
        if y + 1 < len(c_start) and cdoc[x + 1] == cdoc[x] and cdoc[y + 1] == cdoc[y]:
            chain.append((x + 1, y + 1))
        aa, ab = cart[chain[0][0]], cart[chain[0][1]]
        if _inside(covered, aa, ab, _span(d, c_start[chain[0][0]], u_end[chain[-1][0]]),
                   _span(d, c_start[chain[0][1]], u_end[chain[-1][1]])):
            continue  # all of it is in a passage pair already
        best = None
        for i in range(len(chain)):
            for j in range(i, min(i + 3, len(chain))):
                if j > i and (ends_sentence[chain[j - 1][0]] or ends_sentence[chain[j - 1][1]]):
                    break  # a formulation stays inside one sentence
                x0, x1 = c_start[chain[i][0]], u_end[chain[j][0]]
                y0, y1 = c_start[chain[i][1]], u_end[chain[j][1]]
                if x1 - x0 > 2 * hi_len or y1 - y0 > 2 * hi_len:
                    break
                if min(x1 - x0, y1 - y0) < FORMULATION[0] or (best and (x1 - x0) + (y1 - y0) <= best[0]):
                    continue
                got = _edited(norm[x0:x1], norm[y0:y1], min_chars,
                              [c_start[c[0]] - x0 for c in chain[i:j + 1]], [c_start[c[1]] - y0 for c in chain[i:j + 1]])
                if got is None:
                    continue
                i0, i1, j0, j1, identity = got
                if best is None or (i1 - i0) + (j1 - j0) > best[0]:
                    best = ((i1 - i0) + (j1 - j0), x0 + i0, x0 + i1, y0 + j0, y0 + j1, identity)
        if best is None:
            continue
        _, x0, x1, y0, y1, identity = best
        da, db = int(d.doc[x0]), int(d.doc[y0])
        (s0, s1), (t0, t1) = _span(d, x0, x1), _span(d, y0, y1)
        if (aa, s0, s1, ab, t0, t1) in seen or _inside(covered, aa, ab, (s0, s1), (t0, t1)):
            continue
        seen.add((aa, s0, s1, ab, t0, t1))
        rows.append(("variant", identity, aa, "text", -1, s0, s1, s1 - s0, d.texts[da][s0:s1],
                     ab, "text", -1, t0, t1, t1 - t0, d.texts[db][t0:t1], True))
    return rows, notes


def _edited(a: str, b: str, min_chars: int, a_clauses: list[int], b_clauses: list[int]
            ) -> tuple[int, int, int, int, float] | None:
    """``(start, end)`` in ``a``, in ``b`` and the identity of an edited formulation the two
    stretches hold (their clauses start at ``a_clauses`` and ``b_clauses``), or None. Every clause
    must share words with the other side. What differs only at an edge (``_context``) is
    not part of it; what is left must be ``FORMULATION`` characters
    long on both sides, differ by at most two changed words of ``EDIT`` characters per clause, match
    in at least 70% of the longer side and share no exact run of ``min_chars``."""
    if a == b:
        return None
    ops = _edits(a, b)
    if ops and _context(ops[0]):
        ops = ops[1:]
    if ops and _context(ops[-1]):
        ops = ops[:-1]
    if not ops:
        return None
    i0, j0, i1, j1 = ops[0][1], ops[0][3], ops[-1][2], ops[-1][4]
    lo, hi = FORMULATION
    if not (lo <= i1 - i0 <= hi and lo <= j1 - j0 <= hi):
        return None
    edits = [op for op in ops if op[0] != "equal"]
    for starts, side, size in ((a_clauses, 1, len(a)), (b_clauses, 3, len(b))):  # every clause shares words
        for c0, c1 in zip(starts, [*starts[1:], size], strict=True):
            if not any(min(c1, op[side + 1]) - max(c0, op[side]) >= 2 for op in ops if op[0] == "equal"):
                return None
    clauses = len(a_clauses)
    if not edits or len(edits) > 2 * clauses or any(max(x2 - x1, y2 - y1) > EDIT for _, x1, x2, y1, y2 in edits):
        return None
    same = [op[2] - op[1] for op in ops if op[0] == "equal"]
    if max(same, default=0) >= min_chars or sum(same) < 0.7 * max(i1 - i0, j1 - j0):
        return None
    return i0, i1, j0, j1, 2 * sum(same) / ((i1 - i0) + (j1 - j0))


def _edits(a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes of the fewest character edits (Levenshtein, with rapidfuzz) turning ``a``
    into ``b``, neighbouring edits merged into one (是 → 作为 is one changed word, not two edits)."""
    out: list[list] = []
    for op in _levenshtein().opcodes(a, b):
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag != "equal" and out and out[-1][0] != "equal":
            out[-1][2], out[-1][4] = i2, j2
        else:
            out.append([tag, i1, i2, j1, j2])
    for op in out:
        if op[0] != "equal":
            op[0] = "replace" if op[1] < op[2] and op[3] < op[4] else ("delete" if op[1] < op[2] else "insert")
    return [tuple(op) for op in out]


@lru_cache(maxsize=1)
def _levenshtein():
    from rapidfuzz.distance import Levenshtein

    return Levenshtein


def _inside(covered: dict, aa: int, ab: int, sa: tuple[int, int], sb: tuple[int, int]) -> bool:
    """Whether the spans ``sa`` of article ``aa`` and ``sb`` of ``ab`` lie in one pair of ``covered``
    (``{(article, article): [(a_start, a_end, b_start, b_end)]}``), in either order."""
    return any(u0 <= sa[0] and sa[1] <= u1 and v0 <= sb[0] and sb[1] <= v1
               for u0, u1, v0, v1 in covered.get((aa, ab), ())) or \
        any(u0 <= sb[0] and sb[1] <= u1 and v0 <= sa[0] and sa[1] <= v1 for u0, u1, v0, v1 in covered.get((ab, aa), ()))


def _context(op: tuple) -> bool:
    """Whether an opcode at the edge of two stretches is context, not a changed word: words on one
    side only (a lead-in such as 必须, 强调 or a longer clause start), or words for one character
    (必须 for 是)."""
    kind, i1, i2, j1, j2 = op
    return kind in ("insert", "delete") or (kind == "replace" and min(i2 - i1, j2 - j1) <= 1)



# ---------------------------------------------------------------- one entry per passage


def _body_span(corpus: Corpus, article: int, fld: str, index: int, start: int, end: int):
    """Where a side of a pair lies in its article's body: ``(article, start, end)``; a key point counts
    as the body sentence it repeats (``key_point_spans``), or as itself when that is not known."""
    if fld == "key_point":
        spans = corpus[article].key_point_spans if article in corpus else []
        span = spans[index] if 0 <= index < len(spans) else None
        if span is None:
            return (article, f"kp{index}", start, end)
        return (article, "text", min(span[0] + start, span[1]), min(span[0] + end, span[1]))
    return (article, "text", start, end)


def _overlap(x, y) -> bool:
    """Two body spans of the same article and field that share at least half of the shorter one."""
    if x[:2] != y[:2]:
        return False
    inter = min(x[3], y[3]) - max(x[2], y[2])
    return inter > 0 and inter >= 0.5 * min(x[3] - x[2], y[3] - y[2])


def passages(pairs: pd.DataFrame, corpus: Corpus, article: int) -> pd.DataFrame:
    """The repeated passages of ``article``, one row per passage: ``pairs`` (``find_repeats(...).pairs``)
    where the article is a side, with the pairs that show the same two passages merged.

    A key point repeats a body sentence of its article, so one passage often comes as two pairs: its
    key point against another article and its body sentence against the same place (要点 and 原样 of
    one text). Pairs are merged when both sides lie in the same stretch once key points are read as
    their body sentences (half of the shorter stretch shared); a key point's link to its own sentence
    stays an entry of its own. Each row is the pair that compares body with body where there is one,
    with ``kinds`` (the kinds of all merged pairs, ordered as ``KINDS``) and ``merged`` (how many).
    """
    mine = pairs[(pairs["a_article"] == article) | (pairs["b_article"] == article)].reset_index(drop=True)
    cols = [*PAIR_COLUMNS, "kinds", "merged"]
    if mine.empty:
        return pd.DataFrame(columns=cols)
    sides = []
    for r in mine.itertuples(index=False):
        a = _body_span(corpus, int(r.a_article), r.a_field, int(r.a_index), int(r.a_start), int(r.a_end))
        b = _body_span(corpus, int(r.b_article), r.b_field, int(r.b_index), int(r.b_start), int(r.b_end))
        sides.append((a, b) if r.a_article == article else (b, a))
    groups = _Union(len(mine))
    for i in range(len(mine)):
        own_i, other_i = sides[i]
        if own_i == other_i or (own_i[0] == other_i[0] and _overlap(own_i, other_i)):
            continue  # a key point and its own sentence: an entry of its own
        for j in range(i):
            own_j, other_j = sides[j]
            if own_j == other_j or (own_j[0] == other_j[0] and _overlap(own_j, other_j)):
                continue
            if (_overlap(own_i, own_j) and _overlap(other_i, other_j)) or \
                    (_overlap(own_i, other_j) and _overlap(other_i, own_j)):
                groups.join(i, j)
    members: dict[int, list[int]] = {}
    for i in range(len(mine)):
        members.setdefault(groups.find(i), []).append(i)
    rows = []
    for idx in members.values():
        part = mine.iloc[idx]
        body = part[(part["a_field"] == "text") & (part["b_field"] == "text")]
        best = (body if len(body) else part).assign(longest=lambda f: f[["a_len", "b_len"]].max(axis=1))
        row = best.sort_values(["longest", "identity"], ascending=False, kind="stable").iloc[0].drop("longest")
        kinds = tuple(k for k in KINDS if k in set(part["kind"]))
        rows.append({**row.to_dict(), "kinds": kinds, "merged": len(idx)})
    return pd.DataFrame(rows, columns=cols)


# ---------------------------------------------------------------- reprints and export


def _first(corpus: Corpus, x: int, y: int) -> bool:
    """Whether article ``x`` came out before article ``y``: by date when both are dated and differ,
    else by corpus order."""
    from .corpus import date_bounds

    ax, ay = corpus[x], corpus[y]
    if ax.date and ay.date:
        dx, dy = date_bounds(ax.date)[0], date_bounds(ay.date)[0]
        if dx != dy:
            return dx < dy
    ids = corpus.ids
    return ids.index(x) <= ids.index(y)


def reprinted_spans(corpus: Corpus, min_chars: int = 100, result: RepeatResult | None = None
                    ) -> dict[int, list[tuple[int, int]]]:
    """``{article id: [(start, end), ...]}``: stretches of each article's ``text`` already printed in an
    earlier article (by date when both are dated, else corpus order), as repeats or variants of at least ``min_chars``
    characters. Spans are sorted and merged; articles without reprinted text are left out."""
    res = result if result is not None else find_repeats(corpus, min_chars=min(min_chars, 20), max_articles=None)
    spans: dict[int, list[tuple[int, int]]] = {}
    p = res.pairs
    p = p[p["kind"].isin(["repeat", "variant"]) & (p["a_len"] >= min_chars) & (p["b_len"] >= min_chars)]
    for r in p.itertuples(index=False):
        if _first(corpus, r.a_article, r.b_article):
            spans.setdefault(r.b_article, []).append((r.b_start, r.b_end))
        else:
            spans.setdefault(r.a_article, []).append((r.a_start, r.a_end))
    out = {}
    for aid, ss in spans.items():
        ss.sort()
        merged = [list(ss[0])]
        for s, e in ss[1:]:
            if s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        out[aid] = [(s, e) for s, e in merged]
    return out


def without_reprints(corpus: Corpus, min_chars: int = 100) -> Corpus:
    """A copy of ``corpus`` whose article texts leave out what ``reprinted_spans`` finds (the cut
    stretches become one ``"\\n"``); key-point spans of shortened articles are cleared. Counting over
    it does not count the same speech twice."""
    spans = reprinted_spans(corpus, min_chars)
    arts = []
    for a in corpus:
        if a.id not in spans:
            arts.append(a)
            continue
        parts, at = [], 0
        for s, e in spans[a.id]:
            parts.append(a.text[at:s])
            at = e
        parts.append(a.text[at:])
        text = "\n".join(p.strip("\n") for p in parts if p.strip())
        arts.append(replace(a, text=text, key_point_spans=[None] * len(a.key_points),
                            notes=[*a.notes, f"{len(a.text) - len(text)} reprinted characters left out"]))
    return Corpus(arts, name=corpus.name, warnings=list(corpus.warnings))


def to_passim_jsonl(corpus: Corpus, path) -> int:
    """Write ``corpus`` as passim input to ``path``; returns the records written.

    One JSON object a line (UTF-8): ``id`` (unique string), ``series``, ``date`` (``YYYY``,
    ``YYYY-MM`` or ``YYYY-MM-DD``, left out when unknown: they sort as passim sorts them, as text),
    ``title`` and ``text``; key points as extra records ``<id>-kp<k>`` of their article's series.
    passim ignores reuse inside one series, so ``series`` is the article's source, else its file
    (the stories of one day file), else the article itself. passim reads ``text`` as XML, so ``&``,
    ``<`` and ``>`` are written as entities and come back as they were."""
    from xml.sax.saxutils import escape

    k = 0
    with open(path, "w", encoding="utf-8") as out:
        for a in corpus:
            base = {"series": a.source or a.file or f"article-{a.id}"}
            if a.date:
                base["date"] = a.date
            base["title"] = a.title
            recs = [{"id": str(a.id), **base, "text": escape(a.text)}]
            recs += [{"id": f"{a.id}-kp{i}", **base, "text": escape(t)} for i, t in enumerate(a.key_points)]
            for r in recs:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
                k += 1
    return k
