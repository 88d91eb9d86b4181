"""Small pieces shared by the widgets: CSS classes, option lists, a busy indicator, toggle tags, an
interactive figure canvas, a scroller."""

from __future__ import annotations

import time
from contextlib import contextmanager

import anywidget
import ipywidgets as w
import traitlets


def full(**extra) -> w.Layout:
    """A layout as wide as its container and never wider (no horizontal scrolling on a projector)."""
    return w.Layout(width="auto", max_width="100%", **extra)


#: The longest article label a dropdown shows whole on a 1280 px screen (longer ones end in "…").
DROPDOWN_CHARS = 34

#: Descriptions as wide as their text, not a fixed column (keeps filter rows compact).
COMPACT = {"description_width": "initial"}


def tagged(widget: w.Widget, css: str) -> w.Widget:
    """``widget`` with the stable CSS class ``css`` (tests and styles find controls by it)."""
    widget.add_class(css)
    return widget


def date_options(frame) -> list[tuple[str, str]]:
    """Dropdown options for a date control: "any", then every month of the dates found in
    ``corpus.to_frame()`` (value ``YYYY-MM``: from/to a month takes the whole month) followed by its dates."""
    dates = sorted(frame["date"].dropna().unique())
    options, months = [("不限 any", "")], set()
    for d in dates:
        month = d[:7]
        if len(d) >= 7 and month not in months:
            months.add(month)
            options.append((f"{month} 整月 whole month", month))
        if d != month:
            options.append((d, d))
    return options


def source_options(frame) -> list[tuple[str, str]]:
    """Dropdown options for a source control: "all" plus every source in ``corpus.to_frame()``."""
    sources = sorted(frame["source"].dropna().unique())
    return [("全部 all", "")] + [(s, s) for s in sources]


class Busy:
    """A progress line that is shown while a callback recomputes.

    ``with busy("正在计算词云…"):`` shows an animated bar with the message and hides it afterwards;
    ``last_seconds`` keeps how long the work took.
    """

    def __init__(self) -> None:
        self.bar = tagged(w.IntProgress(value=1, min=0, max=1, bar_style="info",
                                        layout=w.Layout(width="12em")), "sk-progress-bar")
        self.label = w.Label("")
        self.widget = tagged(w.HBox([self.bar, self.label]), "sk-progress")
        self.widget.layout.display = "none"
        self.last_seconds = 0.0

    @contextmanager
    def __call__(self, message: str = "正在计算… / working…"):
        self.label.value = message
        self.widget.layout.display = "flex"
        t = time.perf_counter()
        try:
            yield
        finally:
            self.last_seconds = time.perf_counter() - t
            self.widget.layout.display = "none"


class ToggleTags(w.HBox):
    """Several choices at once, each a button that a plain click turns on or off (no Ctrl/⌘ needed,
    nothing else is dropped). ``value`` is the tuple of chosen options, in the order of ``options``.

    Args:
        options: the choices (their text is the button label).
        value: the choices on at first.
        tooltips: ``{option: tooltip}``, e.g. the terms of a theme.
        description: a label in front of the buttons.
    """

    value = traitlets.Tuple()

    def __init__(self, options, value=(), *, tooltips: dict | None = None, description: str = "") -> None:
        self._buttons = {o: w.ToggleButton(description=str(o), tooltip=(tooltips or {}).get(o, ""),
                                           layout=w.Layout(width="auto")) for o in options}
        for b in self._buttons.values():
            b.observe(self._from_buttons, "value")
        self._quiet = False
        label = [w.Label(description)] if description else []
        super().__init__(label + list(self._buttons.values()), layout=full(flex_flow="row wrap", align_items="center"))
        self.observe(self._to_buttons, "value")
        self.value = tuple(value)

    @property
    def options(self) -> tuple:
        """The choices, in order."""
        return tuple(self._buttons)

    @traitlets.validate("value")
    def _valid(self, proposal):
        chosen = set(proposal["value"])
        unknown = chosen - set(self._buttons)
        if unknown:
            raise traitlets.TraitError(f"not among the options: {', '.join(map(str, unknown))}")
        return tuple(o for o in self._buttons if o in chosen)

    def _from_buttons(self, change=None) -> None:
        if not self._quiet:
            self.value = tuple(o for o, b in self._buttons.items() if b.value)

    def _to_buttons(self, change=None) -> None:
        self._quiet = True
        try:
            for o, b in self._buttons.items():
                b.value = o in self.value
                b.button_style = "info" if b.value else ""
        finally:
            self._quiet = False


def figure_canvas(fig, css: str, width_px: int = 960):
    """An interactive canvas (ipympl, the matplotlib Jupyter backend) showing ``fig`` ``width_px``
    pixels wide, without toolbar, header or resize handle; ``canvas.mpl_connect("pick_event", …)``
    then hears clicks on the figure's artists. ``fig`` keeps drawing into it when redrawn."""
    import warnings

    from ipympl.backend_nbagg import Canvas, FigureManager

    fig.set_dpi(width_px / fig.get_figwidth())
    canvas = Canvas(fig)
    with warnings.catch_warnings():  # ipympl's toolbar passes traitlets an argument it no longer wants
        warnings.filterwarnings("ignore", "Passing unrecognized arguments", DeprecationWarning)
        FigureManager(canvas, 0)  # sets canvas.manager: size changes of the figure reach the page
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = False
    canvas.resizable = False
    canvas.capture_scroll = False
    return tagged(canvas, css)


def png_of(fig, dpi: int = 100) -> bytes:
    """The figure as PNG bytes."""
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


class Scroller(anywidget.AnyWidget):
    """An invisible widget that scrolls the page (ipywidgets has no scroll command).

    ``scroll_to(".sk-reader-header", root=".sk-browser")`` brings the first element matching the CSS
    selector into view, looked for inside the nearest enclosing element matching ``root`` (so two
    browsers on one page never scroll each other), or in the whole page when ``root`` is empty. The
    front end is a few lines of JavaScript run by anywidget, in JupyterLab and in Voila alike; a
    message sent before the widget is on screen is simply lost.
    """

    _esm = """
    export default {
      render({ model, el }) {
        el.classList.add("sk-scroller");
        model.on("msg:custom", (msg) => {
          const root = (msg.root && el.closest(msg.root)) || document;
          const target = root.querySelector(msg.selector);
          if (target) target.scrollIntoView({ block: msg.block || "start", inline: "nearest" });
        });
      },
    };
    """

    def scroll_to(self, selector: str, *, root: str = "", block: str = "start") -> None:
        """Scroll the first element matching ``selector`` (within ``root``) to the ``block`` edge of the
        screen: ``"start"``, ``"center"`` or ``"nearest"``."""
        self.send({"selector": selector, "root": root, "block": block})
