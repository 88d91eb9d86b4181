#!/usr/bin/env python3
"""Build the lesson notebooks ``notebooks/NN_*.ipynb`` from their texts ``notebooks/NN_*.md``.

    python tools/notebooks.py build            every lesson (``make notebooks`` runs this)
    python tools/notebooks.py build 01 04      only the lessons whose names start so
    python tools/notebooks.py check            exit 1 if a committed notebook differs from its build

A lesson text is a Jupytext MyST Markdown notebook (``md:myst``): Markdown, with code cells in
```` ```{code-cell} ```` fences and ``+++`` between two Markdown cells. Cell tags and metadata go on
the fence (``:tags: [notebook-only]``) or after ``+++`` (``+++ {"tags": ["notebook-only"]}``).

The build is byte for byte reproducible, so the committed notebooks can be checked against it:
cell ids are ``c00``, ``c01``… by position (nbformat would draw random ones); the notebook metadata
is the text's own (its kernelspec, ``python3`` if it names none) plus ``language_info``, without
Jupytext's section (its version number would change with the installed Jupytext); nbformat 4.5,
nbformat's JSON layout (keys sorted, indent 1), UTF-8, ``\\n`` line ends and a final newline.
The notebooks carry no outputs because the texts have none.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "notebooks"
FORMAT = "md:myst"
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def build(text: str) -> bytes:
    """The ``.ipynb`` file, as bytes, of the lesson text ``text`` (MyST Markdown)."""
    nb = jupytext.reads(text, fmt=FORMAT)
    nb.nbformat, nb.nbformat_minor = 4, 5
    nb.metadata.pop("jupytext", None)
    nb.metadata.setdefault("kernelspec", dict(KERNELSPEC))
    nb.metadata.setdefault("language_info", {"name": "python"})
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i:02d}"
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def build_file(md: Path) -> bytes:
    """The notebook built from the lesson text file ``md``."""
    return build(md.read_text(encoding="utf-8"))


def lessons(prefixes: list[str] | None = None, folder: Path = LESSONS) -> list[Path]:
    """The lesson texts in ``folder``, only those whose names start with one of ``prefixes`` if given."""
    texts = sorted(folder.glob("*.md"))
    return [p for p in texts if not prefixes or any(p.stem.startswith(a) for a in prefixes)]


def unpaired(folder: Path = LESSONS) -> list[str]:
    """Notebooks without a lesson text and lesson texts without a notebook, by file name."""
    md = {p.stem for p in folder.glob("*.md")}
    ipynb = {p.stem for p in folder.glob("*.ipynb")}
    return sorted([f"{s}.ipynb" for s in ipynb - md] + [f"{s}.md" for s in md - ipynb])


def main(argv: list[str]) -> int:
    command, args = (argv[0], argv[1:]) if argv else ("", [])
    if command == "build":
        for md in lessons(args):
            md.with_suffix(".ipynb").write_bytes(build_file(md))
            print(f"wrote {md.with_suffix('.ipynb').relative_to(ROOT)}")
        return 0
    if command == "check":
        problems = [f"{name}: no lesson text {Path(name).stem}.md beside it" for name in unpaired()
                    if name.endswith(".ipynb")]
        for md in lessons(args):
            nb = md.with_suffix(".ipynb")
            if not nb.is_file():
                problems.append(f"{nb.name}: missing; run `make notebooks`")
            elif nb.read_bytes() != build_file(md):
                problems.append(f"{nb.name}: differs from what {md.name} builds; run `make notebooks`")
        print("\n".join(problems) or "every notebook is what its lesson text builds", file=sys.stderr)
        return 1 if problems else 0
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
