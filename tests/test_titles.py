"""Titles of plain files: salutations are never titles, kicker / title / subtitle, wrapped titles, reports
titled by their opening, titles from file names, and no inferred title starting with punctuation."""

from __future__ import annotations

import warnings

import pytest

from studykit.names import title_from_name
from studykit.repair import repair
from studykit.sources import load_corpus
from studykit.titles import is_author_line, is_salutation, report_title, split_headline


def load(path, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path, **options)


@pytest.mark.parametrize("line", ["各位代表！", "各位代表：", "各位代表:", "同志们：", "同志们，朋友们：", "代表们！",
                                  "尊敬的各位来宾，女士们、先生们：", "亲爱的同学们", "各位代表，各位委员："])
def test_salutations_are_recognised(line):
    assert is_salutation(line)


@pytest.mark.parametrize("line", ["政府工作报告", "我们要坚持稳中求进", "各位代表，现在我代表国务院作报告。", "人民代表大会制度"])
def test_ordinary_lines_are_no_salutations(line):
    assert not is_salutation(line)


OPENINGS = {
    "现在，我代表国务院，向大会作政府工作报告，请予审议。": "政府工作报告",
    "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。": "政府工作报告",
    "我代表省人民政府，向大会报告工作，请予审议。": "省政府工作报告",
    "受全国人大常委会委托，我代表最高人民检察院，向大会报告工作。": "最高人民检察院工作报告",
    "受国务院委托，我代表国务院向大会作关于年度计划执行情况的报告。": "关于年度计划执行情况的报告",
}


@pytest.mark.parametrize(("opening", "title"), OPENINGS.items())
def test_a_report_is_titled_by_what_its_opening_says_it_is(opening, title):
    assert report_title(["各位代表：", opening]) == title


def test_a_party_congress_report_is_titled_by_its_congress():
    opening = ["同志们：", "现在，我代表第七届中央委员会向大会作报告。", "中国共产党第八次全国代表大会今天开幕了。"]
    assert report_title(opening) == "在中国共产党第八次全国代表大会上的报告"
    assert report_title(["——在中国共产党第十次全国代表大会上的报告", "同志们："]) == "在中国共产党第十次全国代表大会上的报告"
    assert report_title(["今天我们在这里隆重集会。"]) is None


LICENCE = "本作品依照某某许可协议发布，可以自由复制和传播，但须注明出处。"


def year_files(root, years=range(2016, 2022)):
    """Work reports one file a year: salutation first (in varying forms), a title wrapped over two lines,
    a stray clause, and a licence line closing every file."""
    root.mkdir()
    openings = ["各位代表！", "各位代表：", "各位代表:", "各位代表，各位委员："]
    for i, year in enumerate(years):
        head = [["政府工作报", "告"], [], ["，接着，回顾过去一年的工作。"], []][i % 4]
        body = [openings[i % 4], "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。",
                f"一、{year}年工作回顾", f"过去一年，经济运行总体平稳，第{i + 1}方面的工作取得新进展。", LICENCE]
        (root / f"{year}.txt").write_text("\n".join(head + body), encoding="utf-8")
    return root


def test_year_files_are_titled_as_reports_and_keep_their_salutations(tmp_path):
    corpus = load(year_files(tmp_path / "reports"))
    assert [a.date for a in corpus] == [str(y) for y in range(2016, 2022)]
    assert {a.title for a in corpus} == {"政府工作报告"}
    for a in corpus:
        assert a.text.split("\n")[0].startswith(("各位代表", "，接着")) or a.title_inferred is False
        assert any(line.startswith("各位代表") for line in a.text.split("\n"))  # the salutation stays in the text
        assert not a.title.startswith(("，", "各位"))
    assert corpus[1].title_inferred is False and "政府工作报" not in corpus[1].text  # joined, not in the body
    assert corpus[2].title_inferred is True  # from the opening


def test_an_inferred_title_never_starts_with_punctuation():
    a, = repair("，接着，大家一起回顾了这一年的变化。\n会议认为，变化很大。", "x.txt").articles
    assert a.title_inferred and a.title[0] not in "，、；：。" and a.title.startswith("接着")
    a, = repair("各位来宾！\n今天，我们在这里举行隆重的开幕仪式。", "y.txt").articles
    assert a.title == "我们在这里举行隆重的开幕仪式" and a.text.startswith("各位来宾！")


def test_a_file_name_that_is_a_name_titles_a_file_without_a_title_line(tmp_path):
    (tmp_path / "在全省科技创新大会上的讲话.txt").write_text("同志们：\n今天召开全省科技创新大会，主要任务是部署工作。",
                                                   encoding="utf-8")
    (tmp_path / "2024-03-01.txt").write_text("同志们：\n今天召开全省农业工作会议，研究今年的任务。", encoding="utf-8")
    by_file = {a.file: a for a in load(tmp_path)}
    assert by_file["在全省科技创新大会上的讲话.txt"].title == "在全省科技创新大会上的讲话"
    assert by_file["2024-03-01.txt"].title.startswith("召开全省农业工作会议")  # a date is no name: the first sentence
    assert title_from_name("政府工作报告_2019.txt") == "政府工作报告" and title_from_name("0001_a3f9.txt") is None


def test_kicker_title_and_subtitle_by_shape():
    body = "清晨的港口已经忙碌起来，一艘艘货轮等待装卸，码头工人们各就各位。"
    a, = repair("\n".join(["喜迎新春——", "港口码头一派繁忙景象", "——来自东部沿海的报道", "本报记者 陈某", body]), "p.txt").articles
    assert (a.kicker, a.title, a.subtitle, a.byline, a.text) == ("喜迎新春——", "港口码头一派繁忙景象", "——来自东部沿海的报道",
                                                                 "本报记者 陈某", body)
    a, = repair("\n".join(["关于进一步做好今年春季农业生产和", "防灾减灾工作的通知", body]), "n.txt").articles
    assert a.title == "关于进一步做好今年春季农业生产和防灾减灾工作的通知" and a.text == body
    a, = repair("\n".join(["港口码头一派繁忙景象", "小标题不是副标题", body]), "q.txt").articles
    assert (a.title, a.subtitle) == ("港口码头一派繁忙景象", None) and a.text.startswith("小标题不是副标题\n")


def test_newspaper_pages_keep_their_three_headline_slots(tmp_path):
    """Line 1 kicker (often empty), line 2 title, line 3 subtitle (often empty), then the body; CRLF."""
    pages = [("", "全市地铁新线开通运营", "", "市民出行更加便捷，沿线居民纷纷点赞。"),
             ("聚焦民生实事", "老旧小区改造惠及万户居民", "", "今年以来，老旧小区改造工程稳步推进。"),
             ("", "农业科技助力增产增收", "多个新品种在示范田试种成功", "示范田里，新品种长势喜人。"),
             ("深化改革开放", "自贸试验区再添新政策", "涉及贸易投资便利化等领域", "新政策将于下月起施行。")]
    for k, (kicker, title, sub, body) in enumerate(pages, 1):
        (tmp_path / f"20200101-02-{k:02d}.txt").write_bytes("\r\n".join([kicker, title, sub, body]).encode("utf-8"))
    corpus = load(tmp_path)
    got = [(a.kicker, a.title, a.subtitle, a.text) for a in corpus]
    assert got == [(k or None, t, s or None, b) for k, t, s, b in pages]
    assert all(a.date == "2020-01-01" for a in corpus)


def test_headline_helpers():
    h = split_headline(["政府工作报", "告"])
    assert (h.title, h.used) == (["政府工作报", "告"], 2)
    h = split_headline(["标题", "副标题"], numbers=[2, 3], slots=True)
    assert (h.kicker, h.title, h.subtitle) == ([], ["标题"], ["副标题"])
    assert is_author_line("新华社记者 李某 王某") and is_author_line("本报评论员") and not is_author_line("记者走进田间地头")


def test_the_reader_and_the_study_sheet_show_the_kicker_above_the_title():
    from studykit.corpus import Corpus
    from studykit.render import header_html
    from studykit.sheets import export_article

    a, = repair("\n".join(["喜迎<新春>——", "港口码头一派繁忙景象", "清晨的港口已经忙碌起来，一艘艘货轮等待装卸。"]), "k.txt").articles
    html = header_html(a)
    assert html.index("喜迎&lt;新春&gt;——") < html.index("港口码头一派繁忙景象") and "<新春>" not in html
    sheet = export_article(Corpus([a]), 1)
    assert sheet.index("喜迎&lt;新春&gt;——") < sheet.index("<h1>港口码头一派繁忙景象")
