"""Word clouds that a class can read: Chinese in the bundled font, formulations whole, same picture every time.

``word_cloud(corpus, ...)`` counts the selected articles with the analysis layer
(``counts.frequencies``: formulations kept whole, stop words out), lays the words out horizontally
with a fixed ``random_state`` and returns a ``Cloud``: the ``wordcloud.WordCloud``, the frequencies it
was drawn from, and ``to_png``, ``to_svg``, ``figure()`` (a matplotlib Figure) and ``_repr_png_`` for
notebooks. ``compare_clouds(a, b)`` puts two clouds side by side.

No empty boxes: when the font lacks a character of a word to draw, an installed font that has every
character is used instead; when no font has it, the words with that character are left out and the
``Cloud`` says so in ``warnings`` and ``missing``.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .corpus import Corpus
from .paths import safe_name
from .themes import resolve_themes, term_pattern

# dark, distinct colours that stay readable on a white background and on a projector
PALETTE = ("#1f4e79", "#8b1a1a", "#2e6b30", "#6a3d9a", "#b35900", "#00606b", "#7a4b00", "#a0306e")
THEME_COLORS = ("#c0392b", "#1f6fb2", "#2e8b57", "#8e44ad", "#d35400", "#16a085", "#b7950b", "#c2185b",
                "#5d4037", "#283593")
OTHER_COLOR = "#9aa0a6"
_WORDLIKE = re.compile(r"[^\W\d_]")  # a letter or a Han character


@dataclass
class Cloud:
    """A drawn word cloud.

    ``wordcloud`` is the laid-out ``WordCloud``; ``frequencies`` the DataFrame it was drawn from
    (``term, count`` and what ``counts.frequencies`` adds); ``articles`` how many articles were counted;
    ``missing`` characters no available font could draw (their words were left out); ``warnings`` what
    the user should know; ``theme_colors`` ``{theme: colour}`` when coloured by theme; ``name`` the
    selection in a few characters, for file names (``filename``).
    """

    wordcloud: object
    frequencies: object
    title: str = ""
    articles: int = 0
    font: str = ""
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    theme_colors: dict[str, str] = field(default_factory=dict)
    name: str = "词云"

    def filename(self, kind: str = "png", when: dt.date | None = None) -> str:
        """A file name saying what the cloud holds and when it was saved, e.g.
        ``词云_第3篇_2024-03-05.png`` or ``词云_2024-01至2024-02_2024-03-05.svg`` (``when``: default today)."""
        day = (when or dt.date.today()).isoformat()
        return f"词云_{safe_name(self.name)}_{day}.{kind}"

    @property
    def layout_words(self) -> list[str]:
        """The words actually placed, largest first."""
        return [w.strip() for (w, _f), *_ in self.wordcloud.layout_]

    @property
    def size(self) -> tuple[int, int]:
        """Width and height in pixels (a mask's size when there is one)."""
        if self.wordcloud.mask is not None:
            return self.wordcloud.mask.shape[1], self.wordcloud.mask.shape[0]
        return self.wordcloud.width, self.wordcloud.height

    def to_image(self):
        """The cloud as a PIL image (width × height pixels)."""
        return self.wordcloud.to_image()

    def to_png(self, path: str | os.PathLike) -> Path:
        """Write the cloud as PNG (exactly width × height pixels) and return the path."""
        self.to_image().save(path, format="PNG")
        return Path(path)

    def to_svg(self, path: str | os.PathLike) -> Path:
        """Write the cloud as SVG with the used glyphs of the font embedded, so it shows the same
        everywhere, and return the path."""
        # words carry a space on each side (see word_cloud); keep it, or the glyphs shift left
        svg = self.wordcloud.to_svg(embed_font=True).replace("<svg ", '<svg xml:space="preserve" ', 1)
        Path(path).write_text(svg.replace("text{", "text{white-space:pre;", 1), encoding="utf-8")
        return Path(path)

    def figure(self, ax=None):
        """A matplotlib Figure showing the cloud, its title and (when coloured by theme) a legend.
        With ``ax`` given, draws into that Axes and returns its figure."""
        from matplotlib.figure import Figure

        fig = None
        if ax is None:
            w, h = self.size
            extra = (0.6 if self.title else 0.1) + 0.32 * _legend_shape(self.theme_colors, w / 100)[1]
            fig = Figure(figsize=(w / 100, h / 100 + extra), dpi=100, layout="constrained")
            ax = fig.add_subplot()
        _show(self, ax)
        return fig or ax.figure

    def _repr_png_(self) -> bytes:
        buf = io.BytesIO()
        self.to_image().save(buf, format="PNG")
        return buf.getvalue()


def _show(cloud: Cloud, ax) -> None:
    from matplotlib.patches import Patch

    from .fonts import use_in_matplotlib

    family = use_in_matplotlib()
    ax.imshow(cloud.to_image(), interpolation="bilinear")
    ax.set_axis_off()
    if cloud.title:
        ax.set_title(cloud.title, fontsize=18, family=family)
    if cloud.theme_colors:
        handles = [Patch(color=c, label=t) for t, c in cloud.theme_colors.items()]
        ncol, _ = _legend_shape(cloud.theme_colors, cloud.size[0] / 100)
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=ncol,
                  frameon=False, prop={"family": family, "size": _LEGEND_PT})


_LEGEND_PT = 12


def _legend_shape(names, width_in: float) -> tuple[int, int]:
    """Columns and rows of a legend of these names that fits ``width_in`` inches (CJK: 1 em a character)."""
    if not names:
        return 1, 0
    entry = max((len(n) + 4) * _LEGEND_PT / 72 for n in names)
    ncol = max(1, min(len(names), int(width_in // entry)))
    return ncol, -(-len(names) // ncol)


def word_cloud(
    corpus: Corpus | None = None,
    *,
    article: int | Iterable[int] | None = None,
    source: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    theme: str | Mapping[str, Iterable[str]] | None = None,
    frequencies: Mapping[str, float] | object | None = None,
    width: int = 800,
    height: int = 400,
    max_words: int = 150,
    extra_stopwords: Iterable[str] = (),
    font: str | os.PathLike | None = None,
    mask: str | os.PathLike | object | None = None,
    color_by_theme: bool | Mapping[str, Iterable[str]] = False,
    random_state: int = 42,
    title: str | None = None,
    min_font_size: int | None = None,
    single_chars: bool = False,
) -> Cloud:
    """Draw a word cloud and return a ``Cloud``.

    What is counted: ``corpus`` narrowed by the selection below, or the ``frequencies`` given. Terms
    without a letter or Han character (numbers, punctuation) are left out, and so are one-character
    words (新, 大, 做) unless ``single_chars``. Every word is horizontal and the same input gives the
    same layout.

    Args:
        article: one article id or several.
        source: only articles whose source contains this text.
        date_from: only articles dated on or after this date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``).
        date_to: only articles dated on or before this date.
        theme: only articles that mention it: a bundled theme name, ``"NAME=a,b"`` or ``{name: [terms]}``.
        frequencies: ``{term: count}`` or a DataFrame with ``term`` and ``count``, instead of counting.
        width: width in pixels.
        height: height in pixels.
        max_words: at most this many words.
        extra_stopwords: more words to leave out.
        font: a font file instead of the bundled one.
        mask: an image (path, PIL image or array): words go where it is neither white nor transparent;
            it is scaled to fit width × height.
        color_by_theme: ``True`` colours the words of the bundled themes (or of the themes given as a
            dict) and greys the rest.
        random_state: the seed of the layout.
        title: the title shown above the cloud (default: a description of the selection).
        min_font_size: the smallest word drawn, in pixels (default about 1/40 of the short side, at
            least 8): raise it for a projector, fewer small words fit.
        single_chars: also draw one-character words (they are counted either way).
    """
    import pandas as pd

    from . import fonts

    if min(width, height) < 50 or max_words < 1:
        raise ValueError(f"a cloud needs at least 50 × 50 pixels and one word (got {width} × {height}, "
                         f"max_words={max_words})")
    sub, scope, name = _scope(corpus, article, source, date_from, date_to, theme)
    if frequencies is None:
        if sub is None:
            raise ValueError("give a corpus or frequencies")
        if not len(sub):
            raise ValueError(f"no article to draw ({scope})")
        from .counts import frequencies as count_frequencies

        freqs = count_frequencies(sub, stopwords=True, extra_stopwords=tuple(extra_stopwords))
    elif isinstance(frequencies, Mapping):
        freqs = pd.DataFrame({"term": list(frequencies), "count": list(frequencies.values())})
    else:
        freqs = frequencies
    keep = freqs["term"].astype(str).map(lambda t: bool(_WORDLIKE.search(t)) and (single_chars or len(t.strip()) > 1))
    freqs = freqs[keep & (freqs["count"] > 0)]
    freqs = freqs.sort_values("count", ascending=False, kind="stable").head(max_words).reset_index(drop=True)
    if freqs.empty:
        raise ValueError(f"nothing to draw: no word left after removing stop words ({scope})"
                         + ("" if single_chars else "; one-character words are left out unless asked for"))

    warnings: list[str] = []
    chosen, dropped_chars = _font_for(list(freqs["term"]), fonts.font_path(font), warnings)
    if dropped_chars:
        keep = ~freqs["term"].map(lambda t: any(ch in dropped_chars for ch in t))
        freqs = freqs[keep].reset_index(drop=True)
        if freqs.empty:
            raise ValueError("no font can draw any of the words")

    mask_array = _mask(mask, width, height) if mask is not None else None
    # the largest word gets about a quarter of the short side; less when a mask leaves less room
    room = math.sqrt((mask_array == 0).mean()) if mask_array is not None else 1.0
    side = min(mask_array.shape) if mask_array is not None else min(width, height)
    theme_colors, color_func = _colors(color_by_theme)
    wc = _box_layout_class()(
        font_path=str(chosen),
        width=width,
        height=height,
        mask=mask_array,
        max_words=max_words,
        prefer_horizontal=1.0,
        random_state=random_state,
        background_color="white",
        collocations=False,
        min_font_size=min_font_size or max(8, min(width, height) // 40),
        max_font_size=max(16, int(side * 0.225 * room)),
        margin=4,
        relative_scaling=0.5,
        color_func=color_func,
        normalize_plurals=False,
        include_numbers=True,
    )
    # a space on each side of every word keeps neighbours apart by a gap proportional to their size,
    # so that two words never read as one (加强 习近平 → 加强习近平)
    wc.generate_from_frequencies({f" {t} ": float(c) for t, c in zip(freqs["term"], freqs["count"], strict=True)})
    placed = len(wc.layout_)
    if placed < len(freqs) / 2:
        warnings.append(f"只放得下 {placed} / {len(freqs)} 个词：把图放大或减少词数 / "
                        f"only {placed} of {len(freqs)} words fit; a larger size shows more")
    if theme_colors:
        used = {color_func.theme_of(w.strip()) for (w, _f), *_ in wc.layout_}
        theme_colors = {t: c for t, c in theme_colors.items() if t in used}
    return Cloud(wc, freqs, title if title is not None else scope, len(sub) if sub is not None else 0,
                 str(chosen), sorted(dropped_chars), warnings, theme_colors, name)


#: wordcloud's private names the box layout relies on, and the versions known to have them (the pin in
#: pyproject.toml); ``check_wordcloud`` names what is missing when an upgrade removes one.
WORDCLOUD_INTERNALS = ("wordcloud.IntegralOccupancyMap", "wordcloud.IntegralOccupancyMap.sample_position",
                       "wordcloud.IntegralOccupancyMap.update", "wordcloud.WordCloud._get_bolean_mask",
                       "wordcloud.WordCloud.to_image", "wordcloud.WordCloud.to_svg")
WORDCLOUD_KNOWN = ">=1.9.3,<1.10"


def check_wordcloud() -> None:
    """Raise ``ImportError`` naming every private name of wordcloud (``WORDCLOUD_INTERNALS``) that the
    installed version lacks, with the versions known to work; return quietly when all are there."""
    import importlib

    from wordcloud import __version__

    module = importlib.import_module("wordcloud.wordcloud")
    missing = []
    for dotted in WORDCLOUD_INTERNALS:
        obj = module
        for part in dotted.split(".")[1:]:
            obj = getattr(obj, part, None)
            if obj is None:
                missing.append(dotted)
                break
    if missing:
        raise ImportError(f"wordcloud {__version__} lacks {', '.join(missing)}, which studykit's cloud layout "
                          f"uses; install a version known to work: pip install 'wordcloud{WORDCLOUD_KNOWN}'")


@lru_cache(maxsize=1)
def _box_layout_class():
    """``WordCloud`` with a layout that reserves each placed word's whole rectangle.

    wordcloud's own layout only reserves the inked pixels, so small words end up inside the hollows of
    big characters (产业 inside 工, 技术 inside 展) and read as one muddle. Here every word is horizontal
    and owns its box; drawing (``to_image``, ``to_svg``) is wordcloud's own.
    """
    from random import Random

    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    check_wordcloud()
    from wordcloud.wordcloud import IntegralOccupancyMap, WordCloud

    class BoxLayout(WordCloud):
        def generate_from_frequencies(self, frequencies, max_font_size=None):
            freqs = sorted(((w, f) for w, f in frequencies.items() if f > 0), key=lambda kv: -kv[1])
            freqs = freqs[: self.max_words]
            if not freqs:
                raise ValueError("no word with a positive count")
            top = freqs[0][1]
            freqs = [(w, f / top) for w, f in freqs]
            rnd = self.random_state if isinstance(self.random_state, Random) else Random(self.random_state)
            if self.mask is not None:
                mask = self._get_bolean_mask(self.mask)
                height, width = mask.shape
            else:
                mask, height, width = None, self.height, self.width
            taken = mask.astype(np.uint8) if mask is not None else np.zeros((height, width), np.uint8)
            occupancy = IntegralOccupancyMap(height, width, None)
            occupancy.update(taken, 0, 0)  # every taken pixel weighs 1, mask included
            measure = ImageDraw.Draw(Image.new("L", (1, 1)))
            fonts: dict[int, object] = {}
            size = max_font_size or self.max_font_size
            if size is None:  # as wordcloud does: a size fitting the first two words, then shrink
                sizes = [s for _, s, *_ in self.generate_from_frequencies(dict(freqs[:2]), height).layout_]
                size = int(2 * sizes[0] * sizes[1] / (sizes[0] + sizes[1])) if len(sizes) == 2 else height
            m, half, last, misses = self.margin, self.margin // 2, 1.0, 0
            placed = []
            for word, freq in freqs:
                fit = int(round((self.relative_scaling * freq / last + 1 - self.relative_scaling) * size))
                while fit >= self.min_font_size:
                    if fit not in fonts:  # to_image draws with a TransposedFont: its box starts at 0, 0
                        fonts[fit] = ImageFont.TransposedFont(ImageFont.truetype(self.font_path, fit), None)
                    _, _, x1, y1 = measure.textbbox((0, 0), word, font=fonts[fit])
                    spot = occupancy.sample_position(y1 + m, x1 + m, rnd)
                    if spot is not None:
                        break
                    fit -= self.font_step
                if fit < self.min_font_size:  # no room for this word: a shorter one may still fit
                    misses += 1
                    if misses == 30:
                        break
                    continue
                size = fit
                row, col = spot[0] + half, spot[1] + half
                taken[row: row + y1, col: col + x1] = 1
                occupancy.update(taken, row, col)
                color = self.color_func(word, font_size=size, position=(row, col), orientation=None,
                                        random_state=rnd, font_path=self.font_path)
                placed.append(((word, freq), size, (row, col), None, color))
                last = freq
            self.words_ = dict(freqs)
            self.layout_ = placed
            return self

    return BoxLayout


def _scope(corpus, article, source, date_from, date_to, theme) -> tuple[Corpus | None, str, str]:
    """The selected articles, a short Chinese description of the selection and a name for files."""
    if corpus is None:
        return None, "", "词频"
    ids = [article] if isinstance(article, int) else list(article) if article is not None else None
    sub = corpus.select(ids=ids, source=source, date_from=date_from, date_to=date_to)
    parts, names = [], []
    if ids:
        parts.append(f"第 {'、'.join(map(str, ids))} 篇" + (f"《{corpus[ids[0]].title}》" if len(ids) == 1 else ""))
        names.append(f"第{'、'.join(map(str, ids[:5]))}{'等' if len(ids) > 5 else ''}篇")
    if source:
        parts.append(f"来源含“{source}”")
        names.append(f"来源{source}")
    if date_from and date_from == date_to:
        parts.append(date_from)
        names.append(date_from)
    elif date_from or date_to:
        parts.append(f"{date_from or '…'} 至 {date_to or '…'}")
        names.append(f"{date_from or '起'}至{date_to or '今'}")
    if theme is not None:
        themes = resolve_themes(theme if isinstance(theme, Mapping) else [theme])
        pat = term_pattern([sub.search_term(t) for terms in themes.values() for t in terms])
        sub = Corpus([a for a in sub if pat.search(a.search_text)], name=sub.name, warnings=list(sub.warnings))
        parts.append(f"提及“{'、'.join(themes)}”的文章")
        names.append(f"主题{'、'.join(themes)}")
    desc = "，".join(parts) or "全部文章"
    return sub, f"{desc}（{len(sub)} 篇）", "_".join(names) or "全部文章"


def _font_for(words: list[str], primary: Path, warnings: list[str]) -> tuple[Path, set[str]]:
    """The font to draw ``words`` with and the characters no font has (to leave out).

    The primary font when it has every character; else the first installed font that has them all;
    else the primary font, with the characters it lacks reported.
    """
    from .fonts import missing_chars

    text = "".join(words)
    missing = missing_chars(text, primary)
    if not missing:
        return primary, set()
    shown = "".join(missing[:10])
    for candidate in _installed_fonts():
        try:
            if not missing_chars(text, candidate):
                warnings.append(f"the font {primary.name} lacks {shown}; drawing with {candidate.name} instead")
                return candidate, set()
        except Exception:  # an unreadable system font is simply not a candidate
            continue
    warnings.append(f"no installed font can draw {shown}: words containing them were left out")
    return primary, set(missing)


def _installed_fonts() -> list[Path]:
    """Installed font files, most suitable first: single-face files before collections (a .ttc's first
    face may have Japanese letterforms), regular before bold, sans before serif, larger (fuller) first."""
    from matplotlib import font_manager

    def rank(p: Path) -> tuple:
        name = p.name.lower()
        return (p.suffix.lower() == ".ttc", "bold" in name, "serif" in name and "sans" not in name, -_size(p), name)

    return sorted({Path(f) for f in font_manager.findSystemFonts()}, key=rank)


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def _mask(mask, width: int, height: int):
    """A wordcloud mask (uint8, 255 = keep free) from an image whose white or transparent parts are
    outside, scaled to fit within width × height."""
    import numpy as np
    from PIL import Image

    img = mask if isinstance(mask, Image.Image) else Image.fromarray(mask) if hasattr(mask, "shape") else Image.open(mask)
    img.load()
    scale = min(width / img.width, height / img.height)
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    if img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info:
        rgba = np.asarray(img.convert("RGBA").resize(size))
        outside = (rgba[..., 3] < 128) | (rgba[..., :3].min(axis=2) >= 245)
    else:
        outside = np.asarray(img.convert("L").resize(size)) >= 245
    if outside.all():
        raise ValueError("the mask image is all white or transparent: no room for words")
    return np.where(outside, 255, 0).astype(np.uint8)


class _ThemeColors:
    """A wordcloud ``color_func``: a word gets its theme's colour when it is one of the theme's terms
    or contains one; other words are grey."""

    def __init__(self, themes: dict[str, list[str]], colors: dict[str, str]):
        self.themes, self.colors = themes, colors

    def theme_of(self, word: str) -> str | None:
        for name, terms in self.themes.items():
            if any(t in word for t in terms):
                return name
        return None

    def __call__(self, word, **_kw) -> str:
        name = self.theme_of(word)
        return self.colors[name] if name else OTHER_COLOR


def _palette(word, random_state=None, **_kw) -> str:
    return PALETTE[random_state.randint(0, len(PALETTE) - 1)] if random_state else PALETTE[0]


def _colors(color_by_theme) -> tuple[dict[str, str], object]:
    if not color_by_theme:
        return {}, _palette
    themes = resolve_themes(None if color_by_theme is True else color_by_theme)
    colors = {name: THEME_COLORS[i % len(THEME_COLORS)] for i, name in enumerate(themes)}
    return colors, _ThemeColors(themes, colors)


# ---------------------------------------------------------------- two clouds


@dataclass
class CloudPair:
    """Two clouds side by side (``left``, ``right``), with ``figure()``, ``to_png``, ``to_svg``."""

    left: Cloud
    right: Cloud

    def figure(self):
        """A matplotlib Figure with the two clouds next to each other, each with its title."""
        from matplotlib.figure import Figure

        w = self.left.size[0] + self.right.size[0]
        h = max(self.left.size[1], self.right.size[1])
        legend = 0.32 * max(_legend_shape(c.theme_colors, c.size[0] / 100)[1] for c in (self.left, self.right))
        fig = Figure(figsize=(w / 100 + 0.4, h / 100 + 0.7 + legend), dpi=100, layout="constrained")
        ax1, ax2 = fig.subplots(1, 2)
        _show(self.left, ax1)
        _show(self.right, ax2)
        return fig

    def to_png(self, path: str | os.PathLike, dpi: int = 100) -> Path:
        """Save the side-by-side figure as PNG and return the path."""
        self.figure().savefig(path, dpi=dpi, format="png")
        return Path(path)

    def to_svg(self, path: str | os.PathLike) -> Path:
        """Save the side-by-side figure as SVG and return the path."""
        self.figure().savefig(path, format="svg")
        return Path(path)

    def _repr_png_(self) -> bytes:
        buf = io.BytesIO()
        self.figure().savefig(buf, dpi=100, format="png")
        return buf.getvalue()


def compare_clouds(left: Cloud, right: Cloud, titles: tuple[str, str] | None = None) -> CloudPair:
    """Two clouds side by side, e.g. ``compare_clouds(word_cloud(c, article=1), word_cloud(c, article=2))``
    or January against February (``date_from``/``date_to``). ``titles`` replaces the clouds' titles."""
    if titles:
        from dataclasses import replace

        left, right = replace(left, title=titles[0]), replace(right, title=titles[1])
    return CloudPair(left, right)
