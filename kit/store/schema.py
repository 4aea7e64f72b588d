"""The database's shape: refusing a database from another version, and the one migration so far.

Run inside :meth:`kit.store.Store.create_schema`'s transaction (under the schema lock).
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect

from kit.store.tables import PAIR_CODE_MAX, metadata


class SchemaMismatch(RuntimeError):
    """The database was made by another version of the kit: its tables lack columns this one needs."""


def check_existing_columns(conn: Connection) -> None:
    """Fail with a clear message, before any write, when an existing table lacks a column.

    ``create_all`` creates missing tables but never alters existing ones, so a database from an older
    version would otherwise fail on the first submit with a raw SQL error.
    """
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


def narrow_pair_codes(conn: Connection) -> bool:
    """Does ``participants.pair_code`` hold fewer characters than a pair code needs now? (Databases
    made when codes had 4 characters; only PostgreSQL enforces a VARCHAR's length, SQLite ignores it.)"""
    if conn.dialect.name != "postgresql":
        return False
    column = next(c for c in inspect(conn).get_columns("participants") if c["name"] == "pair_code")
    length = getattr(column["type"], "length", None)
    return length is not None and length < PAIR_CODE_MAX


def widen_pair_codes(conn: Connection) -> None:
    """The kit's one migration so far: widen an old database's pair-code column (in the schema lock).
    Widening a VARCHAR keeps every row and is a catalogue change in PostgreSQL, not a rewrite."""
    if narrow_pair_codes(conn):
        conn.exec_driver_sql(f"ALTER TABLE participants ALTER COLUMN pair_code TYPE VARCHAR({PAIR_CODE_MAX})")
