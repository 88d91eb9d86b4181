"""Counting and finding: frequencies, formulation counts, KWIC, collocates, keyness, glossary.

Everything works on article bodies in their search form (``Article.search``: 社會主義 counts as 社会主义,
１９９５年 as 1995年), and a term the user gives is normalised the same way (``Corpus.search_term``);
what is shown (KWIC lines, contexts) is the original text, found through the search form's map back.
Key points are not counted again, since they repeat the body. Word statistics use the segmented tokens
(``segment.tokenize_corpus``) with stop words, punctuation and numbers left out; formulation and theme
counts match the text itself, so a formulation nested in a longer one still counts (因地制宜发展新质生产力
counts one 新质生产力). Every function returns a pandas DataFrame.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from .corpus import Corpus
from .lexicon import Lexicon, load_lexicon, load_stopwords, numbered_value
from .segment import token_ids, tokenize_corpus
from .text import WORD_RE, han_count, in_number, sentence_span
from .themes import term_pattern

_NUMERALS = "一二两三四五六七八九十百千"

#: What a count counts, said beside it wherever a student sees one, so that two views that differ say why:
#: ``words`` (word frequencies, clouds, collocates, keyness) count segmented words, ``text`` (formulation
#: and theme counts, KWIC, study sheets) every occurrence in the text. Both count bodies only.
COUNTED = {
    "words": "按分词计数，只计正文、不计要点；长提法里的词算作那个提法（“新时代”在“习近平新时代中国特色社会主义思想”里不另计）"
             " / counted as words of the body text, key points left out; a word inside a longer formulation "
             "counts as that formulation",
    "text": "按原文计数，只计正文、不计要点；每一处都算，包括长提法里的 / every occurrence in the body text, "
            "inside longer formulations too; key points left out",
}


# ---------------------------------------------------------------- tokens and frequencies


def stop_set(stopwords: bool = True, extra_stopwords: Iterable[str] = (), stock_phrases: bool = False,
             stopword_files: Iterable[str] = ()) -> frozenset[str]:
    """The words to leave out: the bundled list (if ``stopwords``), stock phrases if asked, and extras."""
    base = load_stopwords(stopword_files, stock_phrases=stock_phrases, bundled=stopwords)
    return base | frozenset(extra_stopwords)


def is_word(token: str, stop: frozenset[str] = frozenset()) -> bool:
    """True for a token worth counting: it has a Chinese character or letter and is not a stop word."""
    return bool(WORD_RE.search(token)) and token.strip() not in stop


def words(corpus: Corpus, stop: frozenset[str] = frozenset(), lexicon: Lexicon | None = None) -> dict[int, list[str]]:
    """{article id: the countable tokens of its body, in order}."""
    tok = token_ids(corpus, lexicon)
    keep = _countable(tok, stop)
    w = tok.words
    return {i: [w[x] for x in ids[keep[ids]].tolist()] for i, ids in tok.items()}


def _countable(tok, stop: frozenset[str]):
    """A numpy mask over the vocabulary of ``tok`` (``segment.Tokens``): which words ``is_word`` counts."""
    import numpy as np

    mask = tok.column(_has_word, bool).copy()
    for t in stop:
        i = tok.id_of(t)
        if i is not None and i < len(mask):
            mask[i] = False
    for i in np.flatnonzero(tok.column(_padded, bool)[: len(mask)]).tolist():  # " 发展": stripped first
        mask[i] = mask[i] and tok.words[i].strip() not in stop
    return mask


def _has_word(token: str) -> bool:
    return bool(WORD_RE.search(token))


def _padded(token: str) -> bool:
    return token != token.strip()


def article_frequencies(corpus: Corpus, *, stopwords: bool = True, extra_stopwords: Iterable[str] = (),
                        stock_phrases: bool = False, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Long table of word counts per article: columns article, term, count, per10k.

    ``per10k`` is per 10,000 Han characters of that article's body. Only non-zero counts are listed,
    each article's most frequent first (ties in the order of first use).

    Args:
        stopwords: leave out the bundled stop words (and the user's own ``stopwords.txt``).
        extra_stopwords: more words to leave out.
        lexicon: the formulations kept whole by the tokenizer (default: ``load_lexicon()``).
        stock_phrases: also leave out the bundled stock phrases (坚持, 推进 …).
    """
    import numpy as np

    stop = stop_set(stopwords, extra_stopwords, stock_phrases)
    tok = token_ids(corpus, lexicon)
    keep = _countable(tok, stop)
    w = tok.words
    parts = []
    for a, (_, ids) in zip(corpus, tok.items(), strict=True):
        ids = ids[keep[ids]]
        if not len(ids):
            continue
        u, first, c = np.unique(ids, return_index=True, return_counts=True)
        o = np.lexsort((first, -c))
        parts.append(pd.DataFrame({"article": a.id, "term": [w[x] for x in u[o].tolist()], "count": c[o]}))
        parts[-1]["per10k"] = parts[-1]["count"] * 10_000 / (a.chars or 1)
    if not parts:
        return pd.DataFrame(columns=["article", "term", "count", "per10k"])
    frame = pd.concat(parts, ignore_index=True)
    frame["count"] = frame["count"].astype("int64")
    return frame


def frequencies(corpus: Corpus, *, stopwords: bool = True, extra_stopwords: Iterable[str] = (),
                stock_phrases: bool = False, lexicon: Lexicon | None = None,
                progress: bool | None = None) -> pd.DataFrame:
    """Corpus-wide word counts, most frequent first: columns term, count, per10k, articles, share.

    ``per10k``: per 10,000 Han characters of all bodies; ``articles``: how many articles contain the
    word; ``share``: that number as a fraction of all articles. Counted article by article from the
    token store (``segment.token_ids``), so a large corpus is never held as lists of words.

    Args:
        stopwords: leave out the bundled stop words (and the user's own ``stopwords.txt``).
        extra_stopwords: more words to leave out.
        lexicon: the formulations kept whole by the tokenizer (default: ``load_lexicon()``).
        stock_phrases: also leave out the bundled stock phrases (坚持, 推进 …).
        progress: progress bars (segmenting, counting) with the time left; by default shown for
            large corpora where they can be seen.
    """
    import numpy as np

    cols = ["term", "count", "per10k", "articles", "share"]
    stop = stop_set(stopwords, extra_stopwords, stock_phrases)
    tok = token_ids(corpus, lexicon, progress=progress)
    count, arts = _count(tok, progress)
    w = tok.words
    # the tokens of a body are its text: their Han characters are its own
    chars = int((tok.column(han_count, np.int64)[: len(count)] * count).sum())
    keep = np.flatnonzero(_countable(tok, stop)[: len(count)] & (count > 0))
    if not len(keep):
        return pd.DataFrame(columns=cols)
    g = pd.DataFrame({"term": [w[x] for x in keep.tolist()], "count": count[keep], "articles": arts[keep]})
    g["per10k"] = g["count"] * 10_000 / (chars or 1)
    g["share"] = g["articles"] / max(len(corpus), 1)
    return g.sort_values(["count", "term"], ascending=[False, True], kind="stable")[cols].reset_index(drop=True)


def _count(tok, progress: bool | None = None):
    """(occurrences of each vocabulary id, articles it occurs in) over all of ``tok`` (numpy int64),
    a batch of articles at a time."""
    import numpy as np

    from .bars import bar

    show = (False if len(tok) < 2000 else None) if progress is None else progress
    count = np.zeros(0, dtype=np.int64)
    arts = np.zeros(0, dtype=np.int64)
    with bar(total=len(tok), desc="counting", unit="article", show=show) as b:
        for part, arrays in tok.batches():
            flat = np.concatenate(arrays) if arrays else np.zeros(0, np.uint32)
            v = len(tok.words)
            if len(count) < v:  # the vocabulary grows as texts are segmented
                count, arts = np.pad(count, (0, v - len(count))), np.pad(arts, (0, v - len(arts)))
            count += np.bincount(flat, minlength=v)
            which = np.repeat(np.arange(len(arrays), dtype=np.uint64), [len(x) for x in arrays])
            pairs = np.sort((which << np.uint64(32)) | flat.astype(np.uint64))  # each (article, id) once
            pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs
            arts += np.bincount((pairs & np.uint64(0xFFFFFFFF)).astype(np.int64), minlength=v)
            b.update(len(part))
    v = len(tok.words)
    return np.pad(count, (0, v - len(count))), np.pad(arts, (0, v - len(arts)))


# ---------------------------------------------------------------- counting by text


def count_terms(corpus: Corpus, terms: Iterable[str]) -> pd.DataFrame:
    """Occurrences of each literal term in each article body: columns article, term, count.

    One row per article and term, zeros included (so the number of articles behind a count is
    known). Each term is counted on its own, overlapping terms included.
    """
    terms = list(dict.fromkeys(terms))
    wanted = [corpus.search_term(t) for t in terms]
    if not all(wanted):
        raise ValueError("empty term")
    rows = [(a.id, t, a.search_text.count(w)) for a in corpus for t, w in zip(terms, wanted, strict=True)]
    return pd.DataFrame(rows, columns=["article", "term", "count"])


def count_themes(corpus: Corpus, themes: dict[str, list[str]]) -> pd.DataFrame:
    """Occurrences of each theme (any of its terms) in each article: columns article, theme, count.

    Zeros included. Terms of one theme that nest (主题教育 inside a longer wording) count once.
    """
    pats = {name: term_pattern(map(corpus.search_term, ts)) for name, ts in themes.items() if ts}
    rows = [(a.id, name, sum(1 for _ in p.finditer(a.search_text))) for a in corpus for name, p in pats.items()]
    return pd.DataFrame(rows, columns=["article", "theme", "count"])


def count_formulations(corpus: Corpus, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """The lexicon's formulations found in the bodies, matched on the text, most frequent first.

    Columns term (canonical form), count (canonical form and variants together), per10k, articles.
    """
    lexicon = lexicon if lexicon is not None else load_lexicon()
    chars = sum(a.chars for a in corpus) or 1
    rows = []
    for e in lexicon:
        p = term_pattern(map(corpus.search_term, e.forms))
        per = [sum(1 for _ in p.finditer(a.search_text)) for a in corpus]
        if sum(per):
            rows.append((e.canonical, sum(per), sum(per) * 10_000 / chars, sum(1 for n in per if n)))
    frame = pd.DataFrame(rows, columns=["term", "count", "per10k", "articles"])
    return frame.sort_values(["count", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- keyword in context


KWIC_COLUMNS = ["article", "title", "date", "offset", "left", "match", "right"]


def kwic(corpus: Corpus, term: str, *, width: int = 20, regex: bool = False, sort: str | None = None) -> pd.DataFrame:
    """Keyword in context over the bodies: columns article, title, date, offset, left, match, right.

    The search runs on the search form of each body and the term is normalised the same way
    (``Corpus.search_term``: 社會主義 and 社会主义 find the same); ``left``, ``match`` and ``right`` are the
    original characters (a traditional text shows 社會主義), up to ``width`` characters each side (line
    breaks shown as spaces); ``offset`` is where the match starts in the original body. A regular
    expression is normalised in its Han characters and full-width letters and digits only, so a
    full-width symbol in it stays a literal character. A bad expression raises ValueError.

    Args:
        width: characters of context on each side.
        regex: ``term`` is a regular expression, not literal text.
        sort: None (corpus order), ``"left"`` (by the context just before, read right to left) or
            ``"right"`` (by the context just after).
    """
    wanted = corpus.search_term(term, pattern=regex) if term else ""
    if not wanted:
        raise ValueError("empty search term")
    try:
        pat = re.compile(wanted if regex else re.escape(wanted))
    except re.error as e:
        raise ValueError(f"not a valid regular expression: {term!r} ({e})") from e
    rows = []
    for a in corpus:
        text, found = a.text, a.search
        for m in pat.finditer(found.text):
            if m.start() == m.end():
                continue
            s, e = found.span(*m.span())
            rows.append((a.id, a.title, a.date, s, text[max(0, s - width):s].replace("\n", " "),
                         text[s:e].replace("\n", " "), text[e:e + width].replace("\n", " ")))
    frame = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    if sort == "left":
        frame = frame.iloc[sorted(range(len(frame)), key=lambda i: frame["left"].iat[i][::-1])]
    elif sort == "right":
        frame = frame.sort_values("right", kind="stable")
    elif sort is not None:
        raise ValueError(f"sort must be None, 'left' or 'right', not {sort!r}")
    return frame.reset_index(drop=True)


# ---------------------------------------------------------------- collocates


def _positions(tokens: list[str]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for t in tokens:
        spans.append((pos, pos + len(t)))
        pos += len(t)
    return spans


#: The association measures of ``collocates`` (its ``measure`` argument and the columns it adds).
MEASURES = ("ll", "mi", "logdice", "tscore")


def _window(before: range, after: range) -> Iterable[int]:
    """Word positions of a window, nearest to the node first (left before right at equal distance)."""
    b, a = list(reversed(before)), list(after)
    for k in range(max(len(b), len(a))):
        if k < len(b):
            yield b[k]
        if k < len(a):
            yield a[k]


def collocates(corpus: Corpus, term: str, *, window: int = 5, min_freq: int = 2, measure: str = "ll",
               stopwords: bool = True, extra_stopwords: Iterable[str] = (),
               lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Words near ``term`` (matched on the search form, the term normalised the same way), ranked by ``measure``.

    The window is ``window`` countable words (stop words and punctuation skipped) on each side of
    each occurrence of the term (a *node*), inside its sentence. A word is counted at most once per
    node, at its nearest place in the window, and a word's occurrence at most once however the windows
    of nearby nodes overlap, so ``together`` never exceeds the word's total nor the number of nodes.
    Columns: term, together (co-occurrences), left, right, total (the word's corpus count), and the
    measures: ll (log-likelihood, 2×2 table of the words inside the windows against the rest), mi
    (mutual information, log2 observed/expected), logdice (14 + log2 of 2×together over the node's and
    the word's frequencies: at most 14, comparable across corpora) and tscore ((observed − expected)
    / √observed, which favours frequent words). Sorted by ``measure``, strongest first.

    Args:
        window: countable words on each side of an occurrence.
        min_freq: leave out words seen together fewer times.
        measure: what to sort by: ``"ll"``, ``"mi"``, ``"logdice"`` or ``"tscore"``.
        stopwords: leave out the bundled stop words (and the user's own ``stopwords.txt``).
        extra_stopwords: more words to leave out.
        lexicon: the formulations kept whole by the tokenizer (default: ``load_lexicon()``).
    """
    cols = ["term", "together", "left", "right", "total", *MEASURES]
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    node = corpus.search_term(term) if term else ""
    if not node:
        raise ValueError("empty search term")
    stop = stop_set(stopwords, extra_stopwords)
    tokens = tokenize_corpus(corpus, lexicon)
    total: Counter = Counter()
    left: Counter = Counter()
    right: Counter = Counter()
    n_words = nodes = span_words = 0
    for a in corpus:
        text, ts = a.search_text, tokens[a.id]
        keep = [(t, s) for t, s in zip(ts, _positions(ts), strict=True) if is_word(t, stop)]
        words_ = [t for t, _ in keep]
        starts = [s for _, (s, _) in keep]
        ends = [e for _, (_, e) in keep]
        n_words += len(keep)
        total.update(words_)
        used: set[int] = set()  # word positions already counted for a node
        covered: set[int] = set()  # word positions inside some node's window
        for m in re.finditer(re.escape(node), text):
            nodes += 1
            first, last = sentence_span(text, m.start(), m.end())
            i = bisect.bisect_right(ends, m.start())
            j = bisect.bisect_left(starts, m.end())
            before = range(max(bisect.bisect_left(starts, first), i - window), i)
            after = range(j, min(bisect.bisect_right(ends, last), j + window))
            covered.update(before, after)
            seen: set[str] = set()
            for k in _window(before, after):
                w = words_[k]
                if k in used or w in seen:
                    continue
                seen.add(w)
                used.add(k)
                (left if k < i else right)[w] += 1
        span_words += len(covered)
    together = left + right
    rows = []
    for w, o11 in together.items():
        if o11 < min_freq or w == node:
            continue
        c1 = total[w]
        expected = c1 * span_words / n_words
        rows.append((w, o11, left[w], right[w], c1, _ll_2x2(o11, span_words, c1, n_words),
                     math.log2(o11 / expected), 14 + math.log2(2 * o11 / (nodes + c1)),
                     (o11 - expected) / math.sqrt(o11)))
    frame = pd.DataFrame(rows, columns=cols)
    return frame.sort_values([measure, "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _ll_2x2(o11: int, r1: int, c1: int, n: int) -> float:
    """Log-likelihood (G²) of a 2×2 table from O11, its row total R1, column total C1 and N."""
    cells = [(o11, r1, c1), (r1 - o11, r1, n - c1), (c1 - o11, n - r1, c1), (n - r1 - c1 + o11, n - r1, n - c1)]
    g = 0.0
    for o, row, col in cells:
        if o > 0 and row > 0 and col > 0:
            g += o * math.log(o / (row * col / n))
    return 2 * g


# ---------------------------------------------------------------- keyness


def keyness(target: Corpus, reference: Corpus, *, min_freq: int = 3, stopwords: bool = True,
            extra_stopwords: Iterable[str] = (), lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Words that distinguish ``target`` from ``reference``, by log-likelihood.

    Columns: term, target, reference (counts), target_per10k, reference_per10k (per 10,000 words),
    ll (log-likelihood), log_ratio (log2 of the ratio of relative frequencies, 0.5 added to a zero
    count: +1 means twice as frequent in the target, negative means rarer). Sorted by ll, strongest first.

    Args:
        min_freq: leave out words seen fewer times in both corpora together.
        stopwords: leave out the bundled stop words (and the user's own ``stopwords.txt``).
        extra_stopwords: more words to leave out.
        lexicon: the formulations kept whole by the tokenizer (default: ``load_lexicon()``).
    """
    cols = ["term", "target", "reference", "target_per10k", "reference_per10k", "ll", "log_ratio"]
    stop = stop_set(stopwords, extra_stopwords)
    a = Counter(t for ws in words(target, stop, lexicon).values() for t in ws)
    b = Counter(t for ws in words(reference, stop, lexicon).values() for t in ws)
    c, d = sum(a.values()), sum(b.values())
    if not c or not d:
        return pd.DataFrame(columns=cols)
    rows = []
    for w in a.keys() | b.keys():
        x, y = a[w], b[w]
        if x + y < min_freq:
            continue
        e1, e2 = c * (x + y) / (c + d), d * (x + y) / (c + d)
        ll = 2 * ((x * math.log(x / e1) if x else 0) + (y * math.log(y / e2) if y else 0))
        lr = math.log2(((x or 0.5) / c) / ((y or 0.5) / d))
        rows.append((w, x, y, x * 10_000 / c, y * 10_000 / d, ll, lr))
    frame = pd.DataFrame(rows, columns=cols)
    return frame.sort_values(["ll", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


def split(corpus: Corpus, ids: Iterable[int]) -> tuple[Corpus, Corpus]:
    """(the articles with these ids, the rest of the corpus)."""
    ids = set(ids)
    return (Corpus([a for a in corpus if a.id in ids], corpus.name),
            Corpus([a for a in corpus if a.id not in ids], corpus.name))


# ---------------------------------------------------------------- glossary


_QUOTED = re.compile(r"[“\"]([^“”\"\n。！？]{2,16})[”\"]")
_INTRO = re.compile(r"^[”\"]?\s*(?:[，,]?\s*(?:即|就是|也就是|是指|指的是|包括|分别是)\s*[：:]?|[：:])")
GLOSSARY_COLUMNS = ["term", "kind", "count", "articles", "first_article", "first_date", "first_offset",
                    "context", "components", "components_from"]


def is_numbered(term: str) -> bool:
    """True for a numbered formulation: it starts with a numeral (四个意识, 三北, 一湖两海) or is
    made of numbered parts (三多三少三慢); a session name (二十届二中全会) is not one."""
    n = f"[{_NUMERALS}]"
    if re.match(rf"^{n}+届", term):
        return False
    return term[0] in _NUMERALS or bool(re.fullmatch(rf"(?:{n}[^{_NUMERALS}]{{1,3}}){{2,}}", term))


def enumerated_components(text: str, end: int, n: int) -> list[str] | None:
    """The n parts the text lists right after a formulation ending at ``end``, or None.

    Recognises "…“十二个必须”，即必须…，必须…。" and "…：A、B、C。" — the list runs to the end of the
    sentence and must have exactly n items (split by ；, then ，, then 、).
    """
    rest = text[end:end + 600]
    m = _INTRO.match(rest)
    if not m:
        return None
    body = re.split(r"[。！？\n]", rest[m.end():], maxsplit=1)[0]
    for sep in ("[；;]", "[，,]", "、"):
        parts = [p.strip(" “”\"") for p in re.split(sep, body) if p.strip(" “”\"")]
        if len(parts) == n:
            return parts
    return None


def glossary(corpus: Corpus, lexicon: Lexicon | None = None, min_len: int = 4) -> pd.DataFrame:
    """The corpus's formulations: numbered ones and quoted slogans, and the lexicon's entries found.

    Candidates: every quoted phrase (“…”, 2–16 characters, no sentence end) that is numbered
    (``is_numbered``) or at least ``min_len`` characters long, and every lexicon entry that occurs.
    Each is then counted on the whole text (quoted or not), in the search form (so a traditional text
    counts too), never inside a number (``text.in_number``: 九五 in 一九五四年, 十五 in 十五日 or 十五个 are
    not uses of 九五 or 十五). Columns: term, kind ("numbered",
    "quoted" or "lexicon"), count, articles (list of ids), first_article, first_date, first_offset,
    context (the original text around the first occurrence, earliest date first; ``first_offset``
    is where it starts in the original body), components (the
    parts, where the text enumerates them right after the term, else from the lexicon) and
    components_from ("text", "lexicon" or None). Sorted numbered first, then by count.
    """
    lexicon = lexicon if lexicon is not None else load_lexicon()
    found: dict[str, str] = {}
    for a in corpus:
        for m in _QUOTED.finditer(a.search_text):
            t = m.group(1).strip()
            if t and (is_numbered(t) or len(t) >= min_len):
                found.setdefault(t, "numbered" if is_numbered(t) else "quoted")
    for e in lexicon:
        forms = [corpus.search_term(f) for f in e.forms]
        if e.canonical not in found and any(f in a.search_text for a in corpus for f in forms if f):
            found[e.canonical] = "numbered" if is_numbered(e.canonical) else "lexicon"
    order = [a for _, a in sorted(enumerate(corpus), key=lambda ia: (ia[1].date is None, ia[1].date or "", ia[0]))]
    rows = []
    for term, kind in found.items():
        entry = lexicon.get(term)
        pat = term_pattern(map(corpus.search_term, entry.forms if entry else [term]))
        hits = [(a, m) for a in order for m in pat.finditer(a.search_text)
                if not in_number(a.search_text, m.start(), m.end())]
        if not hits:
            continue
        first_a, first_m = hits[0]
        components, source = None, None
        n = numbered_value(term)
        if n:
            for a, m in hits:
                components = enumerated_components(a.search_text, m.end(), n)
                if components:
                    source = "text"
                    break
        if not components and entry and entry.components:
            components, source = list(entry.components), "lexicon"
        s, e = first_a.search.span(first_m.start(), first_m.end())
        context = first_a.text[max(0, s - 30):e + 30].replace("\n", " ")
        rows.append((term, kind, len(hits), sorted({a.id for a, _ in hits}), first_a.id, first_a.date, s,
                     context, components, source))
    frame = pd.DataFrame(rows, columns=GLOSSARY_COLUMNS)
    frame["_k"] = frame["kind"].map({"numbered": 0, "quoted": 1, "lexicon": 2})
    frame = frame.sort_values(["_k", "count", "term"], ascending=[True, False, True], kind="stable")
    return frame.drop(columns="_k").reset_index(drop=True)
