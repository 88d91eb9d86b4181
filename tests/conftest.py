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
