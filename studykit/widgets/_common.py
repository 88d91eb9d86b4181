"""Small pieces shared by the widgets: CSS classes, option lists, a busy indicator."""

from __future__ import annotations

import time
from contextlib import contextmanager

import ipywidgets as w


def full(**extra) -> w.Layout:
    """A layout as wide as its container and never wider (no horizontal scrolling on a projector)."""
    return w.Layout(width="auto", max_width="100%", **extra)


#: Descriptions as wide as their text, not a fixed column (keeps filter rows compact).
COMPACT = {"description_width": "initial"}


def tagged(widget: w.Widget, css: str) -> w.Widget:
    """``widget`` with the stable CSS class ``css`` (tests and styles find controls by it)."""
    widget.add_class(css)
    return widget


def date_options(frame) -> list[tuple[str, str]]:
    """Dropdown options for a date control: "any", then every month of the dates found in
    ``corpus.to_frame()`` (value ``YYYY-MM``: from/to a month takes the whole month) followed by its dates."""
    dates = sorted(frame["date"].dropna().unique())
    options, months = [("不限 any", "")], set()
    for d in dates:
        month = d[:7]
        if len(d) >= 7 and month not in months:
            months.add(month)
            options.append((f"{month} 整月 whole month", month))
        if d != month:
            options.append((d, d))
    return options


def source_options(frame) -> list[tuple[str, str]]:
    """Dropdown options for a source control: "all" plus every source in ``corpus.to_frame()``."""
    sources = sorted(frame["source"].dropna().unique())
    return [("全部 all", "")] + [(s, s) for s in sources]


class Busy:
    """A progress line that is shown while a callback recomputes.

    ``with busy("正在计算词云…"):`` shows an animated bar with the message and hides it afterwards;
    ``last_seconds`` keeps how long the work took.
    """

    def __init__(self) -> None:
        self.bar = tagged(w.IntProgress(value=1, min=0, max=1, bar_style="info",
                                        layout=w.Layout(width="12em")), "sk-progress-bar")
        self.label = w.Label("")
        self.widget = tagged(w.HBox([self.bar, self.label]), "sk-progress")
        self.widget.layout.display = "none"
        self.last_seconds = 0.0

    @contextmanager
    def __call__(self, message: str = "正在计算… / working…"):
        self.label.value = message
        self.widget.layout.display = "flex"
        t = time.perf_counter()
        try:
            yield
        finally:
            self.last_seconds = time.perf_counter() - t
            self.widget.layout.display = "none"
