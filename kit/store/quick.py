"""Quick activities stored with their session, and the session's catalogue: the content's exercises
plus the session's quick activities, the one place every part of the kit looks an exercise up.

A quick activity is a row of ``quick_activities`` holding the document a content file would hold,
validated before it is stored (:mod:`kit.logic.quick`). Its id is also listed in the session's
settings (``settings["quick"]``, in the order they were made), so a page that reads the session row
anyway (a participant's room every half second, the console every few seconds) knows at once that
there is a new one and reads the table only then. Creating one stores the row, its place at the end
of the agenda and (for "Create and present") the room's new pace in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, select, update

from kit.content.model import Exercise
from kit.errors import InputError
from kit.logic import pacing
from kit.logic import quick as rules
from kit.store.records import SessionRecord
from kit.store.sessions import session_record, session_row_or_error
from kit.store.tables import quick_activities, sessions

#: The settings key listing the session's quick activity ids, oldest first.
SETTINGS_KEY = "quick"

Decide = Callable[[dict[str, Any], list[dict[str, Any]]], tuple[dict[str, Any], dict[str, Any]]]


def quick_ids(settings: Mapping[str, Any]) -> tuple[str, ...]:
    """The ids of the session's quick activities as its settings list them, oldest first."""
    listed = settings.get(SETTINGS_KEY)
    return tuple(i for i in listed if isinstance(i, str)) if isinstance(listed, list) else ()


class QuickMixin:
    """Quick activity methods of :class:`kit.store.Store` (which supplies ``_run``)."""

    def quick_documents(self, code: str) -> list[dict[str, Any]]:
        """The documents of session ``code``'s quick activities, oldest first (none for an unknown code)."""
        stmt = (select(quick_activities.c.document)
                .join(sessions, sessions.c.id == quick_activities.c.session_id)
                .where(sessions.c.code == code.strip().upper())
                .order_by(quick_activities.c.id))
        rows = self._run(lambda conn: conn.execute(stmt).all(), write=False)  # type: ignore[attr-defined]
        return [_document(row.document) for row in rows]

    def add_quick_activity(self, code: str, decide: Decide) -> tuple[SessionRecord, dict[str, Any]]:
        """Store the quick activity ``decide(settings, existing documents)`` returns as ``(document,
        settings changes)``, deciding inside the transaction that locks the session row (two console
        tabs creating at once get two numbers, and the same title twice is refused). An
        :class:`InputError` from ``decide``, or an ended session, stores nothing. Returns the session
        as stored and the document."""
        def work(conn: Connection) -> tuple[SessionRecord, dict[str, Any]]:
            row = session_row_or_error(conn, code, lock=True)
            if row.closed_at is not None:
                raise InputError(f"Session {row.code} has ended: no activity can be added to it.")
            existing = [_document(r.document) for r in conn.execute(
                select(quick_activities.c.document).where(quick_activities.c.session_id == row.id)
                .order_by(quick_activities.c.id))]
            current = dict(row.settings or {})
            document, changes = decide(current, existing)
            try:
                document = json.loads(json.dumps(document, allow_nan=False))
                changes = json.loads(json.dumps(changes, allow_nan=False))
            except (TypeError, ValueError) as exc:
                raise InputError("This activity cannot be saved: it is not plain data.") from exc
            conn.execute(insert(quick_activities).values(session_id=row.id, exercise_id=document["id"],
                                                         document=document))
            listed = [*quick_ids(current), document["id"]]
            settings = {**current, **changes, SETTINGS_KEY: listed}
            conn.execute(update(sessions).where(sessions.c.id == row.id).values(settings=settings))
            return session_record(conn.execute(select(sessions).where(sessions.c.id == row.id)).one()), document

        return self._run(work, write=True)  # type: ignore[attr-defined]


def _document(stored: Any) -> dict[str, Any]:
    return json.loads(stored) if isinstance(stored, (str, bytes)) else dict(stored)


class Catalogue(Mapping[str, Exercise]):
    """The exercises of one session: the content's (in its order), then the session's quick
    activities (oldest first). A read-only mapping like the content itself; :meth:`sync` brings in a
    quick activity made since, reading the table only when the settings list a new one."""

    def __init__(self, store, code: str, content: Mapping[str, Exercise],
                 settings: Mapping[str, Any] | None = None):
        self.store, self.code = store, code
        self.content = content
        self._quick: dict[str, Exercise] = {}
        self._listed: tuple[str, ...] = ()
        if settings is None:
            record = store.get_session(code)
            settings = record.settings if record is not None else {}
        self.sync(settings)

    def sync(self, settings: Mapping[str, Any]) -> bool:
        """Follow the session's ``settings``; True when the catalogue changed."""
        listed = quick_ids(settings)
        if listed == self._listed:
            return False
        documents = self.store.quick_documents(self.code)
        self._quick = {d["id"]: rules.exercise_from_document(d, self.code) for d in documents
                       if d.get("id") not in self.content}
        self._listed = listed
        return True

    @property
    def quick(self) -> Mapping[str, Exercise]:
        """The session's quick activities, oldest first."""
        return self._quick

    def titles(self) -> dict[str, str]:
        """Every exercise's title, with its id."""
        return {exercise.title: exercise_id for exercise_id, exercise in self.items()}

    def __getitem__(self, exercise_id: str) -> Exercise:
        if exercise_id in self.content:
            return self.content[exercise_id]
        return self._quick[exercise_id]

    def __iter__(self) -> Iterator[str]:
        yield from self.content
        yield from (i for i in self._quick if i not in self.content)

    def __len__(self) -> int:
        return len(self.content) + sum(1 for i in self._quick if i not in self.content)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self.content or exercise_id in self._quick


def create(store, code: str, content: Mapping[str, Exercise], type_name: str, prompt: str,
           options: str | list[str] = "", *, present: bool = False) -> tuple[SessionRecord, Exercise]:
    """Make a quick activity in session ``code`` from the console's fields, put it at the end of the
    agenda and, with ``present``, present it at once. Bad fields raise an :class:`InputError` saying
    what to change, and nothing is stored. Returns the session as stored and the new exercise."""
    catalogue = Catalogue(store, code, content)
    quick, text, lines = rules.check_fields(type_name, prompt, options, catalogue.titles())
    # The full content checks run before the transaction (they write and read a file); inside it only
    # the number can change, and with it the id and order, which the schema accepts for any number.
    rules.validate(rules.build_document(quick, text, lines, code=code, number=len(catalogue.quick) + 1))

    def decide(settings: dict[str, Any], existing: list[dict[str, Any]]) -> tuple[dict, dict]:
        titles = {**{ex.title: ex_id for ex_id, ex in content.items()},
                  **{d["title"]: d["id"] for d in existing}}
        rules.check_fields(type_name, text, lines, titles)
        taken = {d["id"] for d in existing} | set(content)
        number = len(existing) + 1
        while rules.quick_id(code, number) in taken:
            number += 1
        document = rules.build_document(quick, text, lines, code=code, number=number)
        ids = [*content, *(d["id"] for d in existing), document["id"]]
        # No stored agenda means every exercise in the catalogue's order, the new one last already.
        changes = ({} if document["id"] in pacing.agenda(settings, ids)
                   else pacing.added(settings, ids, document["id"]))
        if present:
            changes = {**changes, **pacing.present({**settings, **changes}, ids, document["id"])}
        return document, changes

    record, document = store.add_quick_activity(code, decide)
    return record, rules.exercise_from_document(document, record.code)


def quick_exercises(source: Connection | Engine, codes: list[str] | None = None) -> dict[str, Exercise]:
    """The quick activities of the sessions ``codes`` (default: all) as exercises, for analysis."""
    stmt = (select(sessions.c.code, quick_activities.c.document)
            .join(sessions, sessions.c.id == quick_activities.c.session_id)
            .order_by(quick_activities.c.id))
    if codes is not None:
        stmt = stmt.where(sessions.c.code.in_(bindparam("codes", expanding=True)))
    params = {"codes": list(codes)} if codes is not None else {}
    if isinstance(source, Engine):
        with source.connect() as conn:
            rows = conn.execute(stmt, params).all()
    else:
        rows = source.execute(stmt, params).all()
    found = {}
    for row in rows:
        document = _document(row.document)
        found[document["id"]] = rules.exercise_from_document(document, row.code)
    return found


__all__ = ["Catalogue", "QuickMixin", "SETTINGS_KEY", "create", "quick_exercises", "quick_ids"]
