"""The list of exercises as links that carry the session, never the key (the cookie says who you are).
The single-exercise app shows it when its exercise is not open; the one-page room has its own list,
:class:`kit.ui.room.Chooser`."""

from __future__ import annotations

from html import escape
from typing import Mapping

from kit.content.model import Exercise
from kit.logic.visibility import is_open
from kit.store import ParticipantRecord, SessionRecord, Store
from kit.ui.shell import participant_link


def exercise_list_html(store: Store, content: Mapping[str, Exercise], session: SessionRecord,
                       participant: ParticipantRecord, *, current: str | None = None) -> str:
    """The exercises as a list: open ones are links (carrying the code, not the key), the others say they are
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
