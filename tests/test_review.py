"""Question generation: cloze questions and flashcards come from the corpus and cite their source."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studykit.corpus import Article, Corpus
from studykit.progress import ProgressStore
from studykit.review import (
    BLANK,
    build_questions,
    check,
    enumerations,
    filter_questions,
    sentences,
    study_terms,
)
from studykit.sources import load_corpus

ENUM = ("会议概括为“三个务必”，即务必不忘初心、牢记使命，务必谦虚谨慎、艰苦奋斗，务必敢于斗争、善于斗争。"
        "各级干部要增强“四个意识”。")


def _corpus() -> Corpus:
    return Corpus([
        Article(1, "新质生产力", "发展“新质生产力”是推动“高质量发展”的内在要求。\n"
                "要坚持“两个结合”，推动“新质生产力”加快发展。\n" + ENUM,
                source="人民日报", date="2024-02-01",
                key_points=["发展“新质生产力”是推动“高质量发展”的内在要求。"]),
        Article(2, "乡村振兴", "学习运用“千万工程”经验，有力有效推进乡村全面振兴。\n"
                "坚持“高质量发展”这个硬道理，推进“乡村振兴”走深走实。",
                source="求是", date="2024-01"),
        Article(3, "无日期", "各地要坚持“两个结合”，巩固“乡村振兴”成果。", source=None, date=None),
    ])


def test_every_question_has_a_source_and_its_answer_occurs_in_its_sentence():
    c = _corpus()
    qs = build_questions(c)
    assert {q.kind for q in qs} == {"cloze", "flashcard"}
    texts = {a.id: a.text + "\n" + "\n".join(a.key_points) for a in c}
    for q in qs:
        assert q.article in c and q.title == c[q.article].title
        assert (q.source, q.date) == (c[q.article].source, c[q.article].date)
        assert q.sentence and q.sentence in texts[q.article]
        if q.kind == "cloze":
            assert q.answer in q.sentence
            assert q.prompt == q.sentence.replace(q.answer, BLANK) and q.answer not in q.prompt
        elif q.origin == "text":
            assert q.parts and all(p in q.sentence for p in q.parts)
        else:  # parts listed by the lexicon; the sentence is where the formulation itself occurs
            assert q.origin == "lexicon" and q.term in q.sentence and len(q.parts) >= 2


def test_choices_are_terms_of_the_corpus_and_include_the_answer():
    c = _corpus()
    whole = "\n".join(a.text for a in c)
    qs = [q for q in build_questions(c, choices=3) if q.kind == "cloze"]
    assert qs and all(q.choices for q in qs)
    for q in qs:
        assert q.answer in q.choices and len(set(q.choices)) == len(q.choices) <= 3
        for option in q.choices:
            assert option in whole
            assert option == q.answer or option not in q.sentence


def test_without_enough_terms_there_are_no_invented_choices():
    c = Corpus([Article(1, "t", "推动“高质量发展”。", source="s", date="2024")])
    (q,) = build_questions(c)
    assert q.answer == "高质量发展" and q.choices == ()


def test_flashcard_unfolds_a_numbered_formulation_the_text_enumerates():
    (name, parts, (s, e)), = enumerations(ENUM)
    assert name == "三个务必" and len(parts) == 3
    assert parts[0] == "务必不忘初心、牢记使命" or parts[0].startswith("务必不忘初心")
    card = next(q for q in build_questions(_corpus(), lexicon=False) if q.kind == "flashcard")
    assert card.term == "三个务必" and card.origin == "text" and card.article == 1
    assert check(card, "、".join(reversed(card.parts)))
    assert not check(card, card.parts[0])


def test_flashcard_from_the_lexicon_when_the_text_does_not_enumerate():
    from studykit.lexicon import load_lexicon

    cards = {q.term: q for q in build_questions(_corpus()) if q.kind == "flashcard"}
    assert cards["三个务必"].origin == "text"
    card = cards["四个意识"]
    assert card.origin == "lexicon" and card.parts == load_lexicon().get("四个意识").components
    assert "四个意识" in card.sentence and card.article == 1
    assert check(card, "看齐意识、核心意识、大局意识、政治意识")
    assert not check(card, "政治意识、大局意识、核心意识")


def test_enumeration_needs_exactly_n_parts():
    assert enumerations("要做到“三个务必”，即务必不忘初心，务必谦虚谨慎。") == []
    assert enumerations("增强“四个意识”、坚定“四个自信”。") == []


def test_key_points_come_first_and_are_marked():
    qs = [q for q in build_questions(_corpus()) if q.article == 1 and q.kind == "cloze"]
    assert qs[0].origin == "key_point"
    assert {q.origin for q in qs} == {"key_point", "text"}


def test_the_longest_term_is_blanked_and_every_occurrence_of_it():
    c = Corpus([Article(1, "t", "“新质生产力”就是“新质生产力”，不是“生产力”。", source="s", date="2024")])
    (q,) = [q for q in build_questions(c, terms=["生产力", "新质生产力"]) if q.kind == "cloze"]
    assert q.answer == "新质生产力" and q.prompt.count(BLANK) == 2


def test_check_ignores_quotes_and_spaces_but_not_content():
    q = next(q for q in build_questions(_corpus()) if q.kind == "cloze")
    assert check(q, f" “{q.answer}” ")
    assert not check(q, "") and not check(q, q.answer[:-1])


def test_ids_are_stable_and_unique():
    a, b = build_questions(_corpus()), build_questions(_corpus())
    assert [q.id for q in a] == [q.id for q in b]
    assert len({q.id for q in a}) == len(a)
    assert [q.choices for q in a] == [q.choices for q in b]


def test_filters_by_article_date_theme_and_kind():
    qs = build_questions(_corpus())
    assert {q.article for q in filter_questions(qs, article=2)} == {2}
    assert {q.article for q in filter_questions(qs, date_from="2024-02")} == {1}
    assert {q.article for q in filter_questions(qs, date_to="2024-01-31")} == {2}
    themed = filter_questions(qs, theme="乡村振兴")
    assert themed and all("乡村振兴" in q.sentence for q in themed)
    assert {q.article for q in themed} == {2, 3}
    assert all(q.kind == "flashcard" for q in filter_questions(qs, kind="flashcard"))


def test_study_terms_are_quoted_phrases_that_occur():
    terms = study_terms(_corpus(), lexicon=False)
    assert terms[0] in {"新质生产力", "高质量发展", "两个结合", "乡村振兴"}
    assert "千万工程" in terms and "三个务必" in terms
    assert all(re.search(r"[\u4e00-\u9fff]{2}", t) for t in terms)


def test_two_character_quotes_count_only_when_repeated():
    c = Corpus([Article(1, "t", "从“纸上”落到“地上”，打好“组合拳”，“突围”再“突围”。", source="s", date="2024")])
    assert sorted(study_terms(c, lexicon=False)) == sorted(["组合拳", "突围"])


def test_per_article_limit():
    qs = build_questions(_corpus(), per_article=1)
    clozes = [q for q in qs if q.kind == "cloze"]
    assert len(clozes) == len({q.article for q in clozes})


def test_sentences_split_after_stops_and_lines():
    t = "第一句。第二句！\n  第三句"
    assert [t[s:e] for s, e in sentences(t)] == ["第一句。", "第二句！", "第三句"]


def test_on_the_bundled_corpus_every_question_is_sourced():
    from studykit import load_corpus

    c = load_corpus()
    qs = build_questions(c)
    assert len(qs) >= 10
    for q in qs:
        if q.kind == "cloze":
            assert q.answer in q.sentence
        else:
            assert q.term in q.sentence
            assert q.origin == "lexicon" or all(p in q.sentence for p in q.parts)
        assert q.article in c


# -- the widget, driven from Python -------------------------------------------------------------
def _widget(tmp_path, **kw):
    pytest.importorskip("ipywidgets")
    from studykit.progress import ProgressStore
    from studykit.widgets.review import ReviewWidget

    store = ProgressStore(tmp_path / "p.sqlite3", user="t")
    return ReviewWidget(_corpus(), store=store, **kw), store


def test_widget_checks_an_answer_scores_and_saves_it(tmp_path):
    wd, store = _widget(tmp_path)
    q = wd.question
    assert q is not None and "sk-review-score" in wd.score._dom_classes
    assert "0</span> / <span class=\"sk-score-answered\">0" in wd.score.value
    if q.choices:
        wd.choices.value = q.answer
    else:
        wd.response.value = q.answer
    wd.check_button.click()
    assert 'sk-score-right">1</span> / <span class="sk-score-answered">1' in wd.score.value
    assert "sk-right" in wd.feedback.value and "《新质生产力》" in wd.feedback.value
    assert [a["card"] for a in store.answers()] == [q.id]
    assert wd.check("whatever") is None  # one answer per question
    wd.next_button.click()
    assert wd.question is not q
    wd.reveal_button.click()
    assert 'sk-score-right">1</span> / <span class="sk-score-answered">2' in wd.score.value
    assert "sk-source-sentence" in wd.feedback.value and f"《{wd.question.title}》" in wd.feedback.value


def test_widget_brings_a_missed_question_back_first_in_a_new_session(tmp_path):
    wd, store = _widget(tmp_path)
    first, second = wd.question, wd._queue[1]
    assert wd.check("不是这个") is False
    wd.next()
    assert wd.check(second.answer if second.kind == "cloze" else "、".join(second.parts)) is True
    from studykit.progress import ProgressStore
    from studykit.widgets.review import ReviewWidget

    again = ReviewWidget(questions=wd.questions, store=ProgressStore(store.path, user="t"))
    assert again.question.id == first.id
    assert second.id not in [q.id for q in again._queue]  # answered right: not due today


def test_widget_filters_by_article_month_and_theme(tmp_path):
    wd, _ = _widget(tmp_path, themes={"乡村": ["乡村振兴"], "无": ["不存在的词"]})
    assert [label for label, _ in wd.theme.options] == ["全部主题 all", "乡村"]
    wd.article.value = 2
    assert wd._queue and {q.article for q in wd._queue} == {2}
    wd.article.value = 0
    wd.month.value = "2024-02"
    assert {q.article for q in wd._queue} == {1}
    wd.month.value = ""
    wd.theme.value = ("乡村振兴",)
    assert {q.article for q in wd._queue} == {2, 3}
    assert all("乡村振兴" in q.sentence for q in wd._queue)


def test_widget_escapes_corpus_text(tmp_path):
    pytest.importorskip("ipywidgets")
    from studykit.progress import ProgressStore
    from studykit.widgets.review import ReviewWidget

    evil = "<img src=x onerror=alert(1)>"
    c = Corpus([Article(1, evil, f"推动“高质量发展”{evil}。", source=evil, date="2024")])
    wd = ReviewWidget(c, store=ProgressStore(tmp_path / "p.sqlite3", user="t"))
    wd.reveal()
    for html in (wd.prompt.value, wd.feedback.value):
        assert "<img" not in html and "&lt;img" in html


def test_questions_frame_has_one_row_per_question():
    from studykit.review import questions_frame

    qs = build_questions(_corpus())
    f = questions_frame(qs)
    assert len(f) == len(qs) and list(f["answer"]) == [q.answer for q in qs]
    assert {"kind", "article", "date", "source", "prompt", "choices"} <= set(f.columns)


def test_one_flashcard_per_formulation_in_the_whole_corpus():
    c = Corpus([Article(i, f"t{i}", "要增强“四个意识”。\n" + (ENUM if i == 3 else ""), source="s", date=f"2024-0{i}")
                for i in (1, 2, 3)])
    cards = [q for q in build_questions(c) if q.kind == "flashcard"]
    assert sorted(q.term for q in cards) == ["三个务必", "四个意识"]
    assert next(q for q in cards if q.term == "四个意识").article == 1


def test_distractors_are_numbered_like_the_answer():
    terms = ["四个意识", "两个确立", "三个务必", "高质量发展", "乡村振兴", "中国式现代化"]
    c = Corpus([Article(1, "t", "增强“四个意识”。" + "".join(f"“{t}”。" for t in terms[1:]), source="s", date="2024")])
    q = next(q for q in build_questions(c, terms=terms, choices=3) if q.answer == "四个意识")
    assert set(q.choices) == {"四个意识", "两个确立", "三个务必"}


# -- properties on generated corpora ------------------------------------------------------------

_TERMS = ["新质生产力", "高质量发展", "两个结合", "乡村振兴", "四个意识", "组合拳", "一带一路", "双碳"]
_FILL = st.text(alphabet="的是在和发展推进要坚持加强建设工作人民经济社会", min_size=0, max_size=12)
_SENTENCE = st.builds(lambda a, t, b, end: f"{a}“{t}”{b}{end}", _FILL, st.sampled_from(_TERMS), _FILL,
                      st.sampled_from(["。", "！", "；"]))
_ARTICLE_TEXT = st.lists(st.lists(_SENTENCE, min_size=1, max_size=4).map("".join), min_size=1, max_size=4).map(
    "\n".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ARTICLE_TEXT, min_size=1, max_size=4), st.integers(0, 5))
def test_generated_corpora_keep_every_answer_in_its_source_sentence(texts, n_choices):
    c = Corpus([Article(i, f"题{i}", t, source="源", date=f"2024-0{i}") for i, t in enumerate(texts, 1)])
    whole = "\n".join(texts)
    for q in build_questions(c, choices=n_choices, per_article=None):
        assert q.article in c and (q.title, q.date) == (c[q.article].title, c[q.article].date)
        assert q.sentence in c[q.article].text
        if q.kind == "cloze":
            assert q.answer in q.sentence and BLANK in q.prompt and q.answer not in q.prompt
            assert len(q.choices) <= n_choices and len(set(q.choices)) == len(q.choices)
            assert not q.choices or q.answer in q.choices
            assert all(o in whole for o in q.choices)
            assert check(q, q.answer)
        else:
            assert q.term in q.sentence
            assert check(q, "、".join(q.parts))


def test_widget_keeps_each_learners_progress_apart(tmp_path, monkeypatch):
    pytest.importorskip("ipywidgets")
    from studykit.widgets.review import ReviewWidget

    monkeypatch.setenv("STUDYKIT_DATA_DIR", str(tmp_path))
    a = ReviewWidget(_corpus(), user="甲")
    first = a.question
    a.check(first.answer)
    b = ReviewWidget(_corpus(), user="乙")
    assert b.question.id == first.id and b.store.answers() == []
    assert ReviewWidget(_corpus(), user="甲").question.id != first.id
    assert (tmp_path / "progress.sqlite3").is_file()


def test_questions_frame_shows_a_missing_date_or_source_blank_not_nan():
    from studykit.review import questions_frame

    c = Corpus([Article(1, "t1", "要增强“四个意识”。\n" + ENUM, source=None, date=None),
                Article(2, "t2", "要增强“四个意识”。\n" + ENUM, source="新华社", date="2024-02-03")])
    f = questions_frame(build_questions(c))
    assert len(f) and not f[["date", "source"]].isna().any().any()
    assert "nan" not in f.to_string().lower() and "none" not in f.to_string().lower()
    assert set(f.loc[f["article"] == 1, "date"]) == {""}


def test_questions_from_a_traditional_text_show_its_characters_and_accept_simplified_answers():
    text = "我們必須堅持“社會主義”道路，堅持不懈。\n“新質生產力”是先進生產力的具體體現形式。"
    c = Corpus([Article(1, "舊文", text, date="1954")])
    qs = [q for q in build_questions(c, terms=["社会主义", "新质生产力", "高质量发展"], choices=0) if q.kind == "cloze"]
    assert [q.term for q in qs] == ["社会主义", "新质生产力"]
    first = qs[0]
    assert first.sentence == "我們必須堅持“社會主義”道路，堅持不懈。"
    assert first.prompt == f"我們必須堅持“{BLANK}”道路，堅持不懈。" and first.answer == "社會主義"
    assert check(first, "社会主义") and check(first, "社會主義") and not check(first, "资本主义")


def test_pick_questions_spreads_over_articles_and_follows_the_seed():
    from studykit.review import pick_questions

    qs = build_questions(load_corpus())
    ten = pick_questions(qs, 10, seed=1)
    assert len(ten) == 10 and ten == pick_questions(qs, 10, seed=1)
    assert ten != pick_questions(qs, 10, seed=2)
    assert [qs.index(q) for q in ten] == sorted(qs.index(q) for q in ten)  # built order, article by article
    per = {a: sum(q.article == a for q in ten) for a in {q.article for q in ten}}
    assert len(per) == 10  # more articles than questions: one from each of ten articles
    assert pick_questions(qs, 0) == qs and pick_questions(qs, len(qs) + 5) == qs


def test_cli_review_ten_questions_on_one_theme_for_a_class(tmp_path, capsys):
    from studykit.cli import main
    from studykit.themes import load_themes

    name, terms = next(iter(load_themes().items()))
    out = tmp_path / "sheet.html"
    assert main(["review", "--count", "10", "--theme", name, "--seed", "4", "--html", str(out)]) == 0
    assert "wrote" in capsys.readouterr().err
    page = out.read_text(encoding="utf-8")
    assert page.count('<li class="sk-q">') == 10
    assert main(["review", "--count", "10", "--theme", name, "--seed", "4", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 10 and all(any(t in r["sentence"] or t in r["answer"] for t in terms) for r in rows)
    assert main(["review", "--count", "5", "--article", "3", "--json"]) == 0
    assert {r["article"] for r in json.loads(capsys.readouterr().out)} == {3}
    assert main(["review", "--count", "0"]) == 2


def test_class_overview_lists_every_learner(tmp_path, capsys):
    from studykit.cli import main
    from studykit.progress import ProgressStore, class_overview

    path = tmp_path / "progress.sqlite3"
    assert class_overview(path).empty
    t0 = 1_700_000_000.0
    with ProgressStore(path, user="小王") as a, ProgressStore(path, user="小李") as b:
        a.record("c1", True, when=t0)
        a.record("c2", False, when=t0)
        a.record("c2", True, when=t0 + 10)
        b.record("c1", False, when=t0)
    table = class_overview(path, when=t0 + 3600)
    rows = {r.learner: r for r in table.itertuples(index=False)}
    assert set(rows) == {"小王", "小李"}
    assert (rows["小王"].answered, rows["小王"].right_answers, rows["小王"].cards) == (3, 2, 2)
    assert rows["小王"].due == 0 and rows["小李"].due == 1  # right answers wait a day, a wrong one is due now
    assert class_overview(path, cards=["c1"]).set_index("learner").loc["小王", "answered"] == 1
    assert main(["review", "--progress", "--store", str(path)]) == 0
    out = capsys.readouterr().out
    assert "小王" in out and "小李" in out and "答对 right" in out
    assert main(["review", "--progress", "--store", str(path), "--json"]) == 0
    assert {r["learner"] for r in json.loads(capsys.readouterr().out)} == {"小王", "小李"}


def test_widget_how_many_set_learner_and_sheet(tmp_path):
    pytest.importorskip("ipywidgets")
    from studykit.widgets.review import ReviewWidget

    qs = build_questions(load_corpus())
    x = ReviewWidget(questions=qs, store=ProgressStore(tmp_path / "p.sqlite3", user="甲"))
    assert len(x.selected()) == len(qs) and x.learner.value == "甲"
    x.how_many.value = 10
    ten = x.selected()
    assert len(ten) == 10 and len(x._queue) == 10 and "10 题" in x.sheet.value and "download" in x.sheet.value
    x.seed.value = 1
    assert x.selected() != ten and len(x.selected()) == 10
    x.check(x.question.answer)
    assert x.store.user == "甲" and len(x.store.answers()) == 1
    x.learner.value = "乙"
    assert x.store.user == "乙" and x.store.answers() == [] and x.answered == 0
    assert ">0</span> / <span class=\"sk-score-answered\">0<" in x.score.value
    x.learner.value = "甲"
    assert len(x.store.answers()) == 1
