"""Pairing with a partner by pair code, and the comparison once both have submitted.

For an exercise the pair fills in together (pairing mode ``shared``) the view only pairs and says
who the partner is; the document itself is shown by :mod:`kit.ui.agreement`.
"""

from __future__ import annotations

from html import escape
from typing import Callable

import ipywidgets as widgets

from kit.content.model import Exercise
from kit.errors import InputError
from kit.logic.comparison import compare_answers
from kit.store import ParticipantRecord, SessionRecord, Store
from kit.ui.comparison import comparison_html
from kit.ui.poll import Poller
from kit.ui.style import message


class PairingView(widgets.VBox):
    """Shows my pair code, takes my partner's, and compares our latest answers when both exist.

    It checks for the partner's pairing and answers by itself every ``poll_seconds`` (None: only when
    :meth:`refresh` is called, as tests do), so whoever finishes first sees the comparison appear.
    With a ``shared`` pairing it only pairs: it shows the partner and tells :meth:`on_partner`
    listeners when one appears; there is nothing to compare.
    """

    def __init__(self, store: Store, exercise: Exercise, session: SessionRecord, participant: ParticipantRecord,
                 *, poll_seconds: float | None = 3.0):
        self.store, self.exercise, self.session, self.me = store, exercise, session, participant
        pairing = exercise.pairing
        #: Only pair (the partners fill in one set of answers together), no comparison.
        self.shared = bool(pairing and pairing.shared)
        #: The partner once paired (None before).
        self.partner: ParticipantRecord | None = None
        self._listeners: list[Callable[[ParticipantRecord], None]] = []
        self.intro = widgets.HTML(
            ("<h2>Fill this in with your partner</h2>" if self.shared else "<h2>Compare with your partner</h2>")
            + (f"<p>{escape(pairing.intro)}</p>" if pairing and pairing.intro else "")
            + f'<p>Your pair code: <span class="mk-code mk-pair-code">{escape(participant.pair_code)}</span> '
            "Give it to your partner, or type theirs below. One of you is enough.</p>"
        )
        self.code = widgets.Text(description="Partner's pair code", placeholder="4 characters",
                                 style={"description_width": "initial"})
        self.code.add_class("mk-partner-code")
        self.button = widgets.Button(description="Pair", button_style="primary", tooltip="Pair with your partner")
        self.button.on_click(self._pair)
        self.entry = widgets.VBox([self.code, self.button])
        self.status = widgets.HTML()
        self.result = widgets.HTML()
        self.result.add_class("mk-comparison")
        self._shown: tuple | None = None
        super().__init__([self.intro, self.entry, self.status, self.result])
        self.add_class("mk-pairing")
        self.poller = Poller(poll_seconds, self.refresh) if poll_seconds else None
        self.refresh()
        if self.poller is not None:
            self.poller.start()

    def _pair(self, _=None) -> None:
        if self.button.disabled:
            return
        self.button.disabled = True
        try:
            self.store.pair(self.me.key, self.exercise.id, self.code.value)
        except InputError as error:
            self.status.value = message(escape(str(error)), "error")
        finally:
            self.button.disabled = False
        self.refresh(force=True)

    def on_partner(self, callback: Callable[[ParticipantRecord], None]) -> None:
        """Call ``callback(partner)`` when a partner appears (I typed their code, or they typed mine)."""
        self._listeners.append(callback)

    def refresh(self, force: bool = False) -> None:
        """Re-read partner and answers; redraw only when something changed."""
        partner = self.store.partner(self.me.key, self.exercise.id)
        if partner is not None and (self.partner is None or self.partner.key != partner.key):
            self.partner = partner
            for callback in self._listeners:
                callback(partner)
        if self.shared:
            self._show_partner(partner, force)
            return
        mine = self.store.latest_response(self.me.key, self.exercise.id)
        theirs = self.store.latest_response(partner.key, self.exercise.id) if partner else None
        state = (partner.key if partner else None, mine.revision if mine else 0, theirs.revision if theirs else 0)
        if state == self._shown and not force:
            return
        self._shown = state
        if partner is None:
            self.entry.layout.display = None
            self.result.value = ""
            return
        self.entry.layout.display = "none"
        label = partner.display_name or "Your partner"
        self.status.value = message(f"Paired with <b>{escape(label)}</b> (pair code {escape(partner.pair_code)}).", "ok")
        if mine is None:
            self.result.value = "<p>Submit your answers above to see them next to your partner's.</p>"
        elif theirs is None:
            self.result.value = "<p role=\"status\">Waiting for your partner to submit. This updates by itself.</p>"
        else:
            comparisons = compare_answers(self.exercise, mine.answers, theirs.answers)
            self.result.value = comparison_html(comparisons, label)

    def _show_partner(self, partner: ParticipantRecord | None, force: bool) -> None:
        state = partner.key if partner else None
        if state == self._shown and not force:
            return
        self._shown = state
        if partner is None:
            self.entry.layout.display = None
            return
        self.entry.layout.display = "none"
        label = partner.display_name or "Your partner"
        self.status.value = message(
            f"Paired with <b>{escape(label)}</b> (pair code {escape(partner.pair_code)}). You are both looking at "
            "the same answers: what either of you submits shows on the other's page.", "ok")

    def close(self) -> None:
        if self.poller is not None:
            self.poller.stop()
        super().close()
