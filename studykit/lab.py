"""Putting the lesson notebooks where a user can edit them, and starting JupyterLab on them."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from . import paths


def copy_notebooks(target: Path, source: Path | None = None) -> Iterator[str]:
    """Copy every lesson notebook into ``target`` unless a file of that name is already there.

    A user's edited copy is never overwritten. Yields one message per notebook copied or kept.
    """
    source = source or paths.bundled_notebooks()
    target.mkdir(parents=True, exist_ok=True)
    if target.resolve() == source.resolve():
        return
    for nb in sorted(source.glob("*.ipynb")):
        dest = target / nb.name
        if dest.exists():
            yield f"kept your copy of {dest}"
        else:
            shutil.copyfile(nb, dest)
            yield f"copied {dest}"


def free_port(preferred: int = 8888) -> int:
    """``preferred`` if it is free on the loopback interface, else any free port."""
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return s.getsockname()[1]
            except OSError:
                continue
    raise OSError("no free port")


def server_command(kind: str, root: Path, *, port: int, token: str, open_browser: bool) -> list[str]:
    """The command line that starts JupyterLab (``kind="lab"``) on the folder ``root``, or Voila
    (``kind="voila"``) on the notebook file ``root``: code hidden, widgets live, no root check.

    Args:
        port: the loopback port to serve on.
        token: the token the address carries.
        open_browser: let the server open a browser itself.
    """
    common = [
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1" if kind == "lab" else "--Voila.ip=127.0.0.1",
    ]
    if kind == "lab":
        cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}",
               f"--IdentityProvider.token={token}", *common]
        if not open_browser:
            cmd.append("--no-browser")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        return cmd
    if kind == "voila":
        cmd = [sys.executable, "-m", "voila", str(root), f"--token={token}", "--strip_sources=True",
               "--theme=light", *common]
        if not open_browser:
            cmd.append("--no-browser")
        return cmd
    raise ValueError(kind)


def launch(root: Path, notebook: str, port: int | None = None, open_browser: bool = True) -> int:
    """Start JupyterLab on ``root`` opening ``notebook``; print its URL; return its exit status."""
    port = port or free_port()
    token = secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}/lab/tree/{notebook}?token={token}"
    cmd = server_command("lab", root.resolve(), port=port, token=token, open_browser=False)
    return _serve(cmd, url, f"Starting JupyterLab on {root.resolve()}", open_browser)


def _serve(cmd: list[str], url: str, headline: str, open_browser: bool) -> int:
    """Run a server command, print how to reach it, optionally open a browser; wait until Ctrl+C."""
    print(f"{headline}\n\n    Open this address in your browser:\n    {url}\n\nStop it with Ctrl+C.", flush=True)
    proc = subprocess.Popen(cmd)
    if open_browser:
        _open_later(url)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait()


def _open_later(url: str) -> None:
    import threading
    import webbrowser

    threading.Timer(3.0, lambda: webbrowser.open(url)).start()


def resolve_notebook(name: str | os.PathLike) -> Path:
    """The notebook file meant by ``name``: an existing path, or a lesson name such as
    ``04_theme_timelines`` (with or without ``.ipynb``). Raises ``FileNotFoundError`` naming the lessons."""
    given = Path(name)
    if given.is_file():
        return given.resolve()
    lessons = paths.bundled_notebooks()
    stem = given.name[:-6] if given.name.endswith(".ipynb") else given.name
    found = lessons / f"{stem}.ipynb"
    if found.is_file():
        return found
    matches = sorted(lessons.glob(f"{stem}*.ipynb"))
    if len(matches) == 1:
        return matches[0]
    names = ", ".join(p.stem for p in sorted(lessons.glob("*.ipynb")))
    raise FileNotFoundError(f"no notebook {name!s}; the lessons are: {names}")


def present(notebook: str | os.PathLike = "01_browse_articles", port: int | None = None,
            open_browser: bool = True) -> int:
    """Serve ``notebook`` with Voila for a projector (code hidden, widgets live); print its URL and
    wait until Ctrl+C. Returns Voila's exit status."""
    path = resolve_notebook(notebook)
    port = port or free_port(8866)
    token = secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}/?token={token}"
    cmd = server_command("voila", path, port=port, token=token, open_browser=False)
    return _serve(cmd, url, f"Presenting {path}", open_browser)
