"""``DispersionExplorer``: where in each article a term occurs; a click on a mark opens that place."""

from __future__ import annotations

import ipywidgets as w

from .. import render
from ..markup import esc
from ._common import COMPACT, Busy, figure_canvas, full, png_of, tagged


class DispersionExplorer(w.VBox):
    """A dispersion plot (``dispersion.draw_dispersion``) on an interactive canvas.

    Type one or more terms (separated by commas) and press Enter: each article that uses them is a
    row, each occurrence a mark at its place in the article (left: the beginning, right: the end).
    A click on a mark opens the article in an ``ArticleBrowser`` below, the term marked in the text,
    with that occurrence's line in context above it.

    Args:
        terms: the term(s) at first, e.g. ``"新质生产力"`` or ``"新质生产力,新兴产业"``.
        max_articles: draw at most this many articles (those with the most hits).
    """

    def __init__(self, corpus=None, *, terms: str = "", max_articles: int = 40) -> None:
        from matplotlib.figure import Figure

        if corpus is None:
            from ..sources import load_corpus

            corpus = load_corpus()
        self.corpus = corpus
        self.max_articles = max_articles
        self.table = None
        self.term = tagged(w.Text(value=terms, placeholder="例如：新质生产力,新兴产业", description="词语 terms",
                                  style=COMPACT, continuous_update=False, layout=w.Layout(width="30em", max_width="100%")),
                           "sk-disp-term")
        self.message = tagged(w.HTML(layout=full()), "sk-disp-message")
        self.figure = Figure(figsize=(12, 4), layout="constrained")
        self.chart = figure_canvas(self.figure, "sk-disp-chart")
        self.chart.mpl_connect("pick_event", self._on_pick)
        self.place = tagged(w.HTML(layout=full()), "sk-disp-place")
        self.browser = None
        self.browser_box = tagged(w.VBox(layout=full()), "sk-disp-browser")
        self.save_png = tagged(w.Button(description="保存图 PNG", icon="download", layout=w.Layout(width="auto")),
                               "sk-disp-save-png")
        self.save_csv = tagged(w.Button(description="保存表 CSV", icon="download", layout=w.Layout(width="auto")),
                               "sk-disp-save-csv")
        self.saved = tagged(w.HTML(), "sk-disp-saved")
        self.busy = Busy()
        self.hit: tuple[int, int, str] | None = None
        self._last_click = None
        super().__init__([w.HTML(render.STYLE), self.term, self.busy.widget, self.message, self.chart,
                          w.HBox([self.save_png, self.save_csv, self.saved], layout=full(flex_flow="row wrap")),
                          self.place, self.browser_box], layout=full())
        self.add_class("sk-dispersion")
        self.term.observe(self._compute, "value")
        self.save_png.on_click(lambda _: self.save("png"))
        self.save_csv.on_click(lambda _: self.save("csv"))
        self._compute()

    def _compute(self, change=None) -> None:
        from ..dispersion_plot import dispersion_table, draw_dispersion
        from ..themes import split_terms

        terms = split_terms(self.term.value)
        self.table = None
        if not terms:
            self._empty('<div class="sk-doc">请输入一个词 / type a term</div>')
            return
        with self.busy("正在查找… / searching…"):
            table = dispersion_table(self.corpus, terms)
            if not len(table):
                self._empty(f'<div class="sk-doc">没有找到“{esc("、".join(terms))}” / not found</div>')
                return
            self.table = table
            draw_dispersion(self.corpus, terms, table=table, max_articles=self.max_articles, figure=self.figure)
        self.chart.layout.display = ""
        self.chart.draw_idle()
        self.message.value = (f'<div class="sk-doc sk-meta">{len(table)} 处 hits，{table["article"].nunique()} / '
                              f"{len(self.corpus)} 篇文章 articles · 点一条竖线，打开那一处 / click a mark to read "
                              "that place</div>")

    def _empty(self, message: str) -> None:
        self.message.value = message
        self.figure.clear()
        self.chart.layout.display = "none"
        self.chart.draw_idle()

    def png(self) -> bytes:
        """The plot as it is shown, as PNG bytes (``b""`` when there is none)."""
        return png_of(self.figure) if self.table is not None else b""

    def _on_pick(self, event) -> None:
        from ..dispersion_plot import picked

        if event.mouseevent is self._last_click:  # several marks under one click: answer once
            return
        self._last_click = event.mouseevent
        hit = picked(event)
        if hit is not None:
            self.show_hit(*hit)

    def show_hit(self, article_id: int, offset: int, match: str) -> None:
        """Open the occurrence of ``match`` at ``offset`` of article ``article_id`` in the reader
        below: the article shown with the term marked, and that occurrence's line in context."""
        from ..counts import kwic

        self.hit = (article_id, offset, match)
        if self.browser is None:
            from .browser import ArticleBrowser

            self.browser = ArticleBrowser(self.corpus)
            self.browser_box.children = [w.HTML("<h3>阅读 read</h3>"), self.browser]
        article = self.corpus[article_id]
        t = self.table
        same = t[(t["article"] == article_id) & (t["match"] == match)] if t is not None else None
        k = list(same["offset"]).index(offset) if same is not None and offset in set(same["offset"]) else None
        lines = kwic(self.corpus.select(ids=[article_id]), match, width=30)
        line = lines[lines["offset"] == offset]
        where = f"{offset / max(len(article.text), 1):.0%}"
        self.place.value = (f'<div class="sk-doc"><b>第 {article_id} 篇《{esc(article.title)}》</b>，'
                            f"第 {k + 1 if k is not None else '?'} / {len(same) if same is not None else '?'} 处"
                            f"“{esc(match)}”，在全文 {where} 处 (at {where} of the text)</div>"
                            + render.kwic_html(line))
        self.browser.search.value = match
        self.browser.show(article_id)

    def save(self, kind: str, path=None):
        """Write the plot (``"png"``) or the positions (``"csv"``) to ``path`` (default: 分布.png/.csv in
        the current folder) and return the path."""
        from pathlib import Path

        if self.table is None:
            self.saved.value = '<span class="sk-doc">还没有图：先输入一个词 / nothing to save yet: type a term</span>'
            return None
        out = Path(path or f"分布.{kind}")
        if kind == "png":
            out.write_bytes(png_of(self.figure, dpi=150))
        else:
            self.table.to_csv(out, index=False, encoding="utf-8-sig")
        self.saved.value = f'<span class="sk-doc">已保存 saved: {esc(str(out))}</span>'
        return out
