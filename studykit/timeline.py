"""Theme timelines: how often named groups of terms occur, period by period, on the real date axis.

A *theme* is a name and a list of terms (variant wordings counted as one). ``theme_timeline(corpus,
themes, by="month", measure="count")`` returns a ``Timeline``: a table with one row per period and
theme (``period, theme, value, articles, matching, count, chars``), a matplotlib figure
(``.figure()``) and exports (``to_csv``, ``to_png``, ``to_svg``). ``timeline_detail(corpus, theme,
period)`` lists the articles and the keyword-in-context lines behind one value.

Counting is done on the text, not on tokens: an occurrence of any of a theme's terms counts once,
the longest term winning where variants overlap (因地制宜发展新质生产力 and 新质生产力 in one theme
count one occurrence, not two). Periods come from each article's date: ``day`` (``2024-02-05``),
ISO ``week`` (``2024-W06``), ``month`` (``2024-02``) or ``year`` (``2024``). An article without a
date, or dated less precisely than the bin (a bare ``2024`` under monthly bins), goes to the period
``undated``, which the table keeps and the figure mentions; nothing is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import Corpus, date_precision
from .text import han_count
from .themes import resolve_themes, term_pattern

BINS = ("day", "week", "month", "year")
MEASURES = ("count", "per10k", "share")
UNDATED = "undated"
COLUMNS = ["period", "theme", "value", "articles", "matching", "count", "chars"]

_RANK = {"year": 0, "month": 1, "day": 2}
_NEEDS = {"day": "day", "week": "day", "month": "month", "year": "year"}
_BIN_ZH = {"day": "按日", "week": "按周", "month": "按月", "year": "按年"}
_MEASURE_ZH = {"count": "出现次数", "per10k": "每万字出现次数", "share": "提及主题的文章比例"}
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<")


# ---------------------------------------------------------------- periods


def period_of(date: str | None, by: str) -> str:
    """The period label of a date string under the bin ``by``, or ``"undated"`` when the date is
    missing or less precise than the bin.

    >>> period_of("2024-02-05", "week"), period_of("2024", "month")
    ('2024-W06', 'undated')
    """
    _check_bin(by)
    prec = date_precision(date)
    if prec is None or _RANK[prec] < _RANK[_NEEDS[by]]:
        return UNDATED
    if by == "year":
        return date[:4]
    if by == "month":
        return date[:7]
    if by == "day":
        return date[:10]
    y, w, _ = dt.date.fromisoformat(date[:10]).isocalendar()
    return f"{y}-W{w:02d}"


def period_start(period: str, by: str) -> dt.date:
    """The first day of a period label (the Monday of an ISO week)."""
    if by == "week":
        m = _WEEK.match(period)
        if not m:
            raise ValueError(f"not an ISO week: {period!r}")
        return dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
    if by == "year":
        return dt.date(int(period), 1, 1)
    if by == "month":
        return dt.date(int(period[:4]), int(period[5:7]), 1)
    return dt.date.fromisoformat(period)


def _next_start(start: dt.date, by: str) -> dt.date:
    if by == "day":
        return start + dt.timedelta(days=1)
    if by == "week":
        return start + dt.timedelta(days=7)
    if by == "month":
        return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return dt.date(start.year + 1, 1, 1)


def period_range(first: str, last: str, by: str) -> list[str]:
    """Every period label from ``first`` to ``last`` inclusive, in date order (gaps filled)."""
    out, d, end = [], period_start(first, by), period_start(last, by)
    while d <= end:
        out.append(period_of(d.isoformat(), by))
        d = _next_start(d, by)
    return out


def _check_bin(by: str) -> None:
    if by not in BINS:
        raise ValueError(f"unknown bin {by!r} (choose one of {', '.join(BINS)})")


# ---------------------------------------------------------------- the timeline


@dataclass
class Timeline:
    """A theme timeline: ``table`` (columns ``COLUMNS``, dated periods in order, then ``undated``).

    ``value`` is the chosen ``measure``: ``count`` (occurrences), ``per10k`` (occurrences per 10,000
    Han characters of the period's articles) or ``share`` (fraction 0–1 of the period's articles that
    mention the theme; empty where a period has no article). ``articles`` is the number of articles
    in the period, ``matching`` how many of them mention the theme, ``chars`` their Han characters.
    ``undated`` is the number of articles that could not be placed on the axis.
    """

    table: object  # pandas.DataFrame
    themes: dict[str, list[str]]
    by: str = "month"
    measure: str = "count"
    undated: int = 0
    excluded_reprints: bool = False
    corpus: Corpus | None = field(default=None, repr=False)

    @property
    def note(self) -> str:
        """One sentence about the undated articles ('' when every article is on the axis)."""
        if not self.undated:
            return ""
        return (f"{self.undated} 篇文章没有日期或日期不够精确（无法{_BIN_ZH[self.by]}归类），"
                f"计入表格中的 undated 行，未画在时间轴上。")

    def wide(self):
        """The values as a DataFrame: one row per period, one column per theme, plus ``articles``."""
        t = self.table
        w = t.pivot(index="period", columns="theme", values="value").reindex(index=t["period"].unique(),
                                                                            columns=list(self.themes))
        w["articles"] = t.drop_duplicates("period").set_index("period")["articles"]
        w.columns.name = None
        return w

    def to_csv(self, path: str | Path, bom: bool = True) -> Path:
        """Write the table as UTF-8 CSV and return the path. With ``bom`` (the default) the file
        starts with a byte-order mark, so that Excel reads the Chinese correctly."""
        self.table.to_csv(path, index=False, encoding="utf-8-sig" if bom else "utf-8")
        return Path(path)

    def figure(self, title: str | None = None, font: str | None = None):
        """A matplotlib Figure: one line per theme on the date axis, and below it the number of
        articles in each period. Labels in the bundled Chinese font, sized for a projector."""
        return _draw(self, title, font)

    def to_png(self, path: str | Path, dpi: int = 150, **kw) -> Path:
        """Save the figure as PNG and return the path."""
        return _save(self.figure(**kw), path, dpi)

    def to_svg(self, path: str | Path, **kw) -> Path:
        """Save the figure as SVG and return the path."""
        return _save(self.figure(**kw), path, None)

    def detail(self, theme: str, period: str):
        """The articles and KWIC lines behind one value (see ``timeline_detail``)."""
        if self.corpus is None:
            raise ValueError("this timeline does not keep its corpus")
        # the kept corpus already has its reprints left out when ``excluded_reprints``
        return timeline_detail(self.corpus, {theme: self.themes[theme]} if theme in self.themes else theme,
                               period, by=self.by)

    def _repr_png_(self) -> bytes:
        import io

        buf = io.BytesIO()
        fig = self.figure()
        fig.savefig(buf, format="png", dpi=100)
        _close(fig)
        return buf.getvalue()


def _article_rows(corpus: Corpus, themes: dict[str, list[str]], by: str) -> list[dict]:
    """One dict per article: id, period, chars and the occurrence count of every theme."""
    from tqdm import tqdm

    patterns = {name: term_pattern(map(corpus.search_term, terms)) for name, terms in themes.items()}
    rows = []
    for a in tqdm(corpus, desc="counting themes", unit="article", file=sys.stderr, leave=False,
                  disable=len(corpus) < 500):
        row = {"id": a.id, "period": period_of(a.date, by), "chars": han_count(a.search_text)}
        for name, pat in patterns.items():
            row[name] = sum(1 for _ in pat.finditer(a.search_text))
        rows.append(row)
    return rows


def theme_timeline(
    corpus: Corpus,
    themes: Mapping[str, Iterable[str]] | Iterable[str] | str | None = None,
    *,
    by: str = "month",
    measure: str = "count",
    exclude_reprints: bool = False,
) -> Timeline:
    """Count themes per period and return a ``Timeline``.

    ``themes``: ``{name: [terms]}``, theme names / ``"NAME=a,b"`` strings, or ``None`` for the bundled
    themes. Every period between the first and last dated article is present (gaps have 0 articles);
    articles that cannot be placed form the last period, ``undated``.

    Args:
        by: ``day``, ``week``, ``month`` or ``year``.
        measure: ``count``, ``per10k`` or ``share``.
        exclude_reprints: first leave out passages reprinted from other articles of the corpus
            (``repeats.without_reprints``).
    """
    import pandas as pd

    _check_bin(by)
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r} (choose one of {', '.join(MEASURES)})")
    themes = resolve_themes(themes)
    if exclude_reprints:
        from .repeats import without_reprints

        corpus = without_reprints(corpus)
    rows = _article_rows(corpus, themes, by)
    frame = pd.DataFrame(rows, columns=["id", "period", "chars", *themes])
    names = list(themes)
    grouped = frame.groupby("period", sort=False)
    per = pd.DataFrame({"articles": grouped.size(), "chars": grouped["chars"].sum()})
    counts = grouped[names].sum()
    matching = frame[names].gt(0).groupby(frame["period"]).sum()
    dated = sorted(p for p in per.index if p != UNDATED)
    periods = period_range(dated[0], dated[-1], by) if dated else []
    if UNDATED in per.index:
        periods.append(UNDATED)
    per = per.reindex(periods, fill_value=0)
    counts = counts.reindex(periods, fill_value=0)
    matching = matching.reindex(periods, fill_value=0)
    parts = []
    for name in names:
        part = pd.DataFrame({
            "period": periods,
            "theme": name,
            "articles": per["articles"].to_numpy(),
            "matching": matching[name].to_numpy(),
            "count": counts[name].to_numpy(),
            "chars": per["chars"].to_numpy(),
        })
        part["value"] = _measure(part, measure)
        parts.append(part)
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)
    order = {p: i for i, p in enumerate(periods)}
    table = table.sort_values(["period", "theme"], key=lambda s: s.map(order) if s.name == "period"
                              else s.map({n: i for i, n in enumerate(names)}), kind="stable")
    table = table[COLUMNS].reset_index(drop=True)
    for c in ("articles", "matching", "count", "chars"):
        table[c] = table[c].astype("int64")
    undated = int(per.loc[UNDATED, "articles"]) if UNDATED in per.index else 0
    return Timeline(table, themes, by, measure, undated, exclude_reprints, corpus)


def _measure(part, measure: str):
    import numpy as np

    if measure == "count":
        return part["count"].astype("int64")
    if measure == "per10k":
        chars = part["chars"].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(chars > 0, part["count"].to_numpy() * 10_000 / chars, np.nan)
    arts = part["articles"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(arts > 0, part["matching"].to_numpy() / arts, np.nan)


# ---------------------------------------------------------------- drill-down


@dataclass
class TimelineDetail:
    """What stands behind one point: ``articles`` (every article of the period: article, title, date,
    source, count, chars, mentions) and ``kwic`` (one row per occurrence, from ``counts.kwic``)."""

    theme: str
    terms: list[str]
    period: str
    articles: object  # pandas.DataFrame
    kwic: object  # pandas.DataFrame

    @property
    def count(self) -> int:
        """Occurrences of the theme in the period (the ``count`` measure)."""
        return int(self.articles["count"].sum())

    @property
    def matching(self) -> int:
        """Articles of the period that mention the theme."""
        return int(self.articles["mentions"].sum())


def timeline_detail(
    corpus: Corpus,
    theme: str | Mapping[str, Iterable[str]] | Iterable[str],
    period: str,
    *,
    by: str | None = None,
    exclude_reprints: bool = False,
    width: int = 20,
) -> TimelineDetail:
    """The articles and KWIC lines that make up a theme's value in one period.

    ``theme``: a bundled theme name, ``"NAME=a,b"``, ``{name: [terms]}`` with one entry, or a list of
    terms. ``period``: a label as in the timeline table (``2024``, ``2024-02``, ``2024-W06``,
    ``2024-02-05`` or ``undated``). Articles are listed with the most occurrences first.

    Args:
        by: the bin; read from the label unless given (``undated`` needs it, default month).
        exclude_reprints: first leave out reprinted passages, as the timeline did.
        width: characters of context each side in the KWIC lines.
    """
    import pandas as pd

    from .counts import kwic

    if isinstance(theme, Mapping):
        themes = resolve_themes(theme)
    elif isinstance(theme, str):
        themes = resolve_themes([theme])
    else:
        terms = list(theme)
        themes = resolve_themes({"、".join(terms): terms})
    if len(themes) != 1:
        raise ValueError("timeline_detail takes one theme")
    (name, terms), = themes.items()
    by = by or _bin_of(period)
    _check_bin(by)
    if exclude_reprints:
        from .repeats import without_reprints

        corpus = without_reprints(corpus)
    pat = term_pattern(map(corpus.search_term, terms))
    rows = []
    for a in corpus:
        if period_of(a.date, by) != period:
            continue
        n = sum(1 for _ in pat.finditer(a.search_text))
        rows.append({"article": a.id, "title": a.title, "date": a.date, "source": a.source,
                     "count": n, "chars": han_count(a.search_text), "mentions": n > 0})
    cols = ["article", "title", "date", "source", "count", "chars", "mentions"]
    arts = pd.DataFrame(rows, columns=cols).sort_values(["count", "article"], ascending=[False, True],
                                                        kind="stable").reset_index(drop=True)
    arts["mentions"] = arts["mentions"].astype(bool)  # stays a mask when the period has no article
    ids = [int(i) for i in arts.loc[arts["mentions"], "article"]]
    lines = kwic(corpus.select(ids=ids) if ids else Corpus([]), pat.pattern, width=width, regex=True)
    return TimelineDetail(name, terms, period, arts, lines)


def _bin_of(period: str) -> str:
    if period == UNDATED:
        return "month"
    if _WEEK.match(period):
        return "week"
    if len(period) not in (4, 7, 10):
        raise ValueError(f"not a period label: {period!r} (want 2024, 2024-02, 2024-W06, 2024-02-05 or undated)")
    return {4: "year", 7: "month", 10: "day"}[len(period)]


# ---------------------------------------------------------------- drawing


def segments(empty: list[bool], min_gap: int = 6) -> list[tuple[int, int]]:
    """Index ranges ``[lo, hi)`` of the periods to draw: runs of at least ``min_gap`` empty periods
    that also make up a quarter of all periods are cut out, so one old article does not squeeze the
    rest of the chart into a corner. With no such run, one range covers everything.

    >>> segments([False] + [True] * 17 + [False, False])
    [(0, 1), (18, 20)]
    """
    n, out, lo, i = len(empty), [], 0, 0
    while i < n:
        if not empty[i]:
            i += 1
            continue
        j = i
        while j < n and empty[j]:
            j += 1
        if j - i >= min_gap and (j - i) * 4 >= n and i > 0 and j < n:
            out.append((lo, i))
            lo = j
        i = j
    out.append((lo, n))
    return out


def _draw(tl: Timeline, title: str | None, font: str | None):
    import numpy as np
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    from .fonts import missing_chars, use_in_matplotlib

    family = use_in_matplotlib(font)
    lacking = missing_chars("".join(tl.themes), font)
    if lacking:
        warnings.warn(f"the font has no glyph for {''.join(lacking)} (in a theme name): the legend shows boxes "
                      f"there; pass font= a font that has them", stacklevel=3)
    t = tl.table
    dated = t[t["period"] != UNDATED]
    periods = list(dict.fromkeys(dated["period"]))
    per = dated.drop_duplicates("period").set_index("period")
    n = per["articles"].reindex(periods).to_numpy(dtype=float) if periods else np.array([])
    values = {}
    for name in tl.themes:
        vals = dated[dated["theme"] == name]["value"].to_numpy(dtype=float, copy=True)
        vals[n == 0] = np.nan  # a period without articles is a gap in the line, not a zero
        values[name] = vals
    parts = segments(list(n == 0)) if periods else [(0, 0)]

    fig = Figure(figsize=(12, 6.75), layout="constrained")
    gs = fig.add_gridspec(2, len(parts), height_ratios=[3, 1],
                          width_ratios=[max(hi - lo, 1) + 1 for lo, hi in parts], wspace=0.02)
    tops, bottoms = [], []
    for k, (lo, hi) in enumerate(parts):
        ax = fig.add_subplot(gs[0, k], sharey=tops[0] if tops else None)
        ax_n = fig.add_subplot(gs[1, k], sharex=ax, sharey=bottoms[0] if bottoms else None)
        tops.append(ax)
        bottoms.append(ax_n)
        _panel(tl, ax, ax_n, periods[lo:hi], {m: v[lo:hi] for m, v in values.items()}, n[lo:hi], len(periods) > 60)
    ax, ax_n = tops[0], bottoms[0]
    ax.set_ylabel(_MEASURE_ZH[tl.measure], fontsize=15, family=family)
    ax.set_ylim(bottom=0, top=(1.05 if tl.measure == "share" else None))
    if tl.measure == "share":
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
    elif tl.measure == "count":
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax_n.set_ylabel("文章数", fontsize=15, family=family)
    ax_n.set_ylim(0, max(1, n.max() if len(n) else 1) * 1.3)
    ax_n.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    for a in tops[1:] + bottoms[1:]:
        a.tick_params(labelleft=False, left=False)
        a.spines["left"].set_linestyle((0, (2, 3)))
    for a in tops[:-1] + bottoms[:-1]:
        a.spines["right"].set_linestyle((0, (2, 3)))
    if len(tl.themes) > 0 and periods:
        tops[-1].legend(fontsize=13, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
                        prop={"family": family, "size": 13})
    fig.suptitle(title or f"主题时间线：{_MEASURE_ZH[tl.measure]}（{_BIN_ZH[tl.by]}）", fontsize=18, family=family)
    notes = [tl.note] if tl.note else []
    if len(parts) > 1:
        cut = "；".join(f"{periods[a_hi]} 至 {periods[b_lo - 1]}" for (_, a_hi), (b_lo, _) in zip(parts, parts[1:], strict=False))
        notes.append(f"时间轴在 {cut} 处断开（虚线）：这段时间没有文章。")
    if notes:
        fig.text(0.01, 0.005, "\n".join(notes), fontsize=12, family=family, ha="left", va="bottom", color="#444444")
        fig.get_layout_engine().set(rect=(0, 0.04 * len(notes) + 0.01, 1, 1 - 0.04 * len(notes) - 0.01))
    if not periods:
        ax.text(0.5, 0.5, "没有带日期的文章", transform=ax.transAxes, ha="center", va="center", fontsize=16)
        for a in (ax, ax_n):
            a.set_xticks([])
            a.set_yticks([])
    return fig


def _panel(tl: Timeline, ax, ax_n, periods: list[str], values: dict, n, many: bool) -> None:
    """Draw one stretch of the time axis: the theme lines on ``ax``, the article counts on ``ax_n``."""
    import matplotlib.dates as mdates

    xs = [dt.datetime.combine(period_start(p, tl.by), dt.time()) for p in periods]
    for i, (name, vals) in enumerate(values.items()):
        # marker and dash differ from theme to theme, so lines with equal values stay distinguishable
        ax.plot(xs, vals, marker=_MARKERS[i % len(_MARKERS)], markersize=5 if many else 7, linewidth=2.5,
                linestyle="-" if i % 2 == 0 else (0, (5, 2)), label=name)
    ax.grid(True, alpha=0.3)
    ax.tick_params(labelsize=13, labelbottom=False)
    width = {"day": 0.8, "week": 5.6, "month": 24, "year": 290}[tl.by]
    ax_n.bar(xs, n, width=width, color="#9aa5b1", align="center")
    ax_n.tick_params(labelsize=13)
    if len(periods) <= 24:
        for x, v in zip(xs, n, strict=True):
            if v:
                ax_n.annotate(f"{int(v)}", (x, v), xytext=(0, 3), textcoords="offset points", ha="center",
                              va="bottom", fontsize=12)
    _date_axis(ax_n, xs, tl.by, mdates)


def _date_axis(ax, xs: list[dt.datetime], by: str, mdates) -> None:
    """Ticks at period starts labelled like the table (2024-W06, 2024-02 …), every k-th when many."""
    from matplotlib.ticker import FixedLocator, FuncFormatter

    if not xs:
        return
    steps = {"day": (1, 2, 7, 14, 28), "week": (1, 2, 4, 8, 13, 26, 52), "month": (1, 2, 3, 6, 12, 24),
             "year": (1, 2, 5, 10, 20, 50, 100)}[by]
    step = next((k for k in steps if len(xs) / k <= 12), steps[-1] * (len(xs) // (steps[-1] * 12) + 1))
    ax.xaxis.set_major_locator(FixedLocator(mdates.date2num(xs[::step])))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: period_of(mdates.num2date(v).date().isoformat(), by)))
    pad = dt.timedelta(days={"day": 1, "week": 6, "month": 25, "year": 300}[by])
    ax.set_xlim(xs[0] - pad, xs[-1] + pad)
    if by in ("day", "week"):
        ax.tick_params(axis="x", labelrotation=30)
        for lab in ax.get_xticklabels():
            lab.set_horizontalalignment("right")


def _save(fig, path: str | Path, dpi: int | None) -> Path:
    path = Path(path)
    fig.savefig(path, dpi=dpi or "figure", format=path.suffix.lstrip(".").lower() or None)
    _close(fig)
    return path


def _close(fig) -> None:
    fig.clear()
