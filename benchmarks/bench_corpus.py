"""Timing rows for corpus loading: the bundled compilation (repaired from scratch, and from the cache)
and a generated 10 MB folder of plain one-article files."""

from __future__ import annotations

import os
import random
import tempfile
import warnings
from pathlib import Path


def _fresh_cache() -> None:
    os.environ["STUDYKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="studykit-bench-corpus-")


def _plain_folder(megabytes: float = 10) -> Path:
    """A folder of plain files (one article each, one paragraph a line) made from the bundled text."""
    from studykit import paths
    from studykit.repair import repair

    arts = repair(paths.bundled_corpus().read_text(encoding="utf-8"), "b.txt").articles
    paras = [p for a in arts for p in a.paragraphs]
    rng = random.Random(0)
    root = Path(tempfile.mkdtemp(prefix="studykit-bench-plain-"))
    size, n = 0, 0
    while size < megabytes * 1_000_000:
        body = "\n".join(rng.sample(paras, 12))
        text = f"第{n}号文件\n{body}\n"
        f = root / f"{2000 + n % 25}-{1 + n % 12:02d}-{1 + n % 28:02d}_doc{n}.txt"
        f.write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
        n += 1
    return root


def run(row, timed) -> None:
    from studykit.sources import load_corpus

    warnings.simplefilter("ignore")
    saved = os.environ.get("STUDYKIT_CACHE_DIR")

    def cold():
        _fresh_cache()
        return load_corpus()

    row("load + repair bundled corpus (no cache)", timed(cold, repeat=5), 0.2)
    _fresh_cache()
    load_corpus()
    row("load bundled corpus (cached repair)", timed(load_corpus, repeat=5), 0.2)

    folder = _plain_folder()
    n = len(list(folder.iterdir()))
    row("load 10 MB folder of plain files", timed(lambda: load_corpus(folder), repeat=2), 5.0, f"({n} files)")
    if saved is not None:
        os.environ["STUDYKIT_CACHE_DIR"] = saved
