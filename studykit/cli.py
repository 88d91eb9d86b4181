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
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the bundled compilation)")


def _add_selection(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("selection")
    g.add_argument("--article", type=int, action="append", metavar="ID", help="only this article (repeatable)")
    g.add_argument("--source", metavar="TEXT", help="only articles whose source contains TEXT")
    g.add_argument("--from", dest="date_from", metavar="DATE", help="only articles dated on or after DATE")
    g.add_argument("--to", dest="date_to", metavar="DATE", help="only articles dated on or before DATE")


def _add_csv(p: argparse.ArgumentParser) -> None:
    p.add_argument("--csv", metavar="FILE", help="also write the table as CSV (UTF-8 with BOM, opens in Excel)")


def _warn(msg: str) -> None:
    print(f"studykit: {msg}", file=sys.stderr)


class UserError(Exception):
    """A problem with the user's input: reported in one line, exit status 2."""


def _load(args: argparse.Namespace, select: bool = True):
    """Load the corpus named by ``args.paths`` and apply the selection options."""
    import warnings

    from .sources import NoTextError, load_corpus

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            corpus = load_corpus(args.paths or None)
        except NoTextError as e:
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

    with pd.option_context("display.max_rows", 500, "display.max_colwidth", 40, "display.width", 200,
                           "display.unicode.east_asian_width", True):
        print(frame.to_string(index=False))


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
    cols = ["kind", "identity", "a_article", "a_start", "a_len", "b_article", "b_start", "b_len", "a_text"]
    table = res.pairs[cols].assign(identity=res.pairs["identity"].round(2),
                                   a_text=res.pairs["a_text"].str.replace("\n", " ").str.slice(0, 30))
    _print_table(table)
    if args.groups and len(res.groups):
        print()
        _print_table(res.groups.drop(columns=["field", "index"]).assign(text=res.groups["text"].str.replace("\n", " ")))
    _warn(f"{len(res.pairs)} passage pairs, {res.groups['group'].nunique() if len(res.groups) else 0} groups "
          f"of formulations found 3+ times")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    """Build review questions from the selected articles: Anki CSV, a printable HTML sheet, JSON or a list."""
    from .review import build_questions
    from .sheets import anki_csv, review_sheet

    corpus = _load(args)
    questions = build_questions(corpus, per_article=args.per_article or None)
    if not questions:
        raise UserError("no question could be built from the selected articles")
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
    """Serve a lesson notebook with Voila for a projector: code hidden, widgets live."""
    from .lab import present

    try:
        return present(args.notebook, port=args.port, open_browser=not args.no_browser)
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
    Path(args.output).write_text(export_article(corpus, args.id), encoding="utf-8")
    _warn(f"wrote {args.output}")
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
    _add_csv(p)
    p.set_defaults(func=cmd_articles)

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
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("present", help="show a lesson notebook with Voila for the projector (code hidden)")
    p.add_argument("notebook", nargs="?", default="01_browse_articles",
                   help="a lesson name such as 04_theme_timelines, or a notebook path (default: 01_browse_articles)")
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--no-browser", action="store_true", help="only print the URL")
    p.set_defaults(func=cmd_present)

    p = sub.add_parser("export", help="a printable HTML study sheet of one article")
    p.add_argument("id", type=int, metavar="ID", help="the article id (see `studykit articles`)")
    _add_paths(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE.html", help="where to write the sheet")
    p.set_defaults(func=cmd_export)

    return ap


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``studykit`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args) or 0
    except UserError as e:
        _warn(str(e))
        return 2
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
