"""Reading files and folders: encodings, line ends, bad files, HTML, file-name dates, the command line."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import sys
import warnings

import pytest

from studykit import paths
from studykit.errors import CorpusWarning, NoTextError
from studykit.readers.encoding import decode
from studykit.readers.webpage import html_to_text
from studykit.sources import load_corpus
from studykit.text import clean as normalise

TEXT = "中共中央政治局召开会议\n会议强调，要坚持稳中求进工作总基调。\n会议指出，要扎实推进高质量发展。\n"


def load(path, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(path, **kw)
    return corpus, [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk"])
def test_each_encoding_reads_the_same_article(tmp_path, encoding):
    raw = TEXT.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # with a BOM, as editors write them
        raw = ("\ufeff" + TEXT).encode(encoding)
    (tmp_path / "a.txt").write_bytes(raw)
    corpus, warns = load(tmp_path / "a.txt")
    assert warns == []
    (a,) = corpus.articles
    assert a.title == "中共中央政治局召开会议"
    assert a.text == "会议强调，要坚持稳中求进工作总基调。\n会议指出，要扎实推进高质量发展。"


def test_line_ends_and_zero_width_characters_are_normalised(tmp_path):
    (tmp_path / "crlf.txt").write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / "cr.txt").write_bytes(TEXT.replace("\n", "\r").replace("会议", "会\u200b议").encode("utf-8"))
    corpus, _ = load(tmp_path, keep_duplicates=True)  # the same text twice: both kept to compare them
    assert len(corpus) == 2
    assert corpus[1].text == corpus[2].text
    assert "\u200b" not in corpus[2].text and "\r" not in corpus[1].text
    assert normalise("a\u200db\ufeffc\r\nd") == "abc\nd"


def test_a_few_bad_bytes_are_replaced_and_counted(tmp_path):
    good = ("会议强调，要坚持稳中求进工作总基调。" * 40).encode("utf-8")
    (tmp_path / "bad.txt").write_bytes(good[:300] + b"\xff\xfe\xff" + good[300:])
    corpus, warns = load(tmp_path)
    assert "\ufffd" in corpus[1].text
    assert any("bad.txt" in w and "3 undecodable" in w for w in warns)


def test_bad_files_are_skipped_with_one_warning_each_and_the_rest_loads(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text(" \n\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "packed.txt").write_bytes(gzip.compress(TEXT.encode("utf-8")))
    (tmp_path / "noise.txt").write_bytes(bytes([0x80 + (i * 37) % 0x7f for i in range(2000)]) + b"\xff" * 50)
    (tmp_path / "image.png").write_bytes(b"\x89PNG....")  # not a corpus file type: named, not read
    corpus, warns = load(tmp_path)
    assert [a.file for a in corpus] == ["good.txt"]
    for name, why in [("empty.txt", "empty"), ("blank.md", "empty"), ("binary.txt", "binary"),
                      ("packed.txt", "compressed"), ("noise.txt", "undecodable")]:
        hits = [w for w in warns if name in w]
        assert len(hits) == 1 and why in hits[0] and "skipped" in hits[0], (name, warns)
    (png,) = [w for w in warns if "image.png" in w]
    assert "skipped" in png and "unknown extension .png" in png
    assert corpus.warnings == warns


def test_decode_reports_why_bytes_are_not_text():
    assert decode(b"")[:2] == (None, "empty")
    assert decode(b"%PDF-1.7 ...")[0] is None
    assert decode("Report 2024: 正文 text".encode("utf-16-le"))[:2] == ("Report 2024: 正文 text", "utf-16-le")
    assert decode("正文。".encode("gb18030")) == ("正文。", "gb18030", 0)


def test_no_loadable_file_is_an_error(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(NoTextError, match="no loadable text file"):
        load(tmp_path)
    with pytest.raises(NoTextError):
        load(tmp_path / "missing")


def test_html_pages_lose_markup_scripts_and_styles(tmp_path):
    html = ("<html><head><title>发展新质生产力</title><style>p{color:red}</style>"
            "<script>var x = '不要';</script></head><body><h1>发展新质生产力</h1>"
            "<p>加快发展新质生产力，<b>是</b>高质量发展的应有之义。</p><div>第二段&amp;结束。</div></body></html>")
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    (a,) = load(tmp_path)[0].articles
    assert a.title == "发展新质生产力"
    assert a.text == "加快发展新质生产力，是高质量发展的应有之义。\n第二段&结束。"
    assert "不要" not in a.text and "color" not in a.text
    assert html_to_text("<p>甲</p><script>乙</script><p>丙</p>") == "甲\n丙"


def test_folders_are_read_recursively_in_order_with_file_name_dates(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "1978.txt").write_text("改革开放\n党的十一届三中全会召开。", encoding="utf-8")
    (tmp_path / "sub" / "2024-03-05_xwlb.md").write_text("新闻联播\n今天的主要内容。", encoding="utf-8")
    (tmp_path / "20240305.txt").write_text("报告\n2023 年 1 月 2 日发布。", encoding="utf-8")
    (tmp_path / "nodate.txt").write_text("讲话\n2024 年 1 月 30 日在会议上的讲话。", encoding="utf-8")
    (tmp_path / "2024-03.htm").write_text("<p>月度综述</p><p>本月要闻。</p>", encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text("不读", encoding="utf-8")
    corpus, _ = load(tmp_path)
    got = [(a.id, a.file, a.date) for a in corpus]
    assert got == [(1, "1978.txt", "1978"), (2, "2024-03.htm", "2024-03"), (3, "20240305.txt", "2024-03-05"),
                   (4, "nodate.txt", "2024-01-30"), (5, "sub/2024-03-05_xwlb.md", "2024-03-05")]
    assert corpus[1].title == "改革开放" and corpus[1].lines == (1, 2)
    assert corpus.select(date_from="2024-03").ids == [2, 3, 5]


def test_several_paths_and_a_plain_report_with_sections(tmp_path):
    report = ["政府工作报告", "各位代表："] + [f"{n}、第{n}部分。\n本部分正文。" for n in "一二三四五六七八九十"]
    (tmp_path / "report.txt").write_text("\n".join(report), encoding="utf-8")
    (tmp_path / "other.txt").write_text(TEXT, encoding="utf-8")
    corpus, _ = load([tmp_path / "report.txt", tmp_path / "other.txt"])
    assert len(corpus) == 2 and corpus[1].title == "政府工作报告"
    assert corpus[1].kind == "document" and corpus[1].title_inferred is False


def test_default_is_the_bundled_compilation_and_it_is_never_written():
    f = paths.bundled_corpus()
    before = (hashlib.sha256(f.read_bytes()).hexdigest(), f.stat().st_mtime_ns)
    corpus, warns = load(None)
    assert 17 <= len(corpus) <= 23
    assert all(a.file == f.name for a in corpus)
    assert warns == [] and any("U+1F582" in w and "'王'" in w for w in corpus.warnings)
    assert (hashlib.sha256(f.read_bytes()).hexdigest(), f.stat().st_mtime_ns) == before
    again, _ = load(None)  # the second load may come from the cache: same articles
    assert [a.to_dict() for a in again] == [a.to_dict() for a in corpus]


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "studykit", *args], capture_output=True, text=True)


def test_articles_json_contract_on_the_bundled_corpus():
    p = _cli("articles", "--json")
    assert p.returncode == 0, p.stderr
    records = json.loads(p.stdout)
    assert [r["id"] for r in records] == list(range(1, len(records) + 1))
    keys = {"id", "title", "title_inferred", "source", "date", "key_points", "text", "notes", "file", "lines"}
    for r in records:
        assert keys <= set(r)
        assert isinstance(r["title"], str) and isinstance(r["title_inferred"], bool)
        assert r["date"] is None or len(r["date"]) in (4, 7, 10)
        assert isinstance(r["lines"], list) and len(r["lines"]) == 2 and r["lines"][0] <= r["lines"][1]
        assert all(isinstance(k, str) for k in r["key_points"])


def test_articles_table_and_exit_status(tmp_path):
    p = _cli("articles")
    assert p.returncode == 0 and "id" in p.stdout.splitlines()[0]
    (tmp_path / "empty.txt").write_bytes(b"")
    p = _cli("articles", str(tmp_path))
    assert p.returncode == 2 and "no loadable text file" in p.stderr and p.stdout == ""
    (tmp_path / "ok.txt").write_text(TEXT, encoding="utf-8")
    p = _cli("articles", str(tmp_path), "--json")
    assert p.returncode == 0 and "empty.txt" in p.stderr and json.loads(p.stdout)[0]["file"] == "ok.txt"


def test_html_title_comes_from_h1_and_navigation_is_dropped():
    html = ("<html><head><title>网站 - 首页</title></head><body><nav>首页 新闻 视频</nav>"
            "<h1>真正的标题</h1><p>正文第一段。</p><footer>版权所有</footer></body></html>")
    assert html_to_text(html) == "真正的标题\n正文第一段。"
    assert html_to_text("<title>只有标题</title><p>正文。</p>") == "只有标题\n正文。"


def test_markdown_files_lose_their_markup(tmp_path):
    (tmp_path / "note.md").write_text("# 学习笔记\n\n> **新质生产力**是先进生产力。\n\n[原文](http://example.org)\n",
                                      encoding="utf-8")
    (a,) = load(tmp_path)[0].articles
    assert a.title == "学习笔记" and a.text == "新质生产力是先进生产力。\n原文"


def test_a_saved_web_page_loses_its_site_header_breadcrumbs_and_footer_blocks(tmp_path):
    page = ('<html><head><title>文章 - 求是网</title></head><body><div class="top">求是网 | 理论 | 专题</div>'
            '<div class="crumb-box"><a>首页</a> &gt; <a>求是杂志</a></div><h1>以中国式现代化全面推进强国建设</h1>'
            '<div class="info">来源：《求是》2025/01</div><p>党的二十大确立了中心任务。</p>'
            '<div class="page-footer"><div>版权所有 求是杂志社</div><p>京ICP备</p></div>'
            '<div id="copyright">©</div><p>一、中国式现代化是康庄大道</p></body></html>')
    assert html_to_text(page) == "以中国式现代化全面推进强国建设\n来源：《求是》2025/01\n党的二十大确立了中心任务。\n一、中国式现代化是康庄大道"
    (tmp_path / "qs.html").write_text(page, encoding="utf-8")
    a, = load_corpus([tmp_path])
    assert (a.title, a.source, a.text) == ("以中国式现代化全面推进强国建设", "《求是》2025/01", "党的二十大确立了中心任务。\n一、中国式现代化是康庄大道")


def test_a_page_without_h1_is_titled_by_its_title_tag_without_the_site_name():
    page = ('<html><head><title>以中国式现代化全面推进强国建设 - 求是网</title></head><body>'
            '<div class="top">求是网 | 理论 | 专题</div><h2>以中国式现代化全面推进强国建设</h2>'
            '<div>来源：《求是》2025/01</div><p>　　党的二十大确立了中心任务。</p><div class="foot">主办：求是杂志社</div></body></html>')
    assert html_to_text(page) == "以中国式现代化全面推进强国建设\n来源：《求是》2025/01\n党的二十大确立了中心任务。"
    assert html_to_text("<title>国务院常务会议研究部署工作_新华网</title><p>正文。</p>") == "国务院常务会议研究部署工作\n正文。"


def test_an_unclosed_item_named_like_furniture_hides_nothing_after_it():
    page = '<h1>标题文字</h1><ul><li class="nav">首页<li class="nav">理论</ul><p>正文第一段。</p>' \
           '<div class="footer"><p>版权<p>京ICP备</div><p>正文第二段。</p>'
    text = html_to_text(page)
    assert text.endswith("正文第一段。\n正文第二段。") and "版权" not in text


# ---------------------------------------------------------------- old texts: traditional, full-width, Kangxi, broken lines


def _old_texts(root):
    """A folder in the shapes of old texts: a 1954 report in traditional characters, a 1995 report with
    full-width digits and letters, a PDF extraction with Kangxi radicals, a saved web page whose lines
    break inside sentences (a zero-width character included)."""
    root.mkdir()
    (root / "1954.txt").write_text("各位代表：\n我們的國家正在建設社會主義。社會主義工業化是國家的中心任務。\n"
                                   "反對階級鬥爭擴大化。\n", encoding="utf-8")
    (root / "1995.txt").write_text("各位代表：\n１９９５年ＧＤＰ增长１０．２％，建设社会主义市场经济。\n", encoding="utf-8")
    (root / "2001.txt").write_text("⼀、总体要求\n坚持以经济建设为中⼼，⼗个⽅⾯的社会主义建设。\n", encoding="utf-8")
    (root / "2008.txt").write_text("学习体会\n我们认为，在毛泽东同志\n关于社会\u200b主义建设的论述中，要坚持\n社会主义道路。\n",
                                   encoding="utf-8")
    return root


def test_old_texts_are_found_and_counted_in_their_search_form(tmp_path):
    from studykit import counts

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = load_corpus(_old_texts(tmp_path / "old"))
        plain = load_corpus(tmp_path / "old", normalise=False)
    by_year = {a.date: a for a in c}
    assert by_year["1954"].text.count("社會主義") == 2 and by_year["1954"].search_text.count("社会主义") == 2
    hits = counts.kwic(c, "社会主义")
    assert sorted(hits["article"].map(lambda i: c[i].date)) == ["1954", "1954", "1995", "2001", "2008", "2008"]
    assert counts.kwic(c, "1995年")["match"].tolist() == ["１９９５年"]
    assert counts.kwic(c, "同志关于")["match"].tolist() == ["同志 关于"]
    assert counts.kwic(c, "十个方面")["match"].tolist() == ["⼗个⽅⾯"]
    assert counts.count_terms(c, ["社会主义"])["count"].sum() == 6
    assert counts.count_terms(plain, ["社会主义"])["count"].sum() == 4  # reading drops the zero-width space
    assert counts.kwic(plain, "同志关于").empty and counts.kwic(plain, "十个方面").empty
    assert by_year["2008"].search.where is not None and by_year["1954"].search.where is None
    assert [a.to_dict() for a in c] == [a.to_dict() for a in plain]  # the records keep the original text


def test_every_corpus_command_takes_no_normalise(tmp_path):
    folder = str(_old_texts(tmp_path / "old"))
    on = _cli("kwic", "社会主义", folder, "--json")
    off = _cli("kwic", "社会主义", folder, "--json", "--no-normalise")
    assert on.returncode == off.returncode == 0, (on.stderr, off.stderr)
    assert len(json.loads(on.stdout)) == 6 and len(json.loads(off.stdout)) == 4
    records = json.loads(_cli("articles", folder, "--json", "--no-normalise").stdout)
    assert set(records[0]) == {"id", "title", "title_inferred", "subtitle", "byline", "source", "date", "kind",
                               "key_points", "key_point_spans", "notes", "file", "lines", "pages", "text",
                               "kicker", "boilerplate", "duplicate_of"}
    from studykit.cli import build_parser

    parser = build_parser()
    for command in ("articles", "cloud", "timeline", "repeats", "review", "export", "terms", "kwic",
                    "collocates", "keyness", "glossary"):
        sub = parser._subparsers._group_actions[0].choices[command]
        assert any("--no-normalise" in a.option_strings for a in sub._actions), command


def test_every_file_that_gives_no_article_is_named_once_with_its_reason(tmp_path):
    (tmp_path / "ok.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "2024-06-01_2").write_text("没有扩展名的文件\n它的内容是普通的文本。", encoding="utf-8")  # read as text
    (tmp_path / "table.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    (tmp_path / "blob").write_bytes(b"\x00\x01\x02" * 100)  # no extension, not text
    (tmp_path / "digits.txt").write_text("2024 · 12 · 31\n---\n", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (tmp_path / "corrections.toml").write_text("", encoding="utf-8")  # applied, not a corpus file
    corpus, warns = load(tmp_path)
    assert sorted(a.file for a in corpus) == ["2024-06-01_2", "ok.txt"]
    assert corpus[1].date == "2024-06-01" or corpus[2].date == "2024-06-01"
    for name, why in [("table.csv", "unknown extension .csv"), ("scan.jpg", "unknown extension .jpg"),
                      ("blob", "binary"), ("digits.txt", "too few readable characters"), (".DS_Store", "hidden file"),
                      (".git", "hidden folder")]:
        named = [w for w in warns if re.search(rf"/{re.escape(name)}(?:\b|:)", w)]
        assert len(named) == 1 and why in named[0] and "skipped" in named[0], (name, warns)
    assert not any("HEAD" in w or "corrections.toml" in w for w in warns)


def test_a_tiny_file_with_a_few_broken_bytes_keeps_both_sentences(tmp_path):
    (tmp_path / "tiny.txt").write_bytes("前半部分正常。".encode() + b"\xff\xfe\x80" + "后半部分也正常。".encode())
    (a,), warns = load(tmp_path)
    assert "前半部分正常。" in a.text and "后半部分也正常。" in a.text
    assert any("tiny.txt" in w and "3 undecodable byte(s) replaced" in w for w in warns)
    assert decode(bytes(range(0x80, 0x100)) * 30)[0] is None  # mostly undecodable, no run of ten readable characters
    junk = bytes([0x80 + (i * 37) % 0x7f for i in range(600)])
    text, enc, bad = decode(junk + "这一句有十个以上可读的字。".encode() + junk)
    assert enc == "utf-8" and "这一句有十个以上可读的字。" in text and bad > len(text) / 2


def test_the_same_article_saved_twice_is_counted_once_or_kept_and_marked(tmp_path):
    story = "学习贯彻全会精神\n各地认真学习贯彻全会精神，结合实际抓好落实。\n"
    (tmp_path / "a.txt").write_text(story, encoding="utf-8")
    (tmp_path / "a (1).txt").write_text(story.replace("，", " ， ").replace("\n", "\r\n"), encoding="utf-8")  # same text
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    corpus, warns = load(tmp_path)
    assert [a.file for a in corpus] == ["a (1).txt", "b.txt"] and corpus.ids == [1, 2]
    (line,) = [w for w in warns if w.startswith("duplicates:")]
    assert "a.txt" in line and "a (1).txt" in line and "counted once" in line
    kept, warns = load(tmp_path, keep_duplicates=True)
    assert [(a.file, a.duplicate_of) for a in kept] == [("a (1).txt", None), ("a.txt", 1), ("b.txt", None)]
    p = _cli("articles", str(tmp_path), "--json", "--keep-duplicates")
    assert [r["duplicate_of"] for r in json.loads(p.stdout)] == [None, 1, None]
    p = _cli("articles", str(tmp_path), "--json")
    assert [r["id"] for r in json.loads(p.stdout)] == [1, 2] and p.stderr.count("duplicates:") == 1


def test_a_long_table_prints_its_start_and_says_how_to_get_the_rest(tmp_path, monkeypatch, capsys):
    from studykit import cli

    for i in range(6):
        (tmp_path / f"2024-01-0{i + 1}.txt").write_text(f"第{i}号通知\n各地要认真贯彻落实。\n", encoding="utf-8")
    monkeypatch.setattr(cli, "TABLE_ROWS", 4)
    assert cli.main(["articles", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert len(out.strip().splitlines()) == 1 + 4 and "第3号通知" in out and "第4号通知" not in out
    assert "2 more rows" in err and "--csv" in err
    assert cli.main(["articles", str(tmp_path), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 6
