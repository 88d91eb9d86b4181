"""A study pack: one offline HTML file of a corpus that students open on a phone or a school computer.

``study_pack(corpus)`` returns a page with four parts: the article list with filters (source, dates,
text) and a reader with the key points; a search box with keywords in context (KWIC); the corpus's
review questions with answers and sources; and the word clouds and theme timeline as images. It is
plain HTML and CSS and one small hand-written script (``data/pack/pack.js``) working on the corpus
data embedded in the page as JSON (``<script type="application/json">``, with ``<``, ``>`` and ``&``
written as ``\\u003c`` … so nothing in the corpus can end the block). The script puts corpus text into
the page with ``textContent`` only, never as HTML. A Content-Security-Policy lets only that script
run and forbids every request, and a subset of the Chinese font with just the characters used is
embedded, so the page shows the same on any machine, online or not.

    html = study_pack(load_corpus("my_folder"))
    Path("pack.html").write_text(html, encoding="utf-8")
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import warnings

from . import fonts, paths
from .corpus import Corpus, date_bounds
from .markup import esc

#: at most this many clouds of single periods (the latest ones), besides the whole corpus
PERIOD_CLOUDS = 4
_BIN_NAMES = {"week": "按周 by week", "month": "按月 by month", "year": "按年 by year"}


def _bounds(date: str | None) -> tuple[str, str] | tuple[None, None]:
    if not date:
        return None, None
    lo, hi = date_bounds(date)
    return lo.isoformat(), hi.isoformat()


def date_choices(corpus: Corpus) -> list[dict]:
    """The choices of the pack's from/to lists: every month of the articles' dates (the whole month),
    then its days, each with ``label``, ``lo`` and ``hi`` (ISO dates of its first and last day)."""
    out, months = [], set()
    for d in sorted({a.date for a in corpus if a.date}):
        month = d[:7]
        if len(d) >= 7 and month not in months:
            months.add(month)
            lo, hi = _bounds(month)
            out.append({"label": f"{month} 整月 whole month", "lo": lo, "hi": hi})
        if d != month:
            lo, hi = _bounds(d)
            out.append({"label": d, "lo": lo, "hi": hi})
    return out


def _article(a) -> dict:
    lo, hi = _bounds(a.date)
    return {"id": a.id, "title": a.title, "inferred": a.title_inferred, "kicker": a.kicker, "subtitle": a.subtitle,
            "byline": a.byline, "source": a.source, "date": a.date, "lo": lo, "hi": hi, "chars": a.chars,
            "text": a.text, "kp": list(a.key_points), "kps": [list(s) if s else None for s in a.key_point_spans],
            "notes": list(a.notes)}


def _question(q) -> dict:
    from .review import normalise

    return {"id": q.id, "kind": q.kind, "prompt": q.prompt, "answer": q.answer, "sentence": q.sentence,
            "term": q.term, "article": q.article, "citation": q.citation, "choices": list(q.choices),
            "parts": list(q.parts), "key": normalise(q.answer), "part_keys": [normalise(p) for p in q.parts]}


def _png(image) -> str:
    """A PIL image as a PNG data URL, with its colours reduced to a palette (a third of the size)."""
    from PIL import Image

    buf = io.BytesIO()
    image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(buf, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _figure_png(fig) -> str:
    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    fig.clear()
    buf.seek(0)
    return _png(Image.open(buf))


def timeline_bin(corpus: Corpus) -> str:
    """The period for the pack's timeline: the finest of week, month and year that places at least
    two thirds of the dated articles and gives between 2 and 24 periods with articles (else month)."""
    from .timeline import UNDATED, period_of

    dated = [a.date for a in corpus if a.date]
    for by in ("week", "month", "year"):
        periods = [period_of(d, by) for d in dated]
        placed = [p for p in periods if p != UNDATED]
        if dated and len(placed) * 3 >= len(dated) * 2 and 2 <= len(set(placed)) <= 24:
            return by
    return "month"


def figures(corpus: Corpus, *, progress=None) -> list[dict]:
    """The pack's images, each a dict with ``title``, ``alt`` (the words it shows) and ``src`` (a PNG data
    URL): a word cloud of the whole corpus, one of each of the latest periods with at least three articles
    (at most ``PERIOD_CLOUDS``), and the timeline of the bundled themes. ``progress`` (a callable taking
    a message) is told before each image."""
    from .cloud import word_cloud
    from .timeline import UNDATED, period_of, theme_timeline

    tell = progress or (lambda _msg: None)
    out = []
    tell("word cloud")
    cloud = word_cloud(corpus, width=800, height=400, max_words=120)
    out.append({"title": f"词云：全部 {len(corpus)} 篇 / word cloud of all articles",
                "alt": "、".join(cloud.layout_words[:20]), "src": _png(cloud.to_image())})
    by = "year" if timeline_bin(corpus) == "year" else "month"
    counts: dict[str, list[int]] = {}
    for a in corpus:
        p = period_of(a.date, by)
        if p != UNDATED:
            counts.setdefault(p, []).append(a.id)
    periods = [p for p in sorted(counts) if len(counts[p]) >= 3][-PERIOD_CLOUDS:]
    if len(periods) > 1:
        for p in periods:
            tell(f"word cloud {p}")
            c = word_cloud(corpus.select(ids=counts[p]), width=800, height=400, max_words=100)
            out.append({"title": f"词云：{p}（{len(counts[p])} 篇）/ word cloud of {p}",
                        "alt": "、".join(c.layout_words[:20]), "src": _png(c.to_image())})
    tell("timeline")
    tl_by = timeline_bin(corpus)
    tl = theme_timeline(corpus, by=tl_by)
    out.append({"title": f"主题时间线（{_BIN_NAMES[tl_by]}）/ themes over time",
                "alt": "、".join(tl.themes) + (f"。{tl.note}" if tl.note else ""), "src": _figure_png(tl.figure())})
    return out


def pack_data(corpus: Corpus, *, with_figures: bool = True, progress=None) -> dict:
    """Everything the pack shows, as JSON-ready data: ``meta``, ``articles``, ``sources``, ``dates``
    (``date_choices``), ``questions`` (with normalised answers for checking) and ``figures``.

    Args:
        with_figures: draw the clouds and the timeline (``figures``); without, none.
        progress: a callable told what is being drawn.
    """
    from .review import build_questions

    questions = build_questions(corpus)
    return {
        "meta": {"name": corpus.name, "articles": len(corpus), "questions": len(questions),
                 "made": dt.date.today().isoformat()},
        "articles": [_article(a) for a in corpus],
        "sources": sorted({a.source for a in corpus if a.source}),
        "dates": date_choices(corpus),
        "questions": [_question(q) for q in questions],
        "figures": figures(corpus, progress=progress) if with_figures else [],
    }


def json_block(data: object, element_id: str) -> str:
    """``data`` as a ``<script type="application/json">`` element whose content no string can end:
    ``<``, ``>``, ``&`` and the line separators U+2028/2029 are written as JSON escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                     ("\u2029", "\\u2029")):
        text = text.replace(ch, code)
    return f'<script type="application/json" id="{esc(element_id)}">{text}</script>'


_SKELETON = """<header class="sk-top">
<h1 id="sk-name">{name}</h1>
<p class="sk-meta">{meta}</p>
<nav class="sk-tabs" aria-label="部分 parts">
<button type="button" data-tab="read" aria-pressed="true">阅读 Read</button>
<button type="button" data-tab="search" aria-pressed="false">搜索 Search</button>
<button type="button" data-tab="review" aria-pressed="false">复习 Review</button>
<button type="button" data-tab="figures" aria-pressed="false">图表 Figures</button>
</nav>
</header>
<noscript><p class="sk-warn">这个学习包需要浏览器允许 JavaScript 才能显示文章。/ This pack needs JavaScript to show the articles.</p></noscript>
<main>
<section id="sk-read" class="sk-panel" aria-label="阅读 Read">
<div class="sk-filters">
<label>来源 source <select id="sk-source"><option value="">全部 all</option></select></label>
<label>从 from <select id="sk-from"><option value="">不限 any</option></select></label>
<label>到 to <select id="sk-to"><option value="">不限 any</option></select></label>
<label class="sk-grow">筛选 filter <input id="sk-filter" type="search" placeholder="标题或正文中的词 / a word in title or text" autocomplete="off"></label>
</div>
<p id="sk-count" class="sk-meta" aria-live="polite"></p>
<div class="sk-layout">
<ol id="sk-list" class="sk-list" aria-label="文章 articles"></ol>
<article id="sk-reader" class="sk-reader" tabindex="-1">
<div class="sk-nav"><button type="button" id="sk-prev">◀ 上一篇 previous</button><button type="button" id="sk-next">下一篇 next ▶</button></div>
<div id="sk-kicker" class="sk-meta"></div>
<h2 id="sk-title"></h2>
<div id="sk-info" class="sk-meta"></div>
<div id="sk-kps" class="sk-kps"></div>
<div id="sk-body" class="sk-body"></div>
<div id="sk-notes" class="sk-notes"></div>
</article>
</div>
</section>
<section id="sk-search" class="sk-panel" aria-label="搜索 Search" hidden>
<form id="sk-search-form" class="sk-filters" role="search">
<label class="sk-grow">词 term <input id="sk-term" type="search" placeholder="例如：新质生产力 / e.g. 新质生产力" autocomplete="off"></label>
<label>左右字数 width <select id="sk-width"><option>10</option><option selected>15</option><option>20</option><option>30</option></select></label>
<button type="submit">搜索 search</button>
</form>
<p id="sk-hits" class="sk-meta" aria-live="polite"></p>
<div class="sk-kwic-wrap"><table id="sk-kwic" class="sk-kwic"><colgroup><col class="sk-col-where"><col><col id="sk-kwic-term-col"><col></colgroup><tbody></tbody></table></div>
</section>
<section id="sk-review" class="sk-panel" aria-label="复习 Review" hidden>
<div class="sk-filters">
<label>文章 article <select id="sk-q-article"><option value="">全部 all</option></select></label>
<label>题型 kind <select id="sk-q-kind"><option value="">全部 all</option><option value="cloze">填空 fill in the blank</option><option value="flashcard">提法卡片 flashcard</option></select></label>
<span id="sk-score" class="sk-meta" aria-live="polite"></span>
</div>
<div id="sk-card" class="sk-card">
<p id="sk-q-where" class="sk-meta"></p>
<p id="sk-q-prompt" class="sk-prompt"></p>
<div id="sk-q-choices" class="sk-choices"></div>
<div class="sk-answer-row"><input id="sk-q-input" type="text" placeholder="输入答案 / type the answer" autocomplete="off"><button type="button" id="sk-q-check">检查 check</button><button type="button" id="sk-q-reveal">答案 answer</button></div>
<p id="sk-q-result" class="sk-result" aria-live="polite"></p>
<div id="sk-q-source" class="sk-source" hidden></div>
<div class="sk-nav"><button type="button" id="sk-q-prev">◀ 上一题 previous</button><span id="sk-q-pos" class="sk-meta"></span><button type="button" id="sk-q-next">下一题 next ▶</button></div>
</div>
</section>
<section id="sk-figures" class="sk-panel" aria-label="图表 Figures" hidden></section>
</main>
<footer class="sk-foot">{footer}</footer>
"""


def study_pack(corpus: Corpus | None = None, *, with_figures: bool = True, title: str | None = None) -> str:
    """The study pack of ``corpus`` (default: the bundled compilation) as one HTML page (a string).

    Args:
        with_figures: include the word clouds and the timeline.
        title: the heading (default: the corpus name and "学习包 study pack").
    """
    from .bars import bar as progress_bar

    if corpus is None:
        from .sources import load_corpus

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            corpus = load_corpus()
    bar = progress_bar(total=None, desc="study pack", bar_format="{desc}: {postfix}")
    try:
        data = pack_data(corpus, with_figures=with_figures, progress=lambda m: bar.set_postfix_str(m))
    finally:
        bar.close()
    heading = title or f"{corpus.name} · 学习包 study pack"
    meta = data["meta"]
    info = (f"{meta['articles']} 篇文章 articles · {meta['questions']} 道复习题 questions · "
            f"制作于 made {meta['made']} · 离线可用，无需安装 / works offline, nothing to install")
    footer = "studykit · 文章原文未作改动 / the texts as the corpus has them"
    body = _SKELETON.format(name=esc(heading), meta=esc(info), footer=esc(footer))
    script = paths.data_file("pack", "pack.js").read_text(encoding="utf-8")
    style = paths.data_file("pack", "pack.css").read_text(encoding="utf-8")
    block = json_block(data, "sk-data")
    text_of_page = json.dumps(data, ensure_ascii=False) + body + script + heading
    style = fonts.font_face_css(text_of_page) + "\n" + style.replace("{family}", fonts.WEB_FAMILY)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
              "img-src data:; font-src data:; base-uri 'none'; form-action 'none'")
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{esc(policy)}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(heading)}</title>\n<style>{style}</style>\n</head>\n<body>\n{body}{block}\n"
            f"<script>{script}</script>\n</body>\n</html>\n")
