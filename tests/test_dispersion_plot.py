"""Dispersion: where in each article a term occurs, as a table, a figure and on the command line."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import ARTIFACTS

import studykit as sk
from studykit.cli import main
from studykit.corpus import Article, Corpus
from studykit.counts import kwic
from studykit.dispersion_plot import dispersion_table, mark_at, picked
from studykit.fonts import missing_chars

FILLER = "会议强调，要把各项工作做深做实，推动形成合力。"


def corpus() -> Corpus:
    return Corpus([
        Article(1, "开头就提", "发展新质生产力" + FILLER * 20 + "新质生产力。", date="2024-01-05"),
        Article(2, "没有提到", FILLER * 10, date="2024-01-06"),
        Article(3, "中间和结尾", FILLER * 10 + "新兴产业和新质生产力" + FILLER * 10 + "新质生产力", date="2023-12-30"),
        Article(4, "无日期", "新兴产业" + FILLER, date=None),
    ])


def test_positions_are_the_kwic_offsets_as_fractions_of_the_article():
    c = corpus()
    t = dispersion_table(c, "新质生产力")
    assert list(t.columns[:5]) == ["article", "title", "date", "position", "length"]
    hits = kwic(c, "新质生产力")
    assert list(zip(t["article"], t["offset"], strict=True)) == list(zip(hits["article"], hits["offset"], strict=True))
    for r in t.itertuples():
        assert r.length == len(c[r.article].text)
        assert r.position == pytest.approx(r.offset / r.length)
        assert c[r.article].text[r.offset:r.offset + len(r.match)] == r.match
    assert t.loc[t["article"] == 1, "position"].iloc[-1] > 0.95  # the last one is at the end
    assert 0 <= t["position"].min() and t["position"].max() < 1


def test_several_terms_nested_terms_count_once():
    c = corpus()
    t = dispersion_table(c, "发展新质生产力,新质生产力，新兴产业")
    assert t[t["article"] == 1]["match"].tolist() == ["发展新质生产力", "新质生产力"]  # not three
    assert t[t["article"] == 3]["match"].tolist() == ["新兴产业", "新质生产力", "新质生产力"]
    assert dispersion_table(c, ["新兴产业"])["article"].tolist() == [3, 4]
    with pytest.raises(ValueError):
        dispersion_table(c, " , ")


def test_the_figure_has_a_row_per_article_and_a_click_on_a_mark_finds_its_place():
    from matplotlib.backend_bases import MouseEvent
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    c = corpus()
    fig = sk.dispersion(c, "新质生产力,新兴产业")
    assert isinstance(fig, Figure)
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 3 and labels[0].startswith("3 · 2023-12-30") and labels[-1].startswith("4 · —")
    texts = [t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text"))]
    assert not missing_chars("".join(texts)) and any("4 篇中 3 篇出现" in t for t in texts)
    marks = [(coll, m) for coll in ax.collections for m in getattr(coll, "sk_marks", [])]
    assert len(marks) == len(dispersion_table(c, "新质生产力,新兴产业"))
    coll = next(col for col, m in marks if m[0] == 3 and m[2] == "新质生产力")
    i = next(k for k, m in enumerate(coll.sk_marks) if m[0] == 3)
    x, y = ax.transData.transform(coll.get_segments()[i].mean(axis=0))
    assert mark_at(fig, x, y) == coll.sk_marks[i] and mark_at(fig, x + 2, y + 5) == coll.sk_marks[i]
    art, offset, match = coll.sk_marks[i]
    assert c[art].text[offset:offset + len(match)] == match
    assert mark_at(fig, 3, 3) is None
    got = []
    fig.canvas.mpl_connect("pick_event", lambda e: got.append(picked(e)))
    MouseEvent("button_press_event", fig.canvas, x, y, button=1)._process()
    assert got and set(got) == {coll.sk_marks[i]}
    ARTIFACTS.mkdir(exist_ok=True)
    fig.savefig(ARTIFACTS / "dispersion.png", dpi=100)


def test_many_articles_keep_those_with_most_hits_and_say_so():
    arts = [Article(i, f"文章{i}", FILLER + "新质生产力" * (i % 4 + 1), date=f"2024-01-{i:02d}") for i in range(1, 21)]
    fig = sk.dispersion(Corpus(arts), "新质生产力", max_articles=5)
    fig.canvas.draw()
    assert len(fig.axes[0].get_yticklabels()) == 5
    assert any("另有 15 篇" in t.get_text() for t in fig.texts)


def test_cli_writes_the_plot_and_the_positions(tmp_path, capsys):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "2024-01-05.txt").write_text("会议\n" + "发展新质生产力。" + FILLER * 5 + "新质生产力", encoding="utf-8")
    (folder / "2024-01-06.txt").write_text("会议\n" + FILLER * 3, encoding="utf-8")
    out, table = tmp_path / "plot.png", tmp_path / "d.csv"
    assert main(["dispersion", "新质生产力", str(folder), "-o", str(out), "--csv", str(table)]) == 0
    assert out.read_bytes()[:4] == b"\x89PNG"
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert list(rows[0])[:5] == ["article", "title", "date", "position", "length"]
    assert len(rows) == 2 and {r["date"] for r in rows} == {"2024-01-05"}
    assert float(rows[0]["position"]) == pytest.approx(int(rows[0]["offset"]) / int(rows[0]["length"]))
    assert "2 hits in 1 of 2 articles" in capsys.readouterr().err
    assert main(["dispersion", "新质生产力", str(folder)]) == 0  # no file asked: the table is printed
    assert "新质生产力" in capsys.readouterr().out
    assert main(["dispersion", "不会出现的词", str(folder), "-o", str(out)]) == 2
    assert main(["dispersion", "新质生产力", str(folder), "-o", str(tmp_path / "x.jpg")]) == 2


def test_a_traditional_text_is_found_and_shown_as_written():
    c = Corpus([Article(1, "舊文", "堅持社會主義道路。" + FILLER * 3 + "建設社會主義現代化國家", date="1980"),
                Article(2, "新文", "坚持社会主义道路。", date="2024")])
    t = dispersion_table(c, "社会主义")
    assert t["match"].tolist() == ["社會主義", "社會主義", "社会主义"] and set(t["term"]) == {"社会主义"}
    for r in t.itertuples():
        assert c[r.article].text[r.offset:r.offset + len(r.match)] == r.match
    assert len(dispersion_table(c, "社會主義")) == 3  # typed traditional finds the same
    fig = sk.dispersion(c, "社会主义")
    assert sum(len(coll.sk_marks) for coll in fig.axes[0].collections if hasattr(coll, "sk_marks")) == 3
