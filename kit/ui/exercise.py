"""One exercise for one participant: the form, Submit, the confirmation, and pairing if the
exercise has it. Stored answers come back when the page is reloaded."""

from __future__ import annotations

import uuid
from html import escape
from typing import Mapping

import ipywidgets as widgets

from kit.content.model import Exercise
from kit.store import ParticipantRecord, SessionRecord, Store
from kit.ui.form import Form, exercise_header
from kit.ui.home import exercise_list_html
from kit.ui.pairing import PairingView
from kit.ui.style import message
from kit.ui.submission import save, when



class ExerciseView(widgets.VBox):
    """The participant's view of ``exercise``."""

    def __init__(self, store: Store, exercise: Exercise, session: SessionRecord, participant: ParticipantRecord,
                 *, poll_seconds: float | None = 3.0, content: Mapping[str, Exercise] | None = None):
        self.store, self.exercise, self.session, self.participant = store, exercise, session, participant
        self.content = content or {exercise.id: exercise}
        self.form = Form(exercise)
        self.submit = widgets.Button(description="Submit answers", button_style="primary",
                                     tooltip="Save your answers")
        self.submit.add_class("mk-submit")
        self.hint = widgets.HTML()
        self.status = widgets.HTML()
        self.status.add_class("mk-submit-status")
        self._submission_id = uuid.uuid4().hex
        self._busy = False
        self.pairing: PairingView | None = None
        children = [exercise_header(exercise), self.form, self.hint, self.submit, self.status]
        if exercise.pairing is not None and exercise.pairing.enabled:
            self.pairing = PairingView(store, exercise, session, participant, poll_seconds=poll_seconds)
            children.append(self.pairing)
        super().__init__(children)
        self.add_class("mk-exercise")
        self.form.on_change(self._changed)
        self.submit.on_click(self._submit)
        self._restore()
        self._update_submit()

    def _restore(self) -> None:
        latest = self.store.latest_response(self.participant.key, self.exercise.id)
        if latest is not None:
            self.form.restore(latest.answers)
            self._submission_id = latest.submission_id
            self.status.value = message(
                f"These are the answers you submitted at {when(latest)}. Change any and submit again to update them.",
                "ok")
        if not self.session.is_open:
            self.form.set_disabled(True)
            self.status.value = message("This session has ended: your answers are shown but can no longer be changed.",
                                        "warn")

    def _changed(self) -> None:
        # New answers get a new submission id; the same answers keep it, so a double click saves once.
        self._submission_id = uuid.uuid4().hex
        self._update_submit()

    def _update_submit(self) -> None:
        missing = self.form.missing()
        closed = not self.session.is_open
        self.submit.disabled = bool(missing) or closed or self._busy
        if closed:
            self.hint.value = ""
        elif missing:
            n = len(missing)
            self.hint.value = (f'<p class="mk-muted mk-hint">Answer every question to submit '
                               f"({n} still open).</p>")
        else:
            self.hint.value = '<p class="mk-muted mk-hint">All answered. Press Submit to save.</p>'

    def _submit(self, _=None) -> None:
        if self._busy:
            return
        self._busy = True
        self.submit.disabled = True
        try:
            self.status.value, result = save(self.store, self.exercise, self.session, self.participant,
                                             self.form.answers, self._submission_id)
            if result is not None and self.pairing is not None:
                self.pairing.refresh()
        finally:
            self._busy = False
            self._update_submit()


class NotOpenView(widgets.VBox):
    """Shown instead of an exercise the facilitator has not opened: says so and lists what is open."""

    def __init__(self, store: Store, content: Mapping[str, Exercise], exercise: Exercise, session: SessionRecord,
                 participant: ParticipantRecord):
        super().__init__([
            widgets.HTML(f"<h1>{escape(exercise.title)}</h1>"),
            widgets.HTML(message("This exercise is not open right now. Your facilitator will open it when it is "
                                 "time; the exercises below are the ones you can do now.", "warn")),
            widgets.HTML(exercise_list_html(store, content, session, participant, current=exercise.id)),
        ])
        self.add_class("mk-not-open")
