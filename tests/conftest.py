"""Database fixtures shared by the whole suite: SQLite files and a throwaway PostgreSQL server.

PostgreSQL: ``$MENTORKIT_TEST_PG_URL`` (a server where that role may CREATE DATABASE) is used when
set; otherwise a private cluster is made with ``initdb`` in a temporary folder, started on a free
loopback port for the test session and removed at the end. Without ``initdb`` the PostgreSQL
variants skip with a reason, except in CI (``CI=true``), where they fail: nothing may skip there.
"""

from __future__ import annotations

import os
import pwd
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from kit.store import Store
from tests.pgcluster import Cluster as _Cluster, pg_binary as _pg_binary

PG_URL_ENV = "MENTORKIT_TEST_PG_URL"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """An administrative URL of a PostgreSQL server for this test session."""
    existing = os.environ.get(PG_URL_ENV)
    if existing:
        yield existing
        return
    initdb = _pg_binary("initdb")
    if initdb is None:
        _unavailable("PostgreSQL server binaries (initdb) not found; install postgresql")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            _unavailable("running as root but there is no 'postgres' user to run the server")
    cluster = _Cluster(initdb)
    try:
        url = cluster.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        cluster.stop()
        _unavailable(f"could not start a throwaway PostgreSQL cluster: {exc}")
    try:
        yield url
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A URL to a brand-new, empty PostgreSQL database, dropped after the test."""
    admin = create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    name = f"mentorkit_test_{uuid.uuid4().hex[:16]}"
    # CREATE/DROP DATABASE have no Core construct; the name is generated here, never user input.
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(pg_server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A URL to a SQLite file that does not exist yet, in a folder that does not exist yet."""
    return f"sqlite:///{tmp_path / 'db' / 'mentorkit.sqlite3'}"


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
    ids=["sqlite", "postgresql"],
)
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh, empty database URL: each test runs once on SQLite and once on PostgreSQL."""
    # Looked up lazily so a SQLite-only selection never starts PostgreSQL.
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A :class:`Store` with its schema created, on each database in turn."""
    opened = Store(db_url)
    try:
        yield opened
    finally:
        opened.dispose()


@pytest.fixture
def sqlite_store(sqlite_url: str) -> Iterator[Store]:
    """A :class:`Store` on a fresh SQLite file, for SQLite-specific behaviour."""
    opened = Store(sqlite_url)
    try:
        yield opened
    finally:
        opened.dispose()
