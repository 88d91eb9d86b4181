"""Theme timelines: how often named groups of terms occur, period by period, on the real date axis.

A *theme* is a name and a list of terms (variant wordings counted as one). ``theme_timeline(corpus,
themes, by="month", measure="count")`` returns a ``Timeline``: a table with one row per period and
theme (``period, theme, value, articles, matching, count, chars, terms, first_article, first_date``),
a matplotlib figure (``.figure()``: one chart for up to four themes, small multiples above, every
theme's terms in its legend entry or panel title, its first use ringed) and exports (``to_csv``,
``to_png``, ``to_svg``). ``Timeline.by_term()`` splits each theme into its terms.
``timeline_detail(corpus, theme, period)`` lists the articles and the keyword-in-context lines behind
one value; ``point_at(fig, x, y)`` and ``picked(event)`` say which theme and period a click on the
figure points at (the widget wires them to an interactive canvas).

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
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import Corpus, date_precision
from .text import han_count
from .themes import join_terms, resolve_themes, term_pattern

BINS = ("day", "week", "month", "year")
MEASURES = ("count", "per10k", "share")
UNDATED = "undated"
COLUMNS = ["period", "theme", "value", "articles", "matching", "count", "chars", "terms", "first_article",
           "first_date"]
LAYOUTS = ("one", "panels")
#: how far from a point (in pixels) a click still picks it
PICK_RADIUS = 10.0

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
    in the period, ``matching`` how many of them mention the theme, ``chars`` their Han characters,
    ``terms`` the wordings the theme counts, ``first_article`` and ``first_date`` the first dated
    article of the corpus that uses the theme (empty when none does). ``undated`` is the number of
    articles that could not be placed on the axis.

    A timeline split by term (``by_term()``) has one row per term instead of per theme, named by the
    term (``term（theme）`` where two themes share a term), and a column ``part_of`` naming its theme.
    """

    table: object  # pandas.DataFrame
    themes: dict[str, list[str]]
    by: str = "month"
    measure: str = "count"
    undated: int = 0
    excluded_reprints: bool = False
    corpus: Corpus | None = field(default=None, repr=False)
    #: for a timeline split by term: ``{row name: (theme, the theme's terms, term)}``
    parts: dict[str, tuple[str, list[str], str]] = field(default_factory=dict, repr=False)

    @property
    def note(self) -> str:
        """One sentence about the undated articles ('' when every article is on the axis)."""
        if not self.undated:
            return ""
        return (f"{self.undated} 篇文章没有日期或日期不够精确（无法{_BIN_ZH[self.by]}归类），"
                f"计入表格中的 undated 行，未画在时间轴上。")

    @property
    def firsts(self):
        """The first use of each theme: a DataFrame with one row per theme (``theme, terms,
        first_article, first_title, first_date, first_period``); empty cells where no dated article
        uses it. ``first_period`` is the period of that date under this timeline's bin."""
        import pandas as pd

        t = self.table.drop_duplicates("theme").set_index("theme")
        rows = []
        for name in self.themes:
            art, date = t.loc[name, "first_article"], t.loc[name, "first_date"]
            known = not pd.isna(art)
            title = self.corpus[int(art)].title if known and self.corpus is not None else None
            rows.append({"theme": name, "terms": t.loc[name, "terms"], "first_article": int(art) if known else None,
                         "first_title": title, "first_date": date if known else None,
                         "first_period": period_of(date, self.by) if known else None})
        return pd.DataFrame(rows, columns=["theme", "terms", "first_article", "first_title", "first_date",
                                           "first_period"], dtype=object)  # None stays None, ids stay ints

    def wide(self):
        """The values as a DataFrame: one row per period, one column per theme, plus ``articles``."""
        t = self.table
        w = t.pivot(index="period", columns="theme", values="value").reindex(index=t["period"].unique(),
                                                                            columns=list(self.themes))
        w["articles"] = t.drop_duplicates("period").set_index("period")["articles"]
        w.columns.name = None
        return w

    def by_term(self) -> Timeline:
        """The same timeline with each theme split into its terms: one row (and one line) per term.

        Each occurrence of a theme counts for the term that matched it (the longest where terms nest),
        so a theme's terms add up to the theme. Splitting a timeline that is already split returns it."""
        if self.parts:
            return self
        if self.corpus is None:
            raise ValueError("this timeline does not keep its corpus")
        return _build(self.corpus, self.themes, self.by, self.measure, split=True,
                      excluded_reprints=self.excluded_reprints)

    def to_csv(self, path: str | Path, bom: bool = True) -> Path:
        """Write the table as UTF-8 CSV and return the path. With ``bom`` (the default) the file
        starts with a byte-order mark, so that Excel reads the Chinese correctly."""
        self.table.to_csv(path, index=False, encoding="utf-8-sig" if bom else "utf-8")
        return Path(path)

    def figure(self, title: str | None = None, font: str | None = None, *, layout: str | None = None,
               figure=None):
        """A matplotlib Figure: the themes on the date axis, the number of articles in each period
        below, each theme's terms in the legend or panel title and its first use marked. Labels in the
        bundled Chinese font, sized for a projector.

        Args:
            title: the heading (default: the measure and the bin).
            font: a font file instead of the bundled one.
            layout: ``"one"`` (every theme on one chart), ``"panels"`` (one small panel per theme on a
                shared time axis) or ``None``: one chart for up to four themes, panels above that.
            figure: draw into this Figure (cleared and resized) instead of a new one, e.g. the
                figure of an interactive canvas.
        """
        return _draw(self, title, font, layout_of(len(self.themes), layout), figure)

    def to_png(self, path: str | Path, dpi: int = 150, **kw) -> Path:
        """Save the figure as PNG and return the path (``kw`` as for ``figure``)."""
        return _save(self.figure(**kw), path, dpi)

    def to_svg(self, path: str | Path, **kw) -> Path:
        """Save the figure as SVG and return the path (``kw`` as for ``figure``)."""
        return _save(self.figure(**kw), path, None)

    def detail(self, theme: str, period: str):
        """The articles and KWIC lines behind one value (see ``timeline_detail``)."""
        if self.corpus is None:
            raise ValueError("this timeline does not keep its corpus")
        # the kept corpus already has its reprints left out when ``excluded_reprints``
        if theme in self.parts:
            parent, terms, term = self.parts[theme]
            return timeline_detail(self.corpus, {parent: terms}, period, by=self.by, term=term)
        return timeline_detail(self.corpus, {theme: self.themes[theme]} if theme in self.themes else theme,
                               period, by=self.by)

    def _repr_png_(self) -> bytes:
        import io

        buf = io.BytesIO()
        fig = self.figure()
        fig.savefig(buf, format="png", dpi=100)
        _close(fig)
        return buf.getvalue()


def _series(themes: dict[str, list[str]], split: bool) -> dict[str, tuple[str, str | None]]:
    """``{row name: (theme, term or None)}``: the themes themselves, or each theme's terms.

    A term is named by itself, or ``term（theme）`` where two themes count it; a theme of one term
    that is its own name keeps its name."""
    if not split:
        return {name: (name, None) for name in themes}
    seen: dict[str, int] = {}
    for terms in themes.values():
        for t in terms:
            seen[t] = seen.get(t, 0) + 1
    out: dict[str, tuple[str, str | None]] = {}
    for name, terms in themes.items():
        for t in terms:
            label = t if seen[t] == 1 or terms == [name] else f"{t}（{name}）"
            while label in out:
                label += "·"
            out[label] = (name, t)
    return out


def _article_rows(corpus: Corpus, themes: dict[str, list[str]], series: dict, by: str) -> list[dict]:
    """One dict per article: id, period, first and last day of its date, chars and, under ``_key(i)``, the
    occurrences of the i-th row of ``series`` (a theme, or one term of a theme: each match of the
    theme's pattern, in the search form, counts for the term it matched)."""
    from collections import Counter

    from .bars import bar

    patterns = {name: term_pattern(map(corpus.search_term, terms)) for name, terms in themes.items()}
    split = any(term is not None for _, term in series.values())
    # which term a match stands for: its search form's first term (社會主義 and 社会主义 are one)
    owner = {name: {corpus.search_term(t): t for t in reversed(terms)} for name, terms in themes.items()}
    rows = []
    for a in bar(corpus, desc="counting themes", unit="article", big=len(corpus) >= 500):
        start, end = _date_span(a.date)
        row = {"id": a.id, "period": period_of(a.date, by), "chars": han_count(a.search_text), "start": start,
               "end": end}
        if split:  # each match counts for the term it matched
            found = {name: Counter(m.group() for m in pat.finditer(a.search_text)) for name, pat in patterns.items()}
            for i, (name, term) in enumerate(series.values()):
                form = corpus.search_term(term)
                row[_key(i)] = found[name][form] if owner[name].get(form) == term else 0
        else:
            for i, (name, _) in enumerate(series.values()):
                row[_key(i)] = sum(1 for _ in patterns[name].finditer(a.search_text))
        rows.append(row)
    return rows


def _key(i: int) -> str:
    """The column of the i-th series in the per-article frame (never a theme's name, which could be
    "period" or "id")."""
    return f"\0{i}"


def _date_span(date: str | None) -> tuple:
    """The first and last day an article's date covers, or ``(None, None)`` (no date, or one that
    cannot be read)."""
    from .corpus import date_bounds

    try:
        return date_bounds(date) if date else (None, None)
    except ValueError:
        return None, None


def theme_timeline(
    corpus: Corpus,
    themes: Mapping[str, Iterable[str]] | Iterable[str] | str | None = None,
    *,
    by: str = "month",
    measure: str = "count",
    exclude_reprints: bool = False,
    by_term: bool = False,
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
        by_term: one row per term of each theme instead of one per theme (see ``Timeline.by_term``).
    """
    _check_bin(by)
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r} (choose one of {', '.join(MEASURES)})")
    themes = resolve_themes(themes)
    if exclude_reprints:
        from .repeats import without_reprints

        corpus = without_reprints(corpus)
    return _build(corpus, themes, by, measure, split=by_term, excluded_reprints=exclude_reprints)


def _build(corpus: Corpus, themes: dict[str, list[str]], by: str, measure: str, *, split: bool,
           excluded_reprints: bool) -> Timeline:
    """The ``Timeline`` of ``themes`` (resolved) over ``corpus`` (reprints already left out if asked)."""
    import pandas as pd

    series = _series(themes, split)
    names = list(series)
    keys = [_key(i) for i in range(len(names))]
    rows = _article_rows(corpus, themes, series, by)
    frame = pd.DataFrame(rows, columns=["id", "period", "chars", "start", "end", *keys])
    grouped = frame.groupby("period", sort=False)
    per = pd.DataFrame({"articles": grouped.size(), "chars": grouped["chars"].sum()})
    counts = grouped[keys].sum()
    matching = frame[keys].gt(0).groupby(frame["period"]).sum()
    dated = sorted(p for p in per.index if p != UNDATED)
    periods = period_range(dated[0], dated[-1], by) if dated else []
    if UNDATED in per.index:
        periods.append(UNDATED)
    per = per.reindex(periods, fill_value=0)
    counts = counts.reindex(periods, fill_value=0)
    matching = matching.reindex(periods, fill_value=0)
    # the first use: the earliest start; of two that start alike, the surer date (2024-01-01 before 2024-01)
    order = frame[frame["start"].notna()].sort_values(["start", "end", "id"], kind="stable")
    dates = {a.id: a.date for a in corpus}
    parts = []
    for name, key in zip(names, keys, strict=True):
        users = order.loc[order[key] > 0, "id"]
        first = int(users.iloc[0]) if len(users) else None
        theme, term = series[name]
        part = pd.DataFrame({
            "period": periods,
            "theme": name,
            "articles": per["articles"].to_numpy(),
            "matching": matching[key].to_numpy(),
            "count": counts[key].to_numpy(),
            "chars": per["chars"].to_numpy(),
            "terms": join_terms([term] if term is not None else themes[theme]),
            "first_article": pd.array([first] * len(periods), dtype="Int64"),
            "first_date": dates[first] if first is not None else None,
        })
        if split:
            part["part_of"] = theme
        part["value"] = _measure(part, measure)
        parts.append(part)
    columns = COLUMNS + (["part_of"] if split else [])
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    rank = {p: i for i, p in enumerate(periods)}
    table = table.sort_values(["period", "theme"], key=lambda s: s.map(rank) if s.name == "period"
                              else s.map({n: i for i, n in enumerate(names)}), kind="stable")
    table = table[columns].reset_index(drop=True)
    for c in ("articles", "matching", "count", "chars"):
        table[c] = table[c].astype("int64")
    undated = int(per.loc[UNDATED, "articles"]) if UNDATED in per.index else 0
    split_themes = {name: [term] if term is not None else themes[theme] for name, (theme, term) in series.items()}
    kept = {name: (theme, themes[theme], term) for name, (theme, term) in series.items() if term is not None}
    return Timeline(table, split_themes, by, measure, undated, excluded_reprints, corpus, kept)


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
    source, count, chars, mentions) and ``kwic`` (one row per occurrence, from ``counts.kwic``).
    ``term`` is set when only one term of the theme is counted (a timeline split by term)."""

    theme: str
    terms: list[str]
    period: str
    articles: object  # pandas.DataFrame
    kwic: object  # pandas.DataFrame
    term: str | None = None

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
    term: str | None = None,
) -> TimelineDetail:
    """The articles and KWIC lines that make up a theme's value in one period.

    ``theme``: a bundled theme name, ``"NAME=a,b"``, ``{name: [terms]}`` with one entry, or a list of
    terms. ``period``: a label as in the timeline table (``2024``, ``2024-02``, ``2024-W06``,
    ``2024-02-05`` or ``undated``). Articles are listed with the most occurrences first.

    Args:
        by: the bin; read from the label unless given (``undated`` needs it, default month).
        exclude_reprints: first leave out reprinted passages, as the timeline did.
        width: characters of context each side in the KWIC lines.
        term: count only the occurrences of the theme that are this one of its terms (as a timeline
            split by term does).
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
    if term is not None and term not in terms:
        raise ValueError(f"{term!r} is not a term of the theme {name!r} ({join_terms(terms)})")
    by = by or _bin_of(period)
    _check_bin(by)
    if exclude_reprints:
        from .repeats import without_reprints

        corpus = without_reprints(corpus)
    pat = term_pattern(map(corpus.search_term, terms))
    wanted = corpus.search_term(term) if term is not None else None
    starts: set[tuple[int, int]] = set()  # (article, offset in the text) of the term's occurrences
    rows = []
    for a in corpus:
        if period_of(a.date, by) != period:
            continue
        hits = [m for m in pat.finditer(a.search_text) if wanted is None or m.group() == wanted]
        n = len(hits)
        if wanted is not None:
            starts |= {(a.id, a.search.span(*m.span())[0]) for m in hits}
        rows.append({"article": a.id, "title": a.title, "date": a.date, "source": a.source,
                     "count": n, "chars": han_count(a.search_text), "mentions": n > 0})
    cols = ["article", "title", "date", "source", "count", "chars", "mentions"]
    arts = pd.DataFrame(rows, columns=cols).sort_values(["count", "article"], ascending=[False, True],
                                                        kind="stable").reset_index(drop=True)
    arts["mentions"] = arts["mentions"].astype(bool)  # stays a mask when the period has no article
    ids = [int(i) for i in arts.loc[arts["mentions"], "article"]]
    lines = kwic(corpus.select(ids=ids) if ids else Corpus([]), pat.pattern, width=width, regex=True)
    if term is not None:
        keep = [(int(i), int(o)) in starts for i, o in zip(lines["article"], lines["offset"], strict=True)]
        lines = lines[keep].reset_index(drop=True)
    return TimelineDetail(name, terms, period, arts, lines, term)


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


def layout_of(n_themes: int, layout: str | None = None) -> str:
    """The layout of a figure of ``n_themes`` themes: ``layout`` when given (``"one"`` or
    ``"panels"``), else one chart for up to four themes and small multiples (``"panels"``) above.

    >>> layout_of(4), layout_of(5), layout_of(9, "one")
    ('one', 'panels', 'one')
    """
    if layout in (None, "", "auto"):
        return "one" if n_themes <= 4 else "panels"
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r} (choose one of {', '.join(LAYOUTS)})")
    return layout


def theme_caption(tl: Timeline, name: str, width: int = 18) -> str:
    """The lines that name a theme in a legend or a panel title: its name, its terms when they are
    more than the name itself (wrapped at ``width`` characters), and where it is first used."""
    terms = tl.themes[name]
    lines = [name]
    if terms != [name]:
        lines += _wrap_terms(terms, width)
    first = tl.table.loc[tl.table["theme"] == name, "first_date"].iloc[0] if len(tl.table) else None
    lines.append(f"首次 first use {first}" if isinstance(first, str) else "未出现 not found")
    return "\n".join(lines)


def _wrap_terms(terms: list[str], width: int) -> list[str]:
    """``词：term、term…`` in lines of at most ``width`` characters, broken between terms (a term longer
    than a line is cut into pieces of ``width``)."""
    sep = "；" if any("、" in t for t in terms) else "、"
    lines, line = [], "词："
    for i, t in enumerate(terms):
        piece = t + (sep if i < len(terms) - 1 else "")
        if len(line) + len(piece) > width and line.strip("词："):
            lines.append(line)
            line = ""
        while len(line) + len(piece) > width:
            cut = width - len(line)
            lines.append(line + piece[:cut])
            line, piece = "", piece[cut:]
        line += piece
    lines.append(line)
    return lines


def _draw(tl: Timeline, title: str | None, font: str | None, layout: str, fig=None):
    import numpy as np
    from matplotlib.figure import Figure

    from .fonts import missing_chars, use_in_matplotlib

    family = use_in_matplotlib(font)
    lacking = missing_chars("".join(tl.themes) + "".join(t for ts in tl.themes.values() for t in ts), font)
    if lacking:
        warnings.warn(f"the font has no glyph for {''.join(lacking)} (in a theme name or term): the chart "
                      f"shows boxes there; pass font= a font that has them", stacklevel=3)
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
    plot = _Plot(tl, periods, values, n, parts, family)

    size = (12, 6.75) if layout == "one" else _panels_size(len(tl.themes))
    if fig is None:
        fig = Figure(figsize=size, layout="constrained")
    else:
        fig.clear()
        if tuple(fig.get_size_inches()) != tuple(size):  # a resize blanks an interactive canvas until redrawn
            fig.set_size_inches(*size, forward=True)
        fig.set_layout_engine("constrained")
    if layout == "one":
        _one_chart(fig, plot)
    else:
        _panels(fig, plot)
    what = f"{_MEASURE_ZH[tl.measure]}（{_BIN_ZH[tl.by]}）"
    fig.suptitle(title or (f"主题时间线：{what}" + ("，每个主题一格 one panel per theme" if layout == "panels" else "")),
                 fontsize=18, family=family)
    notes = [tl.note] if tl.note else []
    if len(parts) > 1:
        cut = "；".join(f"{periods[a_hi]} 至 {periods[b_lo - 1]}" for (_, a_hi), (b_lo, _) in zip(parts, parts[1:], strict=False))
        notes.append(f"时间轴在 {cut} 处断开（虚线）：这段时间没有文章。")
    if notes:
        fig.text(0.01, 0.005, "\n".join(notes), fontsize=12, family=family, ha="left", va="bottom", color="#444444")
        room = (0.27 * len(notes) + 0.07) / fig.get_figheight()
        fig.get_layout_engine().set(rect=(0, room, 1, 1 - room))
    return fig


@dataclass
class _Plot:
    """What every layout draws: the dated periods, each theme's values, the article counts, the
    stretches of the axis (``segments``) and the font family."""

    tl: Timeline
    periods: list[str]
    values: dict
    n: object  # numpy array of article counts per period
    parts: list[tuple[int, int]]
    family: str

    @property
    def many(self) -> bool:
        return len(self.periods) > 60

    def first_index(self, name: str) -> int | None:
        """Index in ``periods`` of the period of the theme's first use, or None (unused, or undated
        under this bin)."""
        date = self.tl.table.loc[self.tl.table["theme"] == name, "first_date"].iloc[0]
        if not isinstance(date, str):
            return None
        p = period_of(date, self.tl.by)
        return self.periods.index(p) if p in self.periods else None


def _stretch_axes(container, parts) -> list:
    """One Axes per stretch of the time axis in ``container`` (a Figure or SubFigure), each as wide
    as its number of periods, with dashed spines where the axis breaks. Not shared: the callers give
    every panel the same limits (sharing many axes makes matplotlib's layout slow)."""
    gs = container.add_gridspec(1, len(parts), width_ratios=[max(hi - lo, 1) + 1 for lo, hi in parts], wspace=0.02)
    axes = [container.add_subplot(gs[0, k]) for k in range(len(parts))]
    for a in axes[1:]:
        a.tick_params(labelleft=False, left=False)
        a.spines["left"].set_linestyle((0, (2, 3)))
    for a in axes[:-1]:
        a.spines["right"].set_linestyle((0, (2, 3)))
    return axes


def _xs(plot: _Plot, lo: int, hi: int) -> list[dt.datetime]:
    return [dt.datetime.combine(period_start(p, plot.tl.by), dt.time()) for p in plot.periods[lo:hi]]


def _theme_line(ax, plot: _Plot, name: str, i: int, lo: int, hi: int, color=None):
    """Draw one theme on one stretch; the line knows its theme and periods (``point_at`` reads them)."""
    (line,) = ax.plot(_xs(plot, lo, hi), plot.values[name][lo:hi], marker=_MARKERS[i % len(_MARKERS)],
                      markersize=5 if plot.many else 7, linewidth=2.5,
                      linestyle="-" if i % 2 == 0 else (0, (5, 2)), label=name, color=color)
    line.set_picker(True)
    line.set_pickradius(PICK_RADIUS)
    line.sk_theme, line.sk_periods = name, plot.periods[lo:hi]
    return line


def _first_mark(ax, plot: _Plot, name: str, lo: int, hi: int, color, label: bool) -> None:
    """A ring around the point of the theme's first use when it falls in this stretch."""
    k = plot.first_index(name)
    if k is None or not lo <= k < hi:
        return
    x, v = _xs(plot, k, k + 1)[0], plot.values[name][k]
    (ring,) = ax.plot([x], [v], marker="o", markersize=17, markerfacecolor="none", markeredgecolor=color,
                      markeredgewidth=2.2, linestyle="none", zorder=5)
    ring.sk_theme, ring.sk_periods, ring.sk_ring = name, [plot.periods[k]], True
    if label:
        ax.annotate("首次", (x, v), xytext=(0, 12), textcoords="offset points", ha="center", va="bottom",
                    fontsize=12, color=color, family=plot.family)


def _bars(ax_n, plot: _Plot, lo: int, hi: int) -> None:
    """The number of articles of each period on one stretch; each bar knows its period."""
    xs, n = _xs(plot, lo, hi), plot.n[lo:hi]
    width = {"day": 0.8, "week": 5.6, "month": 24, "year": 290}[plot.tl.by]
    bars = ax_n.bar(xs, n, width=width, color="#9aa5b1", align="center")
    for bar, p in zip(bars, plot.periods[lo:hi], strict=True):
        bar.set_picker(True)
        bar.sk_period = p
    ax_n.tick_params(labelsize=13)
    if hi - lo <= 24:
        for x, v in zip(xs, n, strict=True):
            if v:
                ax_n.annotate(f"{int(v)}", (x, v), xytext=(0, 3), textcoords="offset points", ha="center",
                              va="bottom", fontsize=12)


def _value_axis(ax, measure: str) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.set_ylim(bottom=0, top=(1.05 if measure == "share" else None))
    if measure == "share":
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
    elif measure == "count":
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def _count_axis(ax_n, plot: _Plot) -> None:
    from matplotlib.ticker import MaxNLocator

    ax_n.set_ylim(0, max(1, plot.n.max() if len(plot.n) else 1) * 1.3)
    ax_n.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))


def _one_chart(fig, plot: _Plot) -> None:
    """Every theme on one chart, the article counts below, the legend (names, terms, first use) right."""
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D

    tl, family = plot.tl, plot.family
    gs = fig.add_gridspec(2, len(plot.parts), height_ratios=[3, 1],
                          width_ratios=[max(hi - lo, 1) + 1 for lo, hi in plot.parts], wspace=0.02)
    tops, bottoms = [], []
    for k, (lo, hi) in enumerate(plot.parts):
        ax = fig.add_subplot(gs[0, k], sharey=tops[0] if tops else None)
        ax_n = fig.add_subplot(gs[1, k], sharex=ax, sharey=bottoms[0] if bottoms else None)
        tops.append(ax)
        bottoms.append(ax_n)
        lines = [_theme_line(ax, plot, name, i, lo, hi) for i, name in enumerate(tl.themes)]
        for line, name in zip(lines, tl.themes, strict=True):
            _first_mark(ax, plot, name, lo, hi, line.get_color(), label=len(tl.themes) == 1)
        ax.grid(True, alpha=0.3)
        ax.tick_params(labelsize=13, labelbottom=False)
        _bars(ax_n, plot, lo, hi)
        _date_axis(ax_n, _xs(plot, lo, hi), tl.by, mdates)
    ax, ax_n = tops[0], bottoms[0]
    ax.set_ylabel(_MEASURE_ZH[tl.measure], fontsize=15, family=family)
    _value_axis(ax, tl.measure)
    ax_n.set_ylabel("文章数", fontsize=15, family=family)
    _count_axis(ax_n, plot)
    for a in tops[1:] + bottoms[1:]:
        a.tick_params(labelleft=False, left=False)
        a.spines["left"].set_linestyle((0, (2, 3)))
    for a in tops[:-1] + bottoms[:-1]:
        a.spines["right"].set_linestyle((0, (2, 3)))
    if len(tl.themes) > 0 and plot.periods:
        handles = [Line2D([], [], color=line.get_color(), marker=line.get_marker(), linestyle=line.get_linestyle(),
                          linewidth=2.5) for line in tops[0].get_lines()[:len(tl.themes)]]
        labels = [theme_caption(tl, name) for name in tl.themes]
        handles.append(Line2D([], [], marker="o", markersize=13, markerfacecolor="none", markeredgecolor="#333333",
                              markeredgewidth=2, linestyle="none"))
        labels.append("首次出现\nfirst use")
        tops[-1].legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
                        prop={"family": family, "size": 12}, labelspacing=0.9)
    if not plot.periods:
        _nothing(ax, ax_n)


def _panels_size(n_themes: int) -> tuple[float, float]:
    cols, rows = _grid(n_themes + 1)
    return 12.0, 1.0 + 2.7 * rows


def _grid(cells: int) -> tuple[int, int]:
    """(columns, rows) of a grid of small multiples with ``cells`` panels."""
    cols = 2 if cells <= 4 else 3 if cells <= 9 else 4
    return cols, -(-cells // cols)


def _panels(fig, plot: _Plot) -> None:
    """Small multiples: one panel per theme on a shared time axis and value scale, titled with the
    theme's name, terms and first use, and a last panel with the article counts."""
    import matplotlib as mpl
    import matplotlib.dates as mdates
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    tl, family = plot.tl, plot.family
    names = list(tl.themes)
    cols, rows = _grid(len(names) + 1)
    subs = fig.subfigures(rows, cols, squeeze=False, wspace=0.04, hspace=0.04)
    width = int(12 / cols / (12 / 72) * 0.85)  # characters of 12 pt that fit a panel's width
    colors = [c["color"] for c in mpl.rcParams["axes.prop_cycle"]]

    def has_cell_below(i: int) -> bool:
        return i + cols < len(names) + 1

    captions = [theme_caption(tl, name, width) for name in names]
    for r in range(rows):  # titles of one row get as many lines, so its panels line up
        row = range(r * cols, min((r + 1) * cols, len(names)))
        tall = max((captions[i].count("\n") for i in row), default=0)
        for i in row:
            captions[i] += "\n" * (tall - captions[i].count("\n"))
    top = max((np.nanmax(v) for v in plot.values.values() if np.isfinite(v).any()), default=0)
    ylim = (0, 1.05) if tl.measure == "share" else (0, max(top, 1) * 1.35)  # room for 首次 above the top
    theme_axes = []
    for i, name in enumerate(names):
        sub = subs[i // cols][i % cols]
        axes = _stretch_axes(sub, plot.parts)
        theme_axes += axes
        color = colors[i % len(colors)]
        for k, (lo, hi) in enumerate(plot.parts):
            _theme_line(axes[k], plot, name, 0, lo, hi, color=color)
            _first_mark(axes[k], plot, name, lo, hi, color, label=True)
            axes[k].grid(True, alpha=0.3)
            axes[k].tick_params(labelsize=11, labelbottom=not has_cell_below(i))
            _date_axis(axes[k], _xs(plot, lo, hi), tl.by, mdates, max_ticks=max(2, 12 // cols), slant=True)
        sub.suptitle(captions[i], fontsize=12, family=family, x=0.02, ha="left")
    for ax in theme_axes:  # one value scale for every panel
        _value_axis(ax, tl.measure)
        ax.set_ylim(*ylim)
        if tl.measure != "share":
            ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=tl.measure == "count"))
    k = len(names)
    sub = subs[k // cols][k % cols]
    bars = _stretch_axes(sub, plot.parts)
    for j, (lo, hi) in enumerate(plot.parts):
        _bars(bars[j], plot, lo, hi)
        bars[j].tick_params(labelsize=11)
        _date_axis(bars[j], _xs(plot, lo, hi), tl.by, mdates, max_ticks=max(2, 12 // cols), slant=True)
        _count_axis(bars[j], plot)
    sub.suptitle(f"文章数 articles\n（每格的纵轴相同：{_MEASURE_ZH[tl.measure]}）", fontsize=12, family=family,
                 x=0.02, ha="left")
    for j in range(k + 1, rows * cols):
        subs[j // cols][j % cols].set_visible(False)
    if not plot.periods:
        _nothing(theme_axes[0], bars[0])


def _nothing(ax, ax_n) -> None:
    ax.text(0.5, 0.5, "没有带日期的文章", transform=ax.transAxes, ha="center", va="center", fontsize=16)
    for a in (ax, ax_n):
        a.set_xticks([])
        a.set_yticks([])


def _date_axis(ax, xs: list[dt.datetime], by: str, mdates, max_ticks: int = 12, slant: bool = False) -> None:
    """Ticks at period starts labelled like the table (2024-W06, 2024-02 …), every k-th when many;
    at most ``max_ticks``; slanted for days and weeks, or always with ``slant`` (narrow panels)."""
    from matplotlib.ticker import FixedLocator, FuncFormatter

    if not xs:
        return
    steps = {"day": (1, 2, 7, 14, 28), "week": (1, 2, 4, 8, 13, 26, 52), "month": (1, 2, 3, 6, 12, 24),
             "year": (1, 2, 5, 10, 20, 50, 100)}[by]
    step = next((k for k in steps if len(xs) / k <= max_ticks),
                steps[-1] * (len(xs) // (steps[-1] * max_ticks) + 1))
    ax.xaxis.set_major_locator(FixedLocator(mdates.date2num(xs[::step])))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: period_of(mdates.num2date(v).date().isoformat(), by)))
    pad = dt.timedelta(days={"day": 1, "week": 6, "month": 25, "year": 300}[by])
    ax.set_xlim(xs[0] - pad, xs[-1] + pad)
    if by in ("day", "week") or slant:
        ax.tick_params(axis="x", labelrotation=30)
        for lab in ax.get_xticklabels():
            lab.set_horizontalalignment("right")


# ---------------------------------------------------------------- clicks on the figure


def point_at(fig, x: float, y: float, radius: float = PICK_RADIUS) -> tuple[str | None, str] | None:
    """What a click at display position ``(x, y)`` (pixels from the bottom left) on a timeline figure
    points at: ``(theme, period)`` for the nearest point of a theme's line within ``radius`` pixels,
    ``(None, period)`` for a bar of the article counts, ``None`` for anything else."""
    import numpy as np

    best = None
    for ax in fig.axes:
        if not ax.bbox.contains(x, y):
            continue
        for line in ax.get_lines():
            theme = getattr(line, "sk_theme", None)
            if theme is None:
                continue
            xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
            d = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
            d[np.isnan(d)] = np.inf
            i = int(np.argmin(d)) if len(d) else -1
            if i >= 0 and d[i] <= radius and (best is None or d[i] < best[0]):
                best = (d[i], theme, line.sk_periods[i])
        if best is None:
            for bar in ax.patches:
                period = getattr(bar, "sk_period", None)
                if period is not None and bar.contains_point((x, y)):
                    return None, period
    return (best[1], best[2]) if best else None


def point_position(fig, theme: str, period: str) -> tuple[float, float] | None:
    """Where the point of ``theme`` in ``period`` is drawn on a timeline figure: its display position
    (pixels from the bottom left, as ``point_at`` takes them), or ``None`` when it is not drawn (no
    such theme, a period without articles, undated). Lays the figure out first."""
    import numpy as np

    fig.draw_without_rendering()
    for ax in fig.axes:
        for line in ax.get_lines():
            if getattr(line, "sk_theme", None) == theme and not getattr(line, "sk_ring", False) \
                    and period in line.sk_periods:
                i = line.sk_periods.index(period)
                xy = np.asarray(line.get_xydata(), dtype=float)[i]
                if np.isnan(xy).any():
                    return None
                x, y = line.get_transform().transform(xy)
                return float(x), float(y)
    return None


def picked(event) -> tuple[str | None, str] | None:
    """``(theme, period)`` behind a matplotlib pick event on a timeline figure (see ``point_at``):
    the nearest point to the mouse, so a click where two lines meet picks the closer one."""
    mouse = event.mouseevent
    hit = point_at(event.canvas.figure, mouse.x, mouse.y)
    if hit is not None:
        return hit
    artist = event.artist
    if getattr(artist, "sk_period", None) is not None:
        return None, artist.sk_period
    ind = getattr(event, "ind", None)
    if getattr(artist, "sk_theme", None) is not None and ind is not None and len(ind):
        return artist.sk_theme, artist.sk_periods[int(ind[0])]
    return None


def _save(fig, path: str | Path, dpi: int | None) -> Path:
    path = Path(path)
    fig.savefig(path, dpi=dpi or "figure", format=path.suffix.lstrip(".").lower() or None)
    _close(fig)
    return path


def _close(fig) -> None:
    fig.clear()
