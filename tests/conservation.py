"""Counting Han characters in and out of the repair layer, for the conservation tests."""

from __future__ import annotations

import re
from collections import Counter

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MARKER = re.compile(r"(?m)\[bookmark:[^\]\n]*(?:\]|$)")  # a marker unclosed at its line's end runs to it


def input_han(text: str) -> Counter:
    """Han characters of an input outside marker syntax and the 来源： label."""
    text = MARKER.sub("", text)
    text = re.sub(r"(?m)^\s*来源[：:]", "", text)
    return Counter(HAN.findall(text))


def marker_han(text: str) -> Counter:
    """Han characters inside marker syntax (a title taken from a bookmark may use them)."""
    return Counter(HAN.findall("".join(MARKER.findall(text))))


def output_han(articles) -> Counter:
    """Han characters in the fields of the articles (an inferred title is derived and does not count)."""
    out = Counter()
    for a in articles:
        fields = [a.text, a.subtitle or "", a.kicker or "", a.byline or "", a.source or "", *a.key_points, *a.notes,
                  *a.boilerplate]
        if not a.title_inferred:
            fields.append(a.title)
        for f in fields:
            out.update(HAN.findall(f))
    return out
