"""The lexicon, stop-word and theme files: bundled content, validation, BOM/CRLF, user files."""

from __future__ import annotations

import pytest

from studykit.lexicon import (
    LexiconError,
    load_lexicon,
    load_stopwords,
    numbered_value,
    numeral_value,
    parse_lexicon,
    split_items,
    user_file,
)
from studykit.themes import load_themes

REQUIRED = ["新质生产力", "中国式现代化", "高质量发展", "主题教育", "统一战线", "两个确立", "两个维护", "四个意识",
            "四个自信", "铸牢中华民族共同体意识", "全过程人民民主", "新发展格局"]
THEMES = ["新质生产力", "高质量发展", "中国式现代化", "统一战线", "全过程人民民主", "新发展格局", "主题教育"]


def test_bundled_lexicon_has_the_required_formulations():
    lex = load_lexicon()
    for term in REQUIRED:
        assert lex.get(term) is not None, term
    assert lex.get("四个意识").components == ("政治意识", "大局意识", "核心意识", "看齐意识")
    assert lex.get("四个自信").components == ("道路自信", "理论自信", "制度自信", "文化自信")


def test_numbered_entries_list_as_many_components_as_their_number():
    for e in load_lexicon():
        n = numbered_value(e.canonical)
        if n and e.components:
            assert len(e.components) == n, e.canonical


def test_an_item_may_contain_a_comma_when_semicolons_separate():
    lex = load_lexicon()
    assert len(lex.get("两个确立").components) == 2
    assert "、" in lex.get("两个确立").components[0]
    assert split_items("甲、乙，丙") == ["甲", "乙", "丙"]
    assert split_items("甲、乙；丙") == ["甲、乙", "丙"]


@pytest.mark.parametrize("text,value", [("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20),
                                        ("九十九", 99), ("十十", None), ("百", None), ("", None)])
def test_numeral_value(text, value):
    assert numeral_value(text) == value


def test_numbered_value():
    assert numbered_value("四个意识") == 4
    assert numbered_value("十二个必须") == 12
    assert numbered_value("新质生产力") is None


def test_malformed_line_names_file_and_line(tmp_path):
    f = tmp_path / "mine.txt"
    f.write_text("# my words\n量子新赛道\n坏 条目 | 变体\n", encoding="utf-8")
    with pytest.raises(LexiconError) as e:
        load_lexicon([f])
    assert e.value.line == 3 and e.value.file == str(f)
    assert "mine.txt" in str(e.value) and "line 3" in str(e.value)


@pytest.mark.parametrize("line,why", [
    ("a | b | c | d", "fields"),
    (" | 变体", "empty"),
    ("三个务必 | | 甲、乙", "components"),
    ("—— | ", "no Chinese"),
])
def test_malformed_entries_are_refused(tmp_path, line, why):
    f = tmp_path / "bad.txt"
    f.write_text("第一条\n" + line + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=why) as e:
        parse_lexicon(f)
    assert e.value.line == 2


def test_bom_and_crlf_are_accepted(tmp_path):
    f = tmp_path / "windows.txt"
    f.write_bytes("\ufeff量子新赛道\r\n三个新 | | 新甲、新乙、新丙\r\n".encode())
    lex = load_lexicon([f], bundled=False)
    assert [e.canonical for e in lex] == ["量子新赛道", "三个新"]
    assert lex.get("三个新").components == ("新甲", "新乙", "新丙")
    assert lex.get("三个新").line == 2


def test_user_file_adds_and_replaces_entries(tmp_path):
    f = tmp_path / "mine.txt"
    f.write_text("量子新赛道 | 量子赛道\n新质生产力 | 新质力量\n", encoding="utf-8")
    lex = load_lexicon([f])
    assert lex.get("量子赛道").canonical == "量子新赛道"
    assert lex.get("新质生产力").variants == ("新质力量",)
    assert lex.get("四个意识") is not None
    assert lex.fingerprint() != load_lexicon().fingerprint()


def test_lexicon_reload_sees_an_edited_file(tmp_path):
    f = tmp_path / "mine.txt"
    f.write_text("量子新赛道\n", encoding="utf-8")
    assert load_lexicon([f], bundled=False).words() == ["量子新赛道"]
    f.write_text("量子新赛道\n数字新基建\n", encoding="utf-8")
    assert load_lexicon([f], bundled=False).words() == ["量子新赛道", "数字新基建"]


def test_bundled_stopwords_cover_function_words_punctuation_and_digits():
    stop = load_stopwords()
    for w in ["的", "了", "和", "在", "是", "，", "。", "、", "“", "1", "0"]:
        assert w in stop
    for w in REQUIRED + ["发展", "坚持"]:
        assert w not in stop
    assert "坚持" in load_stopwords(stock_phrases=True)


def test_user_stopwords_and_their_errors(tmp_path):
    f = tmp_path / "stop.txt"
    f.write_bytes("\ufeff同志们\r\n各位\r\n".encode())
    stop = load_stopwords([f])
    assert {"同志们", "各位", "的"} <= stop
    assert load_stopwords([f], bundled=False) == {"同志们", "各位"}
    f.write_text("同志们\n两个 词\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="line 2"):
        load_stopwords([f])


def test_bundled_themes():
    themes = load_themes()
    for name in THEMES:
        assert themes[name], name
        assert name in themes[name]
    assert "全过程民主" in themes["全过程人民民主"]
    assert all(isinstance(t, str) and t for terms in themes.values() for t in terms)


def test_own_theme_file_and_its_errors(tmp_path):
    f = tmp_path / "themes.txt"
    f.write_bytes("\ufeff# mine\r\n科技：科技创新、新质生产力\r\n作风: 四风\r\n".encode())
    assert load_themes(f) == {"科技": ["科技创新", "新质生产力"], "作风": ["四风"]}
    f.write_text("科技: 科技创新\n没有冒号的行\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="line 2"):
        load_themes(f)
    f.write_text("空主题:\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="no term"):
        load_themes(f)


def test_not_utf8_is_an_error_with_the_line(tmp_path):
    f = tmp_path / "gbk.txt"
    f.write_bytes("新质生产力\n".encode() + "高质量发展\n".encode("gbk"))
    with pytest.raises(LexiconError, match="line 2"):
        parse_lexicon(f)


def test_files_in_the_user_data_folder_are_picked_up(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYKIT_DATA_DIR", str(tmp_path))
    assert user_file("lexicon.txt") == tmp_path / "lexicon.txt"
    assert load_lexicon().get("数智赋能新赛道") is None
    (tmp_path / "lexicon.txt").write_text("数智赋能新赛道\n", encoding="utf-8")
    (tmp_path / "stopwords.txt").write_text("同志们\n", encoding="utf-8")
    (tmp_path / "themes.txt").write_text("数智: 数字经济、人工智能\n统一战线: 统战\n", encoding="utf-8")
    assert load_lexicon().get("数智赋能新赛道") is not None
    assert load_lexicon().get("新质生产力") is not None
    assert load_lexicon(bundled=False).words() == []
    assert "同志们" in load_stopwords() and "的" in load_stopwords()
    themes = load_themes()
    assert themes["数智"] == ["数字经济", "人工智能"]
    assert themes["统一战线"] == ["统战"]
    assert "新质生产力" in themes
