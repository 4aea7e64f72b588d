"""Answers: submitting a revision (optimistic, idempotent per submission id), and reading them back.

Responses are append-only: ``(participant, exercise, run, revision)`` is unique and ``submission_id``
is an idempotency key. Methods of :class:`kit.store.Store` (which supplies ``_run``, ``attempts``
and ``_sqlite``).
"""

from __future__ import annotations

import json
import random
import time
from typing import Any

from sqlalchemy import Connection, Row, and_, bindparam, func, insert, or_, select
from sqlalchemy.exc import IntegrityError

from kit.errors import InputError
from kit.logic.text import strip_invisible_strings
from kit.store.codes import normalize_code
from kit.store.inputs import check_run, check_token
from kit.store.participants import UNKNOWN_PARTICIPANT_MESSAGE
from kit.store.records import ResponseRecord, SubmitResult
from kit.store.sessions import SESSION_ENDED_MESSAGE
from kit.store.tables import participants, responses, sessions, utcnow

#: Largest accepted answers payload, measured as UTF-8 JSON.
MAX_ANSWERS_BYTES = 64 * 1024

BUSY_MESSAGE = "The server is busy, please press Submit again."


class AnswersMixin:
    """Answer methods of :class:`kit.store.Store`."""

    def submit(
        self, participant_key: str, exercise_id: str, answers: dict, *, submission_id: str, run: int = 1
    ) -> SubmitResult:
        """Store ``answers`` as the participant's newest revision for ``exercise_id`` in ``run``.

        Returns the stored revision with ``created=False`` when nothing new was stored: the same
        ``submission_id`` was seen before (a double click), or the answers equal the latest ones of
        that run. Revisions are numbered per run, from 1.
        """
        exercise_id = check_token(exercise_id, "exercise")
        submission_id = check_token(submission_id, "submission")
        run = check_run(run)
        clean = clean_answers(answers)

        def look(conn: Connection) -> SubmitResult | dict:
            """What to store, or the answer to return when nothing needs storing (one query)."""
            row = conn.execute(_SUBMIT_LOOKUP, dict(participant_key=participant_key, exercise_id=exercise_id,
                                                    run=run, submission_id=submission_id)).first()
            if row is None:
                raise InputError(UNKNOWN_PARTICIPANT_MESSAGE)
            if row.submission_id == submission_id:
                if row.participant_id != row.me or row.exercise_id != exercise_id or row.run != run:
                    raise InputError("This answer was already saved elsewhere. Please reload the page.")
                return SubmitResult(_response_record(row), created=False)
            if row.session_closed_at is not None:
                raise InputError(SESSION_ENDED_MESSAGE)
            if row.revision is not None and row.answers == clean:
                return SubmitResult(_response_record(row), created=False)
            return dict(participant_id=row.me, session_id=row.session_id, exercise_id=exercise_id,
                        revision=(row.revision or 0) + 1, run=run, answers=clean,
                        submission_id=submission_id, created_at=utcnow())

        def write(conn: Connection, values: dict) -> SubmitResult:
            """Insert the revision unless the session closed meanwhile; a race raises IntegrityError."""
            # RETURNING rather than rowcount: the drivers do not all count rows of INSERT ... SELECT.
            if conn.execute(_SUBMIT_INSERT, values).first() is None:
                raise InputError(SESSION_ENDED_MESSAGE)
            return SubmitResult(ResponseRecord(
                exercise_id=exercise_id, revision=values["revision"], answers=clean,
                submission_id=submission_id, created_at=values["created_at"], run=run,
            ), created=True)

        # Optimistic: nothing is locked while reading. The unique (participant, exercise, run,
        # revision) and submission-id constraints refuse a revision someone stored in between, and
        # the next attempt reads it. On SQLite the write lock is then held for one INSERT only.
        def both(conn: Connection) -> SubmitResult:
            plan = look(conn)
            return plan if isinstance(plan, SubmitResult) else write(conn, plan)

        for attempt in range(1, self.attempts + 1):
            try:
                if not self._sqlite:  # PostgreSQL: one transaction, nothing locked while reading
                    return self._run(both, write=True, retry_conflicts=False)
                plan = self._run(look, write=False)
                if isinstance(plan, SubmitResult):
                    return plan
                return self._run(lambda conn: write(conn, plan), write=True, retry_conflicts=False)
            except IntegrityError as exc:
                if attempt == self.attempts:  # lost every race: nothing of this submit was stored
                    raise InputError(BUSY_MESSAGE) from exc
            time.sleep(random.uniform(0.001, 0.01) * attempt)
        raise AssertionError("unreachable")

    def latest_response(self, participant_key: str, exercise_id: str, *, run: int = 1) -> ResponseRecord | None:
        """The participant's revision that counts for ``exercise_id`` in ``run``, or None."""
        history = self._history(participant_key, exercise_id, latest_only=True, run=run)
        return history[0] if history else None

    def response_history(self, participant_key: str, exercise_id: str, *, run: int = 1) -> list[ResponseRecord]:
        """Every revision the participant stored for ``exercise_id`` in ``run``, oldest first."""
        return self._history(participant_key, exercise_id, latest_only=False, run=run)

    def latest_answers(self, code: str, exercise_id: str, run: int = 1) -> list[dict]:
        """Each participant's latest answers to ``exercise_id`` in ``run`` of session ``code``, anonymously.

        One dict per participant who answered; no key, name or order that could identify anyone.
        """
        run = check_run(run)
        normalized = normalize_code(code)
        latest = (
            select(responses.c.participant_id, func.max(responses.c.revision).label("revision"))
            .join(participants, participants.c.id == responses.c.participant_id)
            .join(sessions, sessions.c.id == participants.c.session_id)
            .where(sessions.c.code == normalized, responses.c.exercise_id == exercise_id, responses.c.run == run)
            .group_by(responses.c.participant_id)
            .subquery()
        )
        stmt = select(responses.c.answers).join(
            latest,
            and_(
                responses.c.participant_id == latest.c.participant_id,
                responses.c.revision == latest.c.revision,
            ),
        ).where(responses.c.exercise_id == exercise_id, responses.c.run == run)
        return self._run(lambda conn: list(conn.execute(stmt).scalars()), write=False)

    def count_respondents(self, code: str, exercise_id: str, run: int = 1) -> int:
        """How many participants of session ``code`` answered ``exercise_id`` in ``run``."""
        run = check_run(run)
        stmt = (
            select(func.count(func.distinct(responses.c.participant_id)))
            .join(participants, participants.c.id == responses.c.participant_id)
            .join(sessions, sessions.c.id == participants.c.session_id)
            .where(sessions.c.code == normalize_code(code), responses.c.exercise_id == exercise_id,
                   responses.c.run == run)
        )
        return self._run(lambda conn: conn.execute(stmt).scalar_one(), write=False)

    def _history(self, participant_key: str, exercise_id: str, *, latest_only: bool, run: int) -> list[ResponseRecord]:
        run = check_run(run)
        if not isinstance(participant_key, str) or not participant_key:
            return []
        stmt = (
            select(responses)
            .join(participants, participants.c.id == responses.c.participant_id)
            .where(participants.c.key == participant_key, responses.c.exercise_id == exercise_id,
                   responses.c.run == run)
        )
        if latest_only:
            stmt = stmt.order_by(responses.c.revision.desc()).limit(1)
        else:
            stmt = stmt.order_by(responses.c.revision)
        rows = self._run(lambda conn: conn.execute(stmt).all(), write=False)
        return [_response_record(row) for row in rows]


def _response_record(row: Row) -> ResponseRecord:
    return ResponseRecord(
        exercise_id=row.exercise_id, revision=row.revision, answers=row.answers,
        submission_id=row.submission_id, created_at=row.created_at, run=row.run,
    )



def _build_submit_statements():
    """The two statements of a submit, built once with bound parameters: building a statement
    costs about as much CPU as running it, and a hundred kernels submitting at once share 2 cores."""
    seen = responses.c.submission_id == bindparam("submission_id")
    chosen = (
        select(responses.c.id)
        .where(or_(seen, and_(responses.c.participant_id == participants.c.id,
                              responses.c.exercise_id == bindparam("exercise_id"),
                              responses.c.run == bindparam("run"))))
        .order_by(seen.desc(), responses.c.revision.desc())
        .limit(1)
        .correlate(participants)
        .scalar_subquery()
    )
    # The participant (``me``, ``session_id``, ``session_closed_at``) with at most one response: the
    # one stored under this submission id if any (a double submit), else their latest revision of
    # the exercise in this run (response columns all None without one). No row: an unknown key.
    lookup = (
        select(participants.c.id.label("me"), participants.c.session_id,
               sessions.c.closed_at.label("session_closed_at"), *responses.c)
        .join_from(participants, sessions, sessions.c.id == participants.c.session_id)
        .outerjoin(responses, responses.c.id == chosen)
        .where(participants.c.key == bindparam("participant_key"))
    )
    # Inserts nothing once the session is closed, even when it closed after the lookup.
    store = insert(responses).from_select(
        _SUBMIT_COLUMNS,
        select(*(bindparam(name, type_=responses.c[name].type) for name in _SUBMIT_COLUMNS))
        .where(sessions.c.id == bindparam("session_id"), sessions.c.closed_at.is_(None)),
    ).returning(responses.c.id)
    return lookup, store


_SUBMIT_COLUMNS = ("participant_id", "exercise_id", "revision", "run", "answers", "submission_id", "created_at")
_SUBMIT_LOOKUP, _SUBMIT_INSERT = _build_submit_statements()

def clean_answers(answers: object) -> dict[str, Any]:
    """The answers as they will be stored (a JSON round trip, invisible characters removed), or an
    InputError."""
    if not isinstance(answers, dict):
        raise InputError("These answers cannot be saved: they are not in the expected form.")
    try:
        text = json.dumps(answers, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        # Lone surrogates: they cannot be stored as UTF-8 (and PostgreSQL refuses them).
        raise InputError("Your answer contains characters that cannot be saved. Please retype it.") from exc
    except (TypeError, ValueError, RecursionError) as exc:
        raise InputError("These answers cannot be saved: they are not plain text, numbers and lists.") from exc
    if size > MAX_ANSWERS_BYTES:
        raise InputError(
            f"Your answers are too long to save (more than {MAX_ANSWERS_BYTES // 1024} KB). "
            "Please shorten the longest answer and press Submit again."
        )
    return strip_invisible_strings(json.loads(text))
