"""Bytes to text: how a corpus file's encoding is recognised, and what cannot be read.

``decode(raw)`` tries, in order: a byte-order mark (UTF-8, UTF-16, UTF-32), UTF-16 without BOM (NUL
bytes every other byte), strict UTF-8, GB18030 (GBK), charset-normalizer's guess, and finally UTF-8 (or
GB18030 when it reads far better) with undecodable bytes replaced (reported, never silently). A text with
broken bytes is skipped only when most of it is undecodable and it has no run of ten readable characters.
Files that are empty, binary or compressed are recognised by their first bytes. ``read_text(path)`` reads
and decodes a file and cleans its text (``text.clean``); ``read_document(path, convert)`` makes a one-part
``Document`` of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..text import HAN, HAN_RE, clean
from .document import Document, Part

_MAGIC = (
    (b"\x1f\x8b", "compressed (gzip)"),
    (b"PK\x03\x04", "compressed (zip archive or office document)"),
    (b"BZh", "compressed (bzip2)"),
    (b"\xfd7zXZ\x00", "compressed (xz)"),
    (b"7z\xbc\xaf\x27\x1c", "compressed (7z)"),
    (b"\x28\xb5\x2f\xfd", "compressed (zstd)"),
    (b"Rar!", "compressed (rar)"),
    (b"%PDF", "binary (a PDF: extract its text first)"),
    (b"\x89PNG", "binary (an image)"),
    (b"\xff\xd8\xff", "binary (an image)"),
    (b"GIF8", "binary (an image)"),
    (b"\xd0\xcf\x11\xe0", "binary (an old office document)"),
)


def decode(raw: bytes) -> tuple[str | None, str, int]:
    """Decode a file's bytes.

    Returns ``(text, encoding, replaced)``: ``replaced`` counts undecodable bytes turned into U+FFFD.
    When the bytes are not text, ``text`` is None and ``encoding`` says why (empty, binary, compressed,
    mostly undecodable).
    """
    if not raw.strip():
        return None, "empty", 0
    for magic, why in _MAGIC:
        if raw.startswith(magic):
            return None, why, 0
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                     (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            text = raw.decode(enc, errors="replace")
            bad = text.count("\ufffd")
            return (text, enc, bad) if _few_bad(text, bad) or _readable(text, bad, enc) else (None, _unreadable(text, bad), bad)
    head = raw[:8192]
    if b"\x00" in head:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        # UTF-16 without BOM: Latin text has a NUL every other byte, Chinese text only here and there
        for enc in (("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")):
            text = raw.decode(enc, errors="replace")
            if _few_bad(text, text.count("\ufffd")) and _plausible(text.replace("\ufffd", "")):
                return text, enc, text.count("\ufffd")
        return None, "binary (contains NUL bytes)", 0
    try:
        return raw.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
        if _plausible(text):
            return text, "gb18030", 0
    except UnicodeDecodeError:
        pass
    guess = _charset_guess(raw)
    if guess:
        return guess
    # broken bytes: UTF-8 (whose valid sequences are seldom there by chance) unless GB18030 reads far better
    utf8 = raw.decode("utf-8", errors="replace")
    u_bad = utf8.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    gb = raw.decode("gb18030", errors="replace")
    g_bad = gb.count("\ufffd")
    readings = [(utf8, "utf-8", u_bad), (gb, "gb18030", g_bad)]
    if 4 * g_bad < u_bad:
        readings.reverse()
    for text, enc, bad in readings:
        if _few_bad(text, bad) or _readable(text, bad, enc):
            return text, enc, bad
    text, _, bad = readings[0]
    return None, _unreadable(text, bad), bad


def _few_bad(text: str, bad: int) -> bool:
    """Are ``bad`` replaced characters few enough to keep the text (and report them)?

    Up to 1% of the text always is; in a short file up to 16 (a few stray bytes in a small article)
    when the rest of the text is plausible.
    """
    if bad <= 0.01 * max(1, len(text)):
        return True
    return bad <= 16 and bad <= 0.1 * len(text) and _plausible(text.replace("\ufffd", ""))


_RUN = re.compile(f"(?:[{HAN}A-Za-z0-9\u3000-\u303f\uff01-\uff5e“”‘’…—·，。]){{10}}")


def _readable(text: str, bad: int, enc: str) -> bool:
    """Is a text with ``bad`` replaced characters still worth keeping (its broken bytes replaced and
    reported)? When at most half of it is undecodable and the rest is plausible text, or when it holds a
    run of ten readable characters (in UTF-8, whose valid sequences are seldom there by chance)."""
    if 2 * bad <= len(text) and _plausible(text.replace("\ufffd", "")):
        return True
    return enc.startswith("utf") and bool(_RUN.search(text))


def _unreadable(text: str, bad: int) -> str:
    """The reason a text is skipped for its broken bytes."""
    return f"too few readable characters ({bad} of {len(text)} characters undecodable, no run of ten readable ones)"


def _plausible(text: str) -> bool:
    """Does decoded text look like Chinese or plain text rather than mojibake?"""
    sample = text[:20000]
    if not sample:
        return False
    good = sum(1 for c in sample if (c.isascii() and (c.isprintable() or c in "\n\r\t\f")) or HAN_RE.match(c)
               or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" or c in "“”‘’…—·")
    return good >= 0.97 * len(sample)


def _charset_guess(raw: bytes) -> tuple[str, str, int] | None:
    """charset-normalizer's reading of the bytes, if it finds a clean one."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    best = from_bytes(raw).best()
    if best is None or not best.encoding:
        return None
    enc = best.encoding
    if enc.replace("_", "").lower() in ("gb2312", "gbk", "hz", "gb18030"):
        enc = "gb18030"
    try:
        text = raw.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None
    return (text, enc, 0) if _plausible(text) or enc.startswith(("big5", "cp950")) else None


def read_text(path: Path) -> tuple[str | None, list[str], str | None]:
    """``(text, warnings, skipped)`` of the file at ``path``: its decoded and cleaned text (None when it
    cannot be read), warnings naming the file (replaced bytes), and why it was skipped (or None)."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        return None, [], f"cannot read it ({e.strerror or e})"
    text, enc, bad = decode(raw)
    if text is None:
        return None, [], enc
    notes = [f"{path}: {bad} undecodable byte(s) replaced by U+FFFD (read as {enc})"] if bad else []
    return clean(text), notes, None


def read_document(path: Path, convert: Callable[[str], str] | None = None) -> Document:
    """A one-part ``Document`` of the text file at ``path``, its text passed through ``convert`` (markup
    removed, for instance); skipped, with the reason, when it cannot be read or holds no text."""
    text, notes, skipped = read_text(path)
    if text is None:
        return Document(warnings=notes, skipped=skipped)
    body = convert(text) if convert else text
    if not body.strip():
        return Document(warnings=notes, skipped="no text in it")
    return Document([Part(body)], notes)
