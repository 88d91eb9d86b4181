"""PDFs and Word files written by the tests themselves (nothing is downloaded).

- ``truetype_font(folder, chars)``: the bundled Chinese font cut down to ``chars`` and converted to
  TrueType with fontTools (fpdf2 writes the bundled CFF font in an encoding readers misread), cached
  in ``folder``.
- ``compilation_pdf(path, articles, font)``: a two-column study compilation of ``Article`` objects
  with a running header, page numbers (``— 3 —``), titles across both columns, an outline
  (articles, and the numbered sections inside them one level down) and some pages drawn right
  column first; returns what a test needs to check it (``Layout``).
- ``image_pdf``, ``encrypted_pdf``, ``plain_pdf``: a scanned page, a password-protected file, a PDF
  of plain paragraphs.
- ``word_file(path, blocks)``: a ``.docx`` of headings, paragraphs, a table and footnotes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

A4 = (595.28, 841.89)
MARGIN, TOP, BOTTOM = 56.0, 74.0, 790.0  # body from TOP to BOTTOM (pt from the top of the page)
HEADER_Y, FOOTER_Y = 42.0, 818.0
BODY, TITLE, SMALL = 10.5, 15.0, 11.0  # font sizes
LEADING = 1.55  # line height as a multiple of the font size
GUTTER = 22.0
PUNCT = "—·※《》“”‘’，。、；：！？（）「」『』【】…·"


# ---------------------------------------------------------------- the font


def truetype_font(folder: Path, chars: str) -> Path:
    """The bundled font's glyphs for ``chars`` (plus ASCII and Chinese punctuation) as a TrueType file
    in ``folder`` (made once per set of characters)."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    from studykit import fonts

    wanted = sorted(set(chars) | {chr(c) for c in range(32, 127)} | set(PUNCT) | set("〇一二三四五六七八九十第页共"))
    wanted = [c for c in wanted if c not in "\n\r\t"]
    # a Kangxi radical (⼗ U+2F17) is drawn with the glyph of the character it stands for (十), as the
    # fonts of the PDFs that carry them do: the page shows 十, the text layer says ⼗
    radicals = {c: unicodedata.normalize("NFKC", c) for c in wanted if 0x2F00 <= ord(c) < 0x2FE0}
    wanted = sorted(set(wanted) - set(radicals) | set(radicals.values()))
    name = "".join(wanted) + "".join(radicals)
    out = Path(folder) / f"studykit-test-{hashlib.sha256(name.encode()).hexdigest()[:12]}.ttf"
    if out.exists():
        return out
    font = TTFont(fonts.bundled_font())
    opts = subset.Options()
    opts.layout_features, opts.hinting, opts.desubroutinize, opts.notdef_outline = [], False, True, True
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[ord(c) for c in wanted])
    sub.subset(font)
    for table in font["cmap"].tables:
        if table.isUnicode():
            for radical, plain in radicals.items():
                if ord(plain) in table.cmap:
                    table.cmap[ord(radical)] = table.cmap[ord(plain)]
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    quadratic = {}
    for name in order:  # cubic (CFF) outlines to quadratic (TrueType) ones
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        quadratic[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, quadratic
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    for name in order:
        font["hmtx"][name] = (font["hmtx"][name][0], getattr(glyf[name], "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                 "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font["head"].indexToLocFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    tmp = out.with_suffix(".tmp")
    font.save(tmp)
    tmp.replace(out)
    return out


def _pdf(font: Path):
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=A4)
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, TOP, MARGIN)
    pdf.add_font("cjk", "", str(font))
    pdf.set_font("cjk", size=BODY)
    pdf.set_creator("studykit tests")
    return pdf


def wrap(pdf, text: str, width: float, *, indent: float = 0.0) -> list[str]:
    """``text`` cut into lines no wider than ``width`` pt (the first ``indent`` pt narrower), character by
    character as Chinese is set, without a closing mark at the start of a line."""
    lines, cur, used, avail = [], "", 0.0, width - indent
    for ch in text:
        w = _char_width(pdf, ch)
        if cur and used + w > avail and ch not in "，。、；：！？”’）》":
            lines.append(cur)
            cur, used, avail = "", 0.0, width
        cur += ch
        used += w
    if cur:
        lines.append(cur)
    return lines


def _char_width(pdf, ch: str) -> float:
    key = (pdf.font_size_pt, ch)
    cache = pdf.__dict__.setdefault("_widths", {})
    if key not in cache:
        cache[key] = pdf.get_string_width(ch)
    return cache[key]


# ---------------------------------------------------------------- a two-column compilation


@dataclass
class Layout:
    """What ``compilation_pdf`` made: page count, the header and footer texts, and the pairs of text pieces
    on either side of each page break that falls inside a paragraph (``breaks``: (end of page, start of next))."""

    pages: int = 0
    header: str = ""
    footers: list[str] = field(default_factory=list)
    breaks: list[tuple[str, str]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # the page each article starts on
    sections: list[str] = field(default_factory=list)


def _article_blocks(a) -> list[tuple[str, str]]:
    """An article as (kind, text) blocks: spanning title lines, then column paragraphs."""
    blocks = [("title", a.title)]
    if a.subtitle:
        blocks.append(("subtitle", a.subtitle))
    if a.byline:
        blocks.append(("byline", a.byline))
    blocks += [("bullet", "· " + k) for k in a.key_points]
    if a.source:
        blocks.append(("flush", "来源：" + a.source))
    blocks += [("para", p) for p in a.paragraphs]
    blocks += [("flush", n) for n in a.notes]
    return blocks


def compilation_pdf(path: Path, articles, font: Path, *, header: str = "学习资料 2024年第2期",
                    outline: bool = True, right_first: tuple[int, ...] = (2, 5), footer: str = "— {n} —",
                    groups: dict[int, str] | None = None) -> Layout:
    """Write ``articles`` as a two-column compilation PDF at ``path``; see the module doc.

    Each article starts with its title set across both columns, with a new band of two balanced
    columns under it; body paragraphs are indented by two characters; the pages numbered in
    ``right_first`` are drawn right column first. ``footer`` is the page-number pattern. ``groups``
    (index of an article → a group title) puts a group heading on a page of its own before that
    article; the outline then holds groups, their articles one level down and sections below those.
    """
    pdf = _pdf(font)
    col_w = (A4[0] - 2 * MARGIN - GUTTER) / 2
    xs = (MARGIN, MARGIN + col_w + GUTTER)
    lh = BODY * LEADING
    layout = Layout(header=header)
    pages: list[list[tuple]] = []  # per page: ("text", x, baseline, size, text, column) and ("section", …)
    pending: list[tuple[str, bool, bool, str | None]] = []  # column lines: (text, indented, starts a block, section)

    def new_page() -> float:
        pages.append([])
        return TOP

    def set_band(y0: float, lines: list, per: int) -> None:
        for k, (text, indented, _, mark) in enumerate(lines):
            col, row = divmod(k, per)
            top = y0 + row * lh
            pages[-1].append(("text", xs[col] + (2 * BODY if indented else 0), top + lh - 3.5, BODY, text, col))
            if mark:
                pages[-1].append(("section", mark, level + 1, top))
                layout.sections.append(mark)

    def lay_columns(y: float) -> float:
        """Set the pending lines from ``y``, over as many pages as they need; the last band is balanced."""
        nonlocal pending
        while pending:
            rows = int((BOTTOM - y) // lh)
            if len(pending) <= 2 * rows:
                per = (len(pending) + 1) // 2
                set_band(y, pending, per)
                pending = []
                return y + per * lh
            set_band(y, pending[: 2 * rows], rows)
            if not pending[2 * rows][2]:  # the page ends inside a paragraph
                layout.breaks.append((pending[2 * rows - 1][0], pending[2 * rows][0]))
            pending = pending[2 * rows:]
            y = new_page()
        return y

    y = new_page()
    level = 1 if groups else 0
    for n_article, a in enumerate(articles):
        if groups and n_article in groups:
            if pages[-1]:
                y = new_page()
            pages[-1].append(("section", groups[n_article], 0, TOP + 200))
            pdf.set_font_size(TITLE + 5)
            pages[-1].append(("text", (A4[0] - pdf.get_string_width(groups[n_article])) / 2, TOP + 240, TITLE + 5,
                              groups[n_article], -1))
            pdf.set_font_size(BODY)
            y = new_page()
        blocks = _article_blocks(a)
        head = []
        for kind, text in blocks:
            if kind in ("title", "subtitle", "byline"):
                size = TITLE if kind == "title" else SMALL
                pdf.set_font_size(size)
                head += [(size, ln) for ln in wrap(pdf, text, A4[0] - 2 * MARGIN)]
        pdf.set_font_size(BODY)
        if y + sum(s * LEADING for s, _ in head) + 4 * lh > BOTTOM:
            y = new_page()
        y += 8
        pages[-1].append(("section", a.title, level, y))
        layout.titles.append(a.title)
        layout.starts.append(len(pages))
        for size, ln in head:
            pdf.set_font_size(size)
            y += size * LEADING
            pages[-1].append(("text", (A4[0] - pdf.get_string_width(ln)) / 2, y - 4, size, ln, -1))
        pdf.set_font_size(BODY)
        y += 6
        for kind, text in blocks:
            if kind in ("title", "subtitle", "byline"):
                continue
            indent = kind == "para"
            mark = text if indent and re.match(r"^[一二三四五六七八九十]{1,2}、", text) and len(text) <= 30 else None
            for i, ln in enumerate(wrap(pdf, text, col_w, indent=2 * BODY if indent else 0)):
                pending.append((ln, indent and i == 0, i == 0, mark if i == 0 else None))
        y = lay_columns(y) + lh
    layout.pages = len(pages)
    for n, ops in enumerate(pages, 1):
        pdf.add_page()
        foot = footer.format(n=n)
        pdf.set_font_size(9.0)
        furniture = [("text", MARGIN, HEADER_Y, 9.0, header, -2),
                     ("text", (A4[0] - pdf.get_string_width(foot)) / 2, FOOTER_Y, 9.0, foot, -2)]
        layout.footers.append(foot)
        body = [op for op in ops if op[0] == "text"]
        if n in right_first:  # drawn right column first: content order is not reading order
            body.sort(key=lambda op: -op[5])
        for _, x, baseline, size, text, _ in (body + furniture) if n % 2 else (furniture + body):
            pdf.set_font_size(size)
            pdf.text(x, baseline, text)
        pdf.set_draw_color(120)
        pdf.line(MARGIN, HEADER_Y + 6, A4[0] - MARGIN, HEADER_Y + 6)
        if outline:
            for _, title, depth, top in (op for op in ops if op[0] == "section"):
                pdf.set_y(top)
                pdf.start_section(title, level=depth)
    pdf.output(str(path))
    return layout


# ---------------------------------------------------------------- other PDFs


def plain_pdf(path: Path, paragraphs: list[str], font: Path, *, title: str | None = None,
              footer: str | None = "第{n}页", per_page: int = 38) -> int:
    """A one-column PDF of ``paragraphs`` (indented two characters) under an optional centred ``title``,
    with page numbers in ``footer`` and no outline. Returns the number of pages."""
    pdf = _pdf(font)
    lines = []
    if title:
        lines.append(("title", title))
    for p in paragraphs:
        lines += [("first" if i == 0 else "line", ln) for i, ln in enumerate(wrap(pdf, p, A4[0] - 2 * MARGIN,
                                                                                indent=2 * BODY))]
    lh = BODY * LEADING
    n = 0
    for start in range(0, len(lines), per_page):
        pdf.add_page()
        n += 1
        y = TOP
        for kind, ln in lines[start:start + per_page]:
            y += lh
            if kind == "title":
                pdf.set_font_size(TITLE)
                pdf.text((A4[0] - pdf.get_string_width(ln)) / 2, y, ln)
                pdf.set_font_size(BODY)
                y += lh / 2
            else:
                pdf.text(MARGIN + (2 * BODY if kind == "first" else 0), y, ln)
        if footer:
            pdf.set_font_size(9)
            foot = footer.format(n=n)
            pdf.text((A4[0] - pdf.get_string_width(foot)) / 2, FOOTER_Y, foot)
            pdf.set_font_size(BODY)
    pdf.output(str(path))
    return n


def image_pdf(path: Path, pages: int = 2) -> None:
    """A PDF whose pages are pictures only (a scan): no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    img = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(img)
    for row in range(60, 760, 30):  # lines of "text" as a scanner sees them: dark strokes
        draw.rectangle((60, row, 540 - (row * 7) % 90, row + 12), fill=40)
    png = Path(path).with_suffix(".scan.png")
    img.save(png)
    pdf = FPDF(unit="pt", format=A4)
    for _ in range(pages):
        pdf.add_page()
        pdf.image(str(png), x=0, y=0, w=A4[0], h=A4[1])
    pdf.output(str(path))
    png.unlink()


def encrypted_pdf(path: Path, paragraphs: list[str], font: Path, password: str) -> None:
    """A PDF that opens only with ``password``."""
    pdf = _pdf(font)
    pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    pdf.add_page()
    y = TOP
    for p in paragraphs:
        for ln in wrap(pdf, p, A4[0] - 2 * MARGIN):
            y += BODY * LEADING
            pdf.text(MARGIN, y, ln)
    pdf.output(str(path))


# ---------------------------------------------------------------- Word


def word_file(path: Path, blocks: list[tuple], *, footnotes: dict[int, str] | None = None) -> None:
    """A ``.docx`` from ``blocks``: ``("h1"|"h2", text)`` (Heading 1/2), ``("标题 1"|"标题 2", text)`` (a style of
    that name, as a Chinese Word names its headings), ``("bold-centre", text)``, ``("p", text)`` (a paragraph;
    ``[^n]`` in it marks footnote ``n``) and ``("table", rows)``. ``footnotes`` gives each note's text."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = docx.Document()
    for name, base in (("标题 1", "Heading 1"), ("标题 2", "Heading 2")):
        st = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = d.styles["Normal"]
        st.font.bold = True
        st.font.size = d.styles[base].font.size
    for kind, value in blocks:
        if kind in ("h1", "h2"):
            d.add_heading(value, level=int(kind[1]))
        elif kind in ("标题 1", "标题 2"):
            d.add_paragraph(value, style=kind)
        elif kind == "bold-centre":
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(value).bold = True
        elif kind == "table":
            t = d.add_table(rows=len(value), cols=len(value[0]))
            for r, row in enumerate(value):
                for c, cell in enumerate(row):
                    t.cell(r, c).text = cell
        else:
            p = d.add_paragraph()
            for piece in re.split(r"(\[\^\d+\])", value):
                m = re.fullmatch(r"\[\^(\d+)\]", piece)
                if m:
                    _footnote_reference(p, int(m[1]))
                elif piece:
                    p.add_run(piece)
    if footnotes:
        _add_footnotes(d, footnotes)
    d.save(str(path))


def _footnote_reference(paragraph, n: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), str(n))
    run._r.append(ref)


def _add_footnotes(d, notes: dict[int, str]) -> None:
    """A footnotes part (python-docx writes none of its own) holding ``notes``."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {_xml(t)}</w:t>'
        "</w:r></w:p></w:footnote>" for n, t in notes.items())
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
           f"</w:footnote>{body}</w:footnotes>")
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                xml.encode("utf-8"), d.part.package)
    d.part.relate_to(part, RT.FOOTNOTES)


def _xml(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
