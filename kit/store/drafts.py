"""Drafts: what a participant has typed or ticked but not submitted, kept so it survives a switch of
exercise, a reload or a new kernel. A draft is never an answer: the facilitator's views, exports and
reports read ``responses`` only. Submitting clears the draft, since the answers are then stored.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update

from kit.errors import InputError
from kit.logic.text import strip_invisible_strings
from kit.store.tables import drafts, participants, utcnow

#: A draft is at most this big as UTF-8 JSON (the same limit as a submission).
MAX_DRAFT_BYTES = 64 * 1024


class DraftsMixin:
    """Draft methods of :class:`kit.store.Store` (which supplies ``_run``)."""

    def save_draft(self, participant_key: str, exercise_id: str, answers: dict, *, run: int = 1) -> datetime:
        """Keep ``answers`` as the participant's draft for ``exercise_id`` (replacing an older one);
        returns when it was saved. Nothing is saved for an unknown participant."""
        try:
            payload = strip_invisible_strings(json.loads(json.dumps(answers, allow_nan=False)))
        except (TypeError, ValueError) as exc:
            raise InputError("This draft cannot be kept: it is not plain data.") from exc
        if not isinstance(payload, dict):
            raise InputError("A draft is a set of answers by item.")
        if len(json.dumps(payload).encode("utf-8")) > MAX_DRAFT_BYTES:
            raise InputError("This draft is too long to keep; submit or shorten your answers.")
        now = utcnow()

        def work(conn: Connection) -> datetime:
            person = conn.execute(select(participants.c.id).where(participants.c.key == participant_key)).first()
            if person is None:
                raise InputError("We could not find your place in this workshop.")
            where = (drafts.c.participant_id == person.id, drafts.c.exercise_id == exercise_id, drafts.c.run == run)
            changed = conn.execute(update(drafts).where(*where).values(answers=payload, updated_at=now)).rowcount
            if not changed:  # a race with another tab inserting first is retried by _run as an update
                conn.execute(drafts.insert().values(participant_id=person.id, exercise_id=exercise_id, run=run,
                                                    answers=payload, updated_at=now))
            return now

        return self._run(work, write=True)  # type: ignore[attr-defined]

    def get_draft(self, participant_key: str, exercise_id: str, *, run: int = 1) -> tuple[dict[str, Any], datetime] | None:
        """The participant's draft for ``exercise_id`` and when it was saved, or None."""
        stmt = (
            select(drafts.c.answers, drafts.c.updated_at)
            .join(participants, participants.c.id == drafts.c.participant_id)
            .where(participants.c.key == participant_key, drafts.c.exercise_id == exercise_id, drafts.c.run == run)
        )
        row = self._run(lambda conn: conn.execute(stmt).first(), write=False)  # type: ignore[attr-defined]
        return (dict(row.answers), row.updated_at) if row else None

    def clear_draft(self, participant_key: str, exercise_id: str, *, run: int = 1) -> None:
        """Forget the draft (after a submit stored the answers)."""
        person = select(participants.c.id).where(participants.c.key == participant_key).scalar_subquery()
        stmt = delete(drafts).where(drafts.c.participant_id == person, drafts.c.exercise_id == exercise_id,
                                    drafts.c.run == run)
        self._run(lambda conn: conn.execute(stmt), write=True)  # type: ignore[attr-defined]


__all__ = ["DraftsMixin", "MAX_DRAFT_BYTES"]
