"""Progress bars for long work: tqdm on standard error, drawn only for someone watching.

``bar(items, show=None, big=True, desc="segmenting", unit="article")`` wraps ``items`` (or counts to
``total=``) like ``tqdm``. ``show=True`` always draws the bar and ``show=False`` never does; the default
``None`` draws it when the work is ``big`` and someone watches: standard error is a terminal, or the
code runs in a notebook kernel (where tqdm draws a widget). A log file or a pipe gets no bar lines.
"""

from __future__ import annotations

import sys


def in_notebook() -> bool:
    """True inside a Jupyter kernel (JupyterLab, Voila, nbclient), where tqdm draws a widget."""
    shell = sys.modules.get("IPython")
    if shell is None or "ipykernel" not in sys.modules:
        return False
    ip = shell.get_ipython() if hasattr(shell, "get_ipython") else None
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"


def watched() -> bool:
    """Whether a person sees standard error: it is a terminal, or this is a notebook kernel."""
    try:
        tty = sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed stream
        tty = False
    return tty or in_notebook()


def bar(iterable=None, *, show: bool | None = None, big: bool = True, **options):
    """A ``tqdm`` bar on standard error over ``iterable`` (``options`` go to tqdm: ``total``, ``desc``,
    ``unit`` …). ``show``: True always, False never, None when ``big`` and ``watched()``."""
    from tqdm.auto import tqdm

    visible = (big and watched()) if show is None else show
    options.setdefault("leave", False)
    return tqdm(iterable, file=sys.stderr, disable=not visible, **options)
