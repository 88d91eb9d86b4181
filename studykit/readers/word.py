"""Word files (``.docx``), read with the standard library's ``zipfile`` and ``xml.etree``.

- Paragraphs in document order, text of runs, hyperlinks, insertions and content controls (deleted
  text, field codes and the fallback copies of text boxes left out); a line break inside a paragraph
  starts a new line, except inside a heading.
- Tables: each row one line, its cells joined with `` | ``.
- Footnotes and endnotes: the reference stays as ``[1]`` in the text and the note follows its paragraph
  as a ``※[1] …`` line, so that the repair keeps it among the article's notes.
- Headings: a paragraph whose style (or a style it is based on) is a heading (``Heading 1``/``标题 1``,
  ``Heading 2``/``标题 2`` …, or a style with an outline level), or a short bold centred paragraph that
  is not a numbered section. The headings give the articles and their titles as the outline of a
  PDF does (``readers.outline``); the document's ``Title`` style stands above them.
- Kangxi radicals and compatibility ideographs (a Word file made from a PDF has them) become the unified
  characters.

A password-protected or damaged file gives a ``Document`` whose ``skipped`` says so; parsed files are
kept in the per-user cache, keyed by their bytes and this code.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from ..text import clean, unify_han
from .document import Document
from .outline import Heading, Paragraph, parts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
SHORT_HEADING = 40  # characters a bold centred paragraph has at most to be a heading
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_TITLE_NAME = re.compile(r"^(?:title|标题)$", re.I)
_SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}[、是]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d)|——)")
_SKIPPED = {f"{W}del", f"{W}instrText", f"{W}delText", MC_FALLBACK, f"{W}footnoteRef", f"{W}endnoteRef",
            f"{W}rPr", f"{W}pPr"}


def read(path: Path) -> Document:
    """The ``Document`` of a ``.docx`` file (see the module doc)."""
    from .. import cache

    try:
        raw = path.read_bytes()
    except OSError as e:
        return Document(skipped=f"cannot read it ({e.strerror or e})")
    key = cache.key_of("docx", cache.code_version(sys.modules[__name__]), raw)
    done = cache.load("docx", key)
    if isinstance(done, Document):
        return done
    doc = from_bytes(raw)
    cache.save("docx", key, doc)
    return doc


def from_bytes(raw: bytes) -> Document:
    """The ``Document`` of a ``.docx`` given as bytes."""
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return Document(skipped="a password-protected or old-format (.doc) Word file: open it in Word or WPS "
                                "and save it as .docx without a password, or as PDF")
    try:
        z = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        return Document(skipped="damaged: not a readable .docx (its zip archive is broken or cut short)")
    try:
        with z:
            names = set(z.namelist())
            if "word/document.xml" not in names:
                return Document(skipped="not a Word document (a zip archive without word/document.xml)")
            body = ET.fromstring(z.read("word/document.xml"))
            styles = _styles(ET.fromstring(z.read("word/styles.xml"))) if "word/styles.xml" in names else {}
            notes = {}
            for part, tag in (("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote")):
                if part in names:
                    notes[tag] = _notes(ET.fromstring(z.read(part)), tag)
    except (ET.ParseError, zipfile.BadZipFile, KeyError, OSError, EOFError) as e:
        return Document(skipped=f"damaged: its XML cannot be read ({e})")
    reader = _Reader(styles, notes)
    root = body.find(f"{W}body")
    if root is not None:
        reader.block(root)
    out = parts(reader.paragraphs, reader.headings)
    if not out:
        return Document(skipped="no text in it")
    return Document(out)


# ---------------------------------------------------------------- styles and notes


@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    outline: int | None = None  # 0-based outline level (9: body text)
    bold: bool | None = None
    centred: bool | None = None


def _styles(root: ET.Element) -> dict[str, _Style]:
    """styleId → its name, parent, outline level, bold and centring, as ``styles.xml`` gives them."""
    out = {}
    for st in root.iter(f"{W}style"):
        sid = st.get(f"{W}styleId")
        if not sid:
            continue
        name = st.find(f"{W}name")
        based = st.find(f"{W}basedOn")
        ppr, rpr = st.find(f"{W}pPr"), st.find(f"{W}rPr")
        lvl = ppr.find(f"{W}outlineLvl") if ppr is not None else None
        jc = ppr.find(f"{W}jc") if ppr is not None else None
        out[sid] = _Style(
            name=(name.get(f"{W}val") or "") if name is not None else "",
            based_on=based.get(f"{W}val") if based is not None else None,
            outline=int(lvl.get(f"{W}val")) if lvl is not None and (lvl.get(f"{W}val") or "").isdigit() else None,
            bold=_on(rpr.find(f"{W}b")) if rpr is not None and rpr.find(f"{W}b") is not None else None,
            centred=(jc.get(f"{W}val") == "center") if jc is not None else None,
        )
    return out


def _on(el: ET.Element | None) -> bool:
    """Is a toggle property (``<w:b/>``, ``<w:b w:val="0"/>``) switched on?"""
    return el is not None and el.get(f"{W}val", "true").lower() not in ("0", "false", "off", "none")


def _inherited(styles: dict[str, _Style], sid: str | None, attr: str):
    """The value of ``attr`` for style ``sid``, looked up through the styles it is based on."""
    seen = set()
    while sid and sid in styles and sid not in seen:
        seen.add(sid)
        v = getattr(styles[sid], attr)
        if v is not None:
            return v
        sid = styles[sid].based_on
    return None


def _level(styles: dict[str, _Style], sid: str | None) -> int | None:
    """The heading level (0 for the document's Title, 1, 2 …) a paragraph style gives, or None."""
    seen = set()
    while sid and sid in styles and sid not in seen:
        seen.add(sid)
        st = styles[sid]
        m = _HEADING_NAME.match(st.name.strip())
        if m:
            return int(m[1])
        if _TITLE_NAME.match(st.name.strip()):
            return 0
        if st.outline is not None and st.outline < 9:
            return st.outline + 1
        sid = st.based_on
    return None


def _notes(root: ET.Element, tag: str) -> dict[str, str]:
    """Note id → its text, for the foot- or endnotes of ``root``."""
    out = {}
    for n in root.iter(f"{W}{tag}"):
        if n.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        texts = []
        for p in n.iter(f"{W}p"):
            texts.append("".join(_Reader.run_text(p, {})).strip())
        out[n.get(f"{W}id") or ""] = " ".join(t for t in texts if t)
    return out


# ---------------------------------------------------------------- the body


class _Reader:
    """Walks the body, collecting paragraphs (one a line) and headings."""

    def __init__(self, styles: dict[str, _Style], notes: dict[str, dict[str, str]]):
        self.styles, self.notes = styles, notes
        self.paragraphs: list[Paragraph] = []
        self.headings: list[Heading] = []
        self.numbers: dict[tuple[str, str], int] = {}  # (kind, note id) → the number shown in the text
        self.after_heading = False

    def block(self, el: ET.Element) -> None:
        """Paragraphs and tables of ``el`` (the body, a content control, a table cell) in order."""
        for child in el:
            if child.tag == f"{W}p":
                self.paragraph(child)
            elif child.tag == f"{W}tbl":
                self.table(child)
            elif child.tag in (f"{W}sdt", f"{W}customXml", f"{W}sdtContent", f"{W}ins", f"{W}smartTag"):
                self.block(child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" and
                           child.find(f"{W}sdtContent") is not None else child)

    @staticmethod
    def run_text(el: ET.Element, refs: dict) -> list[str]:
        """The text pieces of a paragraph in order; ``refs`` turns a note reference element into its mark."""
        out: list[str] = []

        def walk(e: ET.Element) -> None:
            for c in e:
                tag = c.tag
                if tag in _SKIPPED:
                    continue
                if tag == f"{W}t":
                    out.append(c.text or "")
                elif tag in (f"{W}tab", f"{W}ptab"):
                    out.append(" ")
                elif tag in (f"{W}br", f"{W}cr"):
                    if c.get(f"{W}type") not in ("page", "column"):
                        out.append("\n")
                elif tag == f"{W}noBreakHyphen":
                    out.append("-")
                elif tag == f"{W}sym":
                    try:
                        out.append(chr(int(c.get(f"{W}char") or "", 16)))
                    except ValueError:
                        pass
                elif tag in (f"{W}footnoteReference", f"{W}endnoteReference") and refs is not None:
                    out.append(refs.get(id(c), ""))
                else:
                    walk(c)

        walk(el)
        return out

    def paragraph(self, p: ET.Element) -> None:
        refs, notes = {}, []
        for kind in ("footnote", "endnote"):
            for r in p.iter(f"{W}{kind}Reference"):
                nid = r.get(f"{W}id") or ""
                key = (kind, nid)
                if key not in self.numbers:
                    self.numbers[key] = len(self.numbers) + 1
                mark = f"[{self.numbers[key]}]"
                refs[id(r)] = mark
                text = self.notes.get(kind, {}).get(nid)
                if text:
                    notes.append(f"※{mark} {text}")
        text = unify_han(clean("".join(self.run_text(p, refs))))
        level = self._heading_level(p, text)
        if level is not None and text.strip():
            title = " ".join(text.replace("\n", "").split())
            self.headings.append(Heading(level, title, len(self.paragraphs)))
            self.paragraphs.append(Paragraph(title))
            self.after_heading = True
        else:
            for line in text.split("\n"):
                if line.strip():
                    self.paragraphs.append(Paragraph(" ".join(line.split())))
                    self.after_heading = False
        for n in notes:
            self.paragraphs.append(Paragraph(" ".join(unify_han(clean(n)).split())))

    def _heading_level(self, p: ET.Element, text: str) -> int | None:
        """The heading level of a paragraph: by its style or outline level, or 1 for a short bold centred
        paragraph that is no numbered section and does not follow a heading (a subtitle)."""
        ppr = p.find(f"{W}pPr")
        sid = None
        if ppr is not None:
            ps = ppr.find(f"{W}pStyle")
            sid = ps.get(f"{W}val") if ps is not None else None
            own = ppr.find(f"{W}outlineLvl")
            if own is not None and (own.get(f"{W}val") or "").isdigit() and int(own.get(f"{W}val")) < 9:
                return int(own.get(f"{W}val")) + 1
        level = _level(self.styles, sid)
        if level is not None:
            return level
        flat = text.strip()
        if not flat or len(flat) > SHORT_HEADING or flat[-1] in "。！？；：!?;:" or _SECTION.match(flat) \
                or self.after_heading:
            return None
        jc = ppr.find(f"{W}jc") if ppr is not None else None
        centred = jc.get(f"{W}val") == "center" if jc is not None else bool(_inherited(self.styles, sid, "centred"))
        if not centred:
            return None
        style_bold = bool(_inherited(self.styles, sid, "bold"))
        runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()]
        if not runs:
            return None
        for r in runs:
            rpr = r.find(f"{W}rPr")
            b = rpr.find(f"{W}b") if rpr is not None else None
            if not (_on(b) if b is not None else style_bold):
                return None
        return 1

    def table(self, tbl: ET.Element) -> None:
        """Each row of a table as one line, its cells joined with `` | `` (a nested table's rows follow)."""
        for tr in tbl.findall(f"{W}tr"):
            cells = []
            for tc in tr.findall(f"{W}tc"):
                texts = [unify_han(clean("".join(self.run_text(p, {})))) for p in tc.iter(f"{W}p")]
                cell = " ".join(" ".join(t.split()) for t in texts if t.strip())
                cells.append(cell)
            line = " | ".join(c for c in cells if c)
            if line:
                self.paragraphs.append(Paragraph(line))
        self.after_heading = False
