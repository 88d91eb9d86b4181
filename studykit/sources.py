"""Reading corpus files and folders into articles.

``load_corpus(paths=None)`` is the entry point: no argument reads the bundled compilation.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import paths as _paths
from .corpus import Article, Corpus


class NoTextError(ValueError):
    """No loadable file among the given paths."""


def load_corpus(paths: str | os.PathLike | list | None = None) -> Corpus:
    """Load a corpus from files/folders (default: the bundled compilation) and return a ``Corpus``."""
    if paths is None:
        paths = [_paths.bundled_corpus()]
    elif isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(q for q in p.rglob("*") if q.suffix in (".txt", ".md")) if p.is_dir() else [p])
    arts = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        lines = text.splitlines()
        arts.append(Article(id=len(arts) + 1, title=lines[0][:40] if lines else f.stem, text=text, file=str(f),
                            lines=(1, len(lines))))
    if not arts:
        raise NoTextError("no loadable text file in " + ", ".join(map(str, paths)))
    return Corpus(arts)
