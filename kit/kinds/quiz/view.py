"""A quiz for one participant: each statement answered with how sure they are, checked one by one.

Every statement is on one page (a phone scrolls; a keyboard tabs from one to the next). After
"Check", the statement is locked and shows whether the answer was right and why. A long quiz shows its
first statements at once and adds the others a moment later (:mod:`kit.ui.progressive`). Each check stores
the answers checked so far as a new revision of the current run, so a reload brings everything back.
Once every statement of the session is checked the participant sees their score, the statements to
revisit, and in the second run (after the talk) their change since the first.
"""

from __future__ import annotations

import logging
import uuid
from html import escape
from typing import Any, Mapping

import ipywidgets as widgets

from kit.content.model import Exercise, Item
from kit.errors import InputError
from kit.logic.answers import clean_answers
from kit.logic.quiz import current_run, is_correct, my_change, score, selected_items
from kit.logic.visibility import is_open
from kit.store import ParticipantRecord, SessionRecord, Store
from kit.ui.draft import DraftKeeper
from kit.ui.form import exercise_header
from kit.ui.parts import Parts
from kit.ui.progressive import Stages
from kit.ui.style import message
from kit.ui.sync import on_press
from kit.ui.submission import ended_message

log = logging.getLogger(__name__)

#: Statements built with the view (the rest follow, :mod:`kit.ui.progressive`): a statement with its
#: two sets of choices fills a phone's screen, and a card costs five widget models.
FIRST_CARDS = 1

CHANGE_WORDS = {
    "improved": "Now right",
    "worse": "Now wrong",
    "still_right": "Right both times",
    "still_wrong": "Wrong both times",
    "new": "Not answered in the first round",
}


def _label(item: Item, value: Any) -> str:
    try:
        return item.scale.label(value) if item.scale is not None else str(value)
    except KeyError:
        return str(value)


class QuizItemCard(widgets.VBox):
    """One statement: the answer, how sure, Check, and the feedback once checked."""

    def __init__(self, exercise: Exercise, item: Item, number: int, parts: Parts | None = None):
        self.item = item
        assert item.scale is not None
        parts = Parts() if parts is None else parts
        self.answer = widgets.RadioButtons(
            options=[(o.label, o.value) for o in item.scale.options], value=None,
            description=f"{number}. {item.text}", **parts.labelled())
        self.answer.add_class("mk-choice")
        self.answer.add_class("mk-quiz-answer")
        scale = exercise.confidence_scale
        self.confidence: widgets.RadioButtons | None = None
        controls: list[widgets.Widget] = [self.answer]
        if scale is not None:
            self.confidence = widgets.RadioButtons(
                options=[(o.label, o.value) for o in scale.options], value=None,
                description="How sure are you?", **parts.labelled())
            self.confidence.add_class("mk-choice")
            self.confidence.add_class("mk-quiz-confidence")
            controls.append(self.confidence)
        # Hidden once checked by the stylesheet (a checked card's class), not by its layout, so it shares one.
        self.check = widgets.Button(description="Check", button_style="primary", disabled=True,
                                    tooltip=f"Check your answer to statement {number}",
                                    layout=parts.layout(), style=parts.style(widgets.ButtonStyle))
        self.check.add_class("mk-quiz-check")
        self._parts = parts
        #: The verdict and explanation, made when the statement is checked (one model fewer per
        #: statement while the room builds the quiz).
        self.feedback: widgets.HTML | None = None
        self.checked = False
        super().__init__([*controls, self.check], layout=parts.layout())
        self.add_class("mk-quiz-item")
        self.answer.observe(self._changed, names="value")
        if self.confidence is not None:
            self.confidence.observe(self._changed, names="value")

    @property
    def value(self) -> dict[str, str] | None:
        """The answer as stored, or None while incomplete."""
        if self.answer.value is None or (self.confidence is not None and self.confidence.value is None):
            return None
        value = {"answer": self.answer.value}
        if self.confidence is not None:
            value["confidence"] = self.confidence.value
        return value

    def _changed(self, _change: Any = None) -> None:
        self.check.disabled = self.checked or self.value is None

    def pick(self, value: Mapping[str, Any]) -> None:
        """Put back choices made earlier but not checked (a draft); unknown values are ignored."""
        if value.get("answer") in self.item.scale.values():
            self.answer.value = value["answer"]
        if self.confidence is not None and value.get("confidence") in [v for _, v in self.confidence.options]:
            self.confidence.value = value["confidence"]

    def show(self, value: Mapping[str, Any]) -> None:
        """Show a stored answer as checked: locked, with the verdict and the explanation."""
        item = self.item
        self.answer.value = value.get("answer") if value.get("answer") in item.scale.values() else None
        if self.confidence is not None:
            options = [v for _, v in self.confidence.options]
            self.confidence.value = value.get("confidence") if value.get("confidence") in options else None
        self.checked = True
        self.set_disabled(True)
        right = is_correct(item, value)
        self.remove_class("mk-quiz-right")
        self.remove_class("mk-quiz-wrong")
        self.add_class("mk-quiz-right" if right else "mk-quiz-wrong")
        verdict = "Right." if right else "Not quite."
        source = item.source.attribution if item.source is not None else ""
        if self.feedback is None:
            self.feedback = self._parts.html()
            self.feedback.add_class("mk-quiz-feedback")
            self.children = (*self.children, self.feedback)
        self.feedback.value = message(
            f"<b>{verdict}</b> The answer is “{escape(_label(item, item.answer))}”; "
            f"you answered “{escape(_label(item, value.get('answer')))}”."
            f"<p>{escape(item.explanation or '')}</p>"
            + (f'<p class="mk-source">{escape(source)}</p>' if source else ""),
            "ok" if right else "warn")

    def close(self) -> None:
        """Close the card, with its feedback (made after the view, so not among the widgets the room
        recorded when it built the view)."""
        if self.feedback is not None:
            self.feedback.close()
        super().close()

    def set_disabled(self, disabled: bool) -> None:
        """Lock or unlock the inputs (a checked statement stays locked)."""
        self.answer.disabled = disabled or self.checked
        if self.confidence is not None:
            self.confidence.disabled = disabled or self.checked
        self.check.disabled = disabled or self.checked or self.value is None


class QuizView(widgets.VBox):
    """The participant's view of a quiz exercise in the session's current run."""

    def __init__(self, store: Store, exercise: Exercise, session: SessionRecord, participant: ParticipantRecord,
                 **_ignored: Any):
        self.store, self.exercise, self.session, self.participant = store, exercise, session, participant
        self.run = current_run(exercise, session.settings)
        self.items = selected_items(exercise, session.settings)
        self.parts = Parts()
        #: The statements built so far, by item id (the rest are added by :attr:`stages`).
        self.cards: dict[str, QuizItemCard] = {}
        self.card_box = self.parts.box([])
        self.round = self.parts.html(self._round_text())
        self.progress = self.parts.html()
        self.progress.add_class("mk-quiz-progress")
        self.status = self.parts.html()
        self.status.add_class("mk-submit-status")
        self.summary = self.parts.html()
        self.summary.add_class("mk-quiz-summary")
        self._busy = False
        super().__init__([exercise_header(exercise, self.parts), self.round, self.progress, self.card_box,
                          self.status, self.summary])
        self.add_class("mk-quiz")
        latest = self.store.latest_response(self.participant.key, self.exercise.id, run=self.run)
        self.stored: dict[str, Any] = dict(latest.answers) if latest is not None else {}
        #: Keeps choices made but not yet checked (None once the session has ended).
        self.drafts: DraftKeeper | None = None
        self._drafted: dict[str, Any] = {}  # draft choices of statements not built yet
        if session.is_open:
            self.drafts = DraftKeeper(store, participant.key, exercise.id, self._unchecked, run=self.run)
            found = self.drafts.load(None)
            self._drafted = {k: v for k, v in (found[0] if found else {}).items() if isinstance(v, Mapping)}
        else:
            self.status.value = ended_message(latest is not None)
        self.stages = Stages(self, lambda: len(self.items) - len(self.cards), self._add_cards)
        self._add_cards(self.stages.first_count(len(self.items), FIRST_CARDS))
        if self.drafts is not None:
            self.drafts.settle()
        self._update()
        self.stages.schedule()

    def _add_cards(self, count: int) -> None:
        """Build the next ``count`` statements, each as it was left: checked, picked in a draft, or empty."""
        start = len(self.cards)
        new = []
        for number, item in enumerate(self.items[start:start + count], start + 1):
            card = QuizItemCard(self.exercise, item, number, self.parts)
            # A choice made just before the press may still be in the page: check once it is in.
            on_press(card.check, lambda _button, item_id=item.id: self.check(item_id))
            stored, drafted = self.stored.get(item.id), self._drafted.pop(item.id, None)
            if isinstance(stored, Mapping):
                card.show(stored)
            elif drafted is not None:
                card.pick(drafted)
            if not self.session.is_open:
                card.set_disabled(True)
            if self.drafts is not None:
                card.answer.observe(lambda _change: self.drafts.changed(), names="value")
                if card.confidence is not None:
                    card.confidence.observe(lambda _change: self.drafts.changed(), names="value")
            self.cards[item.id] = card
            new.append(card)
        if new:
            self.card_box.children = (*self.card_box.children, *new)

    def close(self) -> None:
        """Close the view, with the statements added after it was built."""
        self.stages.close()
        super().close()

    def _unchecked(self) -> dict[str, Any]:
        """Choices on statements not checked yet (what a draft keeps), built or not."""
        out = dict(self._drafted)
        for item_id, card in self.cards.items():
            if card.checked:
                continue
            value = {k: v for k, v in (("answer", card.answer.value),
                                       ("confidence", card.confidence.value if card.confidence else None)) if v}
            if value:
                out[item_id] = value
        return out

    def is_stale(self, session: SessionRecord) -> bool:
        """Has the facilitator moved the quiz to another run or chosen other items since this view was
        built? (The one-page room then builds it again.)"""
        return (current_run(self.exercise, session.settings) != self.run
                or [i.id for i in selected_items(self.exercise, session.settings)] != [i.id for i in self.items])

    def _round_text(self) -> str:
        if self.run == 2:
            return ('<p class="mk-quiz-round" data-run="2"><b>Second round, after the talk.</b> Answer again: at '
                    "the end you see what changed since your first round.</p>")
        return '<p class="mk-quiz-round" data-run="1"></p>'

    # -- state ------------------------------------------------------------------------------------
    def _update(self) -> None:
        done = sum(1 for item in self.items if isinstance(self.stored.get(item.id), Mapping))
        total = len(self.items)
        self.progress.value = (f'<p class="mk-muted" data-checked="{done}" data-total="{total}">'
                               f"{done} of {total} statements checked.</p>")
        self.summary.value = self._summary_html() if total and done == total else ""

    def _fresh_session(self) -> SessionRecord:
        """Re-read the session: the facilitator may have closed the quiz or moved it to another run."""
        session = self.store.get_session(self.session.code) or self.session
        if session.is_open and not is_open(session.settings, self.exercise.id):
            raise InputError("Your facilitator has closed this quiz for now, so this answer was not saved. "
                             "Check it again when the quiz reopens.")
        run = current_run(self.exercise, session.settings)
        if session.is_open and run != self.run:
            raise InputError("Your facilitator has moved this quiz to "
                             + ("the second round (after the talk)" if run == 2 else "the first round")
                             + ". Reload the page to continue there.")
        return session

    # -- actions ----------------------------------------------------------------------------------
    def check(self, item_id: str) -> None:
        """Store the answer to ``item_id`` with every answer checked so far, then show the verdict."""
        card = self.cards.get(item_id)
        if card is None or self._busy or card.checked or card.value is None:
            return
        self._busy = True
        card.check.disabled = True
        try:
            self._fresh_session()
            answers = {**self.stored, item_id: card.value}
            cleaned = clean_answers(self.exercise, answers, require_all=False)
            result = self.store.submit(self.participant.key, self.exercise.id, cleaned,
                                       submission_id=uuid.uuid4().hex, run=self.run)
        except InputError as error:
            self.status.value = message(escape(str(error)), "error")
            card.set_disabled(False)
        except Exception:  # never lose the page: the answer is still selected
            log.exception("quiz check failed")
            self.status.value = message("Your answer could not be saved just now. It is still on this page: "
                                        "press Check again.", "error")
            card.set_disabled(False)
        else:
            self.stored = dict(result.response.answers)
            self.status.value = ""
            card.show(self.stored[item_id])
            self._update()
            if self.drafts is not None:  # the checked statement leaves the draft
                self.drafts.changed()
        finally:
            self._busy = False

    # -- the end ----------------------------------------------------------------------------------
    def _summary_html(self) -> str:
        result = score(self.exercise, self.stored, self.items)
        parts = [f'<h2>Your result</h2><p>You got <b class="mk-quiz-score" data-correct="{result.correct}" '
                 f'data-total="{result.total}">{result.correct} of {result.total}</b> right.</p>']
        if result.revisit:
            rows = "".join(
                f'<li data-item="{escape(item_id)}">{escape(self.exercise.item(item_id).text)} '
                f'<span class="mk-muted">({escape(_label(self.exercise.item(item_id), self.exercise.item(item_id).answer))})'
                "</span></li>"
                for item_id in result.revisit)
            parts.append(f'<h3>Statements to revisit</h3><ul class="mk-quiz-revisit">{rows}</ul>')
        else:
            parts.append("<p>Nothing to revisit: every answer was right.</p>")
        if self.run == 2:
            parts.append(self._change_html())
        return "".join(parts)

    def _change_html(self) -> str:
        first = self.store.latest_response(self.participant.key, self.exercise.id, run=1)
        if first is None:
            return "<h3>Since the first round</h3><p>You did not take the first round, so there is nothing to compare.</p>"
        changes, before, after = my_change(self.exercise, first.answers, self.stored, self.items)
        diff = after.correct - before.correct
        sign = f"+{diff}" if diff > 0 else str(diff)
        rows = "".join(
            f'<tr data-item="{escape(c.item_id)}" data-change="{c.status}"><td>{escape(c.text)}</td>'
            f"<td>{'—' if c.before is None else ('Right' if c.before else 'Wrong')}</td>"
            f"<td>{'Right' if c.after else 'Wrong'}</td><td>{CHANGE_WORDS[c.status]}</td></tr>"
            for c in changes)
        return (
            '<h3>Since the first round</h3>'
            f'<p class="mk-quiz-change" data-before="{before.correct}" data-after="{after.correct}">'
            f"First round: {before.correct} of {before.total} right; now {after.correct} of {after.total} "
            f"({sign}).</p>"
            '<table><caption class="mk-muted">Your answers, statement by statement</caption>'
            '<thead><tr><th scope="col">Statement</th><th scope="col">First round</th>'
            f'<th scope="col">Now</th><th scope="col">Change</th></tr></thead><tbody>{rows}</tbody></table>'
        )
