"""The study pack: one offline HTML file of a corpus, its embedded data, font and safety.

What the page does in a browser (reading, search, review, phone and projector sizes, network blocked,
no tofu, a hostile corpus) is tested in ``test_browser_offline.py``."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import warnings
from html.parser import HTMLParser

import pytest
from conftest import ROOT

from studykit import cli, paths
from studykit.corpus import Article, Corpus
from studykit.pack import date_choices, json_block, pack_data, study_pack, timeline_bin
from studykit.sources import load_corpus

HOSTILE = ["<script>alert(1)</script>", "</script><script>alert(2)</script>", "<img src=x onerror=alert(3)>",
           "<!--", "\u2028", "&amp;", '"><svg onload=alert(4)>']


def _hostile_folder(root):
    root.mkdir()
    for n, bad in enumerate(HOSTILE[:4]):
        (root / f"2024-0{n + 1}-0{n + 1}_文章{n}.txt").write_text(
            f"标题{bad}推动高质量发展\n来源：新华社{HOSTILE[(n + 1) % len(HOSTILE)]}\n"
            f"各地要推动高质量发展{bad}，切实加强组织领导。\n坚持以人民为中心的发展思想{HOSTILE[-1]}。\n",
            encoding="utf-8")
    return root


def _load(root):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(root)


class _Parsed(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements, self.scripts, self._in = [], [], None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._in = dict(attrs)
            self.scripts.append([dict(attrs), ""])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self.scripts[-1][1] += data


def _data(page: str) -> dict:
    parsed = _Parsed()
    parsed.feed(page)
    [(_attrs, text)] = [s for s in parsed.scripts if s[0].get("type") == "application/json"]
    return json.loads(text)


def test_json_block_cannot_be_ended_by_the_data():
    data = {"t": HOSTILE, "n": [1, None, True]}
    block = json_block(data, "x")
    inner = block[block.index(">") + 1: block.rindex("</script>")]
    assert "<" not in inner and ">" not in inner and "&" not in inner and "\u2028" not in inner
    assert json.loads(inner) == data


def test_the_script_never_writes_html():
    script = paths.data_file("pack", "pack.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                 "setAttribute(\"on", "fetch(", "XMLHttpRequest", "import("):
        assert sink not in script, sink
    assert "textContent" in script


def test_a_hostile_corpus_stays_data(tmp_path):
    corpus = _load(_hostile_folder(tmp_path / "c"))
    page = study_pack(corpus, with_figures=False)
    parsed = _Parsed()
    parsed.feed(page)
    # two scripts: the data (not run) and the pack's own script, allowed by hash in the policy
    assert [s[0].get("type") for s in parsed.scripts] == ["application/json", None]
    assert not [e for e in parsed.elements if e[0] in ("img", "svg", "iframe", "object", "embed")]
    assert not [e for e in parsed.elements if any(k.startswith("on") for k in e[1])]
    script = parsed.scripts[1][1]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    [policy] = [e[1]["content"] for e in parsed.elements if e[1].get("http-equiv") == "Content-Security-Policy"]
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    assert "connect-src" not in policy and "unsafe-inline'; img-src data:" in policy
    data = _data(page)
    titles = [a["title"] for a in data["articles"]]
    assert titles == [a.title for a in corpus] and any("</script><script>" in t for t in titles)
    assert [a["text"] for a in data["articles"]] == [a.text for a in corpus]


def test_pack_data_of_the_bundled_corpus():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus()
    data = pack_data(corpus, with_figures=False)
    assert data["meta"]["articles"] == len(corpus) == len(data["articles"])
    first = data["articles"][0]
    a = corpus[first["id"]]
    assert (first["title"], first["text"], first["kp"]) == (a.title, a.text, a.key_points)
    assert [x["kicker"] for x in data["articles"]] == [x.kicker for x in corpus]
    assert first["kps"] == [list(s) if s else None for s in a.key_point_spans]
    qs = data["questions"]
    assert qs and {q["kind"] for q in qs} <= {"cloze", "flashcard"}
    for q in qs:
        assert q["article"] in corpus and q["citation"] and q["sentence"]
        if q["kind"] == "cloze":
            assert q["answer"] in q["sentence"] and (not q["choices"] or q["answer"] in q["choices"])
        else:
            assert len(q["part_keys"]) == len(q["parts"]) >= 2
    assert data["sources"] == sorted({a.source for a in corpus if a.source})


def test_date_choices_cover_whole_months_then_days():
    c = Corpus([Article(1, "a", "x", date="2024-01-05"), Article(2, "b", "x", date="2024-02"),
                Article(3, "c", "x", date=None), Article(4, "d", "x", date="2024-01-20")])
    assert date_choices(c) == [
        {"label": "2024-01 整月 whole month", "lo": "2024-01-01", "hi": "2024-01-31"},
        {"label": "2024-01-05", "lo": "2024-01-05", "hi": "2024-01-05"},
        {"label": "2024-01-20", "lo": "2024-01-20", "hi": "2024-01-20"},
        {"label": "2024-02 整月 whole month", "lo": "2024-02-01", "hi": "2024-02-29"}]


def test_timeline_bin_follows_the_spread_of_the_dates():
    def corpus(dates):
        return Corpus([Article(i, "t", "x", date=d) for i, d in enumerate(dates, 1)])

    assert timeline_bin(corpus([f"2024-0{m}-1{d}" for m in (1, 2) for d in range(5)])) == "week"
    assert timeline_bin(corpus([f"2024-{m:02d}" for m in range(1, 13)])) == "month"
    assert timeline_bin(corpus([str(y) for y in range(1978, 2024)])) == "month"  # 46 years: too many
    assert timeline_bin(corpus([str(y) for y in range(2000, 2020)])) == "year"


def test_bundled_pack_is_small_has_figures_and_its_font_covers_every_character(tmp_path):
    out = tmp_path / "pack.html"
    assert cli.main(["pack", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert len(page.encode("utf-8")) < 5_000_000
    data = _data(page)
    assert len(data["figures"]) >= 2 and all(f["src"].startswith("data:image/png;base64,") for f in data["figures"])
    from PIL import Image

    for f in data["figures"]:
        img = Image.open(io.BytesIO(base64.b64decode(f["src"].split(",", 1)[1])))
        assert img.width >= 800 and f["alt"]
    m = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", page)
    assert m, "the font is embedded"
    from fontTools.ttLib import TTFont

    cmap = TTFont(io.BytesIO(base64.b64decode(m.group(1)))).getBestCmap()
    text = json.dumps(data, ensure_ascii=False) + page[:page.index("<script")]
    missing = {ch for ch in text if not ch.isspace() and ord(ch) >= 0x2E80 and ord(ch) not in cmap}
    assert not missing, f"characters the embedded font lacks: {sorted(missing)[:20]}"
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)


def test_cli_pack_takes_a_selection(tmp_path):
    root = _hostile_folder(tmp_path / "c")
    out = tmp_path / "p.html"
    assert cli.main(["pack", str(root), "--from", "2024-02", "--no-figures", "--title", "二月<b>", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    data = _data(page)
    assert [a["date"] for a in data["articles"]] == ["2024-02-02", "2024-03-03", "2024-04-04"]
    assert "<title>二月&lt;b&gt;</title>" in page and data["figures"] == []
    assert cli.main(["pack", str(root), "-o", str(tmp_path / "p.txt")]) == 2


def test_pack_files_ship_with_the_package():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"data/**/*"' in pyproject
    for name in ("pack.js", "pack.css"):
        assert paths.data_file("pack", name).is_file()


@pytest.mark.parametrize("bad", HOSTILE)
def test_every_hostile_string_round_trips(bad):
    block = json_block({"s": bad}, "x")
    assert json.loads(block[block.index(">") + 1: block.rindex("</script>")]) == {"s": bad}
