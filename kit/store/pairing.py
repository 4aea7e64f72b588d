"""Pairing by consent: a participant asks to pair by typing someone's pair code, the owner of the code
accepts or declines on their own page, and only an accepted pair sees anything of each other.

One accepted pair covers every paired exercise of the session (people pair once, not once per
exercise) until one of the two leaves it; pairing with someone else then needs a new request and a
new Accept. Every request is a row of ``pair_requests`` (see :mod:`kit.store.tables`), which gives the
attempt limit (:data:`MAX_REQUESTS` a minute per participant) its count without a separate table.

A request's ``status``: ``miss`` (no unpaired participant of the session has that code),
``pending``, then ``accepted`` or ``declined``; ``closed`` when one of the two paired with someone
else first, ``cancelled`` when the requester asked someone else, ``ended`` when an accepted pair was
left. Accepting locks both participants' rows in id order, so each person is in one pair at a time;
a test sets the store's ``clock`` instead of waiting for the attempt limit.

What a guesser learns is kept small: an unknown code, a declined request and a person who is paired
already all end the same way (:attr:`PairingState.refused_code`, one message on the page).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import Connection, and_, insert, or_, select, update

from kit.errors import InputError
from kit.store.codes import PAIR_CODE_LENGTH, format_pair_code, looks_like_code, normalize_code
from kit.store.participants import UNKNOWN_PARTICIPANT_MESSAGE
from kit.store.records import PairingState, PairRequest, ParticipantRecord, participant_record
from kit.store.sessions import SESSION_ENDED_MESSAGE
from kit.store.tables import pair_requests, participants, sessions, utcnow

#: Requests (hits and misses alike) one participant may send in :data:`REQUEST_WINDOW`; then a wait.
MAX_REQUESTS = 5
REQUEST_WINDOW = timedelta(minutes=1)

#: The one answer to a request that made no pair, whatever the reason (see the module docstring).
NO_PAIR_MESSAGE = ("No pair was made with code {code}. Check the code with your partner and ask again: "
                   "they accept on their own page.")


class TooManyRequests(InputError):
    """The participant asked :data:`MAX_REQUESTS` times within a minute; ``retry_at`` says when they
    may ask again (the page shows the wait)."""

    def __init__(self, retry_at: datetime, now: datetime):
        self.retry_at = retry_at
        seconds = max(1, int((retry_at - now).total_seconds() + 0.999))
        super().__init__(f"Too many requests in a minute. You can ask again in {seconds} seconds.")


def _accepted_involving(ids: list[int]):
    return and_(pair_requests.c.status == "accepted",
                or_(pair_requests.c.requester_id.in_(ids), pair_requests.c.owner_id.in_(ids)))


class PairingMixin:
    """Pairing methods of :class:`kit.store.Store` (which supplies ``_run``)."""

    #: The store's clock; tests of the attempt limit set their own instead of waiting a minute.
    clock: Callable[[], datetime] = staticmethod(utcnow)

    # -- the requester --------------------------------------------------------------------------

    def request_partner(self, participant_key: str, partner_code: str) -> str:
        """Ask the owner of ``partner_code`` to pair. Returns ``"waiting"`` (the owner has to accept),
        ``"paired"`` (they had asked me too: both agreed) or ``"refused"`` (no pair can be made with
        that code: unknown, paired already; said as :data:`NO_PAIR_MESSAGE`).

        A new request replaces my earlier one that is still waiting. Raises :class:`InputError` for
        something that is not a pair code, my own code, an ended session or while I am paired, and
        :class:`TooManyRequests` past the attempt limit.
        """
        code = normalize_code(partner_code)
        if not looks_like_code(code, PAIR_CODE_LENGTH):
            raise InputError(f"A pair code has {PAIR_CODE_LENGTH} letters and digits, like "
                             "K7MB-Q3XP. Ask your partner for the code on their screen.")

        def work(conn: Connection) -> str:
            me = _me(conn, participant_key)
            if code == me.pair_code:
                raise InputError("That is your own pair code. Type your partner's code instead.")
            owner = conn.execute(select(participants).where(
                participants.c.session_id == me.session_id, participants.c.pair_code == code)).first()
            ids = sorted({me.id} | ({owner.id} if owner is not None else set()))
            # Lock the people concerned in id order, so any two pairings sharing a person run one after
            # the other (no deadlocks), and two tabs of one person count their attempts in turn.
            _lock(conn, ids)
            now = self.clock()
            retry_at = _retry_at(conn, me.id, now)
            if retry_at is not None:
                raise TooManyRequests(retry_at, now)
            if conn.execute(select(pair_requests.c.id).where(_accepted_involving([me.id]))).first():
                raise InputError("You are paired already. Leave your pair first to pair with someone else.")
            if owner is None or conn.execute(select(pair_requests.c.id).where(_accepted_involving([owner.id]))).first():
                _cancel_waiting(conn, me.id, now)
                conn.execute(insert(pair_requests).values(
                    session_id=me.session_id, requester_id=me.id, owner_id=None, code=code, status="miss",
                    created_at=now))
                return "refused"
            theirs = conn.execute(select(pair_requests.c.id).where(
                pair_requests.c.requester_id == owner.id, pair_requests.c.owner_id == me.id,
                pair_requests.c.status == "pending")).first()
            if theirs is not None:  # they asked me too: both have agreed
                _accept(conn, theirs.id, [me.id, owner.id], now)
                return "paired"
            same = conn.execute(select(pair_requests.c.id).where(
                pair_requests.c.requester_id == me.id, pair_requests.c.owner_id == owner.id,
                pair_requests.c.status == "pending")).first()
            if same is not None:  # asked again while waiting: the same request
                return "waiting"
            _cancel_waiting(conn, me.id, now)
            conn.execute(insert(pair_requests).values(
                session_id=me.session_id, requester_id=me.id, owner_id=owner.id, code=code, status="pending",
                created_at=now))
            return "waiting"

        return self._run(work, write=True)  # type: ignore[attr-defined]

    # -- the owner ------------------------------------------------------------------------------

    def answer_request(self, participant_key: str, request_id: int, accept: bool) -> ParticipantRecord | None:
        """Accept or decline the request ``request_id`` made to me. Returns the new partner when
        accepted (None when declined). A request that is no longer waiting (withdrawn, or its sender
        paired with someone else) raises :class:`InputError`."""

        def work(conn: Connection) -> ParticipantRecord | None:
            me = _me(conn, participant_key)
            row = conn.execute(select(pair_requests).where(
                pair_requests.c.id == request_id, pair_requests.c.owner_id == me.id)).first()
            if row is None:
                raise InputError("This request is no longer open.")
            ids = sorted({me.id, row.requester_id})
            _lock(conn, ids)
            now = self.clock()
            status = conn.execute(select(pair_requests.c.status).where(pair_requests.c.id == request_id)).scalar_one()
            if status != "pending":
                raise InputError("This request is no longer open.")
            if not accept:
                conn.execute(update(pair_requests).where(pair_requests.c.id == request_id)
                             .values(status="declined", answered_at=now))
                return None
            if conn.execute(select(pair_requests.c.id).where(_accepted_involving([me.id]))).first():
                raise InputError("You are paired already. Leave your pair first to pair with someone else.")
            _accept(conn, request_id, ids, now)
            partner = conn.execute(select(participants).where(participants.c.id == row.requester_id)).one()
            return participant_record(partner)

        return self._run(work, write=True)  # type: ignore[attr-defined]

    # -- either ---------------------------------------------------------------------------------

    def leave_pair(self, participant_key: str) -> bool:
        """End my accepted pair (my partner's page says I left). Returns False when I was not paired."""

        def work(conn: Connection) -> bool:
            me = _me(conn, participant_key, open_only=False)
            now = self.clock()
            done = conn.execute(update(pair_requests).where(_accepted_involving([me.id]))
                                .values(status="ended", ended_at=now, ended_by=me.id)).rowcount
            return bool(done)

        return self._run(work, write=True)  # type: ignore[attr-defined]

    def partner(self, participant_key: str) -> ParticipantRecord | None:
        """My accepted partner (for every paired exercise of the session), or None."""
        return self.pairing_state(participant_key).partner

    def pair_requests_to(self, participant_key: str) -> tuple[PairRequest, ...]:
        """The requests waiting for my Accept or Decline, oldest first (one indexed query): what the
        room shows while I am on a page without a pairing view."""
        if not isinstance(participant_key, str) or not participant_key:
            return ()
        me = select(participants.c.id).where(participants.c.key == participant_key).scalar_subquery()
        return self._run(lambda conn: _incoming(conn, me), write=False)  # type: ignore[attr-defined]

    def pairing_state(self, participant_key: str) -> PairingState:
        """Everything a pairing view shows, read in one transaction (a few indexed queries)."""

        def look(conn: Connection) -> PairingState:
            if not isinstance(participant_key, str) or not participant_key:
                return PairingState()
            me = conn.execute(select(participants).where(participants.c.key == participant_key)).first()
            if me is None:
                return PairingState()
            now = self.clock()
            live = conn.execute(select(pair_requests).where(
                pair_requests.c.status.in_(("pending", "accepted")),
                or_(pair_requests.c.requester_id == me.id, pair_requests.c.owner_id == me.id),
            ).order_by(pair_requests.c.id)).all()
            accepted = next((row for row in live if row.status == "accepted"), None)
            partner = since = None
            if accepted is not None:
                other = accepted.owner_id if accepted.requester_id == me.id else accepted.requester_id
                partner = participant_record(conn.execute(select(participants).where(participants.c.id == other)).one())
                since = accepted.answered_at
            incoming = _incoming(conn, me.id) if any(
                row.status == "pending" and row.owner_id == me.id for row in live) else ()
            waiting = next((format_pair_code(row.code) for row in live
                            if row.status == "pending" and row.requester_id == me.id), None)
            ended = conn.execute(select(pair_requests).where(
                pair_requests.c.status == "ended",
                or_(pair_requests.c.requester_id == me.id, pair_requests.c.owner_id == me.id),
            ).order_by(pair_requests.c.ended_at.desc()).limit(1)).first()
            left_by = None
            if accepted is None and ended is not None and ended.ended_by != me.id:
                other = conn.execute(select(participants.c.display_name).where(
                    participants.c.id == ended.ended_by)).one()
                left_by = (other.display_name, ended.ended_at)
            latest = conn.execute(select(pair_requests).where(pair_requests.c.requester_id == me.id)
                                  .order_by(pair_requests.c.created_at.desc(), pair_requests.c.id.desc())
                                  .limit(1)).first()
            refused = None
            if (accepted is None and latest is not None and latest.status in ("miss", "declined", "closed")
                    and (ended is None or ended.ended_at <= latest.created_at)):
                refused = format_pair_code(latest.code)
            return PairingState(partner=partner, since=since, incoming=incoming, waiting_code=waiting,
                                refused_code=refused, left_by=left_by, retry_at=_retry_at(conn, me.id, now))

        return self._run(look, write=False)  # type: ignore[attr-defined]


# -- helpers -------------------------------------------------------------------------------------


def _me(conn: Connection, key: str, *, open_only: bool = True):
    """My participant row, or the InputError the page shows (unknown key, ended session)."""
    row = None
    if isinstance(key, str) and key:
        row = conn.execute(
            select(participants, sessions.c.closed_at.label("session_closed_at"))
            .join(sessions, sessions.c.id == participants.c.session_id)
            .where(participants.c.key == key)).first()
    if row is None:
        raise InputError(UNKNOWN_PARTICIPANT_MESSAGE)
    if open_only and row.session_closed_at is not None:
        raise InputError(SESSION_ENDED_MESSAGE)
    return row


def _incoming(conn: Connection, owner) -> tuple[PairRequest, ...]:
    """Requests waiting for ``owner``'s answer (an id or a subquery giving it), with what the owner may
    see of each requester: name and pair code."""
    rows = conn.execute(
        select(pair_requests.c.id, pair_requests.c.created_at, participants.c.display_name,
               participants.c.pair_code)
        .join(participants, participants.c.id == pair_requests.c.requester_id)
        .where(pair_requests.c.owner_id == owner, pair_requests.c.status == "pending")
        .order_by(pair_requests.c.id)).all()
    return tuple(PairRequest(id=row.id, name=row.display_name, code=format_pair_code(row.pair_code),
                             created_at=row.created_at) for row in rows)


def _lock(conn: Connection, ids: list[int]) -> None:
    """Lock these participants' rows in id order (PostgreSQL; SQLite writers hold the whole database)."""
    conn.execute(select(participants.c.id).where(participants.c.id.in_(ids)).order_by(participants.c.id)
                 .with_for_update(key_share=True)).all()


def _retry_at(conn: Connection, requester_id: int, now: datetime) -> datetime | None:
    """When the participant may send a request again: None when fewer than MAX_REQUESTS were sent in the
    last minute, else a minute after the oldest of those."""
    recent = conn.execute(select(pair_requests.c.created_at).where(
        pair_requests.c.requester_id == requester_id, pair_requests.c.created_at > now - REQUEST_WINDOW,
    ).order_by(pair_requests.c.created_at.desc()).limit(MAX_REQUESTS)).scalars().all()
    if len(recent) < MAX_REQUESTS:
        return None
    return min(recent) + REQUEST_WINDOW


def _cancel_waiting(conn: Connection, requester_id: int, now: datetime) -> None:
    """My request still waiting is replaced by the new one (one request at a time)."""
    conn.execute(update(pair_requests).where(pair_requests.c.requester_id == requester_id,
                                             pair_requests.c.status == "pending")
                 .values(status="cancelled", answered_at=now))


def _accept(conn: Connection, request_id: int, ids: list[int], now: datetime) -> None:
    """Make ``request_id`` the pair of ``ids`` (both locked, neither paired) and close every other
    request still waiting that involves either of them: each person is in one pair at a time."""
    conn.execute(update(pair_requests).where(pair_requests.c.id == request_id)
                 .values(status="accepted", answered_at=now))
    conn.execute(update(pair_requests).where(
        pair_requests.c.status == "pending",
        or_(pair_requests.c.requester_id.in_(ids), pair_requests.c.owner_id.in_(ids)),
    ).values(status="closed", answered_at=now))


__all__ = ["MAX_REQUESTS", "NO_PAIR_MESSAGE", "REQUEST_WINDOW", "PairingMixin", "TooManyRequests"]
