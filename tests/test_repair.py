"""The repair of PDF-extracted compilations: each artifact on a small input written for it, the
conservation of every Han character (also on generated compilations), and the bundled corpus."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conservation import input_han, output_han
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studykit import paths
from studykit.repair import (
    compact,
    context_year,
    date_from_filename,
    first_full_date,
    fix_glyphs,
    infer_title,
    paragraphs,
    repair,
    tidy,
)


def wrap(text: str, width: int = 28) -> list[str]:
    """Cut a paragraph into lines of ``width`` characters, as the PDF extraction did."""
    return [text[i:i + width] for i in range(0, len(text), width)]


def everything(a) -> str:
    return "\n".join(str(v) for v in a.to_dict().values())


# ---------------------------------------------------------------- small helpers


def test_tidy_removes_extraction_spacing_but_keeps_word_spaces():
    assert tidy("习近平 2 月 7 日下午在京") == "习近平2月7日下午在京"
    assert tidy("超过 126 万亿元") == "超过126万亿元"
    assert tidy("坚定不移落实 “爱国者治港”、“爱国者治澳”原则") == "坚定不移落实“爱国者治港”、“爱国者治澳”原则"
    assert tidy("— — 主要经济指标增速") == "——主要经济指标增速"
    assert tidy("团结—批评—团结") == "团结—批评—团结"
    assert tidy("发展新质生产力 增强高质量发展新动能") == "发展新质生产力 增强高质量发展新动能"
    assert tidy("PM2.5 浓度") == "PM2.5浓度"


def test_file_name_dates_are_as_precise_as_the_name():
    assert date_from_filename("1978.txt") == "1978"
    assert date_from_filename("2024-03.txt") == "2024-03"
    assert date_from_filename("2024-03-05.txt") == "2024-03-05"
    assert date_from_filename("20240305.txt") == "2024-03-05"
    assert date_from_filename("2024-03-05_xwlb.txt") == "2024-03-05"
    assert date_from_filename("sub/2024年3月5日讲话.md") == "2024-03-05"
    assert date_from_filename("000_7030959f514ea016.txt") is None
    assert date_from_filename("2024-13-05.txt") is None
    assert date_from_filename("notes.txt") is None


def test_full_dates_and_context_year():
    assert first_full_date("会议于 2024 年 1 月 30 日召开，2023 年 5 月 1 日") == "2024-01-30"
    assert first_full_date("发布于2023-12-01。") == "2023-12-01"
    assert first_full_date("2024 年 1 月召开") is None
    assert context_year("2024 年……2024 年……2023 年") == 2024


def test_paragraphs_rejoin_wraps_page_breaks_and_keep_headings():
    w = (28.0, 28.0)
    first = "在中华民族传统节日甲辰龙年春节即将到来之际，中共中央总书"
    assert len(first) == 28
    lines = [
        (first, True), ("记习近平在人民大会堂同大家欢聚一堂。", False),
        ("一、过去一年工作回顾", False),
        ("2023 年，是内蒙古发展史上具有里程碑意义的一年。", False),
        ("三、坚持以学正风，推动全党以自我革命精神解决党风方面的突", False), ("出问题", False),
        ("深入学习贯彻习近平总书记关于党的自我革命的重要思想。", False),
        ("我们要坚持依法依规依章。法治需要监督，防范发生违纪风险。", False),  # full first line ending in 。
        ("监督需要法治，确保在法律制度框架中进行。", False),
        ("— — 主要经济指标增速位居全国第一方阵。", False),
    ]
    paras = paragraphs(lines, w)
    assert paras == [
        "在中华民族传统节日甲辰龙年春节即将到来之际，中共中央总书记习近平在人民大会堂同大家欢聚一堂。",
        "一、过去一年工作回顾",
        "2023年，是内蒙古发展史上具有里程碑意义的一年。",
        "三、坚持以学正风，推动全党以自我革命精神解决党风方面的突出问题",
        "深入学习贯彻习近平总书记关于党的自我革命的重要思想。",
        "我们要坚持依法依规依章。法治需要监督，防范发生违纪风险。监督需要法治，确保在法律制度框架中进行。",
        "——主要经济指标增速位居全国第一方阵。",
    ]


def test_unwrapped_text_keeps_one_paragraph_a_line():
    assert paragraphs([("第一段没有句号", True), ("第二段。", False)], None) == ["第一段没有句号", "第二段。"]


def test_wrong_glyph_is_repaired_from_elsewhere_or_flagged():
    texts = {"a.txt": "自治区主席 \U0001F582莉霞作报告。", "b.txt": "王莉霞主持会议。王莉霞讲话。"}
    fixed, fixes, warns = fix_glyphs(texts)
    assert fixed["a.txt"] == "自治区主席 王莉霞作报告。"
    assert fixes == [("a.txt", 1, "\U0001F582", "王")] and warns == []
    fixed, fixes, warns = fix_glyphs({"c.txt": "主席\n\U0001F582某人讲话。"})
    assert fixes == [] and "\U0001F582" in fixed["c.txt"] and "unknown glyph" in warns[0]


def test_inferred_titles_say_who_did_what():
    lead = ["中共中央政治局1月31日下午就扎实推进高质量发展进行第十一次集体学习。中共中央总书记习近平主持。"]
    assert infer_title(lead) == "中共中央政治局就扎实推进高质量发展进行第十一次集体学习"
    lead = ["中共中央总书记、国家主席习近平2月19日下午主持召开中央全面深化改革委员会第四次会议，审议通过了文件。"]
    assert infer_title(lead) == "习近平主持召开中央全面深化改革委员会第四次会议"
    byline = "——2024年1月30日在内蒙古自治区第十四届人民代表大会第二次会议上自治区主席 王莉霞"
    assert infer_title(["各位代表：", "现在，我代表自治区人民政府，向大会报告工作。"], byline) == "内蒙古自治区政府工作报告"
    assert infer_title(["同志们：", "今天我们召开会议。"], "——2024年1月5日在全市工作会议上 张三") == "张三在全市工作会议上的讲话"


# ---------------------------------------------------------------- compilations, artifact by artifact

BODY_A = ("中共中央政治局1 月31 日下午就扎实推进高质量发展进行第十一次集体学习。习近平强调，必须牢记高质量发展是新时代的硬道理，"
          "全面贯彻新发展理念，为推动高质量发展打牢基础。")
BODY_B = "统一战线是党的总路线总政策的重要组成部分。在我国革命、建设、改革不同历史时期发挥了重要作用。"
BODY_C = "民进组织和会员保持健康发展，需要不断加强内部监督。让我们共同努力，在主题年建设中主动进取，奋发有为，总结经验，扩大成果，提高能力。"


def compilation(*parts: str) -> str:
    return "\n".join(parts) + "\n"


def test_titles_from_bookmarks_split_titles_subtitles_and_sources():
    text = compilation(
        "[bookmark: 《求是》杂志发表重要文章][bookmark: _bookmark0]《求是》杂志发表重要文章",
        "完整、准确、全面贯彻落实",
        "关于做好统一战线工作的重要思想",
        "来源：新华社 1 月 16 日出版的第 2 期《求是》杂志将发表中共中央总书记、国",
        "家主席习近平的重要文章。",
        "",
        "[bookmark: 坚持以党的创新理论指导推动][bookmark: 新时代统战工作高质量发展][bookmark: _bookmark1]坚持以党的创新理论指导推动新时代统战工作高质量发展",
        "来源：《求是》2024/02" + BODY_B,
        "",
        "※这是中共中央统战部在《求是》的发文。",
    )
    r = repair(text, "c.txt")
    assert r.compilation and len(r.articles) == 2
    a, b = r.articles
    assert (a.title, a.title_inferred) == ("《求是》杂志发表重要文章", False)
    assert a.subtitle == "完整、准确、全面贯彻落实关于做好统一战线工作的重要思想"
    assert a.source == "新华社" and a.text.startswith("1月16日出版的第2期《求是》杂志将发表中共中央总书记、国家主席")
    assert a.date == "2024-01-16"
    assert b.title == "坚持以党的创新理论指导推动新时代统战工作高质量发展"
    assert b.source == "《求是》2024/02" and b.text == BODY_B
    assert b.notes == ["※这是中共中央统战部在《求是》的发文。"] and b.date is None
    assert (a.id, b.id) == (1, 2) and a.lines == (1, 5) and b.lines[0] == 7


def test_sources_glued_without_space_are_separated():
    text = compilation("[bookmark: _bookmark0]深入开展党史学习教育工作的基本遵循",
                       "来源：人民日报近日，中共中央印发《党史学习教育工作条例》。",
                       "[bookmark: _bookmark1]参政党内部监督",
                       "来源：中国民主促进会官网根据民进十三大部署，审议通过了方案。",
                       "[bookmark: _bookmark2]意见",
                       "来源：人民网－人民日报为巩固拓展主题教育成果，现提出如下意见。")
    arts = repair(text, "s.txt").articles
    assert [(a.source, a.text[:4]) for a in arts] == [("人民日报", "近日，中"), ("中国民主促进会官网", "根据民进"),
                                                       ("人民网－人民日报", "为巩固拓")]


def test_glued_bookmark_moves_out_and_does_not_start_an_article():
    first, mid, rest = BODY_C[:28], BODY_C[28:56], BODY_C[56:]
    text = compilation(
        "[bookmark: _bookmark0]蔡达峰：深刻把握参政党 2024 年内部监督时代要求",
        "来源：中国民主促进会官网" + first,
        mid,
        "",
        "[bookmark: 民进省级组织专职副主委工作会议在京召开]" + rest,
        "",
        "[bookmark: _bookmark1]民进省级组织专职副主委工作会议在京召开",
        "来源：中国民主促进会官网 2 月 20 日，民进省级组织专职副主委工作会议在京召开。",
    )
    arts = repair(text, "g.txt").articles
    assert len(arts) == 2
    assert arts[0].text == BODY_C  # the word split by the marker is whole again
    assert arts[0].lines == (1, 5)
    assert arts[1].title == "民进省级组织专职副主委工作会议在京召开" and arts[1].date == "2024-02-20"
    assert not any("bookmark" in everything(a) for a in arts)


def test_key_points_join_across_wraps_and_page_breaks_and_link_to_the_body():
    kp1 = "必须牢记高质量发展是新时代的硬道理，全面贯彻新发展理念，为推动高质量发展打牢基础"
    kp2 = "新质生产力是创新起主导作用的先进生产力质态，特点是创新，关键在质优，本质是先进生产力"
    body2 = "习近平强调，" + kp2 + "。"
    lines = [" · " + kp1[:26], *wrap(kp1[26:]), "· " + kp2[:26], "", *wrap(kp2[26:])]
    text = compilation("[bookmark: _bookmark0]2024 年第一篇", BODY_C, "", *lines, *wrap(BODY_A), *wrap(body2))
    r = repair(text, "k.txt")
    assert len(r.articles) == 2
    second = r.articles[1]
    assert second.key_points == [kp1, kp2]
    assert second.title_inferred and second.title == "中共中央政治局就扎实推进高质量发展进行第十一次集体学习"
    assert second.date == "2024-01-31"
    for kp, (s, e) in zip(second.key_points, second.key_point_spans, strict=True):
        assert second.text[s:e].rstrip("。") == kp
    assert second.text.startswith("中共中央政治局1月31日下午")


def test_bullet_block_ends_where_its_text_stops_repeating():
    kp = "要按照发展新质生产力要求，畅通教育、科技、人才的良性循环"
    lead = "中共中央政治局1 月31 日下午进行集体学习。"
    text = compilation(" · " + kp + "，完善人才培养工作机", "制", lead, "习近平强调，" + kp + "，完善人才培养工作机制。")
    a = repair(text, "b.txt").articles[0]
    assert a.key_points == [kp + "，完善人才培养工作机制"]
    assert a.text.startswith("中共中央政治局1月31日")


def test_missing_titles_at_bylines_source_headings_and_new_reports():
    text = compilation(
        "[bookmark: _bookmark0]自治区十四届人大二次会议胜利闭幕",
        "来源：内蒙古日报 2 月 2 日下午，内蒙古自治区第十四届人民代表大会第二次会议",
        "圆满完成各项议程，在呼和浩特胜利闭幕。",
        "大会在雄壮的国歌声中结束。",
        " 会议圆满完成各项议程，在呼和浩特闭幕。自治区政协主席张延昆出席闭幕会并讲话。",
        "会议期间，与会人员还参观了内蒙古自治区政协文史馆。",
        " ——2024 年 1 月 30 日在内蒙古自治区第十四届人民代表大会第二次会议上自治区主席 王莉霞",
        "各位代表：",
        "现在，我代表自治区人民政府，向大会报告工作，请予审议。",
        " 学习贯彻习近平新时代中国特色社会主义思想主题教育成果的意见",
        "来源：人民网－人民日报为巩固拓展主题教育成果，现提出如下意见。",
        "[bookmark: _bookmark4]2024 年全区招商引资暨诚信建设会议在呼和浩特召开",
        "来源：内蒙古日报 2 月 21 日，全区招商引资暨诚信建设会议在呼和浩特召开。",
    )
    r = repair(text, "m.txt")
    titles = [(a.title, a.title_inferred, a.date) for a in r.articles]
    assert titles == [
        ("自治区十四届人大二次会议胜利闭幕", False, "2024-02-02"),
        ("自治区政协会议在呼和浩特闭幕", True, None),
        ("内蒙古自治区政府工作报告", True, "2024-01-30"),
        ("学习贯彻习近平新时代中国特色社会主义思想主题教育成果的意见", False, None),
        ("2024年全区招商引资暨诚信建设会议在呼和浩特召开", False, "2024-02-21"),
    ]
    assert [a.kind for a in r.articles] == ["meeting", "meeting", "report", "article", "meeting"]
    report = r.articles[2]
    assert report.byline == "——2024年1月30日在内蒙古自治区第十四届人民代表大会第二次会议上自治区主席 王莉霞"
    assert report.text.startswith("各位代表：\n现在")
    assert r.articles[3].source == "人民网－人民日报"
    assert r.warnings == []  # three titles missing between _bookmark0 and _bookmark4, three found


def test_bookmark_gaps_are_checked():
    text = compilation("[bookmark: _bookmark0]甲", BODY_B, "[bookmark: _bookmark3]乙", BODY_C)
    r = repair(text, "gap.txt")
    assert len(r.articles) == 2
    assert any("2 title(s) missing" in w for w in r.warnings)


def test_plain_file_is_one_article_even_with_many_numbered_headings():
    parts = ["政府工作报告", "各位代表："]
    for i, n in enumerate("一二三四五六七八九十"):
        parts += [f"{n}、第{i + 1}部分工作", BODY_B, BODY_C]
    text = "\n".join(parts) + "\n"
    r = repair(text, "2024-03-05_report.txt", file_date="2024-03-05")
    assert not r.compilation and len(r.articles) == 1
    a = r.articles[0]
    assert (a.title, a.title_inferred, a.date, a.kind) == ("政府工作报告", False, "2024-03-05", "document")
    assert a.paragraphs[:3] == ["各位代表：", "一、第1部分工作", BODY_B]
    assert a.lines == (1, len(parts))


def test_plain_file_without_title_line_gets_first_full_date_and_inferred_title():
    text = "2024 年 3 月 5 日，第十四届全国人民代表大会第二次会议在北京开幕。会议听取了报告。\n代表们认真审议。\n"
    a = repair(text, "x.txt").articles[0]
    assert a.date == "2024-03-05" and a.title_inferred and a.title.startswith("第十四届全国人民代表大会第二次会议在北京开幕")
    assert a.text == "2024年3月5日，第十四届全国人民代表大会第二次会议在北京开幕。会议听取了报告。\n代表们认真审议。"


def test_plain_file_bullets_that_do_not_repeat_do_not_split_it():
    text = "学习要点\n· 第一点要坚持学习\n· 第二点要联系实际\n正文第一段。\n· 正文中的列表项\n正文第二段。\n"
    r = repair(text, "p.txt")
    assert not r.compilation and len(r.articles) == 1


# ---------------------------------------------------------------- conservation on generated compilations

_ALPHA = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成可主发年动同工也能下过子说产种面而方后多定行学法"


@st.composite
def compilations(draw):
    han = st.text(alphabet=_ALPHA, min_size=4, max_size=30)
    lines: list[str] = []
    n_articles = draw(st.integers(1, 5))
    num = 0
    for _ in range(n_articles):
        sentences = [draw(han) + draw(st.sampled_from("。，；！")) for _ in range(draw(st.integers(1, 8)))]
        body = "".join(sentences)
        if draw(st.booleans()) and lines:  # a glued bookmark on the previous article's last line
            last = lines.pop() if lines[-1] else ""
            lines.append(f"[bookmark: {draw(han)}]{last}" if last else "")
        style = draw(st.sampled_from(["bookmark", "lost-bullets", "lost-byline", "plain-bookmark"]))
        if style in ("bookmark", "plain-bookmark"):
            title = draw(han)
            marker = f"[bookmark: {title}]" if style == "bookmark" else ""
            lines.append(f"{marker}[bookmark: _bookmark{num}]{title}")
            if draw(st.booleans()):
                lines.append(draw(han))  # a subtitle
                lines.append("来源：新华社" + body[:20])
                body = body[20:]
        elif style == "lost-bullets":
            for s in sentences[: draw(st.integers(1, 3))]:
                kp = s.rstrip("。，；！")
                lines.extend([("· " if lines else " · ") + kp[:25], *wrap(kp[25:])])
        else:
            lines.append(f" ——2024 年 {draw(st.integers(1, 12))} 月 {draw(st.integers(1, 28))} 日在{draw(han)}上 {draw(han)}")
        num += 1
        for ln in wrap(body, draw(st.sampled_from([20, 28]))):
            lines.append(ln)
            if draw(st.integers(0, 5)) == 0:
                lines.append("")  # a page break
        if draw(st.integers(0, 4)) == 0:
            lines.append("※" + draw(han) + "。")
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(compilations())
def test_every_han_character_lands_in_exactly_one_field(text):
    r = repair(text, "gen.txt")
    assert output_han(r.articles) == input_han(text)
    for a in r.articles:
        assert "bookmark" not in everything(a) and "[" not in a.title
        assert a.title.strip()
        assert a.lines[0] <= a.lines[1]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=_ALPHA + "。，；：“”·※ \n0123456789—[]bokmar_:", max_size=400))
def test_conservation_holds_on_any_text(text):
    r = repair(text, "any.txt")
    assert output_han(r.articles) == input_han(text)


# ---------------------------------------------------------------- the bundled corpus end to end


@pytest.fixture(scope="module")
def bundled():
    text = paths.bundled_corpus().read_text(encoding="utf-8")
    fixed, fixes, warns = fix_glyphs({"b.txt": text})
    return text, repair(fixed["b.txt"], "b.txt"), fixes


def test_bundled_corpus_splits_into_about_twenty_articles(bundled):
    _, r, _ = bundled
    assert r.compilation and 17 <= len(r.articles) <= 23
    assert r.warnings == []
    assert [a.id for a in r.articles] == list(range(1, len(r.articles) + 1))
    starts = [a.lines[0] for a in r.articles]
    assert starts == sorted(starts)
    titled = [a for a in r.articles if not a.title_inferred]
    assert len(titled) >= 11


def test_bundled_corpus_conserves_every_han_character(bundled):
    text, r, fixes = bundled
    assert fixes == [("b.txt", 383, "\U0001F582", "王")]
    assert output_han(r.articles) == input_han(text) + Counter("王")


def test_bundled_corpus_fields_are_clean(bundled):
    _, r, _ = bundled
    for a in r.articles:
        blob = everything(a)
        assert "bookmark" not in blob and "\U0001F582" not in blob and "— —" not in blob
        assert not re.search(r"\d[ \t]+[\u4e00-\u9fff]|[\u4e00-\u9fff][ \t]+\d", blob), a.title
        # the reported events are of January and February 2024; a speech published then is dated by its note
        assert a.date is None or "2024-01-01" <= a.date <= "2024-02-29" or a.date in " ".join(
            f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" for n in a.notes for m in re.finditer(r"(\d{4})年(\d+)月(\d+)日", n))
        assert all(s is not None for s in a.key_point_spans), a.title
        for kp, (s, e) in zip(a.key_points, a.key_point_spans, strict=True):
            assert compact(kp).rstrip("。")[:10] in compact(a.text[s:e])
        assert a.text and not a.text.startswith("来源")
        assert 1 <= a.lines[0] <= a.lines[1] <= 583


def test_bundled_corpus_known_articles(bundled):
    _, r, _ = bundled
    by_title = {a.title: a for a in r.articles}
    a = by_title["深入开展党史学习教育工作的基本遵循"]
    assert a.source == "人民日报" and a.text.startswith("近日，中共中央印发《党史学习教育工作条例》")
    a = by_title["坚持以党的创新理论指导推动新时代统战工作高质量发展"]
    assert a.source == "《求是》2024/02" and a.notes == ["※这是中共中央统战部在《求是》的发文。"]
    assert "一、习近平总书记关于做好新时代党的统一战线工作的重要思想以一系列重大原创性成果丰富和发展了马克思主义统一战线理论" in a.paragraphs
    report = next(a for a in r.articles if a.byline)
    assert report.date == "2024-01-30" and "王莉霞" in report.byline and report.title_inferred
    assert "一、过去一年工作回顾" in report.paragraphs
    first = r.articles[0]
    assert first.title_inferred and first.date == "2024-02-07" and len(first.key_points) == 2
    assert "习近平" in first.title
    dated = [a.date for a in r.articles if a.date]
    assert len(dated) >= 10


def test_title_key_points_then_source_stay_one_article():
    kp = "要坚持稳中求进工作总基调，推动经济实现质的有效提升"
    text = compilation("[bookmark: _bookmark0]中央经济工作会议在北京举行", "· " + kp,
                       "来源：新华社会议强调，" + kp + "。")
    (a,) = repair(text, "t.txt").articles
    assert (a.title, a.source, a.key_points) == ("中央经济工作会议在北京举行", "新华社", [kp])
    assert a.text == "会议强调，" + kp + "。" and a.key_point_spans == [(5, len(a.text))]


def test_plain_titles_from_markdown_headings_and_questions():
    assert repair("# 发展新质生产力\n正文第一段。\n", "a.md").articles[0].title == "发展新质生产力"
    assert repair("为什么要发展新质生产力？\n因为它是先进生产力。\n", "q.txt").articles[0].title == "为什么要发展新质生产力？"
    a = repair("这是一句完整的话。\n第二句。\n", "s.txt").articles[0]
    assert a.title_inferred and a.title == "这是一句完整的话"


def test_headings_of_equal_length_do_not_make_a_plain_file_look_wrapped():
    parts = ["政府工作报告"]
    for n in "一二三四五六七八":
        parts += [f"{n}、着力扩大国内需求推动经济发展", BODY_B + BODY_C, BODY_A]
    (a,) = repair("\n".join(parts), "r.txt").articles
    assert len(a.paragraphs) == 3 * 8
    assert a.paragraphs[0] == "一、着力扩大国内需求推动经济发展"


def test_an_unclosed_marker_leaves_nothing_behind():
    arts = repair("[bookmark: _bookmark0]标题\n正文。[bookmark: 断开的标记\n下一行。\n", "u.txt").articles
    assert all("bookmark" not in everything(a) for a in arts)


def test_a_plain_file_extracted_from_a_pdf_is_rejoined():
    paras = [BODY_B, BODY_C, BODY_B + BODY_B, BODY_C + BODY_C, BODY_B]  # no last line is exactly full
    lines = ["发展新质生产力"]
    for p in paras:
        lines += wrap(p)
    (a,) = repair("\n".join(lines) + "\n", "pdf.txt").articles
    assert a.title == "发展新质生产力"
    assert a.paragraphs == [tidy(p) for p in paras]


@pytest.mark.parametrize("variant", ["no numbered bookmarks", "only numbered bookmarks", "no page breaks"])
def test_bundled_split_holds_without_parts_of_the_evidence(bundled, variant):
    text, r, _ = bundled
    if variant == "no numbered bookmarks":
        text = re.sub(r"\[bookmark: _bookmark\d+\]", "", text)
    elif variant == "only numbered bookmarks":
        text = re.sub(r"\[bookmark: (?!_bookmark)[^\]]*\]", "", text)
    else:
        text = text.replace("\n\n", "\n")
    other = repair(text, "v.txt").articles
    assert len(other) == len(r.articles)
    assert [a.text[:40] for a in other] == [a.text[:40] for a in r.articles]
    assert output_han(other) == input_han(text)


def test_table_of_contents_anchors_are_titles_and_editing_anchors_are_ignored():
    text = compilation("[bookmark: _Toc1234]第一篇文章", BODY_B, "[bookmark: _Hlk99]" + BODY_C,
                       "[bookmark: _Toc5678][bookmark: _GoBack]第二篇文章", BODY_A)
    arts = repair(text, "toc.txt").articles
    assert [(a.title, a.title_inferred) for a in arts] == [("第一篇文章", False), ("第二篇文章", False)]
    assert arts[0].paragraphs == [BODY_B, BODY_C]


def test_key_points_that_are_not_verbatim_link_to_the_closest_sentence():
    body = "会议强调，要坚持稳中求进、以进促稳、先立后破，推动经济回升向好。会议指出，要扎实推进高质量发展。"
    text = compilation(" · 要坚持稳中求进、以进促稳，推动经济回升向好", "· 全然不同的一句话没有出处", body)
    (a,) = repair(text, "f.txt").articles
    (s, e), missing = a.key_point_spans
    assert a.text[s:e] == "会议强调，要坚持稳中求进、以进促稳、先立后破，推动经济回升向好。" and missing is None


def test_a_compilations_file_name_gives_the_year_of_month_and_day_dates():
    text = compilation("[bookmark: _bookmark0]会议召开", "来源：新华社 3 月 5 日，会议在北京召开。2023 年 2023 年")
    assert repair(text, "2019-03.txt", file_date="2019-03").articles[0].date == "2019-03-05"
    assert repair(text, "x.txt").articles[0].date == "2023-03-05"


def test_a_compilation_whose_text_names_no_year_takes_it_from_anywhere_in_its_file_name():
    text = compilation("[bookmark: _bookmark0]全国政协会议在京闭幕", "来源：新华社 3 月 10 日上午，会议在人民大会堂闭幕。")
    assert repair(text, "study_2024_03.txt").articles[0].date == "2024-03-10"
    assert repair(text, "学习资料第三期.txt").articles[0].date is None


def test_an_article_dated_only_by_its_note_takes_the_date_of_the_speech():
    text = compilation("[bookmark: _bookmark0]做好新时代统战工作", "来源：《求是》2024/02" + BODY_B, "",
                       "※这是 2022 年 7 月 29 日在中央统战工作会议上讲话的一部分。")
    assert repair(text, "q.txt").articles[0].date == "2022-07-29"


def test_a_space_cutting_off_a_one_character_word_goes_but_pairs_of_names_keep_theirs():
    assert tidy("产业只增长 1.4%，但 非煤产业快速增长") == "产业只增长1.4%，但非煤产业快速增长"
    assert tidy("内蒙古自治区党委 自治区人民政府关于") == "内蒙古自治区党委 自治区人民政府关于"
    assert tidy("自治区主席 王莉霞") == "自治区主席 王莉霞"


def test_a_first_line_with_a_glued_source_label_wraps_by_its_printed_width():
    first = "来源：新华社 3 月 10 日上午，中国人民政治协商会议第十四届"  # label and text printed as one line
    text = compilation("[bookmark: _bookmark0]全国政协十四届二次会议在京闭幕", first,
                       "全国委员会第二次会议在人民大会堂闭幕。王沪宁主持闭幕会并",
                       "发表讲话。大会号召，人民政协各级组织和广大政协委员要更加",
                       "紧密地团结在一起，为全面推进强国建设、民族复兴伟业而奋斗。")
    a = repair(text, "c.txt").articles[0]
    assert a.source == "新华社" and "\n" not in a.text and a.text.startswith("3月10日上午，中国人民政治协商会议第十四届全国委员会")


def test_a_bylines_speaker_on_its_own_line_stays_in_the_byline():
    report = "\n".join(["政府工作报告", "——2024 年 3 月 5 日在第十四届全国人民代表大会第二次会议上", "国务院总理 李强", "",
                        "各位代表：", "现在，我代表国务院，向大会报告政府工作，请予审议。", "一、2023 年工作回顾",
                        "过去一年是全面贯彻党的二十大精神的开局之年。"])
    a, = repair(report, "2024.txt", file_date="2024").articles
    assert a.title == "政府工作报告" and a.byline == "——2024年3月5日在第十四届全国人民代表大会第二次会议上 国务院总理 李强"
    assert a.text.startswith("各位代表：\n") and a.date == "2024"
    text = compilation("[bookmark: _bookmark0]会议闭幕", "来源：新华社" + BODY_B, "",
                       "——2024 年 1 月 30 日在自治区第十四届人民代表大会第二次会议上", "自治区主席 王莉霞",
                       "各位代表：", BODY_C)
    arts = repair(text, "c.txt").articles
    assert len(arts) == 2 and arts[1].byline.endswith("会议上 自治区主席 王莉霞") and arts[1].text.startswith("各位代表")
    assert arts[1].date == "2024-01-30"


def test_an_author_line_glued_after_a_source_is_a_byline_not_body():
    page = "\n".join(["以中国式现代化全面推进强国建设", "来源：《求是》2025/01 作者：习近平 2025-01-01",
                      "党的二十大确立了中心任务。", "一、中国式现代化是康庄大道", "中国式现代化是社会主义现代化。"])
    a, = repair(page, "qs.html").articles
    assert (a.source, a.byline) == ("《求是》2025/01", "作者：习近平2025-01-01")
    assert a.text.startswith("党的二十大") and a.date == "2025-01-01"


def test_a_byline_wrapped_before_its_venue_ends_is_joined():
    lines = ["——2024 年 3 月 5 日在第十四届全国人民代表大会第二次会议", "上", "国务院总理 李强", "各位代表：",
             "现在，我代表国务院，向大会报告政府工作，请予审议。"]
    a, = repair("\n".join(["政府工作报告", *lines]), "2024.txt", file_date="2024").articles
    assert a.byline == "——2024年3月5日在第十四届全国人民代表大会第二次会议上 国务院总理 李强"
    assert a.text.startswith("各位代表：")
    arts = repair(compilation("[bookmark: _bookmark0]会议闭幕", "来源：新华社" + BODY_B, "", *lines), "c.txt").articles
    assert len(arts) == 2 and arts[1].byline == a.byline and arts[1].date == "2024-03-05"
    assert arts[1].title == "政府工作报告" and arts[1].title_inferred


KP_BODY = ["习近平指出，发展新质生产力不是忽视、放弃传统产业，要防止一哄而上、泡沫化。",
           "习近平强调，要坚持以科技创新引领产业创新，积极培育和发展新质生产力。"]


def test_a_title_line_without_a_marker_before_key_points_is_the_title():
    text = "\n".join(["习近平在参加江苏代表团审议时强调 因地制宜发展新质生产力",
                      "· 发展新质生产力不是忽视、放弃传统产业，要防止一哄而上、泡沫化",
                      "· 要坚持以科技创新引领产业创新，积极培育和发展新质生产力",
                      "习近平 3 月 5 日下午在参加江苏代表团审议时发表讲话。", *KP_BODY])
    a, = repair(text, "2024-03-05_wx.txt", file_date="2024-03-05").articles
    assert (a.title, a.title_inferred) == ("习近平在参加江苏代表团审议时强调 因地制宜发展新质生产力", False)
    assert len(a.key_points) == 2 and all(a.key_point_spans) and a.date == "2024-03-05"
    text = compilation("[bookmark: _bookmark0]会议闭幕", "来源：新华社" + BODY_B, "因地制宜发展新质生产力",
                       "· 发展新质生产力不是忽视、放弃传统产业，要防止一哄而上、泡沫化",
                       "习近平 3 月 5 日下午在参加江苏代表团审议时发表讲话。", *KP_BODY)
    first, second = repair(text, "c.txt").articles
    assert first.text == BODY_B and (second.title, second.title_inferred) == ("因地制宜发展新质生产力", False)
    assert second.lines[0] == 3 and len(second.key_points) == 1


def test_inferred_titles_skip_a_news_dateline_and_read_a_day_without_its_month():
    assert infer_title(["新华社北京3月5日电 中共中央总书记、国家主席、中央军委主席习近平5日下午在参加江苏代表团审议。"]) \
        == "习近平在参加江苏代表团审议"
    assert infer_title(["本报北京3月5日讯（记者 王某）国务院总理李强5日主持召开国务院常务会议，研究部署工作。"]) \
        == "李强主持召开国务院常务会议"
    assert infer_title(["央视网消息（新闻联播）：国务院总理李强3月5日会见外宾。"]) == "李强会见外宾"
    assert infer_title(["政策将在30日内出台。"]) == "政策将在30日内出台"


def test_a_compilations_table_of_contents_keeps_one_entry_a_paragraph_and_is_titled_contents():
    entries = ["学习资料", "2024 年第 3 期", "目录", "全国政协十四届二次会议在京闭幕 ........................ 1",
               "把握新质生产力的内涵要求 .............................. 3", "中共中央政治局召开会议 讨论政府工作报告 ………… 5"]
    paras = paragraphs([(t, i == 0) for i, t in enumerate(entries)], (28.0, 28.0))
    assert [p[:6] for p in paras[3:]] == ["全国政协十四", "把握新质生产", "中共中央政治"]
    assert infer_title(paras) == "目录"


def test_a_byline_in_chinese_numerals_dates_the_report_and_keeps_its_speaker():
    report = "\n".join(["政府工作报告", "——一九七八年二月二十六日在第五届全国人民代表大会第一次会议上", "华国锋", "各位代表：",
                        "现在，我代表国务院，向大会报告政府工作，请予审议。", "一、过去一年的工作", "过去一年是伟大转折的一年。"])
    a, = repair(report, "gov.txt").articles
    assert a.byline == "——一九七八年二月二十六日在第五届全国人民代表大会第一次会议上 华国锋"
    assert a.date == "1978-02-26" and a.text.startswith("各位代表：")
    assert repair(report, "1978.txt", file_date="1978").articles[0].date == "1978"  # the file name's date comes first


def test_a_publication_stamp_after_the_source_is_kept_apart_from_the_first_sentence():
    def one(source_line):
        return repair(compilation("[bookmark: _bookmark0]通知印发", source_line), "c.txt").articles[0]

    a = one("来源：人民日报 2024 年 03 月 05 日 第 01 版 近日，中共中央印发了通知。")
    assert (a.source, a.text, a.date) == ("人民日报", "2024年03月05日 第01版\n近日，中共中央印发了通知。", "2024-03-05")
    a = one("来源：新华网 2024-03-06 近日，中共中央印发了通知。")
    assert (a.source, a.text, a.date) == ("新华网", "2024-03-06\n近日，中共中央印发了通知。", "2024-03-06")
    a = one("来源：新华社 3 月 5 日电，习近平出席会议。 2023 年")  # an event date is no stamp
    assert a.text.startswith("3月5日电，") and a.date == "2023-03-05"


def test_a_plain_files_source_further_down_is_its_source_and_no_label_stays_in_the_text():
    a, = repair("\n".join(["学习贯彻全会精神", "各地认真学习贯彻全会精神。", "来源：人民日报", "来源：新华网"]), "p.txt").articles
    assert (a.source, a.text) == ("人民日报", "各地认真学习贯彻全会精神。\n新华网")
    a, = repair("一" * 51 + "\n来源：", "any.txt").articles
    assert "来源" not in everything(a)


def test_page_number_lines_are_page_breaks_and_leave_no_trace():
    body = wrap("过去一年是全面贯彻党的二十大精神的开局之年，是三年新冠疫情防控转段后经济恢复发展的一年。"
                "我们坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局，国内生产总值增长5.2%。")
    more = wrap("我们着力扩大国内需求，推动经济实现质的有效提升和量的合理增长，稳住了经济大盘，"
                "城镇新增就业1244万人，城镇调查失业率平均为5.2%，居民消费价格上涨0.2%，国际收支基本平衡。")
    text = "\n".join(["政府工作报告", body[0], "", "— 3 —", "", *body[1:3], "12", *body[3:], "一、主要工作", *more * 3])
    a, = repair(text, "2024.txt", file_date="2024").articles
    assert a.text.split("\n")[0] == "过去一年是全面贯彻党的二十大精神的开局之年，是三年新冠疫情防控转段后经济恢复发展的一年。" \
        "我们坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局，国内生产总值增长5.2%。"
    assert "—3—" not in a.text and "\n12\n" not in a.text


def test_spaces_inside_numbers_go():
    assert tidy("增长 5 . 2 %，涨幅 3 %左右") == "增长5.2%，涨幅3%左右"
    assert tidy("1 . 推动产业链优化升级") == "1.推动产业链优化升级"


def test_a_bare_date_on_the_first_line_is_no_title():
    text = "2024年03月05日 星期二\n国务院总理李强3月5日主持召开国务院常务会议，研究部署工作。\n会议指出，要坚持稳中求进。"
    a, = repair(text, "xwlb.txt").articles
    assert a.title_inferred and a.title == "李强主持召开国务院常务会议" and a.date == "2024-03-05"
    assert a.text.startswith("2024年03月05日 星期二\n")
    assert not repair("2024年03月05日新闻联播\n正文第一句。", "x.txt").articles[0].title_inferred


def test_a_date_further_in_a_file_name_counts_when_it_stands_apart():
    assert date_from_filename("xwlb_20240305.txt") == "2024-03-05"
    assert date_from_filename("新闻联播2024-03-05.txt") == "2024-03-05"
    assert date_from_filename("政府工作报告1978.txt") == "1978"
    assert date_from_filename("study_compilation_2024_01-02.txt") is None  # January to February
    assert date_from_filename("qiushi_2025_01.html") is None  # an issue number, not a month
    assert date_from_filename("report_v2024.txt") is None and date_from_filename("a_2024-13-05.txt") is None


def test_a_speech_with_a_date_only_byline_and_an_article_with_a_dash_subtitle():
    speech = "\n".join(["在纪念毛泽东同志诞辰130周年座谈会上的讲话", "——二〇二三年十二月二十六日", "习近平", "同志们，朋友们：",
                        "今天，我们在这里隆重集会，纪念毛泽东同志诞辰130周年。"])
    a, = repair(speech, "speech.txt").articles
    assert (a.byline, a.date, a.subtitle) == ("——二〇二三年十二月二十六日 习近平", "2023-12-26", None)
    assert a.text.startswith("同志们，朋友们：")
    feature = "\n".join(["奋进新征程 建功新时代", "——习近平总书记引领高质量发展纪实",
                         "高质量发展是全面建设社会主义现代化国家的首要任务。", "——这是一个以破折号开头的段落，不是副标题。"])
    a, = repair(feature, "x.txt").articles
    assert (a.title, a.subtitle, a.byline) == ("奋进新征程 建功新时代", "——习近平总书记引领高质量发展纪实", None)
    assert a.text.endswith("——这是一个以破折号开头的段落，不是副标题。")


def test_full_dates_in_chinese_numerals():
    assert first_full_date("一九七八年二月二十六日，大会开幕；1978 年 3 月 5 日闭幕") == "1978-02-26"
    assert first_full_date("1978 年 3 月 5 日闭幕，二〇二三年十二月二十六日") == "1978-03-05"
    assert first_full_date("二〇二三年十三月一日") is None
