"""Reading corpus files and folders into articles.

``load_corpus(paths=None, corrections=None)`` is the entry point: no argument reads the bundled
compilation. A path may be a file or a folder (read recursively: ``.txt``, ``.md``, ``.html``,
``.htm``). Each file is decoded (UTF-8, UTF-8/UTF-16 with BOM, GB18030/GBK and what charset-normalizer
recognises), its line ends normalised and zero-width and bidi control characters removed, HTML reduced
to its text, and then repaired by ``studykit.repair`` into articles. Files that cannot be read (empty, binary, compressed,
mostly undecodable) are skipped with one warning each; the others still load. Warnings go through
``warnings.warn`` (category ``CorpusWarning``) and are kept in ``Corpus.warnings``.
Corpus files are only read, never written.
"""

from __future__ import annotations

import os
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

from . import paths as _paths
from .corpus import Article, Corpus

SUFFIXES = (".txt", ".md", ".html", ".htm")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
#: bidi embeddings, overrides and isolates: removed so corpus text cannot reorder what surrounds it
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
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


class LoadError(ValueError):
    """A corpus could not be loaded as asked."""


class NoTextError(LoadError):
    """No loadable file among the given paths."""


class CorpusWarning(UserWarning):
    """Something about a corpus file worth telling the user (skipped file, replaced bytes, …)."""


# ---------------------------------------------------------------- decoding


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
            return (text, enc, bad) if _few_bad(text, bad) else (None, f"mostly undecodable ({bad} of {len(text)} characters)", bad)
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
    best = None
    for enc in ("utf-8", "gb18030"):
        text = raw.decode(enc, errors="replace")
        bad = text.count("\ufffd") - (raw.count(b"\xef\xbf\xbd") if enc == "utf-8" else 0)
        if best is None or bad < best[2]:
            best = (text, enc, bad)
    text, enc, bad = best
    if not _few_bad(text, bad):
        return None, f"mostly undecodable ({bad} of {len(text)} characters)", bad
    return text, enc, bad


def _few_bad(text: str, bad: int) -> bool:
    """Are ``bad`` replaced characters few enough to keep the text (and report them)?

    Up to 1% of the text always is; in a short file up to 16 (a few stray bytes in a small article)
    when the rest of the text is plausible.
    """
    if bad <= 0.01 * max(1, len(text)):
        return True
    return bad <= 16 and bad <= 0.1 * len(text) and _plausible(text.replace("\ufffd", ""))


def _plausible(text: str) -> bool:
    """Does decoded text look like Chinese or plain text rather than mojibake?"""
    sample = text[:20000]
    if not sample:
        return False
    good = sum(1 for c in sample if (c.isascii() and (c.isprintable() or c in "\n\r\t\f")) or "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f"
               or "\uff00" <= c <= "\uffef" or c in "“”‘’…—·")
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


def normalise(text: str) -> str:
    """Line ends to ``\\n``, zero-width characters and a leading BOM removed, NBSP to space.

    Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) are removed too: Chinese
    text has no use for them, and a right-to-left override left in a title would reverse the labels,
    lists and pages it is shown in.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _BIDI.sub("", _ZERO_WIDTH.sub("", text))
    return text.replace("\xa0", " ")


# ---------------------------------------------------------------- HTML


class _TextOfHTML(HTMLParser):
    _BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
              "article", "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "title", "td", "th"}
    _SKIP = {"script", "style", "noscript", "template", "svg", "head", "nav", "aside", "footer", "form", "iframe",
             "button", "select"}

    # a block whose class or id names page furniture (navigation, site header and footer, copyright)
    _CHROME = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|foot|footer|bottom|copyright|share|sidebar"
                         r"|toolbar)(?:$|[\s_-])", re.I)
    _VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"}
    # furniture is recognised on elements that are always closed (an unclosed <li> or <p> would hide the rest)
    _CONTAINERS = {"div", "section", "aside", "ul", "ol", "dl", "table", "span", "nav", "header", "footer", "form"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skip = 0
        self.in_title = False
        self.h1: list[str] | None = None  # text of the first <h1>, while and after reading it
        self.in_h1 = False
        self.h1_at = -1  # where in ``parts`` the first <h1> stood: text before it is the site's header
        self.chrome: list[str] = []  # open elements of a furniture block (skipped with all they hold)

    def handle_starttag(self, tag, attrs):
        if self.chrome:
            if tag not in self._VOID:
                self.chrome.append(tag)
            return
        names = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
        if names and tag in self._CONTAINERS and self._CHROME.search(names):
            self.chrome.append(tag)
            return
        if tag in self._SKIP:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "h1" and self.h1 is None and not self.skip:
            self.h1, self.in_h1, self.h1_at = [], True, len(self.parts)
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.chrome:
            if tag in self.chrome:  # close up to the matching element (tolerates unclosed ones inside)
                del self.chrome[len(self.chrome) - 1 - self.chrome[::-1].index(tag):]
            return
        if tag in self._SKIP and self.skip:
            self.skip -= 1
        elif tag == "title":
            self.in_title = False
        elif tag == "h1":
            self.in_h1 = False
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.chrome:
            return
        if self.in_title:
            self.title.append(data)
        elif self.in_h1 and self.h1 is not None:
            self.h1.append(data)
        elif not self.skip:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(html: str) -> str:
    """The text of an HTML page: scripts, styles, navigation and markup removed, one block element a line.

    The first ``<h1>`` (else the page's ``<title>`` without the site's name after it) becomes the first
    line; what stands before that title in the page (the site's header) and blocks whose class or id
    names page furniture (``nav``, ``footer``, ``breadcrumb``, ``copyright``, …) are left out.
    """
    p = _TextOfHTML()
    p.feed(html)
    p.close()
    has_h1 = bool(p.h1 and "".join(p.h1).strip())
    parts = p.parts[p.h1_at:] if has_h1 else p.parts  # the site's header goes
    lines = [ln.strip() for ln in "".join(parts).split("\n")]
    lines = [ln for ln in lines if ln]
    if has_h1:
        title = " ".join("".join(p.h1).split())
    else:  # the page's <title> without the site's name after it ("文章标题 - 求是网", "文章标题_新华网")
        title = " ".join("".join(p.title).split())
        m = re.match(r"^(.{6,}?)\s*[-_|｜]\s*[^-_|｜]{1,16}$", title)
        title = m[1] if m else title
        key = re.sub(r"\s+", "", title)
        at = next((k for k, ln in enumerate(lines) if key and re.sub(r"\s+", "", ln) == key), None)
        if at is not None:  # the title stands in the page: what is above it is the site's header
            lines = lines[at:]
    body = "\n".join(lines)
    if title and not body.startswith(title[:10]):
        body = title + "\n" + body
    return body


_MD = (
    (re.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$"), r"\1"),  # headings
    (re.compile(r"(?m)^[ \t]{0,3}>[ \t]?"), ""),  # quotes
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links: their text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?m)^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$"), ""),  # rules
)


def markdown_to_text(md: str) -> str:
    """Markdown with its markup removed: headings, quotes, links, images, bold, rules."""
    for pattern, repl in _MD:
        md = pattern.sub(repl, md)
    return md


# ---------------------------------------------------------------- files


def read_file(path: Path) -> tuple[str | None, list[str]]:
    """The normalised text of one corpus file (HTML reduced to text) and warnings about it.

    ``None`` when the file is skipped; the warning then names the file and says why.
    """
    try:
        raw = path.read_bytes()
    except OSError as e:
        return None, [f"skipped {path}: cannot read it ({e.strerror or e})"]
    text, enc, bad = decode(raw)
    if text is None:
        return None, [f"skipped {path}: {enc}"]
    notes = []
    if bad:
        notes.append(f"{path}: {bad} undecodable byte(s) replaced by U+FFFD (read as {enc})")
    text = normalise(text)
    if path.suffix.lower() in (".html", ".htm") or re.match(r"\s*(<!doctype html|<html)", text[:200], re.I):
        text = html_to_text(text)
    elif path.suffix.lower() == ".md":
        text = markdown_to_text(text)
    if not text.strip():
        return None, [*notes, f"skipped {path}: no text in it"]
    return text, notes


def corpus_files(paths: list[Path]) -> tuple[list[tuple[Path, str]], list[str]]:
    """The files to read, each with the name articles will carry, and warnings about missing paths.

    A folder gives its ``.txt``/``.md``/``.html``/``.htm`` files (recursively, sorted, hidden ones
    left out) named relative to it; a file is taken as it is and named by its file name.
    """
    out: list[tuple[Path, str]] = []
    notes: list[str] = []
    for p in paths:
        if p.is_dir():
            found = []
            for q in sorted(p.rglob("*")):
                if q.suffix.lower() not in SUFFIXES or any(part.startswith(".") for part in q.relative_to(p).parts):
                    continue
                if q.is_file():
                    found.append(q)
                elif not q.is_dir():
                    notes.append(f"skipped {q}: {_not_regular(q)}")
            if not found:
                notes.append(f"{p}: no .txt, .md or .html files in this folder")
            out.extend((q, q.relative_to(p).as_posix()) for q in found)
        elif p.is_file():
            out.append((p, p.name))
        elif p.is_symlink() or p.exists():
            notes.append(f"skipped {p}: {_not_regular(p)}")
        else:
            notes.append(f"{p}: no such file or folder")
    return out, notes


def _not_regular(p: Path) -> str:
    """Why a path that is neither a file nor a folder cannot be read."""
    if p.is_symlink() and not p.exists():
        return "a broken symbolic link or a link loop"
    return "not a regular file (a pipe, socket or device)"


def _warn(msg: str, bucket: list[str]) -> None:
    bucket.append(msg)
    warnings.warn(msg, CorpusWarning, stacklevel=3)


def load_corpus(paths: str | os.PathLike | list | None = None,
                corrections: str | os.PathLike | None = None) -> Corpus:
    """Load a corpus from files/folders (default: the bundled compilation) and return a ``Corpus``.

    Articles are numbered 1..N in file order and document order. ``corrections`` names a corrections
    file (TOML or YAML, see ``studykit.corrections``); without it, a ``corrections.toml``/``.yaml``
    beside the corpus is used when there is one (when it is malformed, a warning names file and line and
    the corpus loads uncorrected). Raises ``NoTextError`` when no file could be loaded, ``LoadError``
    when the ``corrections`` file named here is malformed.
    """
    from . import cache
    from .corrections import apply_corrections, find_corrections, load_corrections
    from .repair import date_from_filename, fix_glyphs, repair

    bundled = paths is None
    if bundled:
        paths = [_paths.bundled_corpus()]
    elif isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    roots = [Path(p) for p in paths]
    notes: list[str] = []
    files, missing = corpus_files(roots)
    for m in missing:
        _warn(m, notes)

    texts: dict[str, str] = {}
    for path, name in _progress(files, "reading"):
        text, msgs = read_file(path)
        for m in msgs:
            _warn(m, notes)
        if text is not None:
            texts[name] = text
    if not texts:
        what = ", ".join(map(str, roots)) or "(nothing given)"
        raise NoTextError(f"no loadable text file in {what}" + (f": {'; '.join(notes)}" if notes else ""))

    texts, fixes, glyph_notes = fix_glyphs(texts)
    for m in glyph_notes:
        _warn(m, notes)
    for name, line, wrong, right in fixes:  # repaired: noted in the corpus, no need to alarm anyone
        notes.append(f"{name}, line {line}: wrong glyph {wrong!r} (U+{ord(wrong):04X}) repaired as {right!r}, "
                     "the form found elsewhere in the corpus")

    articles: list[Article] = []
    for name, text in _progress(list(texts.items()), "repairing"):
        key = cache.key_of("articles", _repair_version(), name, text)
        done = cache.load("articles", key) if len(text) > 50_000 else None
        if done is None:
            done = repair(text, name, file_date=date_from_filename(name))
            if len(text) > 50_000:
                cache.save("articles", key, done)
        for m in done.warnings:
            _warn(m, notes)
        articles.extend(done.articles)
    articles = [_copy(a, i) for i, a in enumerate(articles, 1)]

    name = Path(roots[0]).stem if len(roots) == 1 else "corpus"
    corpus = Corpus(articles, name=name, warnings=notes)
    rules_files = [Path(corrections)] if corrections else ([] if bundled else find_corrections(roots))
    for f in rules_files:
        try:
            rules = load_corrections(f)
        except LoadError as e:
            if corrections:  # asked for by name: an error
                raise
            _warn(f"{e} — the corrections in this file are not applied", notes)  # found beside the corpus
            continue
        for m in apply_corrections(corpus, rules, origin=f.name):
            _warn(m, notes)
    return corpus


def _repair_version() -> bytes:
    """A digest of the repair code: cached articles are rebuilt whenever the repair changes."""
    import hashlib

    from . import corpus, repair

    h = hashlib.sha256()
    for mod in (repair, corpus):
        h.update(Path(mod.__file__).read_bytes())
    return h.digest()


def _copy(a: Article, new_id: int) -> Article:
    """A fresh copy of a (possibly cached) article with its new id."""
    from dataclasses import replace

    return replace(a, id=new_id, key_points=list(a.key_points), key_point_spans=list(a.key_point_spans),
                   notes=list(a.notes))


def _progress(items: list, what: str):
    """``items`` with a progress bar on stderr when there are many of them."""
    if len(items) < 200:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=f"{what} files", unit="file", leave=False)
