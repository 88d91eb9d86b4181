"""Themes: named groups of terms counted as one, and the patterns that find terms in a text.

A *theme* is a name and a list of terms (``{"新质生产力": ["新质生产力", "发展新质生产力"]}``). They come
from the bundled editable file ``data/themes.txt`` (one ``name: term、term`` a line) and the user's own
``themes.txt`` in the data folder (``load_themes``), or are typed as ``"NAME=term1,term2"``
(``parse_theme``); ``resolve_themes`` turns any of these forms into an ordered ``{name: [terms]}``.

``term_pattern(terms)`` is the one regex builder for finding terms: longest first, so terms that nest
(因地制宜发展新质生产力 and 新质生产力) count one occurrence, not two.

The bundled themes follow one rule (``formulation_problems`` checks it): a theme named after a
formulation of the lexicon counts that formulation and its written variants only, so its timeline
starts where the formulation does; a broader group of wordings carries ``（组）`` at the end of its
name (``新质生产力及相关产业（组）``), never a single formulation's name. ``join_terms`` writes a
theme's terms for a caption or a CSV cell the way the theme file reads them back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import LexiconError
from .lexicon import Lexicon, check_item, read_lines, split_items, standard_files

#: The end of a group's name: a theme of related wordings, not one formulation (``新质生产力及相关产业（组）``).
GROUP_MARK = "（组）"


def term_pattern(terms: Iterable[str]) -> re.Pattern:
    """A regex matching any of the literal ``terms``, longest first, so that nested terms count once.

    Raises ``ValueError`` when no (non-empty) term is given.
    """
    forms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not forms:
        raise ValueError("no term to count")
    return re.compile("|".join(map(re.escape, forms)))


def join_terms(terms: Iterable[str]) -> str:
    """A theme's terms as one line, separated by 、 (by ； when a term itself contains 、), the way
    ``split_items`` reads them back.

    >>> join_terms(["新质生产力", "新兴产业"])
    '新质生产力、新兴产业'
    """
    terms = list(terms)
    return ("；" if any("、" in t for t in terms) else "、").join(terms)


def split_terms(text: str) -> list[str]:
    """Typed terms separated by ``,``, ``，`` or ``、`` → the list of terms, blanks dropped."""
    return [t.strip() for t in re.split(r"[,，、]", text) if t.strip()]


def is_group(name: str) -> bool:
    """True for a theme named as a group of related wordings (its name ends with ``（组）``)."""
    return name.strip().endswith(GROUP_MARK)


def formulation_problems(themes: Mapping[str, Iterable[str]], lexicon: Lexicon) -> list[str]:
    """The themes that break the rule of the bundled theme file, one sentence each ([] when none).

    A theme whose name is not a group's (``is_group``) must be named after a formulation of
    ``lexicon`` (its canonical form) and list that formulation and nothing but its variants.
    """
    problems = []
    for name, terms in themes.items():
        if is_group(name):
            continue
        entry = lexicon.get(name)
        if entry is None or entry.canonical != name:
            problems.append(f"{name}: not a formulation of the lexicon; name a group of wordings {name}{GROUP_MARK}")
            continue
        extra = [t for t in terms if t not in entry.forms]
        if extra or name not in terms:
            problems.append(f"{name}: counts {join_terms(extra) or 'without ' + name}, which is not a written "
                            f"form of {name} (forms: {join_terms(entry.forms)}); name the group {name}…{GROUP_MARK}")
    return problems


# ---------------------------------------------------------------- the theme file


def parse_themes(path: str | Path) -> dict[str, list[str]]:
    """The themes of one file: ``name: term、term`` a line → ``{name: [terms]}``.

    Raises ``LexiconError`` naming the file and line of a malformed line.
    """
    themes: dict[str, list[str]] = {}
    for n, line in read_lines(path):
        m = re.match(r"^([^:：]*)[:：](.*)$", line)
        name = m[1].strip() if m else ""
        if not name:
            raise LexiconError(path, n, "want  name: term、term、term")
        terms = split_items(m[2])
        if not terms:
            raise LexiconError(path, n, f"theme {name!r} lists no term")
        for t in terms:
            check_item(t, path, n, "term")
        themes[name] = list(dict.fromkeys(terms))
    return themes


def load_themes(path: str | Path | None = None) -> dict[str, list[str]]:
    """Themes as ``{name: [terms]}``: from ``path``; by default the bundled editable ``data/themes.txt``
    with the user's own ``themes.txt`` (see ``lexicon.user_file``) added, a theme of the same name replaced."""
    if path is not None:
        return parse_themes(path)
    themes: dict[str, list[str]] = {}
    for f in standard_files("themes.txt", parse_themes):
        themes.update(parse_themes(f))
    return themes


# ---------------------------------------------------------------- themes given by the user


def parse_theme(spec: str) -> tuple[str, list[str]]:
    """``"NAME=term1,term2"`` → ``("NAME", ["term1", "term2"])``; a bare ``"NAME"`` → ``("NAME", [])``.

    Terms may be separated by ``,``, ``，`` or ``、``. Raises ``ValueError`` for an empty name or term list.
    """
    name, sep, rest = spec.partition("=")
    name = name.strip()
    if not name:
        raise ValueError(f"主题需要一个名称 / a theme needs a name: {spec!r} (write NAME=term1,term2)")
    terms = split_terms(rest) if sep else []
    if sep and not terms:
        raise ValueError(f"主题“{name}”里没有词 / theme {name!r} has no terms (write {name}=term1,term2)")
    return name, terms


def resolve_themes(themes: Mapping[str, Iterable[str]] | Iterable[str] | str | None = None) -> dict[str, list[str]]:
    """Themes as an ordered ``{name: [terms]}``.

    ``None`` gives the bundled themes (``load_themes()``). A mapping is taken as it is. A string or a
    list of strings is read item by item: ``"NAME=a,b"`` defines a theme; a bare name is looked up
    among the bundled themes, or else stands for itself (a theme of one term). Raises ``ValueError``
    for a theme without terms or when no theme is given.
    """
    if themes is None:
        return _clean(load_themes())
    if isinstance(themes, Mapping):
        return _clean(themes)
    if isinstance(themes, str):
        themes = [themes]
    bundled = None
    out: dict[str, list[str]] = {}
    for spec in themes:
        name, terms = parse_theme(spec)
        if not terms:
            if bundled is None:
                bundled = load_themes()
            terms = list(bundled.get(name) or [name])
        out[name] = terms
    return _clean(out)


def _clean(themes: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    out = {}
    for name, terms in themes.items():
        terms = list(dict.fromkeys(t.strip() for t in ([terms] if isinstance(terms, str) else terms) if t.strip()))
        if not terms:
            raise ValueError(f"主题“{name}”里没有词，请用逗号分隔几个词 / theme {name!r} has no terms")
        out[str(name)] = terms
    if not out:
        raise ValueError("no themes given")
    return out
