"""The progress store: answers persist, the Leitner schedule, and a killed writer loses at most one answer."""

from __future__ import annotations

import textwrap

from conftest import kill_writer

from studykit import paths
from studykit.progress import BOX_DAYS, ProgressStore, default_path

DAY = 86400.0


def test_default_file_is_in_the_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYKIT_DATA_DIR", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "progress.sqlite3"
    with ProgressStore(user="u") as s:
        s.record("c1", True)
    assert (tmp_path / "data" / "progress.sqlite3").is_file()
    assert default_path().parent == paths.user_data_dir()


def test_answers_persist_across_a_new_connection(tmp_path):
    db = tmp_path / "p.sqlite3"
    with ProgressStore(db, user="ana") as s:
        s.record("c1", True, "新质生产力", when=1000.0)
        s.record("c2", False, "错", when=1001.0)
    with ProgressStore(db, user="ana") as s:
        assert [(a["card"], a["correct"], a["response"]) for a in s.answers()] == [
            ("c1", True, "新质生产力"), ("c2", False, "错")]
        assert s.score() == (1, 2)
        assert s.state("c1").box == 2 and s.state("c2").box == 1
    with ProgressStore(db, user="bo") as s:
        assert s.answers() == [] and s.score() == (0, 0)


def test_a_wrong_card_comes_back_first(tmp_path):
    with ProgressStore(tmp_path / "p.sqlite3", user="u") as s:
        now = 10 * DAY
        s.record("right", True, when=now)
        s.record("wrong", False, when=now)
        assert s.due(["new", "right", "wrong"], when=now + 1) == ["wrong", "new"]
        later = now + BOX_DAYS[2] * DAY + 1
        assert s.due(["new", "right", "wrong"], when=later) == ["wrong", "right", "new"]
        assert s.due(None, when=later) == ["wrong", "right"]


def test_leitner_boxes_climb_and_fall(tmp_path):
    with ProgressStore(tmp_path / "p.sqlite3", user="u") as s:
        t = 0.0
        boxes = []
        for _ in range(6):
            st = s.record("c", True, when=t)
            boxes.append(st.box)
            assert st.due == t + BOX_DAYS[st.box] * DAY
            t = st.due
        assert boxes == [2, 3, 4, 5, 5, 5]
        assert s.record("c", False, when=t).box == 1
        assert s.state("c").due == t
        assert s.boxes()[1] == 1


_WRITER = textwrap.dedent("""
    import sys
    from studykit.progress import ProgressStore
    s = ProgressStore(sys.argv[1], user="w")
    i = 0
    while True:
        s.record(f"card{i % 50}", i % 3 != 0, "答" * 200)
        i += 1
        print(i, flush=True)
""")


def test_a_writer_killed_mid_save_loses_at_most_that_answer(tmp_path):
    db = tmp_path / "p.sqlite3"
    saved = kill_writer(_WRITER, db, after=300)
    assert saved >= 300
    with ProgressStore(db, user="w") as s:
        n = len(s.answers())
        assert saved <= n <= saved + 1  # every reported answer is there; at most the one in flight is extra
        assert s.score()[1] == n
        s.record("after", True)
        assert len(s.answers()) == n + 1
