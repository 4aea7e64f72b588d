"""The facilitator's dashboard (first version): pick a session and an exercise, see the group.

Runs only in the protected facilitator server. It shows counts and charts, never who answered what,
and no chart at all while fewer than the session's k people have answered.
"""

from __future__ import annotations

from html import escape
from typing import Mapping

import ipywidgets as widgets

from kit.content.model import Exercise
from kit.logic.aggregate import gate
from kit.store import Store
from kit.ui.poll import Poller
from kit.ui.sections import Snapshot
from kit.kinds.choice.console import ChoiceSection, text_alternative
from kit.ui.style import message, stylesheet

__all__ = ["DashboardView", "text_alternative"]


class DashboardView(widgets.VBox):
    """Session and exercise pickers, the response count, the stacked bar and its table."""

    def __init__(self, store: Store, content: Mapping[str, Exercise], *, poll_seconds: float | None = None):
        self.store, self.content = store, content
        self.session_picker = widgets.Dropdown(description="Session", style={"description_width": "initial"})
        charted = [(ex.title, ex.id) for ex in content.values() if ex.choice_items]
        self.exercise_picker = widgets.Dropdown(description="Exercise", options=charted,
                                                value=charted[0][1] if charted else None,
                                                style={"description_width": "initial"})
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh", tooltip="Read the latest answers")
        self.counts = widgets.HTML()
        self.counts.add_class("mk-counts")
        self.notice = widgets.HTML()
        self.charts = widgets.VBox()
        self._sections: dict[str, ChoiceSection] = {}
        self.refresh_button.on_click(lambda _: self.refresh(reload_sessions=True))
        self.session_picker.observe(lambda _: self.refresh(), names="value")
        self.exercise_picker.observe(lambda _: self.refresh(), names="value")
        super().__init__([
            stylesheet(),
            widgets.HTML("<h1>Facilitator dashboard</h1>"),
            widgets.HBox([self.session_picker, self.exercise_picker, self.refresh_button],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.counts, self.notice, self.charts,
        ])
        self.add_class("mk-app")
        self.add_class("mk-dashboard")
        self.layout.max_width = "1200px"
        self._last: tuple | None = None
        self.load_sessions()
        self.poller = Poller(poll_seconds, self.refresh, self._show_error) if poll_seconds else None
        if self.poller is not None:
            self.poller.start()

    def load_sessions(self) -> None:
        """Fill the session picker, newest first, keeping the current choice."""
        current = self.session_picker.value
        sessions = self.store.list_sessions()
        self.session_picker.options = [(f"{s.name} ({s.code})" + ("" if s.closed_at is None else " — ended"), s.code)
                                       for s in sessions]
        if current in {s.code for s in sessions}:
            self.session_picker.value = current
        elif sessions:
            self.session_picker.value = sessions[0].code
        self.refresh()

    def _show_error(self, error: Exception) -> None:
        self.notice.value = message(escape(f"Could not refresh: {error}"), "error")

    def refresh(self, reload_sessions: bool = False) -> None:
        """Re-read the chosen session's answers and redraw what changed."""
        if reload_sessions:
            self.load_sessions()
            return
        code, exercise_id = self.session_picker.value, self.exercise_picker.value
        if not code or not exercise_id:
            self.counts.value = "<p>No sessions yet. Create one with <code>mentorkit session create</code>.</p>"
            self.charts.children = []
            return
        session = self.store.get_session(code)
        exercise = self.content[exercise_id]
        joined = self.store.count_participants(code)
        answers = self.store.latest_answers(code, exercise_id)
        state = (code, exercise_id, joined, tuple(sorted(map(repr, answers))))
        if state == self._last:
            return
        self._last = state
        self.counts.value = (f'<p class="mk-count-line"><b data-joined="{joined}">{joined}</b> joined · '
                             f'<b data-answered="{len(answers)}">{len(answers)}</b> answered '
                             f"{escape(exercise.title)}</p>")
        g = gate(len(answers), session.k_threshold if session else 3)
        section = self._section(exercise)
        self.charts.children = [section.widget]
        section.update(Snapshot(exercise=exercise, joined=joined, answers=answers, gate=g))
        self.notice.value = "" if g.visible else message(escape(g.message), "warn")

    def _section(self, exercise: Exercise) -> ChoiceSection:
        if exercise.id not in self._sections:
            self._sections[exercise.id] = ChoiceSection(exercise, exercise.choice_items)
        return self._sections[exercise.id]

    @property
    def chart(self):
        """The first chart image (tests and the browser check it)."""
        section = self._sections.get(self.exercise_picker.value)
        return next(iter(section.charts.values())) if section else widgets.Image()

    @property
    def table(self):
        """The first chart's table of numbers."""
        section = self._sections.get(self.exercise_picker.value)
        return next(iter(section.tables.values())) if section else widgets.HTML()
