"""``TimelineExplorer``: themes over time, with the articles and KWIC lines behind each point."""

from __future__ import annotations

import ipywidgets as w

from .. import render
from ..markup import esc
from ._common import COMPACT, DROPDOWN_CHARS, Busy, ToggleTags, figure_canvas, full, png_of, tagged

BIN_OPTIONS = [("日 day", "day"), ("周 week", "week"), ("月 month", "month"), ("年 year", "year")]
MEASURE_OPTIONS = [("次数 count", "count"), ("每万字 per 10k chars", "per10k"), ("文章比例 share", "share")]
LAYOUT_OPTIONS = [("自动 auto", ""), ("一张图 one chart", "one"), ("每个主题一格 panels", "panels")]
ARTICLE_COLUMNS = ["article", "title", "date", "source", "count", "chars"]
ARTICLE_LABELS = {"article": "编号", "title": "标题", "date": "日期", "source": "来源", "count": "次数", "chars": "字数"}


class TimelineExplorer(w.VBox):
    """Follow themes through time.

    Click bundled themes on or off, or type one (its terms separated by commas, e.g.
    ``新质生产力,新兴产业``; ``名称=词1,词2`` names it), choose the bin (day / week / month / year),
    the measure (count, per 10,000 characters, share of articles) and whether to split the themes
    into their terms; the chart is ``timeline.theme_timeline``'s figure on an interactive canvas.
    A click on a point of the chart (or on a bar of the article counts) lists the articles and KWIC
    lines behind it (``timeline.timeline_detail``); so do the theme and period pickers below it.
    Save buttons write the chart (PNG) and the table (CSV).

    Args:
        themes: the bundled themes chosen at first (default: the first two).
        custom: a typed theme to start with (``名称=词1,词2`` or terms separated by commas).
        by: the bin at first (``day``, ``week``, ``month``, ``year``).
        measure: the measure at first (``count``, ``per10k``, ``share``).
    """

    def __init__(self, corpus=None, *, themes: list[str] | None = None, custom: str = "", by: str = "month",
                 measure: str = "count") -> None:
        from matplotlib.figure import Figure

        from ..themes import join_terms, load_themes

        if corpus is None:
            from ..sources import load_corpus

            corpus = load_corpus()
        self.corpus = corpus
        self.timeline = None
        self._bundled = load_themes()
        bundled = list(self._bundled)
        chosen = tuple(themes) if themes is not None else tuple(bundled[:2])
        self.themes = tagged(ToggleTags(bundled, chosen, description="主题 themes",
                                        tooltips={n: join_terms(t) for n, t in self._bundled.items()}), "sk-tl-themes")
        self.custom = tagged(w.Text(value=custom, placeholder="自己的主题：词语用逗号分隔", description="输入主题 your theme",
                                    style=COMPACT, continuous_update=False, layout=w.Layout(width="30em", max_width="100%")),
                             "sk-tl-custom")
        self.terms = tagged(w.HTML(layout=full()), "sk-tl-terms")
        self.bin = tagged(w.ToggleButtons(options=BIN_OPTIONS, value=by, description="时间单位 bin",
                                          style={**COMPACT, "button_width": "auto"}),
                          "sk-tl-bin")
        self.measure = tagged(w.ToggleButtons(options=MEASURE_OPTIONS, value=measure, description="度量 measure",
                                              style={**COMPACT, "button_width": "auto"}), "sk-tl-measure")
        self.layout_choice = tagged(w.ToggleButtons(options=LAYOUT_OPTIONS, value="", description="图 chart",
                                                    style={**COMPACT, "button_width": "auto"}), "sk-tl-layout")
        self.split = tagged(w.Checkbox(value=False, description="按词拆分 split into terms", indent=False,
                                       layout=w.Layout(width="auto")), "sk-tl-split")
        self.message = tagged(w.HTML(), "sk-tl-message")
        self.figure = Figure(figsize=(12, 6.75), layout="constrained")
        self.chart = figure_canvas(self.figure, "sk-tl-chart")
        self.chart.mpl_connect("pick_event", self._on_pick)
        self.period = tagged(w.Dropdown(options=[], description="时期 period", style=COMPACT), "sk-tl-period")
        self.theme = tagged(w.Dropdown(options=[], description="主题 theme", style=COMPACT), "sk-tl-theme")
        self.detail = tagged(w.HTML(layout=full()), "sk-tl-detail")
        self.open_article = tagged(w.Dropdown(options=[], description="打开文章 article", style=COMPACT, layout=full()),
                                   "sk-tl-open-article")
        self.open_button = tagged(w.Button(description="在阅读器中打开 read it", layout=w.Layout(width="auto")),
                                  "sk-tl-open")
        self.browser = None
        self.browser_box = tagged(w.VBox(layout=full()), "sk-tl-browser")
        self.save_png = tagged(w.Button(description="保存图 PNG", icon="download", layout=w.Layout(width="auto")), "sk-tl-save-png")
        self.save_csv = tagged(w.Button(description="保存表 CSV", icon="download", layout=w.Layout(width="auto")), "sk-tl-save-csv")
        self.saved = tagged(w.HTML(), "sk-tl-saved")
        self.busy = Busy()
        self._quiet = False
        self._point: tuple[str | None, str | None] = (None, None)
        self._last_click = None

        controls = w.VBox([self.themes, self.custom, self.terms, self.bin, self.measure,
                           w.HBox([self.layout_choice, self.split], layout=full(flex_flow="row wrap"))],
                          layout=full())
        super().__init__([w.HTML(render.STYLE), controls, self.busy.widget, self.message, self.chart,
                          w.HBox([self.save_png, self.save_csv, self.saved], layout=full(flex_flow="row wrap")),
                          w.HTML("<h3>这个点背后的文章 What stands behind a point</h3>"
                                 '<div class="sk-doc sk-meta">点图上的点或下面的文章数柱子，或在这里选 / '
                                 "click a point or a bar of the chart, or choose here</div>"),
                          w.HBox([self.theme, self.period], layout=full(flex_flow="row wrap")), self.detail,
                          w.HBox([self.open_article, self.open_button], layout=full(flex_flow="row wrap")), self.browser_box],
                         layout=full())
        self.add_class("sk-timeline")
        for c in (self.themes, self.custom, self.bin, self.measure, self.split):
            c.observe(self._compute, "value")
        self.layout_choice.observe(self._redraw, "value")
        self.period.observe(self._pick_changed, "value")
        self.theme.observe(self._pick_changed, "value")
        self.open_button.on_click(lambda _: self.read())
        self.save_png.on_click(lambda _: self.save("png"))
        self.save_csv.on_click(lambda _: self.save("csv"))
        self._compute()

    # -- the themes and the chart ---------------------------------------------------------------------
    def _specs(self) -> list[str]:
        """The chosen themes as ``themes.resolve_themes`` specs: a typed bundled name is that theme, a
        typed ``名称=词1,词2`` is named 名称, other typed terms are named by their text."""
        specs = list(self.themes.value)
        typed = self.custom.value.strip()
        if typed:
            specs.append(typed if "=" in typed or typed in self._bundled else f"{typed}={typed}")
        return specs

    def _compute(self, change=None) -> None:
        from ..timeline import theme_timeline

        specs = self._specs()
        if not specs:
            self._clear('<div class="sk-doc">请选择或输入一个主题 / choose or type a theme</div>')
            return
        try:
            with self.busy("正在计算时间线… / counting…"):
                self.timeline = tl = theme_timeline(self.corpus, specs, by=self.bin.value, measure=self.measure.value,
                                                    by_term=self.split.value)
                self._draw()
        except ValueError as e:
            self._clear(f'<div class="sk-doc sk-error">{esc(str(e))}</div>')
            return
        self.message.value = f'<div class="sk-doc sk-meta">{esc(tl.note)}</div>' if tl.note else ""
        self.terms.value = _terms_html(tl)
        typed = change is not None and change["owner"] is self.custom and self.custom.value.strip()
        self._set_choices(prefer=list(tl.themes)[-1] if typed else None)

    def _clear(self, message: str) -> None:
        self.timeline = None
        self.message.value = message
        self.terms.value = ""
        self.figure.clear()
        self.chart.layout.display = "none"
        self.chart.draw_idle()
        self._set_choices()

    def _draw(self) -> None:
        self.timeline.figure(layout=self.layout_choice.value or None, figure=self.figure)
        self.chart.layout.display = ""
        self.chart.draw_idle()

    def _redraw(self, change=None) -> None:
        if self.timeline is not None:
            self._draw()

    def png(self) -> bytes:
        """The chart as it is shown, as PNG bytes (``b""`` when there is none)."""
        return png_of(self.figure) if self.timeline is not None else b""

    # -- the point behind the detail ------------------------------------------------------------------
    def _set_choices(self, prefer: str | None = None) -> None:
        """Refill the theme and period pickers (the periods that have articles), keeping the choice if
        it still exists, else the peak. ``prefer`` (a theme just typed) is shown at its own peak."""
        tl = self.timeline
        themes = list(tl.themes) if tl is not None else []
        periods = _periods_with_articles(tl.table) if tl is not None else []
        keep_theme, keep_period = self._point
        best = _peak(tl.table) if tl is not None else None
        if prefer is not None:
            best = _peak(tl.table[tl.table["theme"] == prefer])
            keep_theme, keep_period = prefer, best["period"]
        theme = keep_theme if keep_theme in themes else (best["theme"] if best is not None else None)
        period = keep_period if keep_period in periods else (best["period"] if best is not None else None)
        self._quiet = True
        try:
            self.theme.options = themes
            self.period.options = periods
            self.theme.value = theme
            self.period.value = period if period in periods else None
        finally:
            self._quiet = False
        self._point = (theme, period)
        self._drill()

    def _pick_changed(self, change=None) -> None:
        if not self._quiet:
            self._point = (self.theme.value, self.period.value)
            self._drill()

    def _on_pick(self, event) -> None:
        """A click on the chart: show the point (or the bar's period) it hit."""
        from ..timeline import picked

        if event.mouseevent is self._last_click:  # one click can hit a line and its ring: answer once
            return
        self._last_click = event.mouseevent
        hit = picked(event)
        if hit is not None:
            self.show_point(*hit)

    def show_point(self, theme: str | None, period: str) -> None:
        """List what stands behind ``theme`` in ``period`` (a period of the table, e.g. ``2024-02``);
        ``theme=None`` keeps the theme chosen now (a click on a bar of the article counts)."""
        if self.timeline is None:
            return
        theme = theme if theme is not None else (self.theme.value or next(iter(self.timeline.themes)))
        self._quiet = True
        try:
            self.theme.value = theme
            self.period.value = period if period in self.period.options else None
        finally:
            self._quiet = False
        self._point = (theme, period)
        self._drill()

    def _drill(self) -> None:
        tl, (theme, period) = self.timeline, self._point
        if tl is None or theme is None or period is None:
            self.detail.value = ""
            self.open_article.options = []
            return
        d = tl.detail(theme, period)
        mentioned = d.articles.loc[d.articles["mentions"].astype(bool)]
        ids = [int(i) for i in mentioned["article"]]  # select(ids=[]) would mean every article
        self.open_article.options = render.article_options(self.corpus.select(ids=ids), width=DROPDOWN_CHARS) if ids else []
        if self.open_article.options:
            self.open_article.value = self.open_article.options[0][1]
        row = tl.table[(tl.table["theme"] == theme) & (tl.table["period"] == period)].iloc[0]
        head = (f'<div class="sk-doc"><b>{esc(theme)}</b> · {esc(period)}：'
                f"{d.count} 次 occurrences，{d.matching} / {int(row['articles'])} 篇文章提及 articles mention it"
                f"</div>{_first_html(tl, theme)}")
        if not len(d.articles):
            self.detail.value = head + '<div class="sk-doc">这个时期没有文章 / no article in this period</div>'
            return
        self.detail.value = (head + render.table_html(mentioned, ARTICLE_COLUMNS, ARTICLE_LABELS)
                             + '<div class="sk-doc"><b>关键词前后文 KWIC</b></div>' + render.kwic_html(d.kwic))

    # -- reading and saving ----------------------------------------------------------------------------
    def read(self, article_id: int | None = None) -> None:
        """Open an article behind the chosen point (default: the one picked) in an ``ArticleBrowser``
        below, with the first of the theme's terms that it contains marked in the text."""
        article_id = article_id if article_id is not None else self.open_article.value
        if article_id is None or self.timeline is None:
            return
        if self.browser is None:
            from .browser import ArticleBrowser

            self.browser = ArticleBrowser(self.corpus)
            self.browser_box.children = [w.HTML("<h3>阅读 read</h3>"), self.browser]
        article = self.corpus[article_id]
        terms = self.timeline.themes[self.theme.value]
        self.browser.search.value = next((t for t in terms if render.find_hits(article, t)), "")
        self.browser.show(article_id)
        self.browser.reveal(back_to=(".sk-timeline", ".sk-tl-detail"))

    def save(self, kind: str, path=None):
        """Write the chart (``"png"``) or the table (``"csv"``) to ``path`` (default: 时间线.png/.csv in
        the current folder) and return the path."""
        if self.timeline is None:
            self.saved.value = '<span class="sk-doc">还没有图：先选一个主题 / nothing to save yet: choose a theme</span>'
            return None
        path = path or f"时间线.{kind}"
        out = (self.timeline.to_png(path, layout=self.layout_choice.value or None) if kind == "png"
               else self.timeline.to_csv(path))
        self.saved.value = f'<span class="sk-doc">已保存 saved: {esc(str(out))}</span>'
        return out


def _terms_html(tl) -> str:
    """What each chosen theme counts, one line each (escaped)."""
    from ..themes import join_terms

    rows = [f"<b>{esc(name)}</b>：{esc(join_terms(terms))}" for name, terms in tl.themes.items()]
    return '<div class="sk-doc sk-meta">计入的词 terms counted — ' + "；".join(rows) + "</div>"


def _first_html(tl, theme: str) -> str:
    """Where the theme is first used in the corpus (escaped), or that it is not used."""
    f = tl.firsts.set_index("theme").loc[theme]
    if f["first_date"] is None:
        return f'<div class="sk-doc sk-meta">{esc(theme)} 在语料中没有出现 / not found in the corpus</div>'
    return (f'<div class="sk-doc sk-meta">首次出现 first use：{esc(f["first_date"])} · 第 {int(f["first_article"])} 篇'
            f"《{esc(f['first_title'])}》</div>")


def _periods_with_articles(table) -> list[str]:
    """The periods of a timeline table that have at least one article, in table order."""
    return list(dict.fromkeys(table.loc[table["articles"] > 0, "period"]))


def _peak(table):
    """The row with the highest value among the periods that have articles, on the time axis when
    any dated period has one (the ``undated`` row only when nothing else does); ``None`` for an empty
    table."""
    from ..timeline import UNDATED

    if not len(table):
        return None
    if (table["articles"] > 0).any():
        table = table[table["articles"] > 0]
    dated = table[table["period"] != UNDATED]
    if len(dated) and dated["value"].fillna(0).max() > 0:
        table = dated
    return table.sort_values("value", ascending=False, kind="stable").iloc[0]
