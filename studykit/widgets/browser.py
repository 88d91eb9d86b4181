"""``ArticleBrowser``: a filtered list of articles and a reader with highlights and a KWIC panel."""

from __future__ import annotations

import ipywidgets as w

from .. import render
from ..corpus import Corpus
from ..counts import COUNTED
from ..markup import esc
from ._common import COMPACT, DROPDOWN_CHARS, Busy, Scroller, date_options, full, source_options, tagged
from .notes import NotesPanel


class ArticleBrowser(w.VBox):
    """Browse a corpus: filters (source, date range, text search), a list, a reader, a KWIC panel.

    ``ArticleBrowser(corpus)`` (default: the bundled corpus) is a widget; display it in a notebook.
    The reader shows the selected article with the search word marked (or, without one, the KWIC
    term); 上一处 / 下一处 step through those hits and scroll each into view, in the reader's own
    scrolling pane. Pressing a key-point button marks the body sentence it came from. "打开 open"
    under the KWIC opens that article and scrolls the reader into view; "回到 back" scrolls back.
    ``show(article_id)`` opens an article from code (other widgets use it to jump here, then
    ``reveal()``). The arrow keys move through the list; Tab reaches every control. Under the reader,
    ``notes`` (a ``NotesPanel``) keeps the learner ``user``'s notes on passages; noted passages are
    highlighted in the reader.
    """

    def __init__(self, corpus=None, article: int | None = None, query: str = "", *,
                 user: str | None = None) -> None:
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
        self.hit_prev = tagged(w.Button(description="◀ 上一处", tooltip="previous hit", layout=w.Layout(width="auto")),
                               "sk-hit-prev")
        self.hit_next = tagged(w.Button(description="下一处 ▶", tooltip="next hit", layout=w.Layout(width="auto")),
                               "sk-hit-next")
        self.hit_label = tagged(w.HTML(), "sk-hit-label")
        self.back = tagged(w.Button(description="回到原处 back", icon="arrow-down", layout=w.Layout(width="auto")),
                           "sk-back")
        self.back.layout.display = "none"
        # the body scrolls in its own pane, so the hit buttons above it stay on screen
        self.body = tagged(w.HTML(layout=full(max_height="70vh", overflow="auto")), "sk-reader-body")
        self.scroller = Scroller()
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
        self.notes = NotesPanel(corpus, user, on_change=self._mark, kwic_term=self.kwic_term,
                                kwic_regex=self.kwic_regex)
        self._ids: list[int] = []
        self._quiet = False
        self._hits: list[tuple[int, int]] = []
        self._hit: int | None = None
        self._back_to: tuple[str, str] | None = None  # (root, selector) that "back" scrolls to

        filters = w.HBox([self.source, self.date_from, self.date_to, self.search],
                         layout=full(flex_flow="row wrap"))
        nav = w.HBox([self.prev, self.next, self.count], layout=full(flex_flow="row wrap", align_items="center"))
        hits = tagged(w.HBox([self.hit_prev, self.hit_next, self.hit_label, self.back],
                             layout=full(flex_flow="row wrap", align_items="center")), "sk-reader-bar")
        kwic = tagged(w.VBox([w.HTML("<h3>关键词前后文 KWIC</h3>"),
                              w.HBox([self.kwic_term, self.kwic_width, self.kwic_sort, self.kwic_regex],
                                     layout=full(flex_flow="row wrap")),
                              self.kwic_scope, self.busy.widget, self.kwic,
                              w.HBox([self.kwic_open, self.kwic_open_button], layout=full(flex_flow="row wrap"))],
                             layout=full()), "sk-kwic-panel")
        super().__init__([w.HTML(render.STYLE), filters, self.list, nav, self.header, self.key_points,
                          self.kp_pick, hits, self.body, self.notes, kwic, self.scroller],
                         layout=full())
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
        self.kwic_open_button.on_click(lambda _: self.open_from_kwic())
        self.prev.on_click(lambda _: self._step(-1))
        self.next.on_click(lambda _: self._step(1))
        self.hit_prev.on_click(lambda _: self.step_hit(-1))
        self.hit_next.on_click(lambda _: self.step_hit(1))
        self.back.on_click(lambda _: self.go_back())
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

    @property
    def hit(self) -> int | None:
        """The hit (0-based) the reader is on after 上一处 / 下一处, or ``None``."""
        return self._hit

    @property
    def hits(self) -> list[tuple[int, int]]:
        """``(start, end)`` of every marked hit in the open article's body."""
        return list(self._hits)

    def show(self, article_id: int) -> None:
        """Open article ``article_id``, clearing filters that would hide it."""
        if article_id not in self._ids:
            self.source.value, self.date_from.value, self.date_to.value, self.search.value = "", "", "", ""
        self.list.value = article_id

    def reveal(self, back_to: tuple[str, str] | None = None) -> None:
        """Scroll the reader into view. ``back_to`` (a root and a CSS selector, as for
        ``Scroller.scroll_to``) is where the "回到原处 back" button then scrolls."""
        self._back_to = back_to
        self.back.layout.display = "flex" if back_to else "none"
        self.scroller.scroll_to(".sk-reader-header", root=".sk-browser")

    def go_back(self) -> None:
        """Scroll back to where the reader was opened from (the KWIC, or the widget that opened it)."""
        if self._back_to:
            root, selector = self._back_to
            self.scroller.scroll_to(selector, root=root, block="center")
        self.back.layout.display = "none"
        self._back_to = None

    def open_from_kwic(self, article_id: int | None = None) -> None:
        """Open an article of the KWIC (default: the one picked under it), mark the KWIC term, go to
        its first hit and scroll the reader into view; "back" returns to the KWIC."""
        article_id = self.kwic_open.value if article_id is None else article_id
        if article_id is None:
            return
        self.show(article_id)
        self.reveal(back_to=(".sk-browser", ".sk-kwic-panel"))

    def step_hit(self, delta: int) -> None:
        """Go to the next (``delta=1``) or previous (``-1``) hit in the body, round the ends, and scroll
        it into the middle of the reader."""
        if not self._hits:
            return
        if self._hit is None:
            self._hit = 0 if delta > 0 else len(self._hits) - 1
        else:
            self._hit = (self._hit + delta) % len(self._hits)
        self._mark()
        self.scroller.scroll_to(".sk-reader-body mark.sk-hit-current", root=".sk-browser", block="center")

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
        count = f"列表中 {len(self._ids)} / {len(self.corpus)} 篇 articles listed"
        if a is not None and self.search.value.strip():
            count += f" · 本文“{esc(self.search.value.strip())}” {len(render.find_hits(a, self.search.value))} 处 hits"
        self.count.value = count
        if a is None:
            reversed_dates = self.date_from.value and self.date_to.value and self.date_from.value > self.date_to.value
            why = "（“从”的日期晚于“到”/ the from date is after the to date）" if reversed_dates else ""
            self.header.value = f'<div class="sk-doc">没有符合条件的文章 / no article matches the filters{why}</div>'
            self.key_points.value = self.body.value = ""
            self.kp_pick.options = []
            self.notes.show(None)
            self._kwic()
            return
        self.header.value = render.header_html(a)
        self._hit = None
        self._quiet = True
        try:
            self.kp_pick.options = [(str(i + 1), i) for i in range(len(a.key_points))]
            self.kp_pick.tooltips = [kp[:60] for kp in a.key_points]
            self.kp_pick.value = None
        finally:
            self._quiet = False
        self.kp_pick.layout.display = "flex" if a.key_points else "none"
        self.notes.show(a)
        self._mark()
        if self.kwic_scope.value == "article":
            self._kwic()

    def _marked_term(self) -> tuple[str, bool]:
        """What the reader marks: the search word, else the KWIC term; and whether it is a pattern."""
        if self.search.value.strip():
            return self.search.value.strip(), False
        return self.kwic_term.value.strip(), self.kwic_regex.value

    def _find(self, article) -> list[tuple[int, int]]:
        """The hits of the marked term in ``article``'s body, found in its search form as the KWIC finds
        them (社会主义 marks 社會主義), as spans of the text shown."""
        term, regex = self._marked_term()
        if not regex:
            return render.find_hits(article, term)
        import re

        try:
            pat = re.compile(self.corpus.search_term(term, pattern=True))
        except re.error:
            return []
        found = article.search
        return [found.span(*m.span()) for m in pat.finditer(found.text) if m.end() > m.start()]

    def _mark(self, change=None) -> None:
        a = self.article
        if a is None or self._quiet:
            return
        self._hits = self._find(a)
        if self._hit is not None and self._hit >= len(self._hits):
            self._hit = None
        self.key_points.value = render.key_points_html(a, self.kp_pick.value)
        self.body.value = render.body_html(a, key_point=self.kp_pick.value, hits=self._hits, current=self._hit,
                                           notes=self.notes.spans())
        term, _ = self._marked_term()
        n = len(self._hits)
        for b in (self.hit_prev, self.hit_next):
            b.disabled = n == 0
        if not term:
            self.hit_label.value = '<span class="sk-doc sk-meta">搜索或输入 KWIC 词后可逐处查看 / search to step through hits</span>'
        elif self._hit is None:
            self.hit_label.value = f'<span class="sk-doc">本文“{esc(term)}” {n} 处 hits</span>'
        else:
            self.hit_label.value = (f'<span class="sk-doc">本文“{esc(term)}” 第 {self._hit + 1} / {n} 处 '
                                    f"hit {self._hit + 1} of {n}</span>")
        if change is not None and change.get("owner") is self.kp_pick and self.kp_pick.value is not None:
            self.scroller.scroll_to(".sk-reader-body .sk-kp-hit", root=".sk-browser", block="center")

    def _step(self, delta: int) -> None:
        if not self._ids:
            return
        i = self._ids.index(self.list.value) if self.list.value in self._ids else 0
        self.list.value = self._ids[(i + delta) % len(self._ids)]

    def _kwic(self, change=None) -> None:
        term = self.kwic_term.value.strip()
        self.kwic_open.options = []
        if change is not None and change["owner"] in (self.kwic_term, self.kwic_regex) and not self.search.value.strip():
            self._mark()  # without a search word the reader marks the KWIC term
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
        found = [int(i) for i in dict.fromkeys(frame["article"])]
        self.kwic.value = (f'<div class="sk-doc">{len(frame)} 处 hits，{len(found)} 篇文章 in {len(found)} articles'
                           f' <span class="sk-meta">（{esc(COUNTED["text"])}）</span></div>' + render.kwic_html(frame))
        self.kwic_open.options = render.article_options(self.corpus.select(ids=found), width=DROPDOWN_CHARS) if found else []
        self.kwic_open.value = found[0] if found else None
