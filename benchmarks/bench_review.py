"""Study mode: building questions, the exports, and the progress store on the bundled corpus."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path


def run(row, timed) -> None:
    from studykit import load_corpus
    from studykit.corpus import Corpus
    from studykit.progress import ProgressStore
    from studykit.review import build_questions
    from studykit.sheets import anki_csv, export_article, review_sheet

    corpus = load_corpus()
    questions = build_questions(corpus)
    row(f"build_questions, bundled corpus ({len(questions)} questions)", timed(lambda: build_questions(corpus)), 2.0)
    big = Corpus([replace(a, id=i * 1000 + a.id) for i in range(10) for a in corpus])
    row("build_questions, bundled corpus ×10", timed(lambda: build_questions(big), repeat=1), 10.0)
    row("anki_csv + review_sheet", timed(lambda: (anki_csv(questions), review_sheet(questions))), 0.5)
    longest = max(corpus, key=lambda a: len(a.text)).id
    row("export_article, longest article", timed(lambda: export_article(corpus, longest)), 1.0)

    with tempfile.TemporaryDirectory() as d:
        store = ProgressStore(Path(d) / "p.sqlite3", user="bench")
        ids = [f"card{i}" for i in range(5000)]
        n = iter(range(10**6))
        row("ProgressStore.record, one answer (synced)", timed(lambda: store.record(ids[next(n)], True), 20), 0.05)
        for i, c in enumerate(ids):
            store.record(c, i % 4 != 0)
        row("ProgressStore.due over 5,000 answered cards", timed(lambda: store.due(ids)), 0.2)
        store.close()
