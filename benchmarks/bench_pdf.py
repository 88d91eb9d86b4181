"""Timing rows for PDF files: a generated 300-page two-column compilation (the bundled articles over and
over), loaded cold and from the cache, beside the floor: pypdfium2's plain text extraction of the same file."""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from pathlib import Path

PAGES = 300


def _compilation(folder: Path) -> tuple[Path, int]:
    """A two-column compilation of at least ``PAGES`` pages made with the test suite's PDF writer."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import documents

    from studykit import paths
    from studykit.sources import load_corpus

    arts = list(load_corpus())
    chars = paths.bundled_corpus().read_text(encoding="utf-8") + "".join(a.title for a in arts) + "（）0123456789本文第次收录。"
    font = documents.truetype_font(folder, chars)
    per_copy = documents.compilation_pdf(folder / "probe.pdf", arts, font).pages
    copies = -(-PAGES // per_copy)
    from dataclasses import replace

    # each copy its own text (a first line that names it), so that none is left out as a duplicate
    many = [replace(a, title=f"{a.title}（{k + 1}）", text=f"本文第{k + 1}次收录。\n{a.text}")
            for k in range(copies) for a in arts]
    path = folder / "compilation-300.pdf"
    layout = documents.compilation_pdf(path, many, font)
    return path, layout.pages


def _plain_text(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    n = 0
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        n += len(tp.get_text_range())
        tp.close()
        page.close()
    pdf.close()
    return n


def run(row, timed) -> None:
    from studykit.sources import load_corpus

    warnings.simplefilter("ignore")
    saved = os.environ.get("STUDYKIT_CACHE_DIR")
    folder = Path(tempfile.mkdtemp(prefix="studykit-bench-pdf-"))
    path, pages = _compilation(folder)
    row(f"floor: pypdfium2 plain text, {pages} pages", timed(lambda: _plain_text(path), repeat=3))

    def cold():
        os.environ["STUDYKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="studykit-bench-pdf-cache-")
        return load_corpus(path)

    n = len(cold())
    row(f"load a {pages}-page PDF, {n} articles (no cache)", timed(cold, repeat=3), 3.0)
    load_corpus(path)
    row(f"load a {pages}-page PDF (cached)", timed(lambda: load_corpus(path), repeat=5), 0.3)
    if saved is not None:
        os.environ["STUDYKIT_CACHE_DIR"] = saved
