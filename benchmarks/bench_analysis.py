"""Timing rows for segmentation and counting on the bundled corpus (run by ``benchmarks/run.py``)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile

# Runs in a child process: segment the bundled corpus and print the wall and CPU seconds spent on it
# (loading the corpus excluded).
_CHILD = """
import time
from studykit.sources import load_corpus
corpus = load_corpus()
t, c = time.perf_counter(), time.process_time()
from studykit.segment import tokenize_corpus
tokenize_corpus(corpus, progress=False)
print(time.perf_counter() - t, time.process_time() - c)
"""
_FRESH = "from studykit.sources import load_corpus; from studykit.segment import tokenize_corpus; " \
         "tokenize_corpus(load_corpus(), progress=False)"


def _child(code: str, cache_dir: str) -> str:
    env = dict(os.environ, STUDYKIT_CACHE_DIR=cache_dir)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout


def _first_runs(jieba_cache: str | None, repeat: int = 3) -> tuple[float, float, str]:
    """Median wall and CPU seconds of segmenting in fresh processes with an empty token cache
    (and jieba's dictionary cache copied from ``jieba_cache`` when given); the last cache folder."""
    walls, cpus = [], []
    for _ in range(repeat):
        folder = tempfile.mkdtemp(prefix="studykit-bench-seg-")
        if jieba_cache:
            shutil.copytree(os.path.join(jieba_cache, "jieba"), os.path.join(folder, "jieba"))
        wall, cpu = map(float, _child(_CHILD, folder).split())
        walls.append(wall)
        cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus), folder


def run(row, timed) -> None:
    from studykit import counts, segment
    from studykit.sources import load_corpus

    wall, cpu, cold = _first_runs(None)
    row("segment bundled corpus: very first run", wall, None, f"(builds jieba's cache; cpu {cpu * 1000:.0f} ms)")
    wall, cpu, warm = _first_runs(cold)
    row("segment bundled corpus: first run, dictionary load incl.", wall, 1.5, f"(cpu {cpu * 1000:.0f} ms)")
    row("segment again from the token cache (fresh process)", timed(lambda: _child(_FRESH, warm)), 0.5,
        "(whole process)")

    corpus = load_corpus()
    segment.tokenize_corpus(corpus, progress=False)

    def from_disk() -> None:
        segment._STORES.clear()
        segment.tokenize_corpus(corpus, progress=False)

    row("segment again from the token cache (in-process)", timed(from_disk), 0.1, "(disk)")
    row("kwic 新质生产力 over the bundled corpus", timed(lambda: counts.kwic(corpus, "新质生产力"), repeat=20), 0.02)
    row("kwic regex 新质生产力|高质量发展, sorted left", timed(
        lambda: counts.kwic(corpus, "新质生产力|高质量发展", regex=True, sort="left"), repeat=20), 0.02)
    row("frequencies of the bundled corpus (tokens cached)", timed(lambda: counts.frequencies(corpus)))
    row("collocates of 高质量发展", timed(lambda: counts.collocates(corpus, "高质量发展")))
    row("glossary of the bundled corpus", timed(lambda: counts.glossary(corpus)))

