"""The search form's cost: loading a generated 30 MB folder with and without normalising, in the same run.

The folder is made from the bundled corpus's paragraphs, one article a file; one file in 25 is
converted to traditional characters (OpenCC s2t: two or three reports of a 70-year collection of
yearly reports) and one in seven has full-width digits and letters, so the conversion really runs.
The target: normalising costs under 10% of loading time. (OpenCC converts about 3 million characters
a second here, so a corpus in traditional characters throughout costs about a third of its loading.)
"""

from __future__ import annotations

import random
import tempfile
import warnings
from pathlib import Path

_FULL = str.maketrans({chr(c): chr(c + 0xFEE0) for c in [*range(0x30, 0x3A), *range(0x41, 0x5B)]})


def old_texts_folder(megabytes: float = 30, seed: int = 0) -> Path:
    """A folder of about ``megabytes`` MB of plain files in the shapes of old texts (see the module doc)."""
    import opencc

    from studykit import paths
    from studykit.repair import repair

    arts = repair(paths.bundled_corpus().read_text(encoding="utf-8"), "b.txt").articles
    paras = [p for a in arts for p in a.paragraphs]
    s2t = opencc.OpenCC("s2t")
    rng = random.Random(seed)
    root = Path(tempfile.mkdtemp(prefix="studykit-bench-old-"))
    size = n = 0
    while size < megabytes * 1_000_000:
        text = f"第{n}号文件\n" + "\n".join(rng.sample(paras, 12)) + "\n"
        if n % 25 == 0:
            text = s2t.convert(text)
        elif n % 7 == 0:
            text = text.translate(_FULL)
        (root / f"{1950 + n % 75}-{1 + n % 12:02d}-{1 + n % 28:02d}_doc{n}.txt").write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
        n += 1
    return root


def _normalise(corpus) -> int:
    """What ``load_corpus(normalise=True)`` adds to a load: every article's search form. Returns how many
    articles it changed."""
    changed = 0
    for a in corpus:
        a.__dict__.pop("_search", None)
        a.normalise = True
        changed += a.search.text is not a.text
    return changed


def run(row, timed) -> None:
    from studykit.sources import load_corpus
    from studykit.text import fold

    warnings.simplefilter("ignore")
    folder = old_texts_folder()
    fold("社會", form="search")  # OpenCC and the per-user table of traditional characters, once
    plain = timed(lambda: load_corpus(folder, normalise=False), repeat=2)
    full = timed(lambda: load_corpus(folder), repeat=2)
    corpus = load_corpus(folder, normalise=False)
    step = timed(lambda: _normalise(corpus), repeat=3)
    changed = _normalise(corpus)
    row("load 30 MB old texts, normalise=False", plain, None, f"({len(corpus)} articles)")
    row("load 30 MB old texts, normalise=True", full)
    row("normalising step of that load (search forms)", step, 0.10 * plain,
        f"({step / plain:.1%} of loading; {changed} articles changed)")
