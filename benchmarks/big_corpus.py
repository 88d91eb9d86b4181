"""A generated corpus of day files for the scale benchmarks, made from the bundled compilation's text.

    python benchmarks/big_corpus.py OUT_FOLDER --mb 300            (fourteen years of daily news)
    python benchmarks/big_corpus.py OUT_FOLDER --mb 30 --stories 1 (one article per file, like newspaper pages)

Each file is one day (``2010/2010-01-01.txt`` …): 10–20 stories (``--stories``), each a title line and
its paragraphs, stories separated by a blank line, as a news transcript saved one file per day. The
text is made from the bundled corpus's own sentences: most sentences are walks over its word pairs
(the word after each word is drawn from what follows that word in the real texts, so each day is
new text, as in a real collection, while set phrases recur as they do in real news), a few are real
sentences quoted whole, and a few are real sentences with one or two words changed (edited
formulations). Stories are reprinted: a later day carries an earlier story again, with a few
characters changed and sometimes a paragraph left out. What was planted is written to
``OUT_FOLDER.planted.json`` beside the folder (not inside it): the reprints (file, story, source file
and story) and the edited formulations (the real sentence and its edited form, with the files they
went into).

The same arguments always give the same files (a seeded generator); ``ensure(folder, mb, stories)``
makes the folder only when it is not there yet, so benchmark runs share it.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import os
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUOTE_RATE = 0.02  # a real sentence quoted whole
EDIT_RATE = 0.01  # a real sentence with one or two words changed
REPRINT_RATE = 0.04  # a story reprinted from one of the last 30 days
JUMP = 0.1  # in a walk, the next word is drawn from all words (not from those that follow) this often


class Source:
    """The bundled corpus as material: its real sentences (as tokens), word pairs and titles."""

    def __init__(self, rnd: random.Random):
        from studykit.segment import tokenize
        from studykit.sources import load_corpus
        from studykit.text import WORD_RE, sentences

        corpus = load_corpus()
        self.rnd = rnd
        self.sentences: list[list[str]] = []
        for a in corpus:
            for s, e in sentences(a.text):
                if 12 <= e - s <= 120:
                    self.sentences.append(tokenize(a.text[s:e]))
        self.titles = [a.title for a in corpus if 6 <= len(a.title) <= 30]
        follow: dict[str, Counter] = defaultdict(Counter)
        unigram: Counter = Counter()
        for toks in self.sentences:
            for x, y in zip(["<s>", *toks], toks, strict=False):
                follow[x][y] += 1
                unigram[y] += 1
        self.follow = {w: _table(c) for w, c in follow.items()}
        self.words = _table(Counter({w: n for w, n in unigram.items() if WORD_RE.search(w) and len(w) > 1}))
        self.all = _table(unigram)
        self.by_len: dict[int, tuple] = {}
        for n in range(1, 9):
            c = Counter({w: k for w, k in unigram.items() if len(w) == n and WORD_RE.search(w)})
            if c:
                self.by_len[n] = _table(c)
        self.formulations = [s for s in self.sentences if 15 <= len("".join(s)) <= 40]

    def walk(self) -> str:
        """A new sentence: a walk over the word pairs, ending at a sentence end."""
        out, w, rnd = [], "<s>", self.rnd
        while len(out) < 60:
            table = self.follow.get(w) if rnd.random() > JUMP else self.all
            w = _draw(table or self.all, rnd)
            out.append(w)
            if w in "。！？" and len(out) > 6:
                break
        else:
            out.append("。")
        text = "".join(out)
        return text if text[0] not in "，。、；：！？" else text[1:]

    def edited(self, toks: list[str]) -> str:
        """``toks`` with one or two of its words replaced by other words of the same length."""
        toks = list(toks)
        slots = [i for i, t in enumerate(toks) if len(t) in self.by_len and t not in "，。、；："]
        for i in self.rnd.sample(slots, min(len(slots), self.rnd.choice((1, 1, 2)))):
            for _ in range(5):
                w = _draw(self.by_len[len(toks[i])], self.rnd)
                if w != toks[i]:
                    toks[i] = w
                    break
        return "".join(toks)

    def sentence(self, planted: list) -> str:
        r = self.rnd.random()
        if r < QUOTE_RATE:
            return "".join(self.rnd.choice(self.sentences))
        if r < QUOTE_RATE + EDIT_RATE:
            toks = self.rnd.choice(self.formulations)
            new = self.edited(toks)
            planted.append(("".join(toks), new))
            return new
        return self.walk()

    def title(self) -> str:
        base = self.rnd.choice(self.titles)
        t = self.walk().rstrip("。！？")
        return (base if self.rnd.random() < 0.3 else t)[:28] or base


def _table(counter: Counter) -> tuple[list[str], list[int]]:
    words = list(counter)
    cum, total = [], 0
    for w in words:
        total += counter[w]
        cum.append(total)
    return words, cum


def _draw(table: tuple[list[str], list[int]], rnd: random.Random) -> str:
    words, cum = table
    return words[bisect.bisect_right(cum, rnd.random() * cum[-1])]


def _story(src: Source, planted_edits: list) -> list[str]:
    """A title and 3–9 paragraphs of 2–5 sentences."""
    paras = ["".join(src.sentence(planted_edits) for _ in range(src.rnd.randint(2, 5)))
             for _ in range(src.rnd.randint(3, 9))]
    return [src.title(), *paras]


def _reprint(story: list[str], rnd: random.Random) -> list[str]:
    """A reprint: the same title and text, a few characters changed, perhaps a paragraph left out."""
    paras = list(story[1:])
    if len(paras) > 3 and rnd.random() < 0.3:
        del paras[rnd.randrange(1, len(paras) - 1)]
    out = []
    for p in paras:
        chars = list(p)
        for _ in range(max(0, int(len(chars) * 0.01))):
            i = rnd.randrange(len(chars))
            if chars[i] not in "，。、；：！？":
                chars[i] = "的"
        out.append("".join(chars))
    return [story[0], *out]


def _year(args: tuple) -> dict:
    """One year of files (``year`` folder): about ``mb`` megabytes, ``stories`` per file (None: a day
    file of stories; 1: one file per story, several a day). Returns what was planted."""
    folder, year, mb, stories, seed = args
    rnd = random.Random(f"{seed}-{year}")
    src = Source(rnd)
    day, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    per_day = mb * 1_000_000 / (end - day).days
    recent: list[tuple[str, int, list[str]]] = []  # (file, story number, story) of the last days
    reprints, edits, waiting = [], [], []  # waiting: edited formulations whose original goes in the next file
    files = size = 0
    while day < end:
        written, n_file = 0, 0
        while written < per_day:
            name = f"{year}/{day.isoformat()}.txt" if stories != 1 else f"{year}/{day.isoformat()}_{n_file + 1:02d}.txt"
            day_stories: list[list[str]] = []
            while len(day_stories) < (stories or 25) and (stories or written + _size(day_stories) < per_day):
                n = len(day_stories)
                if recent and rnd.random() < REPRINT_RATE:
                    f0, n0, s0 = rnd.choice(recent)
                    day_stories.append(_reprint(s0, rnd))
                    reprints.append({"file": name, "story": n, "source_file": f0, "source_story": n0})
                    continue
                placed: list = []
                story = _story(src, placed)
                for e in waiting:  # an original formulation, in another file than its edited form
                    k = rnd.randrange(1, len(story))
                    story[k] = e["original"] + story[k]
                    e.update(original_file=name, original_story=n)
                edits += waiting
                waiting = [{"file": name, "story": n, "original": o, "edited": e} for o, e in placed]
                day_stories.append(story)
            text = "\n\n".join("\n".join(s) for s in day_stories) + "\n"
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written += len(text.encode("utf-8"))
            files += 1
            n_file += 1
            recent = (recent + [(name, n, s) for n, s in enumerate(day_stories)])[-400:]
        size += written
        day += dt.timedelta(days=1)
    return {"files": files, "bytes": size, "reprints": reprints, "edits": edits}


def _size(stories: list[list[str]]) -> int:
    return sum(len("".join(s).encode("utf-8")) + len(s) for s in stories)


def generate(folder: Path, mb: float, stories: int | None = None, seed: int = 0, years: int | None = None) -> dict:
    """Write about ``mb`` megabytes (UTF-8) of dated files into ``folder``, from 2010 on, about 21 MB a
    year unless ``years`` is given (the years are made in parallel); return what was planted.

    ``stories``: stories per file (default: a day file of 10–25 stories; 1: one file per story)."""
    from concurrent.futures import ProcessPoolExecutor

    years = years or max(1, round(mb / 21))
    folder.mkdir(parents=True, exist_ok=True)
    jobs = [(folder, 2010 + i, mb / years, stories, seed) for i in range(years)]
    with ProcessPoolExecutor(min(years, os.cpu_count() or 1)) as ex:
        parts = list(ex.map(_year, jobs))
    planted = {k: sum(p[k] for p in parts) for k in ("files", "bytes")}
    planted["reprints"] = [r for p in parts for r in p["reprints"]]
    planted["edits"] = [e for p in parts for e in p["edits"] if "original_file" in e]
    Path(f"{folder}.planted.json").write_text(json.dumps(planted, ensure_ascii=False), encoding="utf-8")
    return planted


def ensure(folder: Path, mb: float, stories: int | None = None) -> dict:
    """The planted record of ``folder``, generating the folder first if it is not complete."""
    record = Path(f"{folder}.planted.json")
    if record.is_file():
        return json.loads(record.read_text(encoding="utf-8"))
    return generate(folder, mb, stories)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--mb", type=float, default=300)
    ap.add_argument("--stories", type=int, default=None, help="stories per file (default 10-20)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--years", type=int, default=None, help="spread over this many years (default: 21 MB a year)")
    a = ap.parse_args()
    p = generate(a.folder, a.mb, a.stories, a.seed, a.years)
    print(f"{p['files']} files, {p['bytes'] / 1e6:.1f} MB, {len(p['reprints'])} reprints, "
          f"{len(p['edits'])} edited formulations", file=sys.stderr)


if __name__ == "__main__":
    main()
