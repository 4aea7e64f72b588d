"""The participants' home page: every exercise, with links that carry the session and key."""

from __future__ import annotations

from html import escape
from typing import Mapping

import ipywidgets as widgets

from kit.content.model import Exercise
from kit.store import ParticipantRecord, SessionRecord, Store
from kit.ui.shell import participant_link


class HomeView(widgets.VBox):
    """The list of exercises for a joined participant, marking the ones they have submitted."""

    def __init__(self, store: Store, content: Mapping[str, Exercise], session: SessionRecord,
                 participant: ParticipantRecord):
        self.store, self.content, self.session, self.participant = store, content, session, participant
        self.list = widgets.HTML()
        self.list.add_class("mk-exercise-list")
        greeting = f"Welcome, {escape(participant.display_name)}!" if participant.display_name else "Welcome!"
        super().__init__([
            widgets.HTML(f"<h1>{greeting}</h1><p>Choose an exercise when your facilitator asks you to. "
                         "Your answers are saved on this device's link; you will not need to join again.</p>"),
            self.list,
        ])
        self.refresh()

    def refresh(self) -> None:
        """Redraw the exercise list with each exercise's state."""
        items = []
        for exercise in self.content.values():
            done = self.store.latest_response(self.participant.key, exercise.id) is not None
            state = ('<span class="mk-badge agree">Submitted</span>' if done
                     else '<span class="mk-badge missing">Not started</span>')
            href = participant_link(exercise.notebook, self.session, self.participant)
            items.append(
                f'<li data-exercise="{escape(exercise.id)}"><a href="{escape(href)}">{escape(exercise.title)}</a> '
                f"{state}<div class=\"mk-muted\">{escape(exercise.summary)}</div></li>"
            )
        self.list.value = f'<h2>Exercises</h2><ul class="mk-list">{"".join(items)}</ul>'
