"""PDF files (``.pdf``), read with pypdfium2 (PDFium): the text in reading order, without the page
furniture, cut into articles by the outline.

- **Lines**: PDFium's text lines with their boxes and font sizes; a line with a wide gap inside (two
  columns set on one baseline) is cut at the gap.
- **Furniture**: a line repeated at the same place on many pages (a running header or footer, page
  numbers masked: ``学习资料 2024年第2期``, ``— 3 —``) and a page number in the top or bottom margin
  (``— 3 —``, ``- 3 -``, ``第3页``, ``3 / 20``) are left out.
- **Reading order**: on each page, gutters (vertical strips that almost no line crosses) cut the lines
  into columns; a line across a gutter (a title over both columns) separates bands; each band is read
  column by column, left to right, top to bottom, whatever order the file draws them in.
- **Paragraphs**: a line that reaches its column's right edge goes on in the next line (also in the
  next column or on the next page) unless that one is indented, starts a bullet, a source or a ※ note,
  or is set in another size; lines of one heading are joined. A word cut by a line or page break is
  one word again; each paragraph becomes one line of the part's text (``Part.paragraphs``).
- **Articles**: each bookmark of the article level (``outline``) starts an article at the line where
  its title stands (found by its text near the bookmark's place on its page), titled by the bookmark.
  Without an outline the whole text is one part that the repair splits as an extracted compilation.
- Kangxi radicals and compatibility ideographs (extraction errors) become the unified characters.

A PDF without a text layer, an encrypted one without its password and a damaged one give a
``Document`` whose ``skipped`` says so. Parsed files are kept in the per-user cache, keyed by the file's
bytes and this code (files opened with a password are not kept). A file of more than
``PROGRESS_PAGES`` pages shows a progress bar.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..text import HAN, compact, unify_han
from .document import Document
from .outline import Heading, Paragraph, parts

PROGRESS_PAGES = 20
MARGIN_ZONE = 0.11  # the top and bottom share of a page where headers, footers and page numbers stand
REPEATED = 0.4  # a line in the margins at the same place on this share of the pages (or on 3) is furniture
_WIDE = f"{HAN}\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
_PAGE_NUMBER = re.compile(r"[-—–－_~\s]*(?:\d{1,4}|[ivxlcIVXLC]{1,6})[-—–－_~\s]*"
                          r"|第\s*\d{1,4}\s*页(?:\s*[/,，、]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}"
                          r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?", re.I)
_WIDE_RE = re.compile(f"[{_WIDE}]")
_PDF_LINE = re.compile(r"[^\r\n]+")
_DIGITS = re.compile(r"\d+")
_HYPHENATED = re.compile(r"[A-Za-z]-$")
_LATIN_TAIL = re.compile(r"(?:^|\s)[ -~]+$")
_STARTS_BLOCK = re.compile(r"^(?:[·•●■◆▲★※]|来源\s*[：:]|——\s*\d{4}\s*年)")


@dataclass
class _Line:
    page: int  # 1-based
    text: str
    x0: float
    x1: float
    top: float  # distance from the top of the page
    bottom: float
    size: float
    col: int = 0  # column on its page (-1: across the columns)


# ---------------------------------------------------------------- reading


def read(path: Path, *, password: str | None = None) -> Document:
    """The ``Document`` of a PDF file (see the module doc); ``password`` opens an encrypted one."""
    from .. import cache

    try:
        raw = path.read_bytes()
    except OSError as e:
        return Document(skipped=f"cannot read it ({e.strerror or e})")
    key = cache.key_of("pdf", cache.code_version(sys.modules[__name__]), raw)
    if password is None:
        done = cache.load("pdf", key)
        if isinstance(done, Document):
            return done
    doc = from_bytes(raw, str(path), password=password)
    if password is None:
        cache.save("pdf", key, doc)
    return doc


def from_bytes(raw: bytes, name: str, *, password: str | None = None) -> Document:
    """The ``Document`` of a PDF given as bytes; ``name`` names it in warnings."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(raw, password=password)
    except pdfium.PdfiumError as e:
        return Document(skipped=_why_not(raw, e, password))
    try:
        return _document(pdf, raw, name)
    finally:
        pdf.close()


def _why_not(raw: bytes, e, password: str | None) -> str:
    """Why PDFium could not open a file, in words a user can act on."""
    code = getattr(e, "err_code", None)
    if code == 4:  # FPDF_ERR_PASSWORD
        if password is None:
            return "encrypted: it needs its password (give it with --password, or password= in load_corpus)"
        return "encrypted: the password given does not open it"
    if code == 5:  # FPDF_ERR_SECURITY
        return "encrypted with a security handler PDFium does not support: print it to a new PDF first"
    if b"%PDF" not in raw[:1024]:
        return "damaged: not a PDF (it does not start with %PDF)"
    if b"%%EOF" not in raw[-2048:]:
        return "damaged: the file is cut short (no %%EOF at its end); copy or download it again"
    return f"damaged: PDFium cannot read its structure ({e})"


def _document(pdf, raw: bytes, name: str) -> Document:
    warnings: list[str] = []
    if b"%%EOF" not in raw[-2048:]:
        warnings.append(f"{name}: the file seems cut short (no %%EOF at its end): pages may be missing")
    n = len(pdf)
    pages: list[list[_Line]] = []
    sizes: list[tuple[float, float]] = []
    bad: list[int] = []
    for i in _progress(range(n), n):
        try:
            page = pdf[i]
            tp = page.get_textpage()
        except Exception:  # a page PDFium cannot load: the others still count
            bad.append(i + 1)
            pages.append([])
            sizes.append((595.0, 842.0))
            continue
        w, h = page.get_size()
        sizes.append((w, h))
        pages.append(_page_lines(tp, i + 1, h))
        tp.close()
        page.close()
    if bad:
        warnings.append(f"{name}: page(s) {_ranges(bad)} cannot be read (damaged) and are left out")
    with_text = [k for k, ls in enumerate(pages) if any(compact(ln.text) for ln in ls)]
    if not with_text:
        if n == 0:
            return Document(warnings=warnings, skipped="damaged: a PDF without pages")
        return Document(warnings=warnings, skipped="no text layer (a scanned PDF): run OCR first")
    empty = [k + 1 for k in range(n) if k not in set(with_text) and k + 1 not in bad]
    if empty and len(empty) >= 0.2 * n:
        warnings.append(f"{name}: page(s) {_ranges(empty)} have no text layer (scanned?): run OCR to read them")
    _drop_furniture(pages, sizes)
    lines = [ln for ls in pages for ln in _reading_order(ls)]
    headings = _locate(_bookmarks(pdf), lines)
    paras, starts = _paragraphs(lines, {h.at for h in headings})
    heads = [Heading(h.level, h.title, starts[h.at]) for h in headings]
    out = parts(paras, heads)
    if not out:
        return Document(warnings=warnings, skipped="no text in it")
    return Document(out, warnings)


def _progress(items: range, n: int):
    """``items`` with a progress bar on stderr for a file of more than ``PROGRESS_PAGES`` pages (quiet
    when stderr is not a terminal)."""
    if n <= PROGRESS_PAGES:
        return items
    from tqdm import tqdm

    return tqdm(items, desc="reading PDF pages", unit="page", file=sys.stderr, leave=False, disable=None)


def _ranges(nums: list[int]) -> str:
    """``1-3, 7`` for [1, 2, 3, 7]."""
    out, start = [], None
    for k, v in enumerate(nums):
        if start is None:
            start = v
        if k + 1 == len(nums) or nums[k + 1] != v + 1:
            out.append(f"{start}" if start == v else f"{start}-{v}")
            start = None
    return ", ".join(out)


# ---------------------------------------------------------------- lines of a page


def _page_lines(tp, page: int, height: float) -> list[_Line]:
    """PDFium's text lines of one page with the boxes of their characters' advances (a final 、 inks only
    half its box), each cut where a wide gap shows two lines set on one baseline."""
    import pypdfium2.raw as pdfium_c

    s = tp.get_text_range()
    out: list[_Line] = []
    box = pdfium_c.FS_RECTF()
    for m in _PDF_LINE.finditer(s):
        a, b = m.span()
        text = m[0]
        first = a + len(text) - len(text.lstrip())
        last = a + len(text.rstrip()) - 1
        if last < first:
            continue
        size = pdfium_c.FPDFText_GetFontSize(tp, first) or 0.0
        if not pdfium_c.FPDFText_GetLooseCharBox(tp, first, box):
            continue
        x0, top, bottom = box.left, box.top, box.bottom
        if not pdfium_c.FPDFText_GetLooseCharBox(tp, last, box):
            continue
        x1 = box.right
        if size <= 0:
            size = max(1.0, top - bottom)
        same_row = min(top, box.top) - max(bottom, box.bottom) > 0.3 * size
        # a wide gap inside (two columns on one baseline) makes the line much wider than its characters
        if not same_row or x1 < x0 or x1 - x0 > _natural_width(text.strip(), size) + 2 * size:
            out += _split_by_chars(tp, first, last + 1, s, page, height, size)
            continue
        text = _drop_generated_spaces(tp, a, text)
        out.append(_Line(page, text.strip(), x0, x1, height - max(top, box.top), height - min(bottom, box.bottom),
                         size))
    return out


def _natural_width(text: str, size: float) -> float:
    """About how wide ``text`` is set at ``size`` without extra space (a Chinese character one em, others
    less)."""
    narrow = len(text.encode("ascii", "ignore"))  # (other characters are nearly all Chinese)
    return size * (len(text) - narrow + 0.62 * narrow)


def _split_by_chars(tp, a: int, b: int, s: str, page: int, height: float, size: float) -> list[_Line]:
    """One PDFium line cut into pieces at gaps wider than two characters, character box by box."""
    import pypdfium2.raw as pdfium_c

    box = pdfium_c.FS_RECTF()
    pieces: list[list] = []
    for k in range(a, b):
        if not pdfium_c.FPDFText_GetLooseCharBox(tp, k, box):
            continue
        left, right, top, bottom = box.left, box.right, box.top, box.bottom
        ch = s[k]
        if ch in "\r\n":
            continue
        if pieces:
            p = pieces[-1]
            gap = left - p[3]
            same_row = min(p[4], top) - max(p[2], bottom) > 0.3 * size
            if 2 * size >= gap >= -0.5 * size and same_row:
                p[0] += ch
                p[3], p[2], p[4] = max(p[3], right), min(p[2], bottom), max(p[4], top)
                continue
        if ch == " ":
            continue
        pieces.append([ch, left, bottom, right, top])
    return [_Line(page, t.strip(), x0, x1, height - t1, height - b0, size)
            for t, x0, b0, x1, t1 in pieces if t.strip()]


def _drop_generated_spaces(tp, a: int, text: str) -> str:
    """``text`` without the spaces PDFium made up between two Chinese characters (set apart by
    justification, not by a space of the file's own)."""
    if " " not in text:
        return text
    import pypdfium2.raw as pdfium_c

    out = []
    for k, ch in enumerate(text):
        if ch == " " and 0 < k < len(text) - 1 and _WIDE_RE.match(text[k - 1]) \
                and _WIDE_RE.match(text[k + 1]) and pdfium_c.FPDFText_IsGenerated(tp, a + k) == 1:
            continue
        out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------- headers, footers, page numbers


def _drop_furniture(pages: list[list[_Line]], sizes: list[tuple[float, float]]) -> None:
    """Remove, in place, running headers and footers and page numbers (see the module doc)."""
    keys = [[_furniture_key(ln.text) for ln in ls] for ls in pages]
    places: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for k, ls in enumerate(pages):
        for ln, key in zip(ls, keys[k], strict=True):
            places[key].append((k, ln.top))
    counted = len([ls for ls in pages if ls])
    furniture: set[tuple[str, int]] = set()  # (key, top in 3 pt steps)
    for key, seen in places.items():
        if len(seen) < 2:
            continue
        at: dict[int, set[int]] = defaultdict(set)  # top in 3 pt steps → pages
        outside: set[int] = set()  # steps with an occurrence outside the margins
        for k, t in seen:
            at[round(t / 3)].add(k)
            if not _in_margin(t, sizes[k][1]):
                outside.add(round(t / 3))
        if len(set().union(*at.values())) < 2:
            continue
        for bucket in at:
            near = at.get(bucket - 1, set()) | at[bucket] | at.get(bucket + 1, set())
            in_margin = not outside & {bucket - 1, bucket, bucket + 1}
            on = len(near)
            if (in_margin and on >= min(3, max(2, REPEATED * counted))) or on >= max(3, 0.6 * counted):
                furniture.add((key, bucket))
    for k, ls in enumerate(pages):
        keep = []
        for ln, key in zip(ls, keys[k], strict=True):
            bucket = round(ln.top / 3)
            if furniture and any((key, b) in furniture for b in (bucket - 1, bucket, bucket + 1)):
                continue
            if _in_margin(ln.top, sizes[k][1]) and _PAGE_NUMBER.fullmatch(ln.text.strip()):
                continue
            keep.append(ln)
        ls[:] = keep


def _furniture_key(text: str) -> str:
    return _DIGITS.sub("#", compact(text))


def _in_margin(top: float, height: float) -> bool:
    return top < MARGIN_ZONE * height or top > (1 - MARGIN_ZONE) * height


# ---------------------------------------------------------------- reading order


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """The lines of one page in reading order, each with its column (-1: across the columns)."""
    if not lines:
        return []
    gutters = _gutters(lines)
    for ln in lines:
        ln.col = _column(ln, gutters)
    rows = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    out: list[_Line] = []
    band: list[_Line] = []
    for ln in rows:
        if ln.col < 0:
            out += _band_order(band)
            band = []
            out.append(ln)
        else:
            band.append(ln)
    out += _band_order(band)
    return _merge_same_row(out)


def _gutters(lines: list[_Line]) -> list[tuple[float, float]]:
    """Vertical strips between columns: wide enough, crossed by few lines, with columns of lines on both
    sides that stand side by side."""
    left, right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    span = right - left
    if span <= 0 or len(lines) < 4:
        return []
    body = Counter(round(ln.size) for ln in lines).most_common(1)[0][0]
    cells = int(span) + 2
    delta = [0] * (cells + 1)  # lines covering each point of the width (1 pt cells), by differences
    for ln in lines:
        delta[max(0, int(ln.x0 - left))] += 1
        delta[min(cells, int(ln.x1 - left) + 1)] -= 1
    cover, run = [], 0
    for d in delta[:cells]:
        run += d
        cover.append(run)
    allowed = max(1, int(0.12 * len(lines)))
    found: list[tuple[float, float]] = []
    c, end = int(0.15 * cells), int(0.85 * cells)
    while c < end:
        if cover[c] > allowed:
            c += 1
            continue
        d = c
        while d < cells and cover[d] <= allowed:
            d += 1
        lo, hi = left + c, left + d
        if hi - lo >= 0.8 * body:
            lefts = [(ln.top, ln.bottom) for ln in lines if ln.x1 <= lo + 0.5 * body]
            rights = [(ln.top, ln.bottom) for ln in lines if ln.x0 >= hi - 0.5 * body]
            if len(lefts) >= 2 and len(rights) >= 2 and _side_by_side(lefts, rights):
                found.append((lo, hi))
        c = d + 1
    return found


def _side_by_side(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    """Does some vertical extent (top, bottom) of ``a`` overlap one of ``b``?"""
    import bisect

    b = sorted(b)
    tops = [t for t, _ in b]
    reach = []  # the lowest bottom among the extents of b up to each one
    low = float("-inf")
    for _, bottom in b:
        low = max(low, bottom)
        reach.append(low)
    for top, bottom in a:
        k = bisect.bisect_left(tops, bottom) - 1  # extents of b that start above this one's bottom
        if k >= 0 and reach[k] > top:
            return True
    return False


def _column(ln: _Line, gutters: list[tuple[float, float]]) -> int:
    """The column a line stands in, or -1 when it crosses a gutter (reaching a character past its middle
    on both sides)."""
    for lo, hi in gutters:
        mid = (lo + hi) / 2
        if ln.x0 < mid - ln.size and ln.x1 > mid + ln.size:
            return -1
    mid = (ln.x0 + ln.x1) / 2
    return sum(1 for lo, hi in gutters if mid > (lo + hi) / 2)


def _band_order(band: list[_Line]) -> list[_Line]:
    """The lines of one band: column by column, left to right, each top to bottom."""
    return sorted(band, key=lambda ln: (ln.col, ln.top, ln.x0))


def _merge_same_row(lines: list[_Line]) -> list[_Line]:
    """Pieces of one printed line (the same column, side by side on one baseline) as one line."""
    out: list[_Line] = []
    for ln in lines:
        p = out[-1] if out else None
        if p is not None and p.page == ln.page and p.col == ln.col and ln.x0 >= p.x1 - 0.5 * ln.size \
                and abs((p.top + p.bottom) - (ln.top + ln.bottom)) / 2 < 0.5 * max(p.size, ln.size):
            gap = ln.x0 - p.x1
            sep = " " if gap > 0.6 * ln.size or (p.text[-1:].isascii() and ln.text[:1].isascii()) else ""
            p.text, p.x1 = p.text + sep + ln.text, ln.x1
            p.top, p.bottom = min(p.top, ln.top), max(p.bottom, ln.bottom)
            continue
        out.append(ln)
    return out


# ---------------------------------------------------------------- paragraphs


def _paragraphs(lines: list[_Line], forced: set[int]) -> tuple[list[Paragraph], list[int]]:
    """The lines joined into paragraphs (see the module doc) and, for each line, its paragraph's index.
    A line in ``forced`` starts a paragraph."""
    if not lines:
        return [], []
    edges = _edges(lines)
    sizes: Counter = Counter()
    for ln in lines:
        sizes[round(ln.size * 2) / 2] += len(ln.text)
    body = sizes.most_common(1)[0][0]
    steps = [b.top - a.top for a, b in zip(lines, lines[1:], strict=False)
             if a.page == b.page and a.col == b.col and abs(a.size - body) < 0.5 and abs(b.size - body) < 0.5
             and 0.8 * body < b.top - a.top < 3 * body]
    pitch = sorted(steps)[len(steps) // 2] if steps else 1.5 * body
    paras: list[Paragraph] = []
    pieces: list[str] = []
    first_page = lines[0].page
    index: list[int] = []
    for i, ln in enumerate(lines):
        if pieces and i not in forced and _continues(lines[i - 1], ln, edges, body, pitch):
            pieces.append(ln.text)
        else:
            if pieces:
                paras.append(Paragraph(_joined(pieces), (first_page, lines[i - 1].page)))
            pieces, first_page = [ln.text], ln.page
        index.append(len(paras))
    paras.append(Paragraph(_joined(pieces), (first_page, lines[-1].page)))
    return paras, index


def _edges(lines: list[_Line]) -> dict[tuple[int, int], tuple[float, float]]:
    """(page, column) → the left and right edge of that column's text (for a column of fewer than three
    lines: the edges of the same column on the other pages)."""
    by: dict[tuple[int, int], list[_Line]] = defaultdict(list)
    for ln in lines:
        by[ln.page, ln.col].append(ln)
    typical: dict[int, list[tuple[float, float]]] = defaultdict(list)
    out: dict[tuple[int, int], tuple[float, float]] = {}
    for key, ls in by.items():
        if len(ls) >= 3:
            xs0 = sorted(ln.x0 for ln in ls)
            lo = xs0[len(xs0) // 10]
            far = max(q.x1 for q in ls)
            wide = sorted(ln.x1 for ln in ls if ln.x1 - lo > 0.5 * (far - lo))
            out[key] = (lo, wide[len(wide) // 2])  # the right edge most full lines reach
            typical[key[1]].append(out[key])
    for key, ls in by.items():
        if key not in out:
            near = typical.get(key[1])
            if near:
                out[key] = (sorted(e[0] for e in near)[len(near) // 2], sorted(e[1] for e in near)[len(near) // 2])
            else:
                out[key] = (min(ln.x0 for ln in ls), max(ln.x1 for ln in ls))
    return out


def _continues(prev: _Line, ln: _Line, edges, body: float, pitch: float) -> bool:
    """Does ``ln`` go on with the paragraph of ``prev`` (the line before it in reading order)? ``body`` is
    the body text's size, ``pitch`` the usual distance from one body line to the next."""
    if abs(prev.size - ln.size) > 0.12 * max(prev.size, ln.size):
        return False
    if _STARTS_BLOCK.match(ln.text):
        return False
    same_column = prev.page == ln.page and prev.col == ln.col
    if same_column and ln.top - prev.top > 1.6 * pitch * max(1.0, ln.size / body):  # a gap between them
        return False
    if ln.size > 1.12 * body and same_column:  # the lines of one heading (a title over two lines)
        return True
    left, right = edges[ln.page, ln.col]
    pleft, pright = edges[prev.page, prev.col]
    full = prev.x1 >= pright - 1.2 * prev.size
    indented = ln.x0 - left >= 1.5 * ln.size
    if prev.col < 0 and ln.col >= 0 or prev.col >= 0 and ln.col < 0:
        return False
    return full and not indented and prev.x0 - pleft < (pright - pleft) / 3


def _joined(pieces: list[str]) -> str:
    """Lines of one paragraph as one: no separator, except a space between two words of Latin text
    (``the`` / ``economy``, not ``（I`` / ``Pv6）`` inside Chinese), and a hyphen at a line's end dropped
    inside a Latin word."""
    out = ""
    for p in pieces:
        if out[-1:] == "-" and _HYPHENATED.search(out) and p[:1].islower():
            out = out[:-1] + p
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and p[:1].isascii() and p[:1].isalpha() \
                and _LATIN_TAIL.search(out):
            out += " "
        out += p
    return unify_han(" ".join(out.split()))


# ---------------------------------------------------------------- the outline


@dataclass
class _Mark:
    level: int
    title: str
    page: int  # 1-based, or 0 when the bookmark names no page
    x: float | None
    y: float | None  # from the top of the page


def _bookmarks(pdf) -> list[_Mark]:
    """The outline's entries with their places (pages 1-based, positions from the top of the page)."""
    out = []
    try:
        toc = list(pdf.get_toc())
    except Exception:  # a broken outline: read the file as if it had none
        return []
    for b in toc:
        title = " ".join(unify_han(b.get_title() or "").split())
        if not title:
            continue
        dest = b.get_dest()
        page, x, y = 0, None, None
        if dest is not None:
            index = dest.get_index()
            page = index + 1 if index is not None and 0 <= index < len(pdf) else 0
            try:
                _, view = dest.get_view()
            except Exception:
                view = []
            if page and len(view) >= 2:
                height = pdf.get_page_size(page - 1)[1]
                x = view[0] or None
                y = height - view[1] if view[1] else None
        out.append(_Mark(b.level, title, page, x, y))
    return out


@dataclass
class _Located:
    level: int
    title: str
    at: int  # index of the line it starts at


def _locate(marks: list[_Mark], lines: list[_Line]) -> list[_Located]:
    """Each bookmark placed on the line where its article starts: its title's line on its page (or the next
    page) closest to the bookmark's place, else the first line at or below that place. Bookmarks without a
    page, or whose page has no text, are left out."""
    by_page: dict[int, list[int]] = defaultdict(list)
    for i, ln in enumerate(lines):
        by_page[ln.page].append(i)
    starts: dict[int, str] = {}  # line → the first characters of its text, without spaces
    out: list[_Located] = []
    for m in marks:
        if not m.page:
            continue
        cands = [i for p in (m.page, m.page + 1) for i in by_page.get(p, [])]
        head = compact(m.title)[:6]
        hits = [i for i in cands if _title_line(starts.get(i) or starts.setdefault(i, compact(lines[i].text[:12])[:6]),
                                                head)]
        at = None
        if hits:
            at = min(hits, key=lambda i: (lines[i].page != m.page, _distance(lines[i], m)))
        else:
            below = [i for i in by_page.get(m.page, []) if m.y is None or lines[i].bottom >= m.y - 2]
            if m.x is not None:
                below = [i for i in below if lines[i].x1 >= m.x] or below
            if below:
                at = min(below, key=lambda i: (_distance(lines[i], m), i))
        if at is not None:
            out.append(_Located(m.level, m.title, at))
    return out


def _title_line(line: str, title: str) -> bool:
    """Does ``line`` start the printed ``title`` (or the title start the line)?"""
    a, b = compact(line), compact(title)
    n = min(6, len(a), len(b))
    return n >= 2 and a[:n] == b[:n]


def _distance(ln: _Line, m: _Mark) -> float:
    d = abs(ln.top - m.y) if m.y is not None else ln.top
    if m.x is not None and not (ln.x0 - 2 * ln.size <= m.x <= ln.x1):
        d += 1000
    return d
