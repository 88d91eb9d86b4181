"""The warm load: an unchanged folder loads from one cached file, exactly as from its files."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import warnings

import pytest

from studykit import cache, sources
from studykit.errors import CorpusWarning
from studykit.sources import load_corpus

OLD = time.time() - 3600  # an hour ago: files and folders no longer "just written"


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_memory", {})
    return tmp_path / "cache"


def _folder(root):
    """A small messy folder: plain, web page, Markdown, a subfolder, broken bytes, an empty file,
    and corrections beside it."""
    d = root / "corpus"
    (d / "2024").mkdir(parents=True)
    (d / "2024-01-05.txt").write_text("关于推进甲乙工作的通知\n各地要认真贯彻落实，推动高质量发展。\n", encoding="utf-8")
    body = "要坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局。" * 4
    (d / "2024" / "2024-02-01_新闻.txt").write_bytes(f"会议强调\n{body}".encode() + b"\xff\xfe\xfa" +
                                                 f"，扎实推进中国式现代化。{body}\n".encode())
    (d / "page.html").write_text("<html><body><nav>首页</nav><h1>学习贯彻会议精神</h1><p>加快发展新质生产力。"
                                 "</p></body></html>", encoding="utf-8")
    (d / "notes.md").write_text("# 学习笔记\n\n坚持以人民为中心的发展思想。\n", encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "corrections.toml").write_text('[[correction]]\nfile = "notes.md"\nmatch = "学习笔记"\nsource = "自学"\n',
                                        encoding="utf-8")
    return d


def _age(folder, when=OLD):
    """Give every file and folder under ``folder`` (and itself) the time ``when``."""
    for top, dirs, files in os.walk(folder):
        for n in files + dirs:
            os.utime(os.path.join(top, n), (when, when))
    os.utime(folder, (when, when))


def _load(path, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(path, **kw)
    return corpus, [(w.category, str(w.message), w.filename) for w in caught]


def _records(corpus):
    return [a.to_dict() for a in corpus], corpus.name, corpus.warnings


def _refuse(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("the files were read again")

    monkeypatch.setattr(sources, "_load_files", refuse)


def test_a_warm_load_gives_the_same_articles_and_warnings(fresh_cache, tmp_path, monkeypatch):
    d = _folder(tmp_path)
    _age(d)
    cold, cold_warnings = _load(d)
    assert any("skipped" in m and "empty.txt" in m for _, m, _ in cold_warnings)
    assert any("U+FFFD" in m for _, m, _ in cold_warnings)
    assert all(c is CorpusWarning and f == __file__ for c, _, f in cold_warnings)  # from the caller's line
    assert [a.source for a in cold if a.file == "notes.md"] == ["自学"]
    assert len(list((fresh_cache / "corpora").glob("*.pkl"))) == 1
    _refuse(monkeypatch)
    warm, warm_warnings = _load(d)
    assert _records(warm) == _records(cold)
    assert warm_warnings == cold_warnings
    assert warm is not cold and warm.articles[0] is not cold.articles[0]


def test_the_bundled_corpus_loads_warm(fresh_cache, monkeypatch):
    cold = load_corpus()
    _refuse(monkeypatch)
    assert _records(load_corpus()) == _records(cold)


def test_a_file_with_new_content_is_read_again_even_with_the_same_size(fresh_cache, tmp_path):
    d = _folder(tmp_path)
    _age(d)
    load_corpus(d)
    f = d / "2024-01-05.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("甲乙", "丙丁"), encoding="utf-8")  # same size
    os.utime(f, (OLD + 60, OLD + 60))
    assert "关于推进丙丁工作的通知" in [a.title for a in load_corpus(d)]
    f.write_text(f.read_text(encoding="utf-8").replace("丙丁", "戊己"), encoding="utf-8")  # written just now
    assert "关于推进戊己工作的通知" in [a.title for a in load_corpus(d)]


def test_a_touched_file_with_the_same_content_still_loads_warm(fresh_cache, tmp_path, monkeypatch):
    d = _folder(tmp_path)
    _age(d)
    cold = load_corpus(d)
    for f in d.rglob("*.txt"):
        os.utime(f, (OLD + 120, OLD + 120))  # as after copying the folder: new times, same bytes
    _refuse(monkeypatch)
    assert _records(load_corpus(d)) == _records(cold)
    assert _records(load_corpus(d)) == _records(cold)


def test_added_removed_and_corrections_files_are_noticed(fresh_cache, tmp_path):
    d = _folder(tmp_path)
    _age(d)
    n = len(load_corpus(d))
    (d / "2024" / "2024-03-01.txt").write_text("新的通知\n加强学习。\n", encoding="utf-8")
    assert len(load_corpus(d)) == n + 1
    (d / "notes.md").unlink()
    assert len(load_corpus(d)) == n
    (d / "corrections.toml").write_text('[[correction]]\nfile = "page.html"\nmatch = "学习贯彻会议精神"\nsource = "网页"\n',
                                        encoding="utf-8")
    assert [a.source for a in load_corpus(d) if a.file == "page.html"] == ["网页"]


def test_every_loading_option_keys_the_cache(fresh_cache, tmp_path):
    d = _folder(tmp_path)
    rules = tmp_path / "mine.toml"
    rules.write_text('[[correction]]\nfile = "page.html"\nmatch = "学习贯彻会议精神"\nsource = "我的"\n', encoding="utf-8")
    load_corpus(d)
    assert [a.source for a in load_corpus(d, corrections=rules) if a.file == "page.html"] == ["我的"]
    assert [a.source for a in load_corpus(d) if a.file == "page.html"] != ["我的"]
    assert len(list((fresh_cache / "corpora").glob("*.pkl"))) == 2


@pytest.mark.parametrize("how", ["truncate", "garbage"])
def test_a_damaged_warm_entry_is_loaded_again(fresh_cache, tmp_path, how):
    d = _folder(tmp_path)
    cold = load_corpus(d)
    (f,) = (fresh_cache / "corpora").glob("*.pkl")
    f.write_bytes(f.read_bytes()[:200] if how == "truncate" else b"garbage")
    assert _records(load_corpus(d)) == _records(cold)


def test_the_code_version_covers_every_module_a_load_runs(tmp_path):
    d = _folder(tmp_path)
    code = f"""
import sys
from pathlib import Path
before = set(sys.modules)
from studykit import cache, sources
from studykit.sources import load_corpus
load_corpus({str(d)!r})
ran = {{m for m in sys.modules if m.startswith("studykit") and m not in before}}
covered = set(cache.code_modules(*sources.loading_modules()))
package = {{m for m in ran if m.startswith("studykit.readers")}}  # covered by cache.package_version(readers)
keep = {{"studykit", "studykit.warm", "studykit.bars", "studykit.cache"}}  # they keep and show results, not make them
print(sorted(ran - covered - package - keep))
"""
    env = dict(os.environ, STUDYKIT_CACHE_DIR=str(tmp_path / "cache"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "[]", out.stdout
