"""Widgets without a browser: build each one, change its controls from Python, check what it shows."""

from __future__ import annotations

import importlib.util
import re

import pytest

from studykit import render
from studykit.corpus import Article, Corpus

HOSTILE = '<script>alert("x")</script><img src=x onerror="alert(1)">'


def has(module: str) -> bool:
    return importlib.util.find_spec(f"studykit.{module}") is not None


def make_corpus() -> Corpus:
    """Four small articles: two sources, three months, key points with spans, one hostile article."""
    t1 = "发展新质生产力是推动高质量发展的内在要求。\n必须继续做好创新这篇大文章。\n高质量发展是新时代的硬道理。"
    s1 = t1.index("必须继续做好创新这篇大文章。")
    t2 = "全面深化改革是一个重要年份。\n要坚持用改革开放这个关键一招。"
    t3 = f"这篇文章含有 {HOSTILE} 这样的文字。\n第二段也提到高质量发展。"
    t4 = "新质生产力本身就是绿色生产力。\n绿色发展是高质量发展的底色。"
    return Corpus([
        Article(1, "发展新质生产力", t1, source="求是", date="2024-01-15",
                key_points=["必须继续做好创新这篇大文章"], key_point_spans=[(s1, s1 + 13)]),
        Article(2, "全面深化改革", t2, source="人民日报", date="2024-02-19", title_inferred=True),
        Article(3, f"危险标题{HOSTILE}", t3, source=f"来源{HOSTILE}", date="2024-02-20",
                key_points=[f"要点{HOSTILE}"], key_point_spans=[None]),
        Article(4, "绿色生产力", t4, source="求是", date="2024-03"),
    ], name="test")


# -- render -------------------------------------------------------------------------------------
def test_body_marks_search_hits_and_key_point_sentence():
    a = make_corpus()[1]
    html = render.body_html(a, query="高质量", key_point=0)
    assert html.count('<mark class="sk-hit">高质量</mark>') == 2
    assert '<span class="sk-kp-hit">必须继续做好创新这篇大文章</span>' in html
    assert html.count("<p>") == 3
    assert "sk-kp-hit" not in render.body_html(a, query="高质量")


def test_overlapping_hit_and_key_point_both_marked():
    a = make_corpus()[1]
    html = render.body_html(a, query="创新", key_point=0)
    assert '<span class="sk-kp-hit"><mark class="sk-hit">创新</mark></span>' in html


def test_hostile_text_is_escaped_everywhere():
    a = make_corpus()[3]
    page = render.article_html(a, query="script", key_point=0)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=" in page


def test_inferred_title_is_marked():
    c = make_corpus()
    assert "sk-inferred" in render.header_html(c[2])
    assert "sk-inferred" not in render.header_html(c[1])


def test_search_ids_matches_title_and_body():
    c = make_corpus()
    assert render.search_ids(c, "高质量") == [1, 3, 4]
    assert render.search_ids(c, "改革") == [2]
    assert render.search_ids(c, "  ") == [1, 2, 3, 4]


def test_kwic_html_escapes_and_limits():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([{"article": 3, "title": HOSTILE, "date": "2024", "offset": 0,
                           "left": "<b>", "match": "x", "right": HOSTILE}] * 5)
    html = render.kwic_html(frame, limit=2)
    assert "<script>" not in html and "&lt;b&gt;" in html
    assert html.count("<tr>") == 3 and "3 more rows" in html


def test_article_options_are_plain_labels():
    options = render.article_options(make_corpus())
    assert [v for _, v in options] == [1, 2, 3, 4]
    assert options[1][0] == "  2 · 2024-02-19 · 〔推断〕全面深化改革"


def test_table_html_escapes_and_renames():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([{"article": 3, "title": HOSTILE, "n": 2}])
    html = render.table_html(frame, ["title", "n"], {"n": "次数"})
    assert "<th>次数</th>" in html and "<script>" not in html and "&lt;script&gt;" in html
    assert "article" not in html and "empty" in render.table_html(frame.head(0))


def test_missing_dates_and_sources_show_a_dash_not_nan():
    """Undated articles come out of pandas as NaN: a reader must see a dash, never "nan"."""
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([{"article": 7, "title": "无日期", "date": None, "offset": 0, "left": "甲",
                           "match": "乙", "right": "丙"}, {"article": 8, "title": "有日期", "date": "2024-01-02",
                                                          "offset": 0, "left": "甲", "match": "乙", "right": "丙"}])
    assert pd.isna(frame.loc[0, "date"])
    html = render.kwic_html(frame)
    assert "nan" not in html.lower() and "<small>—</small>" in html and "2024-01-02" in html
    table = render.table_html(pd.DataFrame({"title": ["甲", "乙"], "source": [float("nan"), "新华社"]}))
    assert "nan" not in table.lower() and "<td>—</td>" in table


def test_numbers_do_not_break_and_the_term_column_fits_the_term():
    pd = pytest.importorskip("pandas")
    table = render.table_html(pd.DataFrame({"title": ["甲"], "chars": [15284], "share": [0.25]}))
    assert '<td class="sk-num">15284</td>' in table and '<td class="sk-num">0.25</td>' in table
    assert "<td>甲</td>" in table
    frame = pd.DataFrame([{"article": 1, "title": "t", "date": "2024", "offset": 0, "left": "甲",
                           "match": "铸牢中华民族共同体意识", "right": "乙"}])
    assert 'style="width:12.2em"' in render.kwic_html(frame)  # 11 characters wide, never one per line
    frame["match"] = "党"
    assert 'style="width:3.2em"' in render.kwic_html(frame)


def test_every_widget_enlarges_its_controls_for_a_projector():
    from studykit.widgets import review

    for css in ("sk-browser", "sk-comparer", "sk-cloud-explorer", "sk-timeline"):
        assert f".{css}" in render.STYLE.split("projector")[1]
    assert "--jp-widgets-font-size: 16px" in render.STYLE and "--jp-widgets-font-size: 16px" in review.STYLE


# -- ArticleBrowser -----------------------------------------------------------------------------
def test_browser_lists_filters_and_reads():
    from studykit.widgets import ArticleBrowser

    b = ArticleBrowser(make_corpus())
    assert b.listed == [1, 2, 3, 4] and b.list.value == 1
    assert "发展新质生产力" in b.header.value
    b.list.value = 2
    assert "全面深化改革" in b.header.value and "sk-inferred" in b.header.value
    b.source.value = "求是"
    assert b.listed == [1, 4] and b.list.value == 1
    b.source.value = ""
    b.date_from.value, b.date_to.value = "2024-02-19", "2024-02-20"
    assert b.listed == [2, 3]
    b.date_from.value = b.date_to.value = ""
    b.search.value = "高质量"
    assert b.listed == [1, 3, 4]
    assert b.body.value.count("sk-hit") == 2
    b.search.value = "没有这个词"
    assert b.listed == [] and "no article matches" in b.header.value and b.body.value == ""


def test_browser_key_point_button_marks_sentence():
    from studykit.widgets import ArticleBrowser

    b = ArticleBrowser(make_corpus())
    assert "sk-kp-hit" not in b.body.value
    b.kp_pick.value = 0
    assert '<span class="sk-kp-hit">必须继续做好创新这篇大文章</span>' in b.body.value
    assert "sk-kp-active" in b.key_points.value
    b.list.value = 2
    assert b.kp_pick.options == () and "sk-kp-hit" not in b.body.value


def test_browser_prev_next_and_show():
    from studykit.widgets import ArticleBrowser

    b = ArticleBrowser(make_corpus())
    b.next.click()
    assert b.list.value == 2
    b.prev.click()
    b.prev.click()
    assert b.list.value == 4
    b.source.value = "求是"
    b.show(2)
    assert b.list.value == 2 and b.source.value == "" and "全面深化改革" in b.header.value


def test_browser_shows_hostile_article_as_text():
    from studykit.widgets import ArticleBrowser

    b = ArticleBrowser(make_corpus(), article=3)
    shown = b.header.value + b.key_points.value + b.body.value
    assert "<script>" not in shown and "<img" not in shown
    assert "&lt;script&gt;" in b.header.value and "&lt;img" in b.body.value
    assert any("<script>" in label for label, _ in b.list.options)  # option labels are plain text


def test_browser_controls_carry_css_classes():
    from studykit.widgets import ArticleBrowser

    b = ArticleBrowser(make_corpus())
    for control in (b.source, b.date_from, b.date_to, b.search, b.list, b.prev, b.next, b.kp_pick,
                    b.header, b.body, b.kwic_term):
        assert any(c.startswith("sk-") for c in control._dom_classes), control


def test_browser_kwic_panel():
    from studykit.widgets import ArticleBrowser

    b = ArticleBrowser(make_corpus())
    b.kwic_term.value = "高质量发展"
    assert b.kwic.value.count('class="sk-match"') == 2
    b.kwic_scope.value = "listed"
    assert b.kwic.value.count('class="sk-match"') == 4
    assert [v for _, v in b.kwic_open.options] == [1, 3, 4]
    b.kwic_open.value = 4
    b.kwic_open_button.click()
    assert b.list.value == 4 and "绿色生产力" in b.header.value
    b.kwic_sort.value = "right"
    rights = [r.split("</td>")[0] for r in b.kwic.value.split('class="sk-right">')[1:]]
    assert rights == sorted(rights)
    b.kwic_regex.value = True
    b.kwic_term.value = "高质量(发展"
    assert "sk-error" in b.kwic.value
    b.kwic_term.value = "script"
    assert "<script>" not in b.kwic.value and "&lt;script&gt;" in b.kwic.value


# -- PassageComparer ----------------------------------------------------------------------------
SHARED = "要坚持稳中求进工作总基调，贯彻稳中求进、以进促稳、先立后破的要求，继续巩固和增强经济回升向好态势。"


def repeat_corpus() -> Corpus:
    """Article 1 and 2 share a passage word for word; 3 has an edited version; 4 shares nothing."""
    variant = SHARED.replace("继续巩固和增强", "巩固和增强")
    return Corpus([
        Article(1, "第一篇", f"开头的话。{SHARED}结尾一。", date="2024-01"),
        Article(2, f"第二篇{HOSTILE}", f"另一开头{HOSTILE}。{SHARED}结尾二。", date="2024-02"),
        Article(3, "第三篇", f"第三篇的开头。{variant}第三篇结尾。", date="2024-03"),
        Article(4, "第四篇", "完全不同的一段文字，没有任何重复的内容可言。", date="2024-04"),
    ], name="repeats")


@pytest.mark.skipif(not has("repeats"), reason="studykit.repeats is not available")
def test_comparer_ranks_repeats_and_compares():
    from studykit.widgets import PassageComparer

    c = PassageComparer(repeat_corpus(), min_chars=12)
    assert c.article.value == 1
    partners = {(int(r.a_article), int(r.b_article)) for r in c._rows.itertuples()}
    assert partners == {(1, 2), (1, 3)}
    assert len(c.pairs.options) == 2 and c.pairs.value == 0
    assert "<table>" in c.view.value and ("<ins>" in c.view.value or "<del>" in c.view.value or "100%" in c.view.value)
    c.pairs.value = [v for label, v in c.pairs.options if "改写" in label][0]
    assert "<del>继续</del>" in c.view.value or "<ins>继续</ins>" in c.view.value
    c.article.value = 4
    assert c.pairs.options == () and "nothing to compare" in c.view.value


@pytest.mark.skipif(not has("repeats"), reason="studykit.repeats is not available")
def test_comparer_jumps_to_browser_and_escapes():
    from studykit.widgets import ArticleBrowser, PassageComparer

    browser = ArticleBrowser(repeat_corpus())
    c = PassageComparer(repeat_corpus(), browser=browser, min_chars=12)
    c.article.value = 2
    assert "<script>" not in c.view.value + c.strip.value and "&lt;script&gt;" in c.view.value
    left, right = c._sides
    c.open_b.click()
    assert browser.list.value == right
    c.open_a.click()
    assert browser.list.value == left
    assert c.browser_box.children == ()  # an outside browser is not embedded


@pytest.mark.skipif(not has("repeats"), reason="studykit.repeats is not available")
def test_comparer_formulations_and_recompute():
    from studykit.widgets import PassageComparer

    c = PassageComparer(repeat_corpus(), min_chars=12)
    c.mode.value = "group"
    assert c.group.options, "the shared passage occurs three times: a formulation"
    assert len(c.pairs.options) >= 3
    c.pairs.value = 1
    assert "<table>" in c.view.value
    c.open_b.click()
    assert c.browser is not None and c.browser in c.browser_box.children
    c.min_chars.value = 200
    assert c.group.options == () and c.pairs.options == ()
    assert c.busy.widget.layout.display == "none"


# -- TimelineExplorer ---------------------------------------------------------------------------
@pytest.mark.skipif(not has("timeline"), reason="studykit.timeline is not available")
def test_timeline_typed_theme_chart_and_drilldown():
    from studykit.widgets import TimelineExplorer

    x = TimelineExplorer(make_corpus(), themes=[])
    assert x.png() == b"" and "choose or type a theme" in x.message.value
    x.custom.value = "高质量发展,新质生产力"
    assert x.png().startswith(b"\x89PNG")
    assert x.theme.value == "高质量发展,新质生产力"
    assert list(x.period.options) == ["2024-01", "2024-02", "2024-03"]
    assert x.period.value == "2024-01"  # the peak: article 1 has three occurrences
    assert "3 次" in x.detail.value and "发展新质生产力" in x.detail.value
    first_chart = x.png()
    x.period.value = "2024-02"
    assert "1 次" in x.detail.value and "全面深化改革" not in x.detail.value  # only articles that mention it
    assert "&lt;script&gt;" in x.detail.value and "<script>" not in x.detail.value
    assert [v for _, v in x.open_article.options] == [3]
    x.read()
    assert x.browser.list.value == 3 and x.browser in x.browser_box.children
    assert '<mark class="sk-hit">高质量发展</mark>' in x.browser.body.value
    x.read(4)  # contains both terms; the first one found is marked
    assert x.browser.list.value == 4 and "sk-hit" in x.browser.body.value
    x.measure.value = "share"
    assert x.png() != first_chart and x.period.value == "2024-02"
    x.bin.value = "year"
    assert list(x.period.options) == ["2024"] and x.period.value == "2024"
    assert "6 次" in x.detail.value and "3 / 4 篇" in x.detail.value


def test_timeline_drilldown_of_a_day_without_articles_says_so():
    from studykit.widgets import TimelineExplorer

    x = TimelineExplorer(make_corpus(), themes=["高质量发展"], by="day")
    table = x.timeline.table
    empty = [p for p in table.loc[table["articles"] == 0, "period"] if p.startswith("2024-01-2")]
    assert empty  # days between the articles are periods too
    assert not set(empty) & set(x.period.options)  # the period picker lists only days with articles
    x.show_point("高质量发展", empty[0])  # as a click on that day would
    assert "no article in this period" in x.detail.value and list(x.open_article.options) == []
    x.period.value = "2024-02-20"
    assert "1 次" in x.detail.value and [v for _, v in x.open_article.options] == [3]


def test_timeline_explains_an_empty_theme_and_an_empty_save(tmp_path, monkeypatch):
    from studykit.widgets import TimelineExplorer

    monkeypatch.chdir(tmp_path)
    x = TimelineExplorer(make_corpus(), themes=[])
    x.save_png.click()
    assert "nothing to save yet" in x.saved.value and not list(tmp_path.iterdir())
    x.custom.value = ",，、"
    assert "没有词" in x.message.value and x.png() == b""


@pytest.mark.skipif(not has("timeline"), reason="studykit.timeline is not available")
def test_timeline_bundled_themes_and_save(tmp_path):
    from studykit.themes import load_themes
    from studykit.widgets import TimelineExplorer

    name = next(iter(load_themes()))
    x = TimelineExplorer(make_corpus(), themes=[name])
    assert list(x.theme.options) == [name]
    x.theme.value = name
    x.custom.value = "改革"
    assert list(x.theme.options) == [name, "改革"]
    assert x.theme.value == "改革" and x.period.value == "2024-02"  # a typed theme is shown at its peak
    png, csv = x.save("png", tmp_path / "t.png"), x.save("csv", tmp_path / "t.csv")
    assert png.read_bytes().startswith(b"\x89PNG") and "改革" in csv.read_text(encoding="utf-8-sig")
    assert "t.csv" in x.saved.value
    x.themes.value = ()
    x.custom.value = ""
    assert x.timeline is None and x.detail.value == ""


# -- CloudExplorer ------------------------------------------------------------------------------
@pytest.mark.skipif(not has("cloud"), reason="studykit.cloud is not available")
def test_cloud_explorer_scopes_settings_and_save(tmp_path):
    from studykit.widgets import CloudExplorer

    x = CloudExplorer(make_corpus(), max_words=30)
    assert "4 篇" in x.left.title.value and "发展新质生产力" in x.right.title.value
    assert bytes(x.left.image.value).startswith(b"\x89PNG") and bytes(x.right.image.value).startswith(b"\x89PNG")
    assert x.right.article.layout.display == "flex" and x.right.theme.layout.display == "none"
    x.right.scope.value = "source"
    x.right.source.value = "求是"
    assert "求是" in x.right.title.value and "2 篇" in x.right.title.value
    assert x.right.source.layout.display == "flex" and x.right.article.layout.display == "none"
    x.right.scope.value = "dates"
    x.right.date_from.value, x.right.date_to.value = "2024-02-19", "2024-02-20"
    assert "2 篇" in x.right.title.value
    assert "高质量发展" in x.left.cloud.layout_words
    x.stopwords.value = "高质量发展，绿色"
    assert "高质量发展" not in x.left.cloud.layout_words and "绿色" not in x.left.cloud.layout_words
    x.max_words.value = 10
    assert len(x.left.cloud.layout_words) <= 10
    png, svg = x.left.save("png", tmp_path / "a.png"), x.right.save("svg", tmp_path / "b.svg")
    assert png.read_bytes().startswith(b"\x89PNG") and "<svg" in svg.read_text(encoding="utf-8")
    assert "a.png" in x.left.saved.value


@pytest.mark.skipif(not has("cloud"), reason="studykit.cloud is not available")
def test_cloud_explorer_escapes_and_reports_empty_scope():
    from studykit.widgets import CloudExplorer

    x = CloudExplorer(make_corpus(), right_article=3)
    assert "&lt;script&gt;" in x.right.title.value and "<script>" not in x.right.title.value
    x.left.scope.value = "dates"
    x.left.date_from.value = x.left.date_to.value = "2024-03"
    x.left.date_from.value = "2024-02-20"
    x.left.date_to.value = "2024-02-19"
    assert x.left.cloud is None and "sk-error" in x.left.title.value and bytes(x.left.image.value) == b""


def test_date_pickers_offer_whole_months():
    """'左边选 1 月，右边选 2 月' (lesson 03) takes one choice per side, not the first and last day."""
    from studykit.widgets import ArticleBrowser, CloudExplorer

    x = CloudExplorer(make_corpus())
    values = [v for _, v in x.left.date_from.options]
    assert values[:4] == ["", "2024-01", "2024-01-15", "2024-02"] and "2024-03" in values
    assert values.count("2024-03") == 1  # an article dated by month alone is not listed twice
    b = ArticleBrowser(make_corpus())
    b.date_from.value, b.date_to.value = "2024-02", "2024-02"
    assert b.listed == [2, 3]


def test_browser_counts_the_search_hits_in_the_open_article():
    """Lesson 01 asks how often the searched word occurs in each article: the count line says it."""
    from studykit.widgets import ArticleBrowser

    b = ArticleBrowser(make_corpus())
    assert "hits" not in b.count.value
    b.search.value = "高质量发展"
    assert b.listed == [1, 3, 4] and "3 / 4 篇" in b.count.value
    assert "2 处 hits" in b.count.value  # article 1 says it twice
    b.next.click()
    assert b.list.value == 3 and "1 处 hits" in b.count.value


def test_browser_kwic_of_the_listed_articles_follows_the_filters():
    from studykit.widgets import ArticleBrowser

    b = ArticleBrowser(make_corpus())
    b.kwic_scope.value = "listed"
    b.kwic_term.value = "高质量发展"
    assert "4 处 hits" in b.kwic.value
    b.source.value = "求是"
    assert "3 处 hits" in b.kwic.value and "全面深化改革" not in b.kwic.value
    b.search.value = "不会出现的词语"
    assert "no matches" in b.kwic.value or "0 处" in b.kwic.value
    b.search.value, b.source.value = "", ""
    assert "4 处 hits" in b.kwic.value


def test_timeline_drilldown_opens_on_the_peak_of_the_time_axis_not_undated():
    from studykit.widgets import TimelineExplorer

    c = make_corpus()
    undated = Article(9, "无日期", "高质量发展。" * 9, source="求是", date=None)
    x = TimelineExplorer(Corpus(list(c) + [undated]), themes=["高质量发展"])
    assert x.period.value == "2024-01" and "undated" in list(x.period.options)
    x.period.value = "undated"
    assert "9 次" in x.detail.value


def test_browser_says_when_the_dates_are_the_wrong_way_round():
    from studykit.widgets import ArticleBrowser

    b = ArticleBrowser(make_corpus())
    b.date_from.value, b.date_to.value = "2024-03", "2024-01"
    assert b.listed == [] and "the from date is after the to date" in b.header.value
    b.date_from.value = "2024-01"
    assert b.listed == [1] and "after the to date" not in b.header.value


def test_search_hits_in_a_traditional_text_are_marked_on_its_own_characters():
    a = Article(9, "舊文", "堅持社會主義道路。\n１９９５年的社會主義建設。")
    assert render.find_hits(a, "社会主义") == [(2, 6), (16, 20)]
    assert render.find_hits(a, "1995年") == render.find_hits(a, "１９９５年") == [(10, 15)]
    html = render.body_html(a, query="社會主義")
    assert html.count('<mark class="sk-hit">社會主義</mark>') == 2
    assert render.search_ids([a, make_corpus()[1]], "社会主义") == [9]
    a.normalise = False
    assert render.find_hits(a, "社会主义") == [] and render.find_hits(a, "社會主義") == [(2, 6), (16, 20)]


# -- clicks on the charts, the theme picker -------------------------------------------------------
def _click(fig, x: float, y: float) -> None:
    """A mouse click at display position (x, y) of an interactive figure, as the page sends it."""
    from matplotlib.backend_bases import MouseEvent

    MouseEvent("button_press_event", fig.canvas, x, y, button=1)._process()


def test_timeline_a_click_on_a_point_or_bar_opens_what_is_behind_it():
    from studykit.timeline import point_position
    from studykit.widgets import TimelineExplorer

    x = TimelineExplorer(make_corpus(), themes=["高质量发展"], custom="新=新质生产力")
    assert x.period.value == "2024-01"  # the peak
    at = point_position(x.figure, "高质量发展", "2024-02")
    _click(x.figure, *at)
    assert (x.theme.value, x.period.value) == ("高质量发展", "2024-02")
    assert "<b>高质量发展</b> · 2024-02：1 次" in x.detail.value and "全面深化改革" not in x.detail.value
    assert [v for _, v in x.open_article.options] == [3]
    bar = next(b for ax in x.figure.axes for b in ax.patches if getattr(b, "sk_period", None) == "2024-03")
    _click(x.figure, *bar.get_window_extent().get_points().mean(axis=0))  # a bar keeps the theme
    assert (x.theme.value, x.period.value) == ("高质量发展", "2024-03") and "1 次" in x.detail.value
    _click(x.figure, 1, 1)  # nothing there: nothing changes
    assert x.period.value == "2024-03"


def test_timeline_theme_picker_adds_a_theme_on_a_plain_click_and_shows_the_terms():
    from studykit.themes import join_terms, load_themes
    from studykit.widgets import TimelineExplorer

    bundled = load_themes()
    x = TimelineExplorer(make_corpus(), themes=["新质生产力"])
    group = next(n for n in bundled if n.endswith("（组）") and "新质生产力" in bundled[n])
    button = next(b for b in x.themes.children if getattr(b, "description", "") == group)
    assert button.tooltip == join_terms(bundled[group])
    button.value = True  # what a click on the button does
    assert x.themes.value == ("新质生产力", group) and list(x.timeline.themes) == ["新质生产力", group]
    assert join_terms(bundled[group]) in x.terms.value  # what each theme counts is written out
    x.custom.value = "我的主题=高质量发展,绿色"
    assert list(x.theme.options) == ["新质生产力", group, "我的主题"]  # a typed theme shows its name
    assert "<b>我的主题</b>：高质量发展、绿色" in x.terms.value
    x.custom.value = group  # a bundled name typed is that theme, not its name as a term
    assert x.timeline.themes[group] == bundled[group]
    button.value = False
    assert x.themes.value == ("新质生产力",)
    x.split.value = True
    assert list(x.timeline.themes) == ["新质生产力", f"新质生产力（{group}）",
                                       *[t for t in bundled[group] if t != "新质生产力"]]
    with pytest.raises(Exception, match="not among"):
        x.themes.value = ("没有这个主题",)


def test_timeline_period_picker_lists_only_periods_with_articles():
    from studykit.widgets import TimelineExplorer

    x = TimelineExplorer(make_corpus(), themes=["高质量发展"], by="week")
    t = x.timeline.table
    assert list(x.period.options) == list(dict.fromkeys(t.loc[t["articles"] > 0, "period"]))
    assert len(t["period"].unique()) > len(x.period.options)


def test_timeline_layout_follows_the_number_of_themes_and_the_choice():
    from studykit.themes import load_themes
    from studykit.widgets import TimelineExplorer

    x = TimelineExplorer(make_corpus(), themes=list(load_themes())[:5])
    assert x.figure.subfigs  # more than four: small multiples
    x.layout_choice.value = "one"
    assert not x.figure.subfigs and x.png().startswith(b"\x89PNG")
    x.themes.value = x.themes.value[:2]
    x.layout_choice.value = "panels"
    assert len(x.figure.subfigs) >= 3


def test_dispersion_panel_a_click_on_a_mark_opens_that_place_in_the_reader(tmp_path):
    from studykit.widgets import DispersionExplorer

    x = DispersionExplorer(make_corpus(), terms="高质量发展")
    assert x.png().startswith(b"\x89PNG") and "4 处 hits" in x.message.value
    ax = x.figure.axes[0]
    x.figure.draw_without_rendering()
    coll = next(c for c in ax.collections if getattr(c, "sk_marks", None))
    i = next(k for k, m in enumerate(coll.sk_marks) if m[0] == 1 and m[1] > 30)  # the second hit of article 1
    _click(x.figure, *ax.transData.transform(coll.get_segments()[i].mean(axis=0)))
    art, offset, match = coll.sk_marks[i]
    assert x.hit == (1, offset, "高质量发展")
    assert x.browser is not None and x.browser.list.value == 1
    assert '<mark class="sk-hit">高质量发展</mark>' in x.browser.body.value
    assert "第 2 / 2 处" in x.place.value and "高质量发展" in x.place.value
    x.term.value = "不会出现的词"
    assert "not found" in x.message.value and x.png() == b""
    assert x.save("png", tmp_path / "d.png") is None
    x.term.value = "新质生产力"
    assert x.save("csv", tmp_path / "d.csv").read_text(encoding="utf-8-sig").startswith("article,title,date,position,length")


def test_kwic_html_marks_hits_with_a_span_and_keeps_the_left_context_whole():
    pd = pytest.importorskip("pandas")
    left = "这是一段二十个字的左边上下文啊是的没错"
    frame = pd.DataFrame([{"article": 1, "title": "t", "date": "2024-01-02", "offset": 0, "left": left,
                           "match": "高质量发展", "right": "不动摇\u3000\u3000\u3000继续\n推进"}])
    html = render.kwic_html(frame)
    assert '<span class="sk-kwic-hit">高质量发展</span>' in html and "【" not in html
    assert "不动摇 继续 推进" in html and "\u3000" not in html  # space runs and line breaks: one space
    # the left track is never narrower than its longest context (it gets half the table on a small screen)
    width = float(re.search(r"grid-template-columns:minmax\(min\(([\d.]+)em, 50%\)", html)[1])
    assert width >= len(left) + 0.5
    assert "sk-where" not in html  # hits from one article: no article column
    two = pd.concat([frame, frame.assign(article=2)])
    assert render.kwic_html(two).count('class="sk-where"') == 2
    assert "grid-template-columns:minmax(5em, 1fr) minmax(min(" in render.kwic_html(two)


def test_tables_for_students_have_chinese_headers_and_no_index():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"id": [154, 155], "title": ["甲", "乙"], "title_inferred": [True, False],
                          "date": ["2024-02-07", None], "per10k": [18.374588, 0.0012345]})
    html = render.table_html(frame)
    assert "<th>编号 id</th>" in html and "<th>标题 title</th>" in html and "<th>每万字 per 10k chars</th>" in html
    assert "18.37" in html and "0.00123" in html and "18.374588" not in html
    assert "是 yes" in html and "否 no" in html and "<td>—</td>" in html and "<td class=\"sk-date\">2024-02-07<" in html
    assert html.count("<tr>") == 3 and "dataframe" not in html  # no pandas index, no pandas table
    shown = render.table(frame, ["title", "date"], {"date": "日子"})
    assert shown._repr_html_().startswith("<style>") and "<th>日子</th>" in shown and "编号" not in shown
    assert 'class="sk-num">154<' in render.table_html(frame, ["id"])


@pytest.mark.skipif(not has("cloud"), reason="studykit.cloud is not available")
def test_cloud_explorer_size_single_characters_and_saved_names(tmp_path, monkeypatch):
    import datetime as dt

    from studykit.widgets import CloudExplorer

    monkeypatch.chdir(tmp_path)
    c = make_corpus()
    x = CloudExplorer(c, right_article=1)
    assert x.left.cloud.size == (560, 360) and not x.single.value
    assert all(len(w) > 1 for w in x.left.cloud.layout_words)
    x.width.value, x.height.value = 800, 300
    assert x.left.cloud.size == (800, 300) and x.right.cloud.size == (800, 300)
    assert x.left.image.layout.max_width == "800px"
    x.stopwords.value = "高质量发展，新质生产力，发展新质生产力，绿色生产力"
    before = len(x.left.cloud.layout_words)
    x.single.value = True
    assert len(x.left.cloud.layout_words) >= before and any(len(w) == 1 for w in x.left.cloud.layout_words)
    day = dt.date.today().isoformat()
    first = x.right.save("png")
    assert first.name == f"词云_第1篇_{day}.png" and first.is_file()
    assert first.name in x.right.saved.value and x.left.saved.value == ""  # the line is under the cloud it names
    again = x.right.save("png")
    assert again.name == f"词云_第1篇_{day}_2.png" and first.is_file()  # never overwrites
    x.left.scope.value = "source"
    assert x.left.save("svg").name == f"词云_来源人民日报_{day}.svg"
    x.right.scope.value = "theme"
    assert x.right.saved.value == ""  # the right cloud changed: its old "saved" line is gone
    assert "按分词计数" in x.children[3].value  # the explorer says what the sizes count


def key_point_corpus() -> Corpus:
    """Article 1's key point is its body sentence SHARED; article 2 reprints it; 1 and 3 share OTHER twice."""
    other = "全面深化改革是一个重要年份，要坚持用改革开放这个关键一招解决发展中的问题。"
    t1 = f"会议指出，今年工作很重要。{SHARED}会议还研究了其他事项。{other}大家一致同意。"
    s = t1.index(SHARED)
    return Corpus([
        Article(1, "第一篇", t1, source="新华社", date="2024-01-05", key_points=[SHARED[:-1]],
                key_point_spans=[(s, s + len(SHARED))]),
        Article(2, "第二篇", f"另一篇文章的开头部分在这里。{SHARED}第二篇结尾。", source="人民日报", date="2024-02-01"),
        Article(3, "第三篇", f"第三篇先讲别的内容。{other}然后再说一遍：{other}", date="2024-03-01"),
    ], name="kp")


@pytest.mark.skipif(not has("repeats"), reason="studykit.repeats is not available")
def test_comparer_lists_a_key_point_and_its_body_passage_once(tmp_path, monkeypatch):
    from studykit.widgets import PassageComparer

    c = PassageComparer(key_point_corpus(), min_chars=12)
    labels = [label for label, _ in c.pairs.options]
    assert sum("1 ↔ 2" in x or "2 ↔ 1" in x for x in labels) == 1, labels
    assert any("要点 + 原样" in x for x in labels), labels
    assert "count once" in c.info.value
    assert "sk-legend" in c.legend.value and "只在左边" in c.legend.value


@pytest.mark.skipif(not has("repeats"), reason="studykit.repeats is not available")
def test_comparer_formulation_mode_opens_on_two_different_articles_and_whole_phrases():
    from studykit.widgets import PassageComparer

    c = PassageComparer(key_point_corpus(), min_chars=12)
    c.mode.value = "group"
    assert len(c.group.options) >= 2
    same_article_second = 0
    for _, group in c.group.options:
        c.group.value = group
        occurrences = c._rows
        same_article_second += int(occurrences["article"].iloc[1] == occurrences["article"].iloc[0])
        left, right = c._sides
        assert left != right, "the first comparison is of two different articles, not a passage and itself"
        shown = c._context(occurrences.iloc[0])
        assert shown.endswith("。") or shown[-1] in "，、：；"  # a whole sentence, or cut at a phrase mark
    assert same_article_second  # one formulation comes twice in its first article: that is skipped
    assert "（基准 reference）" in c.pairs.options[0][0]


@pytest.mark.skipif(not has("repeats"), reason="studykit.repeats is not available")
def test_comparer_saves_the_pair_on_screen_with_titles_sources_dates_and_legend(tmp_path, monkeypatch):
    import datetime as dt

    from studykit.widgets import PassageComparer

    monkeypatch.chdir(tmp_path)
    c = PassageComparer(key_point_corpus(), min_chars=12)
    pick = next(v for label, v in c.pairs.options if "↔ 2" in label or "2 ↔" in label)
    c.pairs.value = pick  # the teacher picks another pair after the first one was shown
    c.save_button.click()
    day = dt.date.today().isoformat()
    out = tmp_path / f"对照_第1篇_第2篇_{day}.html"
    assert out.is_file() and out.name in c.saved.value
    page = out.read_text(encoding="utf-8")
    assert "<h1>对照 comparison：第 1 篇 ↔ 第 2 篇" in page
    assert "第一篇" in page and "第二篇" in page and "新华社" in page and "人民日报" in page
    assert "2024-01-05" in page and "2024-02-01" in page and f"saved on {day}" in page
    assert "sk-legend" in page and "只在右边" in page and c.view.value in page
    c.pairs.value = next(v for v in (x for _, x in c.pairs.options) if v != pick)
    assert c.saved.value == ""  # another pair on screen: the old "saved" line is gone
    assert c.save().name == f"对照_{'_'.join(f'第{x}篇' for x in c._sides)}_{day}.html"


def _sent(widget) -> list[dict]:
    """Record what a browser's scroller is asked to do."""
    sent: list[dict] = []
    widget.scroller.send = sent.append
    return sent


def test_browser_steps_through_hits_and_scrolls_to_each():
    from studykit.widgets import ArticleBrowser

    b = ArticleBrowser(make_corpus())
    sent = _sent(b)
    assert b.hit_next.disabled and "search to step" in b.hit_label.value
    b.search.value = "高质量发展"
    assert len(b.hits) == 2 and b.hit is None and "2 处 hits" in b.hit_label.value
    b.hit_next.click()
    assert b.hit == 0 and b.body.value.count("sk-hit-current") == 1 and "第 1 / 2 处" in b.hit_label.value
    assert sent[-1] == {"selector": ".sk-reader-body mark.sk-hit-current", "root": ".sk-browser", "block": "center"}
    b.hit_next.click()
    assert b.hit == 1
    b.hit_next.click()
    assert b.hit == 0  # round the end
    b.hit_prev.click()
    assert b.hit == 1 and "第 2 / 2 处" in b.hit_label.value
    current = b.body.value.split("sk-hit-current")[1]
    assert current.startswith('">高质量发展</mark>')
    b.next.click()  # another article: back to the top, no current hit
    assert b.hit is None and "sk-hit-current" not in b.body.value
    b.kp_pick.value = None


def test_kwic_open_marks_the_term_scrolls_to_the_reader_and_back():
    from studykit.widgets import ArticleBrowser

    b = ArticleBrowser(make_corpus())
    sent = _sent(b)
    b.kwic_scope.value = "listed"
    b.kwic_term.value = "新质生产力"
    assert "2 篇文章 in 2 articles" in b.kwic.value and "按原文计数" in b.kwic.value
    assert "本文“新质生产力”" in b.hit_label.value  # no search word: the reader marks the KWIC term
    b.kwic_open.value = 4
    assert b.back.layout.display == "none"
    b.kwic_open_button.click()
    assert b.list.value == 4 and b.body.value.count('class="sk-hit') == 1
    assert sent[-1] == {"selector": ".sk-reader-header", "root": ".sk-browser", "block": "start"}
    assert b.back.layout.display == "flex"
    b.back.click()
    assert sent[-1] == {"selector": ".sk-kwic-panel", "root": ".sk-browser", "block": "center"}
    assert b.back.layout.display == "none"
    b.kwic_regex.value = True
    b.kwic_term.value = "新质|绿色"
    assert len(b.hits) == 3  # article 4: 新质 once, 绿色 twice


def test_a_key_point_button_scrolls_to_its_sentence():
    from studykit.widgets import ArticleBrowser

    b = ArticleBrowser(make_corpus())
    sent = _sent(b)
    b.kp_pick.value = 0
    assert sent[-1]["selector"] == ".sk-reader-body .sk-kp-hit"


@pytest.mark.skipif(not has("repeats"), reason="studykit.repeats is not available")
def test_comparer_names_an_edited_formulation_and_compares_it():
    from studykit.widgets import PassageComparer

    corpus = Corpus([
        Article(1, "甲", "新的一年，各级党委要扎实推进乡村全面振兴工作，确保粮食安全。今年的任务很重。"),
        Article(2, "乙", "会上强调了几件事。会议要求，各级党委要全力推进乡村全面振兴工作。"),
        Article(3, "丙", "各级党委要研究部署今年的工作。"),
    ], name="formulations")
    c = PassageComparer(corpus, min_chars=20)
    assert len(c.pairs.options) == 1
    label = c.pairs.options[0][0]
    assert "提法改写 edited formulation" in label and "1 ↔ 2" in label
    assert "扎实" in c.view.value and "全力" in c.view.value
    c.article.value = 3
    assert c.pairs.options == ()
    c.mode.value = "group"  # a formulation found twice is a pair, not a group of 3+
    assert not any("提法改写" in o[0] for o in c.pairs.options)
