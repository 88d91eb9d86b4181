"""Benchmark rows for notes and the offline pages: the note store, the study pack and a shared lesson.

Run through ``benchmarks/run.py``. The pack is built twice: first with a fresh font cache (the font
subset is made then), then again (the subset comes from the cache). A shared lesson's floor is running
the same notebook with nbclient alone, without turning it into a page.
"""

from __future__ import annotations

import os
import tempfile
import time
import warnings
from pathlib import Path


def run(row, timed) -> None:
    from studykit.notes import NoteStore
    from studykit.pack import study_pack
    from studykit.share import lesson_html, run_lesson
    from studykit.sources import load_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus()
    a = max(corpus, key=lambda x: len(x.text))

    with tempfile.TemporaryDirectory() as d:
        store = NoteStore("bench", path=Path(d) / "n.sqlite3", corpus=corpus)
        n = iter(range(10**6))
        row("NoteStore.add, one note (synced)", timed(lambda: store.add(a, next(n) % 500, 600, "笔记"), 20), 0.05)
        for i in range(1000):
            store.add(a, i % 500, 600, f"笔记 {i}")
        row("NoteStore.list, one article with 1,000 notes", timed(lambda: store.list(a)), 0.5)
        store.close()

    with tempfile.TemporaryDirectory() as d:
        old = os.environ.get("STUDYKIT_CACHE_DIR")
        os.environ["STUDYKIT_CACHE_DIR"] = d  # a fresh cache: the font subset is made this time
        try:
            t = time.perf_counter()
            page = study_pack(corpus)
            first = time.perf_counter() - t
        finally:
            os.environ["STUDYKIT_CACHE_DIR"] = old or ""
            if old is None:
                del os.environ["STUDYKIT_CACHE_DIR"]
    row(f"study_pack, bundled corpus, fresh font cache ({len(page.encode()) / 1e6:.1f} MB, target < 5 MB)",
        first, 30.0)
    row("study_pack, bundled corpus, again", timed(lambda: study_pack(corpus), repeat=1), 15.0)

    t = time.perf_counter()
    nb = run_lesson("00_start_here")
    floor = time.perf_counter() - t
    row("share 00_start_here: floor, running the lesson only", floor)
    t = time.perf_counter()
    lesson_html(nb)
    row("share 00_start_here: the page from the run notebook", time.perf_counter() - t, 15.0)
