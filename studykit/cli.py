"""The ``studykit`` command: one thin subcommand per capability.

Results go to stdout, warnings and progress to stderr, so ``--json`` output stays parseable.
Heavy libraries are imported inside the handlers, never at module level, so ``studykit --help``
answers at once. Exit status: 0 on success, 2 for bad input (no loadable file, unknown article).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

# ---------------------------------------------------------------- shared helpers


def _add_paths(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files or folders: .txt, .md, .html, .pdf, .docx (default: the bundled compilation)")
    p.add_argument("--no-normalise", dest="normalise", action="store_false",
                   help="search the texts exactly as written (default: traditional characters, full-width digits "
                        "and letters, Kangxi radicals and broken lines count as their plain forms)")
    g = p.add_argument_group("reading the files")
    g.add_argument("--split", default="auto", metavar="auto|none|stories|REGEX",
                   help="split files of many stories into one article per story: auto (files shaped like news "
                        "transcripts, the default), none, stories (wherever the shape repeats), or a regular "
                        "expression matching the line that starts a story")
    g.add_argument("--keep-boilerplate", action="store_true",
                   help="keep footers found in most files, datelines and credits in the text")
    g.add_argument("--password", metavar="TEXT", help="password that opens encrypted PDF files")
    g.add_argument("--keep-duplicates", action="store_true",
                   help="keep articles whose text repeats an earlier one (marked duplicate_of)")


def _add_selection(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("selection")
    g.add_argument("--article", type=int, action="append", metavar="ID", help="only this article (repeatable)")
    g.add_argument("--source", metavar="TEXT", help="only articles whose source contains TEXT")
    g.add_argument("--from", dest="date_from", metavar="DATE", help="only articles dated on or after DATE")
    g.add_argument("--to", dest="date_to", metavar="DATE", help="only articles dated on or before DATE")


def _add_csv(p: argparse.ArgumentParser) -> None:
    p.add_argument("--csv", metavar="FILE", help="also write the table as CSV (UTF-8 with BOM, opens in Excel)")


TABLE_ROWS = 2000  # rows a table prints; --csv and --json give all of them


def _warn(msg: str) -> None:
    print(f"studykit: {msg}", file=sys.stderr)


class UserError(Exception):
    """A problem with the user's input: reported in one line, exit status 2."""


def _load(args: argparse.Namespace, select: bool = True):
    """Load the corpus named by ``args.paths`` and apply the selection options."""
    import warnings

    from .errors import LoadError
    from .sources import load_corpus

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            corpus = load_corpus(args.paths or None, corrections=getattr(args, "corrections", None),
                                 normalise=getattr(args, "normalise", True), split=getattr(args, "split", "auto"),
                                 keep_boilerplate=getattr(args, "keep_boilerplate", False),
                                 keep_duplicates=getattr(args, "keep_duplicates", False),
                                 password=getattr(args, "password", None))
        except LoadError as e:
            raise UserError(str(e)) from e
    for w in caught:
        _warn(str(w.message))
    if not select:
        return corpus
    try:
        return corpus.select(
            ids=getattr(args, "article", None),
            source=getattr(args, "source", None),
            date_from=getattr(args, "date_from", None),
            date_to=getattr(args, "date_to", None),
        )
    except (KeyError, ValueError) as e:
        raise UserError(str(e).strip("'\"")) from e


def _print_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")


def _write_csv(frame, path: str | None) -> None:
    if path:
        frame.to_csv(path, index=False, encoding="utf-8-sig")
        _warn(f"wrote {path}")


def _print_table(frame) -> None:
    import pandas as pd

    if len(frame) == 0:  # not pandas' "Empty DataFrame / Columns: […] / Index: []"
        _warn("没有结果 / nothing found")
        return

    from .markup import is_missing

    shown = (frame if len(frame) <= TABLE_ROWS else frame.head(TABLE_ROWS)).copy()  # a terminal shows the start
    for c in shown.columns:  # a column of None (no file names a source) would print "None"
        if shown[c].dtype == object:
            shown[c] = shown[c].map(lambda v: "—" if is_missing(v) else v)
    with pd.option_context("display.max_rows", 500, "display.max_colwidth", 40, "display.width", 200,
                           "display.unicode.east_asian_width", True):
        print(shown.to_string(index=False, na_rep="—"))
    if len(shown) < len(frame):
        _warn(f"还有 {len(frame) - len(shown)} 行未显示 / {len(frame) - len(shown)} more rows not shown: "
              "--csv FILE or --json gives them all")


# ---------------------------------------------------------------- commands


def cmd_lab(args: argparse.Namespace) -> int:
    """Copy the lesson notebooks into DIR (never overwriting) and open the start notebook in JupyterLab."""
    from .lab import copy_notebooks, launch

    target = Path(args.dir)
    for line in copy_notebooks(target):
        _warn(line)
    return launch(target, "00_start_here.ipynb", port=args.port, open_browser=not args.no_browser)


def cmd_articles(args: argparse.Namespace) -> int:
    """List the articles of a corpus: a table, or the JSON records with ``--json``."""
    corpus = _load(args, select=False)
    if args.json:
        _print_json([a.to_dict() for a in corpus])
        return 0
    frame = corpus.to_frame()
    _write_csv(frame, args.csv)
    _print_table(frame.drop(columns=["file"]))
    return 0


def _image_path(path: str) -> str:
    if Path(path).suffix.lower() not in (".png", ".svg"):
        raise UserError(f"-o {path}: the file name must end in .png or .svg")
    return path


def cmd_cloud(args: argparse.Namespace) -> int:
    """Draw a word cloud of the selected articles and write it as PNG or SVG."""
    from .cloud import word_cloud
    from .errors import FontError

    out = _image_path(args.output)
    corpus = _load(args)
    if not len(corpus):
        raise UserError("no article matches the selection")
    try:
        cloud = word_cloud(corpus, theme=args.theme, width=args.width, height=args.height,
                           max_words=args.max_words, mask=args.mask, font=args.font,
                           color_by_theme=args.color_by_theme, extra_stopwords=args.stop or (),
                           single_chars=args.single_chars)
    except (FontError, ValueError, OSError) as e:
        raise UserError(str(e)) from e
    for w in cloud.warnings:
        _warn(w)
    cloud.to_svg(out) if out.lower().endswith(".svg") else cloud.to_png(out)
    _warn(f"wrote {out} ({len(cloud.layout_words)} words from {cloud.articles} articles)")
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    """Count themes per period: print the table, optionally write CSV and a PNG/SVG figure."""
    from .timeline import theme_timeline

    out = _image_path(args.output) if args.output else None
    corpus = _load(args)
    if not len(corpus):
        raise UserError("no article matches the selection")
    try:
        tl = theme_timeline(corpus, args.theme or None, by=args.by, measure=args.measure,
                            exclude_reprints=args.exclude_reprints, by_term=args.by_term)
    except ValueError as e:
        raise UserError(str(e)) from e
    if tl.note:
        _warn(tl.note)
    for f in tl.firsts.itertuples():  # what each row counts, and since when
        first = (f"首次 first use {f.first_date}（第 {f.first_article} 篇《{f.first_title}》）"
                 if f.first_date else "未出现 not found")
        _warn(f"{f.theme} = {f.terms}；{first}")
    if args.csv:  # plain UTF-8: the first column must read exactly "period" for scripts
        _warn(f"wrote {tl.to_csv(args.csv, bom=False)}")
    if out:
        from .errors import FontError

        try:
            tl.to_svg(out, layout=args.layout) if out.lower().endswith(".svg") else tl.to_png(out, layout=args.layout)
        except FontError as e:
            raise UserError(str(e)) from e
        _warn(f"wrote {out}")
    table = tl.table
    empty = table["articles"] == 0
    if empty.any():  # rows of zeros for months without any article would bury the ones that matter
        _warn(f"{table.loc[empty, 'period'].nunique()} 个时期没有文章，下表不列 / periods without articles "
              f"are left out of this table{' (the CSV has them)' if args.csv else ''}")
    # the terms and first use are said above, once per theme, and are in the CSV
    shown = [c for c in table.columns if c not in ("terms", "first_article", "first_date")]
    _print_table(table.loc[~empty, shown])
    return 0


def cmd_dispersion(args: argparse.Namespace) -> int:
    """Where in each article a term occurs: write the plot (PNG/SVG) and/or the positions as CSV."""
    from .dispersion_plot import dispersion_table, draw_dispersion
    from .themes import split_terms

    terms = split_terms(args.term)
    if not terms:
        raise UserError("TERM is empty (separate several terms with commas)")
    out = _image_path(args.output) if args.output else None
    corpus = _load_some(args)
    table = dispersion_table(corpus, terms)
    if not len(table):
        raise UserError(f"{'、'.join(terms)} does not occur in the selected articles")
    if args.csv:  # plain UTF-8 like timeline --csv: the first column reads exactly "article"
        table.to_csv(args.csv, index=False, encoding="utf-8")
        _warn(f"wrote {args.csv}")
    if out:
        from .errors import FontError

        try:
            fig = draw_dispersion(corpus, terms, table=table, max_articles=args.max_articles)
            fig.savefig(out, dpi=150 if out.lower().endswith(".png") else "figure")
        except FontError as e:
            raise UserError(str(e)) from e
        _warn(f"wrote {out}")
    _warn(f"{len(table)} hits in {table['article'].nunique()} of {len(corpus)} articles")
    if not (args.csv or out):
        _print_table(table.assign(position=table["position"].round(3)))
    return 0


def cmd_repeats(args: argparse.Namespace) -> int:
    """Find repeated passages: a table, or JSON records with ``--json`` (groups too with ``--groups``)."""
    from .repeats import find_repeats

    if args.min_chars < 2:
        raise UserError("--min-chars must be at least 2")
    corpus = _load(args)
    res = find_repeats(corpus, min_chars=args.min_chars)
    if args.json:
        _print_json(res.records(groups=args.groups))
        return 0
    _write_csv(res.pairs, args.csv)
    p = res.pairs

    def where(s):
        kp = p[f"{s}_field"] == "key_point"
        return p[f"{s}_article"].astype(str).where(~kp, p[f"{s}_article"].astype(str) + " kp" + (p[f"{s}_index"] + 1).astype(str))

    table = p.assign(a=where("a"), b=where("b"), identity=p["identity"].round(2),
                     text=p["a_text"].str.replace("\n", " ").str.slice(0, 30))
    _print_table(table[["kind", "identity", "a", "a_start", "a_len", "b", "b_start", "b_len", "text"]])
    if args.groups and len(res.groups):
        print()
        g = res.groups
        _print_table(g[["group", "occurrences", "articles", "article", "start", "end"]].assign(
            text=g["text"].str.replace("\n", " ").str.slice(0, 40)))
    _warn(f"{len(res.pairs)} passage pairs, {res.groups['group'].nunique() if len(res.groups) else 0} groups "
          f"of formulations found 3+ times")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    """Build review questions from the selected articles: Anki CSV, a printable HTML sheet, JSON or a list;
    or, with ``--progress``, the class overview of the progress file."""
    if args.progress:
        from .progress import class_overview

        table = class_overview(args.store)
        if args.json:
            _print_json(_records(table))
            return 0
        if not len(table):
            _warn("还没有人答过题 / nobody has answered yet")
            return 0
        _print_table(table.rename(columns={"learner": "学生 learner", "answered": "答过 answered",
                                           "right_answers": "答对 right", "cards": "卡片 cards",
                                           "due": "到期 due", "last": "最近 last"}))
        return 0
    from .review import build_questions, filter_questions, pick_questions
    from .sheets import anki_csv, review_sheet

    corpus = _load(args)
    questions = build_questions(corpus, per_article=args.per_article or None)
    if args.theme:
        from .themes import resolve_themes

        try:
            themes = resolve_themes([args.theme])
        except (KeyError, ValueError) as e:
            raise UserError(str(e).strip("'\"")) from e
        questions = filter_questions(questions, theme=[t for terms in themes.values() for t in terms])
    if args.count is not None and args.count < 1:
        raise UserError("--count must be at least 1")
    questions = pick_questions(questions, args.count, seed=args.seed)
    if not questions:
        raise UserError("no question could be built from the selected articles"
                        + (f" on the theme {args.theme}" if args.theme else ""))
    if args.csv or args.html:
        out = Path(args.csv or args.html)
        out.write_text(anki_csv(questions) if args.csv else review_sheet(questions), encoding="utf-8")
        _warn(f"wrote {out} ({len(questions)} questions from {len({q.article for q in questions})} articles)")
    elif args.json:
        _print_json([q.to_dict() for q in questions])
    else:
        for i, q in enumerate(questions, 1):
            print(f"{i}. [{q.article} {q.date or '—'}] {q.prompt}\n   → {q.answer}")
    return 0


def cmd_present(args: argparse.Namespace) -> int:
    """Serve a lesson notebook with Voila for a projector: code and notebook-only cells hidden, widgets live."""
    from .lab import present

    try:
        return present(args.notebook, port=args.port, open_browser=not args.no_browser, lessons=args.dir)
    except FileNotFoundError as e:
        raise UserError(str(e)) from e


def cmd_export(args: argparse.Namespace) -> int:
    """Write a standalone printable HTML study sheet of one article."""
    from .sheets import export_article

    if Path(args.output).suffix.lower() not in (".html", ".htm"):
        raise UserError(f"-o {args.output}: the file name must end in .html")
    corpus = _load(args, select=False)
    if args.id not in corpus:
        raise UserError(f"no article with id {args.id} (ids run {min(corpus.ids)}–{max(corpus.ids)})")
    notes = None
    if args.notes:
        from .notes import NoteStore

        with NoteStore(args.user, corpus=corpus) as store:
            notes = store.list(args.id)
        _warn(f"{len(notes)} notes of {store.user} on article {args.id}")
    Path(args.output).write_text(export_article(corpus, args.id, notes=notes), encoding="utf-8")
    _warn(f"wrote {args.output}")
    return 0


def cmd_notes(args: argparse.Namespace) -> int:
    """List, export or import a learner's notes on passages."""
    from .errors import NotesFileError
    from .notes import NoteStore, notes_html, notes_json, notes_markdown

    with NoteStore(args.user) as store:
        if args.action == "import":
            try:
                counts = store.import_file(args.file)
            except NotesFileError as e:
                raise UserError(str(e)) from e
            _warn(f"{counts['added']} notes added, {counts['updated']} updated, {counts['unchanged']} already "
                  f"there, for {store.user}")
            return 0
        corpus = _load(args, select=False) if len(store) or args.article is not None else None
        if args.article is not None:
            if args.article not in corpus:
                raise UserError(f"no article with id {args.article}")
            notes = store.list(corpus[args.article], args.term, corpus=corpus)
        else:
            notes = store.list(term=args.term, corpus=corpus)
        if args.action == "list":
            if args.json:
                _print_json([n.to_dict() for n in notes])
                return 0
            import pandas as pd

            from .notes import STATUSES, when

            def short(t, k=24):
                t = " ".join(t.split())
                return t if len(t) <= k else t[:k] + "…"

            frame = pd.DataFrame([{"id": n.id, "article": n.article, "date": n.date, "title": short(n.title, 20),
                                   "passage": short(n.passage), "note": short(n.note), "edited": when(n.edited),
                                   "status": STATUSES[n.status].split(" ")[-1] if n.status else ""}
                                  for n in notes])
            _print_table(frame)
            _warn(f"{len(notes)} notes of {store.user}")
            return 0
        out = args.output
        kind = "html" if args.html or (out and out.lower().endswith((".html", ".htm"))) else \
            "json" if out and out.lower().endswith(".json") else "md"
        text = {"html": lambda: notes_html(notes, store.user), "json": lambda: notes_json(notes),
                "md": lambda: notes_markdown(notes, store.user)}[kind]()
        if out:
            Path(out).write_text(text, encoding="utf-8")
            _warn(f"wrote {out} ({len(notes)} notes of {store.user})")
        else:
            sys.stdout.write(text)
    return 0


def _html_out(path: str) -> Path:
    if Path(path).suffix.lower() not in (".html", ".htm"):
        raise UserError(f"-o {path}: the file name must end in .html")
    return Path(path)


def cmd_share(args: argparse.Namespace) -> int:
    """Run a lesson on the chosen corpus and write it as one self-contained offline HTML page."""
    from .errors import LessonError
    from .share import share_lesson

    out = _html_out(args.output or f"{Path(args.lesson).stem}.html")
    if args.paths:
        _load(args, select=False)  # report unreadable paths before starting a kernel
    try:
        page = share_lesson(args.lesson, args.paths or None, timeout=args.timeout)
    except (FileNotFoundError, LessonError) as e:
        raise UserError(str(e)) from e
    out.write_text(page, encoding="utf-8")
    _warn(f"wrote {out} ({len(page.encode('utf-8')) / 1e6:.1f} MB; open it in any browser, no network needed)")
    return 0


def cmd_pack(args: argparse.Namespace) -> int:
    """Write an offline study pack of the corpus: articles, search, review questions, figures."""
    from .pack import study_pack

    out = _html_out(args.output)
    corpus = _load(args)
    if not len(corpus):
        raise UserError("no article matches the selection")
    page = study_pack(corpus, with_figures=not args.no_figures, title=args.title)
    out.write_text(page, encoding="utf-8")
    _warn(f"wrote {out} ({len(corpus)} articles, {len(page.encode('utf-8')) / 1e6:.1f} MB; "
          "open it in any browser, on a phone too, no network needed)")
    return 0


# ---------------------------------------------------------------- analysis: terms, kwic, collocates, keyness, glossary


def _add_analysis(p: argparse.ArgumentParser, lexicon: bool = True, stopwords: bool = True) -> None:
    """Paths, selection, --json, --csv and the user's own lexicon (and stop-word) files."""
    _add_paths(p)
    _add_selection(p)
    p.add_argument("--json", action="store_true", help="print a JSON list of objects")
    _add_csv(p)
    if lexicon:
        p.add_argument("--lexicon", action="append", default=[], metavar="FILE",
                       help="your own lexicon file, added to the bundled one (repeatable)")
    if stopwords:
        p.add_argument("--stopwords", action="append", default=[], metavar="FILE",
                       help="your own stop-word file, one word a line (repeatable)")


def _analysis_options(args: argparse.Namespace) -> tuple:
    """(lexicon, extra stop words) from --lexicon/--stopwords; a malformed file is a user error."""
    from .errors import LexiconError
    from .lexicon import load_lexicon, load_stopwords

    try:
        lex = load_lexicon(args.lexicon)
        extra = load_stopwords(getattr(args, "stopwords", []), bundled=False)
    except (LexiconError, OSError) as e:
        raise UserError(str(e)) from e
    return lex, extra


def _records(frame) -> list:
    """JSON-ready records of a DataFrame (plain ints, floats, lists and None)."""
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def _load_some(args: argparse.Namespace):
    corpus = _load(args)
    if not len(corpus):
        raise UserError("no article matches the selection")
    return corpus


def _flat(frame, *cols):
    """A copy with list columns joined into text (for CSV and tables)."""
    return frame.assign(**{c: frame[c].map(lambda v: "、".join(map(str, v)) if isinstance(v, list) else v)
                           for c in cols})


def _emit(table, args: argparse.Namespace) -> int:
    """Print ``table`` as JSON records (``--json``) or as a text table, writing ``--csv`` if asked."""
    if args.json:
        _print_json(_records(table))
        return 0
    _write_csv(table, args.csv)
    _print_table(table)
    return 0


def cmd_terms(args: argparse.Namespace) -> int:
    """Most frequent words of the selected articles (segmented, stop words out)."""
    from .counts import frequencies

    lex, extra = _analysis_options(args)
    corpus = _load_some(args)
    freq = frequencies(corpus, extra_stopwords=extra, stock_phrases=args.no_stock, lexicon=lex)
    freq = freq.head(args.top).assign(per10k=lambda f: f["per10k"].round(2), share=lambda f: f["share"].round(3))
    if not args.json:
        from .counts import COUNTED

        _warn(COUNTED["words"])
    return _emit(freq, args)


def cmd_kwic(args: argparse.Namespace) -> int:
    """Keyword in context: every occurrence of TERM in the bodies with WIDTH characters each side."""
    from .counts import kwic

    corpus = _load_some(args)
    try:
        hits = kwic(corpus, args.term, width=args.width, regex=args.regex, sort=args.sort)
    except ValueError as e:
        raise UserError(str(e)) from e
    if args.json:
        _print_json(_records(hits))
        return 0
    _write_csv(hits, args.csv)
    from .text import squeeze

    for h in hits.itertuples():  # tab-separated: article, date, left, match, right (no marks of our own)
        date = h.date if isinstance(h.date, str) else "—"
        print("\t".join([str(h.article), date, squeeze(h.left), squeeze(h.match), squeeze(h.right)]))
    _warn(f"{len(hits)} hits in {hits['article'].nunique() if len(hits) else 0} articles")
    return 0


def cmd_collocates(args: argparse.Namespace) -> int:
    """Words found near TERM, ranked by log-likelihood, MI, logDice or t-score (``--measure``)."""
    from .counts import collocates

    lex, extra = _analysis_options(args)
    corpus = _load_some(args)
    try:
        table = collocates(corpus, args.term, window=args.window, min_freq=args.min_freq, measure=args.measure,
                           extra_stopwords=extra, lexicon=lex)
    except ValueError as e:
        raise UserError(str(e)) from e
    table = table.head(args.top).round({"ll": 2, "mi": 2, "logdice": 2, "tscore": 2})
    return _emit(table, args)


def cmd_keyness(args: argparse.Namespace) -> int:
    """Words that distinguish the selected articles from the rest (or from a reference date range)."""
    from .counts import keyness, split

    if not (args.article or args.source or args.date_from or args.date_to):
        raise UserError("choose the articles to compare with --article, --source, --from or --to")
    lex, extra = _analysis_options(args)
    full = _load(args, select=False)
    try:
        chosen = full.select(args.article, args.source, args.date_from, args.date_to)
        others = full.select(date_from=args.reference_from, date_to=args.reference_to)
    except (KeyError, ValueError) as e:
        raise UserError(str(e).strip("'\"")) from e
    target, _ = split(full, chosen.ids)
    _, reference = split(others, chosen.ids)
    if not len(target):
        raise UserError("no article matches the selection")
    if not len(reference):
        raise UserError("nothing left to compare the selection with")
    _warn(f"{len(target)} articles against {len(reference)}")
    table = keyness(target, reference, min_freq=args.min_freq, extra_stopwords=extra, lexicon=lex)
    table = table.head(args.top).round({"target_per10k": 2, "reference_per10k": 2, "ll": 2, "log_ratio": 2})
    return _emit(table, args)


def cmd_glossary(args: argparse.Namespace) -> int:
    """The corpus's formulations: numbered ones, quoted slogans and lexicon entries, with first use."""
    from .counts import glossary

    lex, _ = _analysis_options(args)
    corpus = _load_some(args)
    table = glossary(corpus, lexicon=lex)
    if not args.json:
        from .counts import COUNTED

        _warn(COUNTED["text"])
    if args.json:
        _print_json(_records(table))
        return 0
    _write_csv(_flat(table, "articles", "components"), args.csv)
    shown = _flat(table, "articles", "components").drop(columns=["context", "first_offset", "components_from"])
    short = shown["components"].map(lambda s: s if not isinstance(s, str) or len(s) <= 30 else s[:30] + "…")
    _print_table(shown.assign(components=short).fillna(""))
    return 0


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="studykit",
        description="Study corpora of Chinese political texts: articles, terms, repeats, clouds, timelines.",
        epilog="Without PATH every command works on the bundled study compilation.",
    )
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("lab", help="open the lesson notebooks in JupyterLab")
    p.add_argument("dir", nargs="?", default="studykit-notebooks", help="where to put the notebooks")
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--no-browser", action="store_true", help="only print the URL")
    p.set_defaults(func=cmd_lab)

    p = sub.add_parser("articles", help="list the articles (titles, sources, dates, key points)")
    _add_paths(p)
    p.add_argument("--json", action="store_true", help="print JSON records, one per article")
    p.add_argument("--corrections", metavar="FILE",
                   help="corrections file (TOML or YAML) for titles, dates, sources; default: corrections.toml beside the corpus")
    _add_csv(p)
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("cloud", help="draw a word cloud (PNG or SVG)")
    _add_paths(p)
    _add_selection(p)
    p.add_argument("--theme", metavar="NAME", help="only articles that mention this theme (bundled name or NAME=a,b)")
    p.add_argument("--width", type=int, default=800, metavar="W", help="width in pixels (default 800)")
    p.add_argument("--height", type=int, default=400, metavar="H", help="height in pixels (default 400)")
    p.add_argument("--max-words", type=int, default=150, metavar="N", help="at most N words (default 150)")
    p.add_argument("--stop", action="append", metavar="WORD", help="leave this word out too (repeatable)")
    p.add_argument("--mask", metavar="IMAGE", help="shape image: words go where it is not white/transparent")
    p.add_argument("--color-by-theme", action="store_true", help="colour the words of the bundled themes")
    p.add_argument("--single-chars", action="store_true",
                   help="also draw one-character words (新, 大, 做 …), left out by default")
    p.add_argument("--font", metavar="FILE", help="font file (default: the bundled Chinese font)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.png or FILE.svg")
    p.set_defaults(func=cmd_cloud)

    p = sub.add_parser("timeline", help="themes over time: table, CSV and figure")
    _add_paths(p)
    _add_selection(p)
    p.add_argument("--theme", action="append", metavar="NAME=term1,term2",
                   help="a theme and its variant terms (repeatable; a bare NAME picks a bundled theme; "
                        "default: the bundled themes)")
    p.add_argument("--by", choices=["day", "week", "month", "year"], default="month", help="period (default month)")
    p.add_argument("--measure", choices=["count", "per10k", "share"], default="count",
                   help="occurrences, per 10,000 characters, or share of articles (0-1) (default count)")
    p.add_argument("--exclude-reprints", action="store_true", help="leave out passages reprinted from other articles")
    p.add_argument("--csv", metavar="FILE", help="also write the table as CSV (UTF-8; columns period,theme,value,articles,…)")
    p.add_argument("--by-term", action="store_true",
                   help="one row per term of each theme (a theme's terms add up to the theme)")
    p.add_argument("--layout", choices=["one", "panels"], default=None,
                   help="the figure: every theme on one chart, or one small panel per theme "
                        "(default: one chart for up to four themes, panels above)")
    p.add_argument("-o", "--output", metavar="FILE", help="also draw the figure to FILE.png or FILE.svg")
    p.set_defaults(func=cmd_timeline)

    p = sub.add_parser("dispersion", help="where in each article a term occurs (a dispersion plot)")
    p.add_argument("term", metavar="TERM", help="the text to find; several terms separated by commas")
    _add_paths(p)
    _add_selection(p)
    p.add_argument("-o", "--output", metavar="FILE", help="draw the plot to FILE.png or FILE.svg")
    p.add_argument("--csv", metavar="FILE",
                   help="write the positions as CSV (UTF-8; columns article,title,date,position,length,…)")
    p.add_argument("--max-articles", type=int, default=60, metavar="N",
                   help="draw at most N articles, those with the most hits (default 60; the CSV has all)")
    p.set_defaults(func=cmd_dispersion)

    p = sub.add_parser("repeats", help="repeated passages: key points, repeats, condensed versions, groups")
    _add_paths(p)
    _add_selection(p)
    p.add_argument("--min-chars", type=int, default=20, metavar="N",
                   help="shortest shared run of characters to report (default 20)")
    p.add_argument("--json", action="store_true", help="print JSON records, one per passage pair")
    p.add_argument("--groups", action="store_true", help="also list formulations found 3+ times")
    _add_csv(p)
    p.set_defaults(func=cmd_repeats)

    p = sub.add_parser("review", help="review questions from the texts: Anki CSV or a printable sheet")
    _add_paths(p)
    _add_selection(p)
    out = p.add_mutually_exclusive_group()
    out.add_argument("--csv", metavar="FILE", help="write Anki-importable CSV (UTF-8: front, back, tags)")
    out.add_argument("--html", metavar="FILE", help="write a printable HTML review sheet with the answers")
    out.add_argument("--json", action="store_true", help="print the questions as JSON records")
    p.add_argument("--per-article", type=int, default=12, metavar="N",
                   help="at most N fill-in questions per article (0: all; default 12)")
    p.add_argument("--count", type=int, metavar="N", help="only N questions, spread over the articles")
    p.add_argument("--theme", metavar="NAME", help="only questions on this theme (bundled name or NAME=a,b)")
    p.add_argument("--seed", type=int, default=0, metavar="S",
                   help="which N questions --count picks: the same S gives the same questions (default 0)")
    p.add_argument("--progress", action="store_true",
                   help="print each learner's answered, right and due cards instead (the class overview)")
    p.add_argument("--store", metavar="FILE", help="the progress file for --progress (default: your data folder)")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("present", help="show a lesson notebook with Voila for the projector (code hidden)")
    p.add_argument("notebook", nargs="?", default="01_browse_articles",
                   help="a lesson name such as 04_theme_timelines, or a notebook path (default: 01_browse_articles); "
                        "your edited copy in the current folder or in --dir is served when there is one")
    p.add_argument("--dir", metavar="DIR", default=None,
                   help="the folder of your lesson copies (default: ./studykit-notebooks, where `studykit lab` puts them)")
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--no-browser", action="store_true", help="only print the URL")
    p.set_defaults(func=cmd_present)

    p = sub.add_parser("export", help="a printable HTML study sheet of one article")
    p.add_argument("id", type=int, metavar="ID", help="the article id (see `studykit articles`)")
    _add_paths(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE.html", help="where to write the sheet")
    p.add_argument("--notes", action="store_true", help="print your notes beside their passages")
    p.add_argument("--user", metavar="NAME", help="whose notes (default: your login name)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("share", help="a lesson as one offline HTML page for students (outputs, no code)")
    p.add_argument("lesson", metavar="LESSON", help="a lesson name such as 01_browse_articles, or a notebook path")
    _add_paths(p)
    p.add_argument("-o", "--output", metavar="FILE.html", help="where to write the page (default: LESSON.html)")
    p.add_argument("--timeout", type=int, default=600, metavar="S",
                   help="the longest one cell may run, in seconds (default 600)")
    p.set_defaults(func=cmd_share)

    p = sub.add_parser("pack", help="an offline study pack: articles, search, review questions, figures")
    _add_paths(p)
    _add_selection(p)
    p.add_argument("-o", "--output", default="study-pack.html", metavar="FILE.html",
                   help="where to write the pack (default: study-pack.html)")
    p.add_argument("--title", metavar="TEXT", help="the heading of the pack (default: the corpus name)")
    p.add_argument("--no-figures", action="store_true", help="leave out the word clouds and the timeline")
    p.set_defaults(func=cmd_pack)

    p = sub.add_parser("notes", help="your notes on passages: list, export (Markdown, HTML), import")
    acts = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text in (("list", "list the notes (checked against the corpus: moved or lost passages)"),
                       ("export", "write the notes as Markdown (default), printable HTML or JSON")):
        q = acts.add_parser(name, help=text)
        _add_paths(q)
        q.add_argument("--user", metavar="NAME", help="whose notes (default: your login name)")
        q.add_argument("--article", type=int, metavar="ID", help="only the notes on this article")
        q.add_argument("--term", metavar="TEXT", help="only notes whose note or passage contains TEXT")
        if name == "list":
            q.add_argument("--json", action="store_true", help="print JSON records")
        else:
            q.add_argument("-o", "--output", metavar="FILE",
                           help="FILE.md, FILE.html or FILE.json (default: Markdown on standard output)")
            q.add_argument("--html", action="store_true", help="printable HTML, whatever the file name")
        q.set_defaults(func=cmd_notes)
    q = acts.add_parser("import", help="take notes exported by someone else (a teacher) into your store")
    q.add_argument("file", metavar="FILE", help="a file written by `studykit notes export` (.md, .html or .json)")
    q.add_argument("--user", metavar="NAME", help="into whose store (default: your login name)")
    q.set_defaults(func=cmd_notes)

    p = sub.add_parser("terms", help="most frequent words (formulations kept whole, stop words out)")
    _add_analysis(p)
    p.add_argument("--top", type=int, default=50, metavar="N", help="the N most frequent (default 50)")
    p.add_argument("--no-stock", action="store_true", help="also leave out stock phrases (坚持, 推进, 加强 …)")
    p.set_defaults(func=cmd_terms)

    p = sub.add_parser("kwic", help="keyword in context: each occurrence of a term with its surroundings",
                       description="Prints one tab-separated line per hit: article, date, left, match, right "
                                   "(spaces and line breaks in the context shown as one space).")
    p.add_argument("term", metavar="TERM", help="the text to find (a regular expression with --regex)")
    _add_analysis(p, lexicon=False, stopwords=False)
    p.add_argument("--regex", action="store_true", help="TERM is a regular expression")
    p.add_argument("--width", type=int, default=20, metavar="N", help="characters each side (default 20)")
    p.add_argument("--sort", choices=["left", "right"], help="sort by the context before or after the match")
    p.set_defaults(func=cmd_kwic)

    p = sub.add_parser("collocates", help="words found near a term, by log-likelihood, MI, logDice or t-score")
    p.add_argument("term", metavar="TERM", help="the term whose neighbours to rank")
    _add_analysis(p)
    p.add_argument("--window", type=int, default=5, metavar="N", help="words each side (default 5)")
    p.add_argument("--min-freq", type=int, default=2, metavar="N", help="seen together at least N times (default 2)")
    p.add_argument("--measure", choices=["ll", "mi", "logdice", "tscore"], default="ll",
                   help="rank by log-likelihood, mutual information, logDice or t-score (default ll)")
    p.add_argument("--top", type=int, default=30, metavar="N", help="the N strongest (default 30)")
    p.set_defaults(func=cmd_collocates)

    p = sub.add_parser("keyness", help="words that distinguish the selected articles from the rest")
    _add_analysis(p)
    p.add_argument("--reference-from", metavar="DATE", help="compare with the articles dated on or after DATE")
    p.add_argument("--reference-to", metavar="DATE", help="compare with the articles dated on or before DATE")
    p.add_argument("--min-freq", type=int, default=3, metavar="N", help="words seen at least N times (default 3)")
    p.add_argument("--top", type=int, default=30, metavar="N", help="the N strongest (default 30)")
    p.set_defaults(func=cmd_keyness)

    p = sub.add_parser("glossary", help="the formulations of the corpus: numbered, quoted, with first use")
    _add_analysis(p, stopwords=False)
    p.set_defaults(func=cmd_glossary)

    return ap


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    _warn(str(message))


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``studykit`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    import warnings

    warnings.showwarning = _show_warning  # any warning is one "studykit: …" line on stderr
    try:
        return args.func(args) or 0
    except UserError as e:
        _warn(str(e))
        return 2
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as e:
        # e.g. an output file in a folder that does not exist, or one the user may not write: one clear line
        _warn(f"cannot write or read {e.filename}: {e.strerror}" if e.filename else str(e))
        return 2


if __name__ == "__main__":
    sys.exit(main())
