"""The facilitator's quiz settings for one session: which statements it uses, and which run is current.

A small widget the live console embeds (facilitator server only). Everything is stored in the
session's settings (``settings["quiz"][exercise_id]``, see :mod:`kit.logic.quiz`), so every
participant kernel reads the same choice; ``mentorkit quiz`` changes the same settings.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from kit.content.model import Exercise
from kit.errors import InputError
from kit.logic.quiz import current_run, selected_items, updated_settings
from kit.store import Store
from kit.ui.style import message


class QuizSettingsView(widgets.VBox):
    """Checkboxes per statement with "All", and the button that starts the second run."""

    def __init__(self, store: Store, exercise: Exercise, session_code: str):
        self.store, self.exercise, self.code = store, exercise, session_code
        self.all_items = widgets.Checkbox(value=True, description="All statements", indent=False)
        self.all_items.add_class("mk-quiz-all")
        self.boxes = {
            item.id: widgets.Checkbox(value=True, description=f"{number}. {item.text}", indent=False,
                                      layout=widgets.Layout(width="100%"))
            for number, item in enumerate(exercise.quiz_items, 1)
        }
        self.save = widgets.Button(description="Use the ticked statements", tooltip="Save which statements this "
                                   "session's quiz uses")
        self.save.add_class("mk-quiz-save-items")
        self.run_line = widgets.HTML()
        self.run_line.add_class("mk-quiz-run")
        self.switch = widgets.Button(description="Start the second run (after the talk)", button_style="warning")
        self.switch.add_class("mk-quiz-switch")
        self.question = widgets.HTML()
        self.confirm = widgets.Button(description="Yes, start it", button_style="danger")
        self.cancel = widgets.Button(description="Cancel")
        self.confirmation = widgets.VBox([self.question, widgets.HBox([self.confirm, self.cancel])],
                                         layout=widgets.Layout(display="none"))
        self.confirmation.add_class("mk-quiz-confirm")
        self.status = widgets.HTML()
        self._syncing = False
        super().__init__([
            widgets.HTML(f"<h3>{escape(exercise.title)}: statements and runs</h3>"),
            self.all_items, widgets.VBox(list(self.boxes.values())), self.save,
            self.run_line, self.switch, self.confirmation, self.status,
        ])
        self.add_class("mk-quiz-settings")
        self.all_items.observe(self._all_changed, names="value")
        for box in self.boxes.values():
            box.observe(self._box_changed, names="value")
        self.save.on_click(lambda _: self.save_items())
        self.switch.on_click(lambda _: self.ask())
        self.confirm.on_click(lambda _: self.switch_run())
        self.cancel.on_click(lambda _: self._hide_confirmation())
        self.refresh()

    # -- reading -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the stored choice (another tab or ``mentorkit quiz`` may have changed it)."""
        session = self.store.get_session(self.code)
        settings = session.settings if session else {}
        chosen = {item.id for item in selected_items(self.exercise, settings)}
        self._syncing = True
        try:
            for item_id, box in self.boxes.items():
                box.value = item_id in chosen
            self.all_items.value = len(chosen) == len(self.boxes)
        finally:
            self._syncing = False
        self.run = current_run(self.exercise, settings)
        if self.run == 2:
            self.run_line.value = ('<p data-run="2"><b>Second run (after the talk)</b> is current: participants who '
                                   "open or reload the quiz answer again and see their own change.</p>")
            self.switch.description = "Go back to the first run"
        else:
            self.run_line.value = ('<p data-run="1"><b>First run (before the talk)</b> is current.</p>')
            self.switch.description = "Start the second run (after the talk)"
        self.switch.disabled = session is None or not session.is_open

    @property
    def ticked(self) -> list[str]:
        """The ids of the ticked statements, in the quiz's order."""
        return [item_id for item_id, box in self.boxes.items() if box.value]

    # -- items -------------------------------------------------------------------------------------
    def _all_changed(self, change) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            for box in self.boxes.values():
                box.value = bool(change["new"])
        finally:
            self._syncing = False

    def _box_changed(self, _change) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self.all_items.value = all(box.value for box in self.boxes.values())
        finally:
            self._syncing = False

    def save_items(self) -> None:
        """Store the ticked statements as this session's choice (all ticked: every statement)."""
        ticked = self.ticked
        if not ticked:
            self.status.value = message("Tick at least one statement.", "error")
            return
        self._store(items=None if len(ticked) == len(self.boxes) else ticked)
        if "mk-error" not in self.status.value:
            self.status.value = message(escape(f"Saved: the quiz uses {len(ticked)} of {len(self.boxes)} statements. "
                                               "Participants see the change when they open or reload it."), "ok")

    # -- runs --------------------------------------------------------------------------------------
    def ask(self) -> None:
        """Ask for confirmation before switching the run."""
        if self.run == 1:
            self.question.value = ("<p><b>Start the second run?</b> Everyone who opens or reloads the quiz answers it "
                                   "again; first-run answers are kept and compared.</p>")
            self.confirm.description = "Yes, start it"
        else:
            self.question.value = ("<p><b>Go back to the first run?</b> Second-run answers are kept; participants who "
                                   "reload continue their first run.</p>")
            self.confirm.description = "Yes, go back"
        self.confirmation.layout.display = None
        self.switch.disabled = True

    def switch_run(self) -> None:
        """Switch to the other run (after :meth:`ask`)."""
        target = 2 if self.run == 1 else 1
        self._hide_confirmation()
        self._store(run=target)
        if "mk-error" not in self.status.value:
            self.status.value = message("The second run has started." if target == 2
                                        else "Back to the first run.", "ok")

    def _hide_confirmation(self) -> None:
        self.confirmation.layout.display = "none"
        self.refresh()

    def _store(self, **change) -> None:
        session = self.store.get_session(self.code)
        if session is None:
            self.status.value = message(escape(f"No session has the code {self.code}."), "error")
            return
        try:
            value = updated_settings(self.exercise, session.settings, **change)
            self.store.update_session_settings(session.code, quiz=value)
        except (InputError, ValueError) as error:
            self.status.value = message(escape(str(error)), "error")
            return
        self.status.value = ""
        self.refresh()
