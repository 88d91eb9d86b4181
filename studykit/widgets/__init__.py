"""Interactive widgets for the lesson notebooks (ipywidgets 8); the only part of studykit that uses ipywidgets.

    ArticleBrowser     filtered article list, reader with highlights, KWIC panel
    PassageComparer    repeated passages ranked, two versions side by side with differences marked
    CloudExplorer      two word clouds side by side (corpus, article, dates, source, theme), save buttons
    TimelineExplorer   themes over time (bin, measure), a click on a point lists the articles and KWIC lines behind it
    DispersionExplorer where in each article a term occurs; a click on a mark opens that place in the reader
    ReviewWidget       review questions from the corpus one at a time, checked, scored, progress saved
"""

from __future__ import annotations

import importlib

_WIDGETS = {
    "ArticleBrowser": "studykit.widgets.browser",
    "PassageComparer": "studykit.widgets.compare",
    "CloudExplorer": "studykit.widgets.cloud",
    "TimelineExplorer": "studykit.widgets.timeline",
    "DispersionExplorer": "studykit.widgets.dispersion",
    "ReviewWidget": "studykit.widgets.review",
}

__all__ = sorted(_WIDGETS)


def __getattr__(name: str):
    if name in _WIDGETS:
        return getattr(importlib.import_module(_WIDGETS[name]), name)
    raise AttributeError(f"module 'studykit.widgets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_WIDGETS])
