"""Pairing by consent, and the comparison once both partners have submitted.

One person types the other's pair code; the owner of the code sees "X wants to pair with you" with
Accept and Decline, and nothing of either is shown to the other before Accept. One pair covers every
paired exercise of the session until one of the two leaves it (the other is told). The rules live in
:mod:`kit.store.pairing`; this view only shows them.

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
from kit.store import (
    NO_PAIR_MESSAGE,
    PairingState,
    PairRequest,
    ParticipantRecord,
    SessionRecord,
    Store,
    TooManyRequests,
    format_pair_code,
)
from kit.store.codes import PAIR_CODE_LENGTH, normalize_code
from kit.ui.comparison import comparison_html
from kit.ui.parts import Parts, show
from kit.ui.poll import Poller
from kit.ui.style import message

#: Said on every pairing view, so people know one Accept is not a blanket consent for ever.
ONE_CONSENT = ("One pair covers every pair exercise of this workshop, until one of you presses "
               "\u201cLeave this pair\u201d.")


def _clock(when) -> str:
    return when.astimezone().strftime("%H:%M")


def request_row(request: PairRequest, answer: Callable[[PairRequest, bool], None]) -> widgets.Widget:
    """One request to me: who asks (escaped) and Accept / Decline, which call ``answer(request, accept)``."""
    text = widgets.HTML(message(
        f"<b>{escape(request.label)}</b> (pair code {escape(request.code)}) wants to pair with you. If you "
        "accept, you see each other's answers in every pair exercise of this workshop.", "warn"))
    accept = widgets.Button(description="Accept", button_style="primary", tooltip=f"Pair with {request.label}")
    accept.add_class("mk-accept-pair")
    decline = widgets.Button(description="Decline", tooltip=f"Do not pair with {request.label}")
    decline.add_class("mk-decline-pair")
    accept.on_click(lambda _=None: answer(request, True))
    decline.on_click(lambda _=None: answer(request, False))
    row = widgets.VBox([text, widgets.HBox([accept, decline])])
    row.add_class("mk-pair-request")
    return row


def _close_all(widget: widgets.Widget) -> None:
    """Close ``widget`` and every widget inside it (a request row's buttons), so nothing is left behind."""
    for child in getattr(widget, "children", ()):
        _close_all(child)
    widget.close()


class PairingView(widgets.VBox):
    """Shows my pair code, takes my partner's, shows requests to me with Accept and Decline, and
    compares our latest answers once a pair is accepted and both have submitted.

    It re-reads the pairing every ``poll_seconds`` (None: only when :meth:`refresh` is called, as
    tests do), so a request, an Accept or a partner leaving shows up by itself. With a ``shared``
    pairing it only pairs: there is nothing to compare. :meth:`on_partner` listeners hear of every
    change of partner (None when the pair ended).
    """

    def __init__(self, store: Store, exercise: Exercise, session: SessionRecord, participant: ParticipantRecord,
                 *, poll_seconds: float | None = 3.0, parts: Parts | None = None):
        self.store, self.exercise, self.session, self.me = store, exercise, session, participant
        pairing = exercise.pairing
        #: Only pair (the partners fill in one set of answers together), no comparison.
        self.shared = bool(pairing and pairing.shared)
        #: The accepted partner (None before, and after the pair ended).
        self.partner: ParticipantRecord | None = None
        #: The pairing as last read from the store.
        self.state = PairingState()
        self._listeners: list[Callable[[ParticipantRecord | None], None]] = []
        # Layouts and styles of the parts that are never hidden or restyled (the view's, when given).
        parts = parts if parts is not None else Parts()
        self.intro = parts.html(
            ("<h2>Fill this in with your partner</h2>" if self.shared else "<h2>Compare with your partner</h2>")
            + (f"<p>{escape(pairing.intro)}</p>" if pairing and pairing.intro else "")
            + '<p>Your pair code: <span class="mk-code mk-pair-code">'
            f"{escape(format_pair_code(participant.pair_code))}</span></p>"
            "<p>Give it to your partner, or type theirs below: the other one accepts on their own page, and "
            f"until then neither of you sees anything of the other. {ONE_CONSENT}</p>"
        )
        self.requests = parts.box([])
        self.requests.add_class("mk-pair-requests")
        self.code = widgets.Text(description="Partner's pair code", placeholder=f"{PAIR_CODE_LENGTH} characters",
                                 layout=parts.layout(),
                                 style=parts.style(widgets.widget_string.TextStyle, description_width="initial"))
        self.code.add_class("mk-partner-code")
        self.button = widgets.Button(description="Ask to pair", button_style="primary",
                                     tooltip="Ask the owner of this code to pair with you",
                                     layout=parts.layout(), style=parts.style(widgets.ButtonStyle))
        self.button.add_class("mk-ask-pair")
        self.button.on_click(self._ask)
        self.entry = parts.box([self.code, self.button])
        #: Where the pairing stands (paired, waiting, no pair made, the partner left, the wait).
        self.status = parts.html()
        self.status.add_class("mk-pair-status")
        #: What the last press did, when it says more than the state (an error, "you left").
        self.feedback = parts.html()
        #: The code this page last asked with: an older request's refusal no longer describes the page
        #: once a newer press was refused for another reason (its own message is the feedback).
        self._asked: str | None = None
        self.leave = widgets.Button(description="Leave this pair", tooltip="End the pair for every exercise",
                                    layout=parts.layout(), style=parts.style(widgets.ButtonStyle))
        self.leave.add_class("mk-leave-pair")
        self.leave.on_click(self._leave)
        show(self.leave, False)
        self.result = parts.html()
        self.result.add_class("mk-comparison")
        self._shown: tuple | None = None
        self._request_ids: tuple[int, ...] | None = None
        super().__init__([self.intro, self.requests, self.entry, self.feedback, self.status, self.leave,
                          self.result], layout=parts.layout())
        self.add_class("mk-pairing")
        self.poller = Poller(poll_seconds, self.refresh) if poll_seconds else None
        self.refresh()
        if self.poller is not None:
            self.poller.start()

    # -- presses --------------------------------------------------------------------------------
    def _act(self, action: Callable[[], object], done: str = "") -> None:
        """Run one press's store call; its InputError becomes the feedback, then the view redraws."""
        try:
            action()
            self.feedback.value = done
        except TooManyRequests:  # the status shows the wait, counting down; a copy here would go stale
            self.feedback.value = message("That request was not sent: you asked too often in the last minute.",
                                          "error")
        except InputError as error:
            self.feedback.value = message(escape(str(error)), "error")
        self.refresh(force=True)

    def _ask(self, _=None) -> None:
        if self.button.disabled:
            return
        self.button.disabled = True
        self._asked = normalize_code(self.code.value)
        try:
            self._act(lambda: self.store.request_partner(self.me.key, self.code.value))
        finally:
            self.button.disabled = False

    def _answer(self, request: PairRequest, accept: bool) -> None:
        done = "" if accept else message(f"You declined {escape(request.label)}'s request.", "ok")
        self._act(lambda: self.store.answer_request(self.me.key, request.id, accept), done)

    def _leave(self, _=None) -> None:
        name = escape(self.partner.display_name or "your partner") if self.partner else "your partner"
        self._act(lambda: self.store.leave_pair(self.me.key), message(
            f"You left the pair with {name}. Neither of you sees the other's answers any more.", "ok"))

    def on_partner(self, callback: Callable[[ParticipantRecord | None], None]) -> None:
        """Call ``callback(partner)`` when the partner changes: a pair accepted (by me or them), or
        ended (``None``)."""
        self._listeners.append(callback)

    # -- drawing --------------------------------------------------------------------------------
    def refresh(self, force: bool = False) -> None:
        """Re-read the pairing (and, once paired, both latest answers); redraw only what changed."""
        state = self.store.pairing_state(self.me.key)
        self.state = state
        partner = state.partner
        if (partner.key if partner else None) != (self.partner.key if self.partner else None):
            self.partner = partner
            if partner is not None:
                self.feedback.value = ""
            for callback in self._listeners:
                callback(partner)
        self._draw_requests(state.incoming)
        mine = theirs = None
        if partner is not None and not self.shared:
            mine = self.store.latest_response(self.me.key, self.exercise.id)
            theirs = self.store.latest_response(partner.key, self.exercise.id)
        wait = self._wait_seconds(state)
        shown = (partner.key if partner else None, state.waiting_code, state.refused_code, state.left_by, wait,
                 mine.revision if mine else 0, theirs.revision if theirs else 0)
        if shown == self._shown and not force:
            return
        self._shown = shown
        paired = partner is not None
        show(self.entry, not paired)
        show(self.leave, paired)
        if not paired:
            self.status.value = self._unpaired_html(state, wait)
            self.result.value = ""
            return
        label = escape(partner.display_name or "Your partner")
        code = escape(format_pair_code(partner.pair_code))
        if self.shared:
            self.status.value = message(
                f"Paired with <b>{label}</b> (pair code {code}). You are both looking at the same answers: "
                "what either of you submits shows on the other's page.", "ok")
            return
        self.status.value = message(f"Paired with <b>{label}</b> (pair code {code}).", "ok")
        if mine is None:
            self.result.value = "<p>Submit your answers above to see them next to your partner's.</p>"
        elif theirs is None:
            self.result.value = "<p role=\"status\">Waiting for your partner to submit. This updates by itself.</p>"
        else:
            comparisons = compare_answers(self.exercise, mine.answers, theirs.answers)
            self.result.value = comparison_html(comparisons, partner.display_name or "Your partner")

    def _wait_seconds(self, state: PairingState) -> int:
        """Seconds until the attempt limit lets me ask again (0: now), as the page counts them down."""
        if state.retry_at is None:
            return 0
        return max(0, int((state.retry_at - self.store.clock()).total_seconds() + 0.999))

    def _unpaired_html(self, state: PairingState, wait: int) -> str:
        parts = []
        if state.left_by is not None:
            name, at = state.left_by
            parts.append(message(
                f"{escape(name or 'Your partner')} left your pair at {_clock(at)}: neither of you sees the other's "
                "answers any more. To pair again, with them or someone else, one asks and the other accepts.",
                "warn"))
        if wait:
            parts.append(message(
                f'<span class="mk-pair-wait">Too many requests in a minute. You can ask again in {wait} '
                "seconds.</span>", "error"))
        if state.waiting_code:
            parts.append(message(
                f"You asked the owner of pair code {escape(state.waiting_code)}. Waiting for them to accept on "
                "their page; this updates by itself. Type another code to ask someone else instead.", "ok"))
        elif state.refused_code and self._asked in (None, normalize_code(state.refused_code)):
            parts.append(message(escape(NO_PAIR_MESSAGE.format(code=state.refused_code)), "error"))
        return "".join(parts)

    def _draw_requests(self, incoming: tuple[PairRequest, ...]) -> None:
        ids = tuple(request.id for request in incoming)
        if ids == self._request_ids:
            return
        self._request_ids = ids
        old = self.requests.children
        self.requests.children = [self._request_row(request) for request in incoming]
        for row in old:
            _close_all(row)

    def _request_row(self, request: PairRequest) -> widgets.Widget:
        return request_row(request, self._answer)

    def close(self) -> None:
        if self.poller is not None:
            self.poller.stop()
        super().close()


class RequestNotice(widgets.VBox):
    """Requests to pair, with Accept and Decline, shown by the room while the person is on a page without
    a pairing view (the lobby, a pause, the list, an exercise done alone), so a request is seen live
    wherever they are. It looks every ``poll_seconds`` (one indexed query) while :attr:`active`."""

    def __init__(self, store: Store, participant: ParticipantRecord, *, poll_seconds: float | None = 3.0):
        self.store, self.me = store, participant
        #: Whether the room wants it (False on a pair exercise, whose pairing view shows requests itself).
        self.active = True
        self.rows = widgets.VBox()
        self.feedback = widgets.HTML()
        self._request_ids: tuple[int, ...] = ()
        super().__init__([self.rows, self.feedback])
        self.add_class("mk-request-notice")
        self.layout.display = "none"
        self.poller = Poller(poll_seconds, self.refresh) if poll_seconds else None
        if self.poller is not None:
            self.poller.start()

    def set_active(self, active: bool) -> None:
        """Show requests here (True) or leave them to a pairing view on the page (False)."""
        if active != self.active:
            self.feedback.value = ""
        self.active = active
        self.refresh()

    def refresh(self) -> None:
        """Re-read the requests to me; redraw only when they changed."""
        incoming = self.store.pair_requests_to(self.me.key) if self.active else ()
        ids = tuple(request.id for request in incoming)
        if ids != self._request_ids:
            self._request_ids = ids
            old = self.rows.children
            self.rows.children = [request_row(request, self._answer) for request in incoming]
            for row in old:
                _close_all(row)
        self.layout.display = None if (ids or (self.active and self.feedback.value)) else "none"

    def _answer(self, request: PairRequest, accept: bool) -> None:
        try:
            partner = self.store.answer_request(self.me.key, request.id, accept)
            if partner is not None:
                self.feedback.value = message(
                    f"You are paired with <b>{escape(partner.display_name or 'your partner')}</b> for every pair "
                    "exercise of this workshop.", "ok")
            else:
                self.feedback.value = message(f"You declined {escape(request.label)}'s request.", "ok")
        except InputError as error:
            self.feedback.value = message(escape(str(error)), "error")
        self.refresh()

    def close(self) -> None:
        if self.poller is not None:
            self.poller.stop()
        super().close()
