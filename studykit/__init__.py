"""studykit: study corpora of Chinese political texts in Jupyter.

The public API, imported lazily so that ``import studykit`` (and the command line) stays fast::

    load_corpus, Corpus, Article          corpus loading and repair
    LoadError, NoTextError, load_corrections   a corpus not loadable as asked; a corrections file (TOML/YAML)
    font_path, use_in_matplotlib          the bundled Chinese font
    find_repeats, without_reprints        repeated passages; compare_html, pair_html, strip_html
    build_questions, ProgressStore        review questions from the corpus; saved progress
    pick_questions, class_overview        ten questions for a class; every learner's progress
    NoteStore, Note                       a learner's notes on passages (kept, found again, exported)
    study_pack, share_lesson              offline pages for students: a corpus's study pack, a lesson shared
    anki_csv, review_sheet, export_article    hand-outs: Anki CSV, printable sheets
    load_lexicon, load_stopwords, load_themes   formulations, stop words, themes (editable data files)
    tokenize, tokenize_corpus             jieba with the lexicon; cached tokens
    frequencies, article_frequencies, count_terms, count_themes, count_formulations, kwic,
    collocates, keyness, glossary         counting and finding
    word_cloud, compare_clouds, Cloud     word clouds (PNG, SVG, matplotlib figure)
    theme_timeline, timeline_detail, Timeline   themes over time, and the articles behind a point
    dispersion, dispersion_table          where in each article a term occurs (plot and positions)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_API = {
    "load_corpus": "studykit.sources",
    "NoTextError": "studykit.errors",
    "LoadError": "studykit.errors",
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
    "pick_questions": "studykit.review",
    "class_overview": "studykit.progress",
    "study_terms": "studykit.review",
    "questions_frame": "studykit.review",
    "Question": "studykit.review",
    "ProgressStore": "studykit.progress",
    "NoteStore": "studykit.notes",
    "Note": "studykit.notes",
    "anki_csv": "studykit.sheets",
    "review_sheet": "studykit.sheets",
    "export_article": "studykit.sheets",
    "study_pack": "studykit.pack",
    "share_lesson": "studykit.share",
    "load_lexicon": "studykit.lexicon",
    "load_stopwords": "studykit.lexicon",
    "load_themes": "studykit.themes",
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
    "dispersion": "studykit.dispersion_plot",
    "dispersion_table": "studykit.dispersion_plot",
}

__all__ = ["Article", "Cloud", "Corpus", "LoadError", "NoTextError", "Note", "NoteStore", "ProgressStore", "Question",
           "RepeatResult", "Timeline", "anki_csv", "article_frequencies", "build_questions", "class_overview", "collocates",
           "compare_clouds", "compare_html", "count_formulations", "count_terms", "count_themes",
           "dispersion", "dispersion_table", "export_article", "filter_questions", "find_repeats", "font_path", "frequencies", "glossary",
           "keyness", "kwic", "load_corpus", "load_corrections", "load_lexicon", "load_stopwords",
           "load_themes", "pair_html", "pick_questions", "questions_frame", "reprinted_spans", "review_sheet", "save_html",
           "share_lesson", "strip_html", "study_pack", "study_terms", "theme_timeline", "timeline_detail", "to_passim_jsonl", "tokenize",
           "tokenize_corpus", "use_in_matplotlib", "without_reprints", "word_cloud"]  # the names of _API

if TYPE_CHECKING:  # what editors and type checkers see; at run time the names load on first use
    from .align import compare_html, pair_html, save_html, strip_html
    from .cloud import Cloud, compare_clouds, word_cloud
    from .corpus import Article, Corpus
    from .corrections import load_corrections
    from .counts import (
        article_frequencies,
        collocates,
        count_formulations,
        count_terms,
        count_themes,
        frequencies,
        glossary,
        keyness,
        kwic,
    )
    from .dispersion_plot import dispersion, dispersion_table
    from .errors import LoadError, NoTextError
    from .fonts import font_path, use_in_matplotlib
    from .lexicon import load_lexicon, load_stopwords
    from .notes import Note, NoteStore
    from .pack import study_pack
    from .progress import ProgressStore, class_overview
    from .repeats import RepeatResult, find_repeats, reprinted_spans, to_passim_jsonl, without_reprints
    from .review import (
        Question,
        build_questions,
        filter_questions,
        pick_questions,
        questions_frame,
        study_terms,
    )
    from .segment import tokenize, tokenize_corpus
    from .share import share_lesson
    from .sheets import anki_csv, export_article, review_sheet
    from .sources import load_corpus
    from .themes import load_themes
    from .timeline import Timeline, theme_timeline, timeline_detail


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'studykit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
