#!/usr/bin/env python3
"""Time the main steps of studykit on the bundled corpus and print a table.

    python benchmarks/run.py          (or: make bench)
    python benchmarks/run.py --big    (or: make bench-big: also 300 MB, which takes a while)

Each row: what was timed, the median of a few runs, the target, whether it was met, and where a
row has one, the floor measured in the same run (reading the files, plain jieba) with the ratio to
it, which is what counts on a busy machine. Rows run in a fresh cache directory unless they say otherwise.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("STUDYKIT_CACHE_DIR", tempfile.mkdtemp(prefix="studykit-bench-cache-"))
os.environ.setdefault("STUDYKIT_DATA_DIR", tempfile.mkdtemp(prefix="studykit-bench-data-"))
os.environ.setdefault("MPLBACKEND", "Agg")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROWS: list[tuple[str, float, float | None, str, float | None]] = []


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    """Median wall time of ``fn`` in seconds over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def row(name: str, seconds: float, target: float | None = None, note: str = "", floor: float | None = None) -> None:
    ROWS.append((name, seconds, target, note, floor))
    print(f"  … {name}: {seconds * 1000:.0f} ms", file=sys.stderr)


def bench_cli_help() -> None:
    exe = [sys.executable, "-m", "studykit", "--help"]
    row("`studykit --help` (fresh process)", timed(lambda: subprocess.run(exe, capture_output=True, check=True)), 0.5)


def _secs(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.1f} s"


def print_table() -> None:
    print(f"| {'step':<52} | {'time':>10} | {'target':>9} | ok | {'floor':>10} | {'ratio':>6} |")
    print(f"|{'-' * 54}|{'-' * 12}|{'-' * 11}|----|{'-' * 12}|{'-' * 8}|")
    for name, s, target, note, floor in ROWS:
        tg = "" if target is None else (f"{target * 1000:.0f} ms" if target < 10 else f"{target:.0f} s")
        ok = "" if target is None else ("yes" if s <= target else "NO")
        fl = "" if floor is None else _secs(floor)
        ratio = "" if not floor else f"{s / floor:.1f}x"
        print(f"| {name + (' ' + note if note else ''):<52} | {_secs(s):>10} | {tg:>9} | {ok:>2} | {fl:>10} | {ratio:>6} |")


def main() -> None:
    """Run this file's rows, then every ``benchmarks/bench_*.py`` module's ``run(row, timed)``."""
    import importlib.util

    if "--big" in sys.argv[1:]:
        os.environ["STUDYKIT_BENCH_BIG"] = "1"
    bench_cli_help()
    for f in sorted(Path(__file__).parent.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(f.stem, f)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[f.stem] = mod  # dataclasses in a bench module look their module up here
        spec.loader.exec_module(mod)
        mod.run(row, timed)
    print_table()


if __name__ == "__main__":
    main()
