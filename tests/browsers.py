"""Helpers for the real-browser tests: Debian's Chromium driven by Playwright, JupyterLab and Voila servers.

Never ``playwright install``: Debian's Chromium is used. Without it (or Playwright) a test skips with
the reason, except under ``CI=true`` where a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ARTIFACTS

CHROMIUM = Path(os.environ.get("STUDYKIT_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]
HOW = ("install Chromium and a CJK font with `sudo apt-get install chromium fonts-wqy-microhei` "
       "and Playwright with `pip install -e \".[browser]\"` (never `playwright install`)")
TOKEN = "studykit-classroom-test"


def require_browser() -> None:
    """Skip (or fail under CI) when Chromium or Playwright is missing."""
    reason = None
    if not CHROMIUM.exists():
        reason = f"no browser at {CHROMIUM}"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "Playwright for Python is not installed"
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}: real-browser tests are required under CI; {HOW}")
        pytest.skip(f"{reason}; to run the real-browser tests, {HOW}")


@contextmanager
def chromium(playwright=None, *, width: int = 1280, height: int = 900):
    """A context (a fresh profile) of Debian's Chromium at ``width`` × ``height``, closed afterwards;
    with its own Playwright unless ``playwright`` is given. Skips (fails under CI) without a browser."""
    require_browser()
    if playwright is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p, chromium(p, width=width, height=height) as ctx:
            yield ctx
        return
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    ctx = browser.new_context(viewport={"width": width, "height": height})
    try:
        yield ctx
    finally:
        ctx.close()
        browser.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jupyter_env(base: Path) -> dict:
    """An environment with its own Jupyter config, runtime and workspace folders and studykit data folder."""
    env = dict(os.environ)
    for name, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                      ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("STUDYKIT_DATA_DIR", "data")):
        (base / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(base / sub)
    (base / "config" / "labconfig").mkdir(exist_ok=True)
    (base / "config" / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    return env


@contextmanager
def serving(cmd: list[str], base: Path, env: dict, ready: str, name: str):
    """Run a server command (cwd ``base``), wait until ``ready`` answers, yield the log path, stop it."""
    log_path = base / f"{name}.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=base)
    deadline = time.monotonic() + 90
    try:
        while True:
            try:
                urllib.request.urlopen(ready, timeout=5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    ARTIFACTS.mkdir(exist_ok=True)
                    log.flush()
                    shutil.copyfile(log_path, ARTIFACTS / f"{name}.log")
                    pytest.fail(f"{name} did not start; log in {ARTIFACTS / f'{name}.log'}")
                time.sleep(0.3)
        yield log_path
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def lab_command(root: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
            f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True"]


@contextmanager
def saved_on_failure(page, log: Path, name: str):
    """On an exception, save the tab's screenshot and the server log to test-artifacts/, then re-raise."""
    try:
        yield
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"FAILED-{name}.png"), full_page=True)
        shutil.copyfile(log, ARTIFACTS / f"FAILED-{name}-server.log")
        raise


def run_all_in_lab(page, url: str, notebook: str) -> None:
    """Open ``notebook`` in JupyterLab (a fresh workspace), wait for its kernel, run all cells to the end."""
    from playwright.sync_api import expect

    page.goto(f"{url}/lab/tree/{notebook}?reset&token={TOKEN}")
    page.wait_for_function(
        "nb => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        " return !!(w && w.context && w.context.path.endsWith(nb) && w.sessionContext); }", arg=notebook)
    page.evaluate("async () => { const s = window.jupyterapp.shell.currentWidget.sessionContext; await s.ready;"
                  " await s.session.kernel.info; }")
    idle = re.compile(r"ipykernel\) \| Idle")
    expect(page.locator("#jp-main-statusbar")).to_contain_text(idle, timeout=90_000)
    ok = page.evaluate("async () => await window.jupyterapp.commands.execute('notebook:run-all-cells')")
    assert ok, f"a cell of {notebook} failed in JupyterLab"
    expect(page.locator("#jp-main-statusbar")).to_contain_text(idle, timeout=120_000)


def shot(page, name: str, *, full_page: bool = False) -> Path:
    """A screenshot in test-artifacts/ (look at it: tofu, clipped labels, tiny text are bugs)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)
    return path


def scroll_to(locator, *, tries: int = 10) -> None:
    """Scroll the element of ``locator`` into view. An element inside a widget's HTML (a mark in the
    reader) is replaced whenever the widget renders again, as it does after a change, so a detached
    element is looked up afresh, up to ``tries`` times."""
    from playwright.sync_api import Error

    for k in range(tries):
        try:
            locator.scroll_into_view_if_needed(timeout=5_000)
            return
        except Error as e:
            if "not attached" not in str(e) or k == tries - 1:
                raise
            locator.page.wait_for_timeout(300)


def in_view(page, selector: str) -> bool:
    """Whether the first element matching ``selector`` is (at least partly) inside the window."""
    return page.evaluate("""s => { const e = document.querySelector(s); if (!e) return false;
        const r = e.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight && r.height > 0; }""", selector)


#: The dropdowns of studykit widgets whose chosen text is wider than the box that shows it (JavaScript).
CLIPPED_DROPDOWNS = """() => {
    const ctx = document.createElement('canvas').getContext('2d');
    return [...document.querySelectorAll('[class*="sk-"] select:not([multiple]):not([size])')]
      .filter(s => s.offsetParent !== null && s.selectedIndex >= 0)
      .map(s => { const st = getComputedStyle(s); ctx.font = st.fontSize + ' ' + st.fontFamily;
        const text = s.options[s.selectedIndex].text;
        const room = s.clientWidth - parseFloat(st.paddingLeft) - Math.max(parseFloat(st.paddingRight), 18);
        return [text, Math.round(ctx.measureText(text).width), Math.round(room)]; })
      .filter(([t, need, room]) => need > room);
}"""
