"""A learner's notes on passages, kept per user in the user data folder's SQLite file.

A note is written on a stretch of an article's text. It keeps the article's file, title, source and
date, the offsets in the text, the passage itself (with a little context on each side), the note, its
author and when it was written and last edited. It lives in the same database as the review progress
(``progress.default_path()``: WAL mode, full syncs, one transaction per change), so it survives
closing the notebook and a killed writer. When the corpus is later repaired differently and the
offsets move, the note is found again by its passage (``anchor``); a note whose passage is gone is
reported with a ``NoteWarning`` and kept.

    store = NoteStore()                          # the current learner; NoteStore(user="小王")
    nid = store.add(article, 10, 42, "这句是全文的要点")   # an Article, or its id in store.corpus
    store.list(article)                          # that article's notes, anchored in its current text
    store.edit(nid, "…"); store.delete(nid)
    notes_markdown(store.list())                 # title, source, date, the passage quoted, the note
    store.import_file("teacher.md")              # a teacher's export; a second import adds nothing

An exported file (Markdown, HTML or JSON) carries each note's data in a comment (``<!-- studykit-note
{…} -->``), which is what ``import_file`` reads back.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import uuid
import warnings
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from . import progress
from .corpus import Article, Corpus
from .errors import NotesFileError, NoteWarning
from .markup import esc, md_esc, page
from .text import fold

CONTEXT = 20  # characters kept on each side of a passage, to tell its repeats apart

_SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL,
    user TEXT NOT NULL,
    author TEXT NOT NULL,
    file TEXT NOT NULL,
    article INTEGER NOT NULL,
    title TEXT NOT NULL,
    source TEXT,
    date TEXT,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    passage TEXT NOT NULL,
    before TEXT NOT NULL DEFAULT '',
    after TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL,
    created REAL NOT NULL,
    edited REAL NOT NULL,
    UNIQUE (user, uid)
);
CREATE INDEX IF NOT EXISTS notes_user_file ON notes(user, file);
"""
_COLUMNS = ("id", "uid", "user", "author", "file", "article", "title", "source", "date", "start", "end",
            "passage", "before", "after", "note", "created", "edited")
#: what an exported note carries (everything but the store's own row id and learner)
EXPORTED = _COLUMNS[1:2] + _COLUMNS[3:]

#: ``Note.status``: where the passage was found in the corpus the note was checked against
STATUSES = {
    "exact": "在原处 at its place",
    "moved": "已重新定位 found again by its text",
    "lost": "原文已找不到 passage no longer found",
    "elsewhere": "不在这个语料中 not in this corpus",
    "": "",
}


@dataclass(frozen=True)
class Note:
    """One note. ``start``/``end`` are offsets in the article's text (``passage`` is the text there);
    ``before``/``after`` a little text on each side; ``created``/``edited`` seconds since the epoch.

    ``article`` is the article's id in the corpus the note was checked against (else when it was
    written), ``status`` how it was found there (see ``STATUSES``; ``""``: not checked against a corpus).
    """

    id: int
    uid: str
    user: str
    author: str
    file: str
    article: int
    title: str
    source: str | None
    date: str | None
    start: int
    end: int
    passage: str
    before: str
    after: str
    note: str
    created: float
    edited: float
    status: str = ""

    @property
    def lost(self) -> bool:
        """The passage is no longer in the article's text."""
        return self.status == "lost"

    @property
    def citation(self) -> str:
        """“title” · source · date, for a line under the note."""
        return " · ".join(x for x in (f"“{self.title}”", self.source, self.date) if x)

    def to_dict(self) -> dict:
        """A JSON-ready dict of every field."""
        return asdict(self)


# ---------------------------------------------------------------- finding a passage again


def _context_score(text: str, start: int, end: int, before: str, after: str) -> int:
    """How many characters of ``before`` (read backwards) and ``after`` agree with the text around ``start:end``."""
    n = 0
    for a, b in zip(reversed(text[max(0, start - len(before)):start]), reversed(before), strict=False):
        if a != b:
            break
        n += 1
    for a, b in zip(text[end:end + len(after)], after, strict=False):
        if a != b:
            break
        n += 1
    return n


def anchor(note: Note, text: str) -> tuple[int, int, str]:
    """Where ``note``'s passage is in ``text``: ``(start, end, status)``.

    ``"exact"`` when the passage is still at the note's offsets; ``"moved"`` when it is found elsewhere
    (among several places, the one whose surrounding text agrees best with the note's, then the one
    nearest the old offsets), also when only spaces, line breaks, full-width forms or quote marks differ;
    ``"lost"`` (with the old offsets) when it is not in the text any more.
    """
    p = note.passage
    if not p:
        return note.start, note.end, "lost"
    if text[note.start:note.end] == p:
        return note.start, note.end, "exact"
    found = [m.start() for m in re.finditer(re.escape(p), text)]
    if found:
        best = max(found, key=lambda s: (_context_score(text, s, s + len(p), note.before, note.after),
                                         -abs(s - note.start)))
        return best, best + len(p), "moved"
    folded, passage = fold(text), fold(p).text
    if passage:
        hits = [m.start() for m in re.finditer(re.escape(passage), folded.text)]
        if hits:
            old = int((folded.offsets < note.start).sum())  # the old start, in folded characters
            k = min(hits, key=lambda h: abs(h - old))
            s, e = folded.span(k, k + len(passage))
            return s, e, "moved"
    return note.start, note.end, "lost"


def _candidates(note: Note, corpus: Corpus) -> list[Article]:
    """The articles of ``corpus`` the note may belong to, most likely first: those of its file (by
    name, or by its last part when the corpus was loaded from another folder), the same title first,
    then the nearest id."""
    same = [a for a in corpus if a.file == note.file]
    if not same:
        base = note.file.rsplit("/", 1)[-1]
        same = [a for a in corpus if a.file.rsplit("/", 1)[-1] == base]
    return sorted(same, key=lambda a: (a.title != note.title, abs(a.id - note.article)))


def locate(note: Note, corpus: Corpus) -> Note:
    """``note`` placed in ``corpus``: its article's current id, title, source and date, its offsets in
    that article's text and its ``status``. A note whose file is not in the corpus comes back as it
    was stored, with status ``"elsewhere"``."""
    cands = _candidates(note, corpus)
    if not cands:
        return replace(note, status="elsewhere")
    for a in cands:
        s, e, status = anchor(note, a.text)
        if status != "lost":
            return replace(note, article=a.id, title=a.title, source=a.source, date=a.date, start=s, end=e,
                           status=status)
    home = cands[0] if cands[0].title == note.title or len(cands) == 1 else None
    if home is not None:
        note = replace(note, article=home.id, source=home.source, date=home.date)
    return replace(note, status="lost")


def _warn_lost(notes: Iterable[Note]) -> None:
    for n in notes:
        if n.lost:
            warnings.warn(NoteWarning(
                f"note {n.id} on “{n.title}” ({n.file}): its passage “{_short(n.passage)}” is no longer in "
                "the text (the note is kept)"), stacklevel=3)


def _short(text: str, n: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


# ---------------------------------------------------------------- choosing a passage

PICK = ("sentence", "key_point", "kwic")


def passage_options(article: Article, by: str = "sentence", *, term: str | None = None, regex: bool = False,
                    width: int = 12) -> list[tuple[str, tuple[int, int]]]:
    """The passages of ``article`` a note can be written on, as ``(label, (start, end))`` for a list
    control (labels are plain text).

    ``by="sentence"``: every sentence (``text.sentences``), numbered; ``"key_point"``: the body
    sentence of each key point that has one; ``"kwic"``: the sentence around each occurrence of
    ``term``, labelled as a KWIC line. Raises ``ValueError`` for another ``by`` or a bad expression.

    Args:
        term: the KWIC term (``by="kwic"`` only).
        regex: ``term`` is a regular expression.
        width: characters of context each side in a KWIC label.
    """
    from .text import sentence_span, sentences

    text = article.text
    if by == "sentence":
        return [(f"{i}. {_short(text[s:e], 40)}", (s, e)) for i, (s, e) in enumerate(sentences(text), 1)]
    if by == "key_point":
        return [(f"要点 {i + 1} · {_short(kp, 40)}", tuple(span))
                for i, (kp, span) in enumerate(zip(article.key_points, article.key_point_spans, strict=False))
                if span]
    if by == "kwic":
        if not (term or "").strip():
            return []
        from .counts import kwic

        hits = kwic(Corpus([article]), term.strip(), width=width, regex=regex)
        return [(f"{h.left}【{h.match}】{h.right}", sentence_span(text, int(h.offset), int(h.offset) + len(h.match)))
                for h in hits.itertuples()]
    raise ValueError(f"by must be one of {', '.join(PICK)}, not {by!r}")


# ---------------------------------------------------------------- the store


class NoteStore:
    """The notes of one learner ``user`` (default: the login name) in the SQLite file ``path``
    (default: the review-progress database in the user data folder).

    ``corpus`` is the corpus the notes are read against: it turns article ids into articles and lets
    ``list`` find each passage again in the current text; without one, the bundled corpus (or
    ``STUDYKIT_CORPUS``) is loaded the first time an id needs it. Several learners can share one file;
    every method works on ``self.user``'s notes only.
    """

    def __init__(self, user: str | None = None, *, path: str | Path | None = None,
                 corpus: Corpus | None = None) -> None:
        self.path = Path(path) if path else progress.default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.user = user or progress.default_user()
        self._corpus = corpus
        self._db = progress.connect(self.path, _SCHEMA)

    def close(self) -> None:
        """Close the connection (every change is already saved)."""
        self._db.close()

    def __enter__(self) -> NoteStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def corpus(self) -> Corpus:
        """The corpus article ids refer to (loaded on first use when none was given)."""
        if self._corpus is None:
            from .sources import load_corpus

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._corpus = load_corpus()
        return self._corpus

    def _article(self, article: Article | int) -> Article:
        return article if isinstance(article, Article) else self.corpus[article]

    # -- changes ------------------------------------------------------------------------------
    def add(self, article: Article | int, start: int, end: int, note: str) -> int:
        """Save ``note`` on ``article.text[start:end]`` (``article``: an ``Article`` or its id) and return
        the new note's id. Raises ``ValueError`` for offsets outside the text, an empty passage or an
        empty note, ``KeyError`` for an unknown article id."""
        a = self._article(article)
        start, end = int(start), int(end)
        if not 0 <= start < end <= len(a.text):
            raise ValueError(f"offsets {start}–{end} are not a passage of article {a.id} "
                             f"(its text has {len(a.text)} characters)")
        if not a.text[start:end].strip():
            raise ValueError("the passage is empty: choose some text")
        if not (note or "").strip():
            raise ValueError("the note is empty: write something")
        now = time.time()
        row = dict(uid=uuid.uuid4().hex, user=self.user, author=self.user, file=a.file, article=a.id,
                   title=a.title, source=a.source, date=a.date, start=start, end=end,
                   passage=a.text[start:end], before=a.text[max(0, start - CONTEXT):start],
                   after=a.text[end:end + CONTEXT], note=note.strip(), created=now, edited=now)
        return self._insert(row)

    def _insert(self, row: dict) -> int:
        cols = [c for c in _COLUMNS if c != "id"]
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            cur = db.execute(f"INSERT INTO notes({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                             [row[c] for c in cols])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return int(cur.lastrowid)

    def _change(self, sql: str, args: tuple, note_id: int) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            cur = db.execute(sql, args)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        if cur.rowcount == 0:
            raise KeyError(f"no note {note_id} of {self.user}")

    def edit(self, note_id: int, note: str) -> None:
        """Replace the text of note ``note_id``. Raises ``KeyError`` for an unknown id, ``ValueError``
        for an empty note."""
        if not (note or "").strip():
            raise ValueError("the note is empty: write something, or delete the note")
        self._change("UPDATE notes SET note=?, edited=? WHERE id=? AND user=?",
                     (note.strip(), time.time(), int(note_id), self.user), note_id)

    def delete(self, note_id: int) -> None:
        """Delete note ``note_id``. Raises ``KeyError`` for an unknown id."""
        self._change("DELETE FROM notes WHERE id=? AND user=?", (int(note_id), self.user), note_id)

    # -- reading ------------------------------------------------------------------------------
    def _rows(self, where: str = "", args: tuple = ()) -> list[Note]:
        sql = f"SELECT {', '.join(_COLUMNS)} FROM notes WHERE user=?{where} ORDER BY id"
        return [Note(*r) for r in self._db.execute(sql, (self.user, *args))]

    def get(self, note_id: int) -> Note:
        """Note ``note_id`` as stored. Raises ``KeyError`` for an unknown id."""
        found = self._rows(" AND id=?", (int(note_id),))
        if not found:
            raise KeyError(f"no note {note_id} of {self.user}")
        return found[0]

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM notes WHERE user=?", (self.user,)).fetchone()[0])

    def list(self, article: Article | int | None = None, term: str | None = None, *,
             corpus: Corpus | None = None) -> list[Note]:
        """This learner's notes, in text order: those of ``article`` (an ``Article`` or its id), or all.

        Each note is found again in the current text of ``corpus`` (default: the store's corpus when
        an article is asked for, else none): its offsets follow the text and ``status`` says how it
        was found; a note whose passage is gone is kept and reported with a ``NoteWarning``. ``term``
        keeps the notes whose note or passage contains it (case-insensitive).
        """
        if article is not None:
            a = self._article(article)
            pool = corpus if corpus is not None else self._corpus
            scope = Corpus([a, *(b for b in (pool or []) if b.file == a.file and b.id != a.id)])
            base = a.file.rsplit("/", 1)[-1]
            notes = [locate(n, scope) for n in self._rows() if n.file.rsplit("/", 1)[-1] == base]
            notes = [n for n in notes if n.article == a.id and n.status != "elsewhere"]
        else:
            notes = self._rows()
            if corpus is not None:
                notes = [locate(n, corpus) for n in notes]
        if term and term.strip():
            t = term.strip().lower()
            notes = [n for n in notes if t in n.note.lower() or t in n.passage.lower()]
        _warn_lost(notes)
        return sorted(notes, key=lambda n: (n.file, n.article, n.start, n.id))

    # -- files --------------------------------------------------------------------------------
    def import_notes(self, records: Iterable[dict]) -> dict[str, int]:
        """Take exported notes (dicts with the ``EXPORTED`` keys) into this learner's store.

        A note already here (same ``uid``) is not added again; when the imported copy was edited later
        its text replaces this one. Returns the counts ``added``, ``updated`` and ``unchanged``.
        """
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        for r in records:
            row = {k: r.get(k) for k in EXPORTED}
            old = self._db.execute("SELECT id, note, edited FROM notes WHERE user=? AND uid=?",
                                   (self.user, row["uid"])).fetchone()
            if old is None:
                self._insert({**row, "user": self.user})
                counts["added"] += 1
            elif float(row["edited"]) > old[2] and row["note"] != old[1]:
                self._change("UPDATE notes SET note=?, edited=? WHERE id=? AND user=?",
                             (row["note"], float(row["edited"]), old[0], self.user), old[0])
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        return counts

    def import_file(self, path: str | Path) -> dict[str, int]:
        """Import the notes of a file written by ``studykit notes export`` (Markdown, HTML or JSON);
        see ``import_notes``. Raises ``NotesFileError`` when the file holds no studykit notes."""
        return self.import_notes(read_notes_file(path))


# ---------------------------------------------------------------- exported files

_COMMENT = re.compile(r"<!-- studykit-note (\{.*?\}) -->")
MARK = "<!-- studykit-notes 1 -->"  # the first line of an exported file: a file of no notes imports too


def _record(n: Note) -> dict:
    return {k: getattr(n, k) for k in EXPORTED}


def _comment(n: Note) -> str:
    """The note's data as an HTML comment: JSON with ``--`` written ``-\\u002d`` so it cannot end the comment."""
    data = json.dumps(_record(n), ensure_ascii=False, sort_keys=True).replace("--", "-\\u002d")
    return f"<!-- studykit-note {data} -->"


def _check(records: list, path: Path) -> list[dict]:
    good = []
    for r in records:
        if not isinstance(r, dict) or not all(k in r for k in EXPORTED):
            raise NotesFileError(f"{path}: a note lacks some of {', '.join(EXPORTED)}")
        try:
            r = {**r, "article": int(r["article"]), "start": int(r["start"]), "end": int(r["end"]),
                 "created": float(r["created"]), "edited": float(r["edited"])}
        except (TypeError, ValueError) as e:
            raise NotesFileError(f"{path}: a note has a wrong number ({e})") from e
        if not all(isinstance(r[k], str) for k in ("uid", "author", "file", "title", "passage", "note")):
            raise NotesFileError(f"{path}: a note has a field of the wrong kind")
        good.append(r)
    return good


def read_notes_file(path: str | Path) -> list[dict]:
    """The note records of an exported notes file (Markdown or HTML with ``studykit-note`` comments, or
    a JSON list). Raises ``NotesFileError`` naming the file when it holds none or a damaged one."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise NotesFileError(f"{path}: not a UTF-8 text file") from e
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise NotesFileError(f"{path}: not valid JSON ({e})") from e
        if not isinstance(data, list):
            raise NotesFileError(f"{path}: want a JSON list of notes")
        return _check(data, path)
    found = []
    for m in _COMMENT.finditer(text):
        try:
            found.append(json.loads(m.group(1)))
        except json.JSONDecodeError as e:
            raise NotesFileError(f"{path}: a damaged note ({e})") from e
    if not found and MARK not in text:
        raise NotesFileError(f"{path}: no studykit notes in this file (export them with `studykit notes export`)")
    return _check(found, path)


def when(seconds: float) -> str:
    """Local date and time, to the minute."""
    return dt.datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M")


def _by_article(notes: Iterable[Note]) -> list[list[Note]]:
    groups: dict[tuple, list[Note]] = {}
    for n in notes:
        groups.setdefault((n.file, n.article, n.title), []).append(n)
    return list(groups.values())


def _heading(user: str | None, count: int) -> tuple[str, str]:
    who = f" · {user}" if user else ""
    return f"笔记 Notes{who}", f"{count} 条笔记 notes · 导出于 exported {when(time.time())}"


def notes_markdown(notes: Iterable[Note], user: str | None = None) -> str:
    """Markdown of ``notes``, grouped by article: the title, source, date and file; then for each note
    the passage as a quote, the note, its author and time, and a comment that ``import_file`` reads.
    Every corpus string and note is escaped (``markup.md_esc``), so it shows as text."""
    notes = list(notes)
    title, meta = _heading(user, len(notes))
    out = [MARK, "", f"# {md_esc(title)}", "", md_esc(meta), ""]
    for group in _by_article(notes):
        first = group[0]
        out += [f"## {md_esc(first.title)}", "",
                md_esc(" · ".join(x for x in (f"来源 source：{first.source or '—'}", f"日期 date：{first.date or '—'}",
                                              f"文件 file：{first.file}") if x)), ""]
        for n in group:
            out += ["> " + md_esc(line) if line.strip() else ">" for line in n.passage.split("\n")]
            out.append("")
            out += [md_esc(line) + "  " for line in n.note.split("\n")]
            extra = f" · {STATUSES[n.status]}" if n.status in ("moved", "lost") else ""
            out += ["", f"*— {md_esc(n.author)}，{when(n.edited)}{md_esc(extra)}*", "", _comment(n), ""]
    if not notes:
        out += ["还没有笔记 / no notes yet.", ""]
    return "\n".join(out)


NOTES_STYLE = """
@page { size: A4; margin: 18mm 16mm; }
html { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; font-size: 12pt; line-height: 1.75; color: #111; }
body { max-width: 178mm; margin: 1.5em auto; padding: 0 1em; overflow-wrap: anywhere; }
h1 { font-size: 1.6em; margin: 0 0 0.2em; }
h2 { font-size: 1.2em; margin: 1.4em 0 0.2em; border-bottom: 1px solid #999; break-after: avoid; }
.sk-meta { color: #444; font-size: 0.9em; }
.sk-note { break-inside: avoid; margin: 0.8em 0 1.2em; }
blockquote { margin: 0.3em 0; padding: 0.2em 0.8em; border-left: 4px solid #e0a800; background: #fff8dc; }
.sk-note-text { margin: 0.3em 0 0.1em; }
.sk-by { color: #555; font-size: 0.85em; }
.sk-lost { color: #a00; }
@media print { blockquote { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def notes_html(notes: Iterable[Note], user: str | None = None) -> str:
    """A printable HTML page of ``notes`` (as ``notes_markdown``, every string escaped), which
    ``import_file`` can read back."""
    notes = list(notes)
    title, meta = _heading(user, len(notes))
    parts = [MARK, f"<h1>{esc(title)}</h1>", f'<p class="sk-meta">{esc(meta)}</p>']
    for group in _by_article(notes):
        first = group[0]
        parts.append(f"<h2>{esc(first.title)}</h2>")
        parts.append(f'<div class="sk-meta">来源 source：{esc(first.source or "—")} · 日期 date：'
                     f'{esc(first.date or "—")} · 文件 file：{esc(first.file)}</div>')
        for n in group:
            flag = f' <span class="sk-lost">{esc(STATUSES["lost"])}</span>' if n.lost else ""
            parts.append(f'<div class="sk-note"><blockquote>{esc(n.passage, breaks=True)}</blockquote>'
                         f'<p class="sk-note-text">{esc(n.note, breaks=True)}</p>'
                         f'<div class="sk-by">— {esc(n.author)}，{esc(when(n.edited))}{flag}</div>'
                         f"{_comment(n)}</div>")
    if not notes:
        parts.append("<p>还没有笔记 / no notes yet.</p>")
    return page(title, "\n".join(parts), NOTES_STYLE)


def notes_json(notes: Iterable[Note]) -> str:
    """The notes as a JSON list of records (``EXPORTED`` keys plus ``status``), readable by ``import_file``."""
    return json.dumps([{**_record(n), "status": n.status} for n in notes], ensure_ascii=False, indent=1)

