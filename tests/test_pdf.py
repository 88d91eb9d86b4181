"""PDF files: a two-column compilation made from the bundled corpus's own articles loads back as the same
articles; reading order, page furniture, outline, pages; scanned, encrypted and damaged files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings
from collections import Counter

import documents as D
import pytest
from test_sources import load

from studykit import paths
from studykit.readers import outline, pdf
from studykit.sources import load_corpus
from studykit.text import HAN_RE, compact

HEADER = "学习资料汇编（内部资料）2024年第2期"


def fields(a) -> list[str]:
    return [a.title, a.text, a.subtitle or "", a.byline or "", a.source or "", *a.key_points, *a.notes]


def han(articles) -> Counter:
    out = Counter()
    for a in articles:
        for f in fields(a):
            out.update(HAN_RE.findall(f))
    return out


@pytest.fixture(scope="session")
def bundled():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus()


@pytest.fixture(scope="session")
def font(tmp_path_factory, bundled):
    chars = paths.bundled_corpus().read_text(encoding="utf-8") + "".join(a.title for a in bundled) + HEADER
    return D.truetype_font(tmp_path_factory.mktemp("fonts"), chars + "⼗⾼关于规划第页共重要讲话文章一二")


@pytest.fixture(scope="session")
def compilation(tmp_path_factory, bundled, font):
    path = tmp_path_factory.mktemp("pdf") / "学习资料.pdf"
    layout = D.compilation_pdf(path, list(bundled), font, header=HEADER)
    return path, layout


def test_the_generated_compilation_is_what_it_should_be(compilation):
    """The fixture itself: two columns under titles across the page, a header, a page number, an outline."""
    import pypdfium2 as pdfium

    path, layout = compilation
    doc = pdfium.PdfDocument(str(path))
    assert len(doc) == layout.pages >= 20 and layout.breaks
    toc = list(doc.get_toc())
    assert [b.get_title() for b in toc if b.level == 0] == layout.titles
    assert any(b.level == 1 for b in toc)
    text = doc[1].get_textpage().get_text_range()
    assert HEADER in text and "— 2 —" in text


def test_a_two_column_compilation_loads_back_as_its_articles(compilation, bundled):
    path, layout = compilation
    back, warns = load(path)
    assert warns == []
    assert len(back) == len(bundled)
    for a, b in zip(bundled, back, strict=True):
        assert (b.title, b.source, b.date) == (a.title, a.source, a.date)
        assert b.title_inferred is False
        assert b.key_points == a.key_points and b.notes == a.notes
        assert b.paragraphs == a.paragraphs  # columns in order, paragraphs joined across columns and pages
        assert b.file == "学习资料.pdf"
    before, after = han(bundled), han(back)
    assert sum((before & after).values()) >= 0.995 * sum(before.values())


def test_no_header_and_no_page_number_is_left_in_the_text(compilation, bundled):
    path, layout = compilation
    back, _ = load(path)
    page_number = re.compile(r"—\s*\d{1,3}\s*—")
    assert not any(page_number.search(f) for a in bundled for f in fields(a))  # the corpus has none itself
    for a in back:
        for f in fields(a):
            assert compact(HEADER) not in compact(f) and "内部资料" not in f
            assert not page_number.search(f), f


def test_words_cut_by_a_page_break_are_whole_again(compilation):
    path, layout = compilation
    back, _ = load(path)
    everything = compact("".join(f for a in back for f in fields(a)))
    assert len(layout.breaks) >= 5
    for before, after in layout.breaks:
        assert compact(before[-4:] + after[:4]) in everything, (before, after)


def test_each_article_records_its_pages(compilation):
    path, layout = compilation
    back, _ = load(path)
    assert [a.pages[0] for a in back] == layout.starts
    for a, b in zip(back.articles, back.articles[1:], strict=False):
        assert a.pages[0] <= a.pages[1] <= b.pages[0]
    assert back.articles[-1].pages[1] == layout.pages


def test_articles_json_has_pages_and_text_files_have_null(compilation, tmp_path):
    path, _ = compilation
    p = subprocess.run([sys.executable, "-m", "studykit", "articles", str(path), "--json"], capture_output=True,
                       text=True)
    assert p.returncode == 0, p.stderr
    records = json.loads(p.stdout)
    assert all(isinstance(r["pages"], list) and len(r["pages"]) == 2 for r in records)
    assert records[0]["pages"][0] == 1 and {"lines", "title", "source", "date"} <= set(records[0])
    (tmp_path / "a.txt").write_text("会议强调，要坚持稳中求进工作总基调。\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "studykit", "articles", str(tmp_path), "--json"], capture_output=True,
                       text=True)
    assert json.loads(p.stdout)[0]["pages"] is None


def test_reading_order_does_not_depend_on_the_order_the_file_draws_in(tmp_path, bundled, font):
    arts = list(bundled)[:3]
    texts = []
    for name, order in (("plain.pdf", ()), ("right-first.pdf", tuple(range(1, 30)))):
        D.compilation_pdf(tmp_path / name, arts, font, right_first=order)
        corpus, _ = load(tmp_path / name)
        texts.append([(a.title, a.text, a.key_points) for a in corpus])
    assert texts[0] == texts[1]
    assert [t for t, *_ in texts[0]] == [a.title for a in arts]


def test_a_compilation_without_outline_is_split_as_an_extracted_one(tmp_path, bundled, font):
    D.compilation_pdf(tmp_path / "no-outline.pdf", list(bundled), font, outline=False, header=HEADER)
    back, warns = load(tmp_path / "no-outline.pdf")
    titles = {a.title for a in bundled}
    found = [a for a in back if a.title in titles]
    assert len(found) >= 0.7 * len(bundled)  # titles from the headings, no bookmark needed
    assert all(a.pages and a.pages[0] <= a.pages[1] for a in back)
    assert [a.pages for a in back] == sorted(a.pages for a in back)
    assert not any(compact(HEADER) in compact(f) for a in back for f in fields(a))


def test_a_one_column_pdf_without_outline_is_one_article(tmp_path, bundled, font):
    speech = max(bundled, key=lambda a: len(a.text))
    n = D.plain_pdf(tmp_path / "report.pdf", speech.paragraphs, font, title=speech.title)
    assert n >= 3
    (a,), warns = load(tmp_path / "report.pdf")
    assert warns == []
    assert a.title == speech.title and a.pages == (1, n)
    assert a.paragraphs == speech.paragraphs  # joined across pages, 第N页 left out
    assert not re.search(r"第\s*\d+\s*页", a.text)


def test_groups_in_the_outline_give_their_articles(tmp_path, bundled, font):
    arts = list(bundled)[:6]
    layout = D.compilation_pdf(tmp_path / "groups.pdf", arts, font, groups={0: "一、重要讲话", 3: "二、重要文章"})
    back, _ = load(tmp_path / "groups.pdf")
    assert [a.title for a in back] == [a.title for a in arts]
    assert [a.pages[0] for a in back] == layout.starts


def test_kangxi_radicals_of_the_text_layer_become_plain_characters(tmp_path, font):
    text = "实现“⼗四五”规划目标任务的关键一年，推动⾼质量发展。"
    D.plain_pdf(tmp_path / "kangxi.pdf", [text * 3], font, title="关于⼗四五规划")
    (a,), _ = load(tmp_path / "kangxi.pdf")
    assert a.title == "关于十四五规划"
    assert "十四五" in a.text and "高质量" in a.text
    assert not re.search("[\u2f00-\u2fdf]", a.title + a.text)


def test_a_scanned_pdf_is_named_and_the_other_files_load(tmp_path):
    D.image_pdf(tmp_path / "scan.pdf")
    (tmp_path / "a.txt").write_text("会议强调，要坚持稳中求进工作总基调。\n", encoding="utf-8")
    corpus, warns = load(tmp_path)
    assert [a.file for a in corpus] == ["a.txt"]
    (w,) = [w for w in warns if "scan.pdf" in w]
    assert "no text layer (a scanned PDF): run OCR first" in w and "skipped" in w


def test_an_encrypted_pdf_asks_for_its_password(tmp_path, font):
    para = "会议强调，要坚持稳中求进工作总基调，扎实推进高质量发展。"
    D.encrypted_pdf(tmp_path / "locked.pdf", [para * 4], font, "s3cret-Key")
    (tmp_path / "a.txt").write_text("会议指出，要扎实推进高质量发展。\n", encoding="utf-8")
    corpus, warns = load(tmp_path)
    assert [a.file for a in corpus] == ["a.txt"]
    assert any("locked.pdf" in w and "encrypted" in w and "--password" in w for w in warns)
    _, warns = load(tmp_path, password="wrong")
    assert any("locked.pdf" in w and "password given does not open it" in w for w in warns)
    corpus, warns = load(tmp_path / "locked.pdf", password="s3cret-Key")
    assert warns == [] and compact(para) in compact(corpus[1].text)
    p = subprocess.run([sys.executable, "-m", "studykit", "articles", str(tmp_path / "locked.pdf"), "--json",
                        "--password", "s3cret-Key"], capture_output=True, text=True)
    assert p.returncode == 0 and "稳中求进" in json.loads(p.stdout)[0]["text"]
    p = subprocess.run([sys.executable, "-m", "studykit", "articles", str(tmp_path / "locked.pdf")],
                       capture_output=True, text=True)
    assert p.returncode == 2 and "password" in p.stderr


def test_damaged_pdfs_are_named_with_the_reason_and_the_other_files_load(tmp_path, compilation):
    path, _ = compilation
    raw = path.read_bytes()
    (tmp_path / "cut.pdf").write_bytes(raw[: len(raw) // 2])
    (tmp_path / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    (tmp_path / "not-a-pdf.pdf").write_bytes("会议强调".encode() * 50)
    (tmp_path / "a.txt").write_text("会议指出，要扎实推进高质量发展。\n", encoding="utf-8")
    corpus, warns = load(tmp_path)
    assert [a.file for a in corpus] == ["a.txt"]
    reasons = {name: [w for w in warns if name in w] for name in ("cut.pdf", "garbage.pdf", "not-a-pdf.pdf")}
    assert all(len(v) == 1 and "damaged" in v[0] for v in reasons.values()), warns
    assert "cut short" in reasons["cut.pdf"][0]
    assert "not a PDF" in reasons["not-a-pdf.pdf"][0]


def test_a_parsed_pdf_comes_from_the_cache_the_second_time(tmp_path, font, monkeypatch):
    D.plain_pdf(tmp_path / "a.pdf", ["会议强调，要坚持稳中求进工作总基调，扎实推进高质量发展。" * 6], font, title="会议")
    first = pdf.read(tmp_path / "a.pdf")
    monkeypatch.setattr(pdf, "from_bytes", lambda *a, **k: pytest.fail("parsed again"))
    assert pdf.read(tmp_path / "a.pdf") == first
    D.plain_pdf(tmp_path / "a.pdf", ["会议指出，要扎实推进高质量发展。" * 6], font, title="会议")
    with pytest.raises(pytest.fail.Exception):  # another content: parsed anew
        pdf.read(tmp_path / "a.pdf")


def test_a_folder_mixing_pdf_word_and_text_files(tmp_path, bundled, font):
    arts = list(bundled)[:2]
    D.compilation_pdf(tmp_path / "a.pdf", arts, font)
    D.word_file(tmp_path / "b.docx", [("h1", "会议召开"), ("p", "会议强调，要坚持稳中求进工作总基调。")])
    (tmp_path / "c.txt").write_text("会议指出\n要扎实推进高质量发展。\n", encoding="utf-8")
    corpus, warns = load(tmp_path)
    assert warns == []
    assert [(a.file, a.title) for a in corpus] == [("a.pdf", arts[0].title), ("a.pdf", arts[1].title),
                                                  ("b.docx", "会议召开"), ("c.txt", "会议指出")]
    assert [a.pages is not None for a in corpus] == [True, True, False, False]


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".rtf", ".epub", ".odt"])
def test_formats_not_read_yet_are_named_with_what_to_do(tmp_path, suffix):
    (tmp_path / f"old{suffix}").write_bytes(b"\xd0\xcf\x11\xe0 something")
    (tmp_path / "a.txt").write_text("会议指出，要扎实推进高质量发展。\n", encoding="utf-8")
    corpus, warns = load(tmp_path)
    assert [a.file for a in corpus] == ["a.txt"]
    (w,) = [w for w in warns if f"old{suffix}" in w]
    assert "not supported yet" in w and "save it as .docx or PDF" in w


def test_the_article_level_of_an_outline():
    P = outline.Paragraph

    def heads(*spec):
        return [outline.Heading(level, title, at) for level, title, at in spec]

    paras = [P("封面"), P("一、重要讲话"), P("习近平在会上的讲话"), P("正文" * 30), P("会议召开"), P("正文" * 30),
             P("二、重要文章"), P("坚持高质量发展"), P("正文" * 30)]
    # groups with articles under them
    arts, groups = outline.article_headings(
        heads((0, "一、重要讲话", 1), (1, "习近平在会上的讲话", 2), (1, "会议召开", 4), (0, "二、重要文章", 6),
              (1, "坚持高质量发展", 7)), paras)
    assert [h.title for h in arts] == ["习近平在会上的讲话", "会议召开", "坚持高质量发展"]
    assert [h.title for h in groups] == ["一、重要讲话", "二、重要文章"]
    # an article whose numbered sections follow its title at once stays one article
    paras2 = [P("坚持高质量发展"), P("一、总体要求"), P("正文" * 30), P("二、重点任务"), P("正文" * 30)]
    arts, groups = outline.article_headings(
        heads((0, "坚持高质量发展", 0), (1, "一、总体要求", 1), (1, "二、重点任务", 3)), paras2)
    assert [h.title for h in arts] == ["坚持高质量发展"] and groups == []
    # the compilation's own title over all its articles
    paras3 = [P("学习资料"), P("目录 …… 1"), P("会议召开"), P("正文" * 30), P("会议闭幕"), P("正文" * 30)]
    arts, groups = outline.article_headings(heads((0, "学习资料", 0), (1, "会议召开", 2), (1, "会议闭幕", 4)), paras3)
    assert [h.title for h in arts] == ["会议召开", "会议闭幕"]
    parts = outline.parts(paras3, heads((0, "学习资料", 0), (1, "会议召开", 2), (1, "会议闭幕", 4)))
    assert [(p.kind, p.title) for p in parts] == [(None, None), ("article", "会议召开"), ("article", "会议闭幕")]
