"""Bad, big and broken input: every readable file loads, every other one is named once with its reason;
the repair survives any text and conserves its Han characters; user files with a bad line are reported
and the defaults stay in use; damaged, shared or unwritable caches are never trusted nor fatal."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import warnings
from collections import Counter
from pathlib import Path

import pytest
from conservation import input_han, marker_han, output_han
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studykit import cache, lexicon, paths, themes
from studykit.corpus import Article, Corpus
from studykit.errors import CorpusWarning, NoTextError
from studykit.sources import load_corpus
from studykit.text import clean as normalise

EXE = [sys.executable, "-m", "studykit"]


def article(word: str) -> str:
    """A short plain article whose title and body carry ``word`` (a marker to find it after loading)."""
    return (f"关于推进{word}工作的通知\n来源：新华社\n各地要认真贯彻落实{word}的部署，切实加强组织领导。\n"
            f"各部门要坚持问题导向，推动{word}取得实效。\n")


#: file name → (bytes, marker word) of every readable kind of file
READABLE = {
    "utf8.txt": (article("甲乙").encode("utf-8"), "甲乙"),
    "bom.txt": (article("丙丁").encode("utf-8-sig"), "丙丁"),
    "utf16.txt": (article("戊己").encode("utf-16"), "戊己"),
    "utf16le.txt": (article("山川").encode("utf-16-le"), "山川"),
    "gb18030.txt": (article("庚辛").encode("gb18030"), "庚辛"),
    "crlf.txt": (article("壬癸").replace("\n", "\r\n").encode("utf-8"), "壬癸"),
    "notes.md": (("# " + article("星辰")).encode("utf-8"), "星辰"),
}
#: file name → the reason its warning must give
UNREADABLE = {
    "empty.txt": "empty",
    "binary.txt": "binary",
    "archive.txt": "compressed (gzip)",
    "loop1.txt": "link loop",
    "loop2.txt": "link loop",
    "pipe.txt": "not a regular file",
    "locked.txt": "cannot read",
}


def make_corpus(root: Path, small_files: int = 30) -> Path:
    """Write the mixed test corpus into ``root`` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    for name, (raw, _) in READABLE.items():
        (root / name).write_bytes(raw)
    raw = article("寅卯").encode("utf-8")
    cut = raw.index("部署".encode())
    (root / "bad_bytes.txt").write_bytes(raw[:cut] + b"\xff\xfe\x80" + raw[cut:])  # three stray bytes
    (root / "page.html").write_text(
        "<!DOCTYPE html><html><head><title>站点</title><script>var x = '辰巳不应出现';</script></head><body>"
        "<nav>首页 导航</nav><h1>关于推进辰巳工作的通知</h1><p>各地要认真贯彻落实辰巳的部署。</p>"
        "<p>各部门要推动辰巳取得实效。</p><footer>版权所有</footer></body></html>", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (root / "archive.txt").write_bytes(gzip.compress(article("子丑").encode("utf-8")))
    (root / "locked.txt").write_bytes(article("午未").encode("utf-8"))
    os.symlink("loop2.txt", root / "loop1.txt")
    os.symlink("loop1.txt", root / "loop2.txt")
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "up")  # a folder loop: must not be walked forever
    os.mkfifo(root / "pipe.txt")  # reading it would block: must be named, never opened
    many = root / "many"
    many.mkdir()
    for i in range(small_files):
        (many / f"2024-01-{1 + i % 28:02d}_n{i}.txt").write_text(f"第{i}号通知\n请各单位认真学习第{i}号通知的精神。\n",
                                                                 encoding="utf-8")
    return root


@pytest.fixture
def mixed(tmp_path, monkeypatch):
    root = make_corpus(tmp_path / "mixed")
    real = Path.read_bytes

    def read_bytes(self):  # one file the user may not read (tests run as root: chmod would not stop it)
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return root


def _load(path, **options) -> tuple[Corpus, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(path, **options)
    return corpus, [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]


def test_every_readable_file_loads_and_every_other_is_named_once(mixed):
    corpus, msgs = _load(mixed)
    files = {a.file for a in corpus}
    for name, (_, word) in READABLE.items():
        arts = [a for a in corpus if a.file == name]
        assert len(arts) == 1, name
        assert word in arts[0].title and word in arts[0].text, name
        assert arts[0].source == "新华社"
    assert "page.html" in files and any("辰巳" in a.text for a in corpus if a.file == "page.html")
    assert not any("不应出现" in a.text or "导航" in a.text for a in corpus)  # the script and nav are not text
    assert sum(f.startswith("many/") for f in files) == 30
    for name, why in UNREADABLE.items():
        lines = [m for m in msgs if re.search(rf"\b{re.escape(name)}\b", m)]
        assert len(lines) == 1, (name, lines)
        assert why in lines[0], (name, lines[0])
        assert name not in files
    assert not any("sub/up" in f for f in files)
    assert corpus.warnings == msgs


def test_a_few_invalid_bytes_are_replaced_and_reported_not_the_file_dropped(mixed):
    corpus, msgs = _load(mixed)
    (a,) = [a for a in corpus if a.file == "bad_bytes.txt"]
    assert "寅卯" in a.title and "取得实效" in a.text
    assert a.text.count("\ufffd") == 3
    (line,) = [m for m in msgs if "bad_bytes.txt" in m]
    assert "3 undecodable byte(s) replaced" in line


def test_mostly_undecodable_text_is_skipped_with_its_reason(tmp_path):
    (tmp_path / "latin.txt").write_bytes(bytes(range(0x80, 0x100)) * 30)  # no NUL, not any Chinese text
    (tmp_path / "ok.txt").write_text(article("甲乙"), encoding="utf-8")
    corpus, msgs = _load(tmp_path)
    assert [a.file for a in corpus] == ["ok.txt"]
    assert len(msgs) == 1 and "latin.txt" in msgs[0] and ("undecodable" in msgs[0] or "binary" in msgs[0])


def test_nothing_loadable_raises_and_names_every_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "z.txt").write_bytes(gzip.compress(b"x" * 100))
    with pytest.raises(NoTextError) as e, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        load_corpus(tmp_path)
    assert "empty.txt: empty" in str(e.value) and "z.txt: compressed" in str(e.value)


def _stderr_lines(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.strip()]


def test_cli_articles_exits_0_when_anything_loaded_and_names_each_bad_file_in_one_line(tmp_path):
    root = make_corpus(tmp_path / "c", small_files=5)
    (root / "locked.txt").unlink()
    (root / "locked.txt").mkdir()  # a folder named like a file: walked into, never read as a file
    out = subprocess.run([*EXE, "articles", str(root), "--json"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    records = json.loads(out.stdout)
    assert {r["file"] for r in records} >= set(READABLE) | {"bad_bytes.txt", "page.html"}
    lines = _stderr_lines(out.stderr)
    assert "Traceback" not in out.stderr
    for name, why in UNREADABLE.items():
        if name == "locked.txt":
            continue
        named = [ln for ln in lines if re.search(rf"\b{re.escape(name)}\b", ln)]
        assert len(named) == 1 and why in named[0], (name, named)
    assert all(ln.startswith("studykit: ") for ln in lines)


def test_cli_articles_exits_2_in_one_line_when_nothing_loaded(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01" * 500)
    out = subprocess.run([*EXE, "articles", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and out.stdout == ""
    assert "Traceback" not in out.stderr
    assert "no loadable text file" in _stderr_lines(out.stderr)[-1]


def test_a_big_file_loads_in_one_piece(tmp_path):
    """A smaller stand-in for the 50 MB dump (the full size is in benchmarks/bench_robustness.py)."""
    unit = paths.bundled_corpus().read_text(encoding="utf-8")
    f = tmp_path / "dump.txt"
    f.write_text("\n".join([unit] * 6), encoding="utf-8")
    corpus, _ = _load(f, keep_duplicates=True)  # six copies of one text: all kept, to count them
    single, _ = _load(paths.bundled_corpus())
    assert len(corpus) > 2 * len(single)
    assert output_han(corpus) == Counter({k: 6 * v for k, v in output_han(single).items()})  # nothing lost


def test_a_very_long_line_without_punctuation_loads(tmp_path):
    (tmp_path / "long.txt").write_text("长文标题\n" + "字" * 100_000 + "\n", encoding="utf-8")
    corpus, _ = _load(tmp_path)
    assert sum(a.text.count("字") for a in corpus) == 100_000


# ---------------------------------------------------------------- the repair layer on any text

from studykit.repair import repair, tidy  # noqa: E402

_ALPHA = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成可主发年动同工也能下过子说产种面而方后多定行学法"
_PIECES = ["[bookmark: ", "]", "[bookmark: _Toc12]", "来源：", "来源:", "· ", " · ", "——", "※", "记者 ", "本报讯",
           "新华社北京1月2日电", "2024 年 1 月 7 日", "\u202e", "\u202d", "\u200b", "\ufeff", "\x00", "\x0b", "\x0c",
           "\x1c", "\x85", "\u2028", "\r", "\r\n", "\t", "<script>", "{{", "}}", "${", "。", "，", "“", "”", "\n", "\n\n",
           "  ", "第一", "一、", "（一）", "1.", "\ufffd", "\uf900", "\u3400", "𠀀"]

texts = st.lists(st.one_of(st.text(alphabet=_ALPHA, min_size=1, max_size=20), st.sampled_from(_PIECES), st.text(max_size=8)),
                 max_size=60).map("".join)


def assert_conserved(text: str, articles) -> None:
    """No Han character of the text is lost or doubled; only a marker's name may add a title."""
    out, inp = output_han(articles), input_han(text)
    assert not inp - out, f"lost: {inp - out}"
    assert not (out - inp) - marker_han(text), f"doubled: {(out - inp) - marker_han(text)}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_repair_survives_any_text_and_conserves_han_characters(text):
    text = normalise(text)  # what the loader hands the repair
    r = repair(text, "any.txt")
    assert_conserved(text, r.articles)
    for a in r.articles:
        assert isinstance(a, Article) and a.title.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_repair_survives_arbitrary_unicode(text):
    text = normalise(text)
    assert_conserved(text, repair(text, "any.txt").articles)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_tidy_and_normalise_are_idempotent(text):
    assert tidy(tidy(text)) == tidy(text)
    assert normalise(normalise(text)) == normalise(text)


def test_loading_clean_articles_again_changes_nothing(tmp_path):
    corpus, _ = _load(paths.bundled_corpus())
    for a in corpus:
        f = tmp_path / f"a{a.id}.txt"
        f.write_text(a.title + "\n" + "\n".join(a.paragraphs) + "\n", encoding="utf-8")
    again, _ = _load(tmp_path)
    by_file = {a.file: a for a in again}
    for a in corpus:
        b = by_file[f"a{a.id}.txt"]
        assert b.title == a.title and b.text == a.text, a.id


# ---------------------------------------------------------------- user files with a bad line


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    d = tmp_path / "userdata"
    d.mkdir()
    monkeypatch.setenv("STUDYKIT_DATA_DIR", str(d))
    return d


@pytest.mark.parametrize(("name", "bad", "load"), [
    ("lexicon.txt", "新质生产力 | 新的质 生产力\n", lambda: lexicon.load_lexicon()),
    ("stopwords.txt", "的确\n两个 词\n", lambda: lexicon.load_stopwords()),
    ("themes.txt", "改革：深化改革\n没有冒号的行\n", lambda: themes.load_themes()),
])
def test_a_bad_user_file_is_reported_with_file_and_line_and_the_defaults_stay(user_dir, name, bad, load):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        default = load()
    (user_dir / name).write_text("# 我的文件\n" + bad, encoding="utf-8")
    with pytest.warns(UserWarning) as rec:
        got = load()
    msgs = [str(w.message) for w in rec]
    line = 2 + bad.count("\n") - 1
    assert any(str(user_dir / name) in m and f"line {line}" in m for m in msgs), msgs
    assert got == default
    with pytest.raises(lexicon.LexiconError, match=rf"line {line}"):  # asked for by name: an error
        {"lexicon.txt": lexicon.parse_lexicon, "stopwords.txt": lexicon.parse_words,
         "themes.txt": themes.parse_themes}[name](user_dir / name)


def test_commands_still_run_with_a_bad_user_lexicon(user_dir, tmp_path):
    (user_dir / "lexicon.txt").write_text("好词 | 坏 词\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(article("甲乙"), encoding="utf-8")
    env = {**os.environ, "STUDYKIT_DATA_DIR": str(user_dir)}
    out = subprocess.run([*EXE, "terms", str(tmp_path / "a.txt"), "--json"], capture_output=True, text=True,
                         env=env, timeout=180)
    assert out.returncode == 0, out.stderr
    assert any("甲乙" in r["term"] for r in json.loads(out.stdout))
    named = [ln for ln in out.stderr.splitlines() if "lexicon.txt" in ln]
    assert len(named) == 1 and "line 1" in named[0] and "Traceback" not in out.stderr


def test_an_explicit_bad_lexicon_is_an_error_naming_file_and_line(tmp_path):
    bad = tmp_path / "mine.txt"
    bad.write_text("好词\n坏 词\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(article("甲乙"), encoding="utf-8")
    out = subprocess.run([*EXE, "terms", str(tmp_path / "a.txt"), "--lexicon", str(bad)], capture_output=True,
                         text=True, timeout=180)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert f"{bad}, line 2" in out.stderr


def test_a_bad_corrections_file_beside_the_corpus_is_reported_and_the_corpus_loads(tmp_path):
    (tmp_path / "a.txt").write_text(article("甲乙"), encoding="utf-8")
    (tmp_path / "corrections.toml").write_text('[[correction]]\nmatch = "关于"\ntitle = "新标题"\n\n'
                                               '[[correction]]\nmatch = "x"\ncolour = "red"\n', encoding="utf-8")
    corpus, msgs = _load(tmp_path)
    assert [a.title for a in corpus] == ["关于推进甲乙工作的通知"]  # the file is not half-applied
    (line,) = [m for m in msgs if "corrections.toml" in m]
    assert "line 5" in line and "colour" in line
    (tmp_path / "corrections.toml").write_text('[[correction]]\nmatch = "关于\n', encoding="utf-8")
    corpus, msgs = _load(tmp_path)
    assert len(corpus) == 1 and any("corrections.toml" in m and "line 2" in m for m in msgs)


# ---------------------------------------------------------------- caches through their real users


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(d))
    monkeypatch.setattr(cache, "_memory", {})
    monkeypatch.setattr(cache, "_warned", False)
    return d


def _damage(folder: Path, how: str, pattern: str = "*.pkl") -> int:
    files = [f for f in folder.rglob(pattern)]
    for f in files:
        blob = f.read_bytes()
        f.write_bytes(blob[: len(blob) // 2] if how == "truncate" else blob[:-5] + bytes([blob[-5] ^ 0x55]) + blob[-4:])
    return len(files)


@pytest.mark.parametrize("how", ["truncate", "flip"])
def test_damaged_token_cache_is_rebuilt(fresh_cache, monkeypatch, how):
    from studykit import segment

    monkeypatch.setattr(segment, "_STORES", {})
    corpus = Corpus([Article(id=1, title="t", text="推进新质生产力发展，坚持高质量发展。")])
    first = segment.tokenize_corpus(corpus)
    assert _damage(fresh_cache / "tokens", how, "*.sqlite") == 1
    segment._STORES.clear()
    assert segment.tokenize_corpus(corpus) == first
    segment._STORES.clear()
    assert segment.token_ids(corpus).tokens(1) == first[1]


@pytest.mark.parametrize("how", ["truncate", "flip"])
def test_damaged_repair_cache_is_rebuilt(fresh_cache, tmp_path, how):
    f = tmp_path / "big.txt"
    f.write_text(paths.bundled_corpus().read_text(encoding="utf-8"), encoding="utf-8")  # over 50,000 chars: cached
    first, _ = _load(f)
    assert _damage(fresh_cache / "articles", how) == 1
    shutil.rmtree(fresh_cache / "corpora")  # no warm load: the file is repaired again, from its cache
    again, _ = _load(f)
    assert [a.to_dict() for a in again] == [a.to_dict() for a in first]
    assert len(list((fresh_cache / "articles").glob("*.pkl"))) == 1


@pytest.mark.parametrize("how", ["truncate", "flip"])
def test_damaged_repeats_cache_is_rebuilt(fresh_cache, how):
    from studykit.repeats import find_repeats

    shared = "坚持以人民为中心的发展思想，推动高质量发展取得新的成效。"
    corpus = Corpus([Article(id=1, title="a", text="第一篇开头。" + shared), Article(id=2, title="b", text=shared + "第二篇结尾。")])
    first = find_repeats(corpus, min_chars=10)
    assert _damage(fresh_cache / "repeats", how) == 1
    again = find_repeats(corpus, min_chars=10)
    assert again.pairs.equals(first.pairs) and len(again.pairs) >= 1


def _value(worker: int) -> dict:
    return {"worker": worker, "data": [worker] * 200_000}


def _save_many(args):
    """Save this worker's value under the shared key again and again; every read must be whole."""
    folder, worker = args
    os.environ["STUDYKIT_CACHE_DIR"] = folder
    from studykit import cache as c

    both = (_value(0), _value(1))
    for _ in range(30):
        c.save("shared", "k", _value(worker))
        got = c.load("shared", "k")  # never None: a reader sees one whole file or the other
        assert got in both, None if got is None else got.get("worker")
    return worker


def test_two_processes_writing_the_same_entry_do_not_corrupt_it(fresh_cache):
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        assert sorted(pool.map(_save_many, [(str(fresh_cache), 0), (str(fresh_cache), 1)])) == [0, 1]
    assert cache.load("shared", "k") in (_value(0), _value(1))
    assert not list((fresh_cache / "shared").glob(".tmp-*"))


def test_unwritable_cache_falls_back_to_memory_with_one_warning_through_its_users(tmp_path, monkeypatch):
    from studykit import segment
    from studykit.repeats import find_repeats

    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(blocker / "cache"))  # a file where the folder should be
    monkeypatch.setattr(cache, "_memory", {})
    monkeypatch.setattr(cache, "_warned", False)
    monkeypatch.setattr(cache, "_databases", {})
    monkeypatch.setattr(segment, "_STORES", {})
    f = tmp_path / "big.txt"
    f.write_text(paths.bundled_corpus().read_text(encoding="utf-8"), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(f)
        segment.tokenize_corpus(corpus.select(ids=corpus.ids[:3]))
        find_repeats(corpus, min_chars=30)
        load_corpus(f)
    msgs = [str(w.message) for w in caught if "cannot write the cache" in str(w.message)]
    assert len(msgs) == 1
    assert cache._memory  # kept for the session


# ---------------------------------------------------------------- fonts


def _bad_fonts(tmp_path) -> dict[str, Path]:
    whole = __import__("studykit.fonts", fromlist=["bundled_font"]).bundled_font().read_bytes()
    out = {"missing": tmp_path / "nowhere.otf", "garbage": tmp_path / "garbage.otf",
           "truncated": tmp_path / "truncated.otf", "cut short": tmp_path / "cut_short.otf"}
    out["garbage"].write_bytes(b"this is not a font at all")
    out["truncated"].write_bytes(whole[:4000])  # header and table directory, tables missing
    out["cut short"].write_bytes(whole[: len(whole) * 9 // 10])  # an interrupted download
    return out


def test_a_missing_or_broken_font_is_one_clear_line_from_the_cli(tmp_path):
    (tmp_path / "a.txt").write_text(article("甲乙"), encoding="utf-8")
    for what, font in _bad_fonts(tmp_path).items():
        env = {**os.environ, "STUDYKIT_FONT": str(font)}
        for cmd in (["cloud", str(tmp_path / "a.txt"), "-o", str(tmp_path / "c.png")],
                    ["timeline", str(tmp_path / "a.txt"), "-o", str(tmp_path / "t.png")]):
            out = subprocess.run([*EXE, *cmd], capture_output=True, text=True, env=env, timeout=120)
            assert out.returncode == 2, (what, cmd[0], out.stderr)
            assert "Traceback" not in out.stderr
            named = [ln for ln in _stderr_lines(out.stderr) if str(font) in ln]
            assert len(named) == 1 and "font" in named[0], (what, out.stderr)


def test_a_missing_or_broken_font_is_a_font_error_naming_it(tmp_path):
    from studykit.cloud import word_cloud
    from studykit.fonts import FontError, use_in_matplotlib

    for font in _bad_fonts(tmp_path).values():
        with pytest.raises(FontError, match=re.escape(str(font))):
            word_cloud(frequencies={"发展": 3, "改革": 2}, font=font)
        with pytest.raises(FontError, match=re.escape(str(font))):
            use_in_matplotlib(font)


def test_a_character_the_font_lacks_is_reported_not_drawn_as_a_box(monkeypatch):
    from studykit import cloud as cloud_mod
    from studykit.fonts import missing_chars

    rare = "\u9fd6"  # a Han character added in Unicode 14: not in the bundled font
    assert missing_chars(f"发展{rare}") == [rare]
    monkeypatch.setattr(cloud_mod, "_installed_fonts", lambda: [])  # and no installed font to fall back on
    c = cloud_mod.word_cloud(frequencies={"发展": 5, f"{rare}区": 4, "改革": 3}, width=200, height=150)
    assert c.missing == [rare] and not any(rare in w for w in c.layout_words) and "发展" in c.layout_words
    assert any(rare in w and "left out" in w for w in c.warnings)


# ---------------------------------------------------------------- review progress: a killed writer

_WRITER = """
import sys
from studykit.progress import ProgressStore
s = ProgressStore(sys.argv[1], user="w")
i = 0
while True:
    s.record(f"card{i % 7}", i % 3 != 0, "答" * 500)
    i += 1
    print(i, flush=True)
"""


@pytest.mark.parametrize("after", [1, 57, 400])
def test_a_killed_writer_leaves_answers_and_card_states_consistent(tmp_path, after):
    import signal
    import sqlite3

    from studykit.progress import ProgressStore

    db = tmp_path / "p.sqlite3"
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(db)], stdout=subprocess.PIPE, text=True)
    saved = 0
    for line in proc.stdout:
        saved = int(line)
        if saved >= after:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    saved = max([saved, *(int(x) for x in proc.stdout)])
    proc.stdout.close()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    answers = con.execute("SELECT card, MAX(answered), COUNT(*) FROM answers GROUP BY card").fetchall()
    con.close()
    with ProgressStore(db, user="w") as s:
        assert saved <= len(s.answers()) <= saved + 1  # every answer saved before the kill is there
        for card, last, _ in answers:  # each card's state moved with its last answer, in one transaction
            assert s.state(card).last == last


def test_cli_with_an_unwritable_cache_warns_once_and_works(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text(paths.bundled_corpus().read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "STUDYKIT_CACHE_DIR": str(blocker / "cache")}
    out = subprocess.run([*EXE, "terms", str(big), "--top", "5", "--json"], capture_output=True, text=True, env=env,
                         timeout=180)
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)) == 5
    lines = [ln for ln in _stderr_lines(out.stderr) if "cache" in ln]
    assert len(lines) == 1 and "cannot write the cache" in lines[0] and "Traceback" not in out.stderr
