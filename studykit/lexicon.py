"""Formulations, stop words and themes: loading and validating the editable data files.

Three plain-text formats, all UTF-8 (a BOM and CRLF line ends are accepted), ``#`` starting a comment
line, blank lines ignored:

- lexicon (``data/lexicon.txt``): ``canonical | variants | components`` — the formulation, other
  wordings of it, and for numbered formulations their parts (``四个意识 | | 政治意识、大局意识、核心意识、看齐意识``);
- stop words (``data/stopwords.txt``, ``data/stock_phrases.txt``): one word a line;
- themes (``data/themes.txt``): ``name: term、term、term``, read by ``studykit.themes`` with the helpers here.

Items inside a field are separated by ``、``, ``，`` or ``,``; when a field contains ``；`` or ``;``,
only those separate items (so an item may itself contain ``、``). A malformed line raises
``LexiconError`` naming the file and the line number (a user's own file in the data folder is then
left out with a ``LexiconWarning`` saying the same, and the bundled data is used). Users add their own
files through the ``extra`` arguments, or put ``lexicon.txt``, ``stopwords.txt`` or ``themes.txt`` in their data folder
(``user_file(name)``), where every function picks them up; later files add to (and for a repeated
canonical form or theme, replace) earlier entries.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import paths
from .errors import LexiconError, LexiconWarning
from .text import NUMERAL_CHARS, WORD_RE, numeral

_NUMBERED = re.compile(rf"^第?([{NUMERAL_CHARS}百]+)个")


@dataclass(frozen=True)
class Entry:
    """One formulation: its canonical form, other wordings, and (numbered ones) its components."""

    canonical: str
    variants: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    file: str = ""
    line: int = 0

    @property
    def forms(self) -> tuple[str, ...]:
        """The canonical form followed by the variants."""
        return (self.canonical, *self.variants)


@dataclass(frozen=True)
class Lexicon:
    """The formulations in file order; look one up by any of its forms with ``lex.get(form)``."""

    entries: tuple[Entry, ...]

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, form: str) -> Entry | None:
        """The entry having ``form`` as canonical form or variant, or None."""
        for e in self.entries:
            if form in e.forms:
                return e
        return None

    def words(self) -> list[str]:
        """Every form of every entry, without duplicates, in file order (the tokenizer's user words)."""
        return list(dict.fromkeys(f for e in self.entries for f in e.forms))

    def fingerprint(self) -> str:
        """A hex digest of the entries: part of the cache key of segmented text."""
        h = hashlib.sha256()
        for e in self.entries:
            h.update("|".join([e.canonical, "、".join(e.variants), "；".join(e.components)]).encode())
            h.update(b"\n")
        return h.hexdigest()


def numeral_value(text: str) -> int | None:
    """The value of a Chinese numeral from 一 to 九十九 (两 counts as 2), or None (see ``text.numeral``).

    >>> numeral_value("十二"), numeral_value("两"), numeral_value("二十")
    (12, 2, 20)
    """
    return numeral(text) if len(text) == 1 or "十" in text else None


def numbered_value(term: str) -> int | None:
    """N for a formulation that starts with "N个" (四个意识 → 4, 十二个必须 → 12), else None."""
    m = _NUMBERED.match(term)
    return numeral_value(m[1]) if m else None


def read_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """(line number, stripped text) of each non-blank, non-comment line of a UTF-8 text file.

    A leading BOM and CRLF/CR line ends are accepted. Undecodable bytes raise ``LexiconError``.
    """
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise LexiconError(path, line, "not UTF-8 text") from e
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip().lstrip("\ufeff")
        if line and not line.startswith("#"):
            yield n, line


def split_items(field: str) -> list[str]:
    """The items of one field: separated by ；/; if present, else by 、，, ; blanks dropped."""
    seps = r"[；;]" if re.search(r"[；;]", field) else r"[、，,]"
    return [s.strip() for s in re.split(seps, field) if s.strip()]


def check_item(item: str, path, n: int, what: str) -> None:
    """Raise ``LexiconError`` (file ``path``, line ``n``) unless ``item`` is one word with a Han character or letter."""
    if re.search(r"\s", item):
        raise LexiconError(path, n, f"{what} {item!r} contains a space (one entry a line; separate items with 、)")
    if not WORD_RE.search(item):
        raise LexiconError(path, n, f"{what} {item!r} has no Chinese character or letter")


def parse_lexicon(path: str | Path) -> list[Entry]:
    """The entries of one lexicon file, validated line by line."""
    entries = []
    for n, line in read_lines(path):
        fields = [f.strip() for f in line.split("|")]
        if len(fields) > 3:
            raise LexiconError(path, n, f"{len(fields)} fields separated by | (want: canonical | variants | components)")
        canonical = fields[0]
        if not canonical:
            raise LexiconError(path, n, "the canonical form (first field) is empty")
        check_item(canonical, path, n, "canonical form")
        variants = split_items(fields[1]) if len(fields) > 1 else []
        components = split_items(fields[2]) if len(fields) > 2 else []
        for v in variants:
            check_item(v, path, n, "variant")
        for c in components:
            check_item(c, path, n, "component")
        want = numbered_value(canonical)
        if components and want is not None and want != len(components):
            raise LexiconError(path, n, f"{canonical} has {len(components)} components, its number says {want}")
        entries.append(Entry(canonical, tuple(variants), tuple(components), str(path), n))
    return entries


def user_file(name: str) -> Path:
    """Where a user's own ``lexicon.txt``, ``stopwords.txt`` or ``themes.txt`` is picked up by default:
    the per-user data folder (``STUDYKIT_DATA_DIR`` overrides it)."""
    return paths.user_data_dir() / name


def standard_files(name: str, parse) -> list[Path]:
    """The bundled file ``name`` and, if it exists and ``parse`` reads it cleanly, the user's own file of that name.

    A user file with a bad line is left out with one warning naming the file and the line, so every
    command still runs with the bundled data (a file passed explicitly still raises ``LexiconError``).
    """
    files = [paths.data_file(name)]
    f = user_file(name)
    if f.is_file() and _user_file_ok(name, parse, *_stamp(f)):
        files.append(f)
    return files


@lru_cache(maxsize=32)
def _user_file_ok(name: str, parse, path: str, _mtime: float, _size: int) -> bool:
    """Does the user's file parse? Warns once per version of the file when it does not."""
    import warnings

    try:
        parse(path)
    except (LexiconError, OSError) as e:
        warnings.warn(f"{e} — your {name} is left out; using the bundled one", LexiconWarning, stacklevel=4)
        return False
    return True


def load_lexicon(extra: Iterable[str | Path] = (), bundled: bool = True) -> Lexicon:
    """The bundled lexicon (``data/lexicon.txt``) and the user's ``lexicon.txt`` (see ``user_file``),
    plus the files in ``extra``; with ``bundled=False`` only the files in ``extra``.

    An entry whose canonical form was already defined replaces the earlier one.
    """
    files = (standard_files("lexicon.txt", parse_lexicon) if bundled else []) + [Path(p) for p in extra]
    return _load_lexicon(tuple(_stamp(f) for f in files))


def _stamp(f: Path) -> tuple[str, float, int]:
    st = Path(f).stat()
    return str(f), st.st_mtime, st.st_size


@lru_cache(maxsize=8)
def _load_lexicon(stamps: tuple[tuple[str, float, int], ...]) -> Lexicon:
    by_canonical: dict[str, Entry] = {}
    for f, _, _ in stamps:
        for e in parse_lexicon(f):
            by_canonical.pop(e.canonical, None)
            by_canonical[e.canonical] = e
    return Lexicon(tuple(by_canonical.values()))


def parse_words(path: str | Path) -> list[str]:
    """The words of a one-word-a-line file (stop words, stock phrases)."""
    words = []
    for n, line in read_lines(path):
        if re.search(r"\s", line):
            raise LexiconError(path, n, f"{line!r} contains a space (one word a line)")
        words.append(line)
    return words


def load_stopwords(extra: Iterable[str | Path] = (), stock_phrases: bool = False, bundled: bool = True) -> frozenset[str]:
    """Bundled stop words with the user's ``stopwords.txt`` (unless ``bundled=False``), the bundled stock
    phrases if ``stock_phrases``, and the files in ``extra``."""
    files = standard_files("stopwords.txt", parse_words) if bundled else []
    if stock_phrases:
        files.append(paths.data_file("stock_phrases.txt"))
    files += [Path(p) for p in extra]
    return _load_words(tuple(_stamp(f) for f in files))


@lru_cache(maxsize=8)
def _load_words(stamps: tuple[tuple[str, float, int], ...]) -> frozenset[str]:
    return frozenset(w for f, _, _ in stamps for w in parse_words(f))
