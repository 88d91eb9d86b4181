"""A learner's review progress: answers and due cards per user, in a SQLite file.

The database lives in ``paths.user_data_dir()`` (``STUDYKIT_DATA_DIR`` overrides it), so progress
survives a kernel restart. It runs in WAL mode with full syncs and saves each answer in its own
transaction: a writer killed mid-save loses at most that answer and the file stays readable.

Scheduling is a Leitner system. A card starts outside the boxes; a right answer moves it one box up
(box 1 → 2 → … → 5), a wrong answer sends it back to box 1. A card in box *b* is due
``BOX_DAYS[b]`` days after its last answer; box 1 is due at once, so a missed card comes back first.

    store = ProgressStore()                       # the default file, the current user
    store.record(question.id, correct=False)
    store.due([q.id for q in questions])          # ids in the order to ask them
    class_overview()                              # every learner of the file: answered, right, due
"""

from __future__ import annotations

import datetime as dt
import getpass
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from . import paths

FILENAME = "progress.sqlite3"
BOX_DAYS = {1: 0.0, 2: 1.0, 3: 3.0, 4: 7.0, 5: 21.0}
_DAY = 86400.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY,
    user TEXT NOT NULL,
    card TEXT NOT NULL,
    correct INTEGER NOT NULL,
    response TEXT NOT NULL DEFAULT '',
    answered REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_user_card ON answers(user, card);
CREATE TABLE IF NOT EXISTS cards (
    user TEXT NOT NULL,
    card TEXT NOT NULL,
    box INTEGER NOT NULL,
    due REAL NOT NULL,
    last REAL NOT NULL,
    PRIMARY KEY (user, card)
);
"""


@dataclass(frozen=True)
class CardState:
    """Where a card stands for one user: its Leitner ``box`` (1–5), when it is ``due`` and when it
    was ``last`` answered (both seconds since the epoch)."""

    card: str
    box: int
    due: float
    last: float


def default_path() -> Path:
    """The progress database of this user: ``user_data_dir()/progress.sqlite3``."""
    return paths.user_data_dir() / FILENAME


def _seconds(when: float | dt.datetime | None) -> float:
    if when is None:
        return time.time()
    if isinstance(when, dt.datetime):
        return when.timestamp()
    return float(when)


def default_user() -> str:
    """The learner's name when none is given: the login name, or ``"default"`` where there is none."""
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): one shared learner
        return "default"


def connect(path: Path, schema: str) -> sqlite3.Connection:
    """A connection to the SQLite file ``path`` in WAL mode with full syncs and autocommit (writers
    open their own ``BEGIN IMMEDIATE`` transactions), with the tables of ``schema`` created if missing."""
    db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.executescript(schema)
    return db


class ProgressStore:
    """Answers and Leitner boxes of one ``user`` in the SQLite file ``path`` (created on demand).

    Several users can share one file; every method works on ``self.user`` only.
    """

    def __init__(self, path: str | Path | None = None, user: str | None = None) -> None:
        self.path = Path(path) if path else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.user = user or default_user()
        self._db = connect(self.path, _SCHEMA)

    def close(self) -> None:
        """Close the connection (every answer is already saved)."""
        self._db.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def record(self, card: str, correct: bool, response: str = "",
               when: float | dt.datetime | None = None) -> CardState:
        """Save one answer to ``card`` and move the card to its next box; return its new state."""
        now = _seconds(when)
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute("SELECT box FROM cards WHERE user=? AND card=?", (self.user, card)).fetchone()
            box = (min((row[0] if row else 1) + 1, max(BOX_DAYS))) if correct else 1
            due = now + BOX_DAYS[box] * _DAY
            db.execute("INSERT INTO answers(user, card, correct, response, answered) VALUES (?,?,?,?,?)",
                       (self.user, card, int(bool(correct)), response, now))
            db.execute("INSERT INTO cards(user, card, box, due, last) VALUES (?,?,?,?,?) "
                       "ON CONFLICT(user, card) DO UPDATE SET box=excluded.box, due=excluded.due, "
                       "last=excluded.last", (self.user, card, box, due, now))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return CardState(card, box, due, now)

    def state(self, card: str) -> CardState | None:
        """The card's box and due time, or ``None`` if this user never answered it."""
        row = self._db.execute("SELECT card, box, due, last FROM cards WHERE user=? AND card=?",
                               (self.user, card)).fetchone()
        return CardState(*row) if row else None

    def due(self, cards: list[str] | None = None, when: float | dt.datetime | None = None,
            include_new: bool = True) -> list[str]:
        """The cards to ask now, in order.

        First the answered cards that are due, lowest box first (so a missed card comes first), then
        by due time; then, with ``include_new``, the cards of ``cards`` never answered, in their
        given order. ``cards`` limits the result to those ids (``None``: every answered card).
        """
        now = _seconds(when)
        rows = self._db.execute("SELECT card, box, due FROM cards WHERE user=?", (self.user,)).fetchall()
        wanted = set(cards) if cards is not None else None
        known = {r[0] for r in rows}
        order = sorted((r for r in rows if r[2] <= now and (wanted is None or r[0] in wanted)),
                       key=lambda r: (r[1], r[2], r[0]))
        result = [r[0] for r in order]
        if include_new and cards is not None:
            result += [c for c in dict.fromkeys(cards) if c not in known]
        return result

    def answers(self, card: str | None = None) -> list[dict]:
        """This user's saved answers, oldest first: dicts with card, correct, response, answered."""
        sql = "SELECT card, correct, response, answered FROM answers WHERE user=?"
        args: tuple = (self.user,)
        if card is not None:
            sql += " AND card=?"
            args += (card,)
        rows = self._db.execute(sql + " ORDER BY id", args).fetchall()
        return [dict(card=c, correct=bool(k), response=r, answered=t) for c, k, r, t in rows]

    def score(self, since: float | dt.datetime | None = None) -> tuple[int, int]:
        """``(right, answered)`` for this user, counting answers at or after ``since`` (default: all)."""
        right, total = self._db.execute(
            "SELECT COALESCE(SUM(correct), 0), COUNT(*) FROM answers WHERE user=? AND answered>=?",
            (self.user, _seconds(since) if since is not None else 0.0)).fetchone()
        return int(right), int(total)

    def boxes(self) -> dict[int, int]:
        """How many of this user's cards sit in each Leitner box (1–5)."""
        rows = self._db.execute("SELECT box, COUNT(*) FROM cards WHERE user=? GROUP BY box", (self.user,))
        counts = dict.fromkeys(BOX_DAYS, 0)
        counts.update({b: n for b, n in rows})
        return counts


def class_overview(path: str | Path | None = None, *, when: float | dt.datetime | None = None,
                   cards: list[str] | None = None):
    """Every learner in the progress file ``path`` (default ``default_path()``), one row each, as a
    pandas DataFrame: ``learner``, ``answered`` (answers given), ``right_answers`` (of them right),
    ``cards`` (different cards answered), ``due`` (of those, due again at ``when``, default now) and
    ``last`` (the day of the last answer). ``cards`` limits it to those card ids (one corpus's
    questions). An empty or missing file gives an empty table.

    Args:
        when: the moment "due" is measured at.
        cards: count only these cards.
    """
    import pandas as pd

    cols = ["learner", "answered", "right_answers", "cards", "due", "last"]
    file = Path(path) if path else default_path()
    if not file.is_file():
        return pd.DataFrame(columns=cols)
    now = _seconds(when)
    wanted = set(cards) if cards is not None else None
    db = sqlite3.connect(file, timeout=30)
    try:
        answers = db.execute("SELECT user, card, correct, answered FROM answers").fetchall()
        states = db.execute("SELECT user, card, due FROM cards").fetchall()
    except sqlite3.DatabaseError:  # a file that is not (yet) a progress store
        return pd.DataFrame(columns=cols)
    finally:
        db.close()
    rows: dict[str, dict] = {}
    for user, card, correct, at in answers:
        if wanted is not None and card not in wanted:
            continue
        r = rows.setdefault(user, {"learner": user, "answered": 0, "right_answers": 0, "cards": 0, "due": 0, "last": 0.0})
        r["answered"] += 1
        r["right_answers"] += int(correct)
        r["last"] = max(r["last"], at)
    for user, card, due in states:
        if user in rows and (wanted is None or card in wanted):
            rows[user]["cards"] += 1
            rows[user]["due"] += int(due <= now)
    for r in rows.values():
        r["last"] = dt.datetime.fromtimestamp(r["last"]).date().isoformat()
    return pd.DataFrame(sorted(rows.values(), key=lambda r: r["learner"]), columns=cols)
