"""Timing rows for segmentation and counting on the bundled corpus (run by ``benchmarks/run.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

# Runs in a child process: segment the bundled corpus and print the seconds spent (corpus loading excluded).
_CHILD = """
import time
from studykit.sources import load_corpus
corpus = load_corpus()
t = time.perf_counter()
from studykit.segment import tokenize_corpus
tokenize_corpus(corpus, progress=False)
print(time.perf_counter() - t)
"""
_FRESH = "from studykit.sources import load_corpus; from studykit.segment import tokenize_corpus; " \
         "tokenize_corpus(load_corpus(), progress=False)"


def _child(code: str, cache_dir: str) -> str:
    env = dict(os.environ, STUDYKIT_CACHE_DIR=cache_dir)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout


def run(row, timed) -> None:
    from studykit import counts, segment
    from studykit.sources import load_corpus

    cold = tempfile.mkdtemp(prefix="studykit-bench-seg-")
    row("segment bundled corpus: very first run", float(_child(_CHILD, cold)), None,
        "(builds jieba's dictionary cache)")
    tokens_only = tempfile.mkdtemp(prefix="studykit-bench-seg-")
    os.makedirs(os.path.join(tokens_only, "jieba"))
    for f in os.listdir(os.path.join(cold, "jieba")):
        os.link(os.path.join(cold, "jieba", f), os.path.join(tokens_only, "jieba", f))
    row("segment bundled corpus: first run, dictionary load incl.", float(_child(_CHILD, tokens_only)), 1.5)

    def fresh() -> None:
        _child(_FRESH, tokens_only)

    row("segment again from the token cache (fresh process)", timed(fresh), 0.5, "(whole process)")

    corpus = load_corpus()
    segment.tokenize_corpus(corpus, progress=False)

    def from_disk() -> None:
        segment._MEMORY.clear()
        segment.tokenize_corpus(corpus, progress=False)

    row("segment again from the token cache (in-process)", timed(from_disk), 0.1, "(disk)")
    row("kwic 新质生产力 over the bundled corpus", timed(lambda: counts.kwic(corpus, "新质生产力"), repeat=20), 0.02)
    row("kwic regex 新质生产力|高质量发展, sorted left", timed(
        lambda: counts.kwic(corpus, "新质生产力|高质量发展", regex=True, sort="left"), repeat=20), 0.02)
    row("frequencies of the bundled corpus (tokens cached)", timed(lambda: counts.frequencies(corpus)))
    row("collocates of 高质量发展", timed(lambda: counts.collocates(corpus, "高质量发展")))
    row("glossary of the bundled corpus", timed(lambda: counts.glossary(corpus)))

