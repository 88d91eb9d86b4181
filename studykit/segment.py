"""Word segmentation: jieba with the bundled lexicon as user dictionary, and a per-user token cache.

``tokenize(text)`` segments one string; ``tokenize_article(article)`` and ``tokenize_corpus(corpus)``
segment article bodies in their search form (``Article.search_text``: 社會主義 is segmented and counted as
社会主义; key points are not segmented: they repeat the body) and cache the tokens per article in the
studykit cache, keyed by that text, the lexicon and the segmenter, so a second run does not segment
again. Tokens are returned exactly as the segmenter gives them: joined, they are the search text
(spaces and punctuation included); counting code filters them.

jieba's own dictionary cache is written to ``paths.cache_dir()/jieba`` instead of the shared /tmp.
If ``rjieba`` is installed and ``backend="rjieba"`` is asked for, it is used only after checking
that it yields the same tokens as jieba on a sample text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from . import cache, paths
from .corpus import Article, Corpus
from .lexicon import Lexicon, load_lexicon

_TOKENIZERS: dict[str, object] = {}
_MEMORY: dict[str, list[str]] = {}
PROGRESS_MIN_ARTICLES = 20


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


def tokenize(text: str, lexicon: Lexicon | None = None, backend: str = "jieba") -> list[str]:
    """The tokens of ``text`` (uncached): jieba with HMM and the lexicon as user dictionary."""
    if backend == "rjieba":
        return _rjieba(lexicon).cut(text, True)
    if backend != "jieba":
        raise ValueError(f"unknown backend {backend!r} (want 'jieba' or 'rjieba')")
    return tokenizer(lexicon).lcut(text, HMM=True)


def _rjieba(lexicon: Lexicon | None):
    """An rjieba segmenter with the lexicon's words, if it gives jieba's tokens on a check text."""
    import rjieba

    lexicon = _lexicon(lexicon)
    key = "rjieba:" + lexicon.fingerprint()
    if key not in _TOKENIZERS:
        seg = rjieba.Jieba()
        tk = tokenizer(lexicon)
        for w, freq in tk.user_freqs.items():
            seg.add_word(w, freq, None)
        probe = "".join(lexicon.words()) + "推动高质量发展，因地制宜发展新质生产力，扎实推进中国式现代化。"
        if seg.cut(probe, True) != tk.lcut(probe, HMM=True):
            raise RuntimeError("rjieba does not segment like jieba here; use backend='jieba'")
        _TOKENIZERS[key] = seg
    return _TOKENIZERS[key]


def _key(text: str, lexicon: Lexicon) -> str:
    import jieba

    return cache.key_of("tokens-1", jieba.__version__, lexicon.fingerprint(), text)


def tokenize_article(article: Article, lexicon: Lexicon | None = None, backend: str = "jieba") -> list[str]:
    """The tokens of an article's body, from the cache when the same text was segmented before."""
    return tokenize_corpus(Corpus([article]), lexicon, backend=backend, progress=False)[article.id]


def tokenize_corpus(
    corpus: Corpus | Iterable[Article],
    lexicon: Lexicon | None = None,
    backend: str = "jieba",
    progress: bool | None = None,
) -> dict[int, list[str]]:
    """{article id: tokens of the search form of its body} for every article, segmenting only what is not
    cached yet.

    ``progress``: a tqdm bar on stderr; by default shown when more than ``PROGRESS_MIN_ARTICLES``
    articles need segmenting and someone watches (a terminal or a notebook, not a log: ``bars.bar``).
    """
    lexicon = _lexicon(lexicon)
    articles = list(corpus)
    out: dict[int, list[str]] = {}
    todo: list[tuple[Article, str]] = []
    for a in articles:
        key = _key(a.search_text, lexicon)
        tokens = _MEMORY.get(key)
        if tokens is None:
            tokens = cache.load("tokens", key)
            if tokens is not None:
                _MEMORY[key] = tokens
        if tokens is None:
            todo.append((a, key))
        else:
            out[a.id] = tokens
    if todo:
        from .bars import bar

        for a, key in bar(todo, desc="segmenting", unit="article", show=progress,
                          big=len(todo) > PROGRESS_MIN_ARTICLES):
            tokens = tokenize(a.search_text, lexicon, backend)
            cache.save("tokens", key, tokens)
            _MEMORY[key] = tokens
            out[a.id] = tokens
    return {a.id: out[a.id] for a in articles}
