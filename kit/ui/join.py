"""Joining a session: join code, a name or "stay anonymous", one Join button."""

from __future__ import annotations

import uuid
from html import escape
from typing import Callable

import ipywidgets as widgets

from kit.errors import InputError
from kit.store import ParticipantRecord, SessionRecord, Store
from kit.ui.style import message

NAME_HELP = "Shown only to the partner you pair with. Tick 'Stay anonymous' to join without a name."


class JoinView(widgets.VBox):
    """The join form. Calls ``on_joined(session, participant)`` once the participant exists."""

    def __init__(self, store: Store, on_joined: Callable[[SessionRecord, ParticipantRecord], None], *, code: str = "", notice: str = ""):
        self.store = store
        self.on_joined = on_joined
        # One token per page: a double click or a retried click joins once.
        self.join_token = uuid.uuid4().hex
        self.code = widgets.Text(value=code, description="Join code", placeholder="The code on the screen",
                                 style={"description_width": "initial"})
        self.code.add_class("mk-join-code")
        self.name = widgets.Text(description="Your name", placeholder="e.g. Sam", style={"description_width": "initial"})
        self.name.add_class("mk-join-name")
        self.anonymous = widgets.Checkbox(description="Stay anonymous", indent=False, value=False)
        self.button = widgets.Button(description="Join", button_style="primary", tooltip="Join the workshop session")
        self.status = widgets.HTML(message(escape(notice), "warn") if notice else "")
        self.anonymous.observe(self._toggle_anonymous, names="value")
        self.button.on_click(self._join)
        super().__init__([
            widgets.HTML("<h2>Join the workshop</h2>"),
            self.code,
            self.name,
            widgets.HTML(f'<span class="mk-muted">{escape(NAME_HELP)}</span>'),
            self.anonymous,
            self.button,
            self.status,
        ])
        self.add_class("mk-join")

    def _toggle_anonymous(self, change) -> None:
        self.name.disabled = bool(change["new"])

    def _join(self, _=None) -> None:
        if self.button.disabled:
            return
        name = "" if self.anonymous.value else self.name.value
        if not self.anonymous.value and not name.strip():
            self.status.value = message("Type your name, or tick “Stay anonymous”.", "error")
            return
        self.button.disabled = True
        try:
            session = self.store.require_open_session(self.code.value)
            participant = self.store.join(session.code, name or None, join_token=self.join_token)
        except InputError as error:
            self.status.value = message(escape(str(error)), "error")
            self.button.disabled = False
            return
        self.status.value = ""
        self.on_joined(session, participant)
