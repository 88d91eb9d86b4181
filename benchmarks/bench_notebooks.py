"""Benchmark rows for the lessons: every notebook executed headless, and widget re-render times.

Run through ``benchmarks/run.py``. Notebooks run in a temporary copy with a fresh per-user cache
(the first run a student sees); re-render rows time one interaction on the bundled corpus.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _execute_all() -> list[tuple[str, float]]:
    """Execute every lesson notebook once; return (name, seconds) for each."""
    import nbformat
    from nbclient import NotebookClient

    times = []
    with tempfile.TemporaryDirectory(prefix="studykit-bench-nb-") as tmp:
        for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
            copy = Path(tmp) / path.name
            shutil.copyfile(path, copy)
            nb = nbformat.read(copy, as_version=4)
            t = time.perf_counter()
            NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": tmp}}).execute()
            times.append((path.stem, time.perf_counter() - t))
    return times


def _rerender_rows(row, timed) -> None:
    """Time interactions that only re-render (target 200 ms each) on the bundled corpus."""
    from studykit.sources import load_corpus
    from studykit.widgets import ArticleBrowser

    corpus = load_corpus()
    b = ArticleBrowser(corpus)
    ids = b.listed
    state = {"i": 0}

    def next_article():
        state["i"] += 1
        b.list.value = ids[state["i"] % len(ids)]

    row("browser: change article", timed(next_article, repeat=5), 0.2)
    with_kps = [a.id for a in corpus if a.key_points]
    if with_kps:
        b.list.value = with_kps[0]

        def mark():
            b.kp_pick.value = None if b.kp_pick.value == 0 else 0

        row("browser: mark a key point", timed(mark, repeat=5), 0.2)

    def search():
        b.search.value = "高质量发展" if b.search.value != "高质量发展" else "改革"

    row("browser: text search filter", timed(search, repeat=5), 0.2)
    _other_rows(corpus, row, timed)


def _cycle(control, values):
    """A function that sets ``control.value`` to the next of ``values`` each call."""
    state = {"i": 0}

    def step():
        state["i"] += 1
        control.value = values[state["i"] % len(values)]

    return step


def _other_rows(corpus, row, timed) -> None:
    """Comparer and timeline re-renders (target 200 ms); recomputations (progress shown over 0.5 s)."""
    from studykit.widgets import CloudExplorer, PassageComparer, TimelineExplorer

    c = PassageComparer(corpus)
    pairs = [v for _, v in c.pairs.options][:6]
    if len(pairs) > 1:
        row("comparer: open another pair", timed(_cycle(c.pairs, pairs), repeat=5), 0.2)
    t = TimelineExplorer(corpus)
    periods = list(t.period.options)
    if len(periods) > 1:
        row("timeline: choose another point (drill-down)", timed(_cycle(t.period, periods), repeat=5), 0.2)
    row("timeline: type a theme (recompute + chart)", timed(_cycle(t.custom, ["改革,深化改革", "创新,科技创新"])),
        note="(progress shown)")
    x = CloudExplorer(corpus)
    row("clouds: change the right scope (recompute)", timed(_cycle(x.right.scope, ["theme", "article"])),
        note="(progress shown)")


def run(row, timed) -> None:
    times = _execute_all()
    for name, seconds in times:
        row(f"notebook {name} (headless)", seconds)
    row("all notebooks executed headless", sum(s for _, s in times), 90)
    _rerender_rows(row, timed)
