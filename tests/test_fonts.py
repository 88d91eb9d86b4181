"""The bundled Chinese font: found, covers the corpus, draws real glyphs in wordcloud and matplotlib."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ARTIFACTS

from studykit import fonts, paths


def test_bundled_font_is_a_static_otf_with_its_licence():
    f = fonts.font_path()
    assert f == fonts.bundled_font()
    assert f.read_bytes()[:4] == b"OTTO"
    assert (f.parent / "OFL.txt").read_text(encoding="utf-8").count("SIL Open Font License") >= 1
    from fontTools.ttLib import TTFont

    assert "fvar" not in TTFont(f, lazy=True)  # not a variable font


def test_font_covers_every_han_character_of_the_bundled_corpus():
    text = paths.bundled_corpus().read_text(encoding="utf-8")
    han = "".join(sorted({c for c in text if "\u4e00" <= c <= "\u9fff"}))
    assert len(han) > 1500
    assert fonts.missing_chars(han) == []
    assert fonts.missing_chars("新质生产力，“十四五”——（一）１２ＡＢ") == []


def test_missing_chars_reports_what_the_font_lacks():
    assert fonts.missing_chars("王🖂莉霞") == ["🖂"]


def test_environment_variable_and_argument_choose_another_font(tmp_path, monkeypatch):
    other = tmp_path / "other.otf"
    other.write_bytes(fonts.bundled_font().read_bytes())
    monkeypatch.setenv("STUDYKIT_FONT", str(other))
    assert fonts.font_path() == other
    assert fonts.font_path(fonts.bundled_font()) == fonts.bundled_font()


def test_missing_or_non_font_file_gives_an_error_naming_it(tmp_path):
    with pytest.raises(fonts.FontError, match="nope.ttf"):
        fonts.font_path(tmp_path / "nope.ttf")
    bad = tmp_path / "notes.ttf"
    bad.write_text("not a font", encoding="utf-8")
    with pytest.raises(fonts.FontError, match="notes.ttf"):
        fonts.font_path(bad)


def _ink(img: np.ndarray) -> float:
    """Share of pixels that differ from the background colour of the top-left corner."""
    return float((np.abs(img.astype(int) - img[0, 0].astype(int)).sum(axis=-1) > 60).mean())


def test_wordcloud_draws_chinese_with_the_bundled_font():
    from wordcloud import WordCloud

    wc = WordCloud(font_path=str(fonts.font_path()), width=400, height=200, background_color="white",
                   random_state=1, prefer_horizontal=1)
    wc.generate_from_frequencies({"新质生产力": 10, "高质量发展": 8, "中国式现代化": 6, "勠力同心": 3})
    ARTIFACTS.mkdir(exist_ok=True)
    wc.to_file(ARTIFACTS / "font_wordcloud.png")
    img = wc.to_array()
    assert _ink(img) > 0.02
    assert set(wc.words_) == {"新质生产力", "高质量发展", "中国式现代化", "勠力同心"}


def test_matplotlib_draws_chinese_with_the_bundled_font():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    name = fonts.use_in_matplotlib()
    assert name == "Studykit Noto Sans SC"
    fig, ax = plt.subplots(figsize=(4, 2), dpi=100)
    ax.set_title("新质生产力的时间线")
    ax.plot([1, 2, 3], [1, 3, 2])
    ax.set_xlabel("月份")
    ARTIFACTS.mkdir(exist_ok=True)
    fig.savefig(ARTIFACTS / "font_matplotlib.png", bbox_inches="tight")
    from matplotlib.font_manager import findfont

    assert findfont(matplotlib.font_manager.FontProperties(family=name)).endswith(fonts.BUNDLED_FONT)
    plt.close(fig)
