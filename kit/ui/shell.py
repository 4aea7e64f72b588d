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
from kit.ui.batch import batched
from kit.ui.browser import BrowserBridge
from kit.ui.join import JoinView
from kit.ui.style import message, stylesheet
from kit.ui.visit import Visit

Build = Callable[[SessionRecord, ParticipantRecord], widgets.Widget]


def participant_link(notebook: str, session: SessionRecord, participant: ParticipantRecord) -> str:
    """A relative link to another participant notebook (which may carry a query already, like
    ``exercise.ipynb?exercise=x``) that carries the session. Never the participant key: the browser's
    cookie says who they are, so a link copied from the page cannot make anyone else them."""
    joiner = "&" if "?" in notebook else "?"
    return f"{notebook}{joiner}{urlencode({'code': session.code})}"


class WhoChoice(widgets.VBox):
    """A link carries another participant's key than the one this browser remembers: ask which
    person the page is for, and replace nothing until they say. ``on_choice(participant)``."""

    def __init__(self, remembered: ParticipantRecord, linked: ParticipantRecord,
                 on_choice: Callable[[ParticipantRecord], None]):
        name = remembered.display_name
        you = f"as <b>{escape(name)}</b>" if name else "anonymously"
        self.keep = widgets.Button(description=f"Continue as {name}" if name else "Continue as before",
                                   button_style="primary", layout=widgets.Layout(width="auto"),
                                   tooltip="Stay the person this device joined as")
        self.keep.add_class("mk-who-keep")
        self.switch = widgets.Button(description="Switch to the person in this link",
                                     layout=widgets.Layout(width="auto"),
                                     tooltip="From now on this device answers as the person in the link")
        self.switch.add_class("mk-who-switch")
        self.on_choice = on_choice
        self.keep.on_click(lambda _: self._choose(remembered))
        self.switch.on_click(lambda _: self._choose(linked))
        super().__init__([
            widgets.HTML(f'<div role="alert"><h2>Who is answering?</h2><p>You are joined {you} on this device: '
                         f"continue as {escape(name) if name else 'before'}, or switch to the person in this "
                         "link?</p><p class=\"mk-muted\">Switch only if this link is your own: whoever the page "
                         "is for, your answers are stored as theirs.</p></div>"),
            widgets.HBox([self.keep, self.switch], layout=widgets.Layout(flex_flow="row wrap")),
        ])
        self.add_class("mk-who")

    def _choose(self, person: ParticipantRecord) -> None:
        if self.keep.disabled:  # a double tap chooses once
            return
        self.keep.disabled = self.switch.disabled = True
        self.on_choice(person)


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
        """Resolve who is visiting and show the app body, or the join form when they are not known.

        The cookie says who this browser is. A ``p`` in the link is taken only when the browser
        remembers nobody in the session (an old link); when it names someone else, the page asks
        (:class:`WhoChoice`) and nothing is replaced until the person chooses."""
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
            remembered = "" if fresh else visit.remembered_key(session.code)
            mine = self.store.participant_in_session(session.code, remembered) if remembered else None
            linked = (self.store.participant_in_session(session.code, visit.key)
                      if visit.key and visit.key != remembered else None)
            if mine is not None and linked is not None:  # a link with someone else's key: ask, replace nothing
                self._ask(session, mine, linked)
                return self
            participant = mine or linked
            if participant is not None:
                self._enter(session, participant)
                return self
            if visit.key:
                notice = "This link does not belong to anyone in this session. Join below to take part."
            elif not session.is_open:
                notice = "This session has ended. Thank you for taking part!"
        self._show_join(code=session.code if session else code.strip()[:12], notice=notice)
        return self

    def _ask(self, session: SessionRecord, remembered: ParticipantRecord, linked: ParticipantRecord) -> None:
        """Show :class:`WhoChoice`; the chosen person's page follows (and the browser remembers them)."""
        self.identity.value = ""
        self.body.children = [WhoChoice(remembered, linked, lambda chosen: self._enter(session, chosen))]

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
            with batched():  # the whole page opened at once, each widget with its final state
                self.view = self.build(session, participant)
        except InputError as error:
            self.view = widgets.HTML(message(escape(str(error)), "error"))
        self.body.children = [self.view]
