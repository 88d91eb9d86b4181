"""Hand-outs: Anki-importable CSV, a printable review sheet and a printable study sheet of one article.

Every function returns a string (CSV text or a whole HTML page); every piece of corpus text in the
HTML is escaped. The pages carry their own print styles for A4 paper.

    anki_csv(questions)            -> CSV text: front, back, tags (UTF-8; Anki: File → Import)
    review_sheet(questions)        -> HTML page: numbered questions, the answers on a new page
    export_article(corpus, 3)      -> HTML page: one article to study on paper
    download_link(text, "a.csv")   -> an HTML link that saves ``text`` as a file (notebooks, Voila)
"""

from __future__ import annotations

import base64
import csv
import io
import mimetypes
import re
from collections.abc import Iterable

from .corpus import Article, Corpus
from .markup import bold_terms, esc, marked, page
from .review import BLANK, Question, study_terms

#: Print styles shared by both pages: A4, CJK fonts, nothing wider than the paper.
PAGE_STYLE = """
@page { size: A4; margin: 18mm 16mm; }
html { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; font-size: 11.5pt; line-height: 1.75; color: #111; }
body { max-width: 178mm; margin: 1.5em auto; padding: 0 1em; overflow-wrap: anywhere; }
h1 { font-size: 1.6em; line-height: 1.35; margin: 0 0 0.3em; }
h2 { font-size: 1.15em; margin: 1.4em 0 0.4em; border-bottom: 1px solid #999; break-after: avoid; }
.sk-meta { color: #333; }
.sk-body p { text-indent: 2em; margin: 0 0 0.6em; }
mark.sk-kp { background: #fff0a8; padding: 0 1px; }
mark.sk-note { background: none; border-bottom: 2px solid #c77700; }
sup.sk-note-no { color: #c77700; font-weight: bold; font-size: 0.7em; }
aside.sk-note { margin: 0 0 0.8em 2em; padding: 0.2em 0.7em; border-left: 4px solid #c77700; background: #fff8e6;
  break-inside: avoid; font-size: 0.95em; }
aside.sk-note .sk-by { color: #555; font-size: 0.85em; }
sup.sk-kp-no { color: #8a4b00; font-size: 0.7em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ccc; padding: 0.15em 0.4em; text-align: left; vertical-align: top; }
td.sk-num { text-align: right; font-variant-numeric: tabular-nums; }
ol.sk-questions > li { margin-bottom: 1.1em; break-inside: avoid; }
.sk-choices { margin: 0.2em 0 0 1em; }
.sk-line { display: inline-block; min-width: 8em; border-bottom: 1px solid #333; }
.sk-answers { break-before: page; }
.sk-source { color: #444; font-size: 0.9em; }
footer { margin-top: 2em; color: #666; font-size: 0.85em; }
@media print {
  body { margin: 0; padding: 0; max-width: none; }
  mark.sk-kp, aside.sk-note { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""


def _page(title: str, body: str) -> str:
    return page(title, f"{body}\n<footer>studykit</footer>", PAGE_STYLE)


def _tag(text: str) -> str:
    """An Anki tag: letters, digits, Han characters, ``-`` and ``.``; anything else becomes ``_``."""
    return re.sub(r"[^\w.\-]+", "_", text.strip()).strip("_") or "_"


def _front(q: Question) -> str:
    front = esc(q.prompt)
    if q.choices:
        front += "<br>" + " ／ ".join(esc(c) for c in q.choices)
    return front


def _back(q: Question) -> str:
    sentence = bold_terms(q.sentence, {q.answer, *q.parts})
    return f"<b>{esc(q.answer)}</b><br>{sentence}<br><small>{esc(q.citation)}</small>"


def anki_csv(questions: Iterable[Question]) -> str:
    """CSV text for Anki's File → Import: columns front, back, tags, one row per question.

    Anki's header lines (``#separator``, ``#html``, ``#columns``, ``#tags column``) come first. The
    front is the question (with its choices), the back the answer, the whole source sentence and
    “title” · source · date; fields are HTML with the corpus text escaped. Tags: ``studykit``, the
    kind, ``article::N``, ``source::…`` and ``date::…`` when known. Write it as UTF-8.
    """
    buf = io.StringIO()
    buf.write("#separator:Comma\n#html:true\n#columns:front,back,tags\n#tags column:3\n")
    w = csv.writer(buf, lineterminator="\n")
    for q in questions:
        tags = ["studykit", q.kind, f"article::{q.article}"]
        if q.source:
            tags.append(f"source::{_tag(q.source)}")
        if q.date:
            tags.append(f"date::{q.date}")
        w.writerow([_front(q), _back(q), " ".join(tags)])
    return buf.getvalue()


def review_sheet(questions: Iterable[Question], title: str = "复习题 Review questions") -> str:
    """A printable HTML page: the questions numbered, with choices or a line to write on, and on a
    new page the answers, each with its whole source sentence and “title” · source · date."""
    qs = list(questions)
    items, answers = [], []
    for q in qs:
        prompt = esc(q.prompt).replace(esc(BLANK), '<span class="sk-line">&#8203;</span>')
        extra = ""
        if q.choices:
            extra = '<div class="sk-choices">' + "　".join(
                f"{chr(65 + i)}. {esc(c)}" for i, c in enumerate(q.choices)) + "</div>"
        elif q.kind == "flashcard":
            extra = f'<div class="sk-choices">（共 {len(q.parts)} 项 / {len(q.parts)} parts）</div>'
        items.append(f'<li class="sk-q">{prompt}{extra}<div class="sk-source">{esc(q.citation)}</div></li>')
        answers.append(f'<li>{_back(q)}</li>')
    body = (f"<h1>{esc(title)}</h1>\n<p class=\"sk-meta\">{len(qs)} 题 / questions</p>\n"
            f'<ol class="sk-questions">{"".join(items)}</ol>\n'
            f'<section class="sk-answers"><h2>答案 Answers</h2><ol>{"".join(answers)}</ol></section>')
    return _page(title, body)


def formulation_counts(corpus: Corpus, article: Article, terms: Iterable[str] | None = None) -> list[dict]:
    """The terms ``article`` uses, with ``in_article``, ``in_corpus`` (occurrences) and ``articles``
    (how many articles of ``corpus`` use it), counted in the search form (社會主義 counts as 社会主义);
    most used in the article first.
    ``terms`` default to ``study_terms(corpus)``."""
    terms = study_terms(corpus) if terms is None else list(terms)
    rows = []
    for t in terms:
        want = corpus.search_term(t)
        n = article.search_text.count(want) if want else 0
        if not n:
            continue
        per = [a.search_text.count(want) for a in corpus]
        rows.append({"term": t, "in_article": n, "in_corpus": sum(per), "articles": sum(1 for x in per if x)})
    rows.sort(key=lambda r: (-r["in_article"], -r["in_corpus"], r["term"]))
    return rows


def _note_box(number: int, note) -> str:
    from .notes import when

    return (f'<aside class="sk-note"><b>笔记 note {number}</b>　{esc(note.note, breaks=True)}'
            f'<div class="sk-by">— {esc(note.author)}，{esc(when(note.edited))}</div></aside>')


def _body(article: Article, notes: list | None = None) -> str:
    """Escaped paragraphs of the body; the key-point sentences in ``<mark class="sk-kp">`` with their number;
    each note's passage underlined and numbered, and the note itself after the paragraph where its passage ends."""
    spans = [(s[0], s[1], '<mark class="sk-kp">', "</mark>", f'<sup class="sk-kp-no">[{i + 1}]</sup>')
             for i, s in enumerate(article.key_point_spans) if s]
    placed = [(i, n) for i, n in enumerate(notes or [], 1) if not n.lost]
    spans += [(n.start, n.end, '<mark class="sk-note">', "</mark>", f'<sup class="sk-note-no">〔{i}〕</sup>')
              for i, n in placed]
    out, pos = [], 0
    for line in article.text.split("\n"):
        end = pos + len(line)
        if line.strip():
            out.append(f"<p>{marked(line, spans, start=pos)}</p>")
        out += [_note_box(i, n) for i, n in placed if pos <= max(n.start, n.end - 1) <= end]
        pos = end + 1
    return f'<div class="sk-body">{"".join(out)}</div>'


def export_article(corpus: Corpus, article_id: int, terms: Iterable[str] | None = None, *,
                   notes: Iterable | None = None) -> str:
    """A standalone printable HTML study sheet of article ``article_id`` of ``corpus``.

    It holds the kicker, title, subtitle, byline, source and date; the key points; the formulations and key
    terms the article uses with their counts in the article and the corpus (``formulation_counts``);
    and the body with each key-point sentence highlighted and numbered. ``notes`` (the article's
    ``notes.Note`` objects, as ``NoteStore.list(article)`` gives them) are printed beside their
    passages; those whose passage is gone are listed at the end. Raises ``KeyError`` for an unknown id.
    """
    from .counts import COUNTED

    notes = list(notes or [])
    a = corpus[article_id]
    meta = [f"来源 source：{esc(a.source or '—')}", f"日期 date：{esc(a.date or '—')}",
            f"{a.chars} 字", f"文章 article {a.id}"]
    parts = [f'<div class="sk-meta">{esc(a.kicker)}</div>'] if a.kicker else []
    parts.append(f"<h1>{esc(a.title)}</h1>")
    for line in (a.subtitle, a.byline):
        if line:
            parts.append(f'<div class="sk-meta">{esc(line)}</div>')
    parts.append(f'<div class="sk-meta">{" · ".join(meta)}</div>')
    if a.key_points:
        items = "".join(f"<li>{esc(k)}</li>" for k in a.key_points)
        parts.append(f'<h2>要点 Key points</h2><ol class="sk-kps">{items}</ol>')
    rows = formulation_counts(corpus, a, terms)
    if rows:
        trs = "".join(f'<tr><td>{esc(r["term"])}</td><td class="sk-num">{r["in_article"]}</td>'
                      f'<td class="sk-num">{r["in_corpus"]}</td><td class="sk-num">{r["articles"]}</td></tr>'
                      for r in rows)
        parts.append('<h2>提法与关键词 Formulations and key terms</h2><table class="sk-terms">'
                     "<tr><th>提法 term</th><th>本文 here</th><th>语料 corpus</th><th>篇数 articles</th></tr>"
                     f"{trs}</table><p class=\"sk-source\">语料 corpus：{esc(corpus.name)}，{len(corpus)} 篇。"
                     f"{esc(COUNTED['text'])}；词频表和词云按分词计数，数字可能较小 / word lists and clouds count "
                     "words, so their numbers can be lower.</p>")
    parts.append(f"<h2>正文 Text</h2>{_body(a, notes)}")
    lost = [n for n in notes if n.lost]
    if lost:
        items = "".join(f"<li><blockquote>{esc(n.passage, breaks=True)}</blockquote>{esc(n.note, breaks=True)}</li>"
                        for n in lost)
        parts.append(f"<h2>找不到原文的笔记 Notes whose passage is gone</h2><ol>{items}</ol>")
    return _page(a.title, "\n".join(parts))


def download_link(content: str, filename: str, label: str | None = None) -> str:
    """An ``<a download>`` link carrying ``content`` (UTF-8) as a data URL: clicking it in a notebook
    or in Voila saves the file ``filename`` without writing anything on the server."""
    mime = mimetypes.guess_type(filename)[0] or "text/plain"
    data = base64.b64encode(content.encode("utf-8")).decode("ascii")
    text = label or f"下载 download {filename}"
    return (f'<a class="sk-download" download="{esc(filename)}" '
            f'href="data:{mime};charset=utf-8;base64,{data}">{esc(text)}</a>')
