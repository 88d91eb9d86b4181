"""What file and folder names say: dates with a sequence number or a word after them, dates of folders,
and titles from names that are names."""

from __future__ import annotations

import warnings

import pytest

from studykit.names import date_from_path, title_from_name
from studykit.repair import date_from_filename
from studykit.sources import load_corpus


@pytest.mark.parametrize(("name", "date"), [
    ("2024-01-31_003.txt", "2024-01-31"), ("1921-07-23_1.txt", "1921-07-23"), ("20240131_17.txt", "2024-01-31"),
    ("2024.01.31-2.md", "2024-01-31"), ("2019-10-01 4.txt", "2019-10-01"), ("news_2023-05-06_12.txt", "2023-05-06"),
    ("2024-03-05_xwlb.txt", "2024-03-05"), ("2021年7月1日_讲话.txt", "2021-07-01"), ("2020.01.01", "2020-01-01"),
    ("study_compilation_2024_01-02.txt", None), ("qiushi_2025_01.html", None), ("2024-02-30_1.txt", None),
])
def test_a_date_followed_by_a_sequence_number_or_a_word_dates_the_file(name, date):
    assert date_from_filename(name) == date


def test_a_date_folder_dates_the_files_without_one_of_their_own():
    assert date_from_path("20200101/a.txt", ["20200101", "paper"]) == "2020-01-01"
    assert date_from_path("2020-01-01/2019-12-31_1.txt", ["2020-01-01"]) == "2019-12-31"  # its own date first
    assert date_from_path("x/y/z.txt", ["y", "2018", "root"]) == "2018"
    assert date_from_path("x/z.txt", ["x", "0001"]) is None and date_from_path("notes/z.txt", ["notes"]) is None


def test_folder_dates_when_loading(tmp_path):
    for day, name in [("20200101", "a.txt"), ("20200102", "b.txt"), ("misc", "c.txt")]:
        (tmp_path / day).mkdir()
        (tmp_path / day / name).write_text(f"{name}的标题\n这是{name}的正文。", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(tmp_path)
        assert [a.date for a in corpus] == ["2020-01-01", "2020-01-02", None]
        one = load_corpus(tmp_path / "20200102" / "b.txt")  # a file given by name: its folder still dates it
    assert one[1].date == "2020-01-02"


@pytest.mark.parametrize(("name", "title"), [
    ("在庆祝建党百年大会上的讲话.txt", "在庆祝建党百年大会上的讲话"), ("1978年政府工作报告.txt", "政府工作报告"),
    ("报告_2019_3.txt", "报告"), ("2024-05-06_某地调研纪实.md", "某地调研纪实"),
    ("2024-05-06.txt", None), ("xwlb_20240506.txt", None), ("7030959f514ea016.txt", None), ("文.txt", None),
])
def test_titles_from_file_names(name, title):
    assert title_from_name(name) == title
