"""Finding corpus files and loading them into a ``Corpus``.

``load_corpus(paths=None, *, corrections=None)`` is the entry point: no argument reads the bundled
compilation. A path may be a file or a folder (searched recursively for the suffixes the readers know,
``readers.SUFFIXES``). Each file is read by the reader for its format (``studykit.readers``: decoding,
line ends, zero-width and bidi controls, HTML and Markdown reduced to their text) and then repaired by
``studykit.repair`` into articles. Files that cannot be read (empty, binary, compressed, mostly
undecodable) are skipped with one warning each; the others still load. Warnings go through
``warnings.warn`` (category ``CorpusWarning``) and are kept in ``Corpus.warnings``.
Corpus files are only read, never written.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from . import paths as _paths
from .corpus import Article, Corpus
from .errors import CorpusWarning, LoadError, NoTextError
from .readers import SUFFIXES, Document, read

__all__ = ["CorpusWarning", "LoadError", "NoTextError", "corpus_files", "load_corpus", "read_file"]


def read_file(path: Path) -> tuple[Document | None, list[str]]:
    """The ``Document`` of one corpus file and warnings about it (each naming the file).

    ``None`` when the file is skipped; a warning then names the file and says why.
    """
    doc = read(path)
    if doc.skipped or not doc.parts:
        return None, [*doc.warnings, f"skipped {path}: {doc.skipped or 'no text in it'}"]
    return doc, doc.warnings


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


def load_corpus(paths: str | os.PathLike | list | None = None, *,
                corrections: str | os.PathLike | None = None, normalise: bool = True) -> Corpus:
    """Load a corpus from files/folders (default: the bundled compilation) and return a ``Corpus``.

    Articles are numbered 1..N in file order and document order. ``corrections`` names a corrections
    file (TOML or YAML, see ``studykit.corrections``); without it, a ``corrections.toml``/``.yaml``
    beside the corpus is used when there is one (when it is malformed, a warning names file and line and
    the corpus loads uncorrected). ``normalise`` (on by default): every article gets its search form
    (``Article.search``: traditional characters as simplified, full-width digits and letters as
    half-width, Kangxi radicals, zero-width characters and broken lines repaired) for every finder
    and counter, the original text staying as it is for display; ``normalise=False`` searches the
    text exactly as written. Raises ``NoTextError`` when no file could be loaded, ``LoadError``
    when the ``corrections`` file named here is malformed.
    """
    from . import cache, corpus, repair
    from .corrections import apply_corrections, find_corrections, load_corrections

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
        doc, msgs = read_file(path)
        for m in msgs:
            _warn(m, notes)
        if doc is not None:
            texts[name] = doc.text
    if not texts:
        what = ", ".join(map(str, roots)) or "(nothing given)"
        raise NoTextError(f"no loadable text file in {what}" + (f": {'; '.join(notes)}" if notes else ""))

    texts, fixes, glyph_notes = repair.fix_glyphs(texts)
    for m in glyph_notes:
        _warn(m, notes)
    for name, line, wrong, right in fixes:  # repaired: noted in the corpus, no need to alarm anyone
        notes.append(f"{name}, line {line}: wrong glyph {wrong!r} (U+{ord(wrong):04X}) repaired as {right!r}, "
                     "the form found elsewhere in the corpus")

    articles: list[Article] = []
    version = cache.code_version(repair, corpus)
    for name, text in _progress(list(texts.items()), "repairing"):
        key = cache.key_of("articles", version, name, text)
        done = cache.load("articles", key) if len(text) > 50_000 else None
        if done is None:
            done = repair.repair(text, name, file_date=repair.date_from_filename(name))
            if len(text) > 50_000:
                cache.save("articles", key, done)
        for m in done.warnings:
            _warn(m, notes)
        articles.extend(done.articles)
    articles = [_copy(a, i) for i, a in enumerate(articles, 1)]

    name = Path(roots[0]).stem if len(roots) == 1 else "corpus"
    result = Corpus(articles, name=name, warnings=notes)
    rules_files = [Path(corrections)] if corrections else ([] if bundled else find_corrections(roots))
    for f in rules_files:
        try:
            rules = load_corrections(f)
        except LoadError as e:
            if corrections:  # asked for by name: an error
                raise
            _warn(f"{e} — the corrections in this file are not applied", notes)  # found beside the corpus
            continue
        for m in apply_corrections(result, rules, origin=f.name):
            _warn(m, notes)
    for a in _progress(result.articles, "normalising", unit="article"):
        a.normalise = normalise
        _ = a.search  # computed once here, with the articles, not at the first search
    return result


def _copy(a: Article, new_id: int) -> Article:
    """A fresh copy of a (possibly cached) article with its new id."""
    from dataclasses import replace

    return replace(a, id=new_id, key_points=list(a.key_points), key_point_spans=list(a.key_point_spans),
                   notes=list(a.notes))


def _progress(items: list, what: str, unit: str = "file"):
    """``items`` with a progress bar on stderr when there are many of them."""
    if len(items) < 200:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=f"{what} {unit}s", unit=unit, leave=False)
