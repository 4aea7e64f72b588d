"""The participants' home page: every exercise, with links that carry the session and key."""

from __future__ import annotations

from html import escape
from typing import Mapping

import ipywidgets as widgets

from kit.content.model import Exercise
from kit.logic.visibility import is_open
from kit.store import ParticipantRecord, SessionRecord, Store
from kit.ui.poll import Poller
from kit.ui.shell import participant_link


def exercise_list_html(store: Store, content: Mapping[str, Exercise], session: SessionRecord,
                       participant: ParticipantRecord, *, current: str | None = None) -> str:
    """The exercises as a list: open ones are links (carrying code and key), the others say they are
    not open yet; each shows whether this participant has submitted it."""
    items = []
    for exercise in content.values():
        if exercise.id == current:
            continue
        done = store.latest_response(participant.key, exercise.id) is not None
        state = ('<span class="mk-badge agree">Submitted</span>' if done
                 else '<span class="mk-badge missing">Not started</span>')
        if is_open(session.settings, exercise.id) and session.is_open:
            href = participant_link(exercise.link, session, participant)
            title = f'<a href="{escape(href)}">{escape(exercise.title)}</a>'
        else:
            title = f'<span class="mk-closed-title">{escape(exercise.title)}</span>'
            state = '<span class="mk-badge missing">Not open yet</span>' if session.is_open else state
        items.append(f'<li data-exercise="{escape(exercise.id)}">{title} {state}'
                     f'<div class="mk-muted">{escape(exercise.summary)}</div></li>')
    return f'<ul class="mk-list">{"".join(items)}</ul>'


class HomeView(widgets.VBox):
    """The list of exercises for a joined participant. It follows the facilitator by itself: an
    exercise they open becomes a link within a few seconds, without a reload."""

    def __init__(self, store: Store, content: Mapping[str, Exercise], session: SessionRecord,
                 participant: ParticipantRecord, *, poll_seconds: float | None = 5.0):
        self.store, self.content, self.session, self.participant = store, content, session, participant
        self.list = widgets.HTML()
        self.list.add_class("mk-exercise-list")
        greeting = f"Welcome, {escape(participant.display_name)}!" if participant.display_name else "Welcome!"
        super().__init__([
            widgets.HTML(f"<h1>{greeting}</h1><p>Choose an exercise when your facilitator asks you to. "
                         "This page remembers you: you will not need to join again.</p>"),
            widgets.HTML("<h2>Exercises</h2>"),
            self.list,
        ])
        self.refresh()
        self.poller = Poller(poll_seconds, self.refresh) if poll_seconds else None
        if self.poller is not None:
            self.poller.start()

    def refresh(self) -> None:
        """Re-read the session (open exercises, ended) and redraw the list if it changed."""
        self.session = self.store.get_session(self.session.code) or self.session
        html = exercise_list_html(self.store, self.content, self.session, self.participant)
        if html != self.list.value:
            self.list.value = html
