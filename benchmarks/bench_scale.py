"""Scale rows: 30 MB (and with ``run.py --big`` 300 MB) of generated dated files, each command as a
whole process, with its peak memory and, beside it, the floor measured in the same run.

Floors: reading the files (bytes read and decoded) for loading; plain ``jieba.lcut`` over the same
text for segmenting (timed on a sample of the text and scaled to all of it, since jieba alone takes
minutes on 30 MB). The ratio to the floor is what counts on a noisy machine.

The corpora are made by ``big_corpus.py`` once, in the temporary folder, and reused: 30 MB as one
article per file (like newspaper pages), 300 MB as fourteen years of day files of stories.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORE = Path(tempfile.gettempdir()) / "studykit-bench-corpora"

_CLI = """
import json, sys, time, io, contextlib
sys.path.insert(0, {here!r})
t = time.perf_counter()
from studykit import cli
with contextlib.redirect_stdout(io.StringIO()):
    code = cli.main({args!r})
secs = time.perf_counter() - t
from peak import peak_bytes
print(json.dumps({{"secs": secs, "peak": peak_bytes(), "code": code}}))
"""

_JIEBA = """
import json, sys, time
from pathlib import Path
import jieba
jieba.setLogLevel(60)
jieba.lcut("预热")
files = sorted(p for p in Path({folder!r}).rglob("*.txt"))
text, total = [], 0
for p in files:
    t = p.read_text(encoding="utf-8")
    total += len(t)
    if sum(map(len, text)) < {sample}:
        text.append(t)
sample = "".join(text)
t = time.perf_counter()
jieba.lcut(sample)
secs = time.perf_counter() - t
print(json.dumps({{"secs": secs * total / len(sample), "sample": len(sample), "total": total}}))
"""


def _child(code: str, cache: Path) -> dict:
    env = dict(os.environ, STUDYKIT_CACHE_DIR=str(cache))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def cli(args: list[str], cache: Path) -> dict:
    """Seconds and peak memory of one ``studykit`` command in a fresh process (stdout dropped)."""
    return _child(_CLI.format(here=str(HERE), args=args), cache)


def read_floor(folder: Path) -> float:
    """Seconds to read and decode every file of ``folder``: the floor of loading it."""
    t = time.perf_counter()
    for p in folder.rglob("*.txt"):
        p.read_bytes().decode("utf-8")
    return time.perf_counter() - t


def jieba_floor(folder: Path, cache: Path, sample: int = 400_000) -> float:
    """Seconds plain ``jieba.lcut`` would take over all the text of ``folder`` (timed on a sample)."""
    return _child(_JIEBA.format(folder=str(folder), sample=sample), cache)["secs"]


def corpus(name: str, mb: float, stories: int | None) -> tuple[Path, dict]:
    sys.path.insert(0, str(HERE))
    from big_corpus import ensure

    folder = STORE / name
    return folder, ensure(folder, mb, stories)


def _gb(x: dict) -> str:
    return f"peak {x['peak'] / 1e9:.2f} GB"


def scale_rows(row, folder: Path, planted: dict, label: str, *, memory: dict, targets: dict) -> None:
    """The rows of one corpus: load cold and warm, terms cold and warm, timeline, repeats; ``memory``
    gives the peak memory allowed (GB) per command."""
    cache = Path(tempfile.mkdtemp(prefix="studykit-bench-scale-"))
    mb = planted["bytes"] / 1e6
    floor_read = read_floor(folder)
    floor_jieba = jieba_floor(folder, cache)
    where = [str(folder)]
    cold = cli(["articles", *where], cache)
    row(f"{label}: load {mb:.0f} MB, {planted['files']} files, cold", cold["secs"], targets.get("load_cold"),
        f"({_gb(cold)})", floor=floor_read)
    warm = cli(["articles", *where], cache)
    row(f"{label}: load, warm (`articles`)", warm["secs"], targets.get("load_warm"), f"({_gb(warm)})",
        floor=floor_read)
    t_cold = cli(["terms", *where], cache)
    row(f"{label}: `terms`, first time", t_cold["secs"], targets.get("terms_cold"), f"({_gb(t_cold)} of {memory['terms']})",
        floor=floor_jieba)
    t_warm = cli(["terms", *where], cache)
    row(f"{label}: `terms` again", t_warm["secs"], targets.get("terms_warm"), f"({_gb(t_warm)})", floor=floor_read)
    tl = cli(["timeline", *where], cache)
    row(f"{label}: `timeline`", tl["secs"], targets.get("timeline"), f"({_gb(tl)})", floor=floor_read)
    rep = cli(["repeats", *where], cache)
    row(f"{label}: `repeats`, load included", rep["secs"], targets.get("repeats"), f"({_gb(rep)} of {memory['repeats']})",
        floor=floor_read)
    for name, x in (("articles", cold), ("terms", t_cold), ("timeline", tl), ("repeats", rep)):
        if x["peak"] > memory.get(name, 4.0) * 1e9:
            print(f"  !! {label} {name}: peak memory {x['peak'] / 1e9:.2f} GB is over {memory.get(name, 4.0)} GB",
                  file=sys.stderr)


def formulation_recall(row) -> None:
    """The bundled corpus's named edited formulations, found as formulation pairs."""
    from studykit.repeats import find_repeats
    from studykit.sources import load_corpus

    named = [("绿色科技创新和先进绿色技术推广应用", "绿色科技创新和先进绿色技术推广应用"),
             ("在尊重多样性中寻求一致性", "坚持一致性和多样性统一"),
             ("推进中国式现代化是最大的政治", "必须把推进中国式现代化作为最大的政治")]
    c = load_corpus()
    t = time.perf_counter()
    f = find_repeats(c, cache=False).pairs
    secs = time.perf_counter() - t
    f = f[f.formulation]

    def found(x: str, y: str) -> bool:
        for r in f.itertuples(index=False):
            for (a, s0, s1), (b, t0, t1) in (((r.a_article, r.a_start, r.a_end), (r.b_article, r.b_start, r.b_end)),
                                             ((r.b_article, r.b_start, r.b_end), (r.a_article, r.a_start, r.a_end))):
                i, j = c[a].text.find(x), c[b].text.find(y)
                if i >= 0 and j >= 0 and s0 < i + len(x) + 40 and s1 > i - 40 and t0 < j + len(y) + 40 and t1 > j - 40:
                    return True
        return False

    hits = sum(found(x, y) for x, y in named)
    row("repeats: bundled corpus with formulations", secs, 1.0,
        f"(named edited formulations found: {hits}/{len(named)}; {len(f)} formulation pairs)")


def run(row, timed) -> None:
    formulation_recall(row)
    folder, planted = corpus("paper30", 30, 1)
    scale_rows(row, folder, planted, "30 MB", memory={"terms": 1.0, "repeats": 1.5},
               targets={"load_warm": 1.5, "terms_cold": 25.0, "terms_warm": 2.0, "repeats": 10.0})
    if os.environ.get("STUDYKIT_BENCH_BIG"):
        folder, planted = corpus("news300", 300, None)
        scale_rows(row, folder, planted, "300 MB", targets={},
                   memory={"articles": 4.0, "terms": 4.0, "timeline": 4.0, "repeats": 4.0})
