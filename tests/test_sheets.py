"""Exports: the Anki CSV, the printable review sheet and the one-article study sheet."""

from __future__ import annotations

import csv
import io
import re

from studykit.corpus import Article, Corpus
from studykit.review import build_questions
from studykit.sheets import anki_csv, export_article, formulation_counts, review_sheet
from studykit.sources import load_corpus

EVIL = "<script>alert('x')</script>"


def _corpus() -> Corpus:
    body = (f"标题里也有{EVIL}。\n要推动“高质量发展”，发展“新质生产力”。\n"
            "各地要坚持“高质量发展”这个硬道理。")
    kp_sentence = "要推动“高质量发展”，发展“新质生产力”。"
    start = body.index(kp_sentence)
    return Corpus([
        Article(1, f"文章{EVIL}", body, source="人民日报 评论", date="2024-02-01",
                key_points=[kp_sentence], key_point_spans=[(start, start + len(kp_sentence))]),
        Article(2, "二", "坚持“高质量发展”，推进“乡村振兴”。“两个结合”。", source="求是", date="2024-01"),
    ])


def _rows(text: str) -> list[list[str]]:
    lines = [ln for ln in text.splitlines(keepends=True) if not ln.startswith("#")]
    return list(csv.reader(io.StringIO("".join(lines))))


def test_anki_csv_has_front_back_tags_with_source_and_date():
    c = _corpus()
    qs = build_questions(c)
    text = anki_csv(qs)
    header = [ln for ln in text.splitlines() if ln.startswith("#")]
    assert "#separator:Comma" in header and "#columns:front,back,tags" in header and "#tags column:3" in header
    rows = _rows(text)
    assert len(rows) == len(qs) > 0
    for q, (front, back, tags) in zip(qs, rows, strict=True):
        assert q.answer.split("、")[0] in back and "《" in back
        assert "＿＿＿＿" in front or q.kind == "flashcard"
        tag_list = tags.split()
        assert "studykit" in tag_list and f"article::{q.article}" in tag_list
        assert f"date::{q.date}" in tag_list
        assert all(" " not in t for t in tag_list)
        assert (c[q.article].date or "") in back
    assert "source::人民日报_评论" in rows[0][2]


def test_anki_csv_escapes_corpus_text_and_round_trips_utf8(tmp_path):
    c = Corpus([Article(1, EVIL, f"要推动“高质量发展”{EVIL}。", source="<b>src</b>", date="2024")])
    text = anki_csv(build_questions(c))
    assert "<script>" not in text and "&lt;script&gt;" in text and "<b>src</b>" not in text
    f = tmp_path / "cards.csv"
    f.write_text(text, encoding="utf-8")
    assert _rows(f.read_text(encoding="utf-8"))[0][0].startswith("要推动")


def test_review_sheet_is_escaped_and_has_the_answers_on_a_new_page():
    qs = build_questions(_corpus())
    page = review_sheet(qs)
    assert page.startswith("<!DOCTYPE html>") and "@page" in page and "A4" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count('class="sk-q"') == len(qs)
    answers = page.split('class="sk-answers"')[1]
    assert all(q.answer.split("、")[0] in answers for q in qs)


def test_export_article_is_a_printable_escaped_study_sheet():
    c = _corpus()
    page = export_article(c, 1)
    assert "<script>" not in page
    assert "文章&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<title>文章&lt;script&gt;" in page
    assert "人民日报 评论" in page and "2024-02-01" in page
    assert "@page" in page and "size: A4" in page and "@media print" in page
    kp = '<mark class="sk-kp">要推动“高质量发展”，发展“新质生产力”。</mark>'
    assert kp in page
    assert page.count('<mark class="sk-kp">') == 1
    assert "<h2>要点 Key points</h2>" in page
    row = re.search(r"<tr><td>高质量发展</td><td class=\"sk-num\">(\d+)</td><td class=\"sk-num\">(\d+)</td>"
                    r"<td class=\"sk-num\">(\d+)</td></tr>", page)
    assert row and row.groups() == ("2", "3", "2")
    assert "乡村振兴" not in page.split("<h2>正文")[0]


def test_formulation_counts_count_the_article_and_the_corpus():
    c = _corpus()
    rows = formulation_counts(c, c[2], terms=["高质量发展", "新质生产力", "乡村振兴"])
    assert rows == [
        {"term": "高质量发展", "in_article": 1, "in_corpus": 3, "articles": 2},
        {"term": "乡村振兴", "in_article": 1, "in_corpus": 1, "articles": 1},
    ]


def test_export_unknown_article_raises_key_error():
    import pytest

    with pytest.raises(KeyError):
        export_article(_corpus(), 99)


def test_download_link_carries_the_text_and_escapes_the_name():
    import base64

    from studykit.sheets import download_link

    link = download_link("front,back\n中文,答案\n", 'a"<b>.csv')
    assert link.startswith('<a class="sk-download" download="a&quot;&lt;b&gt;.csv"')
    data = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', link)[1]
    assert base64.b64decode(data).decode("utf-8") == "front,back\n中文,答案\n"


# -- the command line ---------------------------------------------------------------------------
def _write_corpus(folder):
    folder.mkdir()
    (folder / "a.txt").write_text(f"要推动“高质量发展”，发展“新质生产力”{EVIL}。\n坚持“两个结合”。\n",
                                  encoding="utf-8")
    return folder


def test_cli_review_writes_anki_csv_and_html(tmp_path):
    from studykit.cli import main

    src = _write_corpus(tmp_path / "texts")
    assert main(["review", str(src), "--csv", str(tmp_path / "c.csv")]) == 0
    rows = _rows((tmp_path / "c.csv").read_text(encoding="utf-8"))
    assert rows and all(len(r) == 3 for r in rows)
    assert main(["review", str(src), "--html", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_cli_export_writes_the_sheet_and_rejects_bad_input(tmp_path, capsys):
    from studykit.cli import main

    src = _write_corpus(tmp_path / "texts")
    out = tmp_path / "s.html"
    assert main(["export", "1", str(src), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "高质量发展" in page
    assert main(["export", "7", str(src), "-o", str(tmp_path / "x.html")]) == 2
    assert main(["export", "1", str(src), "-o", str(tmp_path / "x.txt")]) == 2
    assert "no article with id 7" in capsys.readouterr().err


def test_cli_output_into_a_missing_folder_is_one_clear_line_not_a_traceback(tmp_path, capsys):
    from studykit.cli import main

    src = _write_corpus(tmp_path / "texts")
    missing = tmp_path / "没有这个文件夹"
    for argv in (["export", "1", str(src), "-o", str(missing / "s.html")],
                 ["review", str(src), "--csv", str(missing / "c.csv")],
                 ["review", str(src), "--html", str(missing / "r.html")],
                 ["articles", str(src), "--csv", str(missing / "a.csv")]):
        capsys.readouterr()
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("studykit: ") and "Traceback" not in err and "没有这个文件夹" in err, (argv, err)
    assert not missing.exists()


def test_cli_empty_table_is_one_line_on_stderr_not_a_pandas_repr(tmp_path, capsys):
    from studykit.cli import main

    src = _write_corpus(tmp_path / "texts")
    assert main(["collocates", "没有这个词", str(src)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "Empty DataFrame" not in captured.err
    assert "nothing found" in captured.err


def test_the_study_sheet_and_the_word_list_say_what_they_count(capsys):
    """新时代 counts 119 on the study sheet and 87 in the word list: each view says why."""
    from studykit.cli import main
    from studykit.counts import COUNTED

    corpus = load_corpus()
    page = export_article(corpus, corpus.ids[0])
    assert COUNTED["text"].split("/")[0].strip() in page and "count words" in page
    assert main(["terms", "--top", "5"]) == 0
    assert COUNTED["words"] in capsys.readouterr().err
    assert main(["terms", "--top", "5", "--json"]) == 0
    assert "按分词计数" not in capsys.readouterr().err  # JSON output stays clean
