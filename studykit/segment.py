"""Word segmentation: jieba with the bundled lexicon as user dictionary, over the cores, with a compact cache.

``tokenize(text)`` segments one string. ``token_ids(corpus)`` segments article bodies in their search
form (``Article.search_text``: 社會主義 is segmented and counted as 社会主义; key points are not
segmented: they repeat the body) and returns ``Tokens``: each body as an array of ids into one
vocabulary, read from the per-user token store piece by piece, so counting code streams over a
large corpus without holding its tokens as strings. ``tokenize_article`` and ``tokenize_corpus``
give the same tokens as lists of strings, for small selections. Tokens are exactly what the
segmenter gives: joined, they are the search text (spaces and punctuation included); counting code
filters them.

The backend is rjieba (a port of jieba, many times faster) when it is installed and segments a
check text exactly as jieba does with the same user words; jieba otherwise (``backend="jieba"``
asks for jieba itself). What is not in the store yet is segmented in worker processes, one per
core, in chunks, with one progress bar and the time left, when there is enough of it; small jobs
stay in this process.

The token store is an SQLite file in the cache (``tokens/``), one per lexicon and jieba version: a
vocabulary (id → word) and, per text (keyed by its SHA-256), its ids as 32-bit integers, each row
with a CRC-32. A stored entry that fails its CRC or whose words do not add up to its text is not
trusted and is segmented again; a damaged vocabulary or file is removed and made anew. jieba's own
dictionary cache is written to ``paths.cache_dir()/jieba`` instead of the shared /tmp.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import zlib
from collections.abc import Iterable, Iterator

from . import cache, paths
from .corpus import Article, Corpus
from .lexicon import Lexicon, load_lexicon

_TOKENIZERS: dict[str, object] = {}
_STORES: dict[str, _Store] = {}
PROGRESS_MIN_ARTICLES = 20
FORMAT = "tokens-2"
PARALLEL_MIN_CHARS = 1_500_000  # less than this is segmented in this process
CHUNK_CHARS = 300_000  # characters sent to a worker at a time
_BATCH = 500  # texts read from the store per query


def _lexicon(lexicon: Lexicon | None) -> Lexicon:
    return lexicon if lexicon is not None else load_lexicon()


def jieba_words(lexicon: Lexicon) -> list[str]:
    """The lexicon forms jieba can hold as one word (forms with punctuation inside cannot be)."""
    import jieba

    return [w for w in lexicon.words() if jieba.re_han_default.fullmatch(w)]


def tokenizer(lexicon: Lexicon | None = None):
    """A ``jieba.Tokenizer`` with the lexicon loaded as user words (one per lexicon, kept in memory).

    jieba's dictionary is read from a pickle in the studykit cache (about twice as fast as jieba's
    own marshal cache); jieba's own cache file (and that of the global ``jieba.dt``, if not loaded
    yet) lives in the per-user cache directory too.
    """
    import jieba

    lexicon = _lexicon(lexicon)
    key = lexicon.fingerprint()
    if key in _TOKENIZERS:
        return _TOKENIZERS[key]
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    folder = paths.cache_dir() / "jieba"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # an unwritable cache folder: jieba falls back to its own default place
    else:
        for t in (tk, jieba.dt) if not jieba.dt.initialized else (tk,):
            t.tmp_dir = str(folder)
            t.cache_file = f"jieba-{jieba.__version__}.cache"
    _load_dictionary(tk)
    tk.user_freqs = {}  # what each lexicon word was given: the rjieba backend must add the same
    for w in jieba_words(lexicon):
        tk.user_freqs[w] = _freq(tk, w)
        tk.add_word(w, freq=tk.user_freqs[w])
    _TOKENIZERS[key] = tk
    return tk


def _load_dictionary(tk) -> None:
    """Give ``tk`` jieba's main dictionary: from the studykit cache, else built by jieba and cached."""
    import jieba

    key = cache.key_of("jieba-dictionary", jieba.__version__, str(tk.dictionary))
    state = cache.load("jieba", key)
    if state is not None:
        with tk.lock:
            tk.FREQ, tk.total = state
            tk.initialized = True
        return
    tk.initialize()
    cache.save("jieba", key, (tk.FREQ, tk.total))


def _freq(tk, word: str) -> int:
    """A frequency that makes jieba keep ``word`` whole: above what its pieces would score together."""
    return max(tk.suggest_freq(word, tune=False), tk.FREQ.get(word, 0) or 0, 100) * 10


def tokenize(text: str, lexicon: Lexicon | None = None, backend: str = "auto") -> list[str]:
    """The tokens of ``text`` (uncached): jieba's segmentation with HMM and the lexicon as user
    dictionary. ``backend``: ``"auto"`` (rjieba when it gives jieba's tokens, else jieba), ``"jieba"``
    or ``"rjieba"``."""
    backend = _backend(lexicon, backend)
    if backend == "rjieba":
        return _rjieba(lexicon).cut(text, True)
    if backend != "jieba":
        raise ValueError(f"unknown backend {backend!r} (want 'auto', 'jieba' or 'rjieba')")
    return tokenizer(lexicon).lcut(text, HMM=True)


def _rjieba(lexicon: Lexicon | None):
    """An rjieba segmenter with the lexicon's words, if it gives jieba's tokens on a check text."""
    lexicon = _lexicon(lexicon)
    key = "rjieba:" + lexicon.fingerprint()
    if key not in _TOKENIZERS:
        user_freqs, same = _rjieba_setup(lexicon)
        _TOKENIZERS[key] = _rjieba_with(user_freqs) if same else None
    if _TOKENIZERS[key] is None:
        raise RuntimeError("rjieba does not segment like jieba here; use backend='jieba'")
    return _TOKENIZERS[key]


def _rjieba_setup(lexicon: Lexicon) -> tuple[dict[str, int], bool]:
    """The user words' frequencies for rjieba and whether rjieba then segments a check text as jieba
    does; cached per lexicon and versions, so a worker process builds its segmenter without loading
    jieba's dictionary. Raises ImportError when rjieba is not installed."""
    import importlib.metadata

    import jieba

    ck = cache.key_of("rjieba-setup", jieba.__version__, importlib.metadata.version("rjieba"), lexicon.fingerprint())
    setup = cache.load("rjieba", ck)
    if setup is None:
        tk = tokenizer(lexicon)
        seg = _rjieba_with(tk.user_freqs)
        probe = "".join(lexicon.words()) + "推动高质量发展，因地制宜发展新质生产力，扎实推进中国式现代化。"
        setup = (dict(tk.user_freqs), seg.cut(probe, True) == tk.lcut(probe, HMM=True))
        cache.save("rjieba", ck, setup)
    return setup


def _backend(lexicon: Lexicon | None, backend: str) -> str:
    """``backend`` with ``"auto"`` resolved: rjieba when it is installed and segments like jieba."""
    if backend != "auto":
        return backend
    try:
        return "rjieba" if _rjieba_setup(_lexicon(lexicon))[1] else "jieba"
    except ImportError:
        return "jieba"


def _rjieba_with(user_freqs: dict[str, int]):
    import rjieba

    seg = rjieba.Jieba()
    for w, freq in user_freqs.items():
        seg.add_word(w, freq, None)
    return seg


# ---------------------------------------------------------------- the token store


def text_key(text: str) -> bytes:
    """The store key of a text (its SHA-256)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class _Store:
    """Segmented texts of one lexicon: a vocabulary and, per text key, its token ids (SQLite)."""

    def __init__(self, lexicon: Lexicon):
        import jieba

        self.lexicon = lexicon
        self.name = cache.key_of(FORMAT, jieba.__version__, lexicon.fingerprint())[:32]
        self._open()

    def _open(self) -> None:

        self.con = cache.database("tokens", self.name)
        self.con.execute("CREATE TABLE IF NOT EXISTS vocab (id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE, "
                         "crc INTEGER NOT NULL)")
        self.con.execute("CREATE TABLE IF NOT EXISTS texts (key BLOB PRIMARY KEY, ids BLOB NOT NULL, "
                         "crc INTEGER NOT NULL) WITHOUT ROWID")
        self.con.commit()
        self.words: list[str] = []
        self.index: dict[str, int] = {}
        self._columns: dict = {}
        self._sync()

    def reset(self) -> None:
        """Remove the store (found damaged) and start an empty one."""
        cache.discard_database("tokens", self.name, self.con)
        self._open()

    def _sync(self) -> None:
        """Read vocabulary entries other processes have added since."""
        new = self.con.execute("SELECT id, word, crc FROM vocab WHERE id >= ? ORDER BY id",
                               (len(self.words),)).fetchall()
        for i, w, crc in new:
            if i != len(self.words) or zlib.crc32(w.encode("utf-8", "surrogatepass")) != crc:
                raise _Damaged()
            self.words.append(w)
            self.index[w] = i

    def column(self, fn, dtype):
        """``fn(word)`` for every vocabulary word, by id (a numpy array), each computed once."""
        import numpy as np

        old = self._columns.get(fn)
        n = len(self.words)
        if old is None or len(old) != n:
            done = 0 if old is None or len(old) > n else len(old)
            new = np.fromiter((fn(w) for w in self.words[done:n]), dtype=dtype, count=n - done)
            self._columns[fn] = np.concatenate([old[:done], new]) if done else new
        return self._columns[fn]

    def lengths(self):
        """Characters of each vocabulary word (numpy, by id)."""
        import numpy as np

        return self.column(len, np.int64)

    def get(self, keys: list[bytes], texts: list[str]) -> dict[bytes, object]:
        """The stored ids of each text that is in the store and whose words add up to it."""
        import numpy as np

        out = {}
        want = dict(zip(keys, texts, strict=True))
        uniq = list(want)
        for i in range(0, len(uniq), _BATCH):
            part = uniq[i:i + _BATCH]
            rows = self.con.execute(f"SELECT key, ids, crc FROM texts WHERE key IN ({','.join('?' * len(part))})",
                                    part).fetchall()
            for k, blob, crc in rows:
                if len(blob) % 4 or zlib.crc32(blob) != crc:
                    continue  # damaged: segmented again
                ids = np.frombuffer(blob, dtype="<u4")
                if len(ids) and int(ids.max()) >= len(self.words):
                    self._sync()
                if (len(ids) and int(ids.max()) >= len(self.words)) or int(self.lengths()[ids].sum()) != len(want[k]):
                    continue  # not what this text's tokens would be: segmented again
                out[k] = ids
        return out

    def put(self, items: list[tuple[bytes, list[str], object, object]]) -> None:
        """Store texts segmented elsewhere: ``(keys, local words, local ids, tokens per text)``
        per chunk, the ids indexing that chunk's own word list."""
        import numpy as np

        con = self.con
        con.execute("BEGIN IMMEDIATE")
        n0 = len(self.words)
        try:
            self._sync()
            n0 = len(self.words)
            rows = []
            for keys, words, ids, counts in items:
                m = np.empty(len(words), dtype="<u4")
                for j, w in enumerate(words):
                    i = self.index.get(w)
                    if i is None:
                        i = self.index[w] = len(self.words)
                        self.words.append(w)
                    m[j] = i
                glob = m[np.asarray(ids, dtype=np.int64)]
                at = 0
                for k, n in zip(keys, counts, strict=True):
                    blob = glob[at:at + n].tobytes()
                    rows.append((k, blob, zlib.crc32(blob)))
                    at += n
            con.executemany("INSERT INTO vocab (id, word, crc) VALUES (?, ?, ?)",
                            [(i, w, zlib.crc32(w.encode("utf-8", "surrogatepass")))
                             for i, w in enumerate(self.words[n0:], n0)])
            con.executemany("INSERT OR REPLACE INTO texts (key, ids, crc) VALUES (?, ?, ?)", rows)
            con.commit()
        except BaseException:
            con.rollback()
            for w in self.words[n0:]:
                del self.index[w]
            del self.words[n0:]
            raise


class _Damaged(Exception):
    """The token store is not what it should be."""


def _store(lexicon: Lexicon) -> _Store:
    fp = lexicon.fingerprint()
    if fp not in _STORES:
        _STORES[fp] = _Store(lexicon)
    return _STORES[fp]


def _encode(token_lists: list[list[str]]) -> tuple[list[str], object, list[int]]:
    """A chunk's tokens as (its own word list, ids into it, number of tokens per text)."""
    import numpy as np

    words: dict[str, int] = {}
    flat = []
    counts = []
    for tokens in token_lists:
        counts.append(len(tokens))
        flat.extend(words.setdefault(t, len(words)) for t in tokens)
    return list(words), np.array(flat, dtype=np.uint32), counts


# ---------------------------------------------------------------- segmenting what is missing


class Tokens:
    """The segmented bodies of a corpus as ids into one vocabulary.

    ``words[i]`` is the word of id ``i`` (``lengths()[i]`` its characters, ``column(fn, dtype)``
    any other property of the words, computed once); ``ids(article_id)`` is
    one body's token ids (numpy uint32) and ``items()`` yields ``(article id, ids)`` for every article
    in corpus order, read from the store a few hundred at a time; ``tokens(article_id)`` gives one
    body's tokens as strings.
    """

    def __init__(self, store: _Store, keys: dict[int, bytes], texts: dict[int, str]):
        self._store, self._keys, self._texts = store, keys, texts

    @property
    def words(self) -> list[str]:
        return self._store.words

    def id_of(self, word: str) -> int | None:
        """The id of ``word``, or None when no stored text has it."""
        return self._store.index.get(word)

    def lengths(self):
        return self._store.lengths()

    def column(self, fn, dtype):
        """``fn(word)`` for every word of the vocabulary, by id (numpy), each computed once per session."""
        return self._store.column(fn, dtype)

    def ids(self, article_id: int):
        return next(ids for _, ids in self.items([article_id]))

    def tokens(self, article_id: int) -> list[str]:
        w = self.words
        return [w[i] for i in self.ids(article_id).tolist()]

    def items(self, ids: Iterable[int] | None = None) -> Iterator[tuple[int, object]]:
        for part, arrays in self.batches(ids):
            yield from zip(part, arrays, strict=True)

    def batches(self, ids: Iterable[int] | None = None) -> Iterator[tuple[list[int], list]]:
        """``(article ids, their id arrays)``, a few hundred articles at a time, in corpus order."""
        order = list(self._keys) if ids is None else list(ids)
        for i in range(0, len(order), _BATCH):
            part = order[i:i + _BATCH]
            got = _read(self._store, [self._keys[a] for a in part], [self._texts[a] for a in part])
            yield part, [got[self._keys[a]] for a in part]

    def __len__(self) -> int:
        return len(self._keys)


def _read(store: _Store, keys: list[bytes], texts: list[str]) -> dict[bytes, object]:
    import sqlite3

    try:
        got = store.get(keys, texts)
    except (sqlite3.DatabaseError, _Damaged):
        store.reset()
        got = {}
    missing = [(k, t) for k, t in zip(keys, texts, strict=True) if k not in got]
    if missing:  # damaged, or removed meanwhile: segment again
        _segment_into(store, dict(missing), store.lexicon, "auto", False)
        got.update(store.get([k for k, _ in missing], [t for _, t in missing]))
    return got


def token_ids(corpus: Corpus | Iterable[Article], lexicon: Lexicon | None = None, *, backend: str = "auto",
              progress: bool | None = None) -> Tokens:
    """Every article body of ``corpus`` segmented (``Tokens``), segmenting only what is not stored yet.

    Args:
        lexicon: the formulations kept whole (default: ``load_lexicon()``).
        backend: ``"auto"``, ``"jieba"`` or ``"rjieba"`` (see ``tokenize``).
        progress: a progress bar with the time left; by default shown, where it can be seen, when
            more than ``PROGRESS_MIN_ARTICLES`` articles need segmenting.
    """
    import sqlite3

    lexicon = _lexicon(lexicon)
    store = _store(lexicon)
    articles = list(corpus)
    texts = {a.id: a.search_text for a in articles}
    keys = {i: text_key(t) for i, t in texts.items()}
    by_key = {keys[i]: t for i, t in texts.items()}
    try:
        present = _present(store, list(by_key))
    except (sqlite3.DatabaseError, _Damaged):
        store.reset()
        present = set()
    todo = {k: t for k, t in by_key.items() if k not in present}
    if todo:
        show = progress
        if progress is None:  # where it can be seen, and only for more than a few articles
            show = None if len(todo) > PROGRESS_MIN_ARTICLES else False
        _segment_into(store, todo, lexicon, backend, show)
    return Tokens(store, keys, texts)


def _present(store: _Store, keys: list[bytes]) -> set[bytes]:
    out = set()
    for i in range(0, len(keys), _BATCH):
        part = keys[i:i + _BATCH]
        out.update(k for (k,) in store.con.execute(
            f"SELECT key FROM texts WHERE key IN ({','.join('?' * len(part))})", part))
    return out


def _segment_into(store: _Store, todo: dict[bytes, str], lexicon: Lexicon | None, backend: str,
                  show: bool | None) -> None:
    """Segment the texts of ``todo`` ({key: text}) and put them into ``store``: in worker processes when
    there is a lot of text, else here; one progress bar over the characters, with the time left."""
    from .bars import bar

    total = sum(map(len, todo.values()))
    workers = _workers(total)
    backend = _backend(lexicon, backend)
    with bar(total=total, desc="segmenting", unit="char", unit_scale=True, show=show) as b:
        if workers < 2:
            batch: list = []
            size = 0
            for k, t in todo.items():
                batch.append((k, t))
                size += len(t)
                if size >= CHUNK_CHARS:
                    _put_here(store, batch, lexicon, backend)
                    b.update(size)
                    batch, size = [], 0
            if batch:
                _put_here(store, batch, lexicon, backend)
                b.update(size)
            return
        for keys, size, encoded in _in_workers(todo, lexicon, backend, workers):
            store.put([(keys, *encoded)])
            b.update(size)


def _put_here(store: _Store, batch: list[tuple[bytes, str]], lexicon, backend: str) -> None:
    store.put([([k for k, _ in batch], *_encode([tokenize(t, lexicon, backend) for _, t in batch]))])


def _workers(total_chars: int) -> int:
    """How many worker processes to segment ``total_chars`` characters with (1: none)."""
    if total_chars < PARALLEL_MIN_CHARS:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, total_chars // CHUNK_CHARS, 8))


def _in_workers(todo: dict[bytes, str], lexicon: Lexicon | None, backend: str, workers: int):
    """Yield ``(keys, characters, encoded chunk)`` as worker processes finish chunks of ``todo``."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed

    chunks, cur, size = [], [], 0
    for k, t in todo.items():
        cur.append((k, t))
        size += len(t)
        if size >= CHUNK_CHARS:
            chunks.append(cur)
            cur, size = [], 0
    if cur:
        chunks.append(cur)
    method = "forkserver" if sys.platform.startswith("linux") else "spawn"
    ctx = mp.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload([__name__])
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_start,
                             initargs=(_lexicon(lexicon), backend, os.environ.get("STUDYKIT_CACHE_DIR"))) as ex:
        futures = {ex.submit(_worker_chunk, [t for _, t in c]): c for c in chunks}
        for f in as_completed(futures):
            c = futures[f]
            yield [k for k, _ in c], sum(len(t) for _, t in c), f.result()


_WORKER: dict = {}


def _worker_start(lexicon: Lexicon, backend: str, cache_dir: str | None) -> None:
    """In a worker process: build the segmenter once."""
    if cache_dir:
        os.environ["STUDYKIT_CACHE_DIR"] = cache_dir
    tokenize("预热", lexicon, backend)
    _WORKER.update(lexicon=lexicon, backend=backend)


def _worker_chunk(texts: list[str]):
    """In a worker process: one chunk segmented and encoded (``_encode``)."""
    return _encode([tokenize(t, _WORKER["lexicon"], _WORKER["backend"]) for t in texts])


# ---------------------------------------------------------------- token lists


def tokenize_article(article: Article, lexicon: Lexicon | None = None, backend: str = "auto") -> list[str]:
    """The tokens of an article's body, from the store when the same text was segmented before."""
    return tokenize_corpus(Corpus([article]), lexicon, backend=backend, progress=False)[article.id]


def tokenize_corpus(
    corpus: Corpus | Iterable[Article],
    lexicon: Lexicon | None = None,
    backend: str = "auto",
    progress: bool | None = None,
) -> dict[int, list[str]]:
    """{article id: tokens of the search form of its body} for every article, segmenting only what is
    not stored yet.

    Lists of strings take much memory: counting over a large corpus uses ``token_ids`` instead.
    ``progress``: as for ``token_ids``.
    """
    tok = token_ids(corpus, lexicon, backend=backend, progress=progress)
    w = tok.words
    return {a: [w[i] for i in ids.tolist()] for a, ids in tok.items()}
