"""Hostile corpus text stays plain text in every HTML output: the reader, KWIC, comparisons, sheets,
widgets, cloud and timeline SVGs.

The corpus is loaded from files (as a user would) and carries HTML, ``<script>``, event handlers,
``javascript:`` links, template syntax, right-to-left overrides and a 100,000-character line. Each
output is parsed with ``html.parser`` and compared with the same output for a harmless corpus of the
same shape: no element or attribute may appear that the harmless corpus does not produce, and the
hostile strings must come back as text. Bidi controls are removed when a file is read
(``text.clean``), so an override in the corpus cannot reorder labels, lists or pages.
"""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest

from studykit.sources import load_corpus

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">点我</a>',
    "{{ 7*7 }}",
    "${alert(1)}",
    '"><svg onload=alert(1)>',
    "<b>加粗</b>",
]
RTL = "\u202e"
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
SHARED = "坚持以人民为中心的发展思想，推动高质量发展不断取得新的更大成效，奋力谱写中国式现代化新篇章。"


def _files(root: Path, hostile: bool) -> Path:
    """Three plain articles with titles, sources and bodies laced with ``ATTACKS`` (or harmless stand-ins)."""
    root.mkdir()
    bad = [a if hostile else f"无害文字{i}" for i, a in enumerate(ATTACKS)]
    rtl = RTL if hostile else ""
    long_line = ("各族人民团结奋斗建设美丽家园" * 8000)[:100_000] + bad[0]  # no punctuation
    for n in range(3):
        lines = [f"高质量发展{n}{bad[n]}{rtl}标题", f"来源：新华社{bad[(n + 1) % len(bad)]}"]
        lines += [f"各地要推动高质量发展，{b}，切实加强组织领导。{rtl}右到左" for b in bad]
        lines.append(SHARED)
        if n == 2:
            lines.append(long_line)
        (root / f"2024-0{n + 1}-1{n}_文章{n}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def _load(root: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(root)


class _Markup(HTMLParser):
    """Every element and attribute of an HTML string, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: set[str] = set()
        self.attributes: set[tuple[str, str]] = set()
        self.values: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.add(tag)
        for k, v in attrs:
            self.attributes.add((tag, k))
            self.values.append(v or "")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def markup(html: str) -> _Markup:
    p = _Markup()
    p.feed(html)
    p.close()
    return p


def assert_inert(hostile: str, harmless: str) -> None:
    """``hostile`` has no element or attribute that ``harmless`` lacks, no live handler or link."""
    h, b = markup(hostile), markup(harmless)
    assert h.elements - b.elements <= {"br"}, h.elements - b.elements  # comparisons break lines where texts differ
    assert h.attributes <= b.attributes, h.attributes - b.attributes
    assert not any(a.startswith("on") for _, a in h.attributes)
    assert not any(v.strip().lower().startswith("javascript:") for v in h.values)
    assert "script" not in h.elements and not re.search(r"<script|<img|<svg onload", hostile, re.I)
    assert not BIDI.search(hostile)


def assert_shows_attacks(html: str, attacks=ATTACKS) -> None:
    """The attack strings come back as plain text."""
    text = "".join(markup(html).text)
    assert any(a in text for a in attacks), text[:300]


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    return _load(_files(root / "bad", True)), _load(_files(root / "good", False))


def test_the_hostile_text_is_loaded_as_text_without_bidi_controls(corpora):
    bad, _ = corpora
    assert len(bad) == 3
    everything = "\n".join(str(v) for a in bad for v in a.to_dict().values())
    for attack in ATTACKS:
        assert attack in everything
    assert not BIDI.search(everything)
    assert any(len(a.text) > 100_000 for a in bad)


def test_reader_and_kwic(corpora):
    from studykit import render
    from studykit.counts import kwic

    for a, b in zip(*corpora, strict=True):
        hostile, harmless = render.article_html(a, query="高质量"), render.article_html(b, query="高质量")
        assert_inert(hostile, harmless)
        assert_shows_attacks(hostile)
        for fn in (render.header_html, render.key_points_html):
            assert_inert(fn(a), fn(b))
    hostile, harmless = (render.kwic_html(kwic(c, "组织领导", width=30)) for c in corpora)
    assert_inert(hostile, harmless)
    assert_shows_attacks(hostile)
    tables = [render.table_html(c.to_frame()) for c in corpora]
    assert_inert(*tables)


def test_comparisons(corpora):
    from studykit.align import compare_html, pair_html, strip_html
    from studykit.repeats import find_repeats

    (a1, a2, _), (b1, b2, _) = list(corpora[0]), list(corpora[1])
    assert_inert(compare_html(a1.text, a2.text, title_a=a1.title, title_b=a2.title), compare_html(b1.text, b2.text, title_a=b1.title, title_b=b2.title))
    assert_shows_attacks(compare_html(a1.text, a2.text, title_a=a1.title, title_b=a2.title))
    results = [find_repeats(c, min_chars=20) for c in corpora]
    assert len(results[0].pairs) and len(results[1].pairs)
    hostile = pair_html(results[0].pairs.iloc[0], corpora[0])
    assert_inert(hostile, pair_html(results[1].pairs.iloc[0], corpora[1]))
    for a, b in zip(corpora[0], corpora[1], strict=True):
        assert_inert(strip_html(a, results[0].pairs), strip_html(b, results[1].pairs))


def test_sheets(corpora):
    from studykit.review import build_questions
    from studykit.sheets import export_article, review_sheet

    for i in corpora[0].ids:
        hostile, harmless = export_article(corpora[0], i), export_article(corpora[1], i)
        assert_inert(hostile, harmless)
        assert_shows_attacks(hostile)
    qs = [build_questions(c, terms=["高质量发展", "组织领导"]) for c in corpora]
    assert qs[0] and qs[1]
    assert_inert(review_sheet(qs[0]), review_sheet(qs[1]))
    assert_shows_attacks(review_sheet(qs[0]))


def test_cloud_and_timeline_svgs(corpora, tmp_path):
    from studykit.cloud import word_cloud
    from studykit.timeline import theme_timeline

    freqs = {w: 10 - i for i, w in enumerate(["高质量发展", "<script>", "<img src=x onerror=alert(1)>", "javascript:x"])}
    clouds = [word_cloud(corpora[0], width=300, height=200), word_cloud(frequencies=freqs, width=300, height=200)]
    for n, cloud in enumerate(clouds):
        svg = cloud.to_svg(tmp_path / f"c{n}.svg").read_text(encoding="utf-8")
        h = markup(svg)
        assert h.elements <= {"svg", "style", "text", "rect", "g"}, h.elements
        assert not any(a.startswith("on") for _, a in h.attributes)
        assert not re.search(r"<script|<img|href=.javascript", svg, re.I)
    assert "<script>" in "".join(markup(svg).text)
    name = "<script>alert(1)</script>"
    themes = [{name: ["高质量发展"], "<img src=x onerror=alert(1)>": ["组织领导"]}, {"主题甲": ["高质量发展"], "主题乙": ["组织领导"]}]
    out = []
    for n, (c, th) in enumerate(zip(corpora, themes, strict=True)):
        tl = theme_timeline(c, th)
        out.append(tl.to_svg(tmp_path / f"t{n}.svg").read_text(encoding="utf-8"))
    h = markup(out[0])
    assert "script" not in h.elements and "img" not in h.elements
    assert not any(a.startswith("on") for _, a in h.attributes)
    assert not re.search(r"<script|<img", out[0], re.I)


# ---------------------------------------------------------------- widgets


def _widget_html(root) -> tuple[list[str], list[str]]:
    """(HTML strings, plain-text labels) of a widget and all its descendants."""
    import ipywidgets as w

    html, text, seen, todo = [], [], set(), [root]
    while todo:
        x = todo.pop()
        if id(x) in seen or not isinstance(x, w.Widget):
            continue
        seen.add(id(x))
        if isinstance(x, (w.HTML, w.HTMLMath)):
            html.append(x.value)
        if getattr(x, "description_allow_html", False):
            html.append(x.description)
        for attr in ("description", "placeholder", "tooltip", "value"):
            v = getattr(x, attr, None)
            if isinstance(v, str) and not isinstance(x, (w.HTML, w.HTMLMath)):
                text.append(v)
        for label in getattr(x, "_options_labels", ()) or ():
            text.append(label)
        for t in getattr(x, "tooltips", ()) or ():
            text.append(t)
        if isinstance(x, w.Output):
            for o in x.outputs:
                data = o.get("data", {})
                if "text/html" in data:
                    html.append(data["text/html"])
        todo.extend(getattr(x, "children", ()) or ())
    return html, text


def _check_widget(hostile, harmless) -> None:
    h_html, h_text = _widget_html(hostile)
    b_html, _ = _widget_html(harmless)
    assert_inert("\n".join(h_html), "\n".join(b_html))
    assert not any(BIDI.search(t) for t in h_text)  # labels and options cannot be reordered


def test_widgets(corpora):
    pytest.importorskip("ipywidgets")
    from studykit.widgets import (
        ArticleBrowser,
        CloudExplorer,
        PassageComparer,
        ReviewWidget,
        TimelineExplorer,
    )

    browsers = []
    for c in corpora:
        b = ArticleBrowser(c, article=c.ids[0], query="高质量")
        b.kwic_term.value = "组织领导"
        browsers.append(b)
    _check_widget(*browsers)
    assert_shows_attacks("\n".join(_widget_html(browsers[0])[0]))
    for i in corpora[0].ids:
        for b in browsers:
            b.show(i)
        _check_widget(*browsers)
    _check_widget(*(PassageComparer(c, min_chars=20) for c in corpora))
    _check_widget(*(CloudExplorer(c, max_words=30) for c in corpora))
    _check_widget(*(TimelineExplorer(c, custom="高质量=高质量发展") for c in corpora))
    _check_widget(*(ReviewWidget(c, themes={"主题": ["高质量发展"]}) for c in corpora))
