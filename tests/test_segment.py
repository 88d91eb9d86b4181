"""Segmentation: formulations kept whole, tokens cached per article, jieba's cache in the user folder."""

from __future__ import annotations

import re

import pytest

from studykit import cache, paths, segment
from studykit.corpus import Article, Corpus
from studykit.lexicon import load_lexicon
from studykit.sources import load_corpus

REQUIRED = ["新质生产力", "中国式现代化", "高质量发展", "主题教育", "统一战线", "两个确立", "两个维护", "四个意识",
            "四个自信", "铸牢中华民族共同体意识", "全过程人民民主", "新发展格局"]


def _cuts(tokens: list[str]) -> set[int]:
    """Offsets where one token ends and the next begins."""
    out, pos = set(), 0
    for t in tokens:
        pos += len(t)
        out.add(pos)
    return out


def _split_inside(text: str, tokens: list[str], words: list[str]) -> list[str]:
    cuts = _cuts(tokens)
    return [w for w in words for m in re.finditer(re.escape(w), text)
            if any(m.start() < c < m.end() for c in cuts)]


def test_plain_jieba_splits_formulations_the_lexicon_keeps_whole():
    import jieba

    segment.tokenizer()  # first, so that jieba's global tokenizer caches in the user folder too
    assert len(jieba.lcut("新质生产力")) > 1
    text = "要因地制宜发展新质生产力，增强“四个意识”，坚定“四个自信”，做到“两个维护”，铸牢中华民族共同体意识。"
    tokens = segment.tokenize(text)
    assert "".join(tokens) == text
    for w in ["新质生产力", "四个意识", "四个自信", "两个维护", "铸牢中华民族共同体意识"]:
        assert w in tokens
    assert not _split_inside(text, tokens, load_lexicon().words())


@pytest.mark.parametrize("term", REQUIRED)
def test_required_formulations_are_one_token_in_context(term):
    text = f"我们要坚持{term}，推动{term}走深走实，以{term}为引领。"
    assert segment.tokenize(text).count(term) == 3


def test_no_lexicon_word_is_split_in_the_bundled_corpus():
    corpus = load_corpus()
    words = load_lexicon().words()
    tokens = segment.tokenize_corpus(corpus)
    for a in corpus:
        assert "".join(tokens[a.id]) == a.text
        assert not _split_inside(a.text, tokens[a.id], words), a.id


def test_user_lexicon_file_keeps_its_words_whole(tmp_path):
    f = tmp_path / "mine.txt"
    f.write_text("数智赋能新赛道\n", encoding="utf-8")
    text = "各地要抢抓数智赋能新赛道。"
    assert "数智赋能新赛道" not in segment.tokenize(text)
    assert "数智赋能新赛道" in segment.tokenize(text, load_lexicon([f]))


def test_jieba_dictionary_cache_goes_to_the_user_cache_dir():
    segment.tokenize("高质量发展")
    tk = segment.tokenizer()
    assert tk.tmp_dir == str(paths.cache_dir() / "jieba")
    assert list((paths.cache_dir() / "jieba").glob("*.cache"))
    import jieba

    assert jieba.dt.initialized or jieba.dt.tmp_dir == tk.tmp_dir


def _corpus(*texts: str) -> Corpus:
    return Corpus([Article(id=i, title=f"第{i}篇", text=t) for i, t in enumerate(texts, 1)])


def test_second_run_reads_the_cache_and_does_not_segment(monkeypatch):
    corpus = _corpus("坚持以高质量发展为首要任务。", "加快发展新质生产力。")
    first = segment.tokenize_corpus(corpus)
    segment._STORES.clear()  # as in a fresh process: only the disk cache is left

    def refuse(*a, **k):
        raise AssertionError("segmented again")

    monkeypatch.setattr(segment, "tokenize", refuse)
    assert segment.tokenize_corpus(corpus) == first
    assert segment.tokenize_article(corpus[2]) == first[2]


def test_cache_key_follows_text_and_lexicon(tmp_path, monkeypatch):
    art = Article(id=1, title="t", text="推进中国式现代化。")
    segment.tokenize_article(art)
    calls = []
    real = segment.tokenize
    monkeypatch.setattr(segment, "tokenize", lambda *a, **k: calls.append(a) or real(*a, **k))
    segment.tokenize_article(art)
    assert calls == []
    segment.tokenize_article(Article(id=1, title="t", text="推进中国式现代化！"))
    assert len(calls) == 1
    f = tmp_path / "mine.txt"
    f.write_text("推进中国式现代化\n", encoding="utf-8")
    assert segment.tokenize_article(art, load_lexicon([f])) == ["推进中国式现代化", "。"]
    assert len(calls) == 2


def test_damaged_cache_file_is_rebuilt():
    art = Article(id=1, title="t", text="全过程人民民主是社会主义民主政治的本质属性。")
    tokens = segment.tokenize_article(art)
    segment._STORES.clear()
    stores = list((paths.cache_dir() / "tokens").glob("*.sqlite"))
    assert stores
    for f in stores:
        f.write_bytes(b"not a database" * 100)
    assert segment.tokenize_article(art) == tokens
    segment._STORES.clear()
    assert segment.token_ids(Corpus([art])).tokens(1) == tokens  # stored again


def test_a_stored_entry_that_does_not_add_up_to_its_text_is_segmented_again(monkeypatch):
    import sqlite3

    art = Article(id=1, title="t", text="弘扬伟大建党精神，坚定历史自信。")
    tokens = segment.tokenize_article(art)
    f = paths.cache_dir() / "tokens" / f"{segment._store(load_lexicon()).name}.sqlite"
    segment._STORES.clear()
    con = sqlite3.connect(f)
    ids = con.execute("SELECT ids FROM texts WHERE key = ?", (segment.text_key(art.text),)).fetchone()[0]
    con.execute("UPDATE texts SET ids = ? WHERE key = ?", (ids[4:], segment.text_key(art.text)))  # a word lost
    con.commit()
    con.close()
    calls = []
    real = segment.tokenize
    monkeypatch.setattr(segment, "tokenize", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert segment.tokenize_article(art) == tokens
    assert len(calls) == 1


def test_progress_bar_on_stderr_when_asked(capsys):
    corpus = _corpus(*[f"第{i}次推动新发展格局。" for i in range(5)])
    segment.tokenize_corpus(corpus, progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "segmenting" in captured.err


def test_rjieba_gives_the_same_tokens_as_jieba_on_the_bundled_corpus():
    pytest.importorskip("rjieba")
    corpus = load_corpus()
    for a in corpus:
        assert segment.tokenize(a.text, backend="rjieba") == segment.tokenize(a.text), a.id


def test_unknown_backend():
    with pytest.raises(ValueError, match="backend"):
        segment.tokenize("发展", backend="thulac")


def test_dictionary_comes_from_the_studykit_cache_the_second_time(monkeypatch):
    import jieba

    segment.tokenizer()
    assert list((paths.cache_dir() / "jieba").glob("*.pkl"))
    monkeypatch.setattr(segment, "_TOKENIZERS", {})

    def refuse(self, *a, **k):
        raise AssertionError("jieba rebuilt its dictionary")

    monkeypatch.setattr(jieba.Tokenizer, "initialize", refuse)
    assert "新质生产力" in segment.tokenize("因地制宜发展新质生产力", backend="jieba")


def test_damaged_dictionary_cache_is_rebuilt(monkeypatch):
    segment.tokenizer()
    for f in (paths.cache_dir() / "jieba").glob("*.pkl"):
        f.write_bytes(f.read_bytes()[: len(f.read_bytes()) // 2])
    monkeypatch.setattr(segment, "_TOKENIZERS", {})
    assert segment.tokenize("推动高质量发展", backend="jieba") == ["推动", "高质量发展"]
    assert cache.load("jieba", next((paths.cache_dir() / "jieba").glob("*.pkl")).stem) is not None


def test_worker_processes_give_the_tokens_of_this_process(monkeypatch, capsys, tmp_path):
    corpus = load_corpus()
    monkeypatch.setattr(segment, "PARALLEL_MIN_CHARS", 1000)
    monkeypatch.setattr(segment, "CHUNK_CHARS", 8000)
    monkeypatch.setattr(segment, "_workers", lambda total: 2)
    segment._STORES.clear()
    (tmp_path / "mine.txt").write_text("工作者进程词\n", encoding="utf-8")
    lex = load_lexicon([tmp_path / "mine.txt"])  # a store of its own: everything is segmented
    tok = segment.token_ids(corpus, lex, progress=True)
    assert "segmenting" in capsys.readouterr().err
    for a in corpus:
        assert tok.tokens(a.id) == segment.tokenize(a.text, lex), a.id


def test_tokens_stream_in_batches_and_count_like_lists(monkeypatch):
    corpus = load_corpus()
    monkeypatch.setattr(segment, "_BATCH", 7)
    tok = segment.token_ids(corpus)
    lists = segment.tokenize_corpus(corpus)
    assert len(tok) == len(corpus)
    seen = []
    for ids, arrays in tok.batches():
        assert len(ids) <= 7 and len(ids) == len(arrays)
        seen += ids
        for a, arr in zip(ids, arrays, strict=True):
            assert [tok.words[i] for i in arr.tolist()] == lists[a]
            assert int(tok.lengths()[arr].sum()) == len(corpus[a].text)
    assert seen == corpus.ids
