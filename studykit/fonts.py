"""The Chinese font for word clouds and matplotlib.

``font_path()`` returns the font to draw with: an explicit argument, else ``STUDYKIT_FONT``, else the
bundled subset of Noto Sans CJK SC Regular (OFL, see ``data/fonts/OFL.txt``). ``use_in_matplotlib()``
registers that font with matplotlib and makes it the default sans-serif family. ``missing_chars()``
lists characters of a text that the font cannot draw, so callers can fall back or report them.
``font_face_css(text)`` embeds a subset of the font holding only the characters of ``text`` in a CSS
``@font-face`` rule (a WOFF data URL), so a saved HTML page shows Chinese on a machine without any
Chinese font and fetches nothing.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from . import paths
from .errors import FontError

BUNDLED_FONT = "NotoSansCJKsc-Regular-subset.otf"
#: the CSS family name of an embedded subset (``font_face_css``)
WEB_FAMILY = "Studykit Sans SC"
#: characters every embedded subset keeps besides those of its text: ASCII, CJK punctuation, full-width forms
_ALWAYS = "".join(map(chr, range(0x20, 0x7F))) + "".join(map(chr, range(0x3000, 0x3040))) + \
    "".join(map(chr, range(0xFF01, 0xFF5F))) + "—…“”‘’·•●○■□▶◀←→↑↓×÷√"
_MAGIC = (b"OTTO", b"\x00\x01\x00\x00", b"true", b"ttcf", b"typ1")


def bundled_font() -> Path:
    """Path of the bundled Noto Sans CJK SC subset."""
    return paths.data_file("fonts", BUNDLED_FONT)


def font_path(font: str | os.PathLike | None = None) -> Path:
    """The font file to use: ``font`` if given, else ``$STUDYKIT_FONT``, else the bundled one.

    Raises ``FontError`` naming the file when it does not exist, is not a TrueType/OpenType font, or is
    damaged (FreeType cannot open it, e.g. a truncated download).
    """
    chosen = font or os.environ.get("STUDYKIT_FONT") or bundled_font()
    return _checked(Path(chosen).expanduser())


def _checked(path: Path) -> Path:
    if not path.is_file():
        raise FontError(f"font file not found: {path}")
    try:
        with path.open("rb") as f:
            head = f.read(4)
    except OSError as e:
        raise FontError(f"cannot read font file {path}: {e.strerror or e}") from e
    if head not in _MAGIC:
        raise FontError(f"not a TrueType/OpenType font: {path}")
    st = path.stat()
    _opens(str(path), st.st_mtime, st.st_size)
    return path


@lru_cache(maxsize=8)
def _opens(path: str, _mtime: float, _size: int) -> None:
    """Raise ``FontError`` naming the file unless FreeType (which draws clouds and figures) opens it."""
    from PIL import ImageFont

    try:
        ImageFont.truetype(path, 12)
    except Exception as e:  # OSError for a truncated or damaged file
        raise FontError(f"broken font file {path}: {e}") from e


@lru_cache(maxsize=8)
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, fontNumber=0, lazy=True) as f:
            return frozenset(f.getBestCmap())
    except Exception as e:  # fontTools raises many kinds for broken files
        raise FontError(f"broken font file {path}: {e}") from e


def missing_chars(text: str, font: str | os.PathLike | None = None) -> list[str]:
    """The distinct visible characters of ``text`` that the font has no glyph for, in text order."""
    cmap = _cmap(str(font_path(font)))
    seen: dict[str, None] = {}
    for ch in text:
        if not ch.isspace() and ord(ch) not in cmap:
            seen.setdefault(ch)
    return list(seen)


def use_in_matplotlib(font: str | os.PathLike | None = None) -> str:
    """Register the font with matplotlib, make it the default sans-serif, and return its family name."""
    from matplotlib import font_manager, rcParams

    path = font_path(font)
    try:
        font_manager.fontManager.addfont(str(path))
        name = font_manager.FontProperties(fname=str(path)).get_name()
    except Exception as e:
        raise FontError(f"matplotlib cannot use the font {path}: {e}") from e
    rcParams["font.family"] = "sans-serif"
    rcParams["font.sans-serif"] = [name, *[f for f in rcParams["font.sans-serif"] if f != name]]
    rcParams["axes.unicode_minus"] = False
    return name


def web_font(text: str, font: str | os.PathLike | None = None) -> bytes:
    """A WOFF subset of the font with the glyphs of the characters of ``text`` (plus ASCII, CJK
    punctuation and full-width forms), without layout tables; built once per set of characters and
    kept in the per-user cache (building it takes a few seconds)."""
    from . import cache

    path = font_path(font)
    st = path.stat()
    chars = "".join(sorted(set(text) | set(_ALWAYS)))
    key = cache.key_of("web-font-1", str(path.resolve()), str(st.st_size), str(st.st_mtime_ns), chars)
    data = cache.load("web-font", key)
    if isinstance(data, bytes):
        return data
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    opts = subset.Options()
    opts.layout_features = []  # no vertical forms or alternates: a page of horizontal text needs none
    opts.hinting = False
    opts.notdef_outline = True
    try:
        with TTFont(str(path), fontNumber=0) as f:
            sub = subset.Subsetter(opts)
            sub.populate(text=chars)
            sub.subset(f)
            f.flavor = "woff"
            buf = io.BytesIO()
            f.save(buf)
    except Exception as e:  # fontTools raises many kinds for broken files
        raise FontError(f"cannot subset the font {path}: {e}") from e
    data = buf.getvalue()
    cache.save("web-font", key, data)
    return data


def font_face_css(text: str, family: str = WEB_FAMILY, font: str | os.PathLike | None = None) -> str:
    """A CSS ``@font-face`` rule for ``family`` whose source is ``web_font(text)`` as a data URL: a
    page that uses it draws every character of ``text`` with the embedded font and loads nothing."""
    import base64

    data = base64.b64encode(web_font(text, font)).decode("ascii")
    return (f'@font-face {{ font-family: "{family}"; font-style: normal; font-weight: 400; font-display: block; '
            f'src: url(data:font/woff;base64,{data}) format("woff"); }}')
