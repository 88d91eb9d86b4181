"""Repeated passages: the bundled corpus, generated corpora of 10 and 30 MB with planted copies, and
rendering one comparison. ``planted_corpus`` is also used by the tests.

Peak memory is measured in a fresh subprocess (``peak.peak_bytes()``), so it is the cost of loading
nothing but the generated corpus and finding its repeats.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Planted:
    """One planted copy: ``source`` article's text[src_start:src_end] copied (edited) into
    ``target``'s text[tgt_start:tgt_end]."""

    source: int
    src_start: int
    src_end: int
    target: int
    tgt_start: int
    tgt_end: int


def _alphabet(seed_text: str | None) -> tuple[list[str], list[float]]:
    """Han characters with their frequencies in ``seed_text`` (default: the bundled corpus)."""
    from collections import Counter

    from studykit.corpus import han_count
    from studykit.paths import bundled_corpus

    text = seed_text if seed_text is not None else bundled_corpus().read_text(encoding="utf-8")
    counts = Counter(c for c in text if han_count(c))
    chars = sorted(counts)
    return chars, [counts[c] for c in chars]


def planted_corpus(n_chars: int, seed: int = 0, article_chars: int = 4000, copy_every: int = 12_000,
                   edit_rate: float = 0.03, omit_rate: float = 0.15):
    """A generated ``Corpus`` of about ``n_chars`` characters (random sentences drawn with the bundled
    corpus's character frequencies) and the list of ``Planted`` copies in it: one copy of 6–14
    sentences per ``copy_every`` characters, each with edits (substitutions, insertions, deletions) at
    ``edit_rate`` of its characters and whole sentences left out at ``omit_rate``."""
    from studykit.corpus import Article, Corpus

    rnd = random.Random(seed)
    chars, weights = _alphabet(None)

    def sentence() -> str:
        body = rnd.choices(chars, weights, k=rnd.randint(14, 60))
        if len(body) > 25:
            body.insert(rnd.randint(8, len(body) - 8), "，")
        return "".join(body) + "。"

    texts: list[list[str]] = []
    total = 0
    while total < n_chars:
        sents = []
        size = 0
        while size < article_chars:
            sents.append(sentence())
            size += len(sents[-1])
        texts.append(sents)
        total += size
    plans = []
    for _ in range(max(1, total // copy_every)):
        half = len(texts) // 2  # sources from the first half, targets from the second: copies never nest
        src, tgt = rnd.randrange(0, half), rnd.randrange(half, len(texts))
        k = rnd.randint(6, 14)
        s0 = rnd.randrange(0, len(texts[src]) - k)
        copied = []
        for i, s in enumerate(texts[src][s0:s0 + k]):
            if 0 < i < k - 1 and rnd.random() < omit_rate:
                continue
            out = []
            for ch in s:
                r = rnd.random()
                if r < edit_rate / 3:
                    out.append(rnd.choices(chars, weights)[0])
                elif r < 2 * edit_rate / 3:
                    continue
                elif r < edit_rate:
                    out += [ch, rnd.choices(chars, weights)[0]]
                else:
                    out.append(ch)
            copied.append("".join(out))
        at = rnd.randrange(0, len(texts[tgt]) + 1)
        plans.append((src, s0, k, tgt, at, copied))
    # insert the copies (from the end of each target, so earlier positions stay valid)
    marks: dict[int, list] = {}
    for n, (_src, _s0, _k, tgt, at, copied) in enumerate(plans):
        marks.setdefault(tgt, []).append((at, n, copied))
    final = [list(s) for s in texts]
    for tgt, items in marks.items():
        for at, n, copied in sorted(items, reverse=True):
            final[tgt][at:at] = [("copy", n, c) for c in copied]
    arts, spans = [], {}
    src_sents = [list(s) for s in texts]
    for i, sents in enumerate(final):
        parts, pos = [], 0
        for s in sents:
            if isinstance(s, tuple):
                _, n, c = s
                a, b = spans.get(("t", n), (pos, pos))
                spans[("t", n)] = (min(a, pos), pos + len(c))
                parts.append(c)
                pos += len(c)
            else:
                parts.append(s)
                pos += len(s)
            if rnd.random() < 0.1:
                parts.append("\n")
                pos += 1
        arts.append(Article(id=i + 1, title=f"generated {i + 1}", text="".join(parts)))
    planted = []
    for n, (src, s0, k, tgt, _at, _copied) in enumerate(plans):
        orig = src_sents[src]
        piece = "".join(orig[s0:s0 + k])
        start = arts[src].text.find(piece[:40])
        if start < 0:  # a copy landed inside the passage: locate it by its first sentence instead
            start = arts[src].text.find(orig[s0])
        t0, t1 = spans[("t", n)]
        planted.append(Planted(src + 1, start, start + len(piece), tgt + 1, t0, t1))
    return Corpus(arts, name=f"generated-{n_chars}"), planted


def recall(result, planted: list[Planted], share: float = 0.8) -> int:
    """How many planted copies are found as ONE passage pair covering at least ``share`` of the copy."""
    p = result.pairs
    found = 0
    for pl in planted:
        ok = False
        for r in p[((p.a_article == pl.source) & (p.b_article == pl.target))
                   | ((p.a_article == pl.target) & (p.b_article == pl.source))].itertuples(index=False):
            ts, te = (r.b_start, r.b_end) if r.b_article == pl.target else (r.a_start, r.a_end)
            if min(te, pl.tgt_end) - max(ts, pl.tgt_start) >= share * (pl.tgt_end - pl.tgt_start):
                ok = True
                break
        found += ok
    return found


_CHILD = """
import json, sys, time
sys.path.insert(0, {bench!r})
from bench_repeats import planted_corpus, recall
from studykit.repeats import find_repeats
corpus, planted = planted_corpus({n})
size = sum(len(a.text.encode("utf-8")) for a in corpus)
find_repeats(corpus.select(ids=corpus.ids[:3]), cache=False)   # warm the normalisation table
t = time.perf_counter()
res = find_repeats(corpus, cache=False)
secs = time.perf_counter() - t
from peak import peak_bytes
peak = peak_bytes()
print(json.dumps({{"secs": secs, "peak": peak, "mb": size / 1e6, "found": recall(res, planted),
                  "planted": len(planted)}}))
"""


def _child(n_chars: int) -> dict:
    code = _CHILD.format(bench=str(Path(__file__).parent), n=n_chars)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(row, timed) -> None:
    from studykit.align import pair_html
    from studykit.repeats import find_repeats
    from studykit.sources import load_corpus

    corpus = load_corpus()
    find_repeats(corpus, cache=False, formulations=False)
    row("repeats: bundled corpus, passages (after loading)",
        timed(lambda: find_repeats(corpus, cache=False, formulations=False)), 0.1)
    res = find_repeats(corpus, cache=False)
    big = res.pairs[(res.pairs.a_len <= 5000) & (res.pairs.b_len <= 5000)]
    pair = big.loc[(big.a_len + big.b_len).idxmax()]
    row(f"repeats: render one comparison ({pair.a_len}+{pair.b_len} chars)",
        timed(lambda: pair_html(pair, corpus)), 0.15)
    # a generated pair of up to 5,000 characters each, with edits and omitted sentences
    gen, planted = planted_corpus(40_000, seed=5, article_chars=5000, copy_every=4000)
    a, b = gen.articles[0].text[:5000], gen.articles[1].text[:5000]
    from studykit.align import compare_html
    row("repeats: render 5,000 vs 5,000 unrelated chars", timed(lambda: compare_html(a, b)), 0.15)
    rnd = random.Random(7)
    sents = [x + "。" for x in a.split("。") if x]
    edited = "".join("".join(ch if rnd.random() > 0.03 else "某" for ch in x) for k, x in enumerate(sents) if k % 7 != 3)
    row(f"repeats: render 5,000 vs an edited copy ({len(edited)} chars)", timed(lambda: compare_html(a, edited)), 0.15)
    res_gen = find_repeats(gen, cache=False)
    p = res_gen.pairs.loc[(res_gen.pairs.a_len + res_gen.pairs.b_len).idxmax()]
    row(f"repeats: render planted copy ({p.a_len}+{p.b_len} chars)", timed(lambda: pair_html(p, gen)), 0.15)
    ten = _child(3_400_000)
    row(f"repeats: {ten['mb']:.0f} MB generated", ten["secs"], 3.0,
        f"(recall {ten['found']}/{ten['planted']}, peak {ten['peak'] / 1e9:.2f} GB)")
    thirty = _child(10_200_000)
    row(f"repeats: {thirty['mb']:.0f} MB generated", thirty["secs"], 10.0,
        f"(recall {thirty['found']}/{thirty['planted']}, peak {thirty['peak'] / 1e9:.2f} GB of 1.5, "
        f"{thirty['secs'] / ten['secs']:.1f}x the 10 MB time)")
    if thirty["peak"] > 1.5e9:
        print(f"  !! repeats: 30 MB peak memory {thirty['peak'] / 1e9:.2f} GB is over 1.5 GB", file=sys.stderr)
