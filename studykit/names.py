"""What the names of files and folders say about their texts: a date, and sometimes a title.

- ``date_from_path(name, folders)``: the date of a file's own name (``repair.date_from_filename``: ``1978.txt``,
  ``2024-03-05_xwlb.txt``, ``2024-01-31_003.txt`` …), else that of the nearest folder whose whole name is a
  date (``20200101/20200101-01-01.txt``, ``2024-03/notes.txt``, ``1978/report.txt``).
- ``title_from_name(name)``: the file name as a title when it is a name rather than a date or a number
  (``在庆祝改革开放40周年大会上的讲话.txt``, ``政府工作报告1978.txt`` → ``政府工作报告``), else None.
"""

from __future__ import annotations

import re

from .repair import date_from_filename
from .text import han_count

# a folder name that is nothing but a date: 20200101, 2020-01-01, 2020_01, 2020.1, 1978, 2020年1月1日
_FOLDER_DATE = re.compile(r"\d{8}|\d{4}(?:[-_.]\d{1,2}){0,2}|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?")
# date-like pieces and numbers a file name carries besides its words
_NAME_NUMBERS = re.compile(r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d+(?:[-_.]\d+)*")


def date_from_path(name: str, folders: list[str] | tuple[str, ...] = ()) -> str | None:
    """The date of the file ``name`` (its own name first), else of the nearest of ``folders`` (innermost
    first) whose whole name is a date. A year folder has to name a year from 1900 to 2099."""
    own = date_from_filename(name)
    if own:
        return own
    for folder in folders:
        f = folder.strip()
        if _FOLDER_DATE.fullmatch(f) and (len(f) > 4 or re.fullmatch(r"19\d\d|20\d\d", f)):
            date = date_from_filename(f)
            if date:
                return date
    return None


def title_from_name(name: str) -> str | None:
    """The file's name as a title, without its extension, dates and numbers at either end, when what is
    left holds at least two Chinese characters; else None (``2024-03-05.txt``, ``000_7030959f.txt``,
    ``xwlb_20240305.txt`` name no title)."""
    stem = name.rsplit("/", 1)[-1]
    if "." in stem and not re.fullmatch(r"\.\d+", stem[stem.rfind("."):]):
        stem = stem[:stem.rfind(".")]
    words = [w for w in re.split(r"[\s_]+", stem) if w and not _NAME_NUMBERS.fullmatch(w)]
    title = " ".join(words)
    title = re.sub(r"^(?:\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{4}(?:[-.]\d{1,2}){0,2})[-.\s]*", "", title)
    title = re.sub(r"[-.\s]*(?:\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{4}(?:[-.]\d{1,2}){0,2})$", "", title)
    title = title.strip(" -.")
    return title if han_count(title) >= 2 else None
