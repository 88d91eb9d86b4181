"""Corrections files (TOML and YAML) beside the corpus or passed explicitly, applied after repair."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import pytest

from studykit.corrections import CorrectionsError, load_corrections
from studykit.sources import load_corpus

ONE = "中共中央政治局召开会议\n会议强调，要坚持稳中求进工作总基调。\n"
TWO = "会议圆满完成各项议程，在呼和浩特闭幕。自治区政协主席出席闭幕会并讲话。\n会议期间参观了文史馆。\n"


def folder(tmp_path):
    (tmp_path / "a.txt").write_text(ONE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TWO, encoding="utf-8")
    return tmp_path


def quiet_load(*args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(*args, **kw)


def test_toml_beside_the_corpus_fixes_title_date_and_source(tmp_path):
    d = folder(tmp_path)
    (d / "corrections.toml").write_text(
        '[[correction]]\nfile = "b.txt"\nmatch = "会议圆满完成各项议程"\n'
        'title = "自治区政协常委会会议闭幕"\ndate = 2024-01-27\nsource = "内蒙古日报"\n', encoding="utf-8")
    corpus = quiet_load(d)
    b = corpus[2]
    assert (b.title, b.title_inferred, b.date, b.source) == ("自治区政协常委会会议闭幕", False, "2024-01-27", "内蒙古日报")
    assert corpus[1].title == "中共中央政治局召开会议" and corpus[1].date is None
    assert any("corrections.toml" in w and "article 2" in w and "title" in w for w in corpus.warnings)


def test_yaml_passed_explicitly_matches_by_title(tmp_path):
    d = folder(tmp_path)
    f = tmp_path / "fix.yaml"
    f.write_text("- match: 中共中央政治局召开会议\n  date: '2024-01'\n  subtitle: 审议文件\n", encoding="utf-8")
    corpus = quiet_load(d, corrections=f)
    assert (corpus[1].date, corpus[1].subtitle) == ("2024-01", "审议文件")


def test_unmatched_and_ambiguous_corrections_change_nothing_and_are_reported(tmp_path):
    d = folder(tmp_path)
    (d / "corrections.yaml").write_text(
        "correction:\n  - match: 没有这篇文章\n    title: X\n  - match: 会议\n    date: '2024'\n", encoding="utf-8")
    corpus = quiet_load(d)
    assert [a.date for a in corpus] == [None, None]
    assert any("matches no article" in w for w in corpus.warnings)
    assert any("matches articles 1, 2" in w for w in corpus.warnings)


@pytest.mark.parametrize("content, message", [
    ("[[correction]]\nmatch = 'x'\ncolour = 'red'\n", "unknown key"),
    ("[[correction]]\ntitle = 'x'\n", "'match'"),
    ("[[correction]]\nmatch = 'x'\ndate = '2024-13'\n", "not a date"),
    ("[[correction]]\nmatch = 'x'\n", "nothing to change"),
    ("[[correction]]\nmatch = 'x'\ntitle = ''\n", "cannot be empty"),
    ("[[correction]\n", "not valid TOML"),
])
def test_malformed_corrections_files_are_errors(tmp_path, content, message):
    f = tmp_path / "corrections.toml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(CorrectionsError, match=message):
        load_corrections(f)


def test_command_line_corrections_option(tmp_path):
    d = folder(tmp_path)
    f = tmp_path / "fix.toml"
    f.write_text('[[correction]]\nmatch = "会议圆满"\ntitle = "政协会议闭幕"\n', encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "studykit", "articles", str(d), "--json", "--corrections", str(f)],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)[1]["title"] == "政协会议闭幕"
    assert "fix.toml" in p.stderr
    p = subprocess.run([sys.executable, "-m", "studykit", "articles", str(d), "--corrections", str(tmp_path / "no.toml")],
                       capture_output=True, text=True)
    assert p.returncode == 2 and "cannot read corrections file" in p.stderr
