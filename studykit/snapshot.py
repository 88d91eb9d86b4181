"""The last view of a notebook's widgets as static HTML, from the widget state saved in the notebook.

When a notebook is executed with nbclient, the state of every widget (ipywidgets 8 models) is kept in
``nb.metadata.widgets``. ``static_widgets(nb)`` replaces each widget output with plain HTML that shows
what the widget showed last: boxes laid out as rows and columns, HTML and images as they were, lists
and dropdowns with their chosen item, text boxes with their text, buttons as labels; a widget with
the CSS class ``sk-live`` (controls that change things, such as writing a note) is left out. Nothing in it
runs: no widget manager, no script, no request, so the page can be read anywhere without a kernel.

Text that came from a widget's state is escaped with ``markup.esc``; only the value of an ``HTML``
widget (HTML by design, and escaped by the studykit function that made it) and the HTML outputs of an
``Output`` widget pass as they are, as they would in the notebook.
"""

from __future__ import annotations

import base64
import copy

from .markup import esc

VIEW = "application/vnd.jupyter.widget-view+json"
#: a widget with this CSS class only makes sense with a running kernel (it changes things): left out
LIVE = "sk-live"
STATE = "application/vnd.jupyter.widget-state+json"
_IMAGE_FORMATS = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif",
                  "webp": "image/webp", "svg+xml": "image/svg+xml", "svg": "image/svg+xml"}

#: styles for the static controls (scoped to ``.sk-static``)
STYLE = """
.sk-static { max-width: 100%; box-sizing: border-box; overflow-wrap: anywhere; }
.sk-static .sk-w-row { display: flex; flex-flow: row wrap; gap: 0.3em 0.8em; align-items: center; margin: 0.2em 0; }
.sk-static .sk-w-col { display: flex; flex-direction: column; gap: 0.2em; margin: 0.2em 0; min-width: 0; }
.sk-static .sk-w-control { display: inline-flex; align-items: center; gap: 0.4em; flex-wrap: wrap; max-width: 100%; }
.sk-static .sk-w-desc { color: #333; }
.sk-static .sk-w-field { display: inline-block; min-width: 4em; padding: 0.1em 0.5em; border: 1px solid #bbb;
  border-radius: 3px; background: #fafafa; color: #111; max-width: 100%; }
.sk-static .sk-w-empty { color: #888; }
.sk-static .sk-w-textarea { display: block; white-space: pre-wrap; min-height: 2.5em; width: 100%; box-sizing: border-box; }
.sk-static .sk-w-button { display: inline-block; padding: 0.1em 0.7em; border: 1px solid #bbb; border-radius: 3px;
  background: #eee; color: #333; }
.sk-static .sk-w-button.sk-w-primary { background: #2f6db5; color: #fff; border-color: #2f6db5; }
.sk-static .sk-w-on { background: #2f6db5; color: #fff; border-color: #2f6db5; }
.sk-static ol.sk-w-list { list-style: none; margin: 0.2em 0; padding: 0; border: 1px solid #bbb; max-width: 100%; }
.sk-static ol.sk-w-list li { padding: 0.1em 0.5em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.sk-static ol.sk-w-list li.sk-w-on { font-weight: bold; }
.sk-static img { max-width: 100%; height: auto; }
.sk-static .sk-w-tab-title { font-weight: bold; margin-top: 0.4em; }
"""


class _Renderer:
    def __init__(self, state: dict) -> None:
        self.state = state

    def model(self, ref: str | None) -> dict | None:
        if not isinstance(ref, str):
            return None
        entry = self.state.get(ref.removeprefix("IPY_MODEL_"))
        return entry if isinstance(entry, dict) else None

    def hidden(self, s: dict) -> bool:
        layout = (self.model(s.get("layout")) or {}).get("state", {})
        return layout.get("display") == "none" or layout.get("visibility") == "hidden"

    def html(self, ref: str, depth: int = 0) -> str:
        entry = self.model(ref)
        if entry is None or depth > 50:
            return ""
        s = entry.get("state", {})
        if self.hidden(s):
            return ""
        name = entry.get("model_name") or s.get("_model_name") or ""
        if LIVE in (s.get("_dom_classes") or []):
            return ""
        classes = " ".join(esc(c) for c in s.get("_dom_classes") or [] if isinstance(c, str))
        inner = self.inner(name, s, entry, depth)
        return f'<div class="sk-w {classes}">{inner}</div>' if inner else ""

    def children(self, s: dict, depth: int) -> list[str]:
        return [h for h in (self.html(c, depth + 1) for c in s.get("children") or []) if h]

    def inner(self, name: str, s: dict, entry: dict, depth: int) -> str:  # noqa: C901 - one branch per kind
        desc = s.get("description") or ""
        label = f'<span class="sk-w-desc">{esc(desc)}</span>' if desc else ""
        options = [str(o) for o in s.get("_options_labels") or []]
        index = s.get("index")
        if name in ("VBoxModel", "BoxModel", "GridBoxModel"):
            return f'<div class="sk-w-col">{"".join(self.children(s, depth))}</div>'
        if name == "HBoxModel":
            return f'<div class="sk-w-row">{"".join(self.children(s, depth))}</div>'
        if name in ("TabModel", "AccordionModel", "StackModel"):
            titles = list(s.get("titles") or [])
            kids = s.get("children") or []
            chosen = s.get("selected_index")
            parts = []
            for i, c in enumerate(kids):
                if name != "AccordionModel" and chosen is not None and i != chosen:
                    continue
                title = titles[i] if i < len(titles) and titles[i] else ""
                if title:
                    parts.append(f'<div class="sk-w-tab-title">{esc(title)}</div>')
                parts.append(self.html(c, depth + 1))
            return "".join(parts)
        if name in ("HTMLModel", "HTMLMathModel"):
            return f'<div class="sk-w-control">{label}<div class="sk-w-html">{s.get("value") or ""}</div></div>' \
                if (s.get("value") or label) else ""
        if name == "LabelModel":
            return f'<span class="sk-w-control">{label}{esc(s.get("value") or "")}</span>' if s.get("value") else ""
        if name == "ButtonModel":
            primary = " sk-w-primary" if s.get("button_style") == "primary" else ""
            return f'<span class="sk-w-button{primary}">{esc(desc)}</span>'
        if name in ("DropdownModel", "ComboboxModel"):
            shown = options[index] if isinstance(index, int) and 0 <= index < len(options) else ""
            return self.field(label, shown or s.get("value") or "")
        if name in ("SelectModel", "SelectMultipleModel", "RadioButtonsModel"):
            chosen = set(index if isinstance(index, list) else [index])
            rows = int(s.get("rows") or len(options) or 1)
            first = min((i for i in chosen if isinstance(i, int)), default=0)
            lo = max(0, min(first - rows // 2, len(options) - rows))
            items = "".join(f'<li class="{"sk-w-on" if i in chosen else ""}">{esc(o)}</li>'
                            for i, o in enumerate(options[lo:lo + rows], lo))
            return f'<div class="sk-w-control">{label}<ol class="sk-w-list">{items}</ol></div>' if items else ""
        if name == "ToggleButtonsModel":
            buttons = "".join(f'<span class="sk-w-button{" sk-w-on" if i == index else ""}">{esc(o)}</span>'
                              for i, o in enumerate(options))
            return f'<div class="sk-w-control">{label}{buttons}</div>' if buttons else ""
        if name in ("TextModel", "PasswordModel"):
            return self.field(label, "•" * 6 if name == "PasswordModel" and s.get("value") else s.get("value"),
                              s.get("placeholder"))
        if name == "TextareaModel":
            return self.field(label, s.get("value"), s.get("placeholder"), extra=" sk-w-textarea")
        if name in ("CheckboxModel", "ToggleButtonModel"):
            return f'<span class="sk-w-control">{"☑" if s.get("value") else "☐"} {esc(desc)}</span>'
        if name.endswith("SliderModel") or name.endswith("TextModel") and "value" in s:
            value = s.get("value")
            shown = "–".join(map(str, value)) if isinstance(value, list) else value
            return self.field(label, "" if shown is None else str(shown))
        if name.endswith("ProgressModel"):
            return (f'<span class="sk-w-control">{label}<progress value="{esc(s.get("value"))}" '
                    f'max="{esc(s.get("max"))}"></progress></span>')
        if name == "ImageModel":
            return self.image(s, entry)
        if name == "MPLCanvasModel":  # an ipympl chart: the PNG drawn into its state (widgets.static)
            data = s.get("_data_url")
            return self.image({"format": "png", "value": data}, {}) if isinstance(data, str) else ""
        if name == "OutputModel":
            return outputs_html(s.get("outputs") or [], self, depth)
        if "value" in s and not name.endswith("StyleModel") and name != "LayoutModel":
            return self.field(label, str(s.get("value")))
        return ""

    @staticmethod
    def field(label: str, value, placeholder=None, extra: str = "") -> str:
        if value:
            shown = f'<span class="sk-w-field{extra}">{esc(value)}</span>'
        else:
            shown = f'<span class="sk-w-field sk-w-empty{extra}">{esc(placeholder or "")}</span>'
        return f'<span class="sk-w-control">{label}{shown}</span>'

    @staticmethod
    def image(s: dict, entry: dict) -> str:
        mime = _IMAGE_FORMATS.get(str(s.get("format") or "png").lower())
        data = next((b.get("data") for b in entry.get("buffers") or []
                     if b.get("path") == ["value"] and b.get("encoding", "base64") == "base64"), None)
        if data is None and isinstance(s.get("value"), str):
            data = s["value"]  # some writers keep the bytes base64-encoded in the state itself
        if not mime or not data:
            return ""  # a "url" image would be fetched from the network: left out
        try:
            base64.b64decode(data, validate=True)
        except ValueError:
            return ""
        size = "".join(f' {k}="{esc(s[k])}"' for k in ("width", "height") if str(s.get(k) or "").isdigit())
        return f'<img src="data:{mime};base64,{data}"{size} alt="">'


def outputs_html(outputs: list, renderer: _Renderer | None = None, depth: int = 0) -> str:
    """Static HTML of notebook outputs (those an ``Output`` widget captured): widget views through the
    renderer, HTML as it is, images as data URLs, text escaped; JavaScript is left out."""
    parts = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            parts.append(f"<pre>{esc(out.get('text', ''))}</pre>")
        elif kind == "error":
            parts.append(f"<pre>{esc(out.get('ename', ''))}: {esc(out.get('evalue', ''))}</pre>")
        elif kind in ("display_data", "execute_result"):
            data = out.get("data", {})
            if VIEW in data and renderer is not None:
                parts.append(renderer.html(data[VIEW].get("model_id", ""), depth + 1))
            elif "text/html" in data:
                parts.append(_text(data["text/html"]))
            elif "image/png" in data or "image/jpeg" in data:
                mime = "image/png" if "image/png" in data else "image/jpeg"
                parts.append(f'<img src="data:{mime};base64,{_text(data[mime]).strip()}" alt="">')
            elif "image/svg+xml" in data:
                svg = base64.b64encode(_text(data["image/svg+xml"]).encode("utf-8")).decode("ascii")
                parts.append(f'<img src="data:image/svg+xml;base64,{svg}" alt="">')
            elif "text/plain" in data:
                parts.append(f"<pre>{esc(_text(data['text/plain']))}</pre>")
    return "".join(parts)


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def widget_html(model_id: str, state: dict) -> str:
    """Static HTML of the widget ``model_id`` and its children, from a saved widget ``state`` (the
    ``state`` mapping of a notebook's widget metadata); empty when the widget is unknown or hidden."""
    inner = _Renderer(state).html(model_id)
    return f'<div class="sk-static">{inner}</div>' if inner else ""


def static_widgets(nb):
    """A copy of the executed notebook ``nb`` whose widget outputs are static HTML (``widget_html``)
    and whose JavaScript outputs and saved widget state are gone: nothing in it needs a widget
    manager or runs a script."""
    nb = copy.deepcopy(nb)
    state = (nb.get("metadata", {}).get("widgets", {}).get(STATE, {}) or {}).get("state", {})
    renderer = _Renderer(state)
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = out.get("data")
            if not isinstance(data, dict):
                continue
            data.pop("application/javascript", None)
            if VIEW in data:
                inner = renderer.html(data[VIEW].get("model_id", ""))
                data.clear()
                data["text/html"] = f'<div class="sk-static">{inner}</div>' if inner else ""
    nb.get("metadata", {}).pop("widgets", None)
    return nb
