"""Notes on passages: the store, finding a passage again after the text moved, export and import,
the study sheet with notes, the command line and the notes panel of the article browser."""

from __future__ import annotations

import json
import warnings
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from conftest import kill_writer

from studykit import cli
from studykit.corpus import Article, Corpus
from studykit.errors import NotesFileError, NoteWarning
from studykit.notes import (
    NoteStore,
    anchor,
    locate,
    notes_html,
    notes_json,
    notes_markdown,
    passage_options,
    read_notes_file,
)
from studykit.sources import load_corpus

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
BODY = ("高质量发展是新时代的硬道理。我们要坚持以人民为中心的发展思想。\n"
        "各地要因地制宜发展新质生产力，推动高质量发展２０２４年取得新成效。\n"
        "我们要坚持以人民为中心的发展思想。这是第二次出现。")


def _folder(root, body=BODY, title="推动高质量发展的几点体会"):
    root.mkdir(exist_ok=True)
    (root / "2024-01-05_a.txt").write_text(f"{title}\n来源：学习时报\n{body}\n", encoding="utf-8")
    (root / "2024-02-01_b.txt").write_text("第二篇文章的标题\n全面深化改革开放。\n", encoding="utf-8")
    return root


def _load(root):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(root)


@pytest.fixture
def corpus(tmp_path):
    return _load(_folder(tmp_path / "c"))


@pytest.fixture
def store(tmp_path, corpus):
    with NoteStore("小王", path=tmp_path / "p.sqlite3", corpus=corpus) as s:
        yield s


def _span(text, passage, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(passage, start + 1)
    return start, start + len(passage)


def test_add_list_edit_delete(store, corpus):
    a = corpus[1]
    s, e = _span(a.text, "我们要坚持以人民为中心的发展思想。")
    nid = store.add(a, s, e, "  以人民为中心  ")
    other = store.add(1, *_span(a.text, "新质生产力"), "第二条")  # an id works too
    assert isinstance(nid, int) and nid != other
    notes = store.list(a)
    assert [n.note for n in notes] == ["以人民为中心", "第二条"]  # text order, trimmed
    first = notes[0]
    assert (first.passage, first.start, first.end, first.status) == (a.text[s:e], s, e, "exact")
    assert (first.file, first.title, first.source, first.date) == ("2024-01-05_a.txt", a.title, "学习时报", "2024-01-05")
    assert first.author == first.user == "小王" and first.created <= first.edited
    store.edit(nid, "改过的笔记")
    assert store.get(nid).note == "改过的笔记" and store.get(nid).edited >= first.edited
    assert store.list(corpus[2]) == []
    store.delete(other)
    assert [n.id for n in store.list(a)] == [nid]
    for bad in (lambda: store.delete(other), lambda: store.edit(9999, "x"), lambda: store.get(other)):
        with pytest.raises(KeyError):
            bad()


def test_bad_input_is_refused(store, corpus):
    a = corpus[1]
    for start, end in ((-1, 3), (5, 5), (3, len(a.text) + 1)):
        with pytest.raises(ValueError, match="offsets"):
            store.add(a, start, end, "x")
    with pytest.raises(ValueError, match="empty"):
        store.add(a, 0, 5, "   ")
    with pytest.raises(ValueError, match="empty"):
        store.edit(store.add(a, 0, 5, "ok"), "")
    with pytest.raises(KeyError):
        store.add(99, 0, 5, "no such article")


def test_notes_persist_per_user_and_across_connections(tmp_path, corpus):
    path = tmp_path / "p.sqlite3"
    with NoteStore("小王", path=path, corpus=corpus) as s:
        s.add(corpus[1], 0, 5, "小王的笔记")
    with NoteStore("小李", path=path, corpus=corpus) as s:
        assert s.list() == [] and len(s) == 0
        s.add(corpus[1], 0, 5, "小李的笔记")
    with NoteStore("小王", path=path, corpus=corpus) as s:
        assert [n.note for n in s.list(corpus[1])] == ["小王的笔记"]


def test_default_file_is_the_progress_database_in_the_user_data_dir(tmp_path, monkeypatch, corpus):
    monkeypatch.setenv("STUDYKIT_DATA_DIR", str(tmp_path / "data"))
    with NoteStore(corpus=corpus) as s:
        assert s.path == tmp_path / "data" / "progress.sqlite3"
        assert s.user


def test_a_note_follows_its_passage_when_the_text_moves(tmp_path, store, corpus):
    a = corpus[1]
    passage = "因地制宜发展新质生产力"
    nid = store.add(a, *_span(a.text, passage), "提法")
    # the file is repaired differently: text before the passage, the title corrected
    moved = _load(_folder(tmp_path / "c", body="（本文有删节）\n" + BODY, title="推动高质量发展的体会"))
    [n] = store.list(moved[1], corpus=moved)
    assert n.id == nid and n.status == "moved" and moved[1].text[n.start:n.end] == passage
    assert n.start > store.get(nid).start and n.title == "推动高质量发展的体会"


def test_a_repeated_passage_is_found_again_by_its_surroundings(store, corpus):
    a = corpus[1]
    passage = "我们要坚持以人民为中心的发展思想。"
    store.add(a, *_span(a.text, passage, nth=1), "第二次出现的那一句")
    changed = replace(a, text="前言。" + a.text.replace("这是第二次", "这是又一次"))
    [n] = store.list(changed, corpus=Corpus([changed]))
    assert n.status == "moved" and (n.start, n.end) == _span(changed.text, passage, nth=1)


def test_spacing_and_width_changes_do_not_lose_a_note(store, corpus):
    a = corpus[1]
    s, e = _span(a.text, "推动高质量发展２０２４年")
    note = store.get(store.add(a, s, e, "年份"))
    text = "导语。" + a.text.replace("推动高质量发展２０２４年", "推动高质量 发展2024年")
    start, end, status = anchor(note, text)
    assert status == "moved" and text[start:end] == "推动高质量 发展2024年"


def test_a_note_whose_passage_is_gone_is_kept_and_reported(store, corpus):
    a = corpus[1]
    nid = store.add(a, *_span(a.text, "这是第二次出现。"), "会被删掉的句子")
    gone = replace(a, text=a.text.replace("这是第二次出现。", ""))
    with pytest.warns(NoteWarning, match="no longer in the text"):
        [n] = store.list(gone, corpus=Corpus([gone]))
    assert n.id == nid and n.lost and n.note == "会被删掉的句子"
    assert store.get(nid).note == "会被删掉的句子"  # kept in the store


def test_a_note_stays_with_its_article_when_ids_shift():
    text_a, text_b = "甲文第一句。共同的句子。", "乙文第一句。共同的句子。"
    old = Corpus([Article(1, "甲文", text_a, file="汇编.txt"), Article(2, "乙文", text_b, file="汇编.txt")])
    import tempfile
    with tempfile.TemporaryDirectory() as d, NoteStore("t", path=f"{d}/p.sqlite3", corpus=old) as s:
        s.add(2, *_span(text_b, "共同的句子。"), "乙文的笔记")
        new = Corpus([Article(1, "新增的文章", "无关。", file="汇编.txt"),
                      Article(2, "甲文", text_a, file="汇编.txt"), Article(3, "乙文", text_b, file="汇编.txt")])
        [n] = s.list(corpus=new)
        assert (n.article, n.title, n.status) == (3, "乙文", "exact")
        assert s.list(new[2], corpus=new) == [] and len(s.list(new[3], corpus=new)) == 1
        # a corpus that does not hold the file at all leaves the note as it was
        other = Corpus([Article(1, "别的", "共同的句子。", file="另一个.txt")])
        assert locate(n, other).status == "elsewhere"


def test_term_filters_notes_and_passages(store, corpus):
    a = corpus[1]
    store.add(a, *_span(a.text, "新质生产力"), "因地制宜")
    store.add(a, *_span(a.text, "硬道理"), "关键判断")
    assert [n.note for n in store.list(term="新质")] == ["因地制宜"]
    assert [n.note for n in store.list(term="关键")] == ["关键判断"]
    assert store.list(term="没有这个词") == []


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, [k for k, _ in attrs]))

    def handle_data(self, data):
        self.text.append(data)


def _hostile_store(tmp_path):
    c = Corpus([Article(1, f"标题{HOSTILE}", f"正文{HOSTILE}这一句。第二句。", source=f"来源{HOSTILE}",
                        date="2024-01-02", file="h.txt")])
    s = NoteStore("老师", path=tmp_path / "teacher.sqlite3", corpus=c)
    a = c[1]
    s.add(a, 0, a.text.index("。") + 1, f"笔记{HOSTILE}\n第二行 -->")
    s.add(a, *_span(a.text, "第二句。"), "**不是粗体** # 不是标题\n1. 不是列表")
    return s, c


def test_markdown_export_quotes_passages_and_escapes_everything(tmp_path):
    s, c = _hostile_store(tmp_path)
    md = notes_markdown(s.list(c[1]), user="老师")
    outside = "\n".join(line for line in md.splitlines() if not line.startswith("<!-- studykit-note {"))
    assert "<script" not in outside and "<img" not in outside and "&lt;script&gt;" in outside
    assert "\\*\\*不是粗体\\*\\*" in md and "\\# 不是标题" in md and "1\\. 不是列表" in md
    assert "## 标题&lt;script&gt;" in md and "来源 source：来源&lt;script&gt;" in md and "2024-01-02" in md
    assert "> 正文&lt;script&gt;" in md  # the passage, as a quote
    # every note's data is in a comment that nothing in the note can close
    comments = [line for line in md.splitlines() if line.startswith("<!-- studykit-note {")]
    assert len(comments) == 2 and all(line.count("-->") == 1 and line.endswith(" -->") for line in comments)


def test_html_export_is_printable_and_escaped(tmp_path):
    s, c = _hostile_store(tmp_path)
    page = notes_html(s.list(c[1]), user="老师")
    parsed = _Markup()
    parsed.feed(page)
    assert not [t for t in parsed.tags if t[0] in ("script", "img")]
    assert not [t for t in parsed.tags if any(k.startswith("on") for k in t[1])]
    text = "".join(parsed.text)
    assert HOSTILE in text and "标题" in text and "@page" in page


@pytest.mark.parametrize("suffix", [".md", ".html", ".json"])
def test_import_takes_a_teachers_notes_once(tmp_path, suffix):
    teacher, c = _hostile_store(tmp_path)
    notes = teacher.list(c[1])
    out = tmp_path / f"notes{suffix}"
    out.write_text({".md": notes_markdown, ".html": notes_html}.get(suffix, lambda n, u=None: notes_json(n))(notes, "老师"),
                   encoding="utf-8")
    with NoteStore("学生", path=tmp_path / "student.sqlite3", corpus=c) as learner:
        assert learner.import_file(out) == {"added": 2, "updated": 0, "unchanged": 0}
        assert learner.import_file(out) == {"added": 0, "updated": 0, "unchanged": 2}
        got = learner.list(c[1])
        assert sorted(n.note for n in got) == sorted(n.note for n in notes)
        assert {n.author for n in got} == {"老师"} and {n.user for n in got} == {"学生"}
        assert {(n.start, n.end, n.passage) for n in got} == {(n.start, n.end, n.passage) for n in notes}
        # the teacher corrects a note and shares again: the learner's copy follows, nothing is doubled
        teacher.edit(notes[0].id, "老师改过的笔记")
        out.write_text(notes_json(teacher.list(c[1])), encoding="utf-8") if suffix == ".json" else \
            out.write_text(notes_markdown(teacher.list(c[1])), encoding="utf-8")
        assert learner.import_file(out) == {"added": 0, "updated": 1, "unchanged": 1}
        assert "老师改过的笔记" in [n.note for n in learner.list(c[1])] and len(learner) == 2
    teacher.close()


def test_a_file_without_notes_is_refused(tmp_path):
    for name, text in (("x.md", "# 只是一篇笔记\n"), ("x.json", "{}"), ("y.json", "[{\"uid\": 1}]"),
                       ("z.json", "not json")):
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(NotesFileError, match=name):
            read_notes_file(tmp_path / name)
    (tmp_path / "b.md").write_bytes(b"\xff\xfe\x00garbage\x81")
    with pytest.raises(NotesFileError, match="UTF-8"):
        read_notes_file(tmp_path / "b.md")


_WRITER = """
import sys
from studykit.corpus import Article, Corpus
from studykit.notes import NoteStore
c = Corpus([Article(1, "t", "一句话。" * 50, file="f.txt")])
s = NoteStore("w", path=sys.argv[1], corpus=c)
for i in range(100000):
    s.add(1, i % 150, i % 150 + 4, f"note {i}")
    print(i + 1, flush=True)
"""


def test_a_writer_killed_mid_save_loses_at_most_that_note(tmp_path):
    db = tmp_path / "p.sqlite3"
    saved = kill_writer(_WRITER, db, after=200)
    c = Corpus([Article(1, "t", "一句话。" * 50, file="f.txt")])
    with NoteStore("w", path=db, corpus=c) as s:
        n = len(s)
        assert saved <= n <= saved + 1
        s.add(1, 0, 4, "after")
        assert len(s) == n + 1


def test_passage_options(corpus):
    a = corpus[1]
    sentences = passage_options(a)
    assert [a.text[s:e] for _, (s, e) in sentences][:2] == ["高质量发展是新时代的硬道理。", "我们要坚持以人民为中心的发展思想。"]
    assert sentences[0][0].startswith("1. ")
    lines = passage_options(a, "kwic", term="高质量发展", width=4)
    assert len(lines) == 2 and "【高质量发展】" in lines[1][0]
    assert a.text[slice(*lines[1][1])] == "各地要因地制宜发展新质生产力，推动高质量发展２０２４年取得新成效。"
    assert passage_options(a, "kwic", term="") == [] and passage_options(a, "key_point") == []
    kp = Article(1, "t", "第一句。要点句子在这里。", key_points=["要点句子"], key_point_spans=[(4, 12)])
    assert passage_options(kp, "key_point") == [("要点 1 · 要点句子", (4, 12))]
    with pytest.raises(ValueError):
        passage_options(a, "word")


# ---------------------------------------------------------------- command line and study sheet


def _cli(*args) -> int:
    return cli.main(list(args))


def test_cli_list_export_import(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STUDYKIT_DATA_DIR", str(tmp_path / "data"))
    root = _folder(tmp_path / "c")
    c = _load(root)
    with NoteStore("老师", corpus=c) as s:
        s.add(c[1], *_span(c[1].text, "硬道理"), "重要判断")
    assert _cli("notes", "list", str(root), "--user", "老师", "--json") == 0
    [rec] = json.loads(capsys.readouterr().out)
    assert rec["note"] == "重要判断" and rec["status"] == "exact" and rec["passage"] == "硬道理"
    assert _cli("notes", "list", str(root), "--user", "老师") == 0
    out = capsys.readouterr()
    assert "重要判断" in out.out and "1 notes of 老师" in out.err
    md, page = tmp_path / "notes.md", tmp_path / "notes.html"
    assert _cli("notes", "export", str(root), "--user", "老师", "-o", str(md)) == 0
    assert _cli("notes", "export", str(root), "--user", "老师", "--html", "-o", str(page)) == 0
    assert "> 硬道理" in md.read_text(encoding="utf-8") and "<!DOCTYPE html>" in page.read_text(encoding="utf-8")
    assert _cli("notes", "import", str(page), "--user", "学生") == 0
    assert "1 notes added" in capsys.readouterr().err
    assert _cli("notes", "import", str(md), "--user", "学生") == 0
    assert "0 notes added, 0 updated, 1 already there" in capsys.readouterr().err
    (tmp_path / "other.md").write_text("随便写的\n", encoding="utf-8")
    assert _cli("notes", "import", str(tmp_path / "other.md")) == 2
    assert "no studykit notes" in capsys.readouterr().err


def test_cli_export_with_notes_prints_them_beside_their_passages(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYKIT_DATA_DIR", str(tmp_path / "data"))
    root = _folder(tmp_path / "c")
    c = _load(root)
    with NoteStore("小王", corpus=c) as s:
        s.add(c[1], *_span(c[1].text, "因地制宜发展新质生产力"), f"第二段的笔记{HOSTILE}")
        s.add(c[1], *_span(c[1].text, "硬道理"), "第一段的笔记")
    sheet = tmp_path / "a.html"
    assert _cli("export", "1", str(root), "--notes", "--user", "小王", "-o", str(sheet)) == 0
    html = sheet.read_text(encoding="utf-8")
    body = html[html.index("正文 Text"):]
    paragraphs = body.split("<p>")
    # the first paragraph is followed by the note on 硬道理, the second by the note on 新质生产力
    assert "硬道理" in paragraphs[1] and "第一段的笔记" in paragraphs[1] and "第二段的笔记" not in paragraphs[1]
    assert "新质生产力" in paragraphs[2] and "第二段的笔记&lt;script&gt;" in paragraphs[2]
    assert '<mark class="sk-note">硬道理</mark>' in html and "<script>" not in html
    plain = tmp_path / "plain.html"
    assert _cli("export", "1", str(root), "-o", str(plain)) == 0
    assert "第一段的笔记" not in plain.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the notes panel


def test_browser_notes_panel_adds_edits_deletes_and_highlights(tmp_path, monkeypatch):
    pytest.importorskip("ipywidgets")
    from studykit.widgets import ArticleBrowser

    monkeypatch.setenv("STUDYKIT_DATA_DIR", str(tmp_path / "data"))
    c = _load(_folder(tmp_path / "c"))
    b = ArticleBrowser(c, article=1, user="小王")
    panel = b.notes
    assert panel.passage == (0, len("高质量发展是新时代的硬道理。"))
    panel.last.value = panel.last.options[1][1]  # from the first sentence to the second
    assert panel.passage == (0, c[1].text.index("\n"))
    panel.add_button.click()
    assert "empty" in panel.message.value and panel.notes == []  # nothing written yet
    panel.note_text.value = f"两句话{HOSTILE}"
    panel.add_button.click()
    assert len(panel.notes) == 1 and panel.note_text.value == ""
    assert '<mark class="sk-note"' in b.body.value and "[1]" in b.body.value
    assert "两句话&lt;script&gt;" in panel.listing.value and "<script>" not in panel.listing.value
    # a KWIC line of the browser's term
    panel.pick.value = "kwic"
    b.kwic_term.value = "新质生产力"
    assert len(panel.first.options) == 1 and "【新质生产力】" in panel.first.options[0][0]
    panel.note_text.value = "提法"
    panel.add_button.click()
    assert [n.note for n in panel.notes] == [f"两句话{HOSTILE}", "提法"]
    # a new browser (a restarted kernel) shows the same notes
    again = ArticleBrowser(c, article=1, user="小王").notes
    assert [n.id for n in again.notes] == [n.id for n in panel.notes]
    assert ArticleBrowser(c, article=1, user="小李").notes.notes == []
    # edit
    again.chosen.value = again.notes[1].id
    again.edit_button.click()
    assert again.note_text.value == "提法" and "save" in again.add_button.description
    again.note_text.value = "提法：因地制宜"
    again.add_button.click()
    assert [n.note for n in again.notes][1] == "提法：因地制宜" and "add note" in again.add_button.description
    # delete asks first
    again.chosen.value = again.notes[0].id
    again.delete_button.click()
    assert len(again.notes) == 2 and "confirm" in again.delete_button.description
    again.delete_button.click()
    assert [n.note for n in again.notes] == ["提法：因地制宜"]
    b.show(2)
    assert panel.notes == [] and "no notes" in panel.listing.value
