"""Word clouds: what is counted, how it is laid out (horizontal, no overlaps, no tofu), exports, CLI."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from conftest import ARTIFACTS
from PIL import Image, ImageDraw, ImageFont

from studykit import cloud as cloud_mod
from studykit.cli import main
from studykit.cloud import OTHER_COLOR, compare_clouds, word_cloud
from studykit.corpus import Article, Corpus
from studykit.fonts import bundled_font

JAN = "要因地制宜发展新质生产力。新质生产力是创新起主导作用的先进生产力。加快发展新质生产力。" * 6
FEB = "推进中国式现代化，铸牢中华民族共同体意识。巩固和发展最广泛的爱国统一战线。" * 6


def corpus() -> Corpus:
    return Corpus([
        Article(id=1, title="一月", text=JAN + "我们的工作要做好。", date="2024-01-10", source="求是"),
        Article(id=2, title="二月", text=FEB + "我们的工作要做好。", date="2024-02-12", source="人民日报"),
        Article(id=3, title="二月下", text=FEB + "统一战线的法宝作用。", date="2024-02-20", source="人民日报"),
    ])


def boxes(c) -> list[tuple[str, tuple[int, int, int, int]]]:
    """The box every placed word covers when drawn (as wordcloud's to_image draws it)."""
    wc = c.wordcloud
    draw = ImageDraw.Draw(Image.new("L", (1, 1)))
    out = []
    for (word, _f), size, (row, col), orientation, _color in wc.layout_:
        assert orientation is None  # horizontal
        font = ImageFont.TransposedFont(ImageFont.truetype(wc.font_path, size), None)
        out.append((word.strip(), draw.textbbox((col, row), word.strip(), font=font)))
    return out


def assert_no_overlap_and_inside(c, width: int, height: int) -> None:
    bs = boxes(c)
    for word, (x0, y0, x1, y1) in bs:
        assert 0 <= x0 and 0 <= y0 and x1 <= width and y1 <= height, f"{word} is clipped"
    for (w1, a), (w2, b) in itertools.combinations(bs, 2):
        apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
        assert apart, f"{w1} and {w2} overlap"


def test_cloud_keeps_formulations_whole_and_stop_words_out():
    c = word_cloud(corpus())
    words = c.layout_words
    assert "新质生产力" in words and "中国式现代化" in words
    assert "新质" not in words
    assert not {"的", "和", "是"} & set(words)
    assert set(c.frequencies["term"]) >= set(words)
    assert c.articles == 3 and "3 篇" in c.title


def test_same_input_same_picture_every_time():
    a, b = word_cloud(corpus()), word_cloud(corpus())
    assert a.wordcloud.layout_ == b.wordcloud.layout_
    assert np.array_equal(np.asarray(a.to_image()), np.asarray(b.to_image()))


@pytest.mark.parametrize("width,height", [(800, 400), (300, 300)])
def test_words_are_horizontal_inside_the_canvas_and_never_overlap(width, height):
    freqs = {f"词语{i}": 200 - i for i in range(150)}
    freqs.update({"工作": 400, "发展": 380, "国家": 300, "团结": 290, "中国式现代化": 250})
    c = word_cloud(frequencies=freqs, width=width, height=height)
    assert len(c.layout_words) > 40
    assert_no_overlap_and_inside(c, width, height)


def test_min_font_size_keeps_every_word_readable():
    freqs = {f"词语{i}": 200 - i for i in range(150)}
    small = word_cloud(frequencies=freqs, width=560, height=360)
    big = word_cloud(frequencies=freqs, width=560, height=360, min_font_size=14)
    assert min(size for _w, size, *_ in small.wordcloud.layout_) < 14
    assert min(size for _w, size, *_ in big.wordcloud.layout_) >= 14
    assert 10 < len(big.layout_words) < len(small.layout_words)
    assert_no_overlap_and_inside(big, 560, 360)


def test_the_explorer_draws_no_word_too_small_for_a_projector():
    pytest.importorskip("ipywidgets")
    from studykit.widgets import CloudExplorer
    from studykit.widgets.cloud import MIN_FONT

    x = CloudExplorer(corpus())
    for side in (x.left, x.right):
        assert side.cloud is not None and min(s for _w, s, *_ in side.cloud.wordcloud.layout_) >= MIN_FONT >= 12


def test_scope_article_dates_source_and_theme():
    k = corpus()
    one = word_cloud(k, article=1)
    assert "新质生产力" in one.layout_words and "统一战线" not in one.layout_words and one.articles == 1
    feb = word_cloud(k, date_from="2024-02", date_to="2024-02")
    assert feb.articles == 2 and "新质生产力" not in feb.layout_words
    src = word_cloud(k, source="求是")
    assert src.articles == 1 and "新质生产力" in src.layout_words
    theme = word_cloud(k, theme="统一战线")
    assert theme.articles == 2 and "统一战线" in theme.title
    mine = word_cloud(k, theme={"法宝": ["法宝作用"]})
    assert mine.articles == 1
    with pytest.raises(ValueError):
        word_cloud(k, date_from="2023-01", date_to="2023-12")


def test_a_character_the_font_lacks_falls_back_to_an_installed_font(monkeypatch):
    from matplotlib import font_manager

    latin = font_manager.findfont("DejaVu Sans", fallback_to_default=True)
    monkeypatch.setattr(cloud_mod, "_installed_fonts", lambda: [bundled_font()])
    c = word_cloud(frequencies={"勠力同心": 5, "Study": 3}, font=latin)
    assert c.font == str(bundled_font()) and c.missing == []
    assert "勠力同心" in c.layout_words
    assert any("instead" in w for w in c.warnings)


def test_a_character_no_font_has_is_reported_and_its_word_left_out(monkeypatch):
    monkeypatch.setattr(cloud_mod, "_installed_fonts", lambda: [])
    c = word_cloud(frequencies={"发展": 9, "𠀀𠀁": 8, "团结": 5})
    assert c.missing == ["𠀀", "𠀁"]
    assert "𠀀𠀁" not in c.layout_words and "发展" in c.layout_words
    assert any("left out" in w for w in c.warnings)


@pytest.mark.parametrize("kind", ["white", "transparent"])
def test_mask_keeps_words_inside_the_shape(kind):
    size = 300
    yy, xx = np.mgrid[:size, :size]
    inside = (yy - size / 2) ** 2 + (xx - size / 2) ** 2 < (size * 0.4) ** 2
    if kind == "white":
        mask = Image.fromarray(np.where(inside, 0, 255).astype(np.uint8))
    else:
        rgba = np.zeros((size, size, 4), np.uint8)
        rgba[..., 3] = np.where(inside, 255, 0)
        mask = Image.fromarray(rgba, "RGBA")
    c = word_cloud(corpus(), mask=mask, width=size, height=size)
    img = np.asarray(c.to_image().convert("L"))
    assert img.shape == (size, size)
    assert (img[~inside] > 250).all()  # nothing drawn outside the circle
    assert (img[inside] < 200).any()
    ARTIFACTS.mkdir(exist_ok=True)
    c.to_png(ARTIFACTS / f"cloud_mask_{kind}.png")


def test_colour_by_theme():
    c = word_cloud(corpus(), color_by_theme={"新质生产力": ["新质生产力"], "统一战线": ["统一战线"]})
    colours = {w.strip(): col for (w, _f), _s, _p, _o, col in c.wordcloud.layout_}
    assert colours["新质生产力"] == c.theme_colors["新质生产力"]
    assert colours["统一战线"] == c.theme_colors["统一战线"]
    assert colours["新质生产力"] != colours["统一战线"]
    assert colours["中国式现代化"] == OTHER_COLOR


def test_exports_and_notebook_display(tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    c = word_cloud(corpus(), width=640, height=320, color_by_theme=True)
    png = c.to_png(ARTIFACTS / "cloud_small.png")
    assert Image.open(png).size == (640, 320)
    svg = c.to_svg(tmp_path / "c.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "@font-face" in svg and "新质生产力" in svg
    assert c._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"
    fig = c.figure()
    assert fig.axes and fig.axes[0].get_title() == c.title
    fig.savefig(ARTIFACTS / "cloud_small_figure.png")


def test_two_clouds_side_by_side():
    k = corpus()
    pair = compare_clouds(word_cloud(k, date_from="2024-01", date_to="2024-01"),
                          word_cloud(k, date_from="2024-02", date_to="2024-02"), titles=("一月", "二月"))
    fig = pair.figure()
    assert [ax.get_title() for ax in fig.axes if ax.get_title()] == ["一月", "二月"]
    ARTIFACTS.mkdir(exist_ok=True)
    assert pair.to_png(ARTIFACTS / "cloud_compare.png").read_bytes()[:4] == b"\x89PNG"


def test_cli_cloud_png_and_svg(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("一月\n" + JAN, encoding="utf-8")
    out = tmp_path / "c.png"
    assert main(["cloud", str(folder), "--width", "400", "--height", "200", "-o", str(out)]) == 0
    assert Image.open(out).size == (400, 200)
    assert main(["cloud", str(folder), "-o", str(tmp_path / "c.svg")]) == 0
    svg = (tmp_path / "c.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "新质生产力" in svg
    assert main(["cloud", str(folder), "--stop", "新质生产力", "-o", str(tmp_path / "d.svg")]) == 0
    assert "新质生产力" not in (tmp_path / "d.svg").read_text(encoding="utf-8")
    assert main(["cloud", str(folder), "-o", str(tmp_path / "c.jpg")]) == 2
    assert main(["cloud", str(folder), "--article", "9", "-o", str(out)]) == 2
    assert main(["cloud", str(folder), "--width", "0", "-o", str(out)]) == 2


def test_one_character_words_are_drawn_only_when_asked():
    freqs = {"新": 90, "大": 80, "做": 70, "新质生产力": 50, "高质量发展": 40, "统一战线": 30}
    plain = word_cloud(frequencies=freqs, width=500, height=300)
    assert not {"新", "大", "做"} & set(plain.layout_words)
    assert plain.layout_words[0] == "新质生产力"  # the largest word is a real word, not 新
    both = word_cloud(frequencies=freqs, width=500, height=300, single_chars=True)
    assert {"新", "大", "做"} <= set(both.layout_words) and both.layout_words[0] == "新"
    with pytest.raises(ValueError, match="one-character words"):
        word_cloud(frequencies={"新": 3, "大": 2})


def test_cli_cloud_single_characters(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("一月\n" + "党领导一切。新征程，新作为，新气象。" * 20 + JAN, encoding="utf-8")
    from studykit import load_corpus

    default = word_cloud(k := load_corpus(folder))
    asked = word_cloud(k, single_chars=True)
    assert all(len(w) > 1 for w in default.layout_words) and any(len(w) == 1 for w in asked.layout_words)
    assert main(["cloud", str(folder), "--single-chars", "-o", str(tmp_path / "s.svg")]) == 0
    assert main(["cloud", str(folder), "-o", str(tmp_path / "p.svg")]) == 0
    assert ">党<" not in (tmp_path / "p.svg").read_text(encoding="utf-8").replace(" ", "")


def test_a_cloud_is_named_by_what_it_holds_and_the_day():
    import datetime as dt

    k, day = corpus(), dt.date(2024, 3, 5)
    assert word_cloud(k).filename("png", day) == "词云_全部文章_2024-03-05.png"
    assert word_cloud(k, article=2).filename("svg", day) == "词云_第2篇_2024-03-05.svg"
    assert word_cloud(k, date_from="2024-01", date_to="2024-02").filename(when=day) == "词云_2024-01至2024-02_2024-03-05.png"
    assert word_cloud(k, theme="统一战线", source="人民日报").filename(when=day) == \
        "词云_来源人民日报_主题统一战线_2024-03-05.png"
