"""The store itself on SQLite and PostgreSQL: schema, connection, busy handling, other versions."""

from __future__ import annotations

import pathlib
import sqlite3

import pytest

from kit.errors import InputError
from kit.store import BUSY_MESSAGE, Store


# -- schema and connection ------------------------------------------------------------------------


def test_create_schema_twice(store):
    """Can the schema be created again on a database that already has it?"""
    store.create_schema()
    store.create_schema()
    Store(store.url).create_schema()
    assert store.list_sessions() == []


def test_describe_and_repr_hide_password():
    """Does describe()/repr show where the data is without the password?"""
    store = Store("postgresql+psycopg://kit:s3cret@db.example:5432/mentor", create=False)
    assert "s3cret" not in store.describe() and "s3cret" not in repr(store)
    assert "db.example" in store.describe()
    assert store.url.endswith("@db.example:5432/mentor")


def test_sqlite_file_and_folder_are_created(sqlite_url):
    """Is a missing parent folder of the SQLite file created, and the file path described?"""
    store = Store(sqlite_url)
    try:
        path = sqlite_url.removeprefix("sqlite:///")
        assert str(path) in store.describe()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
    finally:
        store.dispose()


def test_store_module_imports_nothing_heavy():
    """Does importing the store leave pandas, matplotlib and ipywidgets unloaded?"""
    import subprocess
    import sys

    code = (
        "import sys, kit.store; "
        "print([m for m in ('pandas', 'matplotlib', 'ipywidgets', 'sqlalchemy.orm') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- SQLite busy handling -------------------------------------------------------------------------


def test_sqlite_busy_becomes_friendly_error(sqlite_url, monkeypatch):
    """When another writer holds the lock too long, is the caller asked to retry (nothing stored)?"""
    monkeypatch.setattr(Store, "sqlite_busy_timeout_ms", 50)
    monkeypatch.setattr(Store, "attempts", 2)
    store = Store(sqlite_url)
    try:
        session = store.create_session("Busy")
        ann = store.join(session.code, "Ann")
        blocker = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(InputError) as caught:
                store.submit(ann.key, "quiz", {"a": 1}, submission_id="s")
            assert str(caught.value) == BUSY_MESSAGE
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert store.latest_response(ann.key, "quiz") is None
        assert store.submit(ann.key, "quiz", {"a": 1}, submission_id="s").created
    finally:
        store.dispose()


def test_database_from_another_version_gets_a_clear_message(db_url):
    """Does a database whose responses table lacks a column refuse with a clear message, changing nothing?"""
    from sqlalchemy import create_engine, text

    from kit.store.schema import SchemaMismatch

    if db_url.startswith("sqlite:///"):
        pathlib.Path(db_url.split("///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE responses (id INTEGER PRIMARY KEY, participant_id INTEGER, "
                          "exercise_id VARCHAR(100), revision INTEGER, answers TEXT, submission_id VARCHAR(100), "
                          "created_at TIMESTAMP)"))
    engine.dispose()
    with pytest.raises(SchemaMismatch, match="responses.run"):
        Store(db_url)
    engine = create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM responses")).scalar() == 0
    engine.dispose()
