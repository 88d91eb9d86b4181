"""Nothing at run time reaches the network: with sockets blocked, the main paths all work."""

from __future__ import annotations

import socket
import warnings

import pytest

from studykit import cache


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def offline(tmp_path, monkeypatch):
    """Sockets that refuse to connect or resolve, an empty cache (so nothing is served from it)."""
    tries: list[str] = []

    def refuse(*args, **kwargs):
        tries.append(repr(args[:2]))
        raise NetworkUsed(f"network use: {args[:2]!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket.socket, "sendto", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_memory", {})
    return tries


def test_the_blocker_blocks(offline):
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.org", 80), timeout=1)
    assert offline


def test_main_paths_run_offline(offline, tmp_path, monkeypatch):
    from studykit import segment
    from studykit.cloud import word_cloud
    from studykit.counts import frequencies, kwic
    from studykit.repeats import find_repeats
    from studykit.review import build_questions
    from studykit.sheets import export_article, review_sheet
    from studykit.sources import load_corpus
    from studykit.timeline import theme_timeline

    monkeypatch.setattr(segment, "_STORES", {})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus()
    assert len(corpus) > 10
    assert segment.tokenize("推动高质量发展")
    assert len(segment.tokenize_corpus(corpus)) == len(corpus)
    assert len(frequencies(corpus))
    assert len(kwic(corpus, "高质量发展"))
    assert len(find_repeats(corpus).pairs)
    cloud = word_cloud(corpus, width=300, height=200, max_words=40)
    cloud.to_png(tmp_path / "c.png")
    cloud.to_svg(tmp_path / "c.svg")
    tl = theme_timeline(corpus)
    tl.to_png(tmp_path / "t.png")
    questions = build_questions(corpus)
    assert questions and "<html" in review_sheet(questions)
    assert "<html" in export_article(corpus, corpus.ids[0])
    assert offline == []


def test_widgets_build_offline(offline):
    pytest.importorskip("ipywidgets")
    from studykit.sources import load_corpus
    from studykit.widgets import (
        ArticleBrowser,
        CloudExplorer,
        PassageComparer,
        ReviewWidget,
        TimelineExplorer,
    )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus()
    b = ArticleBrowser(corpus, article=corpus.ids[0])
    b.kwic_term.value = "发展"
    assert "发展" in b.kwic.value
    for make in (PassageComparer, CloudExplorer, TimelineExplorer, ReviewWidget):
        make(corpus)
    assert offline == []
