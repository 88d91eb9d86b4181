"""The lesson notebooks in a real browser: JupyterLab and Voila driven by Playwright with Debian's Chromium.

Needs ``/usr/bin/chromium`` (``apt-get install chromium fonts-wqy-microhei``) and the ``browser`` extra
(``pip install -e ".[browser]"``). Without them the tests skip, except under ``CI=true`` where a missing
browser is a failure. Screenshots go to ``test-artifacts/``; on failure the server log goes there too.
"""

from __future__ import annotations

import re
import shutil

import pytest
from browsers import (
    TOKEN,
    chromium,
    free_port,
    jupyter_env,
    lab_command,
    require_browser,
    run_all_in_lab,
    scroll_to,
    serving,
)
from browsers import saved_on_failure as _saved_on_failure
from browsers import shot as _shot
from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def playwright_page():
    with chromium() as context:
        yield context


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A JupyterLab server (with Voila) on a free loopback port, over a temporary copy of the notebooks."""
    require_browser()
    base = tmp_path_factory.mktemp("jupyter")
    notebooks = base / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with serving(lab_command(notebooks, port), base, jupyter_env(base), f"{url}/api/status?token={TOKEN}",
                 "jupyter-server") as log:
        yield {"url": url, "log": log}


@pytest.fixture
def page(playwright_page, server):
    """A fresh browser tab."""
    pg = playwright_page.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    pg.close()


def saved_on_failure(page, server, name: str):
    """On an exception, save the tab's screenshot and the server log to test-artifacts/, then re-raise."""
    return _saved_on_failure(page, server["log"], name)


def open_and_run_all(page, server, notebook: str) -> None:
    """Open ``notebook`` in JupyterLab (a fresh workspace), wait for its kernel, run all cells to the end."""
    run_all_in_lab(page, server["url"], notebook)


def assert_no_horizontal_scroll(page) -> None:
    """Nothing sticks out sideways: a projector shows the page without horizontal scrolling."""
    wide = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert wide[0] <= wide[1] + 1, f"page is {wide[0]} px wide in a {wide[1]} px window"


def assert_no_clipped_buttons(page) -> None:
    """Every button of a studykit widget shows its whole label (ipywidgets would cut it to "按提法 by form…")."""
    cut = page.evaluate("""() => [...document.querySelectorAll('[class*="sk-"] .jupyter-button')]
        .filter(b => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1).map(b => b.innerText)""")
    assert not cut, f"buttons with a cut label: {cut}"


def shot(page, name: str):
    return _shot(page, name)


def test_lab_browse_pick_another_article(page, server):
    from playwright.sync_api import expect

    with saved_on_failure(page, server, "lab-01-browse"):
        open_and_run_all(page, server, "01_browse_articles.ipynb")
        select = page.locator(".sk-article-list select").first
        expect(select).to_be_visible(timeout=60_000)
        labels = [t.replace("\xa0", " ") for t in select.locator("option").all_inner_texts()]
        assert len(labels) >= 2, f"the bundled corpus should list several articles, got {labels}"
        target = 0 if select.evaluate("s => s.selectedIndex") == len(labels) - 1 else len(labels) - 1
        title = labels[target].split(" · ", 2)[2].replace("〔推断〕", "").strip()
        select.select_option(index=target)
        header = page.locator(".sk-reader-header").first
        expect(header).to_contain_text(title[:20])
        header.scroll_into_view_if_needed()
        shot(page, "browser-lab-01-browse.png")



def test_voila_browse_search(page, server):
    from playwright.sync_api import expect

    with saved_on_failure(page, server, "voila-01-search"):
        page.set_viewport_size({"width": 1024, "height": 768})
        page.goto(f"{server['url']}/voila/render/01_browse_articles.ipynb?token={TOKEN}")
        count = page.locator(".sk-count").first
        expect(count).to_contain_text(re.compile(r"\d+ / \d+"), timeout=90_000)
        total = count.inner_text().split("/")[1].split()[0]
        search = page.locator(".sk-search input").first
        search.fill("不会出现的词语※")
        expect(count).to_contain_text(f"0 / {total}")
        expect(page.locator(".sk-reader-header").first).to_contain_text("no article matches")
        shot(page, "browser-voila-01-search.png")
        search.fill("")
        expect(count).to_contain_text(f"{total} / {total}")
        select = page.locator(".sk-article-list select").first
        header = page.locator(".sk-reader-header").first
        before = header.inner_text()
        select.press("ArrowDown")  # keyboard: the arrow keys move through the list
        expect(header).not_to_have_text(before)
        # a key point marks its sentence in the body: go to the next article that has key points
        buttons = page.locator(".sk-kp-pick button")
        for _ in range(int(total)):
            if buttons.count() and buttons.first.is_visible():
                break
            page.locator(".sk-next button, button.sk-next").first.click()
            page.wait_for_timeout(200)
        assert buttons.count(), "no article of the bundled corpus shows key points"
        buttons.first.click()
        hit = page.locator(".sk-reader-body .sk-kp-hit").first
        expect(hit).to_be_visible()
        expect(page.locator(".sk-key-points .sk-kp-active").first).to_be_visible()
        scroll_to(hit)
        shot(page, "browser-voila-01-key-point.png")
        assert_no_horizontal_scroll(page)
        assert_no_clipped_buttons(page)
        # KWIC over the listed articles at 1024 px: one line per hit, the terms in one column
        page.locator(".sk-kwic-scope button", has_text="listed").first.click()
        term = page.locator(".sk-kwic-term input").first
        term.fill("高质量发展")
        term.press("Enter")
        expect(page.locator(".sk-kwic td.sk-match").nth(5)).to_be_visible()
        lefts = page.evaluate("() => [...document.querySelectorAll('.sk-kwic td.sk-match')].map(td => td.offsetLeft)")
        heights = page.evaluate("() => [...document.querySelectorAll('.sk-kwic td.sk-right, .sk-kwic td.sk-left .sk-clip')]"
                                ".map(e => e.getBoundingClientRect().height)")
        assert len(set(lefts)) == 1, f"the terms are not in one column: {sorted(set(lefts))}"
        assert max(heights) < 1.5 * min(heights), f"a KWIC line wraps: heights {min(heights)}–{max(heights)}"
        page.locator(".sk-kwic").first.scroll_into_view_if_needed()
        shot(page, "browser-voila-01-kwic-1024.png")
        assert_no_horizontal_scroll(page)


#: the picture an interactive (ipympl) chart shows, as a data URL of its drawing canvas
CANVAS_PIXELS = "el => el.querySelector('canvas').toDataURL()"


def _lesson_04_explorer():
    """The timeline explorer as lesson 04 leaves it (its defaults, then the typed theme of step 4),
    built here to know where its points are drawn: the page draws the same figure."""
    import warnings

    from studykit import load_corpus
    from studykit.widgets import TimelineExplorer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        x = TimelineExplorer(load_corpus())
    x.custom.value = "新质生产力,新兴产业,未来产业"
    return x


def test_voila_click_a_point_of_the_timeline_opens_what_is_behind_it(page, server):
    from playwright.sync_api import expect

    from studykit.timeline import point_at, point_position

    x = _lesson_04_explorer()
    theme, t = "高质量发展", x.timeline.table
    rows = t[(t["theme"] == theme) & (t["count"] > 0) & (t["period"] != "undated") & (t["period"] != x.period.value)]
    period = rows.sort_values("count", ascending=False)["period"].iloc[0]  # a point the detail does not show yet
    at = point_position(x.figure, theme, period)
    assert at is not None and point_at(x.figure, *at) == (theme, period)
    height = x.figure.bbox.height
    with saved_on_failure(page, server, "voila-04-click"):
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{server['url']}/voila/render/04_theme_timelines.ipynb?token={TOKEN}")
        canvas = page.locator(".sk-tl-chart .jupyter-matplotlib-canvas-div").first
        detail = page.locator(".sk-tl-detail").first
        expect(detail).to_contain_text("新质生产力,新兴产业,未来产业", timeout=120_000)
        before = detail.inner_text()
        assert f"{theme} · {period}" not in before
        canvas.scroll_into_view_if_needed()
        canvas.click(position={"x": at[0], "y": height - at[1]})  # display y runs up, the page's down
        expect(detail).to_contain_text(f"{theme} · {period}")
        assert detail.inner_text() != before
        expect(page.locator(".sk-tl-period select").first).to_have_value(period)
        expect(page.locator(".sk-tl-theme select").first).to_have_value(theme)
        shot(page, "browser-voila-04-clicked-chart.png")
        detail.scroll_into_view_if_needed()
        shot(page, "browser-voila-04-clicked-detail.png")
        assert_no_horizontal_scroll(page)


def test_lab_timeline_typed_theme(page, server):
    from playwright.sync_api import expect

    with saved_on_failure(page, server, "lab-04-timeline"):
        open_and_run_all(page, server, "04_theme_timelines.ipynb")
        box = page.locator(".sk-tl-custom input").first
        expect(box).to_be_visible(timeout=60_000)
        chart = page.locator(".sk-tl-chart").first
        detail = page.locator(".sk-tl-detail").first
        expect(detail).to_contain_text("新质生产力,新兴产业,未来产业")
        expect(chart.locator("canvas").first).to_be_visible()
        before = chart.evaluate(CANVAS_PIXELS)
        theme = "全面深化改革,改革"
        box.fill(theme)
        box.press("Enter")
        expect(detail).to_contain_text(theme)
        expect(page.locator(".sk-tl-theme select").first).to_have_value(re.compile(".+"))
        page.wait_for_function(f"([el, old]) => ({CANVAS_PIXELS})(el) !== old", arg=[chart.element_handle(), before])
        assert detail.inner_text().count("改革") >= 2
        chart.scroll_into_view_if_needed()
        shot(page, "browser-lab-04-timeline-chart.png")
        detail.scroll_into_view_if_needed()
        shot(page, "browser-lab-04-timeline-detail.png")


@pytest.mark.parametrize("notebook, ready", [
    ("02_repeated_passages.ipynb", ".sk-cmp-view table"),
    ("03_word_clouds.ipynb", ".sk-cloud-right-image"),
])
def test_voila_renders_widgets(page, server, notebook, ready):
    from playwright.sync_api import expect

    with saved_on_failure(page, server, f"voila-{notebook}"):
        page.set_viewport_size({"width": 1024, "height": 768})
        page.goto(f"{server['url']}/voila/render/{notebook}?token={TOKEN}")
        target = page.locator(ready).first
        expect(target).to_be_visible(timeout=120_000)
        if "cloud" in notebook:
            page.wait_for_function("el => el.naturalWidth > 0", arg=target.element_handle())
        target.scroll_into_view_if_needed()
        shot(page, f"browser-voila-{notebook.split('_')[0]}.png")
        assert_no_horizontal_scroll(page)
        assert_no_clipped_buttons(page)
