"""Participants: joining a session (idempotent per join request), and finding someone by key.

Methods of :class:`kit.store.Store` (which supplies ``_run``). Pairing lives in :mod:`kit.store.pairing`.
"""

from __future__ import annotations

import secrets

from sqlalchemy import Connection, func, insert, select

from kit.errors import InputError
from kit.store.codes import JOIN_CODE_LENGTH, looks_like_code, new_pair_code, normalize_code
from kit.store.inputs import check_token, clean_display_name
from kit.store.records import ParticipantRecord, participant_record as _participant_record
from kit.store.sessions import open_session_row
from kit.store.tables import participants, sessions, utcnow

UNKNOWN_PARTICIPANT_MESSAGE = (
    "We could not find your place in this workshop. Please join again with the code on the screen."
)


class ParticipantsMixin:
    """Participant methods of :class:`kit.store.Store`."""

    def join(
        self, code: str, display_name: str | None, *, join_token: str | None = None
    ) -> ParticipantRecord:
        """Add a participant to the open session ``code``; an empty name means anonymous.

        The same ``join_token`` always yields the same participant, so a double click or a reload
        of the join request does not create a second one.
        """
        name = clean_display_name(display_name)
        if join_token is not None:
            join_token = check_token(join_token, "join request")

        def work(conn: Connection) -> ParticipantRecord:
            session = open_session_row(conn, code)
            if join_token is not None:
                existing = conn.execute(
                    select(participants).where(participants.c.join_token == join_token)
                ).first()
                if existing is not None:
                    if existing.session_id != session.id:
                        raise InputError("This join request was already used. Please reload the page.")
                    return _participant_record(existing)
            # A colliding pair code (or a concurrent request with the same join token) raises
            # IntegrityError; the next attempt picks a new code or finds the other participant.
            values = dict(
                session_id=session.id, key=secrets.token_urlsafe(16), display_name=name,
                pair_code=new_pair_code(), created_at=utcnow(),
            )
            result = conn.execute(insert(participants).values(join_token=join_token, **values))
            return ParticipantRecord(id=result.inserted_primary_key[0], **values)

        return self._run(work, write=True)

    def get_participant(self, key: str) -> ParticipantRecord | None:
        """The participant with this key, or None."""
        if not isinstance(key, str) or not key:
            return None
        row = self._run(
            lambda conn: conn.execute(select(participants).where(participants.c.key == key)).first(),
            write=False,
        )
        return _participant_record(row) if row else None

    def participant_in_session(self, code: str, key: str) -> ParticipantRecord | None:
        """The participant with this key if they belong to session ``code``, else None."""
        normalized = normalize_code(code)
        if not isinstance(key, str) or not key or not looks_like_code(normalized, JOIN_CODE_LENGTH):
            return None
        stmt = (
            select(participants)
            .join(sessions, sessions.c.id == participants.c.session_id)
            .where(participants.c.key == key, sessions.c.code == normalized)
        )
        row = self._run(lambda conn: conn.execute(stmt).first(), write=False)
        return _participant_record(row) if row else None

    def count_participants(self, code: str) -> int:
        """How many participants joined session ``code``."""
        stmt = (
            select(func.count(participants.c.id))
            .join(sessions, sessions.c.id == participants.c.session_id)
            .where(sessions.c.code == normalize_code(code))
        )
        return self._run(lambda conn: conn.execute(stmt).scalar_one(), write=False)
