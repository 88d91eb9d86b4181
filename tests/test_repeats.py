"""Repeated passages: normalisation, recall against brute-force difflib, key points, planted copies,
groups, reprints, the command line."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from difflib import SequenceMatcher

import pytest
from conftest import ROOT

from studykit.corpus import Article, Corpus
from studykit.repeats import (
    KINDS,
    find_repeats,
    reprinted_spans,
    to_passim_jsonl,
    without_reprints,
)
from studykit.sources import load_corpus
from studykit.text import fold


def normalise(text):
    f = fold(text)
    return f.text, f.offsets.tolist()

_spec = importlib.util.spec_from_file_location("bench_repeats", ROOT / "benchmarks" / "bench_repeats.py")
bench = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("bench_repeats", bench)
_spec.loader.exec_module(bench)

S1 = "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。"
S2 = "要完整、准确、全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。"
S3 = "必须牢记高质量发展是新时代的硬道理，把加快建设现代化经济体系落实到位。"
S4 = "要统筹扩大内需和深化供给侧结构性改革，增强国内大循环内生动力和可靠性。"
S5 = "各级党委和政府要切实担负起主体责任，确保各项部署落地见效、取得实效。"
F = "持续推动经济实现质的有效提升和量的合理增长"


@pytest.fixture(scope="module")
def bundled():
    corpus = load_corpus()
    return corpus, find_repeats(corpus, max_articles=None, formulations=False, cache=False)


def test_normalise_drops_spaces_and_maps_back_to_offsets():
    text = "2024 年是新中国\n成立 ７５ 周年，“十四五”"
    norm, offs = normalise(text)
    assert norm == '2024年是新中国成立75周年,"十四五"'
    assert len(offs) == len(norm)
    assert all(text[o] == c or norm[k] != text[o] for k, (o, c) in enumerate(zip(offs, norm, strict=True)))
    assert text[offs[norm.index("成")]] == "成"
    assert offs == sorted(offs)


def _paragraphs(corpus):
    """(article id, start offset, text) of every body paragraph."""
    out = []
    for a in corpus:
        at = 0
        for line in a.text.split("\n"):
            if line.strip():
                out.append((a.id, at, line))
            at += len(line) + 1
    return out


def test_every_verbatim_repeat_that_brute_force_difflib_finds_is_found(bundled):
    corpus, res = bundled
    paras = []
    for aid, start, line in _paragraphs(corpus):
        norm, offs = normalise(line)
        grams = {norm[i:i + 8] for i in range(len(norm) - 7)}
        paras.append((aid, start, norm, offs, grams))
    pairs = res.pairs[(res.pairs.a_field == "text") & (res.pairs.b_field == "text")]
    spans = list(zip(pairs.a_article, pairs.a_start, pairs.a_end, pairs.b_article, pairs.b_start, pairs.b_end,
                     strict=True))

    def covered(x, y):
        return any((a == x[0] and s <= x[1] and x[2] <= e and b == y[0] and t <= y[1] and y[2] <= u)
                   or (a == y[0] and s <= y[1] and y[2] <= e and b == x[0] and t <= x[1] and x[2] <= u)
                   for a, s, e, b, t, u in spans)

    checked, missed = 0, []
    for i, (ai, si, ni, oi, gi) in enumerate(paras):
        for aj, sj, nj, oj, gj in paras[i + 1:]:
            if gi.isdisjoint(gj):  # no shared 8-gram: no shared run of 20 either
                continue
            for m in SequenceMatcher(None, ni, nj, autojunk=False).get_matching_blocks():
                if m.size < 20:
                    continue
                checked += 1
                x = (ai, si + oi[m.a], si + oi[m.a + m.size - 1] + 1)
                y = (aj, sj + oj[m.b], sj + oj[m.b + m.size - 1] + 1)
                if not covered(x, y):
                    missed.append((x, y, ni[m.a:m.a + m.size]))
    assert checked > 100
    assert not missed, missed[:5]


def test_every_reported_pair_shares_a_run_of_min_chars(bundled):
    _, res = bundled
    assert len(res.pairs)
    for r in res.pairs.itertuples(index=False):
        a, b = normalise(r.a_text)[0], normalise(r.b_text)[0]
        m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
        assert m.size >= 20, (r.a_text, r.b_text)
        assert r.kind in KINDS
        assert 0 < r.identity <= 1
        assert (r.identity == 1) == (a == b)


def test_offsets_point_into_the_article_text(bundled):
    corpus, res = bundled
    for r in res.pairs.itertuples(index=False):
        for s in "ab":
            art = corpus[getattr(r, f"{s}_article")]
            idx = getattr(r, f"{s}_index")
            src = art.text if getattr(r, f"{s}_field") == "text" else art.key_points[idx]
            assert src[getattr(r, f"{s}_start"):getattr(r, f"{s}_end")] == getattr(r, f"{s}_text")
            assert getattr(r, f"{s}_len") == len(getattr(r, f"{s}_text"))


def test_every_key_point_of_the_bundled_corpus_is_linked_to_its_source(bundled):
    corpus, res = bundled
    kp = res.pairs[res.pairs.kind == "key_point"]
    linked = set(zip(kp[kp.a_article == kp.b_article].a_article, kp[kp.a_article == kp.b_article].a_index,
                     strict=True))
    missing = [(a.id, k, t[:30]) for a in corpus for k, t in enumerate(a.key_points) if (a.id, k) not in linked]
    assert not missing
    assert (kp.a_field == "key_point").all() and (kp.b_field == "text").all()
    # where the loader located the sentence too, the best link overlaps it
    own = kp[kp.a_article == kp.b_article].sort_values("identity").groupby(["a_article", "a_index"]).last()
    for (aid, k), r in own.iterrows():
        spans = corpus[aid].key_point_spans
        if k < len(spans) and spans[k]:
            assert r.b_start < spans[k][1] and spans[k][0] < r.b_end, (aid, k, spans[k], r.b_start, r.b_end)


def test_key_points_are_linked_to_their_sentences_even_when_edited():
    body = S1 + S2 + "\n" + S3 + S4 + S5
    kp0 = S3.replace("落实到位", "落到实处")  # an edited copy of S3
    kp1 = S2[:-1] + S5  # the end of S2 and all of S5 in one bullet
    art = Article(id=1, title="t", text=body, key_points=[kp0, kp1, "与正文无关的一句话。"])
    other = Article(id=2, title="u", text="另有一篇文章。" + S4)
    res = find_repeats(Corpus([art, other]), cache=False)
    kp = res.pairs[res.pairs.kind == "key_point"]
    assert set(kp.a_field) == {"key_point"}
    k0 = kp[(kp.a_index == 0) & (kp.b_article == 1)]
    assert len(k0) == 1
    start = body.index(S3)
    assert k0.b_start.iloc[0] <= start + 2 and k0.b_end.iloc[0] >= start + len(S3) - 2
    assert 0.9 < k0.identity.iloc[0] < 1
    k1 = kp[(kp.a_index == 1) & (kp.b_article == 1)]
    got = {body[s:e] for s, e in zip(k1.b_start, k1.b_end, strict=True)}
    assert any(S5[:-1] in g for g in got) and any(S2[:20] in g for g in got)
    assert kp[kp.a_index == 2].empty
    # a body sentence repeated in another article is a repeat, not a key point
    rep = res.pairs[res.pairs.kind == "repeat"]
    assert list(zip(rep.a_article, rep.b_article, strict=True)) == [(1, 2)]
    assert rep.a_text.iloc[0] == rep.b_text.iloc[0] and S4 in rep.a_text.iloc[0]


def test_planted_copies_are_found_as_one_passage_each():
    corpus, planted = bench.planted_corpus(400_000, seed=3)
    res = find_repeats(corpus, cache=False)
    found = bench.recall(res, planted)
    assert len(planted) >= 30
    assert found >= 0.98 * len(planted)
    assert set(res.pairs.kind) <= {"variant", "repeat"}
    assert res.pairs.identity.between(0.8, 1).mean() > 0.9


def test_condensed_version_is_one_passage_and_internal_repeats_are_found():
    full = "".join([S1, S2, S3, S4, S5]) * 1
    short = S1 + S3 + S5  # S2 and S4 left out
    arts = [Article(id=1, title="full", text=full), Article(id=2, title="short", text=short),
            Article(id=3, title="self", text=S1 + "其他内容其他内容。" + S1)]
    res = find_repeats(Corpus(arts), cache=False)
    p = res.pairs
    one_two = p[(p.a_article == 1) & (p.b_article == 2)]
    assert len(one_two) == 1
    r = one_two.iloc[0]
    assert r.kind == "variant" and r.a_text == full and r.b_text == short
    assert r.identity == pytest.approx(2 * len(short) / (len(full) + len(short)))
    internal = p[p.kind == "internal"]
    assert list(internal.a_article) == [3] and internal.a_text.iloc[0] == S1 == internal.b_text.iloc[0]


def test_groups_show_a_formulation_inside_a_longer_passage_and_collapse_big_groups():
    long_passage = S1 + F + "，" + S2
    arts = [Article(id=1, title="a", text="开头。" + long_passage), Article(id=2, title="b", text=long_passage + "结尾。"),
            Article(id=3, title="c", text=S4 + "要" + F + "。")]
    res = find_repeats(Corpus(arts), cache=False)
    assert len(res.pairs[(res.pairs.a_article == 1) & (res.pairs.b_article == 2)]) == 1
    g = res.groups
    fgroups = g[g.text.str.contains(F)].group.unique()
    assert len(fgroups) == 1
    occ = g[g.group == fgroups[0]]
    assert sorted(occ.article) == [1, 2, 3] and (occ.text.str.len() < len(long_passage)).all()
    # a formulation in 12 articles: reported once as a group instead of 66 pairs
    many = [Article(id=i, title=str(i), text=f"第{i}篇文章的开头。" + S5 + f"第{i}篇的结尾。") for i in range(1, 13)]
    many[0].key_points = [S5]
    res = find_repeats(Corpus(many), cache=False)
    assert list(zip(res.pairs.kind, res.pairs.a_article, res.pairs.b_article, strict=True)) == [("key_point", 1, 1)]
    assert res.groups.group.nunique() == 1 and res.groups.articles.iloc[0] == 12
    every = find_repeats(Corpus(many), max_articles=None, cache=False).pairs
    assert (every.kind == "repeat").sum() == 66 and (every.kind == "key_point").sum() == 12
    rec = res.records(groups=True)
    assert rec[1]["kind"] == "group" and len(rec[1]["occurrences"]) == 13  # with the key point


def test_reprints_are_left_out_of_the_later_article():
    speech = S1 + S2 + S3 + S4 + S5
    arts = [Article(id=1, title="speech", text=speech, date="2024-02-01"),
            Article(id=2, title="report", text="会议指出。" + speech + "会议要求。", date="2024-02-03"),
            Article(id=3, title="early", text="报道：" + S2 + S3, date="2024-01-05")]
    spans = reprinted_spans(Corpus(arts), min_chars=30)
    assert spans[2] == [(5, 5 + len(speech))]
    assert 1 in spans and 3 not in spans  # the speech repeats the earlier article 3
    clean = without_reprints(Corpus(arts), min_chars=30)
    assert clean[2].text == "会议指出。\n会议要求。"
    assert S2 not in clean[1].text and S1 in clean[1].text
    assert clean[3].text == arts[2].text
    # without two dates, corpus order decides
    undated = [Article(id=1, title="a", text="甲。" + speech), Article(id=2, title="b", text=speech + "乙。", date="2024-01-01")]
    assert list(reprinted_spans(Corpus(undated), min_chars=30)) == [2]


def test_passim_export(tmp_path):
    arts = [Article(id=1, title="a", text=S1, source="新华社", date="2024-01-02", key_points=[S1[:20]])]
    f = tmp_path / "in.jsonl"
    assert to_passim_jsonl(Corpus(arts), f) == 2
    recs = [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines()]
    assert recs[0] == {"id": "1", "series": "新华社", "date": "2024-01-02", "title": "a", "text": S1}
    assert recs[1]["id"] == "1-kp0"


def test_passim_export_is_valid_passim_input(tmp_path):
    """passim's input: one JSON object a line with string ``id`` (unique) and ``text`` (read as XML:
    entities expanded, tags dropped), a string ``series`` (reuse inside one series is ignored) and
    an optional ``date`` that sorts as text."""
    from xml.etree import ElementTree

    arts = [Article(id=1, title="a", text=S1 + "\n<script>x</script> & 1<2", source="新华社", date="2024-01-02",
                    key_points=[S1[:20]], file="2024-01-02.txt"),
            Article(id=2, title="b", text=S2, date="2023-12", file="2023-12.txt"),
            Article(id=3, title="c", text=S3, file="notes.txt"),
            Article(id=4, title="d", text=S4, file="notes.txt")]
    f = tmp_path / "in.jsonl"
    n = to_passim_jsonl(Corpus(arts), f)
    lines = f.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines) - 1 == n == 5
    recs = [json.loads(x) for x in lines[:-1]]
    assert len({r["id"] for r in recs}) == n
    for r, a in zip(recs, [arts[0], arts[0], *arts[1:]], strict=True):
        assert isinstance(r["id"], str) and isinstance(r["series"], str) and r["series"]
        assert isinstance(r["text"], str) and r["text"]
        back = ElementTree.fromstring(f"<text>{r['text']}</text>")  # what passim's XML reading gives back
        assert list(back) == [] and back.text in (a.text, *a.key_points)
        if "date" in r:
            assert r["date"] == a.date and re.fullmatch(r"\d{4}(-\d{2}){0,2}", r["date"])
        else:
            assert a.date is None
    assert [r["series"] for r in recs] == ["新华社", "新华社", "2023-12.txt", "notes.txt", "notes.txt"]
    assert sorted(r["date"] for r in recs if "date" in r) == ["2023-12", "2024-01-02", "2024-01-02"]


def test_results_are_cached_per_user():
    corpus = Corpus([Article(id=1, title="a", text=S1 + S2), Article(id=2, title="b", text=S2 + S3)])
    first = find_repeats(corpus)
    again = find_repeats(corpus)
    assert again.pairs.equals(first.pairs)
    changed = Corpus([Article(id=1, title="a", text=S1 + S2), Article(id=2, title="b", text=S3)])
    assert find_repeats(changed).pairs.empty


def test_cli_json_contract(tmp_path):
    d = tmp_path / "c"
    d.mkdir()
    (d / "one.txt").write_text(S1 + S2 + "\n" + S3 + "\n" + S1 + S4, encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "studykit", "repeats", str(d), "--json", "--min-chars", "20"],
                       capture_output=True, text=True, check=True)
    data = json.loads(p.stdout)
    assert data
    text = load_corpus(d).articles[0].text
    for rec in data:
        assert set(rec) == {"kind", "identity", "a", "b"} and rec["kind"] in KINDS
        assert 0 <= rec["identity"] <= 1
        for s in "ab":
            side = rec[s]
            assert set(side) == {"article", "field", "index", "start", "end", "text"}
            assert side["field"] == "text" and side["index"] is None
            assert text[side["start"]:side["end"]] == side["text"]
    assert any(S1 in rec["a"]["text"] and S1 in rec["b"]["text"] for rec in data)
    p = subprocess.run([sys.executable, "-m", "studykit", "repeats", str(d), "--min-chars", "1"],
                       capture_output=True, text=True)
    assert p.returncode == 2 and "min-chars" in p.stderr


def test_a_very_frequent_formulation_is_paired_linearly_and_grouped():
    arts = [Article(id=i, title=str(i), text=f"第{i}篇。" + S2 + f"其余内容{i}。") for i in range(1, 151)]
    res = find_repeats(Corpus(arts), cache=False, pair_limit=100)
    assert res.pairs.empty
    assert res.groups.articles.iloc[0] == 150 and res.groups.group.nunique() == 1
    every = find_repeats(Corpus(arts), cache=False, pair_limit=100, max_articles=None).pairs
    assert len(every) == 149  # each occurrence with the next, not all 11,175 pairs
    assert (every.kind == "repeat").all()


def test_a_very_repetitive_corpus_lowers_the_pair_limit_and_says_so(monkeypatch):
    from studykit import repeats

    monkeypatch.setattr(repeats, "PAIR_FLOOR", 10_000)
    arts = [Article(id=i, title=str(i), text=f"第{i}篇。" + S2 + S3 + S4) for i in range(1, 91)]
    with pytest.warns(UserWarning, match="repetitive"):
        res = find_repeats(Corpus(arts), cache=False, max_articles=None)
    assert res.notes and len(res.pairs) < 90 * 89 // 2
    assert res.groups.articles.max() == 90


def test_a_key_point_and_its_body_sentence_against_another_article_are_one_passage():
    from studykit.repeats import passages

    s = "要坚持稳中求进工作总基调，贯彻稳中求进、以进促稳、先立后破的要求，继续巩固和增强经济回升向好态势。"
    other = "全面深化改革是一个重要年份，要坚持用改革开放这个关键一招解决发展中的问题。"
    t1 = f"会议指出，今年工作很重要。{s}会议还研究了其他事项，大家一致同意。"
    start = t1.index(s)
    c = Corpus([
        Article(1, "第一篇", t1, date="2024-01", key_points=[s[:-1]], key_point_spans=[(start, start + len(s))]),
        Article(2, "第二篇", f"另一篇文章的开头部分在这里。{s}{other}", date="2024-02"),
        Article(3, "第三篇", f"第三篇先讲别的内容。{other}", date="2024-03"),
    ])
    res = find_repeats(c, min_chars=12)
    mine = res.pairs[(res.pairs.a_article == 1) | (res.pairs.b_article == 1)]
    assert len(mine) == 3  # the key point's own link, key point ↔ article 2, body ↔ article 2
    entries = passages(res.pairs, c, 1)
    assert len(entries) == 2
    own = entries[entries["kinds"] == ("key_point",)].iloc[0]
    assert own.a_article == own.b_article == 1 and own.merged == 1
    both = entries[entries["merged"] == 2].iloc[0]
    assert both.kinds == ("key_point", "repeat") and both.a_field == both.b_field == "text"
    assert {int(both.a_article), int(both.b_article)} == {1, 2}
    seen_from_2 = passages(res.pairs, c, 2)
    assert sorted(seen_from_2["kinds"]) == [("key_point", "repeat"), ("repeat",)]  # and the passage shared with 3
    assert passages(res.pairs, c, 9).empty


def test_passages_shown_in_context_start_and_end_at_phrase_or_sentence_bounds():
    from studykit.text import clause_span, context_span

    t = "会议强调，要推动高质量发展，必须坚持稳中求进。下一句。"
    s, e = context_span(t, t.index("推动"), t.index("，必须"), limit=40)
    assert t[s:e] == "会议强调，要推动高质量发展，必须坚持稳中求进。"
    s, e = context_span(t, t.index("推动"), t.index("，必须"), limit=8)
    assert t[s:e] == "会议强调，要推动高质量发展，"  # the sentence goes on: cut at its last mark in reach
    long = "甲" * 50 + "推动发展" + "乙" * 50 + "。"
    s, e = context_span(long, 50, 54, limit=10)
    assert (s, e) == (40, 64)  # no mark in reach: the limit
    name = "习近平强调，2024年是新中国成立75周年，是关键一年。"
    s, e = clause_span(name, name.index("强调"), name.index("是关键") + 1)
    assert name[s:e] == "2024年是新中国成立75周年，"
    word = "深入开展主题教育总结大会，会议指出"
    s, e = clause_span(word, 0, word.index("总结") + 2)
    assert word[s:e] == "深入开展主题教育总结大会"  # no mark inside: out to the next one


def test_short_edited_formulations_are_variants_between_articles():
    arts = [Article(id=1, title="a", text="新的一年，各级党委要扎实推进乡村全面振兴工作，确保粮食安全。" + S1),
            Article(id=2, title="b", text=S3 + "会议要求，各级党委要全力推进乡村全面振兴工作。"),
            Article(id=3, title="c", text="必须坚持人民至上的价值立场和根本追求，" + S4),
            Article(id=4, title="d", text=S5 + "坚持人民至上的价值立场和根本追求。"),
            Article(id=5, title="e", text="各级党委要研究部署今年的工作。")]
    res = find_repeats(Corpus(arts), cache=False)
    f = res.pairs[res.pairs.formulation]
    assert list(zip(f.a_article, f.a_text, f.b_article, f.b_text, strict=True)) == [
        (1, "各级党委要扎实推进乡村全面振兴工作", 2, "各级党委要全力推进乡村全面振兴工作")]
    assert (f.kind == "variant").all() and 0.8 < f.identity.iloc[0] < 1
    assert not find_repeats(Corpus(arts), cache=False, formulations=False).pairs.formulation.any()
    for r in res.pairs.itertuples(index=False):  # passage pairs keep their shared run of min_chars
        if not r.formulation:
            a, b = normalise(r.a_text)[0], normalise(r.b_text)[0]
            assert SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size >= 20


def test_bundled_formulation_pairs_are_short_edited_and_between_articles(bundled):
    corpus, _ = bundled
    f = find_repeats(corpus, cache=False).pairs
    f = f[f.formulation]
    assert len(f)
    for r in f.itertuples(index=False):
        a, b = normalise(r.a_text)[0], normalise(r.b_text)[0]
        assert r.a_article != r.b_article and r.a_field == r.b_field == "text" and r.kind == "variant"
        assert 15 <= len(a) <= 40 and 15 <= len(b) <= 40 and a != b
        assert corpus[r.a_article].text[r.a_start:r.a_end] == r.a_text


def test_a_large_corpus_is_compared_in_overlapping_slices_by_date(monkeypatch):
    from studykit import repeats

    rnd = __import__("random").Random(4)
    chars = "发展改革创新协调绿色开放共享安全稳定民生教育科技人才产业农业城乡区域文化生态法治"

    def text(n):
        return "".join(rnd.choice(chars) for _ in range(n)) + "。"

    bodies = [text(300) for _ in range(24)]
    for i in range(1, 24):  # each day reprints a passage of the day before
        bodies[i] += bodies[i - 1][100:160]
    bodies = [b + S2 for b in bodies]  # and all of them one formulation
    arts = [Article(id=i + 1, title=str(i), text=b, date=f"2024-01-{i + 1:02d}") for i, b in enumerate(bodies)]
    arts = arts[::2] + arts[1::2]  # corpus order is not date order
    whole = find_repeats(Corpus(arts), cache=False, max_articles=None, formulations=False)
    monkeypatch.setattr(repeats, "SLICE_CHARS", 2000)
    sliced = find_repeats(Corpus(arts), cache=False, max_articles=None, formulations=False)
    assert any("slices" in n for n in sliced.notes)
    reprints = {(r.a_article, r.b_article) for r in sliced.pairs.itertuples() if r.a_len >= 55}
    assert all((i, i + 1) in reprints or (i + 1, i) in reprints for i in range(1, 24))
    assert sliced.pairs.duplicated(["a_article", "a_start", "b_article", "b_start"]).sum() == 0
    assert sliced.groups.group.nunique() == whole.groups.group.nunique()
    assert sorted(sliced.groups.article.unique()) == list(range(1, 25))
