"""Articles and corpora as plain data: ``Article``, ``Corpus``, date handling and selection.

An ``Article`` is one text with its metadata; a ``Corpus`` is an ordered collection of them with
selection (by id, source, date range) and a pandas table (``to_frame``). Dates are strings as precise
as their source: ``"YYYY"``, ``"YYYY-MM"`` or ``"YYYY-MM-DD"``, or ``None``.

One text, two forms: ``Article.text`` is the original, for display; ``Article.search`` is its search form
(``text.fold(text, form="search")``: simplified characters, half-width digits and letters, broken lines
joined …) with the map back to the original, which every finder and counter reads. It is computed once
and kept with the article; an article whose search form is its text keeps no second copy.
``Corpus.search_term`` normalises a typed term the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace

from .text import Folded, fold, han_count, search_form

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_bounds(date: str) -> tuple[dt.date, dt.date]:
    """First and last day covered by a date string ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    >>> date_bounds("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    """
    m = _DATE.match(date.strip())
    if not m:
        raise ValueError(f"not a date (want YYYY, YYYY-MM or YYYY-MM-DD): {date!r}")
    y, mo, d = int(m[1]), m[2], m[3]
    if mo is None:
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    mo = int(mo)
    if d is None:
        return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
    day = dt.date(y, mo, int(d))
    return day, day


def date_precision(date: str | None) -> str | None:
    """``"year"``, ``"month"``, ``"day"`` or ``None`` for a date string."""
    if not date:
        return None
    return {4: "year", 7: "month", 10: "day"}.get(len(date))


@dataclass
class Article:
    """One article.

    ``text`` is the cleaned body, paragraphs separated by ``"\\n"``. ``key_points`` are the bullet
    sentences; ``key_point_spans[i]`` is ``(start, end)`` of the body sentence key point ``i`` repeats,
    or ``None``. ``file`` and ``lines`` (1-based, inclusive) say where it came from; ``pages`` (1-based,
    inclusive) are the pages of a PDF it stands on, None for a file without pages. ``kicker`` is the
    line above the title (引题) when the source has one; ``boilerplate`` holds what was left out of the
    text as boilerplate (a footer found in most files, a dateline, a credit), in order; ``duplicate_of``
    is the id of the article with the same text, when duplicates are kept.
    """

    id: int
    title: str
    text: str
    title_inferred: bool = False
    subtitle: str | None = None
    byline: str | None = None
    source: str | None = None
    date: str | None = None
    kind: str = "document"
    key_points: list[str] = field(default_factory=list)
    key_point_spans: list[tuple[int, int] | None] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    file: str = ""
    lines: tuple[int, int] = (0, 0)
    pages: tuple[int, int] | None = None
    kicker: str | None = None
    boilerplate: list[str] = field(default_factory=list)
    duplicate_of: int | None = None
    normalise: bool = field(default=True, repr=False)

    @property
    def search(self) -> Folded:
        """The search form of the body with the map back to ``text`` (see ``text.fold``); the text as
        it is when ``normalise`` is off. Computed on first use and kept while the text stays the same."""
        memo = self.__dict__.get("_search")
        if memo is None or memo[0] is not self.text or memo[1] != self.normalise:
            f = fold(self.text, form="search") if self.normalise else Folded(self.text, None, len(self.text))
            if f.where is None and f.text == self.text:
                f = Folded(self.text, None, len(self.text))  # the same string: no second copy
            memo = (self.text, self.normalise, f)
            self.__dict__["_search"] = memo
        return memo[2]

    @property
    def search_text(self) -> str:
        """The search form of the body as a string (``search.text``)."""
        return self.search.text

    @property
    def paragraphs(self) -> list[str]:
        """The body split into paragraphs."""
        return [p for p in self.text.split("\n") if p]

    @property
    def chars(self) -> int:
        """Han characters of the body (of its search form: a Kangxi radical ⼗ counts as the 十 it stands for)."""
        return han_count(self.search_text)

    def to_dict(self) -> dict:
        """A JSON-ready dict (the ``studykit articles --json`` record)."""
        d = asdict(self)
        del d["normalise"]
        d["lines"] = list(self.lines)
        d["pages"] = list(self.pages) if self.pages else None
        d["key_point_spans"] = [list(s) if s else None for s in self.key_point_spans]
        return d


@dataclass
class Corpus:
    """An ordered collection of articles, indexable by article id.

    ``warnings`` holds what loading had to say (skipped files, replaced bytes, corrections applied).
    """

    articles: list[Article]
    name: str = "corpus"
    warnings: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Article]:
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)

    def _by_id(self) -> dict[int, Article]:
        """id → article, rebuilt when the list of articles has changed."""
        index = self.__dict__.get("_index")
        if index is None or len(index) != len(self.articles) or any(
            index.get(a.id) is not a for a in (self.articles[:1] + self.articles[-1:])
        ):
            index = {a.id: a for a in self.articles}
            self.__dict__["_index"] = index
        return index

    def __getitem__(self, article_id: int) -> Article:
        try:
            return self._by_id()[article_id]
        except (KeyError, TypeError):
            raise KeyError(f"no article with id {article_id}") from None

    def __contains__(self, article_id: object) -> bool:
        try:
            return article_id in self._by_id()
        except TypeError:
            return False

    @property
    def ids(self) -> list[int]:
        return [a.id for a in self.articles]

    @property
    def normalise(self) -> bool:
        """Whether the articles are searched in their search form (``load_corpus(normalise=...)``)."""
        return all(a.normalise for a in self.articles)

    def search_term(self, term: str, *, pattern: bool = False) -> str:
        """``term`` as the texts are searched: its search form (``text.search_form``; ``pattern`` for a
        regular expression), or as typed when the corpus is not normalised."""
        return search_form(term, pattern=pattern) if self.normalise else term

    def fingerprint(self) -> str:
        """A hex digest of every article's id, date and text: a cache key for derived results."""
        h = hashlib.sha256()
        for a in self.articles:
            h.update(f"{a.id}\x00{a.date}\x00".encode())
            h.update(a.text.encode("utf-8"))
            h.update(b"\x01")
        return h.hexdigest()

    def select(
        self,
        ids: Iterable[int] | None = None,
        source: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> Corpus:
        """The articles matching every given criterion (ids keep their numbers).

        ``source`` matches as a substring of the article's source. ``date_from``/``date_to`` are
        date strings; an article is kept when its whole date lies inside the range, so an article
        without a date, or dated less precisely than the range allows, is left out when a range is given.
        """
        wanted = set(ids) if ids else None
        lo = date_bounds(date_from)[0] if date_from else None
        hi = date_bounds(date_to)[1] if date_to else None
        kept = []
        for a in self.articles:
            if wanted is not None and a.id not in wanted:
                continue
            if source and source not in (a.source or ""):
                continue
            if lo or hi:
                if not a.date:
                    continue
                start, end = date_bounds(a.date)
                if (lo and start < lo) or (hi and end > hi):
                    continue
            kept.append(a)
        if wanted is not None:
            missing = wanted - {a.id for a in self.articles}
            if missing:
                raise KeyError(f"no article with id {', '.join(map(str, sorted(missing)))}")
        return Corpus(kept, name=self.name, warnings=list(self.warnings))

    def renumbered(self) -> Corpus:
        """A copy whose ids run 1..N in order."""
        return Corpus([replace(a, id=i) for i, a in enumerate(self.articles, 1)], self.name, list(self.warnings))

    def to_frame(self):
        """A pandas DataFrame, one row per article: id, title, title_inferred, source, date, kind,
        key_points (count), chars (Han characters of the body), file."""
        import pandas as pd

        rows = [
            {
                "id": a.id,
                "title": a.title,
                "title_inferred": a.title_inferred,
                "source": a.source,
                "date": a.date,
                "kind": a.kind,
                "key_points": len(a.key_points),
                "chars": a.chars,
                "file": a.file,
            }
            for a in self.articles
        ]
        cols = ["id", "title", "title_inferred", "source", "date", "kind", "key_points", "chars", "file"]
        return pd.DataFrame(rows, columns=cols)


def drop_duplicates(articles: list[Article], *, keep: bool = False, convert: bool = True
                    ) -> tuple[list[Article], list[str]]:
    """Articles whose text is the same as an earlier one's after normalisation (``text.fold``, compare
    form: spaces, full-width forms, quotes, and with ``convert`` traditional characters), counted once:
    left out, or with ``keep`` kept and marked ``duplicate_of`` (the id of the first). Returns the articles numbered 1..N in order (the given objects, renumbered)
    and one report line per text found more than once (at most ten, then one line for the rest).
    Articles without text are never duplicates."""
    first: dict[bytes, Article] = {}  # digest of the folded text → the first article with it
    out: list[Article] = []
    copies: dict[int, list[Article]] = {}  # id() of a first article → its copies
    for a, folded in zip(articles, _folded_texts(articles, convert), strict=True):
        digest = hashlib.blake2b(folded.encode("utf-8", "surrogatepass"), digest_size=16).digest() if folded else None
        original = first.get(digest) if digest is not None else None
        if original is not None:
            copies.setdefault(id(original), []).append(a)
            if keep:
                a.duplicate_of = id(original)
                out.append(a)
            continue
        if digest is not None:
            first[digest] = a
        out.append(a)
    numbers = {id(a): i for i, a in enumerate(out, 1)}
    for a in out:
        a.id = numbers[id(a)]
        a.duplicate_of = numbers[a.duplicate_of] if a.duplicate_of is not None else None
    notes = []
    originals = [a for a in out if id(a) in copies]
    for n, a in enumerate(originals):
        if n == 10:
            rest = sum(len(copies[id(b)]) for b in originals[10:])
            notes.append(f"duplicates: {rest} more article(s) repeat the text of an earlier one"
                         + ("; kept and marked duplicate_of" if keep else "; counted once"))
            break
        same = copies[id(a)]
        where = ", ".join(f"{b.file} lines {b.lines[0]}–{b.lines[1]}" for b in same[:3]) + (" …" if len(same) > 3 else "")
        notes.append(f"duplicates: \"{a.title[:20]}\" ({a.file} lines {a.lines[0]}–{a.lines[1]}) is also in {where}"
                     + ("; kept and marked duplicate_of" if keep else "; counted once"))
    return out, notes


def _folded_texts(articles: list[Article], convert: bool = True, *, batch: int = 1_000_000):
    """Each article's text in the compare form of ``text.fold``, one after another: the articles are
    folded together in batches of about ``batch`` characters (one pass per batch, however many short
    articles; the memory of one batch, however big the corpus)."""
    import numpy as np

    k = 0
    while k < len(articles):
        group, starts, at = [], [], 0  # the batch, and where each text starts in it
        while k < len(articles) and (not group or at + len(articles[k].text) <= batch):
            group.append(articles[k])
            starts.append(at)
            at += len(articles[k].text) + 1
            k += 1
        joined = "\n".join(a.text for a in group)
        f = fold(joined, convert=convert)
        bounds = np.searchsorted(f.offsets, np.asarray(starts + [len(joined)])).tolist()
        yield from (f.text[bounds[j]:bounds[j + 1]] for j in range(len(group)))
