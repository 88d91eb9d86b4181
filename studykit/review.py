"""Study questions built from the corpus itself: cloze questions and flashcards.

Every question comes from one sentence of one article and carries that article's id, title, source
and date. Nothing is invented: the blank of a cloze question is a term of the corpus that occurs in
its sentence, the choices offered with it are other terms of the same corpus, and a flashcard unfolds
a numbered formulation (“四个意识” → 政治意识、大局意识、核心意识、看齐意识) into the parts that the
text itself enumerates, or that the bundled lexicon lists. Terms are found in the search form of the
texts (``Article.search``: 社會主義 is a use of 社会主义); prompts, answers and sentences show the
original characters.

    questions = build_questions(corpus)          # list[Question]
    check(questions[0], "新质生产力")              # True / False
    filter_questions(questions, article=3, theme=["高质量发展"])
    pick_questions(questions, 10, seed=1)        # ten of them, the same ten for the same seed
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

from .corpus import Article, Corpus, date_bounds
from .lexicon import load_lexicon, numeral_value
from .text import HAN, HAN_RE, Folded, fold, search_form, sentences

BLANK = "＿＿＿＿"

_QUOTED = re.compile(rf"[“「]([{HAN}0-9０-９]{{2,10}})[”」]")
_NUMBERED = re.compile(rf"[“「]?([一二两三四五六七八九十]{{1,3}})个([{HAN}]{{1,6}}?)[”」]")
_STRIP = re.compile(r"[\s“”「」‘’\"'《》（）()。，、；;：:,.!?！？]")


@dataclass(frozen=True)
class Question:
    """One study question and where it comes from.

    ``kind`` is ``"cloze"`` (``prompt`` is ``sentence`` with ``answer`` blanked out) or ``"flashcard"``
    (``prompt`` asks for the parts of the numbered formulation ``term``; ``answer`` joins ``parts``
    with "、", or "；" when a part has a "、" itself). ``choices`` (cloze only) holds the answer and distractors, all terms of the corpus;
    empty when the corpus has too few terms. ``origin`` says where the question came from:
    ``"key_point"``, ``"text"`` (a body sentence) or ``"lexicon"`` (parts listed by the lexicon, the
    sentence is where the formulation occurs). ``id`` is stable across runs: progress is stored by it.
    """

    id: str
    kind: str
    prompt: str
    answer: str
    sentence: str
    term: str
    article: int
    title: str
    source: str | None
    date: str | None
    origin: str
    choices: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()

    @property
    def citation(self) -> str:
        """“title” · source · date, as shown under a revealed answer."""
        return " · ".join(x for x in (f"《{self.title}》", self.source, self.date) if x)

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        d = asdict(self)
        d["choices"], d["parts"] = list(self.choices), list(self.parts)
        return d


@dataclass
class _Formulation:
    name: str
    parts: tuple[str, ...] = ()


def _lexicon_formulations() -> list[_Formulation]:
    """Every form of every formulation in the bundled lexicon, with the components it lists."""
    found = []
    for e in load_lexicon().entries:
        found.append(_Formulation(e.canonical, tuple(e.components)))
        found.extend(_Formulation(v) for v in e.variants)
    return found


def enumerations(text: str) -> list[tuple[str, tuple[str, ...], tuple[int, int]]]:
    """Numbered formulations whose parts ``text`` spells out right after them.

    Finds a quoted “N个X” followed by 即/就是/包括…/： and exactly N items (``counts.enumerated_components``),
    as in “十二个必须”，即必须……，必须……。 Returns ``(name, parts, (start, end))`` where the span runs from
    the start of the sentence naming the formulation to the end of the list.
    """
    from .counts import enumerated_components

    found = []
    spans = sentences(text)
    for m in _NUMBERED.finditer(text):
        n = numeral_value(m[1])
        if not n or n < 2:
            continue
        parts = enumerated_components(text, m.end(), n)
        first = next(((s, e) for s, e in spans if s <= m.start() < e), None)
        if not parts or first is None:
            continue
        last = text.find(parts[-1], m.end()) + len(parts[-1])
        if last < len(parts[-1]):
            continue
        stop = re.match(r"[^。！？\n]*[。！？]?", text[last:])
        found.append((f"{m[1]}个{m[2]}", tuple(parts), (first[0], max(first[1], last + len(stop[0])))))
    return found


def study_terms(corpus: Corpus, lexicon: bool = True) -> list[str]:
    """The key terms of ``corpus``, most frequent first: every form of the bundled lexicon that occurs
    in it, and every short Han phrase that the texts themselves set in quotation marks (“新质生产力”,
    “两个确立”); a two-character one only when it is quoted more than once (so “纸上” in 从“纸上”落到
    “地上” is left out). Only terms that occur in the corpus are returned."""
    counts: Counter[str] = Counter()
    texts = [a.search_text for a in corpus] + [_found(kp, a.normalise).text for a in corpus for kp in a.key_points]
    for t in texts:
        for m in _QUOTED.finditer(t):
            if len(HAN_RE.findall(m[1])) >= 2:
                counts[m[1]] += 1
    for t in [t for t, n in counts.items() if len(t) == 2 and n < 2]:
        del counts[t]
    if lexicon:
        whole = "\n".join(texts)
        for f in _lexicon_formulations():
            n = whole.count(f.name)
            if n:
                counts[f.name] = max(counts[f.name], n)
    return [t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _join(parts: tuple[str, ...]) -> str:
    return ("；" if any("、" in p for p in parts) else "、").join(parts)


def _qid(*parts: object) -> str:
    return hashlib.sha1("\x00".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


def _distractors(answer: str, sentence: str, pool: dict[str, bool], k: int, seed: str) -> list[str]:
    """Up to ``k`` terms from ``pool`` (term → whether it is numbered, like 四个意识) that are neither
    in ``sentence`` nor overlap ``answer``: first those numbered like the answer or not, then closest
    in length, ties in a random order fixed by ``seed``."""
    rng = random.Random(seed)
    numbered = pool.get(answer, False)
    cands = [t for t in pool if t != answer and t not in sentence and t not in answer and answer not in t]
    return sorted(cands, key=lambda t: (pool[t] != numbered, abs(len(t) - len(answer)), rng.random()))[:k]


def _found(text: str, normalise: bool = True) -> Folded:
    """``text`` in its search form (as written when ``normalise`` is off)."""
    return fold(text, form="search") if normalise else Folded(text, None, len(text))


def _article_sentences(a: Article) -> Iterator[tuple[str, str, str, list[int]]]:
    """``(origin, sentence, found, back)`` for every key-point sentence, then every body sentence of ``a``:
    the sentence as written, in its search form, and for each character of ``found`` its index in ``sentence``."""
    fields = [("key_point", kp, _found(kp, a.normalise)) for kp in a.key_points] + [("text", a.text, a.search)]
    for origin, text, f in fields:
        for s, e in sentences(f.text):
            o0, o1 = f.span(s, e)
            yield origin, text[o0:o1], f.text[s:e], [f.index(k) - o0 for k in range(s, e)]


def _blanked(sentence: str, found: str, back: list[int], term: str) -> tuple[str, str]:
    """``sentence`` with every occurrence of ``term`` in its search form ``found`` blanked out, and the
    original characters of the first occurrence (the answer as the text writes it)."""
    pieces, at, first = [], 0, None
    for m in re.finditer(re.escape(term), found):
        s, e = back[m.start()], back[m.end() - 1] + 1
        first = first if first is not None else sentence[s:e]
        pieces += [sentence[at:s], BLANK]
        at = e
    pieces.append(sentence[at:])
    return "".join(pieces), first or term


def build_questions(
    corpus: Corpus,
    *,
    terms: Iterable[str] | None = None,
    choices: int = 4,
    per_article: int | None = 12,
    lexicon: bool = True,
    max_sentence: int = 160,
) -> list[Question]:
    """Cloze questions and flashcards for every article of ``corpus``, in article order.

    ``terms`` are the words that may be blanked out (default: ``study_terms(corpus)``); in each
    sentence the longest term is blanked (every occurrence of it). Key points come before body
    sentences; each (term, sentence) pair is asked once, at most ``per_article`` cloze questions per
    article (``None``: all), sentences longer than ``max_sentence`` characters are skipped.
    ``choices`` is how many options a cloze question offers (answer included; 0 for none); the
    distractors are terms of the corpus, those like the answer first (numbered or not, similar
    length). One flashcard per numbered formulation in the whole corpus, from its first occurrence:
    the parts the text itself lists (``enumerations``), else, with ``lexicon``, the parts the lexicon
    lists.

    Args:
        terms: the words that may be blanked (default ``study_terms(corpus)``).
        choices: options a cloze question offers, the answer included (0: none).
        per_article: at most this many cloze questions per article (None: all).
        lexicon: also use the bundled lexicon (its terms, and the parts it lists).
        max_sentence: skip sentences longer than this many characters.
    """
    from .counts import is_numbered  # pandas and the tokenizer: only when questions are built

    pool = list(terms) if terms is not None else study_terms(corpus, lexicon=lexicon)
    numbered = {t: is_numbered(t) for t in pool}
    by_length = sorted(pool, key=len, reverse=True)
    lex = [f for f in _lexicon_formulations() if len(f.parts) >= 2] if lexicon else []
    enumerated = {a.id: enumerations(a.search_text) for a in corpus}
    listed = {name for found in enumerated.values() for name, _, _ in found}
    lex = [f for f in lex if f.name not in listed]  # where the text lists the parts, its list wins
    cards: set[str] = set()  # one flashcard per formulation in the whole corpus
    out: list[Question] = []
    for a in corpus:
        meta = dict(article=a.id, title=a.title, source=a.source, date=a.date)
        seen: set[tuple[str, str]] = set()
        for name, parts, (s, e) in enumerated[a.id]:
            s, e = a.search.span(s, e)
            sentence = a.text[s:e]
            if name in cards:
                continue
            cards.add(name)
            out.append(Question(_qid("flashcard", a.id, name, sentence), "flashcard",
                                f"“{name}”指的是哪些？", _join(parts), sentence, name,
                                origin="text", parts=parts, **meta))
        asked = 0
        for origin, sentence, found, back in _article_sentences(a):
            if len(sentence) > max_sentence:
                continue
            for f in lex:
                if f.name in found and f.name not in cards:
                    cards.add(f.name)
                    out.append(Question(_qid("flashcard", a.id, f.name, sentence), "flashcard",
                                        f"“{f.name}”指的是哪些？", _join(f.parts), sentence, f.name,
                                        origin="lexicon", parts=f.parts, **meta))
            if per_article is not None and asked >= per_article:
                continue
            term = next((t for t in by_length if t in found), None)
            if term is None or (term, sentence) in seen or len(found) <= len(term) + 4:
                continue
            seen.add((term, sentence))
            qid = _qid("cloze", a.id, term, sentence)
            prompt, answer = _blanked(sentence, found, back, term)
            opts: tuple[str, ...] = ()
            if choices > 1:
                wrong = _distractors(term, found, numbered, choices - 1, qid)
                if wrong:
                    opts = tuple(random.Random(qid + "order").sample([answer, *wrong], len(wrong) + 1))
            out.append(Question(qid, "cloze", prompt, answer, sentence, term,
                                origin=origin, choices=opts, **meta))
            asked += 1
    return out


def normalise(answer: str) -> str:
    """An answer in the compared form (``text.fold``: traditional characters as simplified, full-width
    forms and case folded), without spaces, quotation marks and punctuation."""
    return _STRIP.sub("", fold(answer).text)


def check(question: Question, response: str) -> bool:
    """Whether ``response`` answers ``question``.

    A cloze answer must equal the blanked term (spaces, quotes and punctuation ignored). A flashcard
    answer must name every part and nothing else, in any order (separators and punctuation ignored).
    """
    if question.kind == "flashcard":
        rest = normalise(response)
        for part in sorted((normalise(p) for p in question.parts), key=len, reverse=True):
            if not part or part not in rest:
                return False
            rest = rest.replace(part, "", 1)
        return rest == ""
    return bool(normalise(response)) and normalise(response) == normalise(question.answer)


def filter_questions(
    questions: Iterable[Question],
    *,
    article: int | Iterable[int] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    theme: str | Iterable[str] | None = None,
    kind: str | None = None,
) -> list[Question]:
    """The questions matching every given criterion.

    Args:
        article: an article id or ids.
        date_from: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a question is kept when its article's date
            lies inside the range (undated ones are left out when a range is given).
        date_to: the end of that range.
        theme: a term or several; a question is kept when its sentence or answer contains one.
        kind: ``"cloze"`` or ``"flashcard"``.
    """
    ids = {article} if isinstance(article, int) else (set(article) if article is not None else None)
    lo = date_bounds(date_from)[0] if date_from else None
    hi = date_bounds(date_to)[1] if date_to else None
    words = [theme] if isinstance(theme, str) else (list(theme) if theme is not None else None)
    kept = []
    for q in questions:
        if ids is not None and q.article not in ids:
            continue
        if kind and q.kind != kind:
            continue
        if lo or hi:
            if not q.date:
                continue
            start, end = date_bounds(q.date)
            if (lo and start < lo) or (hi and end > hi):
                continue
        if words is not None and not any(
                w and (search_form(w) in search_form(q.sentence) or search_form(w) in search_form(q.answer))
                for w in words):
            continue
        kept.append(q)
    return kept


def pick_questions(questions: Iterable[Question], count: int | None, *, seed: int = 0) -> list[Question]:
    """``count`` of ``questions`` for a sheet or a class, the same ones for the same ``seed``, in their
    built order (article by article); all of them when ``count`` is ``None``, 0 or at least their number.

    The pick is spread over the articles: each article gives at most its share, rounded up, so ten
    questions do not all come from the first long article.
    """
    qs = list(questions)
    if not count or count >= len(qs):
        return qs
    rng = random.Random(seed)
    by_article: dict[int, list[int]] = {}
    for i, q in enumerate(qs):
        by_article.setdefault(q.article, []).append(i)
    for idx in by_article.values():
        rng.shuffle(idx)
    order = list(by_article)
    rng.shuffle(order)
    chosen: list[int] = []
    while len(chosen) < count:  # one question from each article in turn
        for a in order:
            if by_article[a] and len(chosen) < count:
                chosen.append(by_article[a].pop())
    return [qs[i] for i in sorted(chosen)]


def questions_frame(questions: Iterable[Question]):
    """A pandas DataFrame, one row per question: kind, article, date, source, term, prompt, answer,
    origin, choices (joined with " / "). A missing date or source is an empty string (shown blank, not NaN)."""
    import pandas as pd

    cols = ["kind", "article", "date", "source", "term", "prompt", "answer", "origin", "choices"]
    rows = [{**{c: getattr(q, c) for c in cols[:-1]}, "choices": " / ".join(q.choices)} for q in questions]
    for r in rows:
        r["date"], r["source"] = (v if isinstance(v, str) else "" for v in (r["date"], r["source"]))
    return pd.DataFrame(rows, columns=cols)
