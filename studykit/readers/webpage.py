"""Saved web pages (``.html``, ``.htm``): the page's own text, one block element a line.

Scripts, styles, navigation and blocks whose class or id names page furniture are left out; the first
``<h1>`` (else the page's ``<title>`` without the site's name) becomes the first line, so it is the title.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from .document import Document
from .encoding import read_document


class _TextOfHTML(HTMLParser):
    _BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
              "article", "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "title", "td", "th"}
    _SKIP = {"script", "style", "noscript", "template", "svg", "head", "nav", "aside", "footer", "form", "iframe",
             "button", "select"}

    # a block whose class or id names page furniture (navigation, site header and footer, copyright)
    _CHROME = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|foot|footer|bottom|copyright|share|sidebar"
                         r"|toolbar)(?:$|[\s_-])", re.I)
    _VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"}
    # furniture is recognised on elements that are always closed (an unclosed <li> or <p> would hide the rest)
    _CONTAINERS = {"div", "section", "aside", "ul", "ol", "dl", "table", "span", "nav", "header", "footer", "form"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skip = 0
        self.in_title = False
        self.h1: list[str] | None = None  # text of the first <h1>, while and after reading it
        self.in_h1 = False
        self.h1_at = -1  # where in ``parts`` the first <h1> stood: text before it is the site's header
        self.chrome: list[str] = []  # open elements of a furniture block (skipped with all they hold)

    def handle_starttag(self, tag, attrs):
        if self.chrome:
            if tag not in self._VOID:
                self.chrome.append(tag)
            return
        names = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
        if names and tag in self._CONTAINERS and self._CHROME.search(names):
            self.chrome.append(tag)
            return
        if tag in self._SKIP:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "h1" and self.h1 is None and not self.skip:
            self.h1, self.in_h1, self.h1_at = [], True, len(self.parts)
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.chrome:
            if tag in self.chrome:  # close up to the matching element (tolerates unclosed ones inside)
                del self.chrome[len(self.chrome) - 1 - self.chrome[::-1].index(tag):]
            return
        if tag in self._SKIP and self.skip:
            self.skip -= 1
        elif tag == "title":
            self.in_title = False
        elif tag == "h1":
            self.in_h1 = False
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.chrome:
            return
        if self.in_title:
            self.title.append(data)
        elif self.in_h1 and self.h1 is not None:
            self.h1.append(data)
        elif not self.skip:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(html: str) -> str:
    """The text of an HTML page: scripts, styles, navigation and markup removed, one block element a line.

    The first ``<h1>`` (else the page's ``<title>`` without the site's name after it) becomes the first
    line; what stands before that title in the page (the site's header) and blocks whose class or id
    names page furniture (``nav``, ``footer``, ``breadcrumb``, ``copyright``, …) are left out.
    """
    p = _TextOfHTML()
    p.feed(html)
    p.close()
    has_h1 = bool(p.h1 and "".join(p.h1).strip())
    parts = p.parts[p.h1_at:] if has_h1 else p.parts  # the site's header goes
    lines = [ln.strip() for ln in "".join(parts).split("\n")]
    lines = [ln for ln in lines if ln]
    if has_h1:
        title = " ".join("".join(p.h1).split())
    else:  # the page's <title> without the site's name after it ("文章标题 - 求是网", "文章标题_新华网")
        title = " ".join("".join(p.title).split())
        m = re.match(r"^(.{6,}?)\s*[-_|｜]\s*[^-_|｜]{1,16}$", title)
        title = m[1] if m else title
        key = re.sub(r"\s+", "", title)
        at = next((k for k, ln in enumerate(lines) if key and re.sub(r"\s+", "", ln) == key), None)
        if at is not None:  # the title stands in the page: what is above it is the site's header
            lines = lines[at:]
    body = "\n".join(lines)
    if title and not body.startswith(title[:10]):
        body = title + "\n" + body
    return body


def read(path: Path) -> Document:
    """The ``Document`` of a saved web page: one part, its text (see ``html_to_text``)."""
    return read_document(path, html_to_text)
