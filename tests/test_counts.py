"""Counting and finding on small synthetic corpora, a few checks on the bundled one, and the CLI."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studykit import counts
from studykit.cli import main
from studykit.corpus import Article, Corpus
from studykit.lexicon import load_stopwords
from studykit.sources import load_corpus


def _corpus(*arts: tuple) -> Corpus:
    """Articles from (text,) or (text, date) or (text, date, key_points) tuples, ids 1..N."""
    out = []
    for i, a in enumerate(arts, 1):
        text, date, kps = (list(a) + [None, []])[:3]
        out.append(Article(id=i, title=f"文章{i}", text=text, date=date, key_points=kps))
    return Corpus(out)


@pytest.fixture
def small() -> Corpus:
    return _corpus(
        ("要因地制宜发展新质生产力。新质生产力是创新起主导作用的先进生产力。", "2024-01-05",
         ["新质生产力新质生产力新质生产力"]),
        ("坚持高质量发展，推动高质量发展。", "2024-02-01"),
        ("统一战线是凝聚人心、汇聚力量的重要法宝。", "2024-02-10"),
    )


# ---------------------------------------------------------------- frequencies


def test_frequencies_counts_bodies_not_key_points(small):
    f = counts.frequencies(small).set_index("term")
    assert list(counts.frequencies(small).columns[:4]) == ["term", "count", "per10k", "articles"]
    assert f.loc["新质生产力", "count"] == 2
    assert f.loc["新质生产力", "articles"] == 1
    assert f.loc["高质量发展", "count"] == 2
    chars = sum(a.chars for a in small)
    assert math.isclose(f.loc["高质量发展", "per10k"], 2 * 10_000 / chars)
    assert math.isclose(f.loc["新质生产力", "share"], 1 / 3)


def test_frequencies_leave_out_stop_words_punctuation_and_numbers():
    c = _corpus(("2024年，我们要坚持的是发展，发展，再发展！",))
    terms = set(counts.frequencies(c)["term"])
    assert "发展" in terms
    assert not terms & {"，", "！", "2024", "的", "是", "我们", "要"}
    assert "的" in set(counts.frequencies(c, stopwords=False)["term"])
    assert "发展" not in set(counts.frequencies(c, extra_stopwords=["发展"])["term"])
    assert "坚持" not in set(counts.frequencies(c, stock_phrases=True)["term"])


def test_frequencies_sorted_most_frequent_first(small):
    f = counts.frequencies(small)
    assert list(f["count"]) == sorted(f["count"], reverse=True)


def test_article_frequencies(small):
    long = counts.article_frequencies(small)
    assert list(long.columns[:3]) == ["article", "term", "count"]
    row = long[(long.article == 2) & (long.term == "高质量发展")]
    assert int(row["count"].iloc[0]) == 2
    assert long.groupby("term")["count"].sum()["新质生产力"] == 2


def test_empty_corpus_gives_empty_tables():
    empty = Corpus([])
    assert counts.frequencies(empty).empty
    assert counts.kwic(empty, "发展").empty


# ---------------------------------------------------------------- text counts


def test_count_terms_matches_text_so_nested_formulations_count(small):
    t = counts.count_terms(small, ["新质生产力", "因地制宜发展新质生产力", "全过程人民民主"])
    assert list(t.columns) == ["article", "term", "count"]
    by = t.set_index(["article", "term"])["count"]
    assert by[(1, "新质生产力")] == 2
    assert by[(1, "因地制宜发展新质生产力")] == 1
    assert by[(2, "新质生产力")] == 0
    assert len(t) == 3 * 3


def test_empty_terms_are_refused(small):
    with pytest.raises(ValueError):
        counts.count_terms(small, ["新质生产力", ""])
    with pytest.raises(ValueError):
        counts.count_themes(small, {"空": [""]})


def test_count_themes_counts_nested_wordings_once():
    c = _corpus(("开展学习贯彻习近平新时代中国特色社会主义思想主题教育，巩固主题教育成果。",))
    t = counts.count_themes(c, {"主题教育": ["主题教育", "学习贯彻习近平新时代中国特色社会主义思想主题教育"],
                                "统战": ["统一战线"]})
    assert t.set_index("theme")["count"].to_dict() == {"主题教育": 2, "统战": 0}


def test_count_formulations_joins_variants(small):
    c = _corpus(("发展全过程人民民主，全过程民主是最广泛的民主。",))
    f = counts.count_formulations(c).set_index("term")
    assert f.loc["全过程人民民主", "count"] == 2
    assert "全过程民主" not in f.index
    assert counts.count_formulations(small).set_index("term").loc["新质生产力", "count"] == 2


# ---------------------------------------------------------------- KWIC


def test_kwic_hits_carry_article_metadata_and_offsets(small):
    k = counts.kwic(small, "新质生产力", width=4)
    assert list(k.columns) == ["article", "title", "date", "offset", "left", "match", "right"]
    assert len(k) == 2
    for h in k.itertuples():
        text = small[h.article].text
        assert text[h.offset:h.offset + len(h.match)] == h.match == "新质生产力"
        assert h.left == text[max(0, h.offset - 4):h.offset]
        assert h.right == text[h.offset + 5:h.offset + 9]
        assert h.title == "文章1" and h.date == "2024-01-05"
    assert k["left"].iloc[0] == "宜发展"[-4:] or len(k["left"].iloc[0]) == 4


def test_kwic_regex_and_literal(small):
    assert len(counts.kwic(small, "高质量发展|统一战线", regex=True)) == 3
    assert len(counts.kwic(small, "高质量发展|统一战线")) == 0
    assert list(counts.kwic(small, "[高新]质", regex=True)["match"]) == ["新质", "新质", "高质", "高质"]
    with pytest.raises(ValueError, match="regular expression"):
        counts.kwic(small, "(未闭合", regex=True)


def test_kwic_sorting():
    c = _corpus(("乙发展丙。甲发展乙。丙发展甲。",))
    assert list(counts.kwic(c, "发展", width=1, sort="right")["right"]) == ["丙", "乙", "甲"]
    assert list(counts.kwic(c, "发展", width=1, sort="left")["left"]) == ["丙", "乙", "甲"]
    assert list(counts.kwic(c, "发展", width=1)["offset"]) == [1, 6, 11]
    with pytest.raises(ValueError):
        counts.kwic(c, "发展", sort="middle")


def test_kwic_default_width_is_twenty_and_line_breaks_are_spaces():
    text = "一" * 30 + "\n新质生产力\n" + "二" * 30
    k = counts.kwic(_corpus((text,)), "新质生产力")
    assert k["left"].iloc[0] == "一" * 19 + " "
    assert k["right"].iloc[0] == " " + "二" * 19


# ---------------------------------------------------------------- collocates and keyness


def test_collocates_rank_the_constant_neighbour_first():
    text = "。".join(["科技创新引领新质生产力"] * 6 + ["土地流转", "乡村旅游", "文化产业", "边境贸易"] * 6)
    c = _corpus((text,))
    col = counts.collocates(c, "新质生产力", window=2, min_freq=2)
    assert list(col.columns) == ["term", "together", "left", "right", "total", "ll", "mi", "logdice", "tscore"]
    near = {"科技", "创新", "科技创新", "引领"}
    assert col.iloc[0]["term"] in near
    for r in col[col["term"].isin(near)].itertuples():
        assert r.together == 6 and r.left == 6 and r.right == 0
    assert "土地" not in set(col["term"]) and "流转" not in set(col["term"])
    assert (col["together"] >= 2).all()
    assert (col["ll"] > 0).all() and (col["mi"] > 0).all()
    assert list(col["ll"]) == sorted(col["ll"], reverse=True)


def test_collocates_min_freq_filters():
    c = _corpus(("统一战线凝聚人心。统一战线汇聚力量。统一战线凝聚人心。",))
    terms = set(counts.collocates(c, "统一战线", window=1, min_freq=2)["term"])
    assert "凝聚" in terms and "汇聚" not in terms
    assert "汇聚" in set(counts.collocates(c, "统一战线", window=1, min_freq=1)["term"])


def test_ll_matches_a_hand_computed_table():
    # O11=10, R1=20, C1=30, N=200: expected cells 3, 17, 27, 153
    g = 2 * (10 * math.log(10 / 3) + 10 * math.log(10 / 17) + 20 * math.log(20 / 27) + 160 * math.log(160 / 153))
    assert math.isclose(counts._ll_2x2(10, 20, 30, 200), g)


def test_keyness_finds_what_is_new():
    target = _corpus(("新质生产力新质生产力新质生产力推动发展。",))
    reference = _corpus(("推动发展，推动发展，推动发展。",), ("推动发展。",))
    k = counts.keyness(target, reference, min_freq=2)
    assert list(k.columns) == ["term", "target", "reference", "target_per10k", "reference_per10k", "ll",
                               "log_ratio"]
    top = k.iloc[0]
    assert top["term"] == "新质生产力" and top["target"] == 3 and top["reference"] == 0
    assert top["log_ratio"] > 0
    assert k.set_index("term").loc["推动", "log_ratio"] < 0


def test_split_by_ids(small):
    a, b = counts.split(small, [2])
    assert a.ids == [2] and b.ids == [1, 3]


# ---------------------------------------------------------------- glossary


def test_glossary_numbered_components_from_the_text():
    c = _corpus(
        ("会议提出“三个必须”。", "2024-02-01"),
        ("我们把经验概括为“三个必须”，即必须坚持党的领导，必须坚持人民至上，必须坚持守正创新。"
         "要坚决整治“三多三少三慢”问题，落实“学思想、强党性、重实践、建新功”要求。", "2024-01-10"),
    )
    g = counts.glossary(c).set_index("term")
    row = g.loc["三个必须"]
    assert row["kind"] == "numbered" and row["count"] == 2 and row["articles"] == [1, 2]
    assert row["first_article"] == 2 and row["first_date"] == "2024-01-10"
    assert row["components"] == ["必须坚持党的领导", "必须坚持人民至上", "必须坚持守正创新"]
    assert row["components_from"] == "text"
    assert g.loc["三多三少三慢", "kind"] == "numbered"
    assert g.loc["学思想、强党性、重实践、建新功", "kind"] == "quoted"
    first = c[2].text
    assert first[row["first_offset"]:row["first_offset"] + 4] == "三个必须"


def test_glossary_falls_back_to_lexicon_components_and_ignores_a_wrong_count():
    c = _corpus(("增强“四个意识”，坚定文化自信，做到“两个维护”，以有效的内部监督，维护正确方向、改进作风、提升能力。",))
    g = counts.glossary(c).set_index("term")
    assert g.loc["四个意识", "components"] == ["政治意识", "大局意识", "核心意识", "看齐意识"]
    assert g.loc["四个意识", "components_from"] == "lexicon"
    assert g.loc["两个维护", "components_from"] == "lexicon"
    assert "坚定文化自信" not in g.index


@pytest.mark.parametrize("term,numbered", [("两个确立", True), ("三多三少三慢", True), ("一湖两海", True),
                                           ("二十届二中全会", False), ("枫桥经验", False)])
def test_is_numbered(term, numbered):
    assert counts.is_numbered(term) is numbered


# ---------------------------------------------------------------- the bundled corpus


def test_bundled_corpus_counts_are_consistent():
    corpus = load_corpus()
    k = counts.kwic(corpus, "新质生产力")
    assert len(k) > 10
    assert all(corpus[h.article].text[h.offset:h.offset + 5] == "新质生产力" for h in k.itertuples())
    f = counts.count_formulations(corpus).set_index("term")
    assert f.loc["新质生产力", "count"] == len(k)
    freq = counts.frequencies(corpus)
    assert not set(freq.head(100)["term"]) & load_stopwords()
    # no lexicon word contains 新质生产力, so every occurrence in the text is one whole token
    assert freq.set_index("term").loc["新质生产力", "count"] == len(k)
    assert freq.set_index("term").loc["新质生产力", "articles"] == k["article"].nunique()


# ---------------------------------------------------------------- command line


def _json(capsys, *argv):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_terms_json(capsys):
    rows = _json(capsys, "terms", "--top", "15", "--json")
    assert len(rows) == 15
    assert all({"term", "count", "per10k", "articles"} <= r.keys() for r in rows)
    assert all(isinstance(r["count"], int) and isinstance(r["articles"], int) for r in rows)
    assert [r["count"] for r in rows] == sorted((r["count"] for r in rows), reverse=True)
    assert not {r["term"] for r in rows} & load_stopwords()


def test_cli_kwic_json_and_csv_with_bom(capsys, tmp_path):
    out = tmp_path / "k.csv"
    rows = _json(capsys, "kwic", "高质量发展", "--width", "5", "--json")
    assert rows and set(rows[0]) == {"article", "title", "date", "offset", "left", "match", "right"}
    assert all(r["match"] == "高质量发展" and isinstance(r["offset"], int) and len(r["left"]) <= 5 for r in rows)
    assert main(["kwic", "高质量发展", "--csv", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "高质量发展".encode() in raw


def test_cli_kwic_bad_regex_is_a_user_error(capsys):
    assert main(["kwic", "(", "--regex"]) == 2
    assert "regular expression" in capsys.readouterr().err


def test_cli_collocates_and_glossary(capsys):
    rows = _json(capsys, "collocates", "高质量发展", "--json")
    assert rows and {"term", "together", "ll", "mi"} <= rows[0].keys()
    gl = _json(capsys, "glossary", "--json")
    names = {r["term"] for r in gl}
    assert {"两个确立", "四个意识"} <= names
    assert all(isinstance(r["articles"], list) for r in gl)


def test_cli_keyness_needs_a_selection(capsys):
    assert main(["keyness", "--json"]) == 2
    assert "--article" in capsys.readouterr().err


def test_cli_keyness_article_against_the_rest(capsys, tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("新质生产力新质生产力新质生产力推动发展。", encoding="utf-8")
    b.write_text("推动发展，推动发展，推动发展。推动发展。", encoding="utf-8")
    corpus = load_corpus([a, b])
    target = next(x.id for x in corpus if "新质" in x.text)
    rows = _json(capsys, "keyness", str(a), str(b), "--article", str(target), "--min-freq", "2", "--json")
    assert rows[0]["term"] == "新质生产力" and rows[0]["log_ratio"] > 0


def test_cli_user_lexicon_error_names_the_line(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("好词\n坏 词\n", encoding="utf-8")
    assert main(["terms", "--lexicon", str(bad)]) == 2
    assert "line 2" in capsys.readouterr().err


def test_cli_terms_respect_the_selection(capsys):
    first = load_corpus().ids[0]
    rows = _json(capsys, "terms", "--article", str(first), "--top", "20", "--json")
    assert rows and all(r["articles"] == 1 for r in rows)


def test_cli_glossary_csv_joins_lists(capsys, tmp_path):
    import csv

    out = tmp_path / "g.csv"
    assert main(["glossary", "--csv", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    row = next(r for r in rows if r["term"] == "四个意识")
    assert row["components"] == "政治意识、大局意识、核心意识、看齐意识"
    assert "[" not in row["articles"]


def test_cli_keyness_date_range_against_another(capsys, monkeypatch):
    import studykit.sources

    dated = _corpus(("新质生产力新质生产力新质生产力推动发展。", "2024-02-03"),
                    ("推动发展，推动发展。", "2024-01-05"),
                    ("推动发展，推动发展。", "2024-01-20"),
                    ("统一战线统一战线统一战线统一战线。", "2023-12-01"))
    monkeypatch.setattr(studykit.sources, "load_corpus", lambda *a, **k: dated)
    argv = ["keyness", "--from", "2024-02", "--reference-from", "2024-01", "--reference-to", "2024-01",
            "--min-freq", "2", "--json"]
    assert main(argv) == 0
    out = capsys.readouterr()
    terms = [r["term"] for r in json.loads(out.out)]
    assert terms[0] == "新质生产力" and "统一战线" not in terms
    assert "1 articles against 2" in out.err

_TEXT = st.text(alphabet="新质生产力高发展的，。\n统一战线", max_size=80)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(_TEXT, min_size=1, max_size=3), term=st.sampled_from(["新质生产力", "发展", "，", "线统"]),
       width=st.integers(0, 6))
def test_kwic_hits_are_where_they_say_and_as_many_as_counted(texts, term, width):
    c = _corpus(*[(t,) for t in texts])
    k = counts.kwic(c, term, width=width)
    for h in k.itertuples():
        text = c[h.article].text
        # the hit stands at its offset: the term itself, or the term across a line break inside a
        # sentence (the search form joins those), shown with the break as a space
        found = text[h.offset:h.offset + len(h.match)]
        assert found.replace("\n", " ") == h.match and found.replace("\n", "") == term
        assert h.left == text[max(0, h.offset - width):h.offset].replace("\n", " ")
    assert len(k) == counts.count_terms(c, [term])["count"].sum()


# ---------------------------------------------------------------- the search form: one text, two forms

_OLD = ("我們要堅持社會主義道路，反對階級鬥爭擴大化。社會主義建設取得成就。\n"
        "在毛澤東同志和黨中央的領導下，我們認為，要在毛澤東同志\n關於過渡時期總路線的指示下前進。\n"
        "１９９５年ＧＤＰ增长５％，1995年以来持续增长。⼗⼈一组。")


def test_kwic_finds_a_traditional_text_and_shows_its_own_characters():
    c = _corpus((_OLD, "1954"), ("坚持社会主义道路。", "2024"))
    for typed in ("社会主义", "社會主義"):
        k = counts.kwic(c, typed, width=4)
        assert list(k["article"]) == [1, 1, 2]
        assert list(k["match"]) == ["社會主義", "社會主義", "社会主义"]
        first = k.iloc[0]
        assert _OLD[first.offset:first.offset + 4] == "社會主義" and first.left == "我們要堅持"[-4:]
    broken = counts.kwic(c, "同志關於", width=3)
    assert len(broken) == 1 and broken.iloc[0]["match"] == "同志 關於"  # the line break shows as a space
    assert len(counts.kwic(c, "１９９５年")) == len(counts.kwic(c, "1995年")) == 2
    assert list(counts.kwic(c, "十人")["match"]) == ["⼗⼈"]
    assert list(counts.kwic(c, "社會|階級", regex=True)["match"])[:2] == ["社會", "階級"]


def test_terms_count_a_traditional_text_as_simplified_words():
    c = _corpus((_OLD,))
    freq = counts.frequencies(c).set_index("term")["count"]
    assert freq["社会主义"] == 2 and "社會主義" not in freq
    assert not {"於", "爲", "對", "產"} & set(freq.index)
    assert counts.count_terms(c, ["社会主义", "阶级斗争", "社會主義"])["count"].tolist() == [2, 1, 2]
    assert counts.count_formulations(_corpus(("堅持新質生產力。",)))["term"].tolist() == ["新质生产力"]


def test_keyness_and_collocates_read_the_search_form():
    old = _corpus(*[(_OLD,)] * 3, *[("坚持改革开放。推进高质量发展。",)] * 3)
    target, reference = counts.split(old, [1, 2, 3])
    assert "社会主义" in set(counts.keyness(target, reference, min_freq=2)["term"])
    assert "道路" in set(counts.collocates(old, "社會主義", window=2, min_freq=1)["term"])


def test_without_normalising_the_text_is_searched_as_written():
    c = _corpus((_OLD,))
    for a in c:
        a.normalise = False
    assert len(counts.kwic(c, "社会主义")) == 0 and len(counts.kwic(c, "社會主義")) == 2
    terms = set(counts.frequencies(c)["term"])
    assert "社会主义" not in terms and "社會" in terms  # jieba reads traditional text piece by piece


def test_glossary_never_counts_a_numbered_formulation_inside_a_number():
    text = ("一九五四年，一九五五年，一九九五年计划。“九五”计划期间，九五计划完成。"
            "二〇一五年三月十五日，十五个省份。“十五”计划期间，要完成十五计划。")
    g = counts.glossary(_corpus((text, "2000"))).set_index("term")
    assert g.loc["九五", "count"] == 2
    assert g.loc["十五", "count"] == 2
    assert text[g.loc["九五", "first_offset"]:].startswith("九五”")


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(alphabet="改革开放侧科技体制改革，。深化", max_size=60), min_size=1, max_size=3),
       window=st.integers(1, 6))
def test_collocates_never_count_more_together_than_either_total(texts, window):
    c = _corpus(*[(t,) for t in texts])
    nodes = sum(a.text.count("改革") for a in c)
    col = counts.collocates(c, "改革", window=window, min_freq=1)
    assert (col["together"] <= col["total"]).all()
    assert (col["together"] <= nodes).all()
    assert (col["together"] == col["left"] + col["right"]).all()


def test_collocates_overlapping_windows_count_an_occurrence_once():
    c = _corpus(("改革科技改革科技改革，完。",))
    col = counts.collocates(c, "改革", window=3, min_freq=1).set_index("term")
    assert col.loc["科技", "together"] == 2 == col.loc["科技", "total"]


def test_collocates_measures_and_their_order():
    text = "。".join(["科技创新引领新质生产力"] * 6 + ["土地流转", "乡村旅游", "发展新质生产力"] * 6)
    c = _corpus((text,))
    for measure in counts.MEASURES:
        col = counts.collocates(c, "新质生产力", window=2, min_freq=2, measure=measure)
        assert col[measure].is_monotonic_decreasing
    col = counts.collocates(c, "新质生产力", window=2, min_freq=2).set_index("term")
    node, together, total = 12, col.loc["引领", "together"], col.loc["引领", "total"]
    assert col.loc["引领", "logdice"] == pytest.approx(14 + math.log2(2 * together / (node + total)))
    assert (col["logdice"] <= 14).all()
    with pytest.raises(ValueError):
        counts.collocates(c, "新质生产力", measure="dice")


def test_cli_collocates_measure(capsys):
    rows = _json(capsys, "collocates", "高质量发展", "--measure", "logdice", "--json")
    assert rows and {"ll", "mi", "logdice", "tscore"} <= set(rows[0])
    assert [r["logdice"] for r in rows] == sorted((r["logdice"] for r in rows), reverse=True)


def test_cli_kwic_text_is_tab_separated_without_marks_of_its_own(capsys, tmp_path):
    """One line per hit: article, date, left, match, right; the texts' own 【…】 headings stay theirs."""
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "2024-01-02.txt").write_text("标题\n【要闻】推动高质量发展。\n坚持\u3000\u3000\u3000高质量发展不动摇。\n",
                                          encoding="utf-8")
    (folder / "b.txt").write_text("另一篇\n要以高质量发展为主题。\n", encoding="utf-8")
    assert main(["kwic", "高质量发展", str(folder), "--width", "6"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [ln.split("\t") for ln in lines]
    assert len(rows) == 3 and all(len(r) == 5 for r in rows)
    assert all(r[3] == "高质量发展" for r in rows)
    assert rows[0][1] == "2024-01-02" and rows[-1][1] == "—"  # an undated file: a dash, never "None"
    assert rows[0][2].endswith("【要闻】推动") and "【高质量发展】" not in "\n".join(lines)
    assert rows[1][2].endswith("坚持 ") and "\u3000" not in lines[1]  # a run of full-width spaces shows as one space


def test_cli_tables_show_a_dash_for_a_missing_source(capsys, tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("标题一\n推动高质量发展，坚持稳中求进。\n", encoding="utf-8")
    (folder / "2024-01-02.txt").write_text("标题二\n发展新质生产力，培育新动能。\n", encoding="utf-8")
    assert main(["articles", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "None" not in out and "—" in out and "标题一" in out
