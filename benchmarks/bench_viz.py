"""Timing rows for word clouds and theme timelines (run by ``benchmarks/run.py``)."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
from pathlib import Path


def _dated_folder(megabytes: float = 10) -> Path:
    """A folder of daily files (``2019-01-01.txt`` …) cut from the bundled corpus, ``megabytes`` in all."""
    from studykit import paths

    source = paths.bundled_corpus().read_text(encoding="utf-8")
    paras = [p for p in source.split("\n") if len(p) > 40 and "[" not in p and not p.startswith(("·", "•"))]
    rnd = random.Random(7)
    folder = Path(tempfile.mkdtemp(prefix="studykit-bench-dated-"))
    day, size = dt.date(2019, 1, 1), 0
    while size < megabytes * 1_000_000:
        text = "\n".join(rnd.choice(paras) for _ in range(40))
        data = f"{day.isoformat()} 学习材料\n{text}\n".encode()
        (folder / f"{day.isoformat()}.txt").write_bytes(data)
        size += len(data)
        day += dt.timedelta(days=1)
    return folder


def run(row, timed) -> None:
    from studykit import counts
    from studykit.cloud import word_cloud
    from studykit.sources import load_corpus
    from studykit.timeline import theme_timeline

    corpus = load_corpus()
    counts.frequencies(corpus)  # segment once: the rows below time drawing and counting
    row("word cloud 800×400 of the bundled corpus (segmented)", timed(lambda: word_cloud(corpus)), 1.5)
    row("theme timeline of the bundled corpus, bundled themes", timed(lambda: theme_timeline(corpus, by="month")), 0.3)
    tl = theme_timeline(corpus, by="month")

    def draw(fig):  # what the page shows: laid out and rendered
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig).draw()
        fig.clear()

    row("timeline figure, 4 themes on one chart (laid out and drawn)",
        timed(lambda: draw(theme_timeline(corpus, list(tl.themes)[:4], by="week").figure())), 1.5)
    row(f"timeline figure, {len(tl.themes)} bundled themes as small multiples", timed(lambda: draw(tl.figure())), 4.0)
    from studykit.dispersion_plot import dispersion, dispersion_table

    row("dispersion table + plot of the bundled corpus (2 terms)",
        timed(lambda: (dispersion_table(corpus, "新质生产力,高质量发展"),
                       draw(dispersion(corpus, "新质生产力,高质量发展")))), 1.5)
    cloud = word_cloud(corpus)
    out = Path(tempfile.mkdtemp(prefix="studykit-bench-out-"))
    row("cloud PNG + SVG export", timed(lambda: (cloud.to_png(out / "c.png"), cloud.to_svg(out / "c.svg"))), None)

    folder = _dated_folder(10)
    big = load_corpus(folder)
    row("theme timeline over 10 MB of dated files (loaded)",
        timed(lambda: theme_timeline(big, by="week", measure="per10k")), 5.0, f"({len(big)} articles)")
    row("dispersion table over 10 MB of dated files (loaded)",
        timed(lambda: dispersion_table(big, "高质量发展,新质生产力")), 2.0)
    row("load + theme timeline over 10 MB of dated files",
        timed(lambda: theme_timeline(load_corpus(folder), by="month"), repeat=1), None, "(loading is most of it)")
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
