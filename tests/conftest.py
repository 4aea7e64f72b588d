"""Database fixtures shared by the whole suite: SQLite files and a throwaway PostgreSQL server.

PostgreSQL: ``$MENTORKIT_TEST_PG_URL`` (a server where that role may CREATE DATABASE) is used when
set; otherwise a private cluster is made with ``initdb`` in a temporary folder, started on a free
loopback port for the test session and removed at the end. Without ``initdb`` the PostgreSQL
variants skip with a reason, except in CI (``CI=true``), where they fail: nothing may skip there.
"""

from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from kit.store import Store

PG_URL_ENV = "MENTORKIT_TEST_PG_URL"
PG_USER = "mentorkit"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _pg_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    # Debian/Ubuntu keep the server binaries off PATH, one folder per major version.
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Cluster:
    """A PostgreSQL cluster in a temporary folder, run as ``postgres`` when we are root."""

    def __init__(self, initdb: str) -> None:
        self.bin_dir = Path(initdb).parent
        self.as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        # Not under pytest's tmp_path: that is private to root, and the server must reach it.
        self.base = Path(tempfile.mkdtemp(prefix="mentorkit-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.port = 0
        if self.as_root:
            shutil.chown(self.base, "postgres", "postgres")

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:
            # The server refuses to run as root.
            command = ["su", "postgres", "-c", shlex.join(command)]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    def start(self) -> str:
        result = self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", PG_USER,
            "--encoding=UTF8", "--locale=C", "--no-sync",
        )
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{result.stdout}\n{result.stderr}")
        for _ in range(3):  # the free port may be taken between probing and binding
            self.port = _free_port()
            options = (
                f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 "
                # Durability is pointless for a throwaway cluster; speed is not.
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                "-c max_connections=200"
            )
            result = self._run(
                "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"
            )
            if result.returncode == 0:
                return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/postgres"
        log = self.log.read_text(errors="replace") if self.log.exists() else ""
        raise RuntimeError(f"pg_ctl start failed:\n{result.stdout}\n{result.stderr}\n{log}")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)


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
