"""``PassageComparer``: repeated passages of an article or a formulation, ranked, compared side by side."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from .. import align, render
from ..markup import esc
from ..paths import unused
from ..text import clause_span, context_span
from ._common import COMPACT, DROPDOWN_CHARS, Busy, full, tagged

#: Characters of context shown on each side of a formulation's occurrence.
CONTEXT = 40


class PassageComparer(w.VBox):
    """See which passages repeat, and how the versions differ.

    Pick an article (its repeated passages, longest first, one entry per passage: ``repeats.passages``)
    or a recurring formulation (its occurrences, each in its sentence; the first one in another article
    is compared with the first at once); choose a row to see the two passages side by side with the
    differences marked (``align.pair_html``) under the colour legend. "保存对照 save" (``save()``) writes
    the pair on screen as a page with both articles' titles, sources and dates; the "open" buttons show
    either article in an ``ArticleBrowser`` (``browser``, or one built here). ``min_chars`` is the
    shortest passage counted; changing it recomputes ``repeats.find_repeats``.
    """

    def __init__(self, corpus=None, browser=None, min_chars: int = 20) -> None:
        if corpus is None:
            from ..sources import load_corpus

            corpus = load_corpus()
        self.corpus = corpus
        self.result = None
        self._own_browser = browser is None
        self.browser = browser
        self.mode = tagged(w.ToggleButtons(options=[("按文章 by article", "article"),
                                                    ("按提法 by formulation", "group")], value="article",
                                             style={"button_width": "auto"}),
                           "sk-cmp-mode")
        self.article = tagged(w.Dropdown(options=render.article_options(corpus, width=DROPDOWN_CHARS), description="文章 article",
                                         style=COMPACT, layout=full()), "sk-cmp-article")
        self.group = tagged(w.Dropdown(options=[], description="提法 formulation", style=COMPACT, layout=full()), "sk-cmp-group")
        self.min_chars = tagged(w.IntSlider(value=min_chars, min=8, max=200, step=2, description="最短字数 min. chars",
                                            style=COMPACT, continuous_update=False,
                                            layout=w.Layout(width="32em", max_width="100%")), "sk-cmp-min")
        self.kinds = tagged(w.SelectMultiple(options=[("原样重复 repeat", "repeat"), ("改写 variant", "variant"),
                                                      ("要点出处 key point", "key_point"),
                                                      ("文内重复 internal", "internal")],
                                             value=("repeat", "variant", "key_point", "internal"), rows=4,
                                             description="类型 kind", style=COMPACT), "sk-cmp-kinds")
        self.info = tagged(w.HTML(), "sk-cmp-info")
        self.strip = tagged(w.HTML(layout=full()), "sk-cmp-strip")
        self.pairs = tagged(w.Select(options=[], rows=8, layout=full()), "sk-cmp-pairs")
        self.legend = tagged(w.HTML(align.legend_html(), layout=full()), "sk-cmp-legend")
        self.view = tagged(w.HTML(layout=full()), "sk-cmp-view")
        self.save_button = tagged(w.Button(description="保存对照 save", icon="download", layout=w.Layout(width="auto")),
                                  "sk-cmp-save")
        self.saved = tagged(w.HTML(), "sk-cmp-saved")
        self.open_a = tagged(w.Button(description="打开左边的文章 open left", layout=w.Layout(width="auto")),
                             "sk-cmp-open-a")
        self.open_b = tagged(w.Button(description="打开右边的文章 open right", layout=w.Layout(width="auto")),
                             "sk-cmp-open-b")
        self.busy = Busy()
        self.browser_box = tagged(w.VBox(layout=full()), "sk-cmp-browser")
        self._rows = None  # the pairs (DataFrame) behind self.pairs
        self._sides: tuple[int, int] | None = None
        self._shown: tuple[str, str] | None = None  # (comparison HTML, title) of the pair on screen

        super().__init__([w.HTML(render.STYLE), self.mode, self.article, self.group,
                          w.HBox([self.min_chars, self.kinds], layout=full(flex_flow="row wrap")),
                          self.busy.widget, self.info, self.strip, self.pairs,
                          w.HBox([self.open_a, self.open_b, self.save_button, self.saved],
                                 layout=full(flex_flow="row wrap", align_items="center")),
                          self.legend, self.view, self.browser_box], layout=full())
        self.add_class("sk-comparer")
        self.mode.observe(self._show_rows, "value")
        self.article.observe(self._show_rows, "value")
        self.group.observe(self._show_rows, "value")
        self.kinds.observe(self._show_rows, "value")
        self.min_chars.observe(self._compute, "value")
        self.pairs.observe(self._show_pair, "value")
        self.open_a.on_click(lambda _: self.jump(0))
        self.open_b.on_click(lambda _: self.jump(1))
        self.save_button.on_click(lambda _: self.save())
        self._compute()

    # -- recompute ------------------------------------------------------------------------------
    def _compute(self, change=None) -> None:
        from ..repeats import find_repeats

        with self.busy(f"正在查找重复段落（≥{self.min_chars.value} 字）/ finding repeats…"):
            self.result = find_repeats(self.corpus, min_chars=self.min_chars.value)
        groups = self.result.groups
        first = groups.drop_duplicates("group")
        keep = self.group.value
        options = [
            (f"{r.occurrences} 次 · {r.articles} 篇 · {_short(self._phrase(r), 40)}", int(r.group))
            for r in first.sort_values(["articles", "occurrences"], ascending=False).itertuples(index=False)
        ]
        self._quiet = True
        self.group.options = options
        values = [v for _, v in options]
        self.group.value = keep if keep in values else (values[0] if values else None)
        self._quiet = False
        self._show_rows()

    # -- re-render ------------------------------------------------------------------------------
    _quiet = False

    def _show_rows(self, change=None) -> None:
        if self._quiet or self.result is None:
            return
        by_article = self.mode.value == "article"
        self.article.layout.display = "flex" if by_article else "none"
        self.group.layout.display = "none" if by_article else "flex"
        self.kinds.layout.display = "flex" if by_article else "none"
        if by_article:
            from ..repeats import passages

            p = self.result.pairs
            a = self.article.value
            rows = passages(p[p.kind.isin(self.kinds.value)], self.corpus, a) if a is not None else p.head(0)
            rows = rows.assign(longest=rows[["a_len", "b_len"]].max(axis=1))
            rows = rows.sort_values(["longest", "identity"], ascending=False, kind="stable").reset_index(drop=True)
            self._rows = rows
            options = [(f"{r.identity:.0%} · {_entry(r)} · {r.a_article} ↔ {r.b_article} · {r.longest} 字 · "
                        f"{_short(r.a_text, 30)}", i) for i, r in enumerate(rows.itertuples(index=False))]
            default = 0
            self.strip.value = align.strip_html(self.corpus[a], self.result.pairs) if a is not None else ""
            self.info.value = (f'<div class="sk-doc">{len(rows)} 处重复的段落 / repeated passages '
                               f"（全部语料共 {len(p)} 对 pairs in the corpus；要点和正文里的同一段算一处 / a key "
                               "point and its body sentence count once）</div>")
        else:
            g = self.result.groups
            rows = g[g.group == self.group.value].reset_index(drop=True)
            self._rows = rows
            options = [(f"{k + 1}. {r.article} · {self._title(r.article)} · {_short(self._phrase(r), 30)}"
                        + ("（基准 reference）" if k == 0 else ""), k)
                       for k, r in enumerate(rows.itertuples(index=False))]
            first = int(rows["article"].iloc[0]) if len(rows) else None
            default = next((k for k, x in enumerate(rows["article"]) if int(x) != first), 1 if len(rows) > 1 else 0)
            self.strip.value = ""
            self.info.value = (f'<div class="sk-doc">{len(rows)} 处出现 / occurrences；'
                               "左边是第 1 处，选一处与它对照 / the first one on the left, pick one to compare</div>")
        self._quiet = True
        self.pairs.options = options
        self.pairs.value = options[default][1] if options else None
        self._quiet = False
        self._show_pair()

    def _title(self, article_id: int) -> str:
        return self.corpus[article_id].title if article_id in self.corpus else "?"

    def _phrase(self, occ) -> str:
        """The text of an occurrence of a formulation, at phrase bounds (``text.clause_span``)."""
        a = self.corpus[int(occ.article)] if int(occ.article) in self.corpus else None
        if a is None:
            return str(occ.text)
        text = a.key_points[int(occ.index)] if occ.field == "key_point" else a.text
        s, e = clause_span(text, int(occ.start), int(occ.end))
        return text[s:e]

    def _show_pair(self, change=None) -> None:
        if self._quiet:
            return
        self.saved.value = ""  # a "saved" line belongs to the pair it names
        i = self.pairs.value
        if i is None or self._rows is None or i >= len(self._rows):
            self.view.value = '<div class="sk-doc">没有重复段落 / nothing to compare</div>'
            self._sides = self._shown = None
            return
        r = self._rows.iloc[i]
        if self.mode.value == "article":
            self.view.value = align.pair_html(r, self.corpus)
            self._sides = (int(r.a_article), int(r.b_article))
            title = f"对照 comparison：第 {r.a_article} 篇 ↔ 第 {r.b_article} 篇 · {_entry(r)}"
        else:
            first = self._rows.iloc[0]
            self.view.value = align.compare_html(self._context(first), self._context(r),
                                                 title_a=f"1. {first.article} · {self._title(first.article)}",
                                                 title_b=f"{i + 1}. {r.article} · {self._title(r.article)}")
            self._sides = (int(first.article), int(r.article))
            title = f"提法对照 formulation：{_short(self._phrase(first), 30)}"
        self._shown = (self.view.value, title)

    def _context(self, occ) -> str:
        """The occurrence in its sentence, at most ``CONTEXT`` characters either side, cut at a phrase
        mark when the sentence goes on (``text.context_span``), from the body or the key point."""
        a = self.corpus[int(occ.article)]
        text = a.key_points[int(occ.index)] if occ.field == "key_point" else a.text
        s, e = context_span(text, int(occ.start), int(occ.end), limit=CONTEXT)
        return text[s:e]

    def save(self, path=None):
        """Write the comparison on screen as a standalone page (``align.save_html``: its title, both
        articles' titles, sources and dates, the colour legend) to ``path`` and return the path; by
        default a new file in the current folder, e.g. ``对照_第3篇_第12篇_2024-03-05.html``."""
        if self._shown is None or self._sides is None:
            self.saved.value = '<span class="sk-doc sk-meta">没有可保存的对照 / nothing to save</span>'
            return None
        fragment, title = self._shown
        a, b = self._sides
        path = path or unused(f"对照_第{a}篇_第{b}篇_{dt.date.today().isoformat()}.html")
        sides = [self.corpus[x] if x in self.corpus else None for x in (a, b)]
        out = align.save_html(fragment, path, title=title, sides=sides)
        self.saved.value = f'<span class="sk-doc sk-meta">已保存 saved: <b>{esc(out.name)}</b></span>'
        return out

    # -- jump -----------------------------------------------------------------------------------
    def jump(self, side: int) -> None:
        """Show the left (0) or right (1) article of the current comparison in the article browser."""
        if self._sides is None:
            return
        if self.browser is None:
            from .browser import ArticleBrowser

            self.browser = ArticleBrowser(self.corpus)
        if self._own_browser and not self.browser_box.children:
            self.browser_box.children = [w.HTML("<h3>文章 article</h3>"), self.browser]
        self.browser.show(self._sides[side])
        self.browser.reveal(back_to=(".sk-comparer", ".sk-cmp-view") if self._own_browser else None)


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _kind(kind: str) -> str:
    return {"repeat": "原样", "variant": "改写", "key_point": "要点", "internal": "文内"}.get(kind, kind)


def _kinds(kinds) -> str:
    """The kinds of one entry, e.g. "要点 + 原样" for a key point repeated word for word elsewhere."""
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    return " + ".join(_kind(k) for k in kinds)


def _entry(r) -> str:
    """What one entry of ``repeats.passages`` is: its kinds, and "提法改写 edited formulation" for a short
    formulation with a word or two changed (a ``formulation`` pair of ``find_repeats``)."""
    return _kinds(r.kinds) + (" · 提法改写 edited formulation" if r.formulation else "")
