"""``CloudExplorer``: two word clouds side by side, each with its own scope, and save buttons."""

from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as w

from .. import render
from ..counts import COUNTED
from ..markup import esc
from ..paths import unused
from ._common import COMPACT, DROPDOWN_CHARS, Busy, date_options, full, source_options, tagged

SCOPES = [("全部 corpus", "corpus"), ("文章 article", "article"), ("日期 dates", "dates"),
          ("来源 source", "source"), ("主题 theme", "theme")]
#: The size a cloud starts at, in pixels (the explorer's width and height sliders change it).
WIDTH, HEIGHT = 560, 360
#: The smallest word in pixels: readable from the back of a classroom (the library default is 9 here).
MIN_FONT = 13


class CloudPanel(w.VBox):
    """One side of a ``CloudExplorer``: a scope, the cloud (``cloud.word_cloud``) and its save buttons.

    ``side`` (``"left"``/``"right"``) names the panel's CSS classes (``sk-cloud-left-scope`` …).
    ``settings()`` supplies the shared ``word_cloud`` options (size, max words, extra stop words, single
    characters); ``busy`` shows progress. The line under the buttons says which file was saved, and is
    cleared when the cloud changes.

    Args:
        scope: what the panel starts on (``corpus``, ``article``, ``dates``, ``source``, ``theme``).
        article: the article it starts on when the scope is ``article``.
    """

    def __init__(self, corpus, side: str, settings, busy: Busy, *, scope: str = "corpus", article: int | None = None):
        from ..themes import load_themes

        self.corpus, self.side, self.settings, self.busy = corpus, side, settings, busy
        self.cloud = None
        frame = corpus.to_frame()
        css = f"sk-cloud-{side}"
        self.scope = tagged(w.ToggleButtons(options=SCOPES, value=scope, style={"button_width": "auto"}),
                            f"{css}-scope")
        ids = render.article_options(corpus, width=DROPDOWN_CHARS // 2 + 4)
        self.article = tagged(w.Dropdown(options=ids, value=article if article in corpus else (ids[0][1] if ids else None),
                                         description="文章 article", style=COMPACT, layout=full()), f"{css}-article")
        self.date_from = tagged(w.Dropdown(options=date_options(frame), description="从 from", style=COMPACT,
                                           layout=full()), f"{css}-date-from")
        self.date_to = tagged(w.Dropdown(options=date_options(frame), description="到 to", style=COMPACT,
                                         layout=full()), f"{css}-date-to")
        self.source = tagged(w.Dropdown(options=source_options(frame)[1:], description="来源 source", style=COMPACT,
                                        layout=full()), f"{css}-source")
        self.theme = tagged(w.Dropdown(options=list(load_themes()), description="主题 theme", style=COMPACT,
                                       layout=full()), f"{css}-theme")
        self.title = tagged(w.HTML(), f"{css}-title")
        self.image = tagged(w.Image(format="png", layout=w.Layout(width="100%", max_width=f"{WIDTH}px")),
                            f"{css}-image")
        self.save_png = tagged(w.Button(description="保存 PNG", icon="download", layout=w.Layout(width="auto")),
                               f"{css}-save-png")
        self.save_svg = tagged(w.Button(description="保存 SVG", icon="download", layout=w.Layout(width="auto")),
                               f"{css}-save-svg")
        self.saved = tagged(w.HTML(), f"{css}-saved")
        self.pickers = {"article": [self.article], "dates": [self.date_from, self.date_to],
                        "source": [self.source], "theme": [self.theme]}
        super().__init__([self.scope, self.article, w.HBox([self.date_from, self.date_to], layout=full(flex_flow="row wrap")), self.source, self.theme,
                          self.title, self.image, w.HBox([self.save_png, self.save_svg, self.saved], layout=full(flex_flow="row wrap"))],
                         layout=w.Layout(width="auto", flex="1 1 28em", min_width="0", padding="0 0.5em"))
        self.add_class(css)
        for c in (self.scope, self.article, self.date_from, self.date_to, self.source, self.theme):
            c.observe(self.redraw, "value")
        self.save_png.on_click(lambda _: self.save("png"))
        self.save_svg.on_click(lambda _: self.save("svg"))

    def selection(self) -> dict:
        """The ``word_cloud`` keyword arguments for the chosen scope."""
        s = self.scope.value
        if s == "article":
            return {"article": self.article.value}
        if s == "dates":
            return {"date_from": self.date_from.value or None, "date_to": self.date_to.value or None}
        if s == "source":
            return {"source": self.source.value or None}
        if s == "theme":
            return {"theme": self.theme.value}
        return {}

    def redraw(self, change=None) -> None:
        """Show the pickers of the chosen scope and draw the cloud."""
        from ..cloud import word_cloud

        for scope, controls in self.pickers.items():
            for c in controls:
                c.layout.display = "flex" if scope == self.scope.value else "none"
        self.saved.value = ""  # a "saved" line belongs to the cloud it names, not to the next one
        settings = self.settings()
        self.image.layout.max_width = f"{settings.get('width', WIDTH)}px"
        try:
            with self.busy("正在画词云… / drawing the word cloud…"):
                self.cloud = word_cloud(self.corpus, min_font_size=MIN_FONT, **{"width": WIDTH, "height": HEIGHT,
                                                                                 **settings, **self.selection()})
                self.image.value = self.cloud._repr_png_()
        except ValueError as e:
            self.cloud = None
            self.image.value = b""
            self.title.value = f'<div class="sk-doc sk-error">{esc(str(e))}</div>'
            return
        warn = "".join(f"<div class='sk-meta'>{esc(x)}</div>" for x in self.cloud.warnings)
        self.title.value = f'<div class="sk-doc"><b>{esc(self.cloud.title)}</b>{warn}</div>'

    def save(self, kind: str, path=None):
        """Write the cloud as ``"png"`` or ``"svg"`` to ``path`` and return the path. The default is a
        new file in the current folder named by what the cloud holds and today's date
        (``Cloud.filename``: 词云_第3篇_2024-03-05.png; 词云_第3篇_2024-03-05_2.png if that exists)."""
        if self.cloud is None:
            return None
        path = path or unused(self.cloud.filename(kind))
        out = self.cloud.to_png(path) if kind == "png" else self.cloud.to_svg(path)
        self.saved.value = (f'<span class="sk-doc sk-meta">已保存 saved: <b>{esc(Path(out).name)}</b> '
                            f'（{esc(self.cloud.title)}）</span>')
        return out


class CloudExplorer(w.VBox):
    """Two word clouds side by side: each side has a scope (corpus, article, dates, source, theme);
    size, max words, extra stop words and the single-character switch apply to both. ``left`` and
    ``right`` are ``CloudPanel``s.

    Args:
        max_words: at most this many words in each cloud.
        extra_stopwords: words to leave out, separated by commas.
        right_scope: what the right cloud starts on (the left one starts on the whole corpus).
        right_article: the article the right cloud starts on.
        width: each cloud's width in pixels.
        height: each cloud's height in pixels.
        single_chars: also draw one-character words (新, 大, 做), left out at first.
    """

    def __init__(self, corpus=None, *, max_words: int = 100, extra_stopwords: str = "",
                 right_scope: str = "article", right_article: int | None = None, width: int = WIDTH,
                 height: int = HEIGHT, single_chars: bool = False) -> None:
        if corpus is None:
            from ..sources import load_corpus

            corpus = load_corpus()
        self.corpus = corpus
        self.max_words = tagged(w.IntSlider(value=max_words, min=10, max=300, step=10, description="最多词数 max words",
                                            style=COMPACT, continuous_update=False,
                                            layout=w.Layout(width="32em", max_width="100%")), "sk-cloud-max-words")
        self.stopwords = tagged(w.Text(value=extra_stopwords, placeholder="例如：发展，坚持", description="去掉的词 leave out",
                                       style=COMPACT, continuous_update=False, layout=w.Layout(width="24em", max_width="100%")),
                                "sk-cloud-stopwords")
        self.width = tagged(w.IntSlider(value=width, min=300, max=1600, step=20, description="宽 width",
                                        style=COMPACT, continuous_update=False,
                                        layout=w.Layout(width="24em", max_width="100%")), "sk-cloud-width")
        self.height = tagged(w.IntSlider(value=height, min=200, max=1000, step=20, description="高 height",
                                         style=COMPACT, continuous_update=False,
                                         layout=w.Layout(width="24em", max_width="100%")), "sk-cloud-height")
        self.single = tagged(w.Checkbox(value=single_chars, description="单字词 single characters (新、大、做)",
                                        indent=False, layout=w.Layout(width="auto")), "sk-cloud-single")
        self.busy = Busy()
        self.left = CloudPanel(corpus, "left", self.settings, self.busy)
        self.right = CloudPanel(corpus, "right", self.settings, self.busy, scope=right_scope, article=right_article)
        counted = f'<div class="sk-doc sk-meta sk-cloud-counted">词的大小 word size：{esc(COUNTED["words"])}</div>'
        super().__init__([w.HTML(render.STYLE),
                          w.HBox([self.max_words, self.stopwords], layout=full(flex_flow="row wrap")),
                          w.HBox([self.width, self.height, self.single], layout=full(flex_flow="row wrap")),
                          w.HTML(counted), self.busy.widget,
                          w.HBox([self.left, self.right], layout=full(flex_flow="row wrap"))],
                         layout=full())
        self.add_class("sk-cloud-explorer")
        for c in (self.max_words, self.stopwords, self.width, self.height, self.single):
            c.observe(self.redraw, "value")
        self.redraw()

    def settings(self) -> dict:
        """Options shared by both clouds: ``width``, ``height``, ``max_words``, ``extra_stopwords`` (the
        typed words) and ``single_chars``."""
        extra = [t for t in re.split(r"[,，、\s]+", self.stopwords.value) if t]
        return {"width": self.width.value, "height": self.height.value, "max_words": self.max_words.value,
                "extra_stopwords": extra, "single_chars": self.single.value}

    def redraw(self, change=None) -> None:
        """Draw both clouds again."""
        self.left.redraw()
        self.right.redraw()
