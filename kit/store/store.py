"""The response store: sessions, participants, answers and pairs, on SQLite or PostgreSQL.

Drafts and pairing live in their own modules (:mod:`kit.store.drafts`, :mod:`kit.store.pairing`).

Every participant kernel opens its own :class:`Store` on the same URL, so several processes write
at once. The rules that keep that safe:

* a write that depends on what it read takes the lock it needs before reading: on SQLite
  ``BEGIN IMMEDIATE`` (the whole database), on PostgreSQL ``SELECT ... FOR NO KEY UPDATE`` on the
  rows concerned. Submitting, the busiest write, is optimistic instead: it reads without a lock and
  inserts one row whose unique constraints refuse a revision stored in between (the next attempt
  reads it), so on SQLite the write lock is held for that one INSERT only;
* whatever the client may send twice (a join request, a submission) carries an idempotency key with
  a unique constraint, and a unique-constraint race is retried, so the retry finds what the winner
  stored;
* a transient lock or serialisation failure is retried a few times and then reported as an
  :class:`~kit.errors.InputError` asking the person to try again, never as a raw database error.
"""

from __future__ import annotations

import json
import random
import secrets
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    Row,
    and_,
    bindparam,
    create_engine,
    event,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, ProgrammingError

from kit.errors import InputError
from kit.logic.text import clean_line, strip_invisible_strings
from kit.paths import database_url
from kit.store.codes import (
    JOIN_CODE_LENGTH,
    looks_like_code,
    new_join_code,
    new_pair_code,
    normalize_code,
)
from kit.store.drafts import DraftsMixin
from kit.store.pairing import PairingMixin
from kit.store.stamps import StampsMixin
from kit.store.records import (
    ParticipantRecord,
    ResponseRecord,
    SessionRecord,
    SessionSummary,
    SubmitResult,
    participant_record as _participant_record,
)
from kit.store.tables import (
    DISPLAY_NAME_MAX,
    PAIR_CODE_MAX,
    SESSION_NAME_MAX,
    TOKEN_MAX,
    metadata,
    participants,
    responses,
    sessions,
    utcnow,
)

T = TypeVar("T")

#: Largest accepted answers payload, measured as UTF-8 JSON.
MAX_ANSWERS_BYTES = 64 * 1024

BUSY_MESSAGE = "The server is busy, please press Submit again."
UNKNOWN_PARTICIPANT_MESSAGE = (
    "We could not find your place in this workshop. Please join again with the code on the screen."
)
# Said to someone already in the room: no "ask for another code" (the workshop simply ended).
SESSION_ENDED_MESSAGE = (
    "This session has ended, so nothing more can be saved. What you submitted before it ended is kept."
)

# Execution option marking a write transaction; the SQLite "begin" hook reads it.
_WRITE_OPTION = "mentorkit_write"
# Arbitrary constant naming the PostgreSQL advisory lock that serialises schema creation.
_SCHEMA_LOCK_ID = 0x6D656E746F72  # "mentor"
# PostgreSQL SQLSTATEs worth retrying: serialization_failure, deadlock_detected.
_RETRY_SQLSTATES = frozenset({"40001", "40P01"})
# Joiners (kept by kit.logic.text only where they do visible work) and tag characters (flags of
# England, Scotland, ...) are the format characters a name may keep; bidi controls and zero-width
# spaces are removed before this check, and any other format character is refused.
_ALLOWED_FORMAT_CHARS = frozenset({"\u200c", "\u200d"} | {chr(c) for c in range(0xE0020, 0xE0080)})


class Store(DraftsMixin, PairingMixin, StampsMixin):
    """Persistence for the kit, on any SQLAlchemy URL (SQLite file by default, or PostgreSQL)."""

    #: How long a SQLite writer waits for the write lock before the attempt fails (milliseconds).
    sqlite_busy_timeout_ms = 15_000
    #: How many times a transaction is tried when it hits a lock or a unique-constraint race.
    attempts = 5

    def __init__(self, url: str | None = None, *, create: bool = True) -> None:
        """Open the database at ``url`` (default :func:`kit.paths.database_url`).

        With ``create`` the tables are created when missing. Connections are opened lazily.
        """
        self.url: str = url if url is not None else database_url()
        self._sa_url = make_url(self.url)
        self._sqlite = self._sa_url.get_backend_name() == "sqlite"
        # No pool_pre_ping: it costs a round trip per transaction, and a connection the server
        # dropped fails with ``connection_invalidated``, which `_run` retries on a fresh one.
        self._engine = self._make_sqlite_engine() if self._sqlite else create_engine(self._sa_url)
        # Shares the pool and event hooks of the main engine; only marks its transactions as writes.
        self._writer = self._engine.execution_options(**{_WRITE_OPTION: True})
        if create:
            self.create_schema()

    def __repr__(self) -> str:
        return f"Store({self._masked_url()!r})"

    @property
    def engine(self) -> Engine:
        """The underlying engine, for read-only analysis queries (e.g. ``pandas.read_sql``)."""
        return self._engine

    def describe(self) -> str:
        """Where the data lives, for people: the SQLite file path, or the URL without password."""
        if self._sqlite:
            database = self._sa_url.database
            if not database or database == ":memory:":
                return "in-memory SQLite database (nothing is kept after exit)"
            return f"SQLite database file {Path(database).expanduser().resolve()}"
        return self._masked_url()

    def create_schema(self) -> None:
        """Create the missing tables and indexes; harmless when they exist or another process races."""

        def work(conn: Connection) -> None:
            if conn.dialect.name == "postgresql":
                # Two processes would both find no tables and both CREATE; the advisory lock makes
                # the second wait and then find everything in place. (SQLite: BEGIN IMMEDIATE.)
                conn.execute(select(func.pg_advisory_xact_lock(_SCHEMA_LOCK_ID)))
            metadata.create_all(conn)
            _check_existing_columns(conn)
            _widen_pair_codes(conn)

        if self._schema_complete():
            return
        for attempt in range(3):
            try:
                self._run(work, write=True)
                return
            except (IntegrityError, ProgrammingError, OperationalError):
                # A creator without the lock above (older code, another tool) may still win the
                # race; the next pass sees its tables and has nothing left to do.
                if attempt == 2:
                    raise

    def _schema_complete(self) -> bool:
        """Are every table and column there already? Checked in a read transaction, so a page opened
        while another process holds SQLite's write lock (WAL lets readers through) is not kept
        waiting for a write it does not need; a missing column still fails with SchemaMismatch."""
        from sqlalchemy import inspect

        def look(conn: Connection) -> bool:
            present = set(inspect(conn).get_table_names())
            if not all(table.name in present for table in metadata.sorted_tables):
                return False
            _check_existing_columns(conn)
            return not _narrow_pair_codes(conn)

        try:
            return self._run(look, write=False)
        except SchemaMismatch:
            raise
        except Exception:  # unsure: the write path below creates or reports
            return False

    def dispose(self) -> None:
        """Close all pooled connections (the store can still be used; it reconnects on demand)."""
        self._engine.dispose()

    # -- sessions -------------------------------------------------------------------------------

    def create_session(self, name: str, *, k_threshold: int = 3) -> SessionRecord:
        """Create an open session with a fresh unique join code."""
        clean_name = _clean_text(name, SESSION_NAME_MAX, "A session name")
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
        return _session_record(row) if row else None

    def require_open_session(self, code: str) -> SessionRecord:
        """The open session with this code, or an :class:`InputError` to show the participant."""
        return self._run(lambda conn: _session_record(_open_session_row(conn, code)), write=False)

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
            row = _session_row_or_error(conn, code, lock=True)
            if row.closed_at is None:
                conn.execute(update(sessions).where(sessions.c.id == row.id).values(closed_at=utcnow()))
                row = conn.execute(select(sessions).where(sessions.c.id == row.id)).one()
            return _session_record(row)

        return self._run(work, write=True)

    def update_session_settings(self, code: str, **changes: Any) -> SessionRecord:
        """Merge ``changes`` into the session's settings (top-level keys replaced)."""
        try:
            clean = json.loads(json.dumps(changes, allow_nan=False))
        except (TypeError, ValueError) as exc:
            raise InputError("These settings cannot be saved: they are not plain JSON data.") from exc

        def work(conn: Connection) -> SessionRecord:
            # Locked, so two facilitator tabs changing different keys do not lose each other's change.
            row = _session_row_or_error(conn, code, lock=True)
            settings = {**(row.settings or {}), **clean}
            conn.execute(update(sessions).where(sessions.c.id == row.id).values(settings=settings))
            return _session_record(conn.execute(select(sessions).where(sessions.c.id == row.id)).one())

        return self._run(work, write=True)

    def change_session_settings(self, code: str, decide: Callable[[dict[str, Any]], dict[str, Any]], *,
                                require_open: bool = False) -> SessionRecord:
        """Merge the changes ``decide(settings)`` returns, deciding on the settings as they are inside
        the locked transaction: two facilitator tabs pressing Next at once move the room two steps in
        turn, never both from the same place. An :class:`InputError` from ``decide`` changes nothing;
        with ``require_open`` an ended session is refused the same way (pacing an ended room)."""

        def work(conn: Connection) -> SessionRecord:
            row = _session_row_or_error(conn, code, lock=True)
            if require_open and row.closed_at is not None:
                raise InputError(f"Session {row.code} has ended: its agenda and pace can no longer change.")
            current = dict(row.settings or {})
            decided = decide(current)  # its InputError passes on as it is
            try:
                changes = json.loads(json.dumps(decided, allow_nan=False))
            except (TypeError, ValueError) as exc:
                raise InputError("These settings cannot be saved: they are not plain JSON data.") from exc
            conn.execute(update(sessions).where(sessions.c.id == row.id).values(settings={**current, **changes}))
            return _session_record(conn.execute(select(sessions).where(sessions.c.id == row.id)).one())

        return self._run(work, write=True)

    # -- participants ---------------------------------------------------------------------------

    def join(
        self, code: str, display_name: str | None, *, join_token: str | None = None
    ) -> ParticipantRecord:
        """Add a participant to the open session ``code``; an empty name means anonymous.

        The same ``join_token`` always yields the same participant, so a double click or a reload
        of the join request does not create a second one.
        """
        name = _clean_display_name(display_name)
        if join_token is not None:
            join_token = _check_token(join_token, "join request")

        def work(conn: Connection) -> ParticipantRecord:
            session = _open_session_row(conn, code)
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

    # -- responses ------------------------------------------------------------------------------

    def submit(
        self, participant_key: str, exercise_id: str, answers: dict, *, submission_id: str, run: int = 1
    ) -> SubmitResult:
        """Store ``answers`` as the participant's newest revision for ``exercise_id`` in ``run``.

        Returns the stored revision with ``created=False`` when nothing new was stored: the same
        ``submission_id`` was seen before (a double click), or the answers equal the latest ones of
        that run. Revisions are numbered per run, from 1.
        """
        exercise_id = _check_token(exercise_id, "exercise")
        submission_id = _check_token(submission_id, "submission")
        run = _check_run(run)
        clean = _clean_answers(answers)

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
        run = _check_run(run)
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
        run = _check_run(run)
        stmt = (
            select(func.count(func.distinct(responses.c.participant_id)))
            .join(participants, participants.c.id == responses.c.participant_id)
            .join(sessions, sessions.c.id == participants.c.session_id)
            .where(sessions.c.code == normalize_code(code), responses.c.exercise_id == exercise_id,
                   responses.c.run == run)
        )
        return self._run(lambda conn: conn.execute(stmt).scalar_one(), write=False)

    def count_participants(self, code: str) -> int:
        """How many participants joined session ``code``."""
        stmt = (
            select(func.count(participants.c.id))
            .join(sessions, sessions.c.id == participants.c.session_id)
            .where(sessions.c.code == normalize_code(code))
        )
        return self._run(lambda conn: conn.execute(stmt).scalar_one(), write=False)

    # -- internals ------------------------------------------------------------------------------

    def _history(self, participant_key: str, exercise_id: str, *, latest_only: bool, run: int) -> list[ResponseRecord]:
        run = _check_run(run)
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

    def _run(self, work: Callable[[Connection], T], *, write: bool, retry_conflicts: bool = True) -> T:
        """Run ``work`` in one transaction, retrying lock timeouts and unique-constraint races.

        An :class:`InputError` raised by ``work`` rolls the transaction back and is passed on. With
        ``retry_conflicts=False`` a unique-constraint race is passed on too, for a caller whose
        retry must start before this transaction (re-reading what the winner stored).
        """
        engine = self._writer if write else self._engine
        for attempt in range(1, self.attempts + 1):
            try:
                with engine.begin() as conn:
                    return work(conn)
            except IntegrityError:
                # Someone else committed the same unique value first; the next attempt reads it.
                if attempt == self.attempts or not retry_conflicts:
                    raise
            except DBAPIError as exc:
                if not self._is_transient(exc):
                    raise
                if attempt == self.attempts:
                    raise InputError(BUSY_MESSAGE) from exc
            time.sleep(random.uniform(0.01, 0.05) * attempt)
        raise AssertionError("unreachable")

    def _is_transient(self, exc: DBAPIError) -> bool:
        if exc.connection_invalidated:
            return True
        if self._sqlite:
            message = str(exc.orig).lower()
            return isinstance(exc, OperationalError) and ("locked" in message or "busy" in message)
        return getattr(exc.orig, "sqlstate", None) in _RETRY_SQLSTATES

    def _masked_url(self) -> str:
        return self._sa_url.render_as_string(hide_password=True)

    def _make_sqlite_engine(self) -> Engine:
        database = self._sa_url.database
        if database and database != ":memory:" and not database.startswith("file:"):
            # sqlite3 takes "~" literally; people writing --db sqlite:///~/x.db mean their home.
            path = Path(database).expanduser()
            path.parent.mkdir(parents=True, exist_ok=True)
            self._sa_url = self._sa_url.set(database=str(path))
        engine = create_engine(self._sa_url)
        busy_timeout = int(self.sqlite_busy_timeout_ms)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record) -> None:
            # The recipe from the SQLAlchemy SQLite docs ("Enabling Non-Legacy SQLite Transactional
            # Modes"): stop the driver from issuing BEGIN itself, so the hook below controls it.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            try:
                # busy_timeout first: switching to WAL needs a lock another process may hold.
                cursor.execute(f"PRAGMA busy_timeout={busy_timeout}")
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA foreign_keys=ON")
            finally:
                cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            # A deferred transaction that reads and then writes must upgrade its lock, and SQLite
            # fails that upgrade at once (no busy wait) when another writer got in between. Writers
            # therefore take the write lock up front, where busy_timeout does apply.
            immediate = conn.get_execution_options().get(_WRITE_OPTION)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine


# -- helpers -------------------------------------------------------------------------------------


class SchemaMismatch(RuntimeError):
    """The database was made by another version of the kit: its tables lack columns this one needs."""


def _check_existing_columns(conn: Connection) -> None:
    """Fail with a clear message, before any write, when an existing table lacks a column.

    ``create_all`` creates missing tables but never alters existing ones, so a database from an older
    version would otherwise fail on the first submit with a raw SQL error.
    """
    from sqlalchemy import inspect

    inspector = inspect(conn)
    missing = []
    for table in metadata.sorted_tables:
        present = {column["name"] for column in inspector.get_columns(table.name)}
        missing += [f"{table.name}.{column.name}" for column in table.columns if column.name not in present]
    if missing:
        raise SchemaMismatch(
            "This database was created by a different version of the Mentor Workshop Kit (missing columns: "
            + ", ".join(missing) + "). Nothing was changed. Use a new database (--db or MENTORKIT_DB), or "
            "export the old one with the version that created it.")


def _narrow_pair_codes(conn: Connection) -> bool:
    """Does ``participants.pair_code`` hold fewer characters than a pair code needs now? (Databases
    made when codes had 4 characters; only PostgreSQL enforces a VARCHAR's length, SQLite ignores it.)"""
    if conn.dialect.name != "postgresql":
        return False
    from sqlalchemy import inspect

    column = next(c for c in inspect(conn).get_columns("participants") if c["name"] == "pair_code")
    length = getattr(column["type"], "length", None)
    return length is not None and length < PAIR_CODE_MAX


def _widen_pair_codes(conn: Connection) -> None:
    """The kit's one migration so far: widen an old database's pair-code column (in the schema lock).
    Widening a VARCHAR keeps every row and is a catalogue change in PostgreSQL, not a rewrite."""
    if _narrow_pair_codes(conn):
        conn.exec_driver_sql(f"ALTER TABLE participants ALTER COLUMN pair_code TYPE VARCHAR({PAIR_CODE_MAX})")


def _session_record(row: Row) -> SessionRecord:
    return SessionRecord(
        id=row.id, code=row.code, name=row.name, created_at=row.created_at,
        closed_at=row.closed_at, k_threshold=row.k_threshold, settings=dict(row.settings or {}),
    )


def _response_record(row: Row) -> ResponseRecord:
    return ResponseRecord(
        exercise_id=row.exercise_id, revision=row.revision, answers=row.answers,
        submission_id=row.submission_id, created_at=row.created_at, run=row.run,
    )


def _session_row_or_error(conn: Connection, code: str, *, lock: bool = False) -> Row:
    normalized = normalize_code(code)
    stmt = select(sessions).where(sessions.c.code == normalized)
    if lock:
        stmt = stmt.with_for_update(key_share=True)
    row = conn.execute(stmt).first() if looks_like_code(normalized, JOIN_CODE_LENGTH) else None
    if row is None:
        raise InputError(f"No workshop session has the code '{normalized[:12]}'.")
    return row


def _open_session_row(conn: Connection, code: str) -> Row:
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


def _participant_row(conn: Connection, key: str) -> Row | None:
    """The participant (all columns) plus ``session_closed_at``."""
    if not isinstance(key, str) or not key:
        return None
    stmt = (
        select(participants, sessions.c.closed_at.label("session_closed_at"))
        .join(sessions, sessions.c.id == participants.c.session_id)
        .where(participants.c.key == key)
    )
    return conn.execute(stmt).first()


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


def _check_token(value: object, what: str) -> str:
    """An identifier supplied by the app (exercise id, idempotency key): 1..100 printable chars."""
    if not isinstance(value, str) or not 0 < len(value) <= TOKEN_MAX or not value.isprintable():
        raise InputError(f"The {what} id is missing or malformed. Please reload the page.")
    return value


def _check_run(run: object) -> int:
    """A run number: a whole number of at least 1 (a quiz has runs 1 and 2)."""
    if isinstance(run, bool) or not isinstance(run, int) or run < 1:
        raise InputError("The run of this exercise is missing or malformed. Please reload the page.")
    return run


def _is_forbidden_char(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category in ("Cc", "Cs"):
        return True
    return category == "Cf" and ch not in _ALLOWED_FORMAT_CHARS


def _clean_text(raw: object, max_length: int, label: str) -> str | None:
    """NFC, whitespace collapsed, invisible characters removed (:func:`kit.logic.text.clean_line`);
    None when empty. InputError for control characters or length."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise InputError(f"{label} must be text.")
    text = clean_line(raw)
    if not text:
        return None
    if any(_is_forbidden_char(ch) for ch in text):
        raise InputError(f"{label} cannot contain control or invisible formatting characters.")
    if len(text) > max_length:
        raise InputError(f"{label} can be at most {max_length} characters.")
    return text


def _clean_display_name(raw: object) -> str | None:
    """A display name as stored, None for anonymous; InputError with a message for the person."""
    if raw is not None and not isinstance(raw, str):
        raise InputError("Please type your name, or leave the field empty to stay anonymous.")
    text = clean_line(raw or "")
    if not text and (raw or "").strip():  # nothing but invisible characters: not a name, not "anonymous"
        raise InputError("Please type your name, or tick “Stay anonymous”.")
    if len(text) > DISPLAY_NAME_MAX:
        raise InputError(f"Names can be at most {DISPLAY_NAME_MAX} characters.")
    if any(_is_forbidden_char(ch) for ch in text):
        raise InputError("Names cannot contain control or invisible formatting characters.")
    return text or None


def _clean_answers(answers: object) -> dict[str, Any]:
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
