"""A small per-user, content-keyed cache of Python values that never trusts a damaged file.

``load(kind, key)`` returns the stored value or ``None``; ``save(kind, key, value)`` stores it;
``key_of(*parts)`` makes a key and ``code_version(*modules)`` the part of it that names the code a result
was made by. ``database(kind, name)`` opens an SQLite file in the cache for results stored piece by
piece (segmented texts), and ``discard_database`` removes a damaged one.
Files live under ``paths.cache_dir() / kind``. Each file carries a format version and a SHA-256 of
its payload: a truncated, corrupted or foreign file is ignored (and removed) so the caller rebuilds.
Writes go to a temporary file in the same folder and are renamed into place, so two processes
writing the same entry never leave a half-written file. When the cache directory cannot be written,
values are kept in memory for the session and one warning says so.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import warnings
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from . import paths

FORMAT = b"studykit-cache-1\n"
_memory: dict[tuple[str, str], Any] = {}
_databases: dict[tuple[str, str], Any] = {}  # (kind, name) → an in-memory database, when the disk refuses
_warned = False


def key_of(*parts: str | bytes) -> str:
    """A stable hex key for the given strings/bytes (SHA-256 of their concatenation with separators)."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8") if isinstance(p, str) else p)
        h.update(b"\x00")
    return h.hexdigest()


def code_version(*modules: ModuleType) -> str:
    """A digest of the code of ``modules`` and of every studykit module they import at module level,
    followed to the end: a cached result made by that code is rebuilt whenever any of it changes.

    Modules are given as imported objects (``code_version(repair)``), not file names, so moving or
    renaming a file cannot leave a stale cache behind.
    """
    return _code_version(tuple(sorted(m.__name__ for m in modules)))


def code_modules(*modules: ModuleType) -> list[str]:
    """The names of the modules whose code ``code_version(*modules)`` covers, sorted."""
    return sorted(_closure(tuple(sorted(m.__name__ for m in modules))))


def package_version(package: ModuleType) -> str:
    """A digest of the source of every module in ``package``'s folder (subfolders too), imported or not:
    for code that loads its modules only when needed (one reader per file format)."""
    folder = Path(package.__file__).parent
    h = hashlib.sha256()
    for f in sorted(folder.rglob("*.py")):
        h.update(f.relative_to(folder).as_posix().encode() + b"\x00")
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _closure(names: tuple[str, ...]) -> dict[str, ModuleType]:
    seen: dict[str, ModuleType] = {}
    todo = [sys.modules[n] for n in names]
    while todo:
        m = todo.pop()
        if m.__name__ in seen:
            continue
        seen[m.__name__] = m
        for v in vars(m).values():
            dep = v if isinstance(v, ModuleType) else sys.modules.get(getattr(v, "__module__", None) or "")
            if dep is not None and dep.__name__.split(".")[0] == __name__.split(".")[0] and dep.__name__ not in seen:
                todo.append(dep)
    return seen


@lru_cache(maxsize=32)
def _code_version(names: tuple[str, ...]) -> str:
    seen = _closure(names)
    h = hashlib.sha256()
    for name in sorted(seen):
        h.update(name.encode() + b"\x00")
        h.update(Path(seen[name].__file__).read_bytes())
    return h.hexdigest()[:16]


def _file(kind: str, key: str) -> Path:
    return paths.cache_dir() / kind / f"{key}.pkl"


def load(kind: str, key: str) -> Any | None:
    """The value stored under (kind, key), or None if absent, damaged or of another format."""
    if (kind, key) in _memory:
        return _memory[(kind, key)]
    f = _file(kind, key)
    try:
        blob = f.read_bytes()
    except OSError:
        return None
    head = len(FORMAT) + 32
    body = memoryview(blob)[head:]  # no copy of a large payload
    if len(blob) < head or not blob.startswith(FORMAT) or hashlib.sha256(body).digest() != blob[len(FORMAT):head]:
        _discard(f)
        return None
    try:
        return pickle.loads(body)
    except Exception:
        _discard(f)
        return None


def save(kind: str, key: str, value: Any) -> None:
    """Store value under (kind, key): atomically on disk, or in memory if the disk refuses.

    The value is pickled straight into the file (its checksum taken on the way and written in front
    at the end), so a large value is never held a second time as bytes."""
    f = _file(kind, key)
    try:
        f.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=f.parent, prefix=".tmp-", suffix=".pkl")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(FORMAT + bytes(32))
                sink = _Checksummed(out)
                pickle.dump(value, sink, protocol=pickle.HIGHEST_PROTOCOL)
                out.seek(len(FORMAT))
                out.write(sink.sha.digest())
            os.replace(tmp, f)
        except BaseException:
            _discard(Path(tmp))
            raise
    except OSError as e:
        _memory[(kind, key)] = value
        _memory_warning(e)


class _Checksummed:
    """A binary file to write to that keeps the SHA-256 of what is written through it."""

    def __init__(self, out) -> None:
        self.out, self.sha = out, hashlib.sha256()

    def write(self, data) -> int:
        self.sha.update(data)
        return self.out.write(data)


def database(kind: str, name: str):
    """An ``sqlite3`` connection to ``kind/name.sqlite`` in the cache folder, created when missing.

    When the folder cannot be written, a database in memory (one per kind and name for the session,
    with the one warning ``save`` gives). A file that is not a database is removed and made anew."""
    import sqlite3

    if (kind, name) in _databases:
        return _databases[(kind, name)]
    f = paths.cache_dir() / kind / f"{name}.sqlite"
    for _ in range(2):
        try:
            f.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(f, timeout=60)
            con.execute("PRAGMA schema_version").fetchone()  # fails on a file that is not a database
            return con
        except sqlite3.DatabaseError:
            _discard(f)
        except (OSError, sqlite3.OperationalError) as e:
            _memory_warning(e)
            break
    con = sqlite3.connect(":memory:")
    _databases[(kind, name)] = con
    return con


def discard_database(kind: str, name: str, con=None) -> None:
    """Close ``con`` and remove the database file ``kind/name.sqlite`` (found damaged)."""
    if con is not None:
        con.close()
    _databases.pop((kind, name), None)
    f = paths.cache_dir() / kind / f"{name}.sqlite"
    for extra in ("", "-journal", "-wal", "-shm"):
        _discard(Path(f"{f}{extra}"))


def _memory_warning(e: Exception) -> None:
    global _warned
    if not _warned:
        _warned = True
        warnings.warn(
            f"studykit: cannot write the cache in {paths.cache_dir()} ({getattr(e, 'strerror', None) or e}); "
            "keeping results in memory for this session",
            stacklevel=3,
        )


def _discard(f: Path) -> None:
    try:
        f.unlink()
    except OSError:
        pass
