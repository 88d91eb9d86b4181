"""``NotesPanel``: choose a passage of the article in the reader, write a note on it, edit and delete notes.

A passage is chosen from a list, not by dragging the mouse over the text: a list of the article's
sentences (from one sentence to another), of its key points, or of the KWIC lines of the browser's
term. Lists are native controls, so this works the same in JupyterLab and Voila, with the keyboard and
on a touch screen, and needs no code in the browser. The notes are kept by ``notes.NoteStore``.
"""

from __future__ import annotations

import ipywidgets as w

from .. import render
from ..markup import esc
from ..notes import NoteStore, passage_options
from ._common import COMPACT, full, tagged

_PICK = [("句子 sentences", "sentence"), ("要点 key point", "key_point"), ("KWIC 行 line", "kwic")]


class NotesPanel(w.VBox):
    """The notes of one article: a passage picker, a note box, the list of the article's notes, and
    edit and delete.

    ``NotesPanel(corpus, user=None)``; ``show(article)`` switches to another article. ``on_change``
    (no arguments) is called after a note is added, edited or deleted (the browser redraws its
    highlights). ``kwic_term`` and ``kwic_regex`` are the browser's KWIC controls, whose lines can be
    noted. ``spans()`` gives the ``(start, end, number)`` of the notes shown, for the reader.

    Args:
        on_change: called with no arguments after each change to the notes.
        kwic_term: the Text control whose term the KWIC lines are found for.
        kwic_regex: the Checkbox that says the term is a regular expression.
        store: the note store to use (default: ``NoteStore(user, corpus=corpus)``).
    """

    def __init__(self, corpus, user: str | None = None, *, on_change=None, kwic_term=None,
                 kwic_regex=None, store: NoteStore | None = None) -> None:
        self.store = store or NoteStore(user, corpus=corpus)
        self.article = None
        self._notes: list = []
        self._on_change = on_change or (lambda: None)
        self._kwic_term, self._kwic_regex = kwic_term, kwic_regex
        self._editing: int | None = None
        self._confirm: int | None = None
        self.pick = tagged(w.ToggleButtons(options=_PICK, value="sentence", description="选取 pick",
                                           style={"button_width": "auto", **COMPACT}), "sk-note-pick")
        self.first = tagged(w.Dropdown(options=[], description="从 from", style=COMPACT, layout=full()),
                            "sk-note-first")
        self.last = tagged(w.Dropdown(options=[], description="到 to", style=COMPACT, layout=full()),
                           "sk-note-last")
        self.preview = tagged(w.HTML(layout=full()), "sk-note-preview")
        self.note_text = tagged(w.Textarea(placeholder="写下你的笔记 / write your note", rows=3,
                                      layout=full()), "sk-note-text")
        self.add_button = tagged(w.Button(description="添加笔记 add note", button_style="primary",
                                   layout=w.Layout(width="auto")), "sk-note-add")
        self.cancel_button = tagged(w.Button(description="取消 cancel", layout=w.Layout(width="auto")), "sk-note-cancel")
        self.message = tagged(w.HTML(), "sk-note-message")
        self.listing = tagged(w.HTML(layout=full()), "sk-note-list")
        self.chosen = tagged(w.Dropdown(options=[], description="笔记 note", style=COMPACT, layout=full()),
                             "sk-note-chosen")
        self.edit_button = tagged(w.Button(description="编辑 edit", layout=w.Layout(width="auto")), "sk-note-edit")
        self.delete_button = tagged(w.Button(description="删除 delete", button_style="warning",
                                      layout=w.Layout(width="auto")), "sk-note-delete")
        self.cancel_button.layout.display = "none"
        manage = w.HBox([self.chosen, self.edit_button, self.delete_button], layout=full(flex_flow="row wrap"))
        self._manage = manage
        # the controls that change notes carry "sk-live": a static copy of the page (studykit share) leaves them out
        editor = tagged(w.VBox([self.pick, self.first, self.last, self.preview, self.note_text,
                                w.HBox([self.add_button, self.cancel_button, self.message],
                                       layout=full(flex_flow="row wrap"))], layout=full()), "sk-live")
        super().__init__([w.HTML("<h3>笔记 Notes</h3>"), editor, self.listing, tagged(manage, "sk-live")],
                         layout=full())
        self.add_class("sk-notes-panel")
        self.pick.observe(self._choices, "value")
        self.first.observe(self._ends, "value")
        self.last.observe(self._preview, "value")
        self.add_button.on_click(self._save)
        self.cancel_button.on_click(lambda _: self._stop_editing())
        self.edit_button.on_click(self._start_editing)
        self.delete_button.on_click(self._delete)
        self.chosen.observe(lambda _: self._unconfirm(), "value")
        for c in (kwic_term, kwic_regex):
            if c is not None:
                c.observe(lambda _: self.pick.value == "kwic" and self._choices(), "value")

    # -- what is shown --------------------------------------------------------------------------
    @property
    def notes(self) -> list:
        """The notes of the article shown, in text order (``notes.Note``)."""
        return list(self._notes)

    @property
    def passage(self) -> tuple[int, int] | None:
        """``(start, end)`` of the passage chosen, or ``None``."""
        if self.first.value is None:
            return None
        if self.pick.value == "sentence" and self.last.value is not None:
            return self.first.value[0], max(self.first.value[1], self.last.value[1])
        return self.first.value

    def spans(self) -> list[tuple[int, int, int]]:
        """``(start, end, number)`` of each note shown whose passage is in the text."""
        return [(n.start, n.end, i) for i, n in enumerate(self._notes, 1) if not n.lost]

    def show(self, article) -> None:
        """Show the notes of ``article`` (an ``Article``, or ``None`` for none)."""
        self.article = article
        self._stop_editing(quiet=True)
        self._choices()
        self._refresh()

    # -- callbacks ------------------------------------------------------------------------------
    def _choices(self, change=None) -> None:
        a = self.article
        options = []
        if a is not None:
            term = self._kwic_term.value if self._kwic_term is not None else ""
            regex = bool(self._kwic_regex.value) if self._kwic_regex is not None else False
            try:
                options = passage_options(a, self.pick.value, term=term, regex=regex)
            except ValueError:  # a half-typed regular expression: nothing to choose yet
                options = []
        self.first.options = options
        self.first.value = options[0][1] if options else None
        self.last.layout.display = "flex" if self.pick.value == "sentence" else "none"
        if not options and a is not None:
            why = {"kwic": "先在下面的 KWIC 里输入一个词 / type a KWIC term below first",
                   "key_point": "这篇文章没有要点 / this article has no key points"}.get(self.pick.value, "")
            self.preview.value = f'<div class="sk-doc sk-note-hint">{esc(why)}</div>'
        self._ends()

    def _ends(self, change=None) -> None:
        if self.pick.value == "sentence" and self.first.value is not None:
            opts = [o for o in self.first.options if o[1][0] >= self.first.value[0]][:30]
            self.last.options = opts
            self.last.value = opts[0][1] if opts else None
        else:
            self.last.options = []
        self._preview()

    def _preview(self, change=None) -> None:
        span = self.passage
        if self.article is None or span is None:
            if self.first.options:
                self.preview.value = ""
            return
        quote = esc(self.article.text[span[0]:span[1]], breaks=True)
        self.preview.value = f'<div class="sk-doc"><blockquote class="sk-note-quote">{quote}</blockquote></div>'

    def _refresh(self) -> None:
        a = self.article
        self._notes = self.store.list(a) if a is not None else []
        self.listing.value = render.note_list_html(self._notes) if a is not None else ""
        self.chosen.options = [(f"[{i}] {n.note[:30]}", n.id) for i, n in enumerate(self._notes, 1)]
        self.chosen.value = self._notes[-1].id if self._notes else None
        self._manage.layout.display = "flex" if self._notes else "none"
        self._unconfirm()

    def _unconfirm(self) -> None:
        self._confirm = None
        self.delete_button.description = "删除 delete"

    def _say(self, text: str, ok: bool = True) -> None:
        color = "#1b5e20" if ok else "#a00020"
        self.message.value = f'<span class="sk-doc" style="color:{color}">{esc(text)}</span>'

    def _save(self, _=None) -> None:
        if self.article is None:
            return
        try:
            if self._editing is not None:
                self.store.edit(self._editing, self.note_text.value)
                self._say("已保存修改 / note saved")
            else:
                span = self.passage
                if span is None:
                    self._say("先选一段文字 / choose a passage first", ok=False)
                    return
                self.store.add(self.article, span[0], span[1], self.note_text.value)
                self._say("已添加笔记 / note added")
        except (ValueError, KeyError) as e:
            self._say(str(e).strip("'\""), ok=False)
            return
        self._stop_editing(quiet=True)
        self._refresh()
        self._on_change()

    def _start_editing(self, _=None) -> None:
        if self.chosen.value is None:
            return
        note = next(n for n in self._notes if n.id == self.chosen.value)
        self._editing = note.id
        self.note_text.value = note.note
        self.add_button.description = "保存修改 save"
        self.cancel_button.layout.display = "flex"
        self.preview.value = ('<div class="sk-doc"><blockquote class="sk-note-quote">'
                              f"{esc(note.passage, breaks=True)}</blockquote></div>")
        self._say("正在编辑笔记 / editing the note")

    def _stop_editing(self, quiet: bool = False) -> None:
        self._editing = None
        self.note_text.value = ""
        self.add_button.description = "添加笔记 add note"
        self.cancel_button.layout.display = "none"
        if not quiet:
            self.message.value = ""
            self._preview()

    def _delete(self, _=None) -> None:
        nid = self.chosen.value
        if nid is None:
            return
        if self._confirm != nid:  # the first click asks, the second deletes
            self._confirm = nid
            self.delete_button.description = "确认删除？ confirm"
            self._say("再点一次删除 / click again to delete", ok=False)
            return
        try:
            self.store.delete(nid)
        except KeyError as e:
            self._say(str(e).strip("'\""), ok=False)
            return
        if self._editing == nid:
            self._stop_editing(quiet=True)
        self._say("已删除 / note deleted")
        self._refresh()
        self._on_change()
