"""Test set-up: every test run gets its own cache and data directories, never the user's."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_TMP = Path(tempfile.mkdtemp(prefix="studykit-tests-"))
os.environ["STUDYKIT_CACHE_DIR"] = str(_TMP / "cache")
os.environ["STUDYKIT_DATA_DIR"] = str(_TMP / "data")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.pop("STUDYKIT_FONT", None)
os.environ.pop("STUDYKIT_CORPUS", None)

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


def kill_writer(script: str, db: Path, *, after: int) -> int:
    """Run ``script`` (Python that saves to the SQLite database ``db`` and prints the count of what it
    has saved after each save) in a child process, kill it once it has reported ``after``, and return
    the last count it reported; the database must still pass SQLite's integrity check."""
    import signal
    import sqlite3
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", script, str(db)], stdout=subprocess.PIPE, text=True,
                            env={**os.environ})
    saved = 0
    try:
        for line in proc.stdout:
            saved = int(line)
            if saved >= after:
                break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    for line in proc.stdout:  # what it reported saved before it died
        saved = int(line)
    proc.stdout.close()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    return saved
