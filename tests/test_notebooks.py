"""Every lesson notebook runs headless from top to bottom on the bundled corpus, in a temporary copy."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


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
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), "strip the outputs"
    first = nb.cells[0].source
    assert first.startswith("# ") and "学习目标" in first and "预计时间" in first
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "试一试" in text and "教师提示" in text
    assert max(len(c.source.splitlines()) for c in code) <= 6
