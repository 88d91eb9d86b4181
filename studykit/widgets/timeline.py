"""``TimelineExplorer``: themes over time, with the articles and KWIC lines behind each point."""

from __future__ import annotations

import ipywidgets as w

from .. import render
from ..markup import esc
from ._common import COMPACT, Busy, full, tagged

BIN_OPTIONS = [("日 day", "day"), ("周 week", "week"), ("月 month", "month"), ("年 year", "year")]
MEASURE_OPTIONS = [("次数 count", "count"), ("每万字 per 10k chars", "per10k"), ("文章比例 share", "share")]
ARTICLE_COLUMNS = ["article", "title", "date", "source", "count", "chars"]
ARTICLE_LABELS = {"article": "编号", "title": "标题", "date": "日期", "source": "来源", "count": "次数", "chars": "字数"}


class TimelineExplorer(w.VBox):
    """Follow themes through time.

    Pick bundled themes or type one (its terms separated by commas, e.g. ``新质生产力,新兴产业``;
    ``名称=词1,词2`` names it), choose the bin (day / week / month / year) and the measure (count,
    per 10,000 characters, share of articles); the chart is ``timeline.theme_timeline``'s figure.
    Choose a period and a theme to list the articles and KWIC lines behind that point
    (``timeline.timeline_detail``). Save buttons write the chart (PNG) and the table (CSV).

    Args:
        themes: the bundled themes chosen at first (default: the first two).
        custom: a typed theme to start with (``名称=词1,词2`` or terms separated by commas).
        by: the bin at first (``day``, ``week``, ``month``, ``year``).
        measure: the measure at first (``count``, ``per10k``, ``share``).
    """

    def __init__(self, corpus=None, *, themes: list[str] | None = None, custom: str = "", by: str = "month",
                 measure: str = "count") -> None:
        from ..themes import load_themes

        if corpus is None:
            from ..sources import load_corpus

            corpus = load_corpus()
        self.corpus = corpus
        self.timeline = None
        bundled = list(load_themes())
        chosen = tuple(themes) if themes is not None else tuple(bundled[:2])
        self.themes = tagged(w.SelectMultiple(options=bundled, value=chosen, rows=min(6, max(2, len(bundled))),
                                              description="主题 themes", style=COMPACT), "sk-tl-themes")
        self.custom = tagged(w.Text(value=custom, placeholder="自己的主题：词语用逗号分隔", description="输入主题 your theme",
                                    style=COMPACT, continuous_update=False, layout=w.Layout(width="30em", max_width="100%")),
                             "sk-tl-custom")
        self.bin = tagged(w.ToggleButtons(options=BIN_OPTIONS, value=by, description="时间单位 bin",
                                          style={**COMPACT, "button_width": "auto"}),
                          "sk-tl-bin")
        self.measure = tagged(w.ToggleButtons(options=MEASURE_OPTIONS, value=measure, description="度量 measure",
                                              style={**COMPACT, "button_width": "auto"}), "sk-tl-measure")
        self.message = tagged(w.HTML(), "sk-tl-message")
        self.chart = tagged(w.Image(format="png", layout=w.Layout(width="auto", max_width="100%")), "sk-tl-chart")
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

        controls = w.VBox([w.HBox([self.themes, self.custom], layout=full(flex_flow="row wrap")),
                           self.bin, self.measure], layout=full())
        super().__init__([w.HTML(render.STYLE), controls, self.busy.widget, self.message, self.chart,
                          w.HBox([self.save_png, self.save_csv, self.saved], layout=full(flex_flow="row wrap")),
                          w.HTML("<h3>这个点背后的文章 What stands behind a point</h3>"),
                          w.HBox([self.theme, self.period], layout=full(flex_flow="row wrap")), self.detail,
                          w.HBox([self.open_article, self.open_button], layout=full(flex_flow="row wrap")), self.browser_box],
                         layout=full())
        self.add_class("sk-timeline")
        for c in (self.themes, self.custom, self.bin, self.measure):
            c.observe(self._compute, "value")
        self.period.observe(self._drill, "value")
        self.theme.observe(self._drill, "value")
        self.open_button.on_click(lambda _: self.read())
        self.save_png.on_click(lambda _: self.save("png"))
        self.save_csv.on_click(lambda _: self.save("csv"))
        self._compute()

    def _specs(self) -> list[str]:
        """The chosen themes as ``timeline.resolve_themes`` specs; a typed theme is named by its text."""
        specs = list(self.themes.value)
        typed = self.custom.value.strip()
        if typed:
            specs.append(typed if "=" in typed else f"{typed}={typed}")
        return specs

    def _compute(self, change=None) -> None:
        from ..timeline import theme_timeline

        specs = self._specs()
        if not specs:
            self.timeline = None
            self.message.value = '<div class="sk-doc">请选择或输入一个主题 / choose or type a theme</div>'
            self.chart.value = b""
            self._set_choices([], [])
            return
        try:
            with self.busy("正在计算时间线… / counting…"):
                self.timeline = tl = theme_timeline(self.corpus, specs, by=self.bin.value, measure=self.measure.value)
                self.chart.value = tl._repr_png_()
        except ValueError as e:
            self.timeline = None
            self.message.value = f'<div class="sk-doc sk-error">{esc(str(e))}</div>'
            self._set_choices([], [])
            return
        self.message.value = f'<div class="sk-doc sk-meta">{esc(tl.note)}</div>' if tl.note else ""
        table = tl.table
        best = _peak(table)
        typed = change is not None and change["owner"] is self.custom and self.custom.value.strip()
        self._set_choices(list(tl.themes), list(dict.fromkeys(table["period"])), best,
                          prefer=list(tl.themes)[-1] if typed else None)

    def _set_choices(self, themes: list[str], periods: list[str], best=None, prefer: str | None = None) -> None:
        """Refill the theme and period pickers, keeping the choice if it still exists, else the peak.

        ``prefer`` (a theme just typed) is shown at its own peak."""
        keep_theme, keep_period = self.theme.value, self.period.value
        if prefer is not None:
            best = _peak(self.timeline.table[self.timeline.table["theme"] == prefer])
            keep_theme, keep_period = prefer, best["period"]
        self._quiet = True
        self.theme.options = themes
        self.period.options = periods
        self.theme.value = keep_theme if keep_theme in themes else (best["theme"] if best is not None else None)
        self.period.value = keep_period if keep_period in periods else (best["period"] if best is not None else None)
        self._quiet = False
        self._drill()

    def _drill(self, change=None) -> None:
        if self._quiet:
            return
        tl, theme, period = self.timeline, self.theme.value, self.period.value
        if tl is None or theme is None or period is None:
            self.detail.value = ""
            self.open_article.options = []
            return
        d = tl.detail(theme, period)
        mentioned = d.articles.loc[d.articles["mentions"].astype(bool)]
        ids = [int(i) for i in mentioned["article"]]  # select(ids=[]) would mean every article
        self.open_article.options = render.article_options(self.corpus.select(ids=ids)) if ids else []
        if self.open_article.options:
            self.open_article.value = self.open_article.options[0][1]
        row = tl.table[(tl.table["theme"] == theme) & (tl.table["period"] == period)].iloc[0]
        head = (f'<div class="sk-doc"><b>{esc(theme)}</b> · {esc(period)}：'
                f"{d.count} 次 occurrences，{d.matching} / {int(row['articles'])} 篇文章提及 articles mention it"
                "</div>")
        if not len(d.articles):
            self.detail.value = head + '<div class="sk-doc">这个时期没有文章 / no article in this period</div>'
            return
        self.detail.value = (head + render.table_html(mentioned, ARTICLE_COLUMNS, ARTICLE_LABELS)
                             + '<div class="sk-doc"><b>关键词前后文 KWIC</b></div>' + render.kwic_html(d.kwic))

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

    def save(self, kind: str, path=None):
        """Write the chart (``"png"``) or the table (``"csv"``) to ``path`` (default: 时间线.png/.csv in
        the current folder) and return the path."""
        if self.timeline is None:
            self.saved.value = '<span class="sk-doc">还没有图：先选一个主题 / nothing to save yet: choose a theme</span>'
            return None
        path = path or f"时间线.{kind}"
        out = self.timeline.to_png(path) if kind == "png" else self.timeline.to_csv(path)
        self.saved.value = f'<span class="sk-doc">已保存 saved: {esc(str(out))}</span>'
        return out


def _peak(table):
    """The row with the highest value, on the time axis when any dated period has one (the
    ``undated`` row only when nothing else does); ``None`` for an empty table."""
    from ..timeline import UNDATED

    if not len(table):
        return None
    dated = table[table["period"] != UNDATED]
    if len(dated) and dated["value"].fillna(0).max() > 0:
        table = dated
    return table.sort_values("value", ascending=False, kind="stable").iloc[0]
