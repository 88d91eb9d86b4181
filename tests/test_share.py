"""Sharing a lesson: widgets as static HTML from their saved state, and a lesson run on a chosen corpus
turned into one page without code, scripts or requests, with the Chinese font embedded.

Opening the page in a browser with the network blocked is tested in ``test_browser_offline.py``."""

from __future__ import annotations

import base64
import io
import re
import warnings
from html.parser import HTMLParser

import nbformat
import pytest

from studykit import cli, snapshot
from studykit.share import lesson_html, share_lesson

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")).decode()


def _model(name, **state):
    layout = state.pop("layout_state", {})
    return name, state, layout


def _state(models):
    """A widget state mapping from ``{id: (model_name, state, layout_state)}``; each gets its own layout."""
    out = {}
    for mid, (name, state, layout) in models.items():
        out[f"L{mid}"] = {"model_name": "LayoutModel", "state": {"_model_name": "LayoutModel", **layout}}
        out[mid] = {"model_name": name, "state": {"_model_name": name, "layout": f"IPY_MODEL_L{mid}", **state}}
    return out


def _notebook(state, view="box"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 一课\n说明"),
                nbformat.v4.new_code_cell("w", outputs=[nbformat.v4.new_output(
                    "display_data", data={"text/plain": "VBox()", snapshot.VIEW: {"model_id": view}}),
                    nbformat.v4.new_output("display_data", data={"application/javascript": "alert(1)",
                                                                 "text/plain": "<JS>"})])]
    nb.metadata["widgets"] = {snapshot.STATE: {"state": state, "version_major": 2, "version_minor": 0}}
    return nb


STATE = _state({
    "box": _model("VBoxModel", _dom_classes=["sk-browser"],
                  children=["IPY_MODEL_html", "IPY_MODEL_row", "IPY_MODEL_gone", "IPY_MODEL_live", "IPY_MODEL_img",
                            "IPY_MODEL_url", "IPY_MODEL_missing", "IPY_MODEL_canvas", "IPY_MODEL_blank"]),
    "html": _model("HTMLModel", value='<div class="sk-doc">正文<b>加粗</b></div>'),
    "row": _model("HBoxModel", children=["IPY_MODEL_dd", "IPY_MODEL_btn", "IPY_MODEL_txt", "IPY_MODEL_sel",
                                         "IPY_MODEL_tog", "IPY_MODEL_chk", "IPY_MODEL_sld"]),
    "dd": _model("DropdownModel", description="来源 <source>", _options_labels=["全部", "新华社<script>"], index=1),
    "btn": _model("ButtonModel", description="下一篇 <b>", button_style="primary"),
    "txt": _model("TextModel", description="搜索", value="", placeholder="输入<词>"),
    "sel": _model("SelectModel", _options_labels=[f"文章{i}" for i in range(20)], index=15, rows=4),
    "tog": _model("ToggleButtonsModel", _options_labels=["本文", "列表"], index=0),
    "chk": _model("CheckboxModel", description="正则", value=True),
    "sld": _model("IntSliderModel", description="宽度", value=20),
    "gone": _model("HTMLModel", value="看不见的", layout_state={"display": "none"}),
    "live": _model("VBoxModel", _dom_classes=["sk-live"], children=["IPY_MODEL_secret"]),
    "secret": _model("TextareaModel", value="写笔记的框"),
    "img": _model("ImageModel", format="png", width="300"),
    "url": _model("ImageModel", format="url", value="http://example.org/x.png"),
    "canvas": _model("MPLCanvasModel", _data_url=PNG, _dom_classes=["sk-tl-chart"]),
    "blank": _model("MPLCanvasModel", _data_url=None),
})
STATE["img"]["buffers"] = [{"path": ["value"], "data": PNG, "encoding": "base64"}]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_static_widgets_show_the_last_view_and_run_nothing():
    nb = snapshot.static_widgets(_notebook(STATE))
    assert "widgets" not in nb.metadata
    widget_out, js_out = nb.cells[1].outputs
    assert list(widget_out.data) == ["text/html"] and "application/javascript" not in js_out.data
    page = widget_out.data["text/html"]
    parsed = _Tags()
    parsed.feed(page)
    text = "".join(parsed.text)
    assert '<div class="sk-doc">正文<b>加粗</b></div>' in page  # an HTML widget's value as it was
    assert "新华社<script>" in text and "来源 <source>" in text and "下一篇 <b>" in text  # labels as text
    assert "<script" not in page and not [t for t in parsed.tags if t[0] == "source"]
    assert "输入<词>" in text and "☑ 正则" in text and "20" in text
    assert "文章15" in text and "文章0" not in text  # a list shows the rows around its choice
    assert "看不见的" not in text and "写笔记的框" not in text  # hidden, and controls that change things
    imgs = [t[1] for t in parsed.tags if t[0] == "img"]
    # the Image widget, and the ipympl chart drawn into its state; no "url" image, no empty canvas
    assert imgs == [{"src": f"data:image/png;base64,{PNG}", "width": "300", "alt": ""},
                    {"src": f"data:image/png;base64,{PNG}", "alt": ""}]
    assert 'class="sk-w sk-browser"' in page
    assert snapshot.widget_html("nonexistent", STATE) == ""


def test_lesson_html_has_no_code_no_script_no_request_and_embeds_the_font():
    nb = _notebook(STATE)
    nb.cells[1].source = "secret_code = 42"
    page = lesson_html(nb, footer="页脚 <b>")
    assert "secret_code" not in page  # no code cells
    assert "<title>一课</title>" in page and "页脚 &lt;b&gt;" in page
    assert not re.search(r"<script", page, flags=re.I)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page
    m = re.search(r'font-family: "Studykit Sans SC"; .*?url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)', page)
    assert m
    from fontTools.ttLib import TTFont

    cmap = TTFont(io.BytesIO(base64.b64decode(m.group(1)))).getBestCmap()
    assert all(ord(ch) in cmap for ch in "一课说明正文加粗新华社来源下一篇搜索页脚")


LESSON = """---
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# 分享测试

```{code-cell}
import studykit
from studykit import render
from IPython.display import HTML
corpus = studykit.load_corpus()
HTML(render.article_html(corpus[1]))
```

```{code-cell}
from studykit.widgets import ArticleBrowser
ArticleBrowser(corpus)
```

```{code-cell}
from matplotlib.figure import Figure
from studykit.widgets._common import figure_canvas
fig = Figure(figsize=(4, 2))
fig.add_subplot().plot([1, 3, 2])
figure_canvas(fig, "sk-test-chart", width_px=400)
```
"""


@pytest.mark.slow
def test_share_runs_the_lesson_on_the_chosen_corpus(tmp_path):
    import jupytext

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "2024-03-01_甲.txt").write_text("甲文标题<script>alert(1)</script>\n来源：学习时报\n正文第一句，独有词语彧。\n",
                                              encoding="utf-8")
    (folder / "2024-03-02_乙.txt").write_text("乙文标题\n正文第二句。\n", encoding="utf-8")
    lesson = tmp_path / "lesson.ipynb"
    lesson.write_text(jupytext.writes(jupytext.reads(LESSON, fmt="md:myst"), fmt="ipynb"), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page = share_lesson(lesson, [folder])
    parsed = _Tags()
    parsed.feed(page)
    text = "".join(parsed.text)
    assert "甲文标题<script>alert(1)</script>" in text  # the chosen corpus, as text
    assert "乙文标题" in text and "2 / 2 篇 articles" in text  # the browser's static view
    assert "load_corpus" not in page and not re.search(r"<script", page, flags=re.I)
    assert not [t for t in parsed.tags if any(k.startswith("on") for k in t[1])]
    assert "corpus" in page[page.index("sk-share-footer"):]
    # the chart on an ipympl canvas, which draws only for a browser, is in the page as a picture
    chart = [t[1] for t in parsed.tags if t[0] == "div" and "sk-test-chart" in t[1].get("class", "")]
    assert chart, "the canvas is in the page"
    after = page[page.index("sk-test-chart"):]
    m = re.search(r'<img[^>]* src="data:image/png;base64,([A-Za-z0-9+/=]+)"', after)
    from PIL import Image

    assert m and Image.open(io.BytesIO(base64.b64decode(m.group(1)))).width >= 390


def test_cli_share_names_the_lessons_for_an_unknown_one(tmp_path, capsys):
    assert cli.main(["share", "99_no_such_lesson", "-o", str(tmp_path / "x.html")]) == 2
    err = capsys.readouterr().err
    assert "no notebook 99_no_such_lesson" in err and "00_start_here" in err
    assert cli.main(["share", "00_start_here", "-o", str(tmp_path / "x.pdf")]) == 2
