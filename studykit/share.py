"""A lesson as one HTML file that students open without installing anything.

``share_lesson("01_browse_articles")`` runs the lesson from top to bottom in a fresh kernel (nbclient),
on the bundled corpus or on the files given, and turns the result into one self-contained page with
nbconvert: no code cells, every output and figure inline, each widget as the static HTML of its last
view (``snapshot``), and a subset of the Chinese font with exactly the characters of the page as a
data URL (``fonts.font_face_css``), so it reads the same on a machine without Chinese fonts. The
page holds no script and makes no request: no widget manager, MathJax, Mermaid or require.js from a
CDN (the nbconvert template ``data/share/studykit-lesson`` leaves them out).

    html = share_lesson("00_start_here")                     # the bundled corpus
    html = share_lesson("01_browse_articles", corpus=["my_folder"])
"""

from __future__ import annotations

import html as html_lib
import os
import re
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from . import fonts, lab, paths, snapshot
from .errors import LessonError
from .markup import esc

TEMPLATE = "studykit-lesson"
#: the last cell of a shared run: ipympl charts drawn into their saved state (see ``widgets.static``)
FREEZE = "from studykit.widgets.static import freeze_canvases\nfreeze_canvases()"
#: the page's own styles: the embedded font first everywhere, readable on a phone and a projector
STYLE = """
body { --jp-content-font-family: "{family}", system-ui, -apple-system, "Segoe UI", sans-serif;
  --jp-ui-font-family: "{family}", system-ui, -apple-system, "Segoe UI", sans-serif;
  --jp-code-font-family: Menlo, Consolas, "DejaVu Sans Mono", monospace, "{family}";
  font-family: var(--jp-content-font-family); }
body.jp-Notebook { padding: 0 1rem; max-width: 1100px; margin: 0 auto; }
.jp-Cell { padding: 0.2rem 0; }
.jp-RenderedHTMLCommon, .jp-RenderedMarkdown { font-size: 1.05rem; line-height: 1.7; }
.jp-OutputArea-output { overflow-x: auto; max-width: 100%; }
.jp-OutputArea-output img { max-width: 100%; height: auto; }
.jp-mod-noOutputs { display: none; }
/* studykit's own tables keep their layout: JupyterLab's output styles right-align and shrink table cells */
.jp-RenderedHTMLCommon .sk-doc table, .jp-RenderedHTMLCommon .sk-static table { font-size: inherit; }
.jp-RenderedHTMLCommon .sk-doc td, .jp-RenderedHTMLCommon .sk-doc th, .jp-RenderedHTMLCommon .sk-static td,
  .jp-RenderedHTMLCommon .sk-static th { text-align: left; vertical-align: top; line-height: inherit; padding: 0.2em 0.4em; }
.sk-share-footer { color: #555; font-size: 0.9rem; border-top: 1px solid #ccc; margin: 2rem 0 1rem; padding-top: 0.5rem; }
@media (min-width: 1600px) { body.jp-Notebook { max-width: 1500px; font-size: 1.15rem; } }
@media (max-width: 600px) { body.jp-Notebook { padding: 0 0.5rem; } .jp-RenderedHTMLCommon { font-size: 1rem; } }
"""


@contextmanager
def _environment(corpus: Sequence[str | os.PathLike] | None) -> Iterator[None]:
    """``STUDYKIT_CORPUS`` set to ``corpus`` (absolute paths) for the kernel started inside."""
    old = os.environ.get("STUDYKIT_CORPUS")
    if corpus:
        os.environ["STUDYKIT_CORPUS"] = os.pathsep.join(str(Path(p).resolve()) for p in corpus)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("STUDYKIT_CORPUS", None)
        else:
            os.environ["STUDYKIT_CORPUS"] = old


def _title(nb, fallback: str) -> str:
    """The first ``# `` heading of the lesson, else ``fallback``."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, flags=re.M)
            if m:
                return m.group(1).strip()
    return fallback


def run_lesson(lesson: str | os.PathLike, corpus: Sequence[str | os.PathLike] | None = None, *,
               timeout: int = 600):
    """The lesson notebook executed from top to bottom in a fresh kernel, in a temporary folder,
    with its widgets' state saved (``nb.metadata.widgets``) and without its cells tagged
    ``lab.NOTEBOOK_ONLY``. ``corpus`` (files or folders) becomes the
    corpus that ``load_corpus()`` reads inside the lesson. Raises ``FileNotFoundError`` for an unknown
    lesson and ``LessonError`` naming the cell that failed."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    from .bars import bar as progress_bar

    path = lab.resolve_notebook(lesson)
    nb = nbformat.read(path, as_version=4)
    # cells meant for the notebook only (how to run a cell, code hints) are left out, as Voila does
    nb.cells = [c for c in nb.cells if lab.NOTEBOOK_ONLY not in c.get("metadata", {}).get("tags", [])]
    nb.cells.append(nbformat.v4.new_code_cell(FREEZE))  # charts on a canvas into the saved state; removed below
    code = sum(1 for c in nb.cells if c.cell_type == "code")
    bar = progress_bar(total=code, desc=f"running {path.stem}", unit="cell")
    with tempfile.TemporaryDirectory(prefix="studykit-share-") as work, _environment(corpus):
        km = None
        if os.name == "posix":  # talk to the kernel over a local socket file, not over TCP
            from jupyter_client.manager import KernelManager

            km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(work, "kernel"))
        client = NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3", store_widget_state=True,
                                resources={"metadata": {"path": work}},
                                on_cell_executed=lambda **_: bar.update(1))
        try:
            client.execute(stderr=subprocess.DEVNULL)  # the kernel's own log lines; the cells' output comes by messages
        except (CellExecutionError, CellTimeoutError) as e:
            first = str(e).strip().splitlines()
            raise LessonError(f"{path.name}: a cell failed: {first[-1] if first else e}") from e
        finally:
            bar.close()
    nb.cells.pop()
    return nb


def lesson_html(nb, *, title: str | None = None, footer: str = "") -> str:
    """One self-contained HTML page of an executed notebook ``nb``: outputs only (the code hidden),
    widgets as static HTML, the embedded font covering every character of the page.

    Args:
        title: the page title (default: the lesson's first heading).
        footer: a line of plain text at the bottom of the page.
    """
    from nbconvert import HTMLExporter

    nb = snapshot.static_widgets(nb)
    nb.metadata["title"] = title or _title(nb, "studykit")
    exporter = HTMLExporter(template_name=TEMPLATE, extra_template_basedirs=[str(paths.data_file("share"))],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            exclude_anchor_links=True, theme="light")
    css = STYLE.replace("{family}", fonts.WEB_FAMILY) + snapshot.STYLE
    page, _ = exporter.from_notebook_node(nb, resources={"studykit_css": css, "studykit_footer": esc(footer)})
    text = html_lib.unescape(re.sub(r"<[^>]*>", " ", page))
    marker = "/* studykit-font */"
    return page.replace(marker, fonts.font_face_css(text), 1)


def share_lesson(lesson: str | os.PathLike, corpus: Sequence[str | os.PathLike] | None = None, *,
                 timeout: int = 600) -> str:
    """Run ``lesson`` (a lesson name such as ``01_browse_articles`` or a notebook path) on ``corpus``
    (files or folders; default: the bundled compilation, or ``STUDYKIT_CORPUS``) and return it as one
    self-contained HTML page (``lesson_html``). ``timeout`` is the longest a cell may run, in seconds."""
    import datetime as dt

    nb = run_lesson(lesson, corpus, timeout=timeout)
    where = ", ".join(Path(p).name for p in corpus) if corpus else "随附语料 the bundled corpus"
    footer = (f"studykit · {lab.resolve_notebook(lesson).stem} · 语料 corpus: {where} · "
              f"{dt.date.today().isoformat()} · 离线页面，无需安装 / an offline page, nothing to install")
    return lesson_html(nb, footer=footer)
