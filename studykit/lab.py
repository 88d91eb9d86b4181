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

#: The cell tag of the lesson cells meant for the notebook only (how to run a cell, code hints): Voila
#: (``studykit present``) leaves them out, code cells included, so they do not run there either.
NOTEBOOK_ONLY = "notebook-only"
#: Where ``studykit lab`` puts the lesson copies a teacher edits (``studykit present`` looks there too).
LESSONS_DIR = "studykit-notebooks"


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
    (``kind="voila"``) on the notebook file (or folder of notebooks) ``root``: code hidden, cells
    tagged ``NOTEBOOK_ONLY`` left out, widgets live, no root check.

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
               "--theme=light", f"--TagRemovePreprocessor.remove_cell_tags={NOTEBOOK_ONLY}", *common]
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


def _lesson_in(folder: Path, stem: str) -> Path | None:
    """The notebook ``stem`` (or the one lesson whose name starts with it) in ``folder``, or ``None``."""
    exact = folder / f"{stem}.ipynb"
    if exact.is_file():
        return exact
    matches = sorted(folder.glob(f"{stem}*.ipynb")) if folder.is_dir() else []
    return matches[0] if len(matches) == 1 else None


def find_notebook(name: str | os.PathLike, lessons: str | os.PathLike | None = None) -> tuple[Path, str]:
    """The notebook meant by ``name`` and where it was found: ``"path"`` (an existing file),
    ``"copy"`` (a lesson copy in the current folder or the lessons folder ``lessons``, by default
    ``./studykit-notebooks``, where ``studykit lab`` copies the lessons a teacher edits) or
    ``"bundled"`` (the lesson as it came with studykit). ``name`` is a path or a lesson name such as
    ``04_theme_timelines`` (with or without ``.ipynb``, or its start such as ``04``). Raises
    ``FileNotFoundError`` naming the lessons."""
    given = Path(name)
    if given.is_file():
        return given.resolve(), "path"
    stem = given.name[:-6] if given.name.endswith(".ipynb") else given.name
    bundled = paths.bundled_notebooks()
    for folder in (Path.cwd(), Path(lessons) if lessons else Path.cwd() / LESSONS_DIR):
        found = _lesson_in(folder, stem)
        if found is not None and found.resolve().parent != bundled.resolve():
            return found.resolve(), "copy"
    found = _lesson_in(bundled, stem)
    if found is not None:
        return found, "bundled"
    names = ", ".join(p.stem for p in sorted(bundled.glob("*.ipynb")))
    raise FileNotFoundError(f"no notebook {name!s}; the lessons are: {names}")


def resolve_notebook(name: str | os.PathLike, lessons: str | os.PathLike | None = None) -> Path:
    """The notebook file meant by ``name`` (``find_notebook`` without saying where it was found)."""
    return find_notebook(name, lessons)[0]


def present(notebook: str | os.PathLike = "01_browse_articles", port: int | None = None,
            open_browser: bool = True, lessons: str | os.PathLike | None = None) -> int:
    """Serve ``notebook`` with Voila for a projector (code and notebook-only cells hidden, widgets
    live): the teacher's edited copy in the current folder or ``lessons`` when there is one, else the
    bundled lesson (``find_notebook``). Prints which file it serves and its URL, waits until Ctrl+C;
    returns Voila's exit status."""
    path, where = find_notebook(notebook, lessons)
    port = port or free_port(8866)
    token = secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}/?token={token}"
    cmd = server_command("voila", path, port=port, token=token, open_browser=False)
    what = {"path": "the notebook", "copy": "your copy of the lesson", "bundled": "the lesson as it came with studykit"}
    note = "" if where != "bundled" else (f"\n(no edited copy in {Path.cwd()} or {lessons or LESSONS_DIR}; "
                                          "`studykit lab` makes one)")
    return _serve(cmd, url, f"Presenting {what[where]}: {path}{note}", open_browser)
