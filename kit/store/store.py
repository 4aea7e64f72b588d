"""The response store: one :class:`Store` on SQLite or PostgreSQL, its engine, schema and transactions.

What it stores is split by concept, each a mixin of :class:`Store`: :mod:`kit.store.sessions`,
:mod:`kit.store.participants`, :mod:`kit.store.answers`, :mod:`kit.store.drafts` and
:mod:`kit.store.pairing`; :mod:`kit.store.inputs` checks what callers hand in and
:mod:`kit.store.schema` refuses a database from another version.

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

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, ProgrammingError

from kit.errors import InputError
from kit.paths import database_url
from kit.store.answers import BUSY_MESSAGE, AnswersMixin
from kit.store.drafts import DraftsMixin
from kit.store.pairing import PairingMixin
from kit.store.participants import ParticipantsMixin
from kit.store.quick import QuickMixin
from kit.store.schema import SchemaMismatch, check_existing_columns, narrow_pair_codes, widen_pair_codes
from kit.store.sessions import SessionsMixin
from kit.store.stamps import StampsMixin
from kit.store.tables import metadata

T = TypeVar("T")

# Execution option marking a write transaction; the SQLite "begin" hook reads it.
_WRITE_OPTION = "mentorkit_write"
# Arbitrary constant naming the PostgreSQL advisory lock that serialises schema creation.
_SCHEMA_LOCK_ID = 0x6D656E746F72  # "mentor"
# PostgreSQL SQLSTATEs worth retrying: serialization_failure, deadlock_detected.
_RETRY_SQLSTATES = frozenset({"40001", "40P01"})


class Store(SessionsMixin, ParticipantsMixin, AnswersMixin, DraftsMixin, PairingMixin, QuickMixin, StampsMixin):
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
            check_existing_columns(conn)
            widen_pair_codes(conn)

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
            check_existing_columns(conn)
            return not narrow_pair_codes(conn)

        try:
            return self._run(look, write=False)
        except SchemaMismatch:
            raise
        except Exception:  # unsure: the write path below creates or reports
            return False

    def dispose(self) -> None:
        """Close all pooled connections (the store can still be used; it reconnects on demand)."""
        self._engine.dispose()

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
