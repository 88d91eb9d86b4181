"""Where studykit keeps its own files: the bundled data, and per-user cache and data directories.

The cache directory (tokens, indexes, jieba's dictionary cache) and the data directory (review
progress) come from ``platformdirs``; ``STUDYKIT_CACHE_DIR`` and ``STUDYKIT_DATA_DIR`` override them.
``safe_name`` and ``unused`` name the files a user saves (word clouds, comparisons) so none is overwritten.
Nothing here imports a heavy library.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

APP = "studykit"
BUNDLED_CORPUS = "study_compilation_2024_01-02.txt"


def data_file(*parts: str) -> Path:
    """Path of a file shipped in ``studykit/data`` (works from a wheel and from the checkout)."""
    return Path(str(resources.files("studykit").joinpath("data", *parts)))


def bundled_corpus() -> Path:
    """Path of the bundled study compilation, the default corpus."""
    return data_file("corpus", BUNDLED_CORPUS)


def default_corpus() -> list[Path] | None:
    """The files or folders named by ``STUDYKIT_CORPUS`` (separated like ``PATH``), which every command and
    lesson reads when it is given no corpus; ``None`` when it is not set (the bundled compilation)."""
    env = os.environ.get("STUDYKIT_CORPUS", "")
    parts = [Path(p).expanduser() for p in env.split(os.pathsep) if p.strip()]
    return parts or None


def bundled_notebooks() -> Path:
    """Folder of the lesson notebooks: ``studykit/notebooks`` when installed, ``notebooks/`` in a checkout."""
    package = Path(__file__).resolve().parent
    for folder in (package / "notebooks", package.parent / "notebooks"):
        if (folder / "00_start_here.ipynb").is_file():
            return folder
    raise FileNotFoundError("the lesson notebooks are missing from this installation of studykit")


def cache_dir() -> Path:
    """Per-user cache directory (``STUDYKIT_CACHE_DIR`` overrides it); created on demand."""
    env = os.environ.get("STUDYKIT_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP, appauthor=False))


def user_data_dir() -> Path:
    """Per-user data directory for review progress (``STUDYKIT_DATA_DIR`` overrides it)."""
    env = os.environ.get("STUDYKIT_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def safe_name(text: str, limit: int = 40) -> str:
    """``text`` as part of a file name on every system: characters Windows forbids (``/ \\ : * ? " < > |``),
    whitespace and control characters become ``_``; at most ``limit`` characters."""
    import re

    name = re.sub(r'[\\/:*?"<>|\s\x00-\x1f]+', "_", text).strip("._")
    return name[:limit].rstrip("._") or "_"


def unused(path: str | os.PathLike) -> Path:
    """``path`` if no file has that name yet, else the first of ``stem_2.ext``, ``stem_3.ext`` … that is
    free: a save never overwrites an earlier one."""
    path = Path(path)
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}_{n}{path.suffix}")
        n += 1
    return candidate
