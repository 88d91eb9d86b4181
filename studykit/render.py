"""Escaped HTML for reading: an article with its key points and highlights, and KWIC tables.

Every piece of corpus text passes through ``markup.esc``; the functions return strings of HTML
that are safe to show in a notebook, a widget or a saved page. The layout is made for a projector:
large text, lines that wrap, no horizontal scrolling.
"""

from __future__ import annotations

import numbers
import re

from .corpus import Article
from .markup import esc, is_missing, marked
from .text import fold, search_form, squeeze

#: Styles shared by every fragment; scoped to ``.sk-doc`` so nothing else on the page changes.
STYLE = """<style>
.sk-doc {font-size: 1.25em; line-height: 1.8; max-width: 100%; overflow-wrap: anywhere;
  word-break: break-word; white-space: normal; box-sizing: border-box;}
.sk-doc h2.sk-title {font-size: 1.5em; margin: 0.2em 0 0.4em 0; line-height: 1.4;}
.sk-doc .sk-meta {color: #444; font-size: 0.9em;}
.sk-doc .sk-inferred {font-size: 0.6em; font-weight: normal; color: #8a4b00; border: 1px solid #8a4b00;
  border-radius: 4px; padding: 0 0.3em; margin-left: 0.5em; vertical-align: middle; white-space: nowrap;
  display: inline-block;}
.sk-doc mark.sk-hit {background: #ffe066; padding: 0 1px;}
.sk-doc mark.sk-hit-current {background: #ff9f1a; outline: 3px solid #b35900; border-radius: 2px;}
.sk-doc .sk-kp-hit {background: #cfe8ff; outline: 2px solid #3d8bd9; border-radius: 2px;}
.sk-doc mark.sk-note {background: #fff3bf; border-bottom: 2px solid #e0a800; padding: 0 1px;}
.sk-doc sup.sk-note-no {color: #8a5a00; font-weight: bold; font-size: 0.7em; margin: 0 0.1em;}
.sk-doc .sk-note-item {margin: 0.4em 0 0.8em; padding: 0.3em 0.6em; border-left: 4px solid #e0a800; background: #fffdf4;}
.sk-doc .sk-note-item blockquote {margin: 0; color: #333;}
.sk-doc .sk-note-item .sk-note-text {margin: 0.2em 0; font-weight: bold; white-space: pre-wrap;}
.sk-doc .sk-note-item .sk-note-by {font-size: 0.8em; color: #555;}
.sk-doc .sk-note-lost {color: #a00020; font-weight: bold;}
.sk-doc ol.sk-kps li {margin-bottom: 0.3em;}
.sk-doc ol.sk-kps li.sk-kp-active {background: #cfe8ff;}
.sk-doc p {margin: 0 0 0.7em 0; text-indent: 2em;}
/* reading lines of 30–40 characters, whatever the screen width */
.sk-doc.sk-body, .sk-doc ol.sk-kps {max-width: 38em;}
/* KWIC: a grid, one line per hit, the terms in one column. The left context always gets its whole width
   (cut on its left only when the screen is narrower than twice that), the right one takes what is left and
   ends in an ellipsis; the "where" column only shows when the hits come from several articles */
.sk-doc table.sk-kwic {display: grid; width: 100%; border-collapse: collapse;}
.sk-doc table.sk-kwic colgroup {display: none;}
.sk-doc table.sk-kwic tbody, .sk-doc table.sk-kwic tr {display: contents;}
.sk-doc table.sk-kwic td, .sk-doc table.sk-kwic th {display: block; min-width: 0; padding: 0.2em 0.4em;
  border-bottom: 1px solid #ddd; white-space: nowrap; overflow: hidden;}
.sk-doc table.sk-kwic td.sk-left .sk-clip {display: flex; justify-content: flex-end; white-space: nowrap;
  overflow: hidden;}
.sk-doc table.sk-kwic td.sk-right {text-overflow: ellipsis;}
.sk-doc table.sk-kwic td.sk-where {font-size: 0.8em; line-height: 1.4; color: #444;}
.sk-doc table.sk-kwic td.sk-where .sk-ellipsis {overflow: hidden; text-overflow: ellipsis;}
.sk-doc table.sk-kwic td.sk-where small {white-space: nowrap;}
.sk-doc table.sk-kwic td.sk-match {text-align: center; font-weight: bold;}
.sk-doc .sk-kwic-hit {color: #8a0018; background: #ffe066; border-radius: 3px; padding: 0 0.1em;}
.sk-doc table.sk-kwic th {text-align: left; font-size: 0.8em; color: #555; text-overflow: clip;}
.sk-doc table.sk-kwic th.sk-left {text-align: right;}
.sk-doc table.sk-table {border-collapse: collapse; width: 100%; table-layout: auto;}
.sk-doc table.sk-table td, .sk-doc table.sk-table th {padding: 0.2em 0.6em; border-bottom: 1px solid #ddd;
  vertical-align: top; overflow-wrap: anywhere; text-align: left;}
.sk-doc table.sk-table th {font-size: 0.8em; color: #555; white-space: nowrap;}
.sk-doc table.sk-table td.sk-num, .sk-doc .sk-date {white-space: nowrap; overflow-wrap: normal;}
/* the controls of every studykit widget, large enough to read on a projector */
.sk-browser, .sk-comparer, .sk-cloud-explorer, .sk-timeline, .sk-review, .sk-dispersion {--jp-widgets-font-size: 16px;
  --jp-widgets-inline-height: 32px;}
.sk-browser select, .sk-comparer select, .sk-cloud-explorer select, .sk-timeline select, .sk-review select,
  .sk-dispersion select {font-size: 16px;}
/* an interactive chart keeps its pixel size (clicks map to its points); a narrow screen scrolls it sideways */
.sk-tl-chart, .sk-disp-chart {max-width: 100%; overflow-x: auto; overflow-y: hidden;}
.sk-browser .jupyter-button, .sk-comparer .jupyter-button, .sk-cloud-explorer .jupyter-button,
  .sk-timeline .jupyter-button, .sk-review .jupyter-button, .sk-dispersion .jupyter-button {flex-shrink: 0;}
/* a dropdown is as wide as its longest choice, never cut at ipywidgets' fixed width ("2024-01 整月 whole mont") */
:is(.sk-browser, .sk-comparer, .sk-cloud-explorer, .sk-timeline, .sk-review, .sk-dispersion) .widget-dropdown
  {width: auto; max-width: 100%;}
:is(.sk-browser, .sk-comparer, .sk-cloud-explorer, .sk-timeline, .sk-review, .sk-dispersion) .widget-dropdown > select
  {flex: 0 1 auto; width: auto; max-width: 100%; min-width: 6em;}
/* the projector preset: in Voila (studykit present) the text is at least 20 px at 1920 × 1080 and a chart
   leaves room for its controls on one screen */
body[data-voila] {--jp-content-font-size1: 22px; --jp-ui-font-size1: 20px; --jp-content-line-height: 1.6;}
body[data-voila] .jp-RenderedMarkdown {font-size: 22px;}
body[data-voila] :is(.sk-browser, .sk-comparer, .sk-cloud-explorer, .sk-timeline, .sk-review)
  {--jp-widgets-font-size: 20px; --jp-widgets-inline-height: 40px; --jp-widgets-inline-label-width: 9em;}
body[data-voila] :is(.sk-browser, .sk-comparer, .sk-cloud-explorer, .sk-timeline, .sk-review) :is(select, input,
  button, label, .widget-label) {font-size: 20px;}
body[data-voila] .sk-doc {font-size: 1.2em;}
body[data-voila] .sk-doc .sk-doc {font-size: 1em;}
</style>"""


def find_hits(text: str | Article, query: str | None) -> list[tuple[int, int]]:
    """``(start, end)`` in the original of every occurrence of ``query`` (case-insensitive, no overlaps).

    ``text`` is an ``Article`` (its body is searched in its search form, ``Article.search``) or a string
    (searched in its search form too); the query is normalised the same way, so 社会主义 marks 社會主義.
    An empty or blank query finds nothing. The query is plain text, not a pattern.
    """
    query = (query or "").strip()
    if not query:
        return []
    if isinstance(text, Article):
        found, normalise = text.search, text.normalise
    else:
        found, normalise = fold(text, form="search"), True
    query = search_form(query) if normalise else query
    if not query:
        return []
    return [found.span(*m.span()) for m in re.finditer(re.escape(query), found.text, flags=re.IGNORECASE)]


def search_ids(articles, query: str | None) -> list[int]:
    """Ids of the articles (any iterable of ``Article``) whose title or body contains ``query``, both
    compared in their search form (a traditional text is found by a simplified query and back).

    A blank query keeps every article.
    """
    q = (query or "").strip()
    if not q:
        return [a.id for a in articles]
    folded = search_form(q).lower()
    out = []
    for a in articles:
        want = folded if a.normalise else q.lower()
        title = _title_form(a).lower()
        if want in a.search_text.lower() or want in title:
            out.append(a.id)
    return out


def _title_form(a: Article) -> str:
    """The title as it is searched: its search form, unless the article is not normalised."""
    return search_form(a.title) if a.normalise else a.title


def article_label(article: Article) -> str:
    """One line of plain text naming an article in a list: id, date, title; inferred titles marked 〔推断〕."""
    mark = "〔推断〕" if article.title_inferred else ""
    return f"{article.id:>3} · {article.date or '—'} · {mark}{article.title}"


def article_options(articles, width: int | None = None) -> list[tuple[str, int]]:
    """``(label, id)`` for every article (any iterable of ``Article``), for a list or dropdown control.

    Labels are plain text (list controls show them as text, never as HTML). With ``width``, a label
    longer than that many characters ends in "…" (a dropdown then shows it whole on a laptop screen;
    the article list shows whole titles)."""
    labels = [(article_label(a), a.id) for a in articles]
    if width is None:
        return labels
    return [(x if len(x) <= width else x[: width - 1] + "…", i) for x, i in labels]


def body_html(article: Article, query: str | None = None, *, key_point: int | None = None,
              hits: list[tuple[int, int]] | None = None, current: int | None = None,
              notes: list[tuple[int, int, int]] | None = None) -> str:
    """The body as ``<p>`` paragraphs, search hits in ``<mark class="sk-hit">``, the sentence of
    key point number ``key_point`` (0-based) in ``<span class="sk-kp-hit">`` and each of ``notes`` in
    ``<mark class="sk-note">`` followed by its number.

    Args:
        key_point: the key point (0-based) whose body sentence is marked.
        hits: the ``(start, end)`` spans to mark, instead of the occurrences of ``query``.
        current: the hit (0-based) the reader is on: its mark also has the class ``sk-hit-current``.
        notes: ``(start, end, number)`` of the learner's notes to mark (``NotesPanel.spans()``).
    """
    found = find_hits(article, query) if hits is None else hits
    spans = [(s, e, f'<mark class="sk-hit{" sk-hit-current" if k == current else ""}">', "</mark>")
             for k, (s, e) in enumerate(found)]
    kps = article.key_point_spans
    if key_point is not None and 0 <= key_point < len(kps) and kps[key_point]:
        spans.append((*kps[key_point], '<span class="sk-kp-hit">', "</span>"))
    for s, e, n in notes or ():
        spans.append((s, e, f'<mark class="sk-note" title="笔记 note {n}">', "</mark>",
                      f'<sup class="sk-note-no">[{n}]</sup>'))
    paras, pos = [], 0
    for line in article.text.split("\n"):
        if line.strip():
            paras.append(f"<p>{marked(line, spans, start=pos)}</p>")
        pos += len(line) + 1
    return f'<div class="sk-doc sk-body">{"".join(paras)}</div>'


def header_html(article: Article) -> str:
    """Kicker, title (with a mark when the title was inferred), subtitle, byline, source and date."""
    tag = '<span class="sk-inferred" title="标题由正文推断 / title inferred from the text">推断标题 inferred</span>'
    parts = [f'<div class="sk-meta">{esc(article.kicker)}</div>'] if article.kicker else []
    parts.append(f'<h2 class="sk-title">{esc(article.title)}{tag if article.title_inferred else ""}</h2>')
    if article.subtitle:
        parts.append(f'<div class="sk-meta">{esc(article.subtitle)}</div>')
    if article.byline:
        parts.append(f'<div class="sk-meta">{esc(article.byline)}</div>')
    meta = [f"来源 source: {esc(article.source or '—')}", f"日期 date: {esc(article.date or '—')}",
            f"{article.chars} 字"]
    parts.append(f'<div class="sk-meta">{" · ".join(meta)}</div>')
    return f'<div class="sk-doc sk-header">{"".join(parts)}</div>'


def key_points_html(article: Article, active: int | None = None) -> str:
    """The key points as a numbered list; the ``active`` one (0-based) carries ``sk-kp-active``."""
    if not article.key_points:
        return ""
    items = [
        f'<li class="sk-kp{" sk-kp-active" if i == active else ""}">{esc(kp)}</li>'
        for i, kp in enumerate(article.key_points)
    ]
    return f'<div class="sk-doc"><b>要点 Key points</b><ol class="sk-kps">{"".join(items)}</ol></div>'


def article_html(article: Article, query: str | None = None, key_point: int | None = None) -> str:
    """A whole article for reading: header, key points and body, with styles included."""
    return STYLE + header_html(article) + key_points_html(article, key_point) + body_html(article, query, key_point=key_point)


def _ems(text: str) -> float:
    """How wide ``text`` is in em: a full-width character (Han, full-width punctuation) is 1, others about 0.6."""
    import unicodedata

    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)


def kwic_html(frame, limit: int = 200, *, where: bool | None = None) -> str:
    """A KWIC table (a DataFrame with ``article, title, date, left, match, right``) as HTML.

    One line per hit with the terms in one column; each hit is a coloured ``span.sk-kwic-hit`` (not a
    character the texts could use themselves); runs of spaces (full-width ones too) and line breaks
    show as one space. At most ``limit`` rows are shown; a note says how many more there are.

    Args:
        where: show the "article" column (default: when the hits come from more than one article).
    """
    if frame is None or len(frame) == 0:
        return '<div class="sk-doc sk-kwic-empty">没有找到 / no matches</div>'
    shown = frame.head(limit)
    if where is None:
        where = shown["article"].nunique() > 1
    lefts, matches, rights = ([squeeze(str(v)) for v in shown[c]] for c in ("left", "match", "right"))
    rows = []
    for r, left, match, right in zip(shown.itertuples(index=False), lefts, matches, rights, strict=True):
        place = (f'<td class="sk-where"><div class="sk-ellipsis">{esc(r.article)} · {esc(r.title)}</div>'
                 f'<small>{esc(r.date, "—")}</small></td>') if where else ""
        rows.append(
            f'<tr>{place}<td class="sk-left"><div class="sk-clip">{esc(left)}</div></td>'
            f'<td class="sk-match"><span class="sk-kwic-hit">{esc(match)}</span></td>'
            f'<td class="sk-right">{esc(right)}</td></tr>'
        )
    more = f"<div>…另有 {len(frame) - limit} 行 / {len(frame) - limit} more rows</div>" if len(frame) > limit else ""
    # the term column is as wide as the longest match (up to 12 characters), so a term is not broken
    # character by character on a narrow screen; the left context is as wide as the longest one (at least
    # half the table), the right one takes the rest, then the article column
    term = min(12, max(2, *(len(m) for m in matches)))
    left = max(_ems(x) for x in lefts) + 0.9
    right = max(_ems(x) for x in rights) + 0.9
    grid = f"minmax(min({left:.1f}em, 50%), {left:.1f}em) {term + 1.2:.1f}em minmax(0, {right:.1f}em)"
    cols = f'<col class="sk-left" style="width:{left:.1f}em"><col style="width:{term + 1.2:.1f}em"><col>'
    head = ('<tr><th class="sk-left">左 left</th><th>词 term</th><th>右 right</th></tr>')
    if where:
        grid = f"minmax(5em, 1fr) {grid}"
        cols = f"<col>{cols}"
        head = head.replace("<tr>", "<tr><th>文章 article</th>", 1)
    return (f'<div class="sk-doc sk-kwic-wrap"><table class="sk-kwic" style="grid-template-columns:{grid}">'
            f'<colgroup>{cols}</colgroup>{head}{"".join(rows)}</table>{more}</div>')


_DATE = re.compile(r"\d{4}(?:-\d{2}){0,2}|\d{4}-W\d{2}")

#: Column headers for students: Chinese first, the English gloss after (``table_html`` uses them).
LABELS = {
    "id": "编号 id", "article": "文章 article", "title": "标题 title", "title_inferred": "推断标题 inferred",
    "subtitle": "副标题 subtitle", "source": "来源 source", "date": "日期 date", "kind": "类型 kind",
    "key_points": "要点 key points", "chars": "字数 characters", "file": "文件 file",
    "term": "词语 term", "count": "次数 count", "per10k": "每万字 per 10k chars", "articles": "篇数 articles",
    "share": "文章比例 share", "offset": "位置 offset", "left": "左 left", "match": "词 term", "right": "右 right",
    "period": "时期 period", "theme": "主题 theme", "terms": "包括的词 terms", "value": "数值 value",
    "matching": "提及的篇数 articles mentioning", "prompt": "题目 question", "answer": "答案 answer",
    "origin": "出处 from", "choices": "选项 choices", "identity": "相同 identity", "mentions": "提及 mentions",
    "learner": "学生 learner", "answered": "答过 answered", "right_answers": "答对 right",
    "cards": "卡片 cards", "due": "到期 due", "last": "最近 last",
}


def _cell(value: object) -> str:
    """One ``<td>``: numbers and dates never break across lines (classes ``sk-num``, ``sk-date``), numbers
    show at most two decimals, a yes/no as 是/否, missing values as a dash."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return f"<td>{'是 yes' if value else '否 no'}</td>"
    if isinstance(value, numbers.Real) and not is_missing(value):
        if isinstance(value, numbers.Integral):
            shown = str(int(value))
        elif abs(value) >= 1:
            shown = f"{float(value):.2f}".rstrip("0").rstrip(".")
        else:
            shown = f"{float(value):.3g}"
        return f'<td class="sk-num">{esc(shown)}</td>'
    if isinstance(value, str) and _DATE.fullmatch(value):  # 2024-02-07 never wraps as "2024-02-" / "07"
        return f'<td class="sk-date">{esc(value)}</td>'
    return f"<td>{esc(value, '—')}</td>"


def table_html(frame, columns: list[str] | None = None, labels: dict[str, str] | None = None,
               limit: int = 100) -> str:
    """A DataFrame as an escaped HTML table (``columns`` in order), without the pandas index.

    Headers are ``labels`` where given, else ``LABELS`` (Chinese with the English gloss), else the
    column name. At most ``limit`` rows are shown; a note says how many more there are.
    """
    if frame is None or len(frame) == 0:
        return '<div class="sk-doc sk-table-empty">（空 / empty）</div>'
    columns = columns or list(frame.columns)
    names = {**LABELS, **(labels or {})}
    head = "".join(f"<th>{esc(names.get(c, c))}</th>" for c in columns)
    rows = "".join(
        "<tr>" + "".join(_cell(v) for v in r) + "</tr>"
        for r in frame[columns].head(limit).itertuples(index=False)
    )
    more = f"<div>…另有 {len(frame) - limit} 行 / {len(frame) - limit} more rows</div>" if len(frame) > limit else ""
    return f'<div class="sk-doc"><table class="sk-table"><tr>{head}</tr>{rows}</table>{more}</div>'


class Fragment(str):
    """A piece of HTML (a ``str``) that a notebook or Voila shows as HTML when it is a cell's result."""

    def _repr_html_(self) -> str:
        return str(self)


def table(frame, columns: list[str] | None = None, labels: dict[str, str] | None = None,
          limit: int = 100) -> Fragment:
    """``table_html`` with the styles, ready to show as a cell's result: ``render.table(corpus.to_frame(),
    ["id", "title", "date"])`` in a lesson shows Chinese headers and no row index."""
    return Fragment(STYLE + table_html(frame, columns, labels, limit))


def note_list_html(notes) -> str:
    """An article's notes (``notes.Note`` objects, in order) as a numbered list: the passage quoted,
    the note, its author and time; a note whose passage is gone says so."""
    from .notes import STATUSES, when

    if not notes:
        return '<div class="sk-doc sk-notes-empty">这篇文章还没有笔记 / no notes on this article yet</div>'
    items = []
    for i, n in enumerate(notes, 1):
        lost = f' <span class="sk-note-lost">{esc(STATUSES["lost"])}</span>' if n.lost else ""
        items.append(f'<div class="sk-note-item"><b>[{i}]</b> <blockquote>{esc(n.passage, breaks=True)}</blockquote>'
                     f'<div class="sk-note-text">{esc(n.note)}</div>'
                     f'<div class="sk-note-by">{esc(n.author)} · {esc(when(n.edited))}{lost}</div></div>')
    return f'<div class="sk-doc sk-notes">{"".join(items)}</div>'
