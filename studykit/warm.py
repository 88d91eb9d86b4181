"""The warm load: a folder whose files have not changed loads from one cached file, not from its files.

``sources.load_corpus`` asks ``load(key, inputs, missing)`` first; when it returns ``None`` it loads the
files inside ``Recorder()`` and gives the result to ``save``. The ``key`` names the folder (its paths,
every loading option and the code of every module loading runs); the entry stored under it holds the
corpus, the warnings the load gave (``studykit: …``), and for every file read its size, modification
time and content hash. A file counts as unchanged when its size and modification time are those
recorded; when they differ, or when the file was written so close to the moment the entry was saved
that a later change might carry the same time, its content hash decides. A warm load gives the
same articles and repeats the same warnings as a load from the files.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
import warnings
from pathlib import Path

from . import cache

KIND = "corpora"
FORMAT = "warm-1"
RACY_NS = 2_000_000_000  # a file changed this close before the save is checked by its content


def key(roots: list[Path], options: dict, version: str) -> str:
    """The cache key of loading ``roots`` with ``options`` by the code of ``version``."""
    where = [str(Path(r).resolve()) for r in roots]
    return cache.key_of(FORMAT, version, repr(where), repr(sorted((k, repr(v)) for k, v in options.items())))


def _stat(path: str | Path) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return -1, -1
    return st.st_size, st.st_mtime_ns


def _digest(path: str | Path) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def manifest(inputs: list[Path]) -> list[tuple[str, int, int, str | None]]:
    """``(path, size, mtime_ns, sha256)`` of every input file, taken before the files are read."""
    out = []
    for p in inputs:
        size, mtime = _stat(p)
        out.append((str(p), size, mtime, _digest(p)))
    return out


def directories(roots: list[Path], inputs: list[Path]) -> list[tuple[str, int, int]]:
    """``(path, size, mtime_ns)`` of each root and of every folder under the roots (and of each
    input's folder): a file added to or removed from a folder changes the folder's time."""
    found: dict[str, None] = {}
    for r in roots:
        found[str(r)] = None
        if os.path.isdir(r):
            for top, dirs, _ in os.walk(r):
                found.update((os.path.join(top, d), None) for d in dirs)
    found.update((os.path.dirname(p), None) for p in map(str, inputs))
    return [(d, *_stat(d)) for d in found]


def load(k: str, listing):
    """The cached ``Corpus`` for key ``k`` if every input is unchanged, else ``None``. Repeats the
    warnings the cold load gave (as warnings of their own category, from ``load_corpus``'s caller).

    ``listing()`` returns ``(inputs, missing)``: the files a load reads and the notes about paths
    that cannot be; it is called only when a folder's time says its list of files may have changed."""
    entry = cache.load(KIND, k)
    if not isinstance(entry, dict) or entry.get("format") != FORMAT:
        return None
    files = entry["files"]
    if _unchanged(entry["dirs"], entry["saved"]):
        inputs = [f[0] for f in files]
    else:
        inputs, missing = listing()
        if [f[0] for f in files] != [str(p) for p in inputs] or entry["missing"] != missing:
            return None
    checked = False
    for (_, size, mtime, digest), p in zip(files, inputs, strict=True):
        now_size, now_mtime = _stat(p)
        if now_size != size or now_size < 0:
            return None
        if now_mtime != mtime or mtime >= entry["saved"] - RACY_NS:
            if digest is None or _digest(p) != digest:
                return None
            checked = True
    try:
        corpus = pickle.loads(entry["corpus"])
    except Exception:
        return None
    if checked or not _unchanged(entry["dirs"], entry["saved"]):  # new times: no hashing next time
        refreshed = [(n, *_stat(p), d) for (n, _, _, d), p in zip(files, inputs, strict=True)]
        now = time.time_ns()
        dirs = directories(entry["roots"], inputs)
        if all(m < now - RACY_NS for _, _, m, _ in refreshed) and all(m < now - RACY_NS for _, _, m in dirs):
            save(k, entry["roots"], refreshed, dirs, entry["missing"], entry["warnings"], corpus)
    replay(entry["warnings"], stacklevel=3)
    return corpus


def _unchanged(dirs: list[tuple[str, int, int]], saved: int) -> bool:
    """Whether every recorded folder still has its time (and none was changed just before the save)."""
    for d, size, mtime in dirs:
        if mtime >= saved - RACY_NS or _stat(d) != (size, mtime):
            return False
    return True


def save(k: str, roots: list[Path], files: list, dirs: list, missing: list[str],
         caught: list[tuple[type, str]], corpus) -> None:
    """Store ``corpus`` under key ``k`` with the manifests of its ``files`` and ``dirs`` (taken before
    the files were read) and the warnings of its load."""
    cache.save(KIND, k, {"format": FORMAT, "roots": [Path(r) for r in roots], "files": files, "dirs": dirs,
                         "missing": list(missing), "saved": time.time_ns(),
                         "warnings": [(c, m) for c, m in caught if _ours(c)],
                         "corpus": pickle.dumps(corpus, protocol=pickle.HIGHEST_PROTOCOL)})


def _ours(category: type) -> bool:
    """A warning about the corpus (from studykit's own warning classes), worth repeating on a warm load."""
    return getattr(category, "__module__", "").startswith("studykit")


class Recorder:
    """A context that records the warnings given inside it (instead of showing them); ``caught`` lists
    ``(category, message)``. Give them to ``replay`` afterwards, so they are shown as before."""

    def __enter__(self):
        self._ctx = warnings.catch_warnings(record=True)
        self._log = self._ctx.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc) -> None:
        self._ctx.__exit__(*exc)
        self.caught = [(w.category, str(w.message)) for w in self._log]


def replay(caught: list[tuple[type, str]], stacklevel: int = 2) -> None:
    """Give the recorded warnings again, each as a warning of its category (``stacklevel`` as for
    ``warnings.warn``, counted from the caller of ``replay``)."""
    for category, message in caught:
        warnings.warn(message, category, stacklevel=stacklevel + 1)
