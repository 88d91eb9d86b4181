"""studykit: study corpora of Chinese political texts in Jupyter.

The public API, imported lazily so that ``import studykit`` (and the command line) stays fast::

    load_corpus, Corpus, Article          corpus loading and repair
    NoTextError, load_corrections         nothing loadable; a corrections file (TOML/YAML)
    font_path, use_in_matplotlib          the bundled Chinese font
    find_repeats, without_reprints        repeated passages; compare_html, pair_html, strip_html
    build_questions, ProgressStore        review questions from the corpus; saved progress
    anki_csv, review_sheet, export_article    hand-outs: Anki CSV, printable sheets
    load_lexicon, load_stopwords, load_themes   formulations, stop words, themes (editable data files)
    tokenize, tokenize_corpus             jieba with the lexicon; cached tokens
    frequencies, article_frequencies, count_terms, count_themes, count_formulations, kwic,
    collocates, keyness, glossary         counting and finding
    word_cloud, compare_clouds, Cloud     word clouds (PNG, SVG, matplotlib figure)
    theme_timeline, timeline_detail, Timeline   themes over time, and the articles behind a point
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_API = {
    "load_corpus": "studykit.sources",
    "NoTextError": "studykit.sources",
    "load_corrections": "studykit.corrections",
    "Corpus": "studykit.corpus",
    "Article": "studykit.corpus",
    "font_path": "studykit.fonts",
    "use_in_matplotlib": "studykit.fonts",
    "find_repeats": "studykit.repeats",
    "RepeatResult": "studykit.repeats",
    "reprinted_spans": "studykit.repeats",
    "without_reprints": "studykit.repeats",
    "to_passim_jsonl": "studykit.repeats",
    "compare_html": "studykit.align",
    "pair_html": "studykit.align",
    "strip_html": "studykit.align",
    "save_html": "studykit.align",
    "build_questions": "studykit.review",
    "filter_questions": "studykit.review",
    "study_terms": "studykit.review",
    "questions_frame": "studykit.review",
    "Question": "studykit.review",
    "ProgressStore": "studykit.progress",
    "anki_csv": "studykit.sheets",
    "review_sheet": "studykit.sheets",
    "export_article": "studykit.sheets",
    "load_lexicon": "studykit.lexicon",
    "load_stopwords": "studykit.lexicon",
    "load_themes": "studykit.lexicon",
    "tokenize": "studykit.segment",
    "tokenize_corpus": "studykit.segment",
    "frequencies": "studykit.counts",
    "article_frequencies": "studykit.counts",
    "count_terms": "studykit.counts",
    "count_themes": "studykit.counts",
    "count_formulations": "studykit.counts",
    "kwic": "studykit.counts",
    "collocates": "studykit.counts",
    "keyness": "studykit.counts",
    "glossary": "studykit.counts",
    "word_cloud": "studykit.cloud",
    "compare_clouds": "studykit.cloud",
    "Cloud": "studykit.cloud",
    "theme_timeline": "studykit.timeline",
    "timeline_detail": "studykit.timeline",
    "Timeline": "studykit.timeline",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'studykit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
