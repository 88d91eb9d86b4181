"""Progress bars: drawn for a person at a terminal or in a notebook, never into a log or a pipe."""

from __future__ import annotations

import os
import subprocess
import sys

from studykit import bars


def test_no_bar_when_nobody_watches(capsys, monkeypatch):
    monkeypatch.setattr(bars, "watched", lambda: False)
    assert list(bars.bar(range(5), desc="counting")) == [0, 1, 2, 3, 4]
    assert capsys.readouterr().err == ""


def test_a_bar_for_a_terminal_when_the_work_is_big(capsys, monkeypatch):
    monkeypatch.setattr(bars, "watched", lambda: True)
    list(bars.bar(range(5), desc="counting"))
    assert "counting" in capsys.readouterr().err
    list(bars.bar(range(5), desc="small work", big=False))
    assert "small work" not in capsys.readouterr().err


def test_show_forces_the_bar_on_or_off(capsys, monkeypatch):
    monkeypatch.setattr(bars, "watched", lambda: False)
    list(bars.bar(range(3), desc="asked for", show=True))
    assert "asked for" in capsys.readouterr().err
    monkeypatch.setattr(bars, "watched", lambda: True)
    list(bars.bar(range(3), desc="refused", show=False))
    assert "refused" not in capsys.readouterr().err


def test_a_command_writing_to_a_log_writes_no_progress_lines(tmp_path):
    """`studykit cloud` on many files, standard error into a file: warnings only, no bar refreshes."""
    folder = tmp_path / "texts"
    folder.mkdir()
    for i in range(40):  # more than segment.PROGRESS_MIN_ARTICLES, so a terminal would see a bar
        (folder / f"2024-01-{i % 28 + 1:02d}_{i}.txt").write_text(
            f"第{i}篇\n推动高质量发展，发展新质生产力，第{i}次会议强调坚持稳中求进。\n", encoding="utf-8")
    log = tmp_path / "cloud.log"
    env = {**os.environ, "STUDYKIT_CACHE_DIR": str(tmp_path / "cache")}
    with open(log, "w", encoding="utf-8") as err:
        done = subprocess.run([sys.executable, "-m", "studykit", "cloud", str(folder), "-o", str(tmp_path / "c.png")],
                              stderr=err, stdout=subprocess.PIPE, env=env, timeout=300)
    text = log.read_text(encoding="utf-8")
    assert done.returncode == 0, text
    assert "segmenting" not in text and "\r" not in text and "it/s" not in text
    assert "wrote" in text and len(text.splitlines()) <= 5
