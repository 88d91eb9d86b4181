"""Loading a 30 MB folder of day files (many stories each, datelines, credits and a footer shared by every
file): splitting, boilerplate detection, repair and duplicates, in a fresh process with an empty cache.

The floor is measured in the same child: reading and decoding the same files (``readers.read``) and
nothing else; beside it, the same files loaded as one article each with nothing left out
(``split="none", keep_boilerplate=True``), to show what splitting and boilerplate cost.
``python benchmarks/bench_stories.py`` prints the rows on its own.
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
from pathlib import Path
warnings.simplefilter("ignore")
from studykit.readers import read
from studykit.sources import corpus_files, load_corpus
t = time.perf_counter()
files, _ = corpus_files([Path(sys.argv[1])])
chars = sum(len(read(p).text) for p, _ in files)
floor = time.perf_counter() - t
t = time.perf_counter()
c = load_corpus(sys.argv[1])
took = time.perf_counter() - t
boiler = sum(len(a.boilerplate) for a in c)
t = time.perf_counter()
plain = load_corpus(sys.argv[1], split="none", keep_boilerplate=True, keep_duplicates=True)
whole = time.perf_counter() - t
print(json.dumps({"seconds": took, "floor": floor, "whole": whole, "articles": len(c), "files": len(files),
                  "boilerplate": boiler}))
"""

FOOTER = ("本网站所载内容版权归原作者所有，转载请注明来源。如有侵权，请联系我们删除。",
          "本文仅供学习交流使用，不代表本站观点。")


def day_files(root: Path, megabytes: float = 30) -> Path:
    """Day files of about 20 stories each (a title line, a dateline, three to eight paragraphs taken from
    the bundled text, sometimes a credit) with a two-line footer, until ``megabytes`` MB are written."""
    from studykit import paths
    from studykit.repair import repair

    arts = repair(paths.bundled_corpus().read_text(encoding="utf-8"), "b.txt").articles
    paras = [p for a in arts for p in a.paragraphs if len(p) > 30]
    titles = [a.title for a in arts if not a.title_inferred] or ["要闻"]
    rng = random.Random(7)
    folder = root / "days"
    folder.mkdir(parents=True)
    size, day = 0, 0
    while size < megabytes * 1_000_000:
        lines = []
        for k in range(20):
            lines.append(f"{rng.choice(titles)[:30]}（{day}-{k}）")
            body = rng.sample(paras, rng.randint(3, 8))
            lines.append(f"　　央视网消息（新闻联播）：{body[0]}")
            lines += [f"　　{p}" for p in body[1:]]
            if k % 3 == 0:
                lines.append(f"（视频编辑：编辑{k} 文字编辑：编辑{day % 7}）")
        lines += FOOTER
        text = "\n".join(lines) + "\n"
        y, rest = divmod(day, 336)
        (folder / f"{2000 + y}-{1 + rest // 28:02d}-{1 + rest % 28:02d}.txt").write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
        day += 1
    return folder


def measure(path: Path) -> dict:
    """Load ``path`` in a fresh process with an empty cache: seconds, the reading floor, articles."""
    env = {**os.environ, "STUDYKIT_CACHE_DIR": tempfile.mkdtemp(prefix="studykit-bench-stories-")}
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, env=env, check=True)
    shutil.rmtree(env["STUDYKIT_CACHE_DIR"], ignore_errors=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(row, timed) -> None:
    root = Path(tempfile.mkdtemp(prefix="studykit-bench-days-"))
    try:
        folder = day_files(root)
        mb = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
        r = measure(folder)
        row("load 30 MB of day files: stories, footer, datelines", r["seconds"], 30.0,
            f"({mb:.0f} MB, {r['files']} files, {r['articles']} stories, {r['boilerplate']} boilerplate pieces; "
            f"floor: reading the files {r['floor']:.1f} s; each file as one article, nothing left out "
            f"{r['whole']:.1f} s)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    def _row(name, seconds, target, note=""):
        print(f"{name:<52} {seconds:8.2f} s  (target {target} s) {note}")

    t = time.perf_counter()
    run(_row, None)
    print(f"(whole run {time.perf_counter() - t:.0f} s)", file=sys.stderr)
