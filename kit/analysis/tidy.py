"""Answers as a tidy pandas DataFrame: one row per answer to one item in one stored response.

One SQL query joins sessions, participants and responses and flags each participant's latest
revision with a window function; each response's answers JSON is then unnested into one row per
item in one pass in Python (twice as fast as SQLite's ``json_each``, and the same on both
databases). Exercise content (titles, item texts, option labels, correct quiz answers) is joined
afterwards with vectorised pandas merges, so exercises added to ``data/exercises/`` appear without
code changes, and answers to items the content no longer knows are kept with ``item_type``
``"unknown"``.

Nothing here is imported by participant kernels (it needs pandas).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from sqlalchemy import Engine, bindparam, text

from kit import kinds
from kit.content.model import Exercise
from kit.store import Store, normalize_code
from kit.store import tables

#: ``item_type`` of answers whose item is not in the current content (renamed or removed).
UNKNOWN_TYPE = "unknown"

#: Every column of :func:`load_answers` and of an export (:mod:`kit.analysis.export`), described.
DATA_DICTIONARY: dict[str, str] = {
    "session_code": "Join code of the workshop session (6 letters and digits).",
    "cohort": "Name of the session as the facilitator typed it, e.g. 'Residents, 21 Nov'.",
    "session_date": "Day the session was created (UTC), for trends over time.",
    "session_start": "When the session was created (UTC timestamp).",
    "k_threshold": "The session's k: aggregates of fewer respondents are not shown.",
    "participant_key": "The participant's secret random key (identifying: exports replace it with `participant`).",
    "participant": "Pseudonym of the participant, stable within one export and different in every export "
                   "(exports only, instead of `participant_key`).",
    "display_name": "Name the participant typed when joining, empty when anonymous (identifying: left out "
                    "of exports unless asked for, never in reports).",
    "exercise_id": "Identifier of the exercise (the `id` of its content file).",
    "exercise_title": "Title of the exercise in the current content; empty when the content no longer has it.",
    "item_id": "Identifier of the item (statement or question) within the exercise.",
    "item_position": "Position of the item in the exercise, from 1; empty for items the content no longer has.",
    "item_type": "Kind of item from the content (choice, text, quiz, ...); 'unknown' when the content no "
                 "longer has the item.",
    "item_text": "The statement or question as the current content words it.",
    "response_id": "Database id of the stored response (one submission of one exercise); absent from exports.",
    "revision": "Revision of the participant's answers to the exercise in this run, from 1; a resubmission "
                "is a new revision.",
    "run": "Which run of the exercise: 1, or 2 for a quiz taken a second time (after the talk).",
    "is_latest": "Whether this is the participant's latest revision for the exercise and run (the one that counts).",
    "answered_at": "When this revision was submitted (UTC timestamp).",
    "answer": "The answer as stored: text as typed, anything else (a quiz answer, a number) as JSON text. "
              "In CSV, text that would start a spreadsheet formula (=, +, -, @) begins with '.",
    "value": "For choice and quiz items: the option value chosen (for a quiz, the answer's `answer` field). "
             "Empty for free text.",
    "label": "The label of the chosen option, as the current content words it.",
    "unsure": "Whether the chosen option is marked unsure in the content (e.g. 'Not sure'); empty when not an option.",
    "correct": "For quiz items: whether the chosen option is the correct answer; empty otherwise.",
    "confidence": "For quiz items that ask it: how sure the participant said they were (option value).",
    "shared": "Whether the participant chose to share this answer (free text they agreed to show).",
    "settings": "The session's settings as a dict (frame only, never exported): what the facilitator chose "
                "during the session, e.g. words hidden from the room, which summaries leave out too.",
    "withheld": "Exports only: true when the answer is private free text left out of this export.",
}

#: Columns of :func:`load_answers`, in order.
COLUMNS: tuple[str, ...] = (
    "session_code", "cohort", "session_date", "session_start", "k_threshold",
    "participant_key", "display_name",
    "exercise_id", "exercise_title", "item_id", "item_position", "item_type", "item_text",
    "response_id", "revision", "run", "is_latest", "answered_at",
    "answer", "value", "label", "unsure", "correct", "confidence", "shared", "settings",
)


class UnknownSessionError(LookupError):
    """Session codes that are not in the database."""

    def __init__(self, codes: Iterable[str]) -> None:
        self.codes = sorted(codes)
        super().__init__("No session has the code " + ", ".join(repr(c) for c in self.codes) + ".")


def data_dictionary(columns: Iterable[str] | None = None) -> pd.DataFrame:
    """The data dictionary as a two-column table (``column``, ``description``).

    ``columns`` limits and orders it (e.g. ``frame.columns``); default: every documented column.
    """
    names = list(columns) if columns is not None else list(DATA_DICTIONARY)
    return pd.DataFrame({"column": names, "description": [DATA_DICTIONARY.get(c, "") for c in names]})


def open_engine(source: Store | Engine | str | None) -> tuple[Engine, Store | None]:
    """The engine for ``source`` (a Store, an Engine, a URL, or None for the default database).

    Returns ``(engine, store)`` where ``store`` is one opened here (dispose it when done) or None.
    """
    if isinstance(source, Store):
        return source.engine, None
    if isinstance(source, Engine):
        return source, None
    store = Store(source)
    return store.engine, store


def load_sessions(source: Store | Engine | str | None = None, sessions: Iterable[str] | str | None = None) -> pd.DataFrame:
    """The sessions as a DataFrame, oldest first: code, cohort, date, k and how many people joined.

    Columns: ``session_code``, ``cohort``, ``session_date``, ``session_start``, ``session_closed``,
    ``k_threshold``, ``participants``, ``settings`` (the session's settings as a dict, for the
    facilitator's moderation: words and questions hidden from the room stay out of reports too).
    ``sessions`` limits it to those join codes
    (:class:`UnknownSessionError` when one does not exist).
    """
    engine, opened = open_engine(source)
    try:
        with engine.connect() as conn:
            return _sessions_frame(conn, _codes(sessions))
    finally:
        if opened is not None:
            opened.dispose()


def load_answers(
    source: Store | Engine | str | None = None,
    sessions: Iterable[str] | str | None = None,
    *,
    latest_only: bool = False,
    exercises: Mapping[str, Exercise] | None = None,
) -> pd.DataFrame:
    """Answers as a tidy DataFrame: one row per item answered in each stored response.

    ``source`` is a :class:`~kit.store.Store`, an SQLAlchemy engine or URL (default: the kit's
    database). ``sessions`` is a join code or a list of them (default: every session); an unknown
    code raises :class:`UnknownSessionError`. With ``latest_only`` only each participant's latest
    revision per exercise and run is loaded (the answers that count); otherwise every revision is,
    with ``is_latest`` marking the ones that count. ``exercises`` is the content to describe items
    with (default :func:`kit.content.load_content`).

    The columns are :data:`COLUMNS`, each described in :data:`DATA_DICTIONARY`. Identifying columns
    (``participant_key``, ``display_name``) are included: use :func:`kit.analysis.export.export_frame`
    before sharing the frame with anyone.

    Example::

        from kit.analysis import load_answers
        answers = load_answers("sqlite:///workshop.sqlite3", latest_only=True)
        answers.groupby(["cohort", "item_id"])["value"].value_counts(normalize=True)
    """
    if exercises is None:
        from kit.content import load_content

        exercises = load_content()
    codes = _codes(sessions)
    engine, opened = open_engine(source)
    try:
        with engine.connect() as conn:
            session_frame = _sessions_frame(conn, codes)
            exercises = with_quick_activities(conn, codes, exercises)
            rows = _answer_rows(conn, codes, latest_only=latest_only)
            people = _participants_frame(conn, codes)
    finally:
        if opened is not None:
            opened.dispose()
    return _assemble(rows, session_frame, people, exercises)


def with_quick_activities(source, codes: list[str] | None, exercises: Mapping[str, Exercise]) -> dict[str, Exercise]:
    """``exercises`` plus the quick activities of the sessions ``codes`` (default: all), which the
    facilitators made in the console and the store keeps with their sessions (:mod:`kit.store.quick`).
    ``source`` is a connection or anything :func:`open_engine` takes."""
    from sqlalchemy import Connection, inspect

    from kit.store.quick import quick_exercises

    if not isinstance(source, Connection):
        engine, opened = open_engine(source)
        try:
            with engine.connect() as conn:
                return with_quick_activities(conn, codes, exercises)
        finally:
            if opened is not None:
                opened.dispose()
    if not inspect(source).has_table(tables.quick_activities.name):  # an engine on an older database
        return dict(exercises)
    return {**exercises, **quick_exercises(source, codes)}


# -- SQL -----------------------------------------------------------------------------------------


def item_answers(rows: pd.DataFrame, item_id: str) -> list[dict]:
    """The stored answers to item ``item_id`` in tidy ``rows`` as the answer dicts the kinds' light
    parts count (``{item id: value}``); the frame keeps structured answers as JSON text, and a cell that
    is not JSON is skipped."""
    out = []
    for text_value in rows.loc[rows["item_id"] == item_id, "answer"].dropna():
        try:
            out.append({item_id: json.loads(text_value)})
        except ValueError:
            continue
    return out


def _codes(sessions: Iterable[str] | str | None) -> list[str] | None:
    if sessions is None:
        return None
    if isinstance(sessions, str):
        sessions = [sessions]
    return sorted({normalize_code(code) for code in sessions})


def _session_filter(codes: list[str] | None, column: str = "s.code") -> str:
    return "" if codes is None else f"WHERE {column} IN :codes"


def _bind(statement: str, codes: list[str] | None):
    clause = text(statement)
    if codes is not None:
        clause = clause.bindparams(bindparam("codes", value=codes, expanding=True))
    return clause


def _sessions_frame(conn, codes: list[str] | None) -> pd.DataFrame:
    statement = f"""
        SELECT s.code AS session_code, s.name AS cohort, s.created_at AS session_start,
               s.closed_at AS closed_at, s.k_threshold AS k_threshold, s.settings AS settings,
               (SELECT COUNT(*) FROM participants p WHERE p.session_id = s.id) AS participants
        FROM sessions s {_session_filter(codes)}
        ORDER BY s.created_at, s.id
    """
    frame = pd.read_sql(_bind(statement, codes), conn)
    if codes is not None:
        missing = set(codes) - set(frame["session_code"])
        if missing:
            raise UnknownSessionError(missing)
    frame["session_start"] = _utc(frame["session_start"])
    frame["session_closed"] = frame.pop("closed_at").notna()
    frame["session_date"] = frame["session_start"].dt.tz_localize(None).dt.normalize()
    frame["k_threshold"] = frame["k_threshold"].astype("int64")
    frame["participants"] = frame["participants"].astype("int64")
    frame["settings"] = frame["settings"].map(_settings)
    return frame[["session_code", "cohort", "session_date", "session_start", "session_closed",
                  "k_threshold", "participants", "settings"]]


def _settings(value: Any) -> dict:
    """A session's settings as stored (JSON text on SQLite, already a dict on PostgreSQL), as a dict."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return dict(value) if isinstance(value, Mapping) else {}


def _participants_frame(conn, codes: list[str] | None) -> pd.DataFrame:
    statement = f"""
        SELECT p.id AS participant_id, p.key AS participant_key, p.display_name AS display_name
        FROM participants p JOIN sessions s ON s.id = p.session_id {_session_filter(codes)}
    """
    return pd.read_sql(_bind(statement, codes), conn)


def _answer_rows(conn, codes: list[str] | None, *, latest_only: bool) -> pd.DataFrame:
    """The responses (with the latest-revision flag from a window function) in one query, and their
    answers unnested into one row per item."""
    if conn.dialect.name not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"Analysis supports SQLite and PostgreSQL databases, not {conn.dialect.name}.")
    # Another version of the schema may not have the run column yet: every response is then run 1.
    run = "rs.run" if "run" in tables.responses.c else "1"
    statement = f"""
        SELECT * FROM (
            SELECT rs.id AS response_id, rs.participant_id, s.code AS session_code, rs.exercise_id,
                   rs.revision, {run} AS run, rs.created_at AS answered_at, rs.answers AS answers,
                   CASE WHEN rs.revision = MAX(rs.revision) OVER (
                        PARTITION BY rs.participant_id, rs.exercise_id, {run}) THEN 1 ELSE 0 END AS is_latest
            FROM responses rs
            JOIN participants p ON p.id = rs.participant_id
            JOIN sessions s ON s.id = p.session_id
            {_session_filter(codes)}
        ) r {"WHERE r.is_latest = 1" if latest_only else ""}
    """
    result = conn.execute(_bind(statement, codes))
    names = list(result.keys())
    # Column by column: pandas probing 46,000 SQLAlchemy rows one by one costs more than the query.
    records = result.all()
    columns = {name: list(values) for name, values in zip(names, zip(*records))} if records else \
        {name: [] for name in names}
    positions, body = _unnest(columns.pop("answers"))
    # No rows: object columns, as pandas.read_sql gives, so the merges that follow still match types.
    kind = None if records else object
    rows = pd.DataFrame({name: pd.Series(values, dtype=kind) for name, values in columns.items()})
    rows = rows.take(positions).reset_index(drop=True)
    for name, values in body.items():
        rows[name] = pd.Series(values, dtype=object)
    return rows


def _unnest(stored: Iterable[Any]) -> tuple[list[int], dict[str, list]]:
    """Each response's answers (a JSON object, as text or decoded) as one row per item, in Python: one
    pass over decoded dicts is about twice as fast as SQLite's ``json_each`` and the same on both
    databases. Returns the response's position for each row, and the columns: ``item_id``;
    ``answer``, text as typed and anything else as JSON text; ``value``, a plain text answer or the
    ``answer`` field of a dict answer (a quiz answer); its ``confidence`` field; and ``shared``,
    whether the item is listed in the response's ``_shared`` list. Keys starting with ``_`` are
    bookkeeping, not items."""
    positions: list[int] = []
    columns: dict[str, list] = {"item_id": [], "answer": [], "value": [], "confidence": [], "shared": []}
    item_id, answer, value, confidence, shared = columns.values()
    for position, answers in enumerate(stored):
        if isinstance(answers, (str, bytes)):
            answers = json.loads(answers)
        if not isinstance(answers, dict):
            continue
        listed = answers.get("_shared")
        listed = {item for item in listed if isinstance(item, str)} if isinstance(listed, list) else ()
        for key, given in answers.items():
            if key.startswith("_"):
                continue
            positions.append(position)
            item_id.append(key)
            shared.append(key in listed)
            if isinstance(given, str):
                answer.append(given)
                value.append(given)
                confidence.append(None)
            elif isinstance(given, dict):
                answer.append(json.dumps(given, ensure_ascii=False))
                value.append(_as_text(given.get("answer")))
                confidence.append(_as_text(given.get("confidence")))
            else:
                answer.append(None if given is None else json.dumps(given, ensure_ascii=False))
                value.append(None)
                confidence.append(None)
    return positions, columns


def _as_text(field: Any) -> str | None:
    """A field of a dict answer as text: strings as they are, anything else as JSON text."""
    if field is None or isinstance(field, str):
        return field
    return json.dumps(field, ensure_ascii=False)


# -- pandas --------------------------------------------------------------------------------------


def _utc(series: pd.Series) -> pd.Series:
    """Timestamps as timezone-aware UTC (SQLite hands back naive UTC text)."""
    # One unit whatever the input: an empty column would otherwise come back in seconds.
    return pd.to_datetime(series, utc=True, format="ISO8601").dt.as_unit("us")


def content_frames(exercises: Mapping[str, Exercise]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The content as two small tables: one row per item, and one row per option of each item.

    Items: ``exercise_id, exercise_title, item_id, item_position, item_type, item_text``.
    Options: ``exercise_id, item_id, value, label, unsure, correct, option_position``
    (``correct`` is empty unless the item has a correct answer, as quiz items do).
    """
    items: list[dict[str, Any]] = []
    options: list[dict[str, Any]] = []
    for exercise in exercises.values():
        for position, item in enumerate(exercise.items, start=1):
            items.append(dict(exercise_id=exercise.id, exercise_title=exercise.title, item_id=item.id,
                              item_position=position, item_type=item.type, item_text=item.text))
            right = getattr(item, "answer", None)
            if item.scale is None:
                continue
            for order, option in enumerate(item.scale.options, start=1):
                options.append(dict(exercise_id=exercise.id, item_id=item.id, value=option.value,
                                    label=option.label, unsure=option.unsure,
                                    correct=(option.value == right) if right is not None else None,
                                    option_position=order))
    item_frame = pd.DataFrame(items, columns=["exercise_id", "exercise_title", "item_id", "item_position",
                                              "item_type", "item_text"])
    item_frame["item_position"] = item_frame["item_position"].astype("Int64")
    option_frame = pd.DataFrame(options, columns=["exercise_id", "item_id", "value", "label", "unsure",
                                                  "correct", "option_position"])
    option_frame["unsure"] = option_frame["unsure"].astype("boolean")
    option_frame["correct"] = option_frame["correct"].astype("boolean")
    option_frame["option_position"] = option_frame["option_position"].astype("Int64")
    return item_frame, option_frame


def _assemble(rows: pd.DataFrame, session_frame: pd.DataFrame, people: pd.DataFrame,
              exercises: Mapping[str, Exercise]) -> pd.DataFrame:
    item_frame, option_frame = content_frames(exercises)
    frame = (
        rows.merge(session_frame.drop(columns=["session_closed", "participants"]), on="session_code", how="left")
        .merge(people, on="participant_id", how="left")
        .merge(item_frame, on=["exercise_id", "item_id"], how="left")
    )
    frame["item_type"] = frame["item_type"].fillna(UNKNOWN_TYPE)
    # Free text has no option value, whatever it says.
    frame.loc[frame["item_type"].isin(kinds.types(lambda kind: not kind.tidy_value)), "value"] = None
    frame = frame.merge(option_frame.drop(columns="option_position"), on=["exercise_id", "item_id", "value"],
                        how="left")
    # A quiz answer outside the scale (edited content) is still wrong, not unknown.
    keyed = option_frame.loc[option_frame["correct"].notna(), ["exercise_id", "item_id"]].drop_duplicates()
    has_key = pd.MultiIndex.from_frame(frame[["exercise_id", "item_id"]]).isin(pd.MultiIndex.from_frame(keyed))
    frame.loc[has_key & frame["correct"].isna() & frame["value"].notna(), "correct"] = False
    frame["answered_at"] = _utc(frame["answered_at"])
    for column in ("revision", "run", "response_id"):
        frame[column] = frame[column].astype("int64")
    frame["is_latest"] = frame["is_latest"].astype(bool)
    frame["shared"] = frame["shared"].fillna(False).astype(bool)
    for column in ("unsure", "correct"):
        frame[column] = frame[column].astype("boolean")
    for column in ("session_code", "cohort", "participant_key", "display_name", "exercise_id", "exercise_title",
                   "item_id", "item_type", "item_text", "answer", "value", "label", "confidence"):
        frame[column] = frame[column].astype("string")
    frame = frame.sort_values(
        ["session_start", "session_code", "exercise_id", "participant_id", "run", "revision", "item_position",
         "item_id"], kind="stable", na_position="last")
    return frame[list(COLUMNS)].reset_index(drop=True)

