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
from .text import fold, search_form

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
.sk-doc .sk-kp-hit {background: #cfe8ff; outline: 2px solid #3d8bd9; border-radius: 2px;}
.sk-doc ol.sk-kps li {margin-bottom: 0.3em;}
.sk-doc ol.sk-kps li.sk-kp-active {background: #cfe8ff;}
.sk-doc p {margin: 0 0 0.7em 0; text-indent: 2em;}
.sk-doc table.sk-kwic {border-collapse: collapse; width: 100%; table-layout: fixed;}
.sk-doc table.sk-kwic td, .sk-doc table.sk-kwic th {padding: 0.2em 0.4em; border-bottom: 1px solid #ddd;
  vertical-align: top; overflow-wrap: anywhere;}
.sk-doc table.sk-kwic td.sk-left {text-align: right;}
/* one line per hit, so the terms stay in one column: the left context is cut on its left, the right one
   on its right (a narrow screen shows less context, never a second line) */
.sk-doc table.sk-kwic td.sk-left .sk-clip {display: flex; justify-content: flex-end; white-space: nowrap;
  overflow: hidden;}
.sk-doc table.sk-kwic td.sk-right {white-space: nowrap; overflow: hidden; overflow-wrap: normal;}
.sk-doc table.sk-kwic td.sk-where .sk-ellipsis {white-space: nowrap; overflow: hidden; text-overflow: ellipsis;}
.sk-doc table.sk-kwic td.sk-where {font-size: 0.8em; line-height: 1.4; color: #444;}
.sk-doc table.sk-kwic td.sk-match {text-align: center; font-weight: bold; color: #b00020;}
.sk-doc table.sk-kwic th {text-align: left; font-size: 0.8em; color: #555;}
.sk-doc table.sk-table {border-collapse: collapse; width: 100%;}
.sk-doc table.sk-table td, .sk-doc table.sk-table th {padding: 0.2em 0.6em; border-bottom: 1px solid #ddd;
  vertical-align: top; overflow-wrap: anywhere; text-align: left;}
.sk-doc table.sk-table th {font-size: 0.8em; color: #555; white-space: nowrap;}
.sk-doc table.sk-table td.sk-num {white-space: nowrap; overflow-wrap: normal;}
.sk-doc table.sk-kwic th {white-space: nowrap; overflow: hidden; text-overflow: clip;}
/* the controls of every studykit widget, large enough to read on a projector */
.sk-browser, .sk-comparer, .sk-cloud-explorer, .sk-timeline, .sk-review, .sk-dispersion {--jp-widgets-font-size: 16px;
  --jp-widgets-inline-height: 32px;}
.sk-browser select, .sk-comparer select, .sk-cloud-explorer select, .sk-timeline select, .sk-review select,
  .sk-dispersion select {font-size: 16px;}
/* an interactive chart keeps its pixel size (clicks map to its points); a narrow screen scrolls it sideways */
.sk-tl-chart, .sk-disp-chart {max-width: 100%; overflow-x: auto; overflow-y: hidden;}
.sk-browser .jupyter-button, .sk-comparer .jupyter-button, .sk-cloud-explorer .jupyter-button,
  .sk-timeline .jupyter-button, .sk-review .jupyter-button, .sk-dispersion .jupyter-button {flex-shrink: 0;}
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


def article_options(articles) -> list[tuple[str, int]]:
    """``(label, id)`` for every article (any iterable of ``Article``), for a list or dropdown control.

    Labels are plain text (list controls show them as text, never as HTML)."""
    return [(article_label(a), a.id) for a in articles]


def body_html(article: Article, query: str | None = None, key_point: int | None = None) -> str:
    """The body as ``<p>`` paragraphs, search hits in ``<mark class="sk-hit">`` and the sentence of
    key point number ``key_point`` (0-based) in ``<span class="sk-kp-hit">``."""
    spans = [(s, e, '<mark class="sk-hit">', "</mark>") for s, e in find_hits(article, query)]
    kps = article.key_point_spans
    if key_point is not None and 0 <= key_point < len(kps) and kps[key_point]:
        spans.append((*kps[key_point], '<span class="sk-kp-hit">', "</span>"))
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
    return STYLE + header_html(article) + key_points_html(article, key_point) + body_html(article, query, key_point)


def kwic_html(frame, limit: int = 200) -> str:
    """A KWIC table (a DataFrame with ``article, title, date, left, match, right``) as HTML.

    At most ``limit`` rows are shown; a note says how many more there are.
    """
    if frame is None or len(frame) == 0:
        return '<div class="sk-doc sk-kwic-empty">没有找到 / no matches</div>'
    rows = []
    for r in frame.head(limit).itertuples(index=False):
        rows.append(
            f'<tr><td class="sk-where"><div class="sk-ellipsis">{esc(r.article)} · {esc(r.title)}</div>'
            f'<small>{esc(r.date, "—")}</small></td>'
            f'<td class="sk-left"><div class="sk-clip">{esc(r.left)}</div></td><td class="sk-match">{esc(r.match)}</td>'
            f'<td class="sk-right">{esc(r.right)}</td></tr>'
        )
    more = f"<div>…另有 {len(frame) - limit} 行 / {len(frame) - limit} more rows</div>" if len(frame) > limit else ""
    # the term column is as wide as the longest match (up to 12 characters), so a term is not broken
    # character by character on a narrow screen; left and right share the rest
    term = min(12, max(2, *(len(str(m)) for m in frame["match"].head(limit))))
    head = (
        f'<colgroup><col style="width:22%"><col><col style="width:{term + 1.2:.1f}em"><col></colgroup>'
        "<tr><th>文章 article</th><th>左 left</th><th>词 term</th><th>右 right</th></tr>"
    )
    return f'<div class="sk-doc sk-kwic-wrap"><table class="sk-kwic">{head}{"".join(rows)}</table>{more}</div>'


def _cell(value: object) -> str:
    """One ``<td>``: numbers never break across lines (class ``sk-num``), missing values are a dash."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and not is_missing(value):
        return f'<td class="sk-num">{esc(value)}</td>'
    return f"<td>{esc(value, '—')}</td>"


def table_html(frame, columns: list[str] | None = None, labels: dict[str, str] | None = None,
               limit: int = 100) -> str:
    """A DataFrame as an escaped HTML table (``columns`` in order, headers renamed by ``labels``).

    At most ``limit`` rows are shown; a note says how many more there are.
    """
    columns = columns or list(frame.columns)
    labels = labels or {}
    if frame is None or len(frame) == 0:
        return '<div class="sk-doc sk-table-empty">（空 / empty）</div>'
    head = "".join(f"<th>{esc(labels.get(c, c))}</th>" for c in columns)
    rows = "".join(
        "<tr>" + "".join(_cell(v) for v in r) + "</tr>"
        for r in frame[columns].head(limit).itertuples(index=False)
    )
    more = f"<div>…另有 {len(frame) - limit} 行 / {len(frame) - limit} more rows</div>" if len(frame) > limit else ""
    return f'<div class="sk-doc"><table class="sk-table"><tr>{head}</tr>{rows}</table>{more}</div>'
