"""Before a notebook is kept as a static page: charts drawn on an ipympl canvas go into the saved widget state.

An ipympl canvas sends its picture only when a browser asks for it, so a notebook run without one
(nbclient, for ``studykit share``) saves no picture. ``freeze_canvases()``, run as the last cell,
draws each open canvas's figure into its ``_data_url`` (the PNG that ipympl keeps for pages without a
browser), which ``snapshot`` then shows as an image.
"""

from __future__ import annotations

import base64
import gc
import io


def freeze_canvases() -> int:
    """Draw every open ipympl canvas into its saved state; return how many were drawn (0 without ipympl)."""
    try:
        from ipympl.backend_nbagg import Canvas
    except ImportError:
        return 0
    drawn = 0
    for obj in gc.get_objects():
        if isinstance(obj, Canvas) and getattr(obj, "comm", None) is not None:  # a canvas not closed
            buf = io.BytesIO()
            obj.figure.savefig(buf, format="png", dpi=obj.figure.dpi)
            obj._data_url = base64.b64encode(buf.getvalue()).decode("ascii")
            drawn += 1
    return drawn
