"""The facilitator's side of a Q&A item: the room's questions ordered by votes and, outside the
projector view, moderation: mark a question answered (or open again), hide it from the room (or
show it again). Both change the session's settings only; the questions stay stored."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from kit.content.model import Exercise
from kit.kinds.qa import MARKS_KEY, Board, Question, board, marks, room_gate, with_mark
from kit.logic.aggregate import Gate
from kit.ui.sections.base import Snapshot
from kit.ui.sections.moderation import ModeratedSection
from kit.ui.style import message


def board_html(questions: tuple[Question, ...], *, large: bool = False) -> str:
    """The questions as an escaped ordered list: votes, text, and an Answered mark."""
    if not questions:
        return '<p class="mk-muted mk-qa-empty">No questions yet.</p>'
    size = "1.5em" if large else "1em"
    rows = []
    for q in questions:
        votes = f"{q.votes} vote{'' if q.votes == 1 else 's'}"
        badge = ' <span class="mk-qa-answered">Answered</span>' if q.answered else ""
        rows.append(f'<li class="mk-qa-row{" mk-qa-is-answered" if q.answered else ""}" data-question="{escape(q.id)}" '
                    f'data-votes="{q.votes}"><b>{votes}</b> {escape(q.text)}{badge}</li>')
    return (f'<ol class="mk-qa-board" aria-label="Questions, most votes first" style="font-size:{size}">'
            + "".join(rows) + "</ol>")


def _label(q: Question) -> str:
    text = q.text if len(q.text) <= 60 else q.text[:59] + "…"
    return f"{text} ({q.votes})"


class QASection(ModeratedSection):
    """One list per Q&A item; hidden questions leave the room's list; answered ones go to the end."""

    item_type = "qa"
    settings_key = MARKS_KEY

    def __init__(self, exercise: Exercise, items):
        super().__init__(exercise, items)
        self.marks: dict[str, list[str]] = {"answered": [], "hidden": []}
        self.boards = [widgets.HTML() for _ in self.items]
        self.question = widgets.Dropdown(options=[], value=None, description="Question",
                                         layout=widgets.Layout(width="auto", max_width="100%"))
        self.answered = widgets.Button(description="Mark answered", icon="check",
                                       tooltip="Mark this question answered; it moves to the end of the list")
        self.answered.add_class("mk-qa-mark-answered")
        self.reopen = widgets.Button(description="Not answered", icon="undo", tooltip="Take the Answered mark off")
        self.hide = widgets.Button(description="Hide from the room", icon="eye-slash",
                                   tooltip="Take this question off the room's list; it stays stored")
        self.hide.add_class("mk-qa-hide")
        self.hidden = widgets.Dropdown(options=[], value=None, description="Hidden",
                                       layout=widgets.Layout(width="auto", max_width="100%"))
        self.show = widgets.Button(description="Show again", icon="eye", tooltip="Put this question back on the list")
        self.show.add_class("mk-qa-show")
        self.moderation = widgets.VBox([widgets.HBox([self.question]),
                                        widgets.HBox([self.answered, self.reopen, self.hide]),
                                        widgets.HBox([self.hidden, self.show]), self.status])
        self.moderation.add_class("mk-qa-moderation")
        self.answered.on_click(lambda _: self.set_mark(self.question.value, "answered", True))
        self.reopen.on_click(lambda _: self.set_mark(self.question.value, "answered", False))
        self.hide.on_click(lambda _: self.set_mark(self.question.value, "hidden", True))
        self.show.on_click(lambda _: self.set_mark(self.hidden.value, "hidden", False))
        parts: list[widgets.Widget] = []
        for item, box in zip(self.items, self.boards):
            parts += [widgets.HTML(f"<h3>{escape(item.text)}</h3>"), box]
        self.widget = widgets.VBox([*parts, self.moderation])
        self.widget.add_class("mk-qa-section")

    @classmethod
    def room_gate(cls, joined: int, k: int) -> Gate:
        """The phones' rule (:func:`kit.kinds.qa.room_gate`): the console shows the list, and its
        moderation, exactly when the room sees it."""
        return room_gate(joined, k)

    @classmethod
    def extra(cls, store: Any, code: str, exercise: Exercise) -> dict:
        """``{"qa": {"answered": [ids], "hidden": [ids]}}``: the facilitator's marks in this session."""
        session = store.get_session(code)
        return {"qa": marks(session.settings if session else {}, exercise.id)}

    def boards_for(self, snapshot: Snapshot) -> list[Board]:
        """Each item's list from ``snapshot`` with the session's marks."""
        extra = snapshot.extra.get("qa") if isinstance(snapshot.extra, dict) else None
        if isinstance(extra, dict):
            self.marks = {"answered": list(extra.get("answered", [])), "hidden": list(extra.get("hidden", []))}
        return [board(item, snapshot.answers, hidden=self.marks["hidden"], answered=self.marks["answered"])
                for item in self.items]

    def update(self, snapshot: Snapshot, *, large: bool = False) -> None:
        self.remember(snapshot, large)
        self.moderation.layout.display = "none" if large or not snapshot.gate.visible else None
        if not snapshot.gate.visible:
            for box in self.boards:
                box.value = ""
            return
        shown: list[Question] = []
        held: list[Question] = []
        for box, result in zip(self.boards, self.boards_for(snapshot)):
            box.value = board_html(result.questions, large=large)
            shown += result.questions
            held += result.hidden
        # Votes keep arriving while the facilitator chooses: a chosen question stays chosen.
        for menu, questions in ((self.question, shown), (self.hidden, held)):
            chosen = menu.value
            menu.options = [(_label(q), q.id) for q in questions]
            menu.value = chosen if any(q.id == chosen for q in questions) else None

    def set_mark(self, question_id: str | None, mark: str, on: bool) -> None:
        """Set (or clear) ``mark`` on ``question_id`` in the session's settings, and redraw."""
        if not question_id:
            self.status.value = message("Choose a question first.", "warn")
            return
        exercise_id = self.exercise.id
        settings = self.change_setting(lambda settings: with_mark(settings, exercise_id, question_id, mark, on))
        if settings is None:
            return
        self.marks = marks(settings, exercise_id)
        done = {("hidden", True): "is hidden from the room; it stays stored",
                ("hidden", False): "is back on the room's list",
                ("answered", True): "is marked answered", ("answered", False): "is open again"}[(mark, on)]
        self.status.value = message(f"The question {done}.", "ok")
        self.redraw("qa", dict(self.marks))

    def text_summary(self, snapshot: Snapshot) -> str:
        if not snapshot.gate.visible:
            return ""
        return "\n".join(f"{item.text}: " + "; ".join(f"{q.text} ({q.votes})" for q in result.questions)
                         for item, result in zip(self.items, self.boards_for(snapshot)))
