"""Themes that tell the truth: a bundled theme named after a formulation counts only its written forms."""

from __future__ import annotations

import pytest

from studykit.corpus import Article, Corpus
from studykit.lexicon import load_lexicon, parse_lexicon
from studykit.themes import (
    GROUP_MARK,
    formulation_problems,
    is_group,
    join_terms,
    load_themes,
    parse_theme,
    parse_themes,
    split_items,
    split_terms,
)
from studykit.timeline import theme_timeline


def bundled():
    from studykit import paths

    return parse_themes(paths.data_file("themes.txt")), parse_lexicon(paths.data_file("lexicon.txt"))


def test_every_bundled_theme_named_after_a_formulation_lists_only_its_forms():
    themes, entries = bundled()
    forms = {e.canonical: set(e.forms) for e in entries}
    formulations = [n for n in themes if not is_group(n)]
    assert formulations, "the bundled file has formulation themes"
    for name in formulations:
        assert name in forms, f"{name} is neither a formulation of the lexicon nor named as a group"
        assert name in themes[name] and set(themes[name]) <= forms[name], (name, themes[name])
    assert formulation_problems(themes, load_lexicon(bundled=False, extra=[])) != []  # an empty lexicon knows none
    from studykit import paths

    assert formulation_problems(themes, load_lexicon(extra=[paths.data_file("lexicon.txt")], bundled=False)) == []


def test_broader_groups_are_kept_under_a_name_that_says_so():
    themes, entries = bundled()
    forms = {e.canonical: set(e.forms) for e in entries}
    assert themes["新质生产力"] == ["新质生产力"]
    group = themes["新质生产力及相关产业（组）"]
    assert {"新质生产力", "新兴产业", "未来产业", "新动能"} <= set(group)
    for name, terms in themes.items():
        if is_group(name):
            assert name.endswith(GROUP_MARK) and len(terms) > 1
            assert name.removesuffix(GROUP_MARK) not in forms or set(terms) - forms[name.removesuffix(GROUP_MARK)]
    # the groups that once hid under a formulation's name are still there
    for formulation in ("新质生产力", "高质量发展", "中国式现代化"):
        assert any(is_group(n) and formulation in t and len(t) > 2 for n, t in themes.items()), formulation


def test_the_rule_names_what_breaks_it():
    lex = load_lexicon()
    problems = formulation_problems({"新质生产力": ["新质生产力", "新兴产业"], "作风建设": ["四风"],
                                     "统一战线": ["统一战线", "爱国统一战线"], "组（组）": ["甲", "乙"]}, lex)
    assert len(problems) == 2
    assert "新兴产业" in problems[0] and "新质生产力" in problems[0]
    assert "作风建设" in problems[1] and GROUP_MARK in problems[1]


def test_terms_are_written_as_the_theme_file_reads_them():
    assert join_terms(["新质生产力", "新兴产业"]) == "新质生产力、新兴产业"
    tricky = ["主题教育", "学思想、强党性、重实践、建新功"]
    assert split_items(join_terms(tricky)) == tricky
    assert split_terms("新质生产力, 新兴产业，未来产业、") == ["新质生产力", "新兴产业", "未来产业"]
    assert parse_theme("新质=新质生产力，发展新质生产力") == ("新质", ["新质生产力", "发展新质生产力"])


def art(i: int, text: str, date: str | None) -> Article:
    return Article(id=i, title=f"文章{i}", text=text, date=date, source="新闻联播")


def news_years() -> Corpus:
    """A daily news programme over fourteen years: the related industries all along, the formulation
    itself only from September 2023 on (as in the real transcripts)."""
    arts = []
    for year in range(2012, 2026):
        for month in (3, 9):
            text = "会议指出，要培育战略性新兴产业和未来产业，壮大发展新动能。" * (2 if 2016 <= year <= 2018 else 1)
            if (year, month) >= (2023, 9):
                text += "加快发展新质生产力，因地制宜发展新质生产力。"
            arts.append(art(len(arts) + 1, text, f"{year}-{month:02d}-1{month % 7}"))
    return Corpus(arts)


def test_a_formulation_theme_is_zero_before_the_formulation_is_first_used():
    c = news_years()
    tl = theme_timeline(c, ["新质生产力", "新质生产力及相关产业（组）"], by="year")
    t = tl.table.set_index(["theme", "period"])
    before = [str(y) for y in range(2012, 2023)]
    assert all(t.loc[("新质生产力", y), "count"] == 0 for y in before)
    assert t.loc[("新质生产力", "2023"), "count"] == 2  # 发展新质生产力 counts once, not twice
    assert t.loc[("新质生产力", "2024"), "count"] == 4
    assert all(t.loc[("新质生产力及相关产业（组）", y), "count"] > 0 for y in before)  # the group counts the rest
    firsts = tl.firsts.set_index("theme")
    assert firsts.loc["新质生产力", "first_date"] == "2023-09-12"
    assert firsts.loc["新质生产力及相关产业（组）", "first_date"] == "2012-03-13"
    first = c[int(firsts.loc["新质生产力", "first_article"])]
    assert "新质生产力" in first.text and all("新质生产力" not in a.text for a in c if a.date < first.date)


@pytest.mark.parametrize("name", [n for n in load_themes() if not is_group(n)])
def test_bundled_formulation_themes_count_nothing_but_their_forms(name):
    """On a text full of the related wordings and without the formulation, a formulation theme is zero."""
    themes, entries = bundled()
    others = {t for terms in themes.values() for t in terms} - set(themes[name])
    forms = next(e.forms for e in entries if e.canonical == name)
    text = "。".join(t for t in others if not any(f in t for f in forms))
    tl = theme_timeline(Corpus([art(1, text, "2024-01-05")]), [name], by="month")
    assert tl.table["count"].sum() == 0
