"""The classroom in a real browser: the lessons in JupyterLab at 1280 × 800 and in `studykit present`'s
Voila at 1920 × 1080 (one Lab and one Voila server for the module). Screenshots go to test-artifacts/.

Present mode hides the notebook-only cells and is large enough for a projector; the controls answer
(open scrolls to the reader and back, 上一处 / 下一处, cloud size and single characters, saves named by
what they hold); the comparer, the KWIC and the review for a class work as a teacher uses them.
"""

from __future__ import annotations

import re
import shutil

import pytest
from browsers import (
    CLIPPED_DROPDOWNS,
    TOKEN,
    chromium,
    free_port,
    in_view,
    jupyter_env,
    lab_command,
    require_browser,
    run_all_in_lab,
    saved_on_failure,
    serving,
    shot,
)
from conftest import ROOT

from studykit import lab

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def context():
    with chromium(height=800) as ctx:
        yield ctx


def _copy_lessons(base):
    notebooks = base / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks, ignore=shutil.ignore_patterns("*.md"))
    return notebooks


@pytest.fixture(scope="module")
def jlab(tmp_path_factory):
    """JupyterLab over a temporary copy of the lessons."""
    require_browser()
    base = tmp_path_factory.mktemp("lab")
    notebooks = _copy_lessons(base)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with serving(lab_command(notebooks, port), base, jupyter_env(base), f"{url}/api/status?token={TOKEN}",
                 "classroom-lab") as log:
        yield {"url": url, "log": log, "notebooks": notebooks}


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """Voila as `studykit present` starts it (lab.server_command), over a folder holding the lessons."""
    require_browser()
    base = tmp_path_factory.mktemp("voila")
    notebooks = _copy_lessons(base)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = lab.server_command("voila", notebooks, port=port, token=TOKEN, open_browser=False)
    env = jupyter_env(base)
    with serving(cmd, base, env, f"{url}/?token={TOKEN}", "classroom-voila") as log:
        yield {"url": url, "log": log, "notebooks": notebooks, "data": base / "data"}


@pytest.fixture
def page(context):
    pg = context.new_page()
    pg.set_default_timeout(90_000)
    yield pg
    pg.close()


def _present(page, voila, notebook: str, ready: str):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{voila['url']}/voila/render/{notebook}?token={TOKEN}")
    expect(page.locator(ready).first).to_be_visible(timeout=120_000)


def _no_horizontal_scroll(page) -> None:
    wide = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert wide[0] <= wide[1] + 1, f"page is {wide[0]} px wide in a {wide[1]} px window"


def _font_px(page, selector: str) -> float:
    return page.evaluate("s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", selector)


# ---------------------------------------------------------------- present mode


def test_notebook_only_cells_are_hidden_in_voila_and_shown_in_jupyterlab(page, voila, jlab):
    from playwright.sync_api import expect

    hidden = ["运行全部单元", "也可以在代码里填写", "教师提示", "方向键留给在单元之间移动"]
    with saved_on_failure(page, voila["log"], "classroom-voila-01-hidden"):
        _present(page, voila, "01_browse_articles.ipynb", ".sk-reader-header")
        text = page.evaluate("() => document.body.innerText")
        assert "学习目标" in text and "试一试" in text  # the lesson itself is there
        for words in hidden:
            assert words not in text, f"{words!r} shows in present mode"
        assert "import studykit" not in page.content()
    with saved_on_failure(page, jlab["log"], "classroom-lab-01-shown"):
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{jlab['url']}/lab/tree/01_browse_articles.ipynb?reset&token={TOKEN}")
        notebook = page.locator(".jp-Notebook").first
        expect(notebook).to_contain_text("学习目标", timeout=90_000)
        sources = page.evaluate("""() => { const nb = window.jupyterapp.shell.currentWidget.content.model;
            const out = []; for (let i = 0; i < nb.cells.length; i++) out.push(nb.cells.get(i).sharedModel.getSource());
            return out.join('\\n'); }""")
        for words in hidden:
            assert words in sources, f"{words!r} is missing from the notebook in JupyterLab"
        page.wait_for_function("w => document.querySelector('.jp-Notebook').textContent.includes(w)", arg=hidden[0])


def test_present_mode_is_large_and_opens_on_the_first_article(page, voila):
    from studykit import load_corpus

    first = load_corpus()[load_corpus().ids[0]]
    with saved_on_failure(page, voila["log"], "classroom-voila-01-preset"):
        _present(page, voila, "01_browse_articles.ipynb", ".sk-reader-header")
        page.locator(".sk-reader-header").first.wait_for()
        assert first.title[:12] in page.locator(".sk-reader-header").first.inner_text()
        assert _font_px(page, ".jp-RenderedMarkdown p") >= 20
        assert _font_px(page, ".sk-reader-body p") >= 20
        assert _font_px(page, ".sk-browser select") >= 20 and _font_px(page, ".sk-browser button") >= 20
        # reading lines of 30–40 characters: a long paragraph's width in its own characters
        per_line = page.evaluate("""() => { const ps = [...document.querySelectorAll('.sk-reader-body p')]
            .filter(p => p.innerText.length > 60); const p = ps[0];
            return p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize); }""")
        assert 30 <= per_line <= 40, f"reader lines of {per_line:.0f} characters"
        page.locator(".sk-reader-header").first.scroll_into_view_if_needed()
        shot(page, "classroom-voila-01-reader-1920.png")
        _no_horizontal_scroll(page)
        assert not page.evaluate(CLIPPED_DROPDOWNS)


def test_present_tables_have_chinese_headers_and_no_index(page, voila):
    with saved_on_failure(page, voila["log"], "classroom-voila-00-table"):
        _present(page, voila, "00_start_here.ipynb", ".sk-table")
        assert page.locator("table.dataframe").count() == 0  # no raw pandas table
        heads = page.locator(".sk-table").first.locator("th").all_inner_texts()
        assert heads[:3] == ["编号 id", "标题 title", "推断标题 inferred"]
        first_cells = page.locator(".sk-table").first.locator("tr").nth(1).locator("td").all_inner_texts()
        assert first_cells[0] == "1"  # the id column, not a pandas row index before it
        page.locator(".sk-table").first.scroll_into_view_if_needed()
        shot(page, "classroom-voila-00-table-1920.png")
        _no_horizontal_scroll(page)


def test_present_timeline_controls_and_chart_fit_one_screen(page, voila):
    with saved_on_failure(page, voila["log"], "classroom-voila-04-fit"):
        _present(page, voila, "04_theme_timelines.ipynb", ".sk-tl-chart")
        page.wait_for_timeout(2000)  # the interactive canvas draws after it appears
        page.evaluate("() => document.querySelector('.sk-tl-themes').scrollIntoView({block: 'start'})")
        top, bottom = page.evaluate("""() => [document.querySelector('.sk-tl-themes').getBoundingClientRect().top,
            document.querySelector('.sk-tl-chart').getBoundingClientRect().bottom]""")
        shot(page, "classroom-voila-04-timeline-1920.png")
        assert bottom - top <= 1080, f"controls and chart take {bottom - top:.0f} px of a 1080 px screen"
        assert page.evaluate("() => document.querySelector('.sk-tl-chart').getBoundingClientRect().height") > 300
        assert _font_px(page, ".sk-timeline button") >= 20
        _no_horizontal_scroll(page)


# ---------------------------------------------------------------- controls that answer (JupyterLab, 1280 × 800)


def test_lab_kwic_open_scrolls_to_the_reader_and_back_and_hits_step(page, jlab):
    from playwright.sync_api import expect

    with saved_on_failure(page, jlab["log"], "classroom-lab-01-scroll"):
        run_all_in_lab(page, jlab["url"], "01_browse_articles.ipynb")
        kwic = page.locator(".sk-kwic td.sk-match").first
        expect(kwic).to_be_visible(timeout=60_000)  # the lesson's code filled in 高质量发展 over the listed articles
        # the whole left context: nothing of it is cut off
        cut = page.evaluate("""() => [...document.querySelectorAll('.sk-kwic .sk-clip')].filter(c => {
            const r = document.createRange(); r.selectNodeContents(c);
            return r.getBoundingClientRect().width > c.clientWidth + 1; }).length""")
        assert cut == 0, f"{cut} left contexts are cut"
        page.locator(".sk-kwic").first.scroll_into_view_if_needed()
        shot(page, "classroom-lab-01-kwic-1280.png")
        pick = page.locator(".sk-kwic-open-article select").first
        last = pick.locator("option").count() - 1
        pick.select_option(index=last)
        wanted = pick.locator("option").nth(last).inner_text().replace("\xa0", " ").split(" · ", 2)[2].replace("〔推断〕", "").rstrip("…")[:10]
        page.locator(".sk-kwic-open button, button.sk-kwic-open").first.click()
        header = page.locator(".sk-reader-header").first
        expect(header).to_contain_text(wanted)
        page.wait_for_function("() => { const r = document.querySelector('.sk-reader-header').getBoundingClientRect();"
                               " return r.top >= 0 && r.top < window.innerHeight / 2; }")
        shot(page, "classroom-lab-01-opened-1280.png")
        back = page.locator(".sk-back button, button.sk-back").first
        expect(back).to_be_visible()
        back.click()
        page.wait_for_function("() => { const r = document.querySelector('.sk-kwic-panel').getBoundingClientRect();"
                               " return r.bottom > 0 && r.top < window.innerHeight; }")
        assert not in_view(page, ".sk-reader-header")
        # 下一处: every hit in turn comes into the reader's view, marked
        search = page.locator(".sk-search input").first
        search.fill("新质生产力")
        search.press("Enter")
        count = page.locator(".sk-count").first
        expect(count).to_contain_text("本文“新质生产力”")
        total = int(re.search(r"“新质生产力” (\d+) 处 hits", count.inner_text())[1])
        label = page.locator(".sk-hit-label").first
        expect(label).to_contain_text(f"“新质生产力” {total} 处 hits")
        assert total >= 1
        nxt = page.locator(".sk-hit-next button, button.sk-hit-next").first
        for k in range(1, min(total, 3) + 1):
            nxt.click()
            expect(label).to_contain_text(f"第 {k} / {total} 处")
            page.wait_for_function("""() => { const m = document.querySelector('.sk-reader-body mark.sk-hit-current');
                const pane = document.querySelector('.sk-reader-body'); if (!m) return false;
                const r = m.getBoundingClientRect(), p = pane.getBoundingClientRect();
                return r.top >= Math.max(0, p.top) && r.bottom <= Math.min(window.innerHeight, p.bottom); }""")
        shot(page, "classroom-lab-01-next-hit-1280.png")
        assert not page.evaluate(CLIPPED_DROPDOWNS)


def test_lab_cloud_size_single_characters_and_saved_names(page, jlab):
    from playwright.sync_api import expect

    with saved_on_failure(page, jlab["log"], "classroom-lab-03-cloud"):
        run_all_in_lab(page, jlab["url"], "03_word_clouds.ipynb")
        image = page.locator(".sk-cloud-left-image").first
        expect(image).to_be_visible(timeout=60_000)
        page.wait_for_function("el => el.naturalWidth === 560", arg=image.element_handle())
        readout = page.locator(".sk-cloud-width .widget-readout").first
        readout.fill("800")
        readout.press("Enter")
        page.wait_for_function("el => el.naturalWidth === 800", arg=image.element_handle())
        before = image.get_attribute("src")
        page.locator(".sk-cloud-single input").first.check()
        page.wait_for_function("([el, old]) => el.getAttribute('src') !== old", arg=[image.element_handle(), before])
        page.locator(".sk-cloud-left-save-png button, button.sk-cloud-left-save-png").first.click()
        saved = page.locator(".sk-cloud-left-saved").first
        expect(saved).to_contain_text("词云_全部文章_")
        name = re.search(r"词云_\S+?\.png", saved.inner_text())[0]
        assert (jlab["notebooks"] / name).is_file()
        assert page.locator(".sk-cloud-right-saved").first.inner_text() == ""
        image.scroll_into_view_if_needed()
        shot(page, "classroom-lab-03-cloud-1280.png")
        page.locator(".sk-cloud-left-scope button", has_text="dates").first.click()
        expect(saved).to_have_text("")  # the line belonged to the cloud it named
        page.locator(".sk-cloud-left-date-from select").first.select_option(index=1)
        shot(page, "classroom-lab-03-dates-1280.png")
        assert not page.evaluate(CLIPPED_DROPDOWNS), page.evaluate(CLIPPED_DROPDOWNS)


# ---------------------------------------------------------------- the comparer and the review for a class (Voila)


def test_present_comparer_formulations_and_save(page, voila):
    from playwright.sync_api import expect

    with saved_on_failure(page, voila["log"], "classroom-voila-02-compare"):
        _present(page, voila, "02_repeated_passages.ipynb", ".sk-cmp-view table")
        expect(page.locator(".sk-cmp-legend").first).to_contain_text("只在左边")
        page.locator(".sk-cmp-mode button", has_text="formulation").first.click()
        heads = page.locator(".sk-cmp-view th")
        expect(heads.first).to_contain_text("1. ")
        left, right = (int(re.match(r"\d+\. (\d+)", t)[1]) for t in heads.all_inner_texts()[:2])
        assert left != right, "formulation mode opens on two different articles"
        page.locator(".sk-cmp-save button, button.sk-cmp-save").first.click()
        saved = page.locator(".sk-cmp-saved").first
        expect(saved).to_contain_text(f"对照_第{left}篇_第{right}篇_")
        name = re.search(r"对照_\S+?\.html", saved.inner_text())[0]
        html = (voila["notebooks"] / name).read_text(encoding="utf-8")
        assert "sk-legend" in html and "saved on" in html and "来源 source" in html
        page.locator(".sk-cmp-view").first.scroll_into_view_if_needed()
        shot(page, "classroom-voila-02-formulation-1920.png")
        _no_horizontal_scroll(page)


def test_present_review_ten_questions_and_a_learner_name(page, voila):
    from playwright.sync_api import expect

    from studykit.progress import class_overview

    with saved_on_failure(page, voila["log"], "classroom-voila-05-review"):
        _present(page, voila, "05_review.ipynb", ".sk-review-prompt")
        count = page.locator(".sk-review-count").first
        how_many = page.locator(".sk-review-how-many input").first
        how_many.fill("10")
        how_many.press("Enter")
        expect(count).to_contain_text("/ 10 题")
        expect(page.locator(".sk-review-sheet a").first).to_contain_text("10 题")
        name = page.locator(".sk-review-learner input").first
        name.fill("小王")
        name.press("Enter")
        page.wait_for_timeout(500)
        choices = page.locator(".sk-review-choices button")
        if choices.count() and choices.first.is_visible():
            choices.first.click()
        else:
            page.locator(".sk-review-answer input").first.fill("答案")
        page.locator(".sk-review-check button, button.sk-review-check").first.click()
        expect(page.locator(".sk-review-feedback").first).to_contain_text("答案 answer")
        shot(page, "classroom-voila-05-review-1920.png")
        overview = class_overview(voila["data"] / "progress.sqlite3")
        assert list(overview["learner"]) == ["小王"] and int(overview["answered"].iloc[0]) == 1
        assert _font_px(page, ".sk-review-prompt .sk-review-text") >= 20
        _no_horizontal_scroll(page)
        page.set_viewport_size({"width": 390, "height": 844})  # a student's phone
        page.locator(".sk-review-prompt").first.scroll_into_view_if_needed()
        shot(page, "classroom-voila-05-review-390.png")
        _no_horizontal_scroll(page)
