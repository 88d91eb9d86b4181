"""``studykit present`` in a real browser: Voila serves 05_review, a question is answered, the score changes.

Needs ``/usr/bin/chromium`` and Playwright for Python (the ``browser`` extra). Without them the test is
skipped with the reason, except under ``CI=true`` where a missing browser is a failure. Never run
``playwright install``: Debian's Chromium is used. On failure a screenshot and the server log go to
``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from browsers import ARGS, CHROMIUM, require_browser
from conftest import ARTIFACTS, ROOT

from studykit import lab

pytestmark = [pytest.mark.browser, pytest.mark.slow]

def test_present_command_is_voila_with_code_hidden(tmp_path):
    nb = lab.resolve_notebook("05_review")
    assert nb.name == "05_review.ipynb" and nb.is_file()
    cmd = lab.server_command("voila", nb, port=8866, token="tok", open_browser=False)
    assert cmd[1:4] == ["-m", "voila", str(nb)]
    assert "--strip_sources=True" in cmd and "--token=tok" in cmd and "--Voila.ip=127.0.0.1" in cmd
    assert not any("allow-root" in c or "allow_root" in c for c in cmd)  # Voila runs as root without it
    with pytest.raises(FileNotFoundError, match="01_browse_articles"):
        lab.resolve_notebook("no_such_lesson")


@pytest.fixture
def presented(tmp_path):
    """``studykit present`` on a copy of 05_review, as a subprocess; yields its URL and data dir."""
    require_browser()
    work = tmp_path / "lesson"
    work.mkdir()
    shutil.copyfile(ROOT / "notebooks" / "05_review.ipynb", work / "05_review.ipynb")
    data = tmp_path / "data"
    env = {**os.environ, "STUDYKIT_DATA_DIR": str(data), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    log_path = tmp_path / "present.log"
    proc = subprocess.Popen([sys.executable, "-m", "studykit", "present", str(work / "05_review.ipynb"),
                             "--no-browser", f"--port={lab.free_port(0)}"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    url = None
    deadline = time.monotonic() + 60
    while url is None and time.monotonic() < deadline and proc.poll() is None:
        url = next((m[0] for ln in list(lines) if (m := re.search(r"http://127\.0\.0\.1:\d+/\?token=\w+", ln))),
                   None)
        time.sleep(0.2)
    try:
        assert url, "studykit present printed no URL:\n" + "".join(lines)
        while True:  # the URL is printed before the server listens
            try:
                urllib.request.urlopen(url, timeout=30).close()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "Voila did not start:\n" + "".join(lines)
                time.sleep(0.3)
        yield {"url": url, "data": data, "log": lines}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log_path.write_text("".join(lines), encoding="utf-8")


def test_answer_one_question_in_voila_and_see_the_score_change(presented):
    from playwright.sync_api import expect, sync_playwright

    from studykit import build_questions, load_corpus
    from studykit.progress import ProgressStore

    first = build_questions(load_corpus())[0]  # an empty progress store asks in built order
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(90_000)
        try:
            page.goto(presented["url"])
            score = page.locator(".sk-review-score")
            expect(score).to_contain_text("0 / 0")
            expect(page.locator(".sk-review-prompt")).to_contain_text(first.prompt[:8])
            assert "import studykit" not in page.content()  # code hidden
            if first.choices:
                page.locator(".sk-review-choices").get_by_role("button", name=first.answer, exact=True).click()
            else:
                page.locator(".sk-review-answer input").fill(first.answer)
            page.locator(".sk-review-check button, button.sk-review-check").first.click()
            expect(score).to_contain_text("1 / 1")
            expect(page.locator(".sk-review-feedback")).to_contain_text(first.answer)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "present-05_review.png"), full_page=True)
        except BaseException:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "FAILED-present-05_review.png"), full_page=True)
            (ARTIFACTS / "FAILED-present-05_review.log").write_text("".join(presented["log"]), encoding="utf-8")
            raise
        finally:
            browser.close()
    with ProgressStore(presented["data"] / "progress.sqlite3") as store:
        answers = store.answers()
    assert [(a["card"], a["correct"]) for a in answers] == [(first.id, True)]


def test_present_serves_the_teachers_edited_copy_and_says_so(tmp_path, monkeypatch):
    seen = {}
    monkeypatch.setattr(lab, "_serve", lambda cmd, url, headline, open_browser: seen.update(cmd=cmd, headline=headline) or 0)
    monkeypatch.chdir(tmp_path)
    assert lab.present("01_browse_articles", port=9, open_browser=False) == 0
    bundled = lab.resolve_notebook("01")
    assert seen["cmd"][3] == str(bundled) and "as it came with studykit" in seen["headline"]
    assert "studykit lab" in seen["headline"]  # and how to make a copy of one's own
    copies = tmp_path / "studykit-notebooks"
    assert [*lab.copy_notebooks(copies)]  # what `studykit lab` does
    edited = copies / "01_browse_articles.ipynb"
    edited.write_text(edited.read_text(encoding="utf-8").replace("浏览文章", "我改过的浏览课"), encoding="utf-8")
    assert lab.present("01_browse_articles", port=9, open_browser=False) == 0
    assert seen["cmd"][3] == str(edited.resolve()) and f"your copy of the lesson: {edited.resolve()}" in seen["headline"]
    assert lab.find_notebook("01") == (edited.resolve(), "copy")
    here = tmp_path / "01_browse_articles.ipynb"  # run from inside the lessons folder: the copy there
    here.write_bytes(edited.read_bytes())
    assert lab.find_notebook("01_browse_articles") == (here.resolve(), "copy")
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.chdir(other)
    assert lab.find_notebook("05_review", lessons=copies) == ((copies / "05_review.ipynb").resolve(), "copy")
    assert lab.find_notebook("05_review")[1] == "bundled"


def test_present_leaves_out_notebook_only_cells():
    cmd = lab.server_command("voila", lab.resolve_notebook("01"), port=8866, token="t", open_browser=False)
    assert f"--TagRemovePreprocessor.remove_cell_tags={lab.NOTEBOOK_ONLY}" in cmd
