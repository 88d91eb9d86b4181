"""``ReviewWidget``: one question at a time from the corpus, checked, revealed with its source, scored."""

from __future__ import annotations

import ipywidgets as w

from ..markup import bold_terms, esc
from ..progress import ProgressStore
from ..review import BLANK, Question, build_questions, check, filter_questions, pick_questions
from ..themes import load_themes
from ._common import COMPACT, full, tagged

STYLE = """<style>
.sk-review {font-size: 1.2em; line-height: 1.7; max-width: 100%; overflow-wrap: anywhere;}
.sk-review .sk-review-text {font-size: 1.3em; line-height: 1.8; margin: 0.4em 0;}
.sk-review .sk-blank {display: inline-block; min-width: 4em; border-bottom: 2px solid #333; color: transparent;}
.sk-review .sk-right {color: #1b6e20; font-weight: bold;}
.sk-review .sk-wrong {color: #b00020; font-weight: bold;}
.sk-review .sk-source-sentence {background: #f3f3f3; padding: 0.4em 0.6em; border-left: 4px solid #3d8bd9;}
.sk-review .sk-source-sentence b {background: #ffe066;}
.sk-review .sk-cite {color: #444; font-size: 0.85em;}
.sk-review .sk-score {font-weight: bold;}
.sk-review {--jp-widgets-font-size: 16px; --jp-widgets-inline-height: 32px;}
.sk-review select {font-size: 16px;}
.sk-review .jupyter-button {flex-shrink: 0;}
.sk-review a.sk-download {color: #1a5fb4; text-decoration: underline; margin-left: 0.5em;}
</style>"""


class ReviewWidget(w.VBox):
    """Review questions built from ``corpus`` (default: the bundled corpus), one at a time.

    Filters choose the questions (article, month, theme, how many: ``review.pick_questions`` with the
    set number, so a teacher gives the class the same ten); the 复习单 link saves them as a printable
    sheet. The learner's name (the 名字 box) chooses whose progress is used; the order comes from it
    (``store``, default ``ProgressStore()`` in the user data directory): cards answered
    wrongly come first, then new ones, and cards not yet due are left out. "检查 Check" compares the
    answer, saves it and updates the running score; "答案 Reveal" shows the answer with its whole
    source sentence, article, source and date (revealing before checking counts as not known);
    "下一题 Next" moves on.

    Args:
        questions: the questions, instead of building them from the corpus.
        store: where progress is kept (default ``ProgressStore(user=user)``).
        themes: ``{name: [terms]}`` for the theme filter (default: the bundled theme file).
        user: the learner whose progress is used (default: the login name).
        count: at most this many questions at first (0: all).
        seed: which ones ``count`` picks at first (the 第几组 set number).
    """

    def __init__(self, corpus=None, *, questions: list[Question] | None = None,
                 store: ProgressStore | None = None, themes: dict[str, list[str]] | None = None,
                 user: str | None = None, count: int = 0, seed: int = 0) -> None:
        if questions is None:
            if corpus is None:
                from ..sources import load_corpus

                corpus = load_corpus()
            questions = build_questions(corpus)
        self.questions = list(questions)
        self.store = store if store is not None else ProgressStore(user=user)
        self._own_store = store is None
        self.right = 0
        self.answered = 0
        self._queue: list[Question] = []
        self._pos = 0
        self._done = False

        articles = {}
        for q in self.questions:
            articles.setdefault(q.article, f"{q.article} · {q.title[:24]}")
        months = sorted({q.date[:7] for q in self.questions if q.date and len(q.date) >= 7})
        self.article = tagged(w.Dropdown(options=[("全部文章 all", 0)] + [(v, k) for k, v in articles.items()],
                                         description="文章 article", style=COMPACT, layout=w.Layout(width="auto")), "sk-review-article")
        self.month = tagged(w.Dropdown(options=[("不限 any", "")] + [(m, m) for m in months],
                                       description="月份 month", style=COMPACT, layout=w.Layout(width="auto")), "sk-review-month")
        self.theme = tagged(w.Dropdown(options=[("全部主题 all", ())] + self._theme_options(themes),
                                       description="主题 theme", style=COMPACT, layout=w.Layout(width="auto")), "sk-review-theme")
        self.how_many = tagged(w.BoundedIntText(value=count, min=0, max=max(1, len(self.questions)), step=1,
                                                description="题数 how many (0 = 全部 all)", style=COMPACT,
                                                layout=w.Layout(width="auto")), "sk-review-how-many")
        self.seed = tagged(w.BoundedIntText(value=seed, min=0, max=9999, step=1, description="第几组 set",
                                            style=COMPACT, layout=w.Layout(width="auto")), "sk-review-seed")
        self.learner = tagged(w.Text(value=self.store.user, description="名字 learner", style=COMPACT,
                                     placeholder="例如：小王", continuous_update=False,
                                     layout=w.Layout(width="auto")), "sk-review-learner")
        self.sheet = tagged(w.HTML(), "sk-review-sheet")
        self.count = tagged(w.HTML(), "sk-review-count")
        self.prompt = tagged(w.HTML(layout=full()), "sk-review-prompt")
        self.choices = tagged(w.ToggleButtons(options=[], value=None, style={"button_width": "auto"}),
                              "sk-review-choices")
        self.response = tagged(w.Text(placeholder="输入答案 type the answer", layout=w.Layout(width="30em",
                                                                                         max_width="100%")),
                               "sk-review-answer")
        self.check_button = tagged(w.Button(description="检查 Check", button_style="primary", layout=w.Layout(width="auto")), "sk-review-check")
        self.reveal_button = tagged(w.Button(description="答案 Reveal", layout=w.Layout(width="auto")), "sk-review-reveal")
        self.next_button = tagged(w.Button(description="下一题 Next ▶", layout=w.Layout(width="auto")), "sk-review-next")
        self.all_button = tagged(w.Button(description="全部再练 practise all", layout=w.Layout(width="auto")), "sk-review-all")
        self.feedback = tagged(w.HTML(layout=full()), "sk-review-feedback")
        self.score = tagged(w.HTML(), "sk-review-score")

        filters = w.HBox([self.article, self.month, self.theme], layout=full(flex_flow="row wrap"))
        picks = w.HBox([self.how_many, self.seed, self.learner, self.sheet],
                       layout=full(flex_flow="row wrap", align_items="center"))
        buttons = w.HBox([self.check_button, self.reveal_button, self.next_button, self.all_button],
                         layout=full(flex_flow="row wrap"))
        super().__init__([w.HTML(STYLE), filters, picks, w.HBox([self.count, self.score], layout=full(
            justify_content="space-between")), self.prompt, self.choices, self.response, buttons,
            self.feedback], layout=full())
        self.add_class("sk-review")

        for c in (self.article, self.month, self.theme, self.how_many, self.seed):
            c.observe(self._filter, "value")
        self.learner.observe(self._switch_learner, "value")
        self.choices.observe(self._pick, "value")
        self.check_button.on_click(lambda _: self.check())
        self.reveal_button.on_click(lambda _: self.reveal())
        self.next_button.on_click(lambda _: self.next())
        self.all_button.on_click(lambda _: self._filter(practise_all=True))
        self._filter()

    def _theme_options(self, themes: dict[str, list[str]] | None) -> list[tuple[str, tuple[str, ...]]]:
        """(name, terms) of every theme that some question belongs to; default themes: the bundled
        theme file."""
        if themes is None:
            themes = load_themes()
        return [(name, tuple(terms)) for name, terms in themes.items()
                if filter_questions(self.questions, theme=terms)]

    # -- state ------------------------------------------------------------------------------------
    @property
    def question(self) -> Question | None:
        """The question on screen, or ``None`` when none is left."""
        return self._queue[self._pos] if self._pos < len(self._queue) else None

    def selected(self) -> list[Question]:
        """The questions the filters select (at most "how many" of them, the set chosen by its number),
        in their built order."""
        month = self.month.value or None
        found = filter_questions(self.questions, article=self.article.value or None, date_from=month,
                                 date_to=month, theme=list(self.theme.value) or None)
        return pick_questions(found, self.how_many.value or None, seed=self.seed.value)

    def _switch_learner(self, change=None) -> None:
        """Use the progress of the learner named in the box (a new name starts with no answers)."""
        name = self.learner.value.strip()
        if not name or name == self.store.user:
            return
        old = self.store
        self.store = ProgressStore(old.path, user=name)
        if self._own_store:
            old.close()
        self._own_store = True
        self.right = self.answered = 0
        self._filter()

    def _filter(self, _=None, practise_all: bool = False) -> None:
        chosen = self.selected()
        from ..sheets import download_link, review_sheet

        self.sheet.value = (download_link(review_sheet(chosen), f"复习单_{len(chosen)}题.html",
                                          f"复习单 sheet（{len(chosen)} 题）") if chosen else "")
        if practise_all:
            self._queue = chosen
        else:
            by_id = {q.id: q for q in chosen}
            self._queue = [by_id[i] for i in self.store.due([q.id for q in chosen])]
        self._pos = 0
        self._show()

    # -- actions ----------------------------------------------------------------------------------
    def check(self, response: str | None = None) -> bool | None:
        """Check ``response`` (default: what is typed or chosen), save it, update the score; return
        whether it was right, or ``None`` if there is no question or it was already answered."""
        q = self.question
        if q is None or self._done:
            return None
        given = self.response.value if response is None else response
        ok = check(q, given)
        self._record(q, ok, given)
        self._reveal(q, ok)
        return ok

    def reveal(self) -> None:
        """Show the answer with its source; if the question was not answered yet it counts as wrong."""
        q = self.question
        if q is None:
            return
        if not self._done:
            self._record(q, False, "")
        self._reveal(q, None)

    def next(self) -> None:
        """Go to the next question."""
        if self._pos < len(self._queue):
            self._pos += 1
        self._show()

    def _record(self, q: Question, ok: bool, given: str) -> None:
        self.store.record(q.id, ok, given)
        self.answered += 1
        self.right += int(ok)
        self._done = True
        self._update_score()

    def _pick(self, change) -> None:
        if change["new"] is not None:
            self.response.value = change["new"]

    # -- display ----------------------------------------------------------------------------------
    def _update_score(self) -> None:
        self.score.value = (f'<span class="sk-score">得分 score: <span class="sk-score-right">{self.right}</span>'
                            f' / <span class="sk-score-answered">{self.answered}</span></span>')

    def _show(self) -> None:
        self._done = False
        self.feedback.value = ""
        self.response.value = ""
        self._update_score()
        q = self.question
        total = len(self._queue)
        if q is None:
            self.count.value = f"共 {total} 题 / {total} questions"
            msg = ("这一组已经做完，或今天没有到期的题。/ Done, or nothing is due today."
                   if self.selected() else "没有符合条件的题目。/ No question matches the filters.")
            self.prompt.value = f'<div class="sk-review-text">{esc(msg)}</div>'
            self.choices.options = []
            self.choices.layout.display = "none"
            self.response.layout.display = "none"
            return
        self.count.value = f"第 {self._pos + 1} / {total} 题 · question {self._pos + 1} of {total}"
        if q.kind == "cloze":
            text = esc(q.prompt).replace(esc(BLANK), '<span class="sk-blank">＿＿</span>')
            hint = "填空 Fill in the blank"
        else:
            text = esc(q.prompt)
            hint = f"说出全部 {len(q.parts)} 项 / name all {len(q.parts)} parts"
        self.prompt.value = (f'<div class="sk-review-text">{text}</div>'
                             f'<div class="sk-cite">{esc(hint)}</div>')
        self.choices.options = list(q.choices)
        self.choices.value = None
        self.choices.layout.display = "flex" if q.choices else "none"
        self.response.layout.display = "none" if q.choices else "flex"

    def _reveal(self, q: Question, ok: bool | None) -> None:
        verdict = ""
        if ok is True:
            verdict = '<div class="sk-right">✔ 对了 right</div>'
        elif ok is False:
            verdict = '<div class="sk-wrong">✘ 不对 not quite</div>'
        sentence = bold_terms(q.sentence, {q.answer, *q.parts})
        self.feedback.value = (f'{verdict}<div>答案 answer: <b class="sk-answer">{esc(q.answer)}</b></div>'
                               f'<div class="sk-source-sentence">{sentence}</div>'
                               f'<div class="sk-cite">{esc(q.citation)} · 文章 {q.article}</div>')
