"""Theme timelines: periods on the real date, nothing dropped, the three measures, exports, drill-down."""

from __future__ import annotations

import csv
import io
import random

import pytest
from conftest import ARTIFACTS

from studykit.cli import main
from studykit.corpus import Article, Corpus
from studykit.fonts import missing_chars
from studykit.themes import parse_theme, resolve_themes
from studykit.timeline import UNDATED, period_of, period_range, theme_timeline, timeline_detail

FILLER = "会议强调，要把各项工作做深做实，推动形成合力。"


def art(i: int, text: str, date: str | None, source: str = "求是") -> Article:
    return Article(id=i, title=f"文章{i}", text=text, date=date, source=source)


def decades_corpus(seed: int = 3) -> Corpus:
    """One report a year from 1978 to 2023 with some years missing, the theme rising over time."""
    rnd = random.Random(seed)
    arts, i = [], 0
    for year in range(1978, 2024):
        if year in (1983, 1991, 2002):
            continue
        i += 1
        n = max(0, (year - 2000) // 3 + rnd.randint(0, 2))
        arts.append(art(i, FILLER * 40 + "高质量发展，" * n + "推动经济高质量发展。" * (n // 2), str(year)))
    arts.append(art(i + 1, "高质量发展" + FILLER, None))
    return Corpus(arts)


def month_corpus(seed: int = 5) -> Corpus:
    """A compilation of one month: several articles a day, one with a bare month and one without date."""
    rnd = random.Random(seed)
    arts = []
    for day in range(1, 32):
        for _ in range(rnd.randint(1 if day in (1, 31) else 0, 3)):
            text = FILLER * 5 + "发展新质生产力，" * rnd.randint(0, 3) + "新质生产力" * rnd.randint(0, 2)
            arts.append(art(len(arts) + 1, text, f"2024-01-{day:02d}"))
    arts.append(art(len(arts) + 1, "新质生产力" + FILLER, "2024-01"))
    arts.append(art(len(arts) + 1, "新质生产力" + FILLER, None))
    return Corpus(arts)


THEMES = {"新质生产力": ["新质生产力", "发展新质生产力"], "高质量发展": ["高质量发展"]}


# ---------------------------------------------------------------- periods and themes


def test_periods_follow_the_date_and_its_precision():
    assert period_of("2024-02-05", "day") == "2024-02-05"
    assert period_of("2024-02-05", "week") == "2024-W06"
    assert period_of("2024-12-30", "week") == "2025-W01"  # ISO week-year, not the calendar year
    assert period_of("2021-01-03", "week") == "2020-W53"
    assert period_of("2024-02-05", "month") == "2024-02"
    assert period_of("2024-02", "year") == "2024"
    assert period_of("2024", "month") == UNDATED
    assert period_of("2024-02", "week") == UNDATED
    assert period_of(None, "year") == UNDATED
    with pytest.raises(ValueError):
        period_of("2024", "decade")


def test_period_range_fills_gaps_in_order():
    assert period_range("2023-11", "2024-02", "month") == ["2023-11", "2023-12", "2024-01", "2024-02"]
    weeks = period_range("2024-W51", "2025-W02", "week")
    assert weeks == ["2024-W51", "2024-W52", "2025-W01", "2025-W02"]
    assert period_range("2024-02-27", "2024-03-01", "day") == ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"]


def test_themes_from_command_line_strings_and_bundled_names():
    assert parse_theme("发展=发展，高质量发展、新发展") == ("发展", ["发展", "高质量发展", "新发展"])
    assert parse_theme("统一战线") == ("统一战线", [])
    with pytest.raises(ValueError):
        parse_theme("=a,b")
    with pytest.raises(ValueError):
        parse_theme("空=")
    themes = resolve_themes(["统一战线", "自定=甲乙,丙丁"])
    assert list(themes) == ["统一战线", "自定"]
    assert "统一战线" in themes["统一战线"] and len(themes["统一战线"]) > 1  # from the bundled file
    assert themes["自定"] == ["甲乙", "丙丁"]
    assert len(resolve_themes(None)) >= 3


# ---------------------------------------------------------------- counting


def test_variants_of_a_theme_count_once_where_they_nest():
    c = Corpus([art(1, "因地制宜发展新质生产力。新质生产力是……", "2024-01-05")])
    tl = theme_timeline(c, THEMES, by="month")
    row = tl.table[(tl.table["theme"] == "新质生产力")].iloc[0]
    assert row["count"] == 2 and row["value"] == 2


def test_month_compilation_by_day_and_week_drops_nothing():
    c = month_corpus()
    for by in ("day", "week"):
        tl = theme_timeline(c, THEMES, by=by)
        t = tl.table[tl.table["theme"] == "新质生产力"]
        assert t["articles"].sum() == len(c)  # every article is somewhere, undated ones included
        assert t["period"].iloc[-1] == UNDATED and t["articles"].iloc[-1] == 2
        assert tl.undated == 2 and "2 篇" in tl.note
        dated = list(t["period"].iloc[:-1])
        assert dated == sorted(dated) and len(dated) == len(set(dated))
        total = sum(len(__import__("re").findall("发展新质生产力|新质生产力", a.text)) for a in c)
        assert t["count"].sum() == total
    days = theme_timeline(c, THEMES, by="day").table
    assert days["period"].nunique() == 31 + 1  # every day of January, empty ones too, then undated
    weeks = theme_timeline(c, THEMES, by="week").table["period"].unique().tolist()
    assert weeks[0] == "2024-W01" and weeks[-2] == "2024-W05"
    month = theme_timeline(c, THEMES, by="month").table
    assert month["period"].tolist() == ["2024-01", "2024-01", UNDATED, UNDATED]  # the bare month fits here


def test_decades_by_year_fill_missing_years_with_zero_articles():
    c = decades_corpus()
    tl = theme_timeline(c, {"高质量发展": ["高质量发展"]}, by="year", measure="count")
    t = tl.table
    years = t["period"].tolist()
    assert years[0] == "1978" and years[-2] == "2023" and years[-1] == UNDATED
    assert years[:-1] == [str(y) for y in range(1978, 2024)]
    gap = t[t["period"] == "1991"].iloc[0]
    assert gap["articles"] == 0 and gap["value"] == 0
    assert t["articles"].sum() == len(c)
    late, early = t[t["period"] == "2023"].iloc[0], t[t["period"] == "1990"].iloc[0]
    assert late["value"] > early["value"] == 0


def test_measures_per10k_and_share():
    c = Corpus([
        art(1, "高质量发展" + "字" * 95, "2024-01-02"),
        art(2, "别的内容" * 25, "2024-01-20"),
        art(3, "高质量发展高质量发展" + "字" * 190, "2024-02-01"),
    ])
    share = theme_timeline(c, {"高": ["高质量发展"]}, by="month", measure="share").table.set_index("period")
    assert share.loc["2024-01", "value"] == pytest.approx(0.5)
    assert share.loc["2024-02", "value"] == pytest.approx(1.0)
    assert share.loc["2024-01", "matching"] == 1 and share.loc["2024-01", "articles"] == 2
    per = theme_timeline(c, {"高": ["高质量发展"]}, by="month", measure="per10k").table.set_index("period")
    assert per.loc["2024-01", "value"] == pytest.approx(1 * 10_000 / 200)
    assert per.loc["2024-02", "value"] == pytest.approx(2 * 10_000 / 200)
    wide = theme_timeline(c, {"高": ["高质量发展"], "别": ["别的"]}, by="month", measure="count").wide()
    assert list(wide.columns) == ["高", "别", "articles"] and list(wide.index) == ["2024-01", "2024-02"]
    assert wide.loc["2024-01", "别"] == 25 and wide.loc["2024-01", "articles"] == 2
    gap = theme_timeline(Corpus([c[1], c[3]]), {"高": ["高质量发展"]}, by="day", measure="share").table
    assert gap["value"].isna().sum() == len(gap) - 2  # empty days have no share, not a share of 0
    with pytest.raises(ValueError):
        theme_timeline(c, THEMES, measure="percent")


def test_exclude_reprints_leaves_out_a_reprinted_speech():
    speech = "坚定不移推动高质量发展，" + "要在各方面各环节落实好中央部署，不断开创工作新局面。" * 8
    c = Corpus([art(1, FILLER + speech, "2024-01-05"), art(2, "转载：" + speech + FILLER, "2024-02-05")])
    both = theme_timeline(c, {"高": ["高质量发展"]}, by="month").table.set_index("period")
    once = theme_timeline(c, {"高": ["高质量发展"]}, by="month", exclude_reprints=True).table.set_index("period")
    assert both.loc["2024-02", "count"] == 1 and once.loc["2024-02", "count"] == 0
    assert once.loc["2024-01", "count"] == 1 and once.loc["2024-02", "articles"] == 1
    tl = theme_timeline(c, {"高": ["高质量发展"]}, by="month", exclude_reprints=True)
    assert tl.detail("高", "2024-02").count == 0 and len(tl.detail("高", "2024-01").kwic) == 1


# ---------------------------------------------------------------- exports and figure


def test_csv_starts_with_the_contract_columns(tmp_path):
    tl = theme_timeline(month_corpus(), THEMES, by="week", measure="share")
    f = tl.to_csv(tmp_path / "t.csv")
    raw = f.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["period", "theme", "value", "articles"]
    assert rows[-1][0] == UNDATED
    vals = [float(r[2]) for r in rows[1:] if r[2]]
    assert all(0 <= v <= 1 for v in vals)


def _tick_labels(fig):
    fig.canvas.draw()
    ax = fig.axes[-1]
    return [t.get_text() for t in ax.get_xticklabels() if t.get_text()]


@pytest.mark.parametrize("name,corpus,by,measure", [
    ("decades_year", decades_corpus, "year", "per10k"),
    ("month_day", month_corpus, "day", "count"),
    ("month_week", month_corpus, "week", "share"),
])
def test_figures_have_dates_in_order_and_chinese_that_renders(name, corpus, by, measure):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    ARTIFACTS.mkdir(exist_ok=True)
    tl = theme_timeline(corpus(), THEMES, by=by, measure=measure)
    fig = tl.figure()
    FigureCanvasAgg(fig)
    labels = _tick_labels(fig)
    assert len(labels) >= 3 and labels == sorted(labels)
    texts = [t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text"))]
    assert any("主题时间线" in t for t in texts) and any("文章数" in t for t in texts)
    assert not missing_chars("".join(texts))
    assert any("undated" in t for t in texts)  # the figure says articles were set aside
    png = tl.to_png(ARTIFACTS / f"timeline_{name}.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tl.to_svg(ARTIFACTS / f"timeline_{name}.svg")
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert tl._repr_png_()[:4] == b"\x89PNG"


# ---------------------------------------------------------------- drill-down


def test_detail_lists_the_articles_and_lines_behind_a_value():
    c = month_corpus()
    tl = theme_timeline(c, THEMES, by="week")
    row = tl.table[(tl.table["theme"] == "新质生产力") & (tl.table["count"] > 0)].iloc[0]
    d = timeline_detail(c, {"新质生产力": THEMES["新质生产力"]}, row["period"])
    assert d.count == row["count"] and d.matching == row["matching"]
    assert len(d.articles) == row["articles"]
    assert len(d.kwic) == row["count"]
    assert set(d.kwic["match"]) <= set(THEMES["新质生产力"])
    assert set(d.kwic["article"]) == set(d.articles.loc[d.articles["mentions"], "article"])
    undated = tl.detail("新质生产力", UNDATED)
    assert len(undated.articles) == 2 and set(undated.articles["date"].fillna("-")) == {"2024-01", "-"}
    with pytest.raises(ValueError):
        timeline_detail(c, "新质生产力", "Jan 2024")


# ---------------------------------------------------------------- command line


def test_cli_timeline_writes_csv_and_figure(tmp_path, capsys):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("新质生产力\n" + "发展新质生产力。" * 3, encoding="utf-8")
    (folder / "b.txt").write_text("统一战线\n" + "巩固和发展统一战线。", encoding="utf-8")
    out_csv, out_png = tmp_path / "t.csv", tmp_path / "t.png"
    rc = main(["timeline", str(folder), "--theme", "新质=新质生产力,发展新质生产力", "--theme", "统一战线",
               "--by", "year", "--measure", "share", "--csv", str(out_csv), "-o", str(out_png)])
    assert rc == 0
    assert not out_csv.read_bytes().startswith(b"\xef\xbb\xbf")  # scripts read "period", not "\ufeffperiod"
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert list(rows[0])[:4] == ["period", "theme", "value", "articles"]
    assert {r["theme"] for r in rows} == {"新质", "统一战线"}
    per_theme = {}
    for r in rows:
        per_theme.setdefault(r["theme"], 0)
        per_theme[r["theme"]] += int(r["articles"])
    assert per_theme == {"新质": 2, "统一战线": 2}
    assert out_png.read_bytes()[:4] == b"\x89PNG"
    captured = capsys.readouterr()
    assert "新质" in captured.out
    assert main(["timeline", str(folder), "-o", str(tmp_path / "t.jpg")]) == 2


def test_cli_timeline_default_themes_are_the_bundled_ones(capsys):
    assert main(["timeline", "--by", "month"]) == 0
    out = capsys.readouterr().out
    for name in resolve_themes(None):
        assert name in out


def test_a_theme_name_the_font_cannot_draw_is_reported():
    tl = theme_timeline(month_corpus(), {"𠀀主题": ["新质生产力"]}, by="week")
    with pytest.warns(UserWarning, match="𠀀"):
        tl.figure()


def test_a_period_without_articles_is_a_gap_in_the_line_not_a_zero():
    """Months with no article at all are not drawn as 0 (that would read as "nobody mentioned it")."""
    import math

    corpus = Corpus([art(1, "高质量发展" + FILLER, "2024-01-05"), art(2, FILLER, "2024-01-20"),
                     art(3, "高质量发展。" * 3 + FILLER, "2024-04-02")])
    tl = theme_timeline(corpus, {"高质量发展": ["高质量发展"]}, by="month")
    line = tl.figure().axes[0].get_lines()[0]
    ys = list(line.get_ydata())
    assert [p for p in tl.table["period"]] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert ys[0] == 1 and ys[3] == 3
    assert math.isnan(ys[1]) and math.isnan(ys[2])


def test_detail_of_a_period_without_articles_is_empty_not_an_error():
    corpus = Corpus([art(1, "高质量发展" + FILLER, "2024-01-05"), art(2, "高质量发展" + FILLER, "2024-03-20")])
    tl = theme_timeline(corpus, {"高质量发展": ["高质量发展"]}, by="month")
    assert "2024-02" in set(tl.table["period"])
    d = tl.detail("高质量发展", "2024-02")
    assert d.count == 0 and d.matching == 0 and len(d.articles) == 0 and len(d.kwic) == 0
    assert d.articles["mentions"].dtype == bool and len(d.articles[d.articles["mentions"]].columns) == 7


def test_cli_table_leaves_out_periods_without_articles_but_the_csv_keeps_them(tmp_path, capsys):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "2020.txt").write_text("报告\n" + "高质量发展。" * 2, encoding="utf-8")
    (folder / "2023.txt").write_text("报告\n" + "高质量发展。" * 5, encoding="utf-8")
    out_csv = tmp_path / "t.csv"
    assert main(["timeline", str(folder), "--theme", "高质量发展", "--by", "year", "--csv", str(out_csv)]) == 0
    captured = capsys.readouterr()
    printed = [line.split()[0] for line in captured.out.splitlines()[1:]]
    assert printed == ["2020", "2023"]
    assert "2 个时期没有文章" in captured.err and "the CSV has them" in captured.err
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert [r["period"] for r in rows] == ["2020", "2021", "2022", "2023"]


def test_a_long_empty_stretch_breaks_the_axis_instead_of_squeezing_the_chart():
    from studykit.timeline import segments

    assert segments([False] + [True] * 17 + [False, False]) == [(0, 1), (18, 20)]
    assert segments([False, True, True, False]) == [(0, 4)]  # short gaps stay on one axis
    corpus = Corpus([art(1, "高质量发展" + FILLER, "2022-07-29"), art(2, "高质量发展" + FILLER, "2024-01-05"),
                     art(3, "高质量发展。" * 2 + FILLER, "2024-02-02")])
    fig = theme_timeline(corpus, {"高质量发展": ["高质量发展"]}, by="month").figure()
    fig.canvas.draw()
    top_left, top_right = fig.axes[0], fig.axes[2]
    assert [round(v) for v in top_left.get_lines()[0].get_ydata()] == [1]
    assert [round(v) for v in top_right.get_lines()[0].get_ydata()] == [1, 2]
    texts = [t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text"))]
    assert any("2022-08 至 2023-12" in t and "断开" in t for t in texts)
    labels = [t.get_text() for a in (fig.axes[1], fig.axes[3]) for t in a.get_xticklabels() if t.get_text()]
    assert labels == ["2022-07", "2024-01", "2024-02"]


def test_a_traditional_character_report_counts_on_the_timeline():
    old = "我們必須堅持以階級鬥爭為綱的錯誤已經糾正。反對把階級鬥爭擴大化。"
    c = Corpus([art(1, old, "1954"), art(2, "不再以阶级斗争为纲。", "1979"), art(3, FILLER, "2000")])
    tl = theme_timeline(c, ["阶级斗争"], by="year")
    counts = dict(zip(tl.table["period"], tl.table["count"], strict=True))
    assert counts["1954"] == 2 and counts["1979"] == 1 and counts["2000"] == 0
    d = timeline_detail(c, ["阶级斗争"], "1954")
    assert list(d.kwic["match"]) == ["階級鬥爭", "階級鬥爭"]  # shown as the text writes it
    assert theme_timeline(c, ["階級鬥爭"], by="year").table["count"].sum() == 3  # typed traditional too


# ---------------------------------------------------------------- terms, first use, split by term


def test_the_table_and_csv_name_the_terms_and_the_first_use(tmp_path):
    c = month_corpus()
    tl = theme_timeline(c, THEMES, by="week")
    t = tl.table
    assert list(t.columns[:4]) == ["period", "theme", "value", "articles"]
    assert set(t.loc[t["theme"] == "新质生产力", "terms"]) == {"新质生产力、发展新质生产力"}
    firsts = tl.firsts.set_index("theme")
    from studykit.corpus import date_bounds

    dated = sorted((*date_bounds(a.date), a.id, a.date) for a in c if a.date and "新质生产力" in a.text)
    assert dated[0][3] == "2024-01-01"  # a day of January comes before the month as a whole
    assert firsts.loc["新质生产力", "first_date"] == dated[0][3]
    assert firsts.loc["新质生产力", "first_article"] == dated[0][2]
    assert firsts.loc["高质量发展", "first_date"] is None and firsts.loc["高质量发展", "first_article"] is None
    rows = list(csv.DictReader(io.StringIO(tl.to_csv(tmp_path / "t.csv").read_text(encoding="utf-8-sig"))))
    assert {"terms", "first_article", "first_date"} <= set(rows[0])
    assert {r["first_date"] for r in rows if r["theme"] == "新质生产力"} == {dated[0][3]}


def test_first_use_is_the_earliest_dated_article_not_the_first_in_the_file():
    c = Corpus([art(1, "高质量发展" + FILLER, "2024-03-02"), art(2, "高质量发展" + FILLER, None),
                art(3, "高质量发展" + FILLER, "2023-11"), art(4, FILLER, "2023-01-01")])
    f = theme_timeline(c, {"高": ["高质量发展"]}, by="month").firsts.iloc[0]
    assert (f["first_article"], f["first_date"], f["first_period"], f["first_title"]) == (3, "2023-11", "2023-11", "文章3")


def test_by_term_splits_a_theme_into_terms_that_add_up_to_it():
    c = month_corpus()
    tl = theme_timeline(c, THEMES, by="week")
    split = tl.by_term()
    assert split.by_term() is split
    assert list(split.themes) == ["新质生产力", "发展新质生产力", "高质量发展"]
    s = split.table
    assert set(s.loc[s["theme"] == "发展新质生产力", "part_of"]) == {"新质生产力"}
    whole = tl.table[tl.table["theme"] == "新质生产力"].set_index("period")["count"]
    parts = s[s["part_of"] == "新质生产力"].groupby("period", sort=False)["count"].sum()
    assert (parts.reindex(whole.index) == whole).all()  # the longest term wins: nothing counted twice
    row = s[(s["theme"] == "发展新质生产力") & (s["count"] > 0)].iloc[0]
    d = split.detail("发展新质生产力", row["period"])
    assert d.term == "发展新质生产力" and d.count == row["count"] and set(d.kwic["match"]) == {"发展新质生产力"}
    cli = theme_timeline(c, THEMES, by="week", by_term=True).table
    assert cli.equals(s)


def test_a_term_two_themes_share_is_named_with_its_theme():
    c = Corpus([art(1, "新质生产力和新兴产业", "2024-01-05")])
    split = theme_timeline(c, {"新质生产力": ["新质生产力"], "组": ["新质生产力", "新兴产业"]}, by="month").by_term()
    assert list(split.themes) == ["新质生产力", "新质生产力（组）", "新兴产业"]
    assert split.table.set_index("theme").loc["新兴产业", "count"] == 1


# ---------------------------------------------------------------- layouts and clicks


def _titles(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text")) if t.get_text()]


def test_legend_lists_each_theme_s_terms_and_first_use():
    tl = theme_timeline(month_corpus(), THEMES, by="week")
    fig = tl.figure()
    texts = _titles(fig)
    assert any("新质生产力、发展新质生产力" in t for t in texts)
    assert any("首次 first use 2024-01" in t for t in texts) and any("未出现" in t for t in texts)
    rings = [ln for ax in fig.axes for ln in ax.get_lines() if getattr(ln, "sk_ring", False)]
    assert [r.sk_theme for r in rings] == ["新质生产力"]  # only the used theme has a first use to mark
    assert rings[0].sk_periods == [period_of(tl.firsts.iloc[0]["first_date"], "week")]


def five_themes() -> dict[str, list[str]]:
    return {"甲": ["高质量发展"], "乙": ["新质生产力"], "丙": ["发展新质生产力"], "丁": ["会议"], "戊": ["合力"]}


@pytest.mark.parametrize("n, layout, panels", [(4, None, False), (5, None, True), (5, "one", False),
                                               (2, "panels", True)])
def test_more_than_four_themes_are_drawn_as_small_multiples(n, layout, panels):
    themes = dict(list(five_themes().items())[:n])
    fig = theme_timeline(month_corpus(), themes, by="week").figure(layout=layout)
    theme_axes = [ax for ax in fig.axes if any(getattr(ln, "sk_theme", None) for ln in ax.get_lines())]
    if panels:
        assert len(theme_axes) == n  # one panel per theme (no axis break here)
        assert [{ln.sk_theme for ln in ax.get_lines()} for ax in theme_axes] == [{name} for name in themes]
        assert len({ax.get_xlim() for ax in theme_axes}) == 1 and len({ax.get_ylim() for ax in theme_axes}) == 1
        assert len(fig.subfigs) >= n + 1 and "one panel per theme" in fig.get_suptitle()
    else:
        assert len(theme_axes) == 1 and len(theme_axes[0].get_lines()) >= n
    with pytest.raises(ValueError):
        theme_timeline(month_corpus(), themes).figure(layout="grid")


def test_cli_layout_and_by_term(tmp_path, capsys):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "2023.txt").write_text("报告\n" + "培育新兴产业。" * 2, encoding="utf-8")
    (folder / "2024.txt").write_text("报告\n" + "发展新质生产力，培育新兴产业。", encoding="utf-8")
    out_csv = tmp_path / "t.csv"
    assert main(["timeline", str(folder), "--theme", "组=新质生产力,新兴产业", "--by", "year", "--by-term",
                 "--layout", "panels", "--csv", str(out_csv), "-o", str(tmp_path / "t.png")]) == 0
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert list(rows[0])[:4] == ["period", "theme", "value", "articles"]
    got = {(r["period"], r["theme"]): int(r["count"]) for r in rows}
    assert got == {("2023", "新质生产力"): 0, ("2023", "新兴产业"): 2, ("2024", "新质生产力"): 1, ("2024", "新兴产业"): 1}
    assert {r["part_of"] for r in rows} == {"组"} and {r["first_date"] for r in rows if r["theme"] == "新质生产力"} == {"2024"}
    err = capsys.readouterr().err
    assert "新质生产力 = 新质生产力；首次 first use 2024" in err


def test_a_click_on_a_point_or_a_bar_names_its_theme_and_period():
    from matplotlib.backend_bases import MouseEvent, PickEvent
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from studykit.timeline import picked, point_at, point_position

    c = month_corpus()
    tl = theme_timeline(c, THEMES, by="week")
    fig = tl.figure()
    FigureCanvasAgg(fig)
    t = tl.table
    row = t[(t["theme"] == "新质生产力") & (t["period"] != UNDATED)].sort_values("count").iloc[-1]
    x, y = point_position(fig, "新质生产力", row["period"])
    assert point_at(fig, x, y) == ("新质生产力", row["period"])
    assert point_at(fig, x + 3, y - 3) == ("新质生产力", row["period"])  # near enough
    assert point_at(fig, 2, 2) is None  # the corner of the figure
    # a simulated click: matplotlib's own picking sends pick events, ``picked`` reads them
    events = []
    fig.canvas.mpl_connect("pick_event", lambda e: events.append(picked(e)))
    MouseEvent("button_press_event", fig.canvas, x, y, button=1)._process()
    assert events and set(events) == {("新质生产力", row["period"])}
    d = tl.detail(*events[0])
    assert d.count == row["count"] and set(d.articles.loc[d.articles["mentions"], "article"]) == \
        {a.id for a in c if period_of(a.date, "week") == row["period"] and "新质生产力" in a.text}
    # a bar of the article counts: (None, its period)
    bar = next(b for ax in fig.axes for b in ax.patches if getattr(b, "sk_period", None) == row["period"])
    bx, by = bar.get_window_extent().get_points().mean(axis=0)
    assert point_at(fig, bx, by) == (None, row["period"])
    pick = PickEvent("pick_event", fig.canvas, MouseEvent("button_press_event", fig.canvas, bx, by), bar)
    assert picked(pick) == (None, row["period"])
    assert point_position(fig, "新质生产力", UNDATED) is None


def test_by_term_and_first_use_read_the_search_form_of_a_traditional_text():
    c = Corpus([art(1, "堅持社會主義道路，反對階級鬥爭擴大化。", "1979"), art(2, "坚持社会主义道路。", "2024")])
    tl = theme_timeline(c, {"组": ["社会主义", "阶级斗争"]}, by="year")
    assert tl.firsts.iloc[0]["first_date"] == "1979"
    split = tl.by_term().table.set_index(["theme", "period"])["count"]
    assert split[("社会主义", "1979")] == 1 and split[("阶级斗争", "1979")] == 1 and split[("社会主义", "2024")] == 1
    d = tl.by_term().detail("阶级斗争", "1979")
    assert d.count == 1 and list(d.kwic["match"]) == ["階級鬥爭"]
