"""The per-user cache: round trip, damaged files rebuilt, unwritable directory falls back to memory."""

from __future__ import annotations

import pytest

from studykit import cache


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_memory", {})
    return tmp_path / "cache"


def test_round_trip_and_key_depends_on_content(cache_dir):
    k1, k2 = cache.key_of("abc", "lexicon-1"), cache.key_of("abc", "lexicon-2")
    assert k1 != k2
    cache.save("tokens", k1, {"a": [1, 2]})
    assert cache.load("tokens", k1) == {"a": [1, 2]}
    assert cache.load("tokens", k2) is None
    assert not list((cache_dir / "tokens").glob(".tmp-*"))


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign"])
def test_damaged_file_is_not_trusted(cache_dir, damage):
    k = cache.key_of("x")
    cache.save("idx", k, list(range(1000)))
    f = cache_dir / "idx" / f"{k}.pkl"
    blob = f.read_bytes()
    if damage == "truncate":
        f.write_bytes(blob[: len(blob) // 2])
    elif damage == "flip":
        f.write_bytes(blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:])
    else:
        f.write_bytes(b"garbage")
    assert cache.load("idx", k) is None
    assert not f.exists()


def test_unwritable_directory_falls_back_to_memory_with_one_warning(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(blocker / "cache"))  # a file where a folder should be
    monkeypatch.setattr(cache, "_memory", {})
    monkeypatch.setattr(cache, "_warned", False)
    with pytest.warns(UserWarning, match="cannot write the cache"):
        cache.save("t", "k1", 1)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cache.save("t", "k2", 2)
    assert cache.load("t", "k1") == 1 and cache.load("t", "k2") == 2
