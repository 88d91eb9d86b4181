"""The search form (``text.fold(form="search")``): what it folds, what it leaves alone, its map back to
the original, and properties that hold for any text (normalising twice changes nothing, every hit maps
back to the same characters, no Han character is lost)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studykit.text import HAN_RE, fold, han_count, in_number, search_form


def _search(text: str) -> str:
    return fold(text, form="search").text


# ---------------------------------------------------------------- what is folded


def test_traditional_characters_become_simplified_in_place():
    f = fold("一九五四年的報告寫道：社會主義和階級鬥爭。", form="search")
    assert f.text == "一九五四年的报告写道：社会主义和阶级斗争。"
    assert f.where is None  # every character kept its place: no offset array is stored


def test_full_width_letters_digits_and_symbols_become_half_width_but_chinese_punctuation_stays():
    assert _search("１９９５年ＧＤＰ增长５％，比上年增长１．５倍（全年）！对吗？是：是；") == \
        "1995年GDP增长5%，比上年增长1.5倍（全年）！对吗？是：是；"
    assert _search("ａｂｃ＋－／＠") == "abc+-/@"


def test_kangxi_radicals_and_compatibility_ideographs_become_unified_characters():
    assert _search("⼗⼈⼤会议，⼟地") == "十人大会议，土地"
    assert _search("\uf900\ufa10") == "岂冢"  # compatibility → unified 豈 塚, then simplified
    assert _search("\U0002f800") == "\u4e3d"  # the supplement, outside the BMP
    assert _search("，（）") == "，（）"  # no NFKC of the whole text


def test_zero_width_characters_and_soft_hyphens_are_dropped_and_the_map_skips_them():
    text = "同志\u200b關\u00ad於\u200d报告"
    f = fold(text, form="search")
    assert f.text == "同志关于报告"
    assert [text[i] for i in f.offsets] == ["同", "志", "關", "於", "报", "告"]


def test_a_line_break_inside_a_sentence_is_joined_and_paragraph_ends_are_kept():
    assert _search("我们认为，在毛澤東同志\n關於過渡時期總路線的指示下，前进。") == \
        "我们认为，在毛泽东同志关于过渡时期总路线的指示下，前进。"
    assert _search("这是“两个确立”\n的决定性意义。") == "这是“两个确立”的决定性意义。"
    kept = ["第一段结束。\n第二段", "他指出：\n坚持", "人民。”\n下一段", "是，\n（一）坚持", "是，\n一、总体要求",
            "是，\n第二，坚持", "是，\n\n空行之后", "是，\n　　缩进的段落", "前言\n正文"]
    for text in kept:
        assert _search(text) == text, text


def test_a_short_line_without_punctuation_that_opens_a_paragraph_is_a_heading_not_a_broken_line():
    text = "上一段。\n坚持稳中求进\n今年的工作，要稳字当头。"
    assert _search(text) == text


def test_a_broken_line_between_latin_words_becomes_a_space():
    f = fold("他说，the economic\ngrowth，完。", form="search")
    assert f.text == "他说，the economic growth，完。"
    assert f.where is None


def test_simplified_text_is_never_converted():
    text = "打坏了的东西，要修。于是我们发现问题。"  # OpenCC's phrase table alone would write 打坯
    f = fold(text, form="search")
    assert f.text is text and f.where is None


def test_a_typed_term_is_normalised_like_the_texts_and_a_pattern_keeps_its_symbols():
    assert search_form("社會主義") == "社会主义"
    assert search_form("１９９５年") == "1995年"
    assert search_form("１９９５｜社會．＊", pattern=True) == "1995｜社会．＊"
    assert search_form("社會|主義.", pattern=True) == "社会|主义."


def test_the_compare_form_is_the_search_form_plus_whitespace_quotes_and_case():
    assert fold("社會 主義“ＧＤＰ”").text == fold("社会主义\"gdp\"").text == '社会主义"gdp"'
    assert fold("社會主義", convert=False).text == "社會主義"


def test_unknown_form_is_refused():
    with pytest.raises(ValueError):
        fold("x", form="loud")


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(("text", "term", "inside"), [
    ("一九五四年", "九五", True), ("二〇一五年", "一五", True), ("三月十五日", "十五", True),
    ("有十五个省", "十五", True), ("二十五", "十五", True), ("十三个代表团", "三个代表", True),
    ("“九五”计划", "九五", False), ("十五计划期间", "十五", False), ("践行三个代表", "三个代表", False),
    ("四个意识", "四个意识", False), ("1995年", "95", True),
])
def test_in_number_tells_a_formulation_from_part_of_a_number(text, term, inside):
    s = text.index(term)
    assert in_number(text, s, s + len(term)) is inside


# ---------------------------------------------------------------- properties

_PIECES = ["社會主義", "階級鬥爭", "關於", "過渡時期", "總路線", "國家", "發展", "社会主义", "改革开放", "打坏",
           "１９９５", "ＧＤＰ", "５％", "⼗", "⼈", "\uf900", "\U0002f800", "\u200b", "\u200d", "\xad", "\n", "\n\n",
           "　　", " ", "\t", "，", "。", "：", "！", "（一）", "一、", "“", "”", "abc", "economic", "12", "·"]
texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)
_SETTINGS = dict(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(**_SETTINGS)
@given(texts)
def test_normalising_twice_changes_nothing(text):
    once = _search(text)
    assert _search(once) == once
    compared = fold(text).text
    assert fold(compared).text == compared


@settings(**_SETTINGS)
@given(texts, st.data())
def test_every_hit_in_the_search_form_maps_back_to_the_same_characters(text, data):
    f = fold(text, form="search")
    offs = f.offsets.tolist()
    assert offs == sorted(set(offs)) and all(0 <= o < len(text) for o in offs)
    if not f.text:
        return
    s = data.draw(st.integers(0, len(f.text) - 1))
    e = data.draw(st.integers(s + 1, len(f.text)))
    os_, oe = f.span(s, e)
    piece = text[os_:oe]
    if "\n" in piece:  # whether a break is joined depends on the lines around it
        return
    assert _search(piece) == f.text[s:e]


@settings(**_SETTINGS)
@given(texts)
def test_no_han_character_is_lost(text):
    radicals = sum(1 for c in text if 0x2F00 <= ord(c) <= 0x2FDF or c in "\u2e9f\u2ef3")
    assert han_count(_search(text)) == han_count(text) + radicals
    assert han_count(fold(text).text) == han_count(text) + radicals


CHARS = st.one_of(st.characters(min_codepoint=0x3000, max_codepoint=0xFFFF),
                  st.characters(min_codepoint=0x1F000, max_codepoint=0x32000),
                  st.sampled_from("ab，。 \n\ud840\udc01\ud800"))


@settings(max_examples=60, deadline=None)
@given(st.lists(CHARS, min_size=0, max_size=1500).map("".join))
def test_han_count_counts_what_the_han_class_matches(text):
    assert han_count(text) == len(HAN_RE.findall(text))
