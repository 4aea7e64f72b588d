"""Joining a session: join code, a name or "stay anonymous", one Join button."""

from __future__ import annotations

import asyncio
import logging
import uuid
from html import escape
from typing import Callable

import ipywidgets as widgets

from kit.errors import InputError
from kit.store import BUSY_MESSAGE, ParticipantRecord, SessionRecord, Store
from kit.ui.style import message
from kit.ui.sync import on_press

log = logging.getLogger(__name__)

#: How often, and how many seconds apart, a join that the database could not take is tried again.
JOIN_RETRIES = 5
JOIN_RETRY_SECONDS = 3

NAME_HELP = ("Shown only to someone you ask to pair with, and to a partner you accept. "
             "Tick 'Stay anonymous' to join without a name.")


class JoinView(widgets.VBox):
    """The join form. Calls ``on_joined(session, participant)`` once the participant exists."""

    def __init__(self, store: Store, on_joined: Callable[[SessionRecord, ParticipantRecord], None], *, code: str = "", notice: str = ""):
        self.store = store
        self.on_joined = on_joined
        # One token per page: a double click or a retried click joins once.
        self.join_token = uuid.uuid4().hex
        self._attempts = 0
        self.code = widgets.Text(value=code, description="Join code", placeholder="The code on the screen",
                                 style={"description_width": "initial"})
        self.code.add_class("mk-join-code")
        self.name = widgets.Text(description="Your name", placeholder="e.g. Sam", style={"description_width": "initial"})
        self.name.add_class("mk-join-name")
        self.anonymous = widgets.Checkbox(description="Stay anonymous", indent=False, value=False)
        self.button = widgets.Button(description="Join", button_style="primary", tooltip="Join the workshop session")
        self.status = widgets.HTML(message(escape(notice), "warn") if notice else "")
        self.anonymous.observe(self._toggle_anonymous, names="value")
        on_press(self.button, self._join)  # the name typed just before the press counts
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
        self.status.value = message("Joining…", "warn")
        try:
            session = self.store.require_open_session(self.code.value)
            participant = self.store.join(session.code, name or None, join_token=self.join_token)
        except InputError as error:
            if str(error) == BUSY_MESSAGE:  # a long write lock: not the person's mistake
                self._failed("the database stayed busy", transient=True)
                return
            log.info("join refused: %s", error)
            self.status.value = message(escape(str(error)), "error")
            self.button.disabled = False
            return
        except Exception as error:  # read-only or unreachable database: say so, log it, try again
            self._failed(f"{type(error).__name__}: {error}", transient=True)
            return
        self._attempts = 0
        self.status.value = ""
        self.on_joined(session, participant)

    def _failed(self, reason: str, *, transient: bool) -> None:
        """The join could not be stored: log why, tell the person, and try again by itself a few times
        (the same join token, so a retry that did get through joins once)."""
        self._attempts += 1
        log.warning("join failed (attempt %d): %s", self._attempts, reason)
        if transient and self._attempts < JOIN_RETRIES and self._retry_later():
            self.status.value = message(
                f"Joining is taking longer than usual: the workshop's database cannot take new people at "
                f"this moment. Trying again by itself in {JOIN_RETRY_SECONDS} seconds…", "warn")
            return
        self._attempts = 0
        self.button.disabled = False
        self.status.value = message(
            "Joining is not possible right now: the workshop's database cannot take new people. Press Join to "
            "try again, and tell your facilitator if it keeps happening.", "error")

    def _retry_later(self) -> bool:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        loop.call_later(JOIN_RETRY_SECONDS, self._retry)
        return True

    def _retry(self) -> None:
        self.button.disabled = False
        self._join()
