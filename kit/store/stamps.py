"""Cheap version stamps: has anything been stored for an exercise since a page last read it?

A page that shows the whole room's answers (the Q&A list) looks every few seconds; reading every
answer each time costs a query that grows with the room. Responses are append-only with increasing
ids, so the largest id among an exercise's responses in a session changes with every post, vote or
submit and with nothing else: one indexed aggregate, read first, and the answers only when it moved.
"""

from __future__ import annotations

from sqlalchemy import func, select

from kit.store.codes import normalize_code
from kit.store.tables import participants, responses, sessions


class StampsMixin:
    """Stamp methods of :class:`kit.store.Store` (which supplies ``_run``)."""

    def answers_stamp(self, code: str, exercise_id: str, *, run: int = 1) -> int:
        """A number that changes whenever anything is stored for ``exercise_id`` in ``run`` of session
        ``code`` (0 before anything is)."""
        stmt = (
            select(func.max(responses.c.id))
            .join(participants, participants.c.id == responses.c.participant_id)
            .join(sessions, sessions.c.id == participants.c.session_id)
            .where(sessions.c.code == normalize_code(code), responses.c.exercise_id == exercise_id,
                   responses.c.run == run)
        )
        found = self._run(lambda conn: conn.execute(stmt).scalar(), write=False)  # type: ignore[attr-defined]
        return int(found or 0)


__all__ = ["StampsMixin"]
