"""Every lesson notebook is what its lesson text builds, and runs headless from top to bottom on the
bundled corpus, in a temporary copy."""

from __future__ import annotations

import difflib
import importlib.util
import shutil

import jupytext
import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TEXTS = sorted((ROOT / "notebooks").glob("*.md"))

_spec = importlib.util.spec_from_file_location("lesson_builder", ROOT / "tools" / "notebooks.py")
builder = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(builder)


def test_every_notebook_has_a_lesson_text_and_every_text_a_notebook():
    assert NOTEBOOKS and TEXTS
    assert builder.unpaired() == [], "each notebooks/NN_*.ipynb is built from notebooks/NN_*.md: add the missing one"


@pytest.mark.parametrize("text", TEXTS, ids=[p.stem for p in TEXTS])
def test_notebook_is_built_from_its_lesson_text(text, tmp_path):
    """Building the lesson text again, in a temporary folder, gives the committed notebook byte for byte."""
    built = tmp_path / f"{text.stem}.ipynb"
    built.write_bytes(builder.build_file(text))
    committed = text.with_suffix(".ipynb")
    if not committed.is_file():
        pytest.fail(f"notebooks/{committed.name} is missing: run `make notebooks` and commit it", pytrace=False)
    if built.read_bytes() != committed.read_bytes():
        diff = difflib.unified_diff(committed.read_text(encoding="utf-8").splitlines(),
                                    built.read_text(encoding="utf-8").splitlines(),
                                    f"committed {committed.name}", f"built from {text.name}", lineterm="", n=1)
        pytest.fail(f"notebooks/{committed.name} is not what notebooks/{text.name} builds: run `make notebooks` "
                    "and commit both\n" + "\n".join(list(diff)[:40]), pytrace=False)


def test_cell_tags_survive_text_to_notebook_and_back():
    """Tags on a Markdown cell and on a code cell reach the notebook (Voila reads them) and come back unchanged."""
    text = """---
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

+++ {"tags": ["notebook-only"]}

# A lesson

+++

Plain text.

```{code-cell}
:tags: [notebook-only]

x = 1
```

```{code-cell}
x
```
"""
    nb = nbformat.reads(builder.build(text).decode("utf-8"), as_version=4)
    assert [(c.cell_type, c.metadata.get("tags"), c.id) for c in nb.cells] == [
        ("markdown", ["notebook-only"], "c00"), ("markdown", None, "c01"),
        ("code", ["notebook-only"], "c02"), ("code", None, "c03")]
    assert nb.metadata == {"kernelspec": builder.KERNELSPEC, "language_info": {"name": "python"}}
    again = jupytext.writes(nb, fmt=builder.FORMAT)
    assert again.split("\n---\n", 1)[1] == text.split("\n---\n", 1)[1]
    assert builder.build(again) == builder.build(text)


def run_notebook(path, workdir):
    """Execute a copy of the notebook at ``path`` inside ``workdir``; return the executed notebook."""
    copy = workdir / path.name
    shutil.copyfile(path, copy)
    nb = nbformat.read(copy, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}).execute()
    return nb


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path):
    nb = run_notebook(path, tmp_path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_a_lesson(path):
    """Committed without outputs; opens with goals and time; has a try-it part and teacher notes."""
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), "strip the outputs"
    first = nb.cells[0].source
    assert first.startswith("# ") and "学习目标" in first and "预计时间" in first
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "试一试" in text and "教师提示" in text
    assert max(len(c.source.splitlines()) for c in code) <= 6
