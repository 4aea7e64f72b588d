"""The frame every participant app shares: styles, who you are, joining when needed.

A participant app is built in two steps because Voila preheats kernels: the shell is constructed
before anyone visits (content loaded, database connected), and :meth:`ParticipantShell.bind` runs the
per-visitor part once the visitor's URL and cookies are known.
"""

from __future__ import annotations

from html import escape
from typing import Callable
from urllib.parse import urlencode

import ipywidgets as widgets

from kit.errors import InputError
from kit.store import ParticipantRecord, SessionRecord, Store
from kit.ui.browser import BrowserBridge
from kit.ui.join import JoinView
from kit.ui.style import message, stylesheet
from kit.ui.visit import Visit

Build = Callable[[SessionRecord, ParticipantRecord], widgets.Widget]


def participant_link(notebook: str, session: SessionRecord, participant: ParticipantRecord) -> str:
    """A relative link to another participant notebook (which may carry a query already, like
    ``exercise.ipynb?exercise=x``) that carries the session and participant key."""
    joiner = "&" if "?" in notebook else "?"
    return f"{notebook}{joiner}{urlencode({'code': session.code, 'p': participant.key})}"


class ParticipantShell(widgets.VBox):
    """Styles + identity bar + either the join form or the app body built by ``build``."""

    def __init__(self, store: Store, build: Build, *, home_notebook: str = "home.ipynb", home_link: bool = True):
        self.store = store
        self.build = build
        self.home_notebook = home_notebook
        #: Whether the identity bar links to the list of exercises (the one-page room has it inside).
        self.home_link = home_link
        #: The visit being served (set by :meth:`bind`).
        self.visit: Visit = Visit()
        self.bridge = BrowserBridge()
        self.identity = widgets.HTML()
        self.body = widgets.VBox()
        self.session: SessionRecord | None = None
        self.participant: ParticipantRecord | None = None
        self.view: widgets.Widget | None = None
        super().__init__([stylesheet(), self.bridge, self.identity, self.body])
        self.add_class("mk-app")

    def bind(self, visit: Visit) -> "ParticipantShell":
        """Resolve who is visiting and show the app body, or the join form when they are not known."""
        self.visit = visit
        notice = ""
        code = visit.code
        session = None
        if code:
            try:
                session = self.store.get_session(code)
            except InputError as error:
                notice = str(error)
            else:
                if session is None:
                    notice = f"No workshop session has the code “{code.strip()[:12]}”. Check the code on the screen."
        if session is not None:
            fresh = visit.params.get("new") == "1"
            key = visit.key or ("" if fresh else visit.remembered_key(session.code))
            participant = self.store.participant_in_session(session.code, key) if key else None
            if participant is not None:
                self._enter(session, participant)
                return self
            if visit.key:
                notice = "This link belongs to someone who is not in this session any more. Join again below."
            elif not session.is_open:
                notice = "This session has ended. Thank you for taking part!"
        self._show_join(code=session.code if session else code.strip()[:12], notice=notice)
        return self

    def _show_join(self, *, code: str, notice: str) -> None:
        self.identity.value = ""
        self.body.children = [JoinView(self.store, self._joined, code=code, notice=notice)]

    def _joined(self, session: SessionRecord, participant: ParticipantRecord) -> None:
        self._enter(session, participant)

    def _enter(self, session: SessionRecord, participant: ParticipantRecord) -> None:
        self.session, self.participant = session, participant
        # Always re-sync the address bar and cookie: the key may have come from either.
        self.bridge.remember(session.code, participant.key)
        who = f"as <b>{escape(participant.display_name)}</b>" if participant.display_name else "anonymously"
        home = participant_link(self.home_notebook, session, participant)
        other = f"{self.home_notebook}?{urlencode({'code': session.code, 'new': '1'})}"
        state = "" if session.is_open else " · <b>this session has ended</b>"
        self.identity.value = (
            f'<p class="mk-muted mk-identity">Session <b>{escape(session.code)}</b> '
            f"({escape(session.name)}), joined {who}{state} · "
            + (f'<a href="{escape(home)}">All exercises</a> · ' if self.home_link else "")
            + f'<a href="{escape(other)}">Not you?</a></p>'
        )
        try:
            self.view = self.build(session, participant)
        except InputError as error:
            self.view = widgets.HTML(message(escape(str(error)), "error"))
        self.body.children = [self.view]
