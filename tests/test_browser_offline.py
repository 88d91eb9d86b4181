"""Pages students open without installing anything, in a real browser: the study pack and a shared lesson
open from ``file://`` with every request blocked, in a browser that has no Chinese font of its own; and
notes written in JupyterLab and Voila.

Each page must show its Chinese in the font it carries (checked with the browser's own record of the
fonts it drew a node with), make no request, run nothing from a hostile corpus, and fit a phone
(390×844) and a projector (1920×1080). Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import json
import os
import re
import warnings
from contextlib import contextmanager

import pytest
from browsers import ARGS, CHROMIUM, TOKEN, chromium, require_browser, scroll_to, shot
from conftest import ARTIFACTS
from test_browser import (  # noqa: F401 - the JupyterLab server and its tabs, for the notes tests
    open_and_run_all,
    page,
    saved_on_failure,
    server,
)

from studykit import cli

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "</script><script>alert(3)</script>",
           '"><svg onload=alert(4)>']
#: folders of Latin-only fonts (whichever the system has; fontconfig itself depends on one of them)
LATIN_FONTS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation",
               "/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/freefont"]
PHONE, PROJECTOR = {"width": 390, "height": 844}, {"width": 1920, "height": 1080}


def _hostile_folder(root):
    root.mkdir()
    for n, bad in enumerate(HOSTILE):
        (root / f"2024-0{n + 1}-1{n}_文章{n}.txt").write_text(
            f"标题{bad}推动高质量发展\n来源：新华社\n各地要推动高质量发展{bad}，切实加强组织领导。\n"
            f"坚持以人民为中心的发展思想{HOSTILE[(n + 1) % len(HOSTILE)]}。高质量发展是新时代的硬道理。\n",
            encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The pages under test, built with the command line: the study pack and lesson 01 shared, of the
    bundled corpus and of a hostile one."""
    require_browser()
    base = tmp_path_factory.mktemp("offline")
    hostile = _hostile_folder(base / "hostile")
    out = {name: base / f"{name}.html" for name in ("pack", "lesson", "hostile-pack", "hostile-lesson")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert cli.main(["pack", "-o", str(out["pack"])]) == 0
        assert cli.main(["pack", str(hostile), "-o", str(out["hostile-pack"])]) == 0
        assert cli.main(["share", "01_browse_articles", "-o", str(out["lesson"])]) == 0
        assert cli.main(["share", "01_browse_articles", str(hostile), "-o", str(out["hostile-lesson"])]) == 0
    return out


@pytest.fixture(scope="module")
def playwright():
    """One Playwright for the module (two at once in one thread refuse to start)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def playwright_page(playwright):
    """The browser context of the JupyterLab and Voila tests (the ``page`` fixture of test_browser opens tabs in it)."""
    with chromium(playwright) as context:
        yield context


@pytest.fixture(scope="module")
def no_cjk_browser(playwright, tmp_path_factory):
    """Chromium that sees only Latin fonts (no Chinese font at all), as on a bare school computer."""
    conf = tmp_path_factory.mktemp("fontconfig")
    latin = [d for d in LATIN_FONTS if os.path.isdir(d)]
    (conf / "fonts.conf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        + "".join(f"<dir>{d}</dir>\n" for d in latin)
        + f"<cachedir>{conf / 'cache'}</cachedir>\n</fontconfig>\n", encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf / "fonts.conf")}
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, env=env)
    # the control: Chinese in a page without a font of its own finds no system font that has it
    pg = browser.new_page()
    pg.set_content('<p id="x" style="font-family: sans-serif">中文测试</p>')
    used = {f["familyName"] for f in fonts_used(pg, "#x")}
    pg.close()
    assert not used & {"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Droid Sans Fallback"}, used
    yield browser
    browser.close()


@contextmanager
def offline_page(browser, path, viewport, name):
    """A tab on ``file://path`` where every other request is aborted and recorded; yields the page and
    what happened (requests tried, dialogs opened, console errors, script errors)."""
    context = browser.new_context(viewport=viewport)
    seen = {"requests": [], "dialogs": [], "console": [], "errors": []}

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            seen["requests"].append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    pg.on("console", lambda m: m.type == "error" and seen["console"].append(m.text))
    pg.on("pageerror", lambda e: seen["errors"].append(str(e)))
    pg.goto(path.as_uri())
    pg.wait_for_load_state("load")
    try:
        yield pg, seen
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"FAILED-{name}.png"), full_page=True)
        raise
    finally:
        context.close()
    assert seen["requests"] == [], f"the page tried the network: {seen['requests'][:5]}"
    assert seen["dialogs"] == [], f"something from the corpus ran: {seen['dialogs']}"
    assert seen["errors"] == [], f"script errors: {seen['errors']}"
    # DevTools' CSS agent (fonts_used) asks for the page itself once; Chromium logs that for file:// pages
    own = f"Unsafe attempt to load URL {path.as_uri()} from frame with URL {path.as_uri()}"
    console = [m for m in seen["console"] if not m.startswith(own)]
    assert console == [], f"console errors (a blocked script or handler?): {console[:5]}"


def fonts_used(pg, selector: str) -> list[dict]:
    """The fonts Chromium drew the text of the first element matching ``selector`` with (DevTools'
    CSS.getPlatformFontsForNode, for the element and the text nodes inside it)."""
    cdp = pg.context.new_cdp_session(pg)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    node = cdp.send("DOM.querySelector", {"nodeId": root["nodeId"], "selector": selector})["nodeId"]
    assert node, f"nothing matches {selector}"
    found = []

    def find(n):
        if n.get("nodeId") == node:
            return n
        for c in n.get("children", []):
            hit = find(c)
            if hit:
                return hit
        return None

    def walk(n):
        if n.get("nodeType") == 3 and n.get("nodeValue", "").strip():
            found.extend(cdp.send("CSS.getPlatformFontsForNode", {"nodeId": n["nodeId"]})["fonts"])
        for c in n.get("children", []):
            walk(c)

    walk(find(root))
    cdp.detach()
    return found


def assert_embedded_font(pg, selector: str) -> None:
    used = fonts_used(pg, selector)
    assert used, f"no text drawn in {selector}"
    assert all(f["isCustomFont"] for f in used), f"{selector} drawn with system fonts: {used}"
    ok = pg.evaluate("() => [...document.fonts].filter(f => f.family.includes('Studykit')).map(f => f.status)")
    assert ok == ["loaded"], ok


def assert_fits(pg) -> None:
    wide = pg.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert wide[0] <= wide[1] + 1, f"page is {wide[0]} px wide in a {wide[1]} px window"


@pytest.mark.parametrize("viewport", [PHONE, PROJECTOR], ids=["phone", "projector"])
def test_pack_reads_searches_and_reviews_offline(pages, no_cjk_browser, viewport):
    from playwright.sync_api import expect

    size = f"{viewport['width']}"
    with offline_page(no_cjk_browser, pages["pack"], viewport, f"pack-{size}") as (pg, _seen):
        data = json.loads(pg.locator("#sk-data").text_content())
        items = pg.locator("#sk-list button")
        expect(items).to_have_count(len(data["articles"]))
        expect(pg.locator("#sk-title")).to_contain_text(data["articles"][0]["title"][:15])
        assert_embedded_font(pg, "#sk-title")
        assert_embedded_font(pg, "#sk-body p")
        assert_embedded_font(pg, "#sk-list")
        # another article, with its key points
        with_kp = next(a for a in data["articles"] if any(a["kps"]))
        pg.locator(f'#sk-list button[data-id="{with_kp["id"]}"]').click()
        expect(pg.locator("#sk-title")).to_contain_text(with_kp["title"][:15])
        pg.locator("#sk-kps button:not([disabled])").first.click()
        expect(pg.locator("#sk-body mark.sk-kp").first).to_be_visible()
        shot(pg, f"pack-{size}-read.png")
        assert_fits(pg)
        # the filters: a term narrows the list
        pg.locator("#sk-filter").fill("新质生产力")
        expect(pg.locator("#sk-count")).to_contain_text(re.compile(r"^\d+ / \d+"))
        listed = pg.locator("#sk-list button").count()
        assert 0 < listed < len(data["articles"])
        pg.locator("#sk-filter").fill("")
        # search: keywords in context, and a line opens its article at that place
        pg.locator('[data-tab="search"]').click()
        pg.locator("#sk-term").fill("高质量发展")
        pg.locator("#sk-term").press("Enter")
        expect(pg.locator("#sk-hits")).to_contain_text("处 hits")
        rows = pg.locator("#sk-kwic tr")
        assert rows.count() > 5
        expect(rows.nth(3).locator(".sk-match")).to_have_text("高质量发展")
        assert_embedded_font(pg, "#sk-kwic tr")
        lefts = pg.evaluate("() => [...document.querySelectorAll('#sk-kwic td.sk-match')].map(t => t.getBoundingClientRect().left)")
        assert max(lefts) - min(lefts) < 2, "the terms stand in one column"
        shot(pg, f"pack-{size}-search.png")
        assert_fits(pg)
        rows.nth(3).click()
        expect(pg.locator("#sk-read")).to_be_visible()
        expect(pg.locator("#sk-body mark.sk-current")).to_have_text("高质量发展")
        # review: a right answer, then a wrong one; the answer shows with its source
        pg.locator('[data-tab="review"]').click()
        pos = next(i for i, q in enumerate(data["questions"]) if q["choices"])
        for _ in range(pos):
            pg.locator("#sk-q-next").click()
        q = data["questions"][pos]
        expect(pg.locator("#sk-q-prompt")).to_have_text(q["prompt"])
        letter = "ABCDEFGH"[q["choices"].index(q["answer"])]
        pg.locator("#sk-q-choices button", has_text=f"{letter}. {q['answer']}").click()
        expect(pg.locator("#sk-q-result")).to_contain_text("答对了 right")
        expect(pg.locator("#sk-q-source")).to_contain_text(q["citation"])
        expect(pg.locator("#sk-score")).to_contain_text("答对 right 1")
        assert_embedded_font(pg, "#sk-q-prompt")
        shot(pg, f"pack-{size}-review.png")
        assert_fits(pg)
        pg.locator("#sk-q-next").click()
        pg.locator("#sk-q-input").fill("肯定不对的答案")
        pg.locator("#sk-q-check").click()
        expect(pg.locator("#sk-q-result")).to_contain_text("不对")
        # a flashcard: every part named, in another order, with other separators
        cards = [q for q in data["questions"] if q["kind"] == "flashcard"]
        pg.locator("#sk-q-kind").select_option("flashcard")
        expect(pg.locator("#sk-q-prompt")).to_have_text(cards[0]["prompt"])
        pg.locator("#sk-q-input").fill("，".join(reversed(cards[0]["parts"])))
        pg.locator("#sk-q-input").press("Enter")
        expect(pg.locator("#sk-q-result")).to_contain_text("答对了 right")
        # figures: every image decoded
        pg.locator('[data-tab="figures"]').click()
        imgs = pg.locator("#sk-figures img")
        assert imgs.count() == len(data["figures"]) >= 2
        for i in range(imgs.count()):
            imgs.nth(i).scroll_into_view_if_needed()
            pg.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=imgs.nth(i).element_handle())
        pg.evaluate("() => window.scrollTo(0, 0)")
        shot(pg, f"pack-{size}-figures.png")
        assert_fits(pg)


def test_pack_of_a_hostile_corpus_runs_nothing(pages, no_cjk_browser):
    from playwright.sync_api import expect

    with offline_page(no_cjk_browser, pages["hostile-pack"], PROJECTOR, "pack-hostile") as (pg, _seen):
        titles = pg.locator("#sk-list button").all_inner_texts()
        assert any("<script>alert(1)</script>" in t for t in titles)
        assert any("</script><script>alert(3)</script>" in t for t in titles)
        expect(pg.locator("#sk-title")).to_contain_text("<script>alert(1)</script>")
        expect(pg.locator("#sk-body")).to_contain_text("<img src=x onerror=alert(2)>")
        assert pg.locator("#sk-body img, #sk-list img, #sk-body svg, #sk-body script").count() == 0
        assert pg.evaluate("() => document.scripts.length") == 2  # the data and the pack's own script
        pg.locator('[data-tab="search"]').click()
        pg.locator("#sk-term").fill("onerror=")
        pg.locator("#sk-term").press("Enter")
        expect(pg.locator("#sk-kwic td.sk-match").first).to_have_text("onerror=")
        pg.locator('[data-tab="review"]').click()
        pg.locator("#sk-q-reveal").click()
        expect(pg.locator("#sk-q-source")).to_be_visible()
        shot(pg, "pack-hostile.png")


@pytest.mark.parametrize("viewport", [PHONE, PROJECTOR], ids=["phone", "projector"])
def test_shared_lesson_opens_offline_with_its_font(pages, no_cjk_browser, viewport):
    from playwright.sync_api import expect

    size = f"{viewport['width']}"
    with offline_page(no_cjk_browser, pages["lesson"], viewport, f"lesson-{size}") as (pg, _seen):
        assert pg.evaluate("() => document.scripts.length") == 0
        expect(pg.locator("h1").first).to_contain_text("浏览文章")
        assert_embedded_font(pg, "h1")
        assert_embedded_font(pg, ".jp-RenderedMarkdown p")
        assert pg.locator(".jp-CodeCell .jp-InputArea").count() == 0  # no code
        header = pg.locator(".sk-reader-header").first
        expect(header).to_be_visible()  # the browser's last view, as static HTML
        assert_embedded_font(pg, ".sk-reader-header h2")
        expect(pg.locator(".sk-article-list li.sk-w-on")).to_have_count(1)
        # the lesson's KWIC table (step 4); its code hint that fills the browser's KWIC box is for the
        # notebook only, and left out as in Voila
        table = pg.locator("table.sk-table").filter(has_text="新质生产力").first
        expect(table).to_be_visible()
        shot(pg, f"lesson-{size}-top.png")
        header.scroll_into_view_if_needed()
        shot(pg, f"lesson-{size}-browser.png")
        table.scroll_into_view_if_needed()
        shot(pg, f"lesson-{size}-kwic.png")
        assert_fits(pg)


def test_shared_lesson_of_a_hostile_corpus_runs_nothing(pages, no_cjk_browser):
    from playwright.sync_api import expect

    with offline_page(no_cjk_browser, pages["hostile-lesson"], PROJECTOR, "lesson-hostile") as (pg, _seen):
        assert pg.evaluate("() => document.scripts.length") == 0
        # the lesson opens on the first article: its title and text carry the first two hostile strings
        expect(pg.locator(".sk-reader-header").first).to_contain_text(f"标题{HOSTILE[0]}")
        expect(pg.locator(".sk-article-list").first).to_contain_text("</script><script>alert(3)</script>")
        expect(pg.locator(".sk-reader-body").first).to_contain_text(f"思想{HOSTILE[1]}。")
        assert pg.locator(".sk-reader-body img, .sk-reader-body svg, .sk-article-list img").count() == 0
        shot(pg, "lesson-hostile.png")


# ---------------------------------------------------------------- notes in JupyterLab and Voila


def test_lab_note_survives_a_kernel_restart(page, server):  # noqa: F811 - fixtures from test_browser
    from playwright.sync_api import expect

    note = "重启内核后还在的笔记"
    with saved_on_failure(page, server, "lab-07-notes"):
        open_and_run_all(page, server, "07_notes_and_sharing.ipynb")
        panel = page.locator(".sk-notes-panel").first
        expect(panel).to_be_visible(timeout=60_000)
        panel.scroll_into_view_if_needed()
        panel.locator(".sk-note-last select").select_option(index=1)  # two sentences
        panel.locator(".sk-note-text textarea").fill(note)
        panel.locator(".sk-note-add button, button.sk-note-add").first.click()
        expect(panel.locator(".sk-note-list")).to_contain_text(note)
        expect(page.locator(".sk-reader-body mark.sk-note").first).to_be_visible()
        shot(page, "browser-lab-07-note-added.png")
        page.evaluate("async () => { const s = window.jupyterapp.shell.currentWidget.sessionContext;"
                      " await s.session.kernel.restart(); }")
        open_and_run_all(page, server, "07_notes_and_sharing.ipynb")
        panel = page.locator(".sk-notes-panel").first
        expect(panel.locator(".sk-note-list")).to_contain_text(note, timeout=60_000)
        expect(page.locator(".sk-reader-body mark.sk-note").first).to_be_visible()
        panel.scroll_into_view_if_needed()
        shot(page, "browser-lab-07-note-after-restart.png")


def test_voila_note_on_a_kwic_line(page, server):  # noqa: F811 - fixtures from test_browser
    from playwright.sync_api import expect

    with saved_on_failure(page, server, "voila-07-notes"):
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{server['url']}/voila/render/07_notes_and_sharing.ipynb?token={TOKEN}")
        panel = page.locator(".sk-notes-panel").first
        expect(panel).to_be_visible(timeout=120_000)
        term = page.locator(".sk-kwic-term input").first
        term.fill("高质量发展")
        term.press("Enter")
        panel.locator(".sk-note-pick button", has_text="KWIC").click()
        expect(panel.locator(".sk-note-first select option").first).to_contain_text("【高质量发展】")
        panel.locator(".sk-note-text textarea").fill("Voila 里写的笔记")
        panel.locator(".sk-note-add button, button.sk-note-add").first.click()
        expect(panel.locator(".sk-note-list")).to_contain_text("Voila 里写的笔记")
        # (the article may also carry the note written in JupyterLab: the same learner's store)
        mark = page.locator(".sk-reader-body mark.sk-note", has_text="高质量发展").first
        expect(mark).to_be_visible()
        scroll_to(mark)
        shot(page, "browser-voila-07-note-reader.png")
        panel.scroll_into_view_if_needed()
        shot(page, "browser-voila-07-notes-panel.png")
