"""Word files: headings start articles and give their titles, tables become text rows, footnotes are kept
as notes; damaged and password-protected files are named."""

from __future__ import annotations

import zipfile

import documents as D
import pytest
from test_sources import load

from studykit.readers import word

BLOCKS = [
    ("p", "学习资料 2024年第2期"),
    ("h1", "习近平主持召开中央全面深化改革委员会第四次会议"),
    ("p", "来源：新华社"),
    ("p", "中共中央总书记习近平2月19日下午主持召开中央全面深化改革委员会第四次会议，审议通过了有关文件。[^1]"),
    ("h2", "一、建立健全土地管理制度"),
    ("p", "会议强调，要建立健全同宏观政策、区域发展更加高效衔接的土地管理制度。"),
    ("标题 1", "中共中央政治局召开会议"),
    ("p", "中共中央政治局1月31日召开会议，讨论国务院拟提请十四届全国人大二次会议审议的《政府工作报告》稿。"),
    ("标题 2", "（一）主要指标"),
    ("table", [["指标", "2023年", "增长"], ["地区生产总值", "24627亿元", "7.3%"]]),
    ("bold-centre", "民进省级组织专职副主委工作会议在京召开"),
    ("p", "2月20日，民进省级组织专职副主委工作会议在京召开。[^2]"),
    ("p", "会议总结了2023年工作，部署了2024年工作。"),
]
NOTES = {1: "据新华社北京2月19日电。", 2: "本文有删节。"}


def test_headings_start_articles_and_give_their_titles(tmp_path):
    D.word_file(tmp_path / "汇编.docx", BLOCKS, footnotes=NOTES)
    corpus, warns = load(tmp_path / "汇编.docx")
    assert warns == []
    titles = [a.title for a in corpus if not a.title_inferred]
    assert titles == ["习近平主持召开中央全面深化改革委员会第四次会议", "中共中央政治局召开会议",
                      "民进省级组织专职副主委工作会议在京召开"]
    first, second, third = (a for a in corpus if not a.title_inferred)
    assert first.source == "新华社" and first.date == "2024-02-19"
    assert "一、建立健全土地管理制度" in first.paragraphs  # a Heading 2 under an article is a section of it
    assert second.date == "2024-01-31" and third.date == "2024-02-20"
    assert all(a.pages is None for a in corpus)


def test_tables_become_text_rows_and_footnotes_notes(tmp_path):
    D.word_file(tmp_path / "汇编.docx", BLOCKS, footnotes=NOTES)
    corpus, _ = load(tmp_path / "汇编.docx")
    by_title = {a.title: a for a in corpus}
    meeting = by_title["中共中央政治局召开会议"]
    assert "指标 | 2023年 | 增长" in meeting.paragraphs
    assert "地区生产总值 | 24627亿元 | 7.3%" in meeting.paragraphs
    first = by_title["习近平主持召开中央全面深化改革委员会第四次会议"]
    assert first.text.count("[1]") == 1 and any("[1]" in n and "据新华社北京2月19日电" in n for n in first.notes)
    third = by_title["民进省级组织专职副主委工作会议在京召开"]
    assert any("[2]" in n and "本文有删节" in n for n in third.notes)
    assert "本文有删节" not in third.text


def test_a_group_heading_over_articles_gives_them_up(tmp_path):
    blocks = [("h1", "一、重要会议"), ("h2", "中共中央政治局召开会议"), ("p", "中共中央政治局1月31日召开会议。" * 4),
              ("h2", "民进全国组织部长工作会议召开"), ("p", "2月26日上午，会议以视频形式召开。" * 4)]
    D.word_file(tmp_path / "a.docx", blocks)
    corpus, _ = load(tmp_path / "a.docx")
    assert [a.title for a in corpus] == ["中共中央政治局召开会议", "民进全国组织部长工作会议召开"]


def test_a_word_file_without_headings_is_one_article(tmp_path):
    D.word_file(tmp_path / "讲话.docx", [("p", "在全区招商引资大会上的讲话"), ("p", "同志们：" ),
                                       ("p", "今天召开全区招商引资大会，主要任务是总结工作、部署任务。" * 3)])
    (a,), _ = load(tmp_path / "讲话.docx")
    assert a.title == "在全区招商引资大会上的讲话" and a.paragraphs[0] == "同志们："


def test_bold_centred_subtitle_after_a_heading_is_no_article(tmp_path):
    blocks = [("h1", "发展新质生产力"), ("bold-centre", "——在学习会上的发言"), ("p", "新质生产力是创新起主导作用的先进生产力。" * 3)]
    D.word_file(tmp_path / "a.docx", blocks)
    (a,), _ = load(tmp_path / "a.docx")
    assert a.title == "发展新质生产力"


def test_a_docx_named_directly_is_read_not_called_compressed(tmp_path):
    D.word_file(tmp_path / "a.docx", BLOCKS)
    corpus, warns = load(tmp_path / "a.docx")
    assert len(corpus) >= 3 and not any("compressed" in w for w in warns)
    (tmp_path / "renamed.txt").write_bytes((tmp_path / "a.docx").read_bytes())  # a Word file under .txt
    corpus, warns = load(tmp_path / "renamed.txt")
    assert "中共中央政治局召开会议" in [a.title for a in corpus]


@pytest.mark.parametrize("damage, why", [
    (lambda raw: raw[: len(raw) // 2], "damaged"),
    (lambda raw: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + raw[8:200], "password-protected"),
])
def test_damaged_and_locked_word_files_are_named(tmp_path, damage, why):
    D.word_file(tmp_path / "good.docx", BLOCKS)
    (tmp_path / "bad.docx").write_bytes(damage((tmp_path / "good.docx").read_bytes()))
    corpus, warns = load(tmp_path)
    assert {a.file for a in corpus} == {"good.docx"}
    (w,) = [w for w in warns if "bad.docx" in w]
    assert why in w and "skipped" in w


def test_a_zip_that_is_no_word_file_is_named(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.docx", "w") as z:
        z.writestr("readme.txt", "hello")
    assert "not a Word document" in word.read(tmp_path / "a.docx").skipped
