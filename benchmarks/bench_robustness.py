"""Big input: a 50 MB file and a folder of 5,000 small files, loaded in a fresh process each.

Each load runs ``studykit.sources.load_corpus`` in a subprocess with an empty cache and reports its
wall time and its peak resident memory (``peak.peak_bytes()`` inside the child), so the
numbers are the load's own, not this process's. Targets: under 30 s and under about 10× the input
size, above the floor: the same child loading one short article (Python, numpy, OpenCC and the
rest imported), measured in the same run. ``python benchmarks/bench_robustness.py`` prints the rows on its own.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CHILD = """
import json, sys, time, warnings
warnings.simplefilter("ignore")
t = time.perf_counter()
from studykit.sources import load_corpus
c = load_corpus(sys.argv[1])
took = time.perf_counter() - t
sys.path.insert(0, sys.argv[2])
from peak import peak_bytes
print(json.dumps({"seconds": took, "articles": len(c), "chars": sum(len(a.text) for a in c), "rss": peak_bytes()}))
"""


def _paragraphs() -> list[str]:
    from studykit import paths
    from studykit.repair import repair

    arts = repair(paths.bundled_corpus().read_text(encoding="utf-8"), "b.txt").articles
    return [p for a in arts for p in a.paragraphs]


def big_file(root: Path, megabytes: float = 50) -> Path:
    """One file of about ``megabytes`` MB: the bundled compilation repeated as one long extraction
    (a dump of many issues; bookmark numbers run on from copy to copy as in a single PDF)."""
    import re

    from studykit import paths

    unit = paths.bundled_corpus().read_text(encoding="utf-8")
    step = 1 + max(int(n) for n in re.findall(r"_bookmark(\d+)", unit))
    f = root / "dump_2024.txt"
    with f.open("w", encoding="utf-8") as out:
        size, copy = 0, 0
        while size < megabytes * 1_000_000:
            shift = copy * step
            text = re.sub(r"_bookmark(\d+)", lambda m, shift=shift: f"_bookmark{int(m[1]) + shift}", unit) + "\n"
            out.write(text)
            size += len(text.encode("utf-8"))
            copy += 1
    return f


def many_files(root: Path, n: int = 5000) -> Path:
    """A folder of ``n`` small plain files (one short article each, a few paragraphs)."""
    paras = _paragraphs()
    rng = random.Random(1)
    folder = root / "many"
    for i in range(n):
        sub = folder / f"{i // 500:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        body = "\n".join(rng.sample(paras, 3))
        (sub / f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}_note{i}.txt").write_text(f"第{i}号通知\n{body}\n", encoding="utf-8")
    return folder


def _size(p: Path) -> int:
    return p.stat().st_size if p.is_file() else sum(q.stat().st_size for q in p.rglob("*") if q.is_file())


def measure(path: Path) -> dict:
    """Load ``path`` in a fresh process with an empty cache: seconds, peak memory, articles, input size."""
    env = {**os.environ, "STUDYKIT_CACHE_DIR": tempfile.mkdtemp(prefix="studykit-bench-rob-")}
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(Path(__file__).parent)], capture_output=True, text=True, env=env,
                         check=True)
    wall = time.perf_counter() - start
    shutil.rmtree(env["STUDYKIT_CACHE_DIR"], ignore_errors=True)
    res = json.loads(out.stdout.strip().splitlines()[-1])
    res["wall"] = wall
    res["input"] = _size(path)
    return res


def run(row, timed) -> None:
    root = Path(tempfile.mkdtemp(prefix="studykit-bench-robust-"))
    try:
        tiny = root / "tiny.txt"  # the floor: the same process loading one short article
        tiny.write_text("一篇短文\n今天天气很好，我们一起学习。\n", encoding="utf-8")
        floor = measure(tiny)
        for name, path in (("load a 50 MB file", big_file(root)), ("load a folder of 5,000 small files", many_files(root))):
            r = measure(path)
            ratio = r["rss"] / r["input"]
            own = (r["rss"] - floor["rss"]) / r["input"]
            row(name, r["wall"], 30.0,
                f"({r['input'] / 1e6:.0f} MB in, {r['articles']} articles; peak memory {r['rss'] / 1e6:.0f} MB = "
                f"{ratio:.1f}x input; {own:.1f}x above the {floor['rss'] / 1e6:.0f} MB of loading one short "
                "article, target < 10x)", floor=floor["wall"])
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    def _row(name, seconds, target, note="", floor=None):
        print(f"{name:<40} {seconds:8.2f} s  (target {target} s) {note}")

    run(_row, None)
