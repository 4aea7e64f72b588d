"""Sessions: creating, finding, closing, and the settings JSON the facilitator and pacing change.

Methods of :class:`kit.store.Store` (which supplies ``_run``, one retried transaction per call).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select, update

from kit.errors import InputError
from kit.store.codes import JOIN_CODE_LENGTH, looks_like_code, new_join_code, normalize_code
from kit.store.inputs import clean_text
from kit.store.records import SessionRecord, SessionSummary
from kit.store.tables import SESSION_NAME_MAX, participants, responses, sessions, utcnow

# Said to someone already in the room: no "ask for another code" (the workshop simply ended).
SESSION_ENDED_MESSAGE = (
    "This session has ended, so nothing more can be saved. What you submitted before it ended is kept."
)


class SessionsMixin:
    """Session methods of :class:`kit.store.Store`."""

    def create_session(self, name: str, *, k_threshold: int = 3) -> SessionRecord:
        """Create an open session with a fresh unique join code."""
        clean_name = clean_text(name, SESSION_NAME_MAX, "A session name")
        if clean_name is None:
            raise InputError(f"A session name needs 1 to {SESSION_NAME_MAX} characters.")
        if isinstance(k_threshold, bool) or not isinstance(k_threshold, int) or k_threshold < 1:
            raise InputError("The minimum group size (k) must be a whole number of at least 1.")

        def work(conn: Connection) -> SessionRecord:
            # A colliding code raises IntegrityError, and _run tries again with a new one.
            values = dict(
                code=new_join_code(), name=clean_name, created_at=utcnow(), closed_at=None,
                k_threshold=k_threshold, settings={},
            )
            result = conn.execute(insert(sessions).values(**values))
            return SessionRecord(id=result.inserted_primary_key[0], **values)

        return self._run(work, write=True)

    def get_session(self, code: str) -> SessionRecord | None:
        """The session with this join code (normalised first), or None."""
        normalized = normalize_code(code)
        if not looks_like_code(normalized, JOIN_CODE_LENGTH):
            return None
        row = self._run(
            lambda conn: conn.execute(select(sessions).where(sessions.c.code == normalized)).first(),
            write=False,
        )
        return session_record(row) if row else None

    def require_open_session(self, code: str) -> SessionRecord:
        """The open session with this code, or an :class:`InputError` to show the participant."""
        return self._run(lambda conn: session_record(open_session_row(conn, code)), write=False)

    def list_sessions(self) -> list[SessionSummary]:
        """All sessions, newest first, with their participant and response counts."""
        participant_count = (
            select(func.count(participants.c.id))
            .where(participants.c.session_id == sessions.c.id)
            .scalar_subquery()
        )
        # Revisions start at 1 and are never deleted, so counting revision-1 rows of each
        # combination's first run counts the (participant, exercise) combinations with at least one
        # response (a quiz taken twice is one combination).
        earlier = responses.alias("earlier")
        earlier_run = (
            select(earlier.c.id)
            .where(earlier.c.participant_id == responses.c.participant_id,
                   earlier.c.exercise_id == responses.c.exercise_id, earlier.c.run < responses.c.run)
            .exists()
        )
        response_count = (
            select(func.count(responses.c.id))
            .join(participants, participants.c.id == responses.c.participant_id)
            .where(participants.c.session_id == sessions.c.id, responses.c.revision == 1, ~earlier_run)
            .scalar_subquery()
        )
        stmt = select(
            sessions.c.code, sessions.c.name, sessions.c.created_at, sessions.c.closed_at,
            participant_count.label("participants"), response_count.label("responses"),
        ).order_by(sessions.c.created_at.desc(), sessions.c.id.desc())
        rows = self._run(lambda conn: conn.execute(stmt).all(), write=False)
        return [SessionSummary(**row._asdict()) for row in rows]

    def close_session(self, code: str) -> SessionRecord:
        """Close the session (idempotent): nobody can join or submit any more."""

        def work(conn: Connection) -> SessionRecord:
            row = session_row_or_error(conn, code, lock=True)
            if row.closed_at is None:
                conn.execute(update(sessions).where(sessions.c.id == row.id).values(closed_at=utcnow()))
                row = conn.execute(select(sessions).where(sessions.c.id == row.id)).one()
            return session_record(row)

        return self._run(work, write=True)

    def update_session_settings(self, code: str, **changes: Any) -> SessionRecord:
        """Merge ``changes`` into the session's settings (top-level keys replaced)."""
        try:
            clean = json.loads(json.dumps(changes, allow_nan=False))
        except (TypeError, ValueError) as exc:
            raise InputError("These settings cannot be saved: they are not plain JSON data.") from exc

        def work(conn: Connection) -> SessionRecord:
            # Locked, so two facilitator tabs changing different keys do not lose each other's change.
            row = session_row_or_error(conn, code, lock=True)
            settings = {**(row.settings or {}), **clean}
            conn.execute(update(sessions).where(sessions.c.id == row.id).values(settings=settings))
            return session_record(conn.execute(select(sessions).where(sessions.c.id == row.id)).one())

        return self._run(work, write=True)

    def change_session_settings(self, code: str, decide: Callable[[dict[str, Any]], dict[str, Any]], *,
                                require_open: bool = False) -> SessionRecord:
        """Merge the changes ``decide(settings)`` returns, deciding on the settings as they are inside
        the locked transaction: two facilitator tabs pressing Next at once move the room two steps in
        turn, never both from the same place. An :class:`InputError` from ``decide`` changes nothing;
        with ``require_open`` an ended session is refused the same way (pacing an ended room)."""

        def work(conn: Connection) -> SessionRecord:
            row = session_row_or_error(conn, code, lock=True)
            if require_open and row.closed_at is not None:
                raise InputError(f"Session {row.code} has ended: its agenda and pace can no longer change.")
            current = dict(row.settings or {})
            decided = decide(current)  # its InputError passes on as it is
            try:
                changes = json.loads(json.dumps(decided, allow_nan=False))
            except (TypeError, ValueError) as exc:
                raise InputError("These settings cannot be saved: they are not plain JSON data.") from exc
            conn.execute(update(sessions).where(sessions.c.id == row.id).values(settings={**current, **changes}))
            return session_record(conn.execute(select(sessions).where(sessions.c.id == row.id)).one())

        return self._run(work, write=True)


def session_record(row: Row) -> SessionRecord:
    """The :class:`SessionRecord` of a ``sessions`` row."""
    return SessionRecord(
        id=row.id, code=row.code, name=row.name, created_at=row.created_at,
        closed_at=row.closed_at, k_threshold=row.k_threshold, settings=dict(row.settings or {}),
    )



def session_row_or_error(conn: Connection, code: str, *, lock: bool = False) -> Row:
    """The session row with this code (locked for the transaction with ``lock``), or an InputError."""
    normalized = normalize_code(code)
    stmt = select(sessions).where(sessions.c.code == normalized)
    if lock:
        stmt = stmt.with_for_update(key_share=True)
    row = conn.execute(stmt).first() if looks_like_code(normalized, JOIN_CODE_LENGTH) else None
    if row is None:
        raise InputError(f"No workshop session has the code '{normalized[:12]}'.")
    return row


def open_session_row(conn: Connection, code: str) -> Row:
    """The open session with this code, or the InputError a person joining sees (no code, not a code,
    unknown, ended)."""
    normalized = normalize_code(code)
    if not normalized:
        raise InputError("Please type the workshop code shown on the screen.")
    if not looks_like_code(normalized, JOIN_CODE_LENGTH):
        # The typed text is not echoed: it can be anything, and it may be long.
        raise InputError(
            "That is not a workshop code: a code has 6 letters and digits. "
            "Check the code on the screen."
        )
    row = conn.execute(select(sessions).where(sessions.c.code == normalized)).first()
    if row is None:
        raise InputError(
            f"No workshop session has the code '{normalized}'. Check the code on the screen."
        )
    if row.closed_at is not None:
        raise InputError(
            "This session has ended. Ask the facilitator for the code of a current session."
        )
    return row

