"""Dispersion plots: where in each article a term occurs (AntConc's "plot", the barcode view).

(Named ``dispersion_plot`` so that ``studykit.dispersion`` stays the function that draws one.)

``dispersion_table(corpus, terms)`` lists every occurrence: one row per hit with the columns
``article, title, date, position, length, offset, match, term``. ``position`` is where the hit starts
as a fraction of the article (0 = the first character of the body, 1 = its end), ``length`` the
article's length in characters, ``offset`` the hit's start in the body, ``match`` the text as written
there (社會主義 in a traditional text) and ``term`` the term it is an occurrence of. The hits come from
``counts.kwic``, the finder of every keyword-in-context list (it reads each body's search form), with
the terms joined by ``themes.term_pattern``: longest first, so a term nested in another (新质生产力
in 发展新质生产力) counts once, as in theme timelines.

``dispersion(corpus, terms)`` draws it as a matplotlib Figure: one row per article that uses a term
(by date), a light bar for the article and a tick at each hit, one colour per term. ``mark_at(fig, x,
y)`` says which hit a click on that figure points at (the widget opens it in the reader).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

from .corpus import Corpus
from .themes import join_terms, split_terms, term_pattern

COLUMNS = ["article", "title", "date", "position", "length", "offset", "match", "term"]
#: how far (in pixels, along the article) a click still picks a tick
PICK_RADIUS = 6.0
_COLORS = ("#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085")


def _terms(terms: str | Iterable[str]) -> list[str]:
    """The terms asked for: a string is split at commas (``"新质生产力,新兴产业"``), a list taken as it is."""
    found = split_terms(terms) if isinstance(terms, str) else [t.strip() for t in terms if t and t.strip()]
    found = list(dict.fromkeys(found))
    if not found:
        raise ValueError("no term to find")
    return found


def dispersion_table(corpus: Corpus, terms: str | Iterable[str]):
    """Every occurrence of ``terms`` in the bodies, as a DataFrame with ``COLUMNS``, in corpus order.

    ``terms``: one term, several separated by commas, or a list. ``position`` = ``offset / length``.
    """
    import pandas as pd

    from .counts import kwic

    found = _terms(terms)
    forms = [corpus.search_term(t) for t in found]
    hits = kwic(corpus, term_pattern(forms).pattern, width=0, regex=True)
    owner = {f: t for f, t in zip(reversed(forms), reversed(found), strict=True)}  # a search form's first term
    lengths = {a.id: len(a.text) for a in corpus}
    length = hits["article"].map(lengths).astype("int64")
    frame = pd.DataFrame({
        "article": hits["article"].astype("int64"),
        "title": hits["title"],
        "date": hits["date"],
        "position": (hits["offset"] / length.where(length > 0, 1)).astype(float),
        "length": length,
        "offset": hits["offset"].astype("int64"),
        "match": hits["match"],
        "term": [owner.get(corpus.search_term(m), m) for m in hits["match"]],
    }, columns=COLUMNS)
    return frame.reset_index(drop=True)


def _rows(corpus: Corpus, table, max_articles: int) -> tuple[list[int], int]:
    """The articles to draw, top to bottom (by date, undated last, then id), and how many that use
    a term are left out: at most ``max_articles``, those with the most hits."""
    counts = table["article"].value_counts()
    ids = list(counts.index)
    if len(ids) > max_articles:
        ids = sorted(ids, key=lambda i: (-counts[i], i))[:max_articles]
    left_out = len(counts) - len(ids)

    def when(i):
        d = corpus[int(i)].date
        return (d is None, d or "", int(i))

    return [int(i) for i in sorted(ids, key=when)], left_out


def draw_dispersion(corpus: Corpus, terms: str | Iterable[str], *, table=None, max_articles: int = 60,
                    title: str | None = None, font: str | None = None, figure=None):
    """The dispersion plot of ``terms`` over ``corpus`` as a matplotlib Figure (see the module doc).

    Args:
        table: the ``dispersion_table`` of the same corpus and terms, if already made.
        max_articles: draw at most this many articles, those with the most hits (a note says how
            many are left out; the table has them all).
        title: the heading (default: the terms and how often they occur).
        font: a font file instead of the bundled one.
        figure: draw into this Figure (cleared and resized) instead of a new one.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter

    from .fonts import missing_chars, use_in_matplotlib

    found = _terms(terms)
    table = dispersion_table(corpus, found) if table is None else table
    family = use_in_matplotlib(font)
    ids, left_out = _rows(corpus, table, max(1, max_articles))
    labels = [_label(corpus[i]) for i in ids]
    lacking = missing_chars("".join(found) + "".join(labels), font)
    if lacking:
        warnings.warn(f"the font has no glyph for {''.join(lacking)}: the plot shows boxes there; "
                      f"pass font= a font that has them", stacklevel=2)
    rows = max(len(ids), 1)
    size = (12, 1.9 + 0.45 * rows + (0.3 if len(found) > 1 else 0))
    if figure is None:
        fig = Figure(figsize=size, layout="constrained")
    else:
        fig = figure
        fig.clear()
        if tuple(fig.get_size_inches()) != tuple(size):  # a resize blanks an interactive canvas until redrawn
            fig.set_size_inches(*size, forward=True)
        fig.set_layout_engine("constrained")
    ax = fig.add_subplot()
    y_of = {i: rows - 1 - k for k, i in enumerate(ids)}  # the first article on top
    ax.barh([y_of[i] for i in ids], [1] * len(ids), left=0, height=0.7, color="#e6e9ed", zorder=1)
    colors = {t: _COLORS[k % len(_COLORS)] for k, t in enumerate(found)}
    shown = table[table["article"].isin(ids)]
    for t in found:
        hits = shown[shown["term"] == t]
        if not len(hits):
            continue
        ys = hits["article"].map(y_of).to_numpy(dtype=float)
        xs = hits["position"].to_numpy(dtype=float)
        marks = LineCollection([[(x, y - 0.33), (x, y + 0.33)] for x, y in zip(xs, ys, strict=True)],
                               colors=colors[t], linewidths=2.2, zorder=3)
        marks.sk_marks = list(zip(hits["article"].astype(int), hits["offset"].astype(int), hits["match"], strict=True))
        marks.set_picker(True)
        marks.set_pickradius(PICK_RADIUS)
        ax.add_collection(marks)
    per = shown["article"].value_counts()
    ax.set_yticks([y_of[i] for i in ids], labels, fontsize=12, family=family)
    for i in ids:
        ax.annotate(f"{per.get(i, 0)} 次 · {len(corpus[i].text)} 字", (1.0, y_of[i]), xytext=(8, 0),
                    textcoords="offset points", va="center", ha="left", fontsize=11, color="#444444",
                    family=family, annotation_clip=False)
    ax.set_xlim(-0.005, 1.005)
    ax.set_ylim(-0.6, rows - 0.4)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.tick_params(axis="x", labelsize=12)
    ax.set_xlabel("在文章中的位置（0% 开头，100% 结尾） position in the article", fontsize=13, family=family)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    n_arts = table["article"].nunique()
    heading = title or (f"词语分布：{join_terms(found)}（{len(corpus)} 篇中 {n_arts} 篇出现，共 {len(table)} 次）")
    fig.suptitle(heading, fontsize=17, family=family)
    notes = []
    if left_out:
        notes.append(f"另有 {left_out} 篇用到它的文章没有画出（只画出现次数最多的 {len(ids)} 篇；表格里有全部）。")
    if not len(ids):
        ax.text(0.5, 0.5, "没有找到 / not found", transform=ax.transAxes, ha="center", va="center", fontsize=16,
                family=family)
        ax.set_yticks([])
    if len(found) > 1:
        handles = [Line2D([], [], color=colors[t], linewidth=3) for t in found]
        ax.legend(handles, found, loc="upper center", bbox_to_anchor=(0.5, 1.0), ncols=min(len(found), 6),
                  frameon=False, prop={"family": family, "size": 12}, borderaxespad=-2.2)
    if notes:
        fig.text(0.01, 0.005, "\n".join(notes), fontsize=12, family=family, ha="left", va="bottom", color="#444444")
        room = (0.27 * len(notes) + 0.07) / fig.get_figheight()
        fig.get_layout_engine().set(rect=(0, room, 1, 1 - room))
    return fig


def dispersion(corpus: Corpus, terms: str | Iterable[str], **kw):
    """The dispersion plot of ``terms`` (a term, terms separated by commas, or a list) over ``corpus``:
    a matplotlib Figure, one row per article that uses them, a tick at each occurrence
    (``draw_dispersion`` with its options as ``kw``; the positions are ``dispersion_table``)."""
    return draw_dispersion(corpus, terms, **kw)


def _label(article) -> str:
    title = article.title if len(article.title) <= 16 else article.title[:15] + "…"
    return f"{article.id} · {article.date or '—'} · {title}"


def mark_at(fig, x: float, y: float, radius: float = PICK_RADIUS) -> tuple[int, int, str] | None:
    """The hit a click at display position ``(x, y)`` on a dispersion figure points at:
    ``(article, offset, match)`` of the nearest tick of the row under the click, within ``radius``
    pixels along the row; ``None`` when there is none."""
    import numpy as np

    best = None
    for ax in fig.axes:
        if not ax.bbox.contains(x, y):
            continue
        for coll in ax.collections:
            marks = getattr(coll, "sk_marks", None)
            if not marks:
                continue
            mids = np.array([seg.mean(axis=0) for seg in coll.get_segments()])
            tops = np.array([seg[:, 1].max() for seg in coll.get_segments()])
            disp = ax.transData.transform(mids)
            half = np.abs(ax.transData.transform(np.column_stack([mids[:, 0], tops]))[:, 1] - disp[:, 1])
            dx, dy = np.abs(disp[:, 0] - x), np.abs(disp[:, 1] - y)
            ok = (dy <= half + 2) & (dx <= radius)
            if ok.any():
                i = int(np.argmin(np.where(ok, dx, np.inf)))
                if best is None or dx[i] < best[0]:
                    best = (dx[i], marks[i])
    return best[1] if best else None


def picked(event) -> tuple[int, int, str] | None:
    """``(article, offset, match)`` behind a matplotlib pick event on a dispersion figure."""
    mouse = event.mouseevent
    hit = mark_at(event.canvas.figure, mouse.x, mouse.y)
    if hit is not None:
        return hit
    marks, ind = getattr(event.artist, "sk_marks", None), getattr(event, "ind", None)
    if marks and ind is not None and len(ind):
        return marks[int(ind[0])]
    return None
