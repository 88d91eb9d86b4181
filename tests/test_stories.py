"""Files of many stories: day files of news transcripts split into one article per story (by shape, or
by a regular expression), ordinary files left whole, and the ``--split`` option on the command line."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import warnings
from collections import Counter
from pathlib import Path

import pytest
from conservation import input_han, output_han
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studykit.errors import LoadError
from studykit.sources import load_corpus
from studykit.stories import split_stories


def load(path, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path, **options)


HEADLINES = [
    "国家主席会见来访的外国领导人",
    "国务院常务会议研究部署稳就业工作",
    "【奋进新征程】沿海各省加快建设现代化港口群 航运物流效率大幅提升 对外开放水平持续提高",  # a long one
    "全国冬小麦田间管理有序开展",
    "我国自主研制的大型客机完成新一轮试飞",
    "北方多地迎来强降温 有关部门做好防寒保暖",
    "中欧班列开行数量再创新高",
]


def day_file(day: int, *, dateline: bool = True, stories: int = 7) -> str:
    """A day of news transcripts: a title line, then two or three indented paragraphs, story after story."""
    lines = []
    for k, title in enumerate(HEADLINES[:stories]):
        lead = "本台消息：" if dateline else ""
        lines.append(f"{title}（{day}）")
        lines.append(f"　　{lead}{day}日上午，第{k + 1}条消息的主要内容在这里展开，相关部门负责人介绍了最新情况。")
        lines.append(f"　　16时40分许，有关方面表示，将继续做好第{k + 1}项工作，推动各项措施落地见效。")
        if k % 3 == 0:
            lines.append(f"　　据了解，这项工作已经持续了{k + 2}个月。")
    return "\n".join(lines) + "\n"


def test_a_day_file_becomes_one_article_per_story_with_its_title_date_and_lines(tmp_path):
    (tmp_path / "2013-05-05.txt").write_text(day_file(5), encoding="utf-8")
    corpus = load(tmp_path)
    assert [a.title for a in corpus] == [f"{t}（5）" for t in HEADLINES]
    assert all(a.date == "2013-05-05" and a.file == "2013-05-05.txt" for a in corpus)
    assert corpus[1].lines == (1, 4) and corpus[2].lines == (5, 7)
    assert corpus[3].title.startswith("【奋进新征程】") and not corpus[3].title_inferred  # a long headline is a title
    assert all("16时40分许" in a.text and not a.text.startswith("　") for a in corpus)
    assert corpus[1].text.startswith("5日上午，第1条消息")  # the dateline 本台消息： is boilerplate
    assert corpus[1].boilerplate == ["本台消息："]


def test_three_stories_are_enough_when_they_open_with_datelines(tmp_path):
    (tmp_path / "2024-01-31_003.txt").write_text(day_file(31, stories=3), encoding="utf-8")
    (tmp_path / "2024-02-01.txt").write_text(day_file(1, stories=3, dateline=False), encoding="utf-8")
    corpus = load(tmp_path)
    by_file = {f: [a for a in corpus if a.file == f] for f in ("2024-01-31_003.txt", "2024-02-01.txt")}
    assert len(by_file["2024-01-31_003.txt"]) == 3 and by_file["2024-01-31_003.txt"][0].date == "2024-01-31"
    assert len(by_file["2024-02-01.txt"]) == 1  # three undated stories: not enough to say it is a transcript
    assert len(load(tmp_path / "2024-02-01.txt", split="stories")) == 3


def test_a_file_header_before_the_first_story_is_boilerplate_not_an_article(tmp_path):
    (tmp_path / "20130506.txt").write_text("2013年5月6日 新闻联播文字版\n" + day_file(6), encoding="utf-8")
    corpus = load(tmp_path)
    assert len(corpus) == len(HEADLINES) and corpus[1].title == f"{HEADLINES[0]}（6）"
    assert corpus[1].boilerplate[0] == "2013年5月6日 新闻联播文字版"
    kept = load(tmp_path, keep_boilerplate=True)
    assert len(kept) == len(HEADLINES) + 1 and kept[1].text == "2013年5月6日 新闻联播文字版"


def test_an_overview_before_the_first_story_is_an_article_of_its_own(tmp_path):
    overview = "今天节目的主要内容有：国家主席会见外国领导人；国务院常务会议召开。"
    (tmp_path / "20130507.txt").write_text(f"内容提要\n{overview}\n" + day_file(7), encoding="utf-8")
    corpus = load(tmp_path)
    assert corpus[1].title == "内容提要" and corpus[1].text == overview and corpus[1].lines == (1, 2)
    assert corpus[2].lines[0] == 3 and len(corpus) == len(HEADLINES) + 1


REPORT_SECTIONS = ["坚持稳中求进", "扩大有效需求", "推进科技自立自强", "深化重点领域改革", "保障和改善民生"]


def test_ordinary_files_stay_whole(tmp_path):
    body = "我们坚持以人民为中心的发展思想，各项事业取得新的进展，人民生活水平不断提高。"
    article = ["新时代的新气象"] + [x for s in REPORT_SECTIONS for x in (s, body, body)]  # five subheadings
    (tmp_path / "article.txt").write_text("\n".join(article), encoding="utf-8")
    speech = ["在全市工作会议上的讲话", "同志们："] + [x for s in REPORT_SECTIONS * 2 for x in (s, body)]
    (tmp_path / "speech.txt").write_text("\n".join(speech), encoding="utf-8")  # ten headings, but a speech
    report = ["政府工作报告"] + [x for n, s in zip("一二三四五六七八", REPORT_SECTIONS * 2, strict=False) for x in (f"{n}、{s}", body)]
    (tmp_path / "report.txt").write_text("\n".join(report), encoding="utf-8")  # numbered sections
    corpus = load(tmp_path)
    assert sorted(a.file for a in corpus) == ["article.txt", "report.txt", "speech.txt"]
    assert len(load(tmp_path, split="none")) == 3


def test_a_regular_expression_names_the_line_that_starts_a_story(tmp_path):
    text = "编者按\n本期选登三篇来稿。\n◆ 春天的田野\n田野里一片忙碌。\n◆ 城市的夜晚\n夜晚灯火通明。\n人们在散步。\n◆ 山村的学校\n学校里书声琅琅。\n"
    (tmp_path / "digest.txt").write_text(text, encoding="utf-8")
    assert len(load(tmp_path)) == 1
    corpus = load(tmp_path, split="^◆")
    assert [(a.title, a.lines) for a in corpus] == [("编者按", (1, 2)), ("◆ 春天的田野", (3, 4)), ("◆ 城市的夜晚", (5, 7)),
                                                   ("◆ 山村的学校", (8, 9))]
    assert corpus[3].text == "夜晚灯火通明。\n人们在散步。"
    sep = "第一则\n内容甲。\n-----\n第二则\n内容乙。\n-----\n第三则\n内容丙。"
    stories = split_stories(sep, r"^-+$")
    assert [(s.first, s.last, s.head) for s in stories] == [(1, 2, 0), (4, 5, 0), (7, 8, 0)]
    with pytest.raises(LoadError, match="regular expression"):
        load(tmp_path, split="([")


def test_compilations_are_never_split_into_stories():
    text = "[bookmark: _bookmark0]第一篇\n" + day_file(3)
    assert split_stories(text, "auto") is None and split_stories(text, "stories") is None


def test_split_on_the_command_line(tmp_path):
    (tmp_path / "2013-05-08.txt").write_text(day_file(8), encoding="utf-8")
    run = [sys.executable, "-m", "studykit", "articles", str(tmp_path), "--json"]
    auto = json.loads(subprocess.run(run, capture_output=True, text=True, check=True).stdout)
    whole = json.loads(subprocess.run([*run, "--split", "none"], capture_output=True, text=True, check=True).stdout)
    assert len(auto) == len(HEADLINES) and len(whole) == 1
    assert [r["id"] for r in auto] == list(range(1, len(auto) + 1))
    assert {"kicker", "boilerplate", "duplicate_of"} <= set(auto[0])
    bad = subprocess.run([*run, "--split", "(["], capture_output=True, text=True)
    assert bad.returncode == 2 and "regular expression" in bad.stderr and "Traceback" not in bad.stderr
    terms = subprocess.run([sys.executable, "-m", "studykit", "terms", str(tmp_path), "--split", "none", "--top", "5"],
                           capture_output=True, text=True)
    assert terms.returncode == 0, terms.stderr


_ALPHA = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成可主发年动同工也能下过子说产种面而方后多定行学法"


@st.composite
def day_folders(draw):
    """A few day files of stories (titles, datelines, bodies, credits) sharing a footer."""
    han = st.text(alphabet=_ALPHA, min_size=3, max_size=24)
    footer = draw(han) + "。"
    files = {}
    for day in range(draw(st.integers(1, 6))):
        lines = []
        for _ in range(draw(st.integers(1, 9))):
            lines.append(draw(han))
            lead = draw(st.sampled_from(["", "本台消息：", "新华社北京3月5日电 "]))
            lines += [lead + draw(han) + "。" for _ in range(draw(st.integers(1, 3)))]
            if draw(st.booleans()):
                lines.append(f"（视频编辑：{draw(han)}）")
        lines.append(footer)
        files[f"2024-03-{day + 1:02d}_{day}.txt"] = "\n".join(lines) + "\n"
    return files


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day_folders(), st.sampled_from(["auto", "stories", "none"]))
def test_splitting_and_boilerplate_lose_no_character(files, split):
    with tempfile.TemporaryDirectory() as d:
        for name, text in files.items():
            (Path(d) / name).write_text(text, encoding="utf-8")
        corpus = load(d, split=split, keep_duplicates=True)
    assert output_han(corpus) == sum((input_han(t) for t in files.values()), Counter())
    assert corpus.ids == list(range(1, len(corpus) + 1))


def test_duplicates_are_found_across_folding_batches():
    from studykit.corpus import Article, _folded_texts, drop_duplicates
    from studykit.text import fold

    texts = ["會議強調，要推進高質量發展。", "第二篇，内容不同。", "会议强调，要推进高质量发展。", "", "ａｂｃ １２３"]
    arts = [Article(id=i, title=f"t{i}", text=t) for i, t in enumerate(texts, 1)]
    expected = [fold(t).text for t in texts]
    for batch in (1, 10, 1_000_000):  # one text per batch, a few, all at once
        assert list(_folded_texts(arts, batch=batch)) == expected
    kept, notes = drop_duplicates([Article(id=i, title=f"t{i}", text=t) for i, t in enumerate(texts, 1)])
    assert [a.text for a in kept] == [texts[0], texts[1], texts[3], texts[4]] and len(notes) == 1
