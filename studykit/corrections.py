"""Corrections a user makes to what the repair got wrong: a title, a date, a source.

A corrections file is TOML (read with ``tomllib``) or YAML, kept beside the corpus as
``corrections.toml`` / ``corrections.yaml`` or passed explicitly. Each correction names the article by
its file (optional when the corpus has one file) and by its current title or the first words of its
text, and sets one or more fields::

    [[correction]]
    file = "study_compilation_2024_01-02.txt"
    match = "会议圆满完成各项议程"          # the current title, or the first words of the text
    title = "自治区政协十三届常委会会议闭幕"
    date = "2024-01-27"                    # YYYY, YYYY-MM or YYYY-MM-DD; "" clears it
    source = "内蒙古日报"

The same in YAML is a list of such mappings (optionally under a ``correction:`` key). Corrections are
applied after the repair; each one applied, and each one that matches no article or several, is
reported.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .corpus import Corpus, date_bounds
from .errors import CorrectionsError
from .text import compact

NAMES = ("corrections.toml", "corrections.yaml", "corrections.yml")
FIELDS = ("title", "subtitle", "byline", "source", "date", "kind")


def find_corrections(roots: list[Path]) -> list[Path]:
    """Corrections files beside the corpus: in each given folder, or in the folder of each given file."""
    found: list[Path] = []
    for r in roots:
        folder = r if r.is_dir() else r.parent
        for n in NAMES:
            f = folder / n
            if f.is_file() and f not in found:
                found.append(f)
                break
    return found


def load_corrections(path: str | Path) -> list[dict]:
    """The corrections in a TOML or YAML file, each a dict with ``match``, maybe ``file``, and fields to set.

    Raises ``CorrectionsError`` for a missing or malformed file or an unknown field.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise CorrectionsError(f"cannot read corrections file {path}: {e.strerror or e}") from e
    try:
        if path.suffix.lower() == ".toml":
            import tomllib

            data = tomllib.loads(raw)
        else:
            import yaml

            data = yaml.safe_load(raw)
    except Exception as e:  # tomllib.TOMLDecodeError, yaml.YAMLError
        mark = getattr(e, "problem_mark", None)
        m = re.search(r"at line (\d+)", str(e))
        line = mark.line + 1 if mark is not None else (int(m[1]) if m else None)
        where = f"{path}, line {line}" if line else str(path)
        raise CorrectionsError(f"{where}: not valid {path.suffix.lstrip('.').upper()}: {e}") from e
    if isinstance(data, dict):
        data = data.get("correction", data.get("corrections", []))
    if data is None:
        data = []
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise CorrectionsError(f"{path}: expected a list of corrections ([[correction]] tables)")
    rules = []
    starts = _starts(raw, path.suffix.lower() == ".toml")
    for n, r in enumerate(data, 1):
        where = f"{path}, line {starts[n - 1]}" if n <= len(starts) else str(path)
        where += f": correction {n}"
        unknown = set(r) - {"file", "match", *FIELDS}
        if unknown:
            raise CorrectionsError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; "
                                   f"use file, match and any of {', '.join(FIELDS)}")
        if not str(r.get("match") or "").strip():
            raise CorrectionsError(f"{where}: 'match' (a title or the first words) is missing")
        rule = {k: _value(k, v, where, n) for k, v in r.items()}
        if "title" in rule and not rule["title"]:
            raise CorrectionsError(f"{where}: a title cannot be empty")
        if not any(k in rule for k in FIELDS):
            raise CorrectionsError(f"{where}: nothing to change (set one of {', '.join(FIELDS)})")
        rules.append(rule)
    return rules


def _starts(raw: str, toml: bool) -> list[int]:
    """The line numbers where the corrections of a file start, in order (for error messages)."""
    if toml:
        return [raw.count("\n", 0, m.start()) + 1
                for m in re.finditer(r"(?m)^[ \t]*\[\[[ \t]*corrections?[ \t]*\]\]", raw)]
    import yaml

    try:
        node = yaml.compose(raw)
    except yaml.YAMLError:
        return []
    if isinstance(node, yaml.MappingNode):
        node = next((v for k, v in node.value if k.value in ("correction", "corrections")), None)
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def _value(key: str, v, where: str, n: int):
    if key == "date":
        if isinstance(v, dt.datetime):
            v = v.date()
        if isinstance(v, dt.date):
            return v.isoformat()
        v = str(v or "").strip()
        if not v:
            return None
        try:
            date_bounds(v)
        except ValueError as e:
            raise CorrectionsError(f"{where}: date {v!r} is not a date ({e})") from e
        return v
    if v is None:
        return None
    return str(v).strip()


def apply_corrections(corpus: Corpus, rules: list[dict], origin: str = "corrections") -> list[str]:
    """Apply ``rules`` to the matching articles of ``corpus`` (in place) and say what was done.

    An article matches when its file is the rule's ``file`` (its name or path ending) or the rule has
    none, and its title equals ``match`` or its text starts with it (spaces ignored). A rule matching
    no article, or several, changes nothing and is reported.
    """
    report = []
    for n, rule in enumerate(rules, 1):
        want = compact(rule["match"])
        f = rule.get("file")
        hits = [
            a for a in corpus
            if (not f or a.file == f or a.file.endswith("/" + f) or Path(a.file).name == f)
            and (compact(a.title) == want or compact(a.text).startswith(want))
        ]
        label = f"{origin}: correction {n} ({rule['match'][:20]})"
        if not hits:
            report.append(f"{label}: matches no article; nothing changed")
            continue
        if len(hits) > 1:
            ids = ", ".join(str(a.id) for a in hits)
            report.append(f"{label}: matches articles {ids}; add 'file' or more words; nothing changed")
            continue
        a = hits[0]
        changed = []
        for k in FIELDS:
            if k in rule:
                setattr(a, k, rule[k])
                changed.append(f"{k} → {rule[k]}")
                if k == "title":
                    a.title_inferred = False
        report.append(f"{label}: article {a.id}: " + "; ".join(changed))
    return report
