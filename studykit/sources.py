"""Finding corpus files and loading them into a ``Corpus``.

``load_corpus(paths=None, *, corrections=None, split="auto", keep_boilerplate=False, keep_duplicates=False)``
is the entry point: no argument reads the bundled compilation. A path may be a file or a folder (searched
recursively for the suffixes the readers know, ``readers.READERS``, and files without a suffix). Each file
is read by the reader for its format (``studykit.readers``: decoding, line ends, zero-width and bidi
controls, HTML and Markdown reduced to their text); a file of many stories is split into them
(``studykit.stories``); boilerplate found across the files is taken out of the text (``studykit.boilerplate``);
each file or story is repaired by ``studykit.repair`` into articles, dated by its file or folder name
(``studykit.names``); articles with the same text are counted once (``corpus.drop_duplicates``). Every file
that gives no article (unknown extension, hidden, empty, binary, compressed, too few readable characters,
nothing but boilerplate) is named in one warning with its reason; the others still load. Warnings go through
``warnings.warn`` (category ``CorpusWarning``) and are kept in ``Corpus.warnings``.
Corpus files are only read, never written.
"""

from __future__ import annotations

import os
import re
import sys
import warnings
from pathlib import Path

from . import paths as _paths
from .corpus import Article, Corpus
from .errors import CorpusWarning, LoadError, NoTextError
from .readers import READERS, SUFFIXES, Document, read
from .text import WORD_RE

__all__ = ["CorpusWarning", "LoadError", "NoTextError", "corpus_files", "load_corpus", "read_file"]


def read_file(path: Path, *, password: str | None = None) -> tuple[Document | None, list[str]]:
    """The ``Document`` of one corpus file and warnings about it (each naming the file); ``password``
    opens an encrypted PDF.

    ``None`` when the file is skipped; a warning then names the file and says why.
    """
    doc = read(path, password=password)
    if doc.skipped or not doc.parts:
        return None, [*doc.warnings, f"skipped {path}: {doc.skipped or 'no text in it'}"]
    if not WORD_RE.search(doc.text):
        return None, [*doc.warnings, f"skipped {path}: too few readable characters (no Chinese character or letter)"]
    return doc, doc.warnings


def corpus_files(paths: list[Path]) -> tuple[list[tuple[Path, str]], list[str]]:
    """The files to read, each with the name articles will carry, and one line for each path left out.

    A folder gives its files (recursively, sorted) named relative to it: those of a suffix the readers
    know (``readers.READERS``: those it reads, ``readers.SUFFIXES``, and the formats it names as not
    supported yet) and those without a suffix (read as text when they are text). Every other
    file is named with its reason: an unknown extension, a hidden file or folder (its name starts with
    ``.``), a link to a folder (not followed), a pipe or a broken link. A corrections file beside the corpus
    is not named (it is applied). A file given by name is read whatever its suffix.
    """
    from .corrections import NAMES as CORRECTIONS

    out: list[tuple[Path, str]] = []
    notes: list[str] = []
    for p in paths:
        if p.is_dir():
            found = []
            for q, why in _walk(p):
                if why:
                    notes.append(f"skipped {q}: {why}")
                elif _readable_suffix(q):
                    found.append(q)
                elif not (q.parent == p and q.name in CORRECTIONS):
                    notes.append(f"skipped {q}: unknown extension {q.suffix} "
                                 f"(studykit reads {', '.join(SUFFIXES)} and files without an extension)")
            if not found:
                notes.append(f"{p}: no {', '.join(SUFFIXES)} files in this folder")
            out.extend((q, q.relative_to(p).as_posix()) for q in found)
        elif p.is_file():
            out.append((p, p.name))
        elif p.is_symlink() or p.exists():
            notes.append(f"skipped {p}: {_not_regular(p)}")
        else:
            notes.append(f"{p}: no such file or folder")
    return out, notes


def _readable_suffix(q: Path) -> bool:
    """Is ``q`` of a suffix a reader knows, or without one (``2024.01.31`` has none: its suffix is a number)?"""
    suffix = q.suffix.lower()
    return suffix in READERS or not suffix or bool(re.fullmatch(r"\.\d+", suffix))


def _walk(root: Path):
    """``(path, why_not)`` for every file under ``root`` in sorted order: ``why_not`` is None for a regular
    file, else why it is left out. Hidden folders are named once and not entered; links to folders are not
    followed (a link loop cannot be walked forever)."""
    items: list[tuple[tuple[str, ...], Path, str | None]] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        for d in list(dirs):
            q = here / d
            if d.startswith("."):
                items.append((q.relative_to(root).parts, q, "a hidden folder (its name starts with '.'), not read"))
                dirs.remove(d)
            elif q.is_symlink():
                items.append((q.relative_to(root).parts, q, "a link to a folder, not followed"))
        for f in files:
            q = here / f
            why = None
            if f.startswith("."):
                why = "a hidden file (its name starts with '.')"
            elif not q.is_file():
                why = _not_regular(q)
            items.append((q.relative_to(root).parts, q, why))
    items.sort(key=lambda t: t[0])
    return [(q, why) for _, q, why in items]


def _not_regular(p: Path) -> str:
    """Why a path that is neither a file nor a folder cannot be read."""
    if p.is_symlink() and not p.exists():
        return "a broken symbolic link or a link loop"
    return "not a regular file (a pipe, socket or device)"


def _warn(msg: str, bucket: list[str]) -> None:
    bucket.append(msg)
    warnings.warn(msg, CorpusWarning, stacklevel=3)


def load_corpus(paths: str | os.PathLike | list | None = None, *, corrections: str | os.PathLike | None = None,
                split: str = "auto", keep_boilerplate: bool = False, keep_duplicates: bool = False,
                normalise: bool = True, password: str | None = None) -> Corpus:
    """Load a corpus from files/folders (default: those named by ``STUDYKIT_CORPUS``, else the bundled
    compilation) and return a ``Corpus``.

    Articles are numbered 1..N in file order and document order. Raises ``NoTextError`` when no file could
    be loaded, ``LoadError`` when the ``corrections`` file named here is malformed or ``split`` is not a
    valid regular expression. Every file that gives no article is named in one warning with its reason.

    Args:
        paths: a file, a folder or a list of them (default: ``STUDYKIT_CORPUS``, else the bundled
            compilation).
        corrections: a corrections file (TOML or YAML, see ``studykit.corrections``); without it, a
            ``corrections.toml``/``.yaml`` beside the corpus is used when there is one (when it is
            malformed, a warning names file and line and the corpus loads uncorrected).
        split: ``"auto"`` splits files shaped like multi-story transcripts into their stories,
            ``"stories"`` splits wherever the shape repeats, ``"none"`` never splits, and any other string
            is a regular expression naming the line that starts a story (see ``studykit.stories``).
        keep_boilerplate: keep recurring footers, datelines and credits in the text (by default they are
            left out of it, kept in ``Article.boilerplate`` and reported once; see ``studykit.boilerplate``).
        keep_duplicates: keep articles whose text is the same as an earlier one's (after normalisation),
            marked by ``duplicate_of``; by default they are left out and reported once.
        normalise: on by default: every article gets its search form (``Article.search``: traditional
            characters as simplified, full-width digits and letters as half-width, Kangxi radicals,
            zero-width characters and broken lines repaired) for every finder and counter, the original
            text staying as it is for display; ``normalise=False`` searches the text exactly as written.
        password: opens encrypted PDFs (those it does not open are skipped with a warning).

    A PDF or Word file whose reader gives its articles (bookmarks, headings) or its paragraphs is
    repaired part by part (``repair.repair_parts``), not split into stories nor searched for boilerplate.

    A folder whose files are unchanged since it was last loaded with the same options loads from one
    cached file (``studykit.warm``), with the same articles and the same warnings as from the files.
    """
    options = {k: v for k, v in locals().items() if k != "paths"}  # every loading option keys the cache
    from functools import cache as once

    from . import stories, warm

    stories.pattern_of(split)  # a bad expression is an error before anything is read
    if paths is None:
        paths = _paths.default_corpus()  # STUDYKIT_CORPUS, when it is set
    bundled = paths is None
    if bundled:
        paths = [_paths.bundled_corpus()]
    elif isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    roots = [Path(p) for p in paths]

    @once
    def listing():
        files, missing = corpus_files(roots)
        return files, missing, [*(p for p, _ in files), *_corrections_files(roots, corrections, bundled)]

    key = warm.key(roots, {**options, "bundled": bundled}, code_version())
    hit = warm.load(key, lambda: (listing()[2], listing()[1]))
    if hit is not None:
        return hit
    files, missing, inputs = listing()
    manifest, dirs = warm.manifest(inputs), warm.directories(roots, inputs)  # before the files are read
    record = warm.Recorder()
    try:
        with record:
            result = _load_files(roots, files, missing, corrections=corrections, bundled=bundled, split=split,
                                 keep_boilerplate=keep_boilerplate, keep_duplicates=keep_duplicates,
                                 normalise=normalise, password=password)
    finally:
        warm.replay(record.caught, stacklevel=2)
    warm.save(key, roots, manifest, dirs, missing, record.caught, result)
    return result


def code_version() -> str:
    """The version of the code a load runs: ``loading_modules()`` with all they import, and every
    reader (each imported only when a file needs it)."""
    from . import cache, readers

    return cache.code_version(*loading_modules()) + cache.package_version(readers)


def loading_modules() -> list:
    """This module and every module a load calls on (those imported inside functions too)."""
    from . import boilerplate, corpus, corrections, names, repair, stories

    return [sys.modules[__name__], boilerplate, corpus, corrections, names, repair, stories]


def _corrections_files(roots: list[Path], corrections, bundled: bool) -> list[Path]:
    """The corrections files a load reads: the one named, else those found beside the corpus."""
    from .corrections import find_corrections

    if corrections:
        return [Path(corrections)]
    return [] if bundled else find_corrections(roots)


def _load_files(roots: list[Path], files: list[tuple[Path, str]], missing: list[str], *, corrections, bundled: bool,
                split: str, keep_boilerplate: bool, keep_duplicates: bool, normalise: bool,
                password: str | None) -> Corpus:
    """``load_corpus`` from the files themselves: read, split, repair, number and correct them, with the
    warnings as it goes (the options are ``load_corpus``'s)."""
    from . import boilerplate, cache, corpus, names, repair, stories
    from .corrections import apply_corrections, load_corrections

    notes: list[str] = []
    for m in missing:
        _warn(m, notes)

    texts: dict[str, str] = {}
    where: dict[str, Path] = {}
    structured: dict[str, Document] = {}  # files their reader gave in parts (PDF, Word)
    for path, name in _progress(files, "reading"):
        doc, msgs = read_file(path, password=password)
        for m in msgs:
            _warn(m, notes)
        if doc is not None:
            texts[name], where[name] = doc.text, path
            if not doc.plain:
                structured[name] = doc
    if not texts:
        what = ", ".join(map(str, roots)) or "(nothing given)"
        raise NoTextError(f"no loadable text file in {what}" + (f": {'; '.join(notes)}" if notes else ""))

    texts, fixes, glyph_notes = repair.fix_glyphs(texts)
    for m in glyph_notes:
        _warn(m, notes)
    for name, line, wrong, right in fixes:  # repaired: noted in the corpus, no need to alarm anyone
        notes.append(f"{name}, line {line}: wrong glyph {wrong!r} (U+{ord(wrong):04X}) repaired as {right!r}, "
                     "the form found elsewhere in the corpus")

    plain = {name: text for name, text in texts.items() if name not in structured}
    units = {name: stories.split_stories(text, split) or [stories.Story(1, text.count("\n") + 1)]
             for name, text in plain.items()}
    compiled = {name for name, text in plain.items() if len(units[name]) == 1 and stories.looks_compiled(text)}
    found = boilerplate.Found() if keep_boilerplate else boilerplate.find(plain, units, compiled=compiled)
    for m in found.report:
        _warn(m, notes)
    slots = _slot_layout(texts)

    articles: list[Article] = []
    version = cache.code_version(repair, corpus)
    for name, text in _progress(list(texts.items()), "repairing"):
        path = where[name]
        folders = [q.name for q in list(path.parents)[:name.count("/") + 1]]
        file_date = names.date_from_path(name, folders)
        if name in structured:
            made = _parts_articles(structured[name].with_text(text), name, version=version, file_date=file_date)
        else:
            made = _articles(text, name, units[name], found.cuts.get(name, {}), version=version,
                             file_date=file_date, slots=slots, name_title=names.title_from_name(name))
        for m in made.warnings:
            _warn(m, notes)
        if not made.articles:
            _warn(f"skipped {path}: nothing but boilerplate in it", notes)
        articles.extend(made.articles)
    articles, dup_notes = corpus.drop_duplicates(articles, keep=keep_duplicates, convert=normalise)
    for m in dup_notes:
        _warn(m, notes)

    name = Path(roots[0]).stem if len(roots) == 1 else "corpus"
    result = Corpus(articles, name=name, warnings=notes)
    rules_files = _corrections_files(roots, corrections, bundled)
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


def _slot_layout(texts: dict[str, str]) -> bool:
    """Do the files keep the three headline slots in place (line 1 kicker, line 2 title, line 3 subtitle,
    the body from line 4), as newspaper pages saved one article a file do? Some of them then start with
    an empty kicker line: at least one file in ten opens with a blank line followed by a line of text."""
    opening = sum(1 for t in texts.values() if re.match(r"[ \t\u3000]*\n[ \t\u3000]*\S", t))
    return opening >= max(1, 0.1 * len(texts))


def _articles(text: str, name: str, units: list, cuts: dict[int, tuple[str, str]], *, version: str,
              file_date: str | None, slots: bool, name_title: str | None):
    """The articles of one file: each of its ``units`` (stories) repaired with the boilerplate ``cuts``
    taken out (kept in each article's ``boilerplate``), line numbers counted in the whole file.

    Args:
        text: the file's text.
        name: the file's name, as articles carry it.
        units: its stories (``stories.Story``; one spanning the file when it is not split).
        cuts: line number → (what stays of the line, what was cut), from ``boilerplate.find``.
        version: the code part of the cache key.
        file_date: the date of its name or folder.
        slots: the folder keeps headline slots in place (see ``_slot_layout``).
        name_title: a title from the file's name (for a file that is one text).
    """
    from dataclasses import replace

    from . import cache, repair

    lines = text.split("\n")
    out: list[Article] = []
    warns: list[str] = []
    pending: list[str] = []  # boilerplate of a unit that made no article: it goes with the next one
    whole = len(units) == 1
    titles = set()
    for unit in units if not whole else []:
        titles.update([ln for ln in lines[unit.first - 1:unit.last] if ln.strip()][:unit.head])
    # the stories of a file share its wrap widths, measured on all of its lines but the titles (not on the
    # few lines of one story)
    wrap = True if whole else repair.wrap_width([ln.strip() for ln in lines if ln.strip() and ln not in titles])
    for unit in units:
        nos = range(unit.first, unit.last + 1)
        body = "\n".join(cuts[no][0] if no in cuts else lines[no - 1] for no in nos)
        removed = [(no, cuts[no][1]) for no in nos if no in cuts and cuts[no][1]]
        options = {"file_date": file_date, "head": unit.head, "slots": slots and unit.first == 1,
                   "name_title": name_title if whole else None, "wrap": wrap}
        key = cache.key_of("articles", version, name, body, repr(sorted(options.items()))) if len(body) > 50_000 \
            else None
        done = cache.load("articles", key) if key else None
        if done is not None:  # a cached result: copies, so that nothing changes what the cache holds
            made = [replace(a, key_points=list(a.key_points), key_point_spans=list(a.key_point_spans),
                            notes=list(a.notes), boilerplate=[]) for a in done.articles]
        else:
            done = repair.repair(body, name, **options)
            if key:
                cache.save("articles", key, done)
                made = [replace(a, key_points=list(a.key_points), key_point_spans=list(a.key_point_spans),
                                notes=list(a.notes), boilerplate=[]) for a in done.articles]
            else:
                made = done.articles
        warns.extend(done.warnings)
        shift = unit.first - 1
        for a in made:
            a.lines = (a.lines[0] + shift, a.lines[1] + shift)
        if not made:
            pending.extend(t for _, t in removed)
            continue
        made[0].boilerplate.extend(pending)
        pending = []
        for no, cut in removed:
            owner = next((a for a in reversed(made) if a.lines[0] <= no), made[0])
            owner.boilerplate.append(cut)
        out.extend(made)
    if pending and out:
        out[-1].boilerplate.extend(pending)
    return repair.Repaired(out, warns)


def _parts_articles(doc: Document, name: str, *, version: str, file_date: str | None):
    """The articles of a file read in parts (``repair.repair_parts``), from the cache for a long one."""
    from dataclasses import replace

    from . import cache, repair

    key = cache.key_of("articles", version, name, str(file_date), doc.text,
                       repr([(p.title, p.kind, p.paragraphs, p.pages, p.line_pages) for p in doc.parts]))
    big = len(doc.text) > 50_000
    done = cache.load("articles", key) if big else None
    if done is None:
        done = repair.repair_parts(doc.parts, name, file_date=file_date)
        if big:
            cache.save("articles", key, done)
    made = [replace(a, key_points=list(a.key_points), key_point_spans=list(a.key_point_spans), notes=list(a.notes),
                    boilerplate=[]) for a in done.articles]  # copies: nothing changes what the cache holds
    return repair.Repaired(made, list(done.warnings))


def _progress(items: list, what: str, unit: str = "file"):
    """``items`` with a progress bar on stderr when there are many of them."""
    from .bars import bar

    return bar(items, desc=f"{what} {unit}s", unit=unit, big=len(items) >= 200)
