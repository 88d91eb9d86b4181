"""Aligned comparisons: opcodes, identity, escaped side-by-side HTML, omitted sentences, strips."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from html.parser import HTMLParser

from conftest import ARTIFACTS

from studykit.align import align, compare_html, identity, pair_html, save_html, strip_html
from studykit.corpus import Article, Corpus
from studykit.repeats import find_repeats
from studykit.text import fold


def normalise(text):
    f = fold(text)
    return f.text, f.offsets.tolist()


S1 = "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。"
S2 = "要完整、准确、全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。"
S3 = "必须牢记高质量发展是新时代的硬道理，把加快建设现代化经济体系落实到位。"
S4 = "要统筹扩大内需和深化供给侧结构性改革，增强国内大循环内生动力和可靠性。"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[tuple[str, str]] = []  # (innermost open tag, text)
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("br", "col"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append((self.stack[-1] if self.stack else "", data))


def _parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    return p


def test_align_covers_both_texts_and_equal_parts_are_equal():
    a = S1 + S2 + S3
    b = S1.replace("全面", "全 面") + S3.replace("硬道理", "根本道理") + "新增一句。"
    ops = align(a, b)
    assert ops[0][1] == 0 and ops[0][3] == 0 and ops[-1][2] == len(a) and ops[-1][4] == len(b)
    for (t, i1, i2, j1, j2), nxt in zip(ops, ops[1:] + [None], strict=True):
        if nxt:
            assert nxt[1] == i2 and nxt[3] == j2
        if t == "equal":
            assert normalise(a[i1:i2])[0] == normalise(b[j1:j2])[0]
    # the space inside "全 面" is not a change
    assert not any(t != "equal" and "全" in a[i1:i2] for t, i1, i2, _, _ in ops if i1 < len(S1))


def test_identity_is_difflibs_ratio_on_the_normalised_text():
    a = S1 + S2 + S3 + S4
    b = (S1 + S3 + S4).replace("指导", "指引")
    na, nb = normalise(a)[0], normalise(b)[0]
    assert abs(identity(a, b) - SequenceMatcher(None, na, nb, autojunk=False).ratio()) < 0.01
    assert identity(a, a + "  \n") == 1.0
    assert identity("", "") == 1.0


def test_compare_html_marks_insertions_deletions_and_keeps_punctuation():
    a = S1 + S2 + S3
    b = S1 + S2.replace("加快构建", "加速构建") + S3
    html = compare_html(a, b, title_a="左", title_b="右")
    p = _parse(html)
    dels = [t for tag, t in p.text if tag == "del"]
    inss = [t for tag, t in p.text if tag == "ins"]
    assert dels == ["快"] and inss == ["速"]
    plain = "".join(t for tag, t in p.text if tag not in ("style", "div", "th"))
    for ch in "，。、":
        assert ch in plain
    assert "identity" in html and "左" in html


def test_an_omitted_sentence_is_one_block():
    a = S1 + S2 + S3 + S4
    b = S1 + S3.replace("把加快", "把加速") + S4
    p = _parse(compare_html(a, b))
    omitted = [attrs for tag, attrs in p.tags if tag == "del" and "sk-omit" in attrs.get("class", "")]
    assert len(omitted) == 1
    blocks = [t for tag, t in p.text if tag == "del"]
    assert S2 in blocks
    # the reworded word is a small change, not a block
    assert "快" in blocks and [t for tag, t in p.text if tag == "ins"] == ["速"]


def test_corpus_text_is_escaped():
    evil = "<script>alert('x')</script>" + S1
    html = compare_html(evil, S1 + "<b>粗</b>", title_a="<i>标题</i>", title_b="b&c")
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;" in html and "&lt;i&gt;标题" in html and "b&amp;c" in html


def test_pair_html_strip_and_save(tmp_path):
    arts = [Article(id=1, title="全文", text=S1 + S2 + "\n" + S3 + S4, date="2024-01-02"),
            Article(id=2, title="摘要<要点>", text="新华社北京电。" + S1 + S3 + "其他内容其他内容。"),
            Article(id=3, title="别处", text="完全无关的文字内容。")]
    corpus = Corpus(arts)
    res = find_repeats(corpus, cache=False)
    pair = res.pairs.iloc[0]
    html = pair_html(pair, corpus)
    assert "article 1 · 全文 (2024-01-02)" in html and "摘要&lt;要点&gt;" in html
    assert S2 in "".join(t for tag, t in _parse(html).text if tag == "del")
    assert pair_html(next(res.pairs.itertuples(index=False)), corpus) == html
    strip = strip_html(arts[1], res.pairs)
    cells = [a for tag, a in _parse(strip).tags if tag == "span"]
    assert any(c["class"] == "sk-r" and "article 1" in c["title"] for c in cells)
    assert any(c["class"] == "sk-n" for c in cells)
    assert sum(int(re.search(r"flex:(\d+)", c["style"])[1]) for c in cells) == len(arts[1].text)
    assert "&lt;要点&gt;" in strip
    assert all(c["class"] == "sk-n" for c in (a for tag, a in _parse(strip_html(arts[2], res.pairs)).tags
                                               if tag == "span"))
    out = save_html(html + strip, tmp_path / "cmp.html", title="比较")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page and "<title>比较</title>" in page
    ARTIFACTS.mkdir(exist_ok=True)
    save_html(html + strip, ARTIFACTS / "repeats_comparison.html")


def test_omitted_sentence_slides_to_sentence_boundaries_and_opcodes_stay_contiguous():
    a = S1 + S2 + S3
    b = S1 + S3
    ops = align(a, b)
    assert [o[0] for o in ops] == ["equal", "delete", "equal"]
    assert a[ops[1][1]:ops[1][2]] == S2
    for o, nxt in zip(ops, ops[1:], strict=False):
        assert (o[2], o[4]) == (nxt[1], nxt[3])
    ops = align(b, a)
    assert [o[0] for o in ops] == ["equal", "insert", "equal"] and a[ops[1][3]:ops[1][4]] == S2


def test_an_inserted_sentence_that_ends_like_its_neighbour_is_one_block():
    pre = "现在，统战工作不是过时了、不重要了，而是更重要了。"
    moved = "党所处的历史方位、所面临的内外形势、所肩负的使命任务发生了某些重大变化，越是变化大，越是要把统一战线发展好。"
    p = ("第二，必须解决好人心和力量问题。人心向背、力量对比是决定党和人民事业成败的关键，是最大的政治。"
         "统战工作的本质要求是大团结大联合，解决的就是人心和力量问题。")
    extra = "这是党治国理政必须下大气力解决好的重大问题。"
    q = ("第三，必须正确处理一致性和多样性关系。关键是要坚持求同存异，发扬“团结—批评—团结”的优良传统，"
         "在尊重多样性中寻求一致性，找到最大公约数、画出最大同心圆。")
    a, b = pre + p + q, pre + moved + p + extra + q
    ops = align(a, b)
    assert [o[0] for o in ops] == ["equal", "insert", "equal", "insert", "equal"]
    assert b[ops[1][3]:ops[1][4]] == moved and b[ops[3][3]:ops[3][4]] == extra
    assert identity(a, b) == 2 * len(a) / (len(a) + len(b))
