"""``ArticleBrowser``: a filtered list of articles and a reader with highlights and a KWIC panel."""

from __future__ import annotations

import ipywidgets as w

from .. import render
from ..corpus import Corpus
from ..markup import esc
from ._common import COMPACT, Busy, date_options, full, source_options, tagged


class ArticleBrowser(w.VBox):
    """Browse a corpus: filters (source, date range, text search), a list, a reader, a KWIC panel.

    ``ArticleBrowser(corpus)`` (default: the bundled corpus) is a widget; display it in a notebook.
    The reader shows the selected article with search hits marked; pressing a key-point button marks
    the body sentence it came from. ``show(article_id)`` opens an article from code (other widgets use
    it to jump here). The arrow keys move through the list; Tab reaches every control.
    """

    def __init__(self, corpus=None, article: int | None = None, query: str = "") -> None:
        if corpus is None:
            from ..sources import load_corpus

            corpus = load_corpus()
        self.corpus = corpus
        frame = corpus.to_frame()
        self.source = tagged(w.Dropdown(options=source_options(frame), description="来源 source", style=COMPACT, layout=w.Layout(width="auto")), "sk-source")
        self.date_from = tagged(w.Dropdown(options=date_options(frame), description="从 from", style=COMPACT, layout=w.Layout(width="auto")), "sk-date-from")
        self.date_to = tagged(w.Dropdown(options=date_options(frame), description="到 to", style=COMPACT, layout=w.Layout(width="auto")), "sk-date-to")
        self.search = tagged(w.Text(value=query, placeholder="搜索 search", description="搜索 search", style=COMPACT,
                                    layout=w.Layout(width="auto")), "sk-search")
        self.count = tagged(w.HTML(), "sk-count")
        self.list = tagged(w.Select(options=[], rows=8, layout=full()), "sk-article-list")
        self.prev = tagged(w.Button(description="◀ 上一篇", tooltip="previous article", layout=w.Layout(width="auto")), "sk-prev")
        self.next = tagged(w.Button(description="下一篇 ▶", tooltip="next article", layout=w.Layout(width="auto")), "sk-next")
        self.header = tagged(w.HTML(layout=full()), "sk-reader-header")
        self.key_points = tagged(w.HTML(layout=full()), "sk-key-points")
        self.kp_pick = tagged(w.ToggleButtons(options=[], description="标出要点 key point", style={"button_width": "3em"},
                                              tooltips=[]), "sk-kp-pick")
        self.body = tagged(w.HTML(layout=full()), "sk-reader-body")
        self.kwic_term = tagged(w.Text(placeholder="例如：新质生产力", description="KWIC 词 term", style=COMPACT,
                                       continuous_update=False, layout=w.Layout(width="auto")), "sk-kwic-term")
        self.kwic_width = tagged(w.IntSlider(value=20, min=5, max=60, step=5, description="左右字数 width", style=COMPACT,
                                             continuous_update=False), "sk-kwic-width")
        self.kwic_scope = tagged(w.ToggleButtons(options=[("本文 this article", "article"),
                                                          ("列表中的文章 listed", "listed")],
                                                 value="article", style={"button_width": "auto"}), "sk-kwic-scope")
        self.kwic_sort = tagged(w.Dropdown(options=[("按文章顺序 in order", ""), ("按左边排序 by left", "left"),
                                                    ("按右边排序 by right", "right")], value="",
                                           description="排序 sort", style=COMPACT, layout=w.Layout(width="auto")),
                                "sk-kwic-sort")
        self.kwic_regex = tagged(w.Checkbox(value=False, description="正则表达式 regex", indent=False,
                                            layout=w.Layout(width="auto")), "sk-kwic-regex")
        self.kwic = tagged(w.HTML(layout=full()), "sk-kwic")
        self.kwic_open = tagged(w.Dropdown(options=[], description="打开其中的文章 article", style=COMPACT, layout=full()),
                                "sk-kwic-open-article")
        self.kwic_open_button = tagged(w.Button(description="打开 open", layout=w.Layout(width="auto")),
                                       "sk-kwic-open")
        self.busy = Busy()
        self._ids: list[int] = []
        self._quiet = False

        filters = w.HBox([self.source, self.date_from, self.date_to, self.search],
                         layout=full(flex_flow="row wrap"))
        nav = w.HBox([self.prev, self.next, self.count], layout=full(flex_flow="row wrap"))
        kwic = w.VBox([w.HBox([self.kwic_term, self.kwic_width, self.kwic_sort, self.kwic_regex],
                              layout=full(flex_flow="row wrap")),
                       self.kwic_scope, self.busy.widget, self.kwic,
                       w.HBox([self.kwic_open, self.kwic_open_button], layout=full(flex_flow="row wrap"))], layout=full())
        super().__init__([w.HTML(render.STYLE), filters, self.list, nav, self.header, self.key_points,
                          self.kp_pick, self.body, w.HTML("<h3>关键词前后文 KWIC</h3>"), kwic], layout=full())
        self.add_class("sk-browser")

        for c in (self.source, self.date_from, self.date_to, self.search):
            c.observe(self._filter, "value")
        self.list.observe(self._open, "value")
        self.kp_pick.observe(self._mark, "value")
        self.kwic_term.observe(self._kwic, "value")
        self.kwic_width.observe(self._kwic, "value")
        self.kwic_scope.observe(self._kwic, "value")
        self.kwic_sort.observe(self._kwic, "value")
        self.kwic_regex.observe(self._kwic, "value")
        self.kwic_open_button.on_click(lambda _: self.kwic_open.value is not None and self.show(self.kwic_open.value))
        self.prev.on_click(lambda _: self._step(-1))
        self.next.on_click(lambda _: self._step(1))
        self._filter()
        if article is not None:
            self.show(article)

    # -- what is shown --------------------------------------------------------------------------
    @property
    def article(self):
        """The article in the reader, or ``None`` when the list is empty."""
        return self.corpus[self.list.value] if self.list.value is not None else None

    @property
    def listed(self) -> list[int]:
        """Ids of the articles the filters let through, in list order."""
        return list(self._ids)

    def show(self, article_id: int) -> None:
        """Open article ``article_id``, clearing filters that would hide it."""
        if article_id not in self._ids:
            self.source.value, self.date_from.value, self.date_to.value, self.search.value = "", "", "", ""
        self.list.value = article_id

    # -- callbacks ------------------------------------------------------------------------------
    def _selection(self):
        """The articles that pass the source, date and search filters."""
        sub = self.corpus.select(source=self.source.value or None, date_from=self.date_from.value or None,
                                 date_to=self.date_to.value or None)
        keep = render.search_ids(sub, self.search.value)
        return sub.select(ids=keep) if keep else Corpus([], self.corpus.name)

    def _filter(self, change=None) -> None:
        sub = self._selection()
        current = self.list.value
        self._ids = sub.ids
        self._quiet = True
        try:
            self.list.options = render.article_options(sub)
            self.list.value = current if current in self._ids else (self._ids[0] if self._ids else None)
        finally:
            self._quiet = False
        self._open()
        if self.kwic_scope.value == "listed" and self.article is not None:
            self._kwic()  # the KWIC of the listed articles follows the filters

    def _open(self, change=None) -> None:
        if self._quiet:
            return
        a = self.article
        count = f"{len(self._ids)} / {len(self.corpus)} 篇 articles"
        if a is not None and self.search.value.strip():
            count += f" · 本文“{esc(self.search.value.strip())}” {len(render.find_hits(a, self.search.value))} 处 hits"
        self.count.value = count
        if a is None:
            reversed_dates = self.date_from.value and self.date_to.value and self.date_from.value > self.date_to.value
            why = "（“从”的日期晚于“到”/ the from date is after the to date）" if reversed_dates else ""
            self.header.value = f'<div class="sk-doc">没有符合条件的文章 / no article matches the filters{why}</div>'
            self.key_points.value = self.body.value = ""
            self.kp_pick.options = []
            self._kwic()
            return
        self.header.value = render.header_html(a)
        self._quiet = True
        try:
            self.kp_pick.options = [(str(i + 1), i) for i in range(len(a.key_points))]
            self.kp_pick.tooltips = [kp[:60] for kp in a.key_points]
            self.kp_pick.value = None
        finally:
            self._quiet = False
        self.kp_pick.layout.display = "flex" if a.key_points else "none"
        self._mark()
        if self.kwic_scope.value == "article":
            self._kwic()

    def _mark(self, change=None) -> None:
        a = self.article
        if a is None or self._quiet:
            return
        self.key_points.value = render.key_points_html(a, self.kp_pick.value)
        self.body.value = render.body_html(a, self.search.value, self.kp_pick.value)

    def _step(self, delta: int) -> None:
        if not self._ids:
            return
        i = self._ids.index(self.list.value) if self.list.value in self._ids else 0
        self.list.value = self._ids[(i + delta) % len(self._ids)]

    def _kwic(self, change=None) -> None:
        term = self.kwic_term.value.strip()
        self.kwic_open.options = []
        if not term:
            self.kwic.value = ""
            return
        from .. import counts

        ids = [self.list.value] if self.kwic_scope.value == "article" and self.list.value is not None else self._ids
        scope = self.corpus.select(ids=ids) if ids else Corpus([], self.corpus.name)
        with self.busy(f"正在查找“{term}” / searching…"):
            try:
                frame = counts.kwic(scope, term, width=self.kwic_width.value, regex=self.kwic_regex.value,
                                    sort=self.kwic_sort.value or None)
            except ValueError as e:
                self.kwic.value = f'<div class="sk-doc sk-error">{esc(str(e))}</div>'
                return
        self.kwic.value = f'<div class="sk-doc">{len(frame)} 处 hits</div>' + render.kwic_html(frame)
        found = [int(i) for i in dict.fromkeys(frame["article"])]
        self.kwic_open.options = render.article_options(self.corpus.select(ids=found)) if found else []
        self.kwic_open.value = found[0] if found else None
