"""The response store on SQLite and PostgreSQL: sessions, joining, submitting, pairing."""

from __future__ import annotations

import json
import pathlib
import sqlite3
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kit.errors import InputError
from kit.store import BUSY_MESSAGE, MAX_ANSWERS_BYTES, Store
from kit.store.records import ANONYMOUS_LABEL
from kit.store.tables import responses


def sid() -> str:
    return uuid.uuid4().hex


def count_rows(store: Store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.fixture
def session(store):
    return store.create_session("Tuesday cohort")


@pytest.fixture
def ann(store, session):
    return store.join(session.code, "Ann")


@pytest.fixture
def ben(store, session):
    return store.join(session.code, "Ben")


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


# -- sessions -------------------------------------------------------------------------------------


def test_create_and_get_session(store):
    """Does a new session get a 6-character code, UTC timestamps and default settings?"""
    created = store.create_session("  Tuesday   cohort ")
    assert created.name == "Tuesday cohort"
    assert len(created.code) == 6
    assert created.k_threshold == 3 and created.settings == {} and created.is_open
    assert created.created_at.tzinfo is not None
    assert abs(created.created_at - datetime.now(timezone.utc)) < timedelta(minutes=1)
    fetched = store.get_session(created.code)
    assert fetched == created
    assert fetched.created_at.utcoffset() == timedelta(0)
    assert store.get_session("BCDFGH" if created.code != "BCDFGH" else "CDFGHJ") is None


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, None, 42])
def test_create_session_rejects_bad_names(store, name):
    """Is a session name that is empty, too long or not text rejected?"""
    with pytest.raises(InputError):
        store.create_session(name)
    assert store.list_sessions() == []


@pytest.mark.parametrize("k", [0, -1, True, 2.5])
def test_create_session_rejects_bad_k(store, k):
    """Is a k threshold that is not a positive whole number rejected?"""
    with pytest.raises(InputError):
        store.create_session("Cohort", k_threshold=k)


def test_session_codes_are_unique(store):
    """Do many sessions all get distinct codes?"""
    codes = {store.create_session(f"Cohort {i}").code for i in range(30)}
    assert len(codes) == 30


def test_list_sessions_newest_first_with_counts(store):
    """Does the list show newest first, with participants and (participant, exercise) responses?"""
    old = store.create_session("Old")
    new = store.create_session("New")
    p1 = store.join(old.code, "A")
    p2 = store.join(old.code, None)
    store.join(new.code, "C")
    store.submit(p1.key, "quiz", {"q": 1}, submission_id=sid())
    store.submit(p1.key, "quiz", {"q": 2}, submission_id=sid())  # a revision, not a new response
    store.submit(p1.key, "smart", {"g": "x"}, submission_id=sid())
    store.submit(p2.key, "quiz", {"q": 1}, submission_id=sid())
    listed = store.list_sessions()
    assert [s.code for s in listed] == [new.code, old.code]
    assert (listed[0].participants, listed[0].responses) == (1, 0)
    assert (listed[1].participants, listed[1].responses) == (2, 3)
    assert listed[1].name == "Old" and listed[1].created_at.tzinfo is not None


def test_close_session(store, session):
    """Does closing mark the session ended, idempotently, and refuse unknown codes?"""
    closed = store.close_session(session.code.lower())
    assert not closed.is_open and closed.closed_at.tzinfo is not None
    assert store.close_session(session.code).closed_at == closed.closed_at
    assert not store.get_session(session.code).is_open
    assert store.list_sessions()[0].closed_at == closed.closed_at
    with pytest.raises(InputError):
        store.close_session("BBBBBB" if session.code != "BBBBBB" else "CCCCCC")


def test_update_session_settings_merges(store, session):
    """Are settings merged key by key, keeping the keys not mentioned?"""
    store.update_session_settings(session.code, open_exercises=["quiz"], revealed={"quiz": False})
    updated = store.update_session_settings(session.code, revealed={"quiz": True})
    assert updated.settings == {"open_exercises": ["quiz"], "revealed": {"quiz": True}}
    assert store.get_session(session.code).settings == updated.settings
    with pytest.raises(InputError):
        store.update_session_settings(session.code, bad=object())


def test_require_open_session_messages(store, session):
    """Does each kind of bad code get its own participant-facing message?"""
    unknown = "BBBBBB" if session.code != "BBBBBB" else "CCCCCC"
    with pytest.raises(InputError, match=f"No workshop session has the code '{unknown}'"):
        store.require_open_session(unknown.lower())
    with pytest.raises(InputError, match="6 letters and digits"):
        store.require_open_session("12")
    with pytest.raises(InputError, match="type the workshop code"):
        store.require_open_session("   ")
    store.close_session(session.code)
    with pytest.raises(InputError, match="This session has ended"):
        store.require_open_session(session.code)


# -- joining --------------------------------------------------------------------------------------


def test_join_with_name(store, session):
    """Does a participant get a random key, a pair code and their tidied name?"""
    joined = store.join(session.code, "  Ann \t Lee ")
    assert joined.display_name == "Ann Lee" and joined.label == "Ann Lee"
    assert joined.session_id == session.id
    assert len(joined.key) >= 22 and len(joined.pair_code) == 8
    assert store.get_participant(joined.key) == joined
    assert store.participant_in_session(session.code, joined.key) == joined
    assert store.count_participants(session.code) == 1


@pytest.mark.parametrize("name", [None, "", "   ", "\n\t "])
def test_join_anonymous(store, session, name):
    """Is an empty or whitespace-only name stored as anonymous?"""
    joined = store.join(session.code, name)
    assert joined.display_name is None
    assert joined.label == ANONYMOUS_LABEL
    assert store.get_participant(joined.key).display_name is None


def test_join_name_is_nfc_normalised(store, session):
    """Is a decomposed accent stored in its composed (NFC) form?"""
    assert store.join(session.code, "Rene\u0301e").display_name == "Ren\u00e9e"


def test_join_accepts_emoji_and_scripts(store, session):
    """Are non-Latin names and emoji (with joiners) kept as typed?"""
    for name in ["Zoë", "李小龍", "محمد", "👩‍🏫 Ana"]:
        assert store.join(session.code, name).display_name == name


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("x" * 41, "Names can be at most 40 characters."),
        ("Ann\x00", "control"),
        ("Ann\x07Lee", "control"),
        ("Ann\uFFF9Lee", "control"),  # an interlinear annotation: a format character no name needs
        ("\u200b", "Stay anonymous"),  # nothing but a zero-width space is not a name
        (42, "name"),
    ],
)
def test_join_rejects_bad_names(store, session, name, message):
    """Is a too long name, or one with control characters, rejected and nothing stored?"""
    with pytest.raises(InputError, match=message):
        store.join(session.code, name)
    assert store.count_participants(session.code) == 0


@pytest.mark.parametrize(("typed", "stored"), [
    ("Ann\u202eeeL", "AnneeL"),                     # Trojan Source: the override would show "AnnLee"
    ("\u200bCarol\u200b", "Carol"),                 # zero-width padding
    ("\u2067مريم\u2069", "مريم"),                    # an isolate around an Arabic name
    ("Dana \U0001F468\u200d\U0001F469\u200d\U0001F467", "Dana \U0001F468\u200d\U0001F469\u200d\U0001F467"),
])
def test_join_removes_invisible_characters_from_names(store, session, typed, stored):
    """Is a name stored without bidirectional controls and zero-width characters, emoji joiners kept?"""
    person = store.join(session.code, typed)
    assert person.display_name == stored
    assert store.get_participant(person.key).display_name == stored


def test_free_text_is_stored_without_invisible_characters(store, session):
    """Are answers and drafts stored without bidi controls or zero-width spaces, whoever the caller?"""
    person = store.join(session.code, "Ann")
    typed = {"note": "\u200bsecret\u200b \u202eevil", "entries": [{"a": "\u2066שלום\u2069 \U0001F469\u200d\U0001F3EB"}]}
    cleaned = {"note": "secret evil", "entries": [{"a": "שלום \U0001F469\u200d\U0001F3EB"}]}
    assert store.submit(person.key, "x", typed, submission_id=sid()).response.answers == cleaned
    assert store.latest_response(person.key, "x").answers == cleaned
    store.save_draft(person.key, "y", typed)
    assert store.get_draft(person.key, "y")[0] == cleaned


def test_session_name_loses_invisible_characters(store):
    """Is a session name (shown on the projector) stored without bidi controls?"""
    assert store.create_session("Residents \u202e21 Nov").name == "Residents 21 Nov"


def test_join_name_of_exactly_40_characters(store, session):
    """Is a 40-character name accepted (the limit is inclusive)?"""
    assert store.join(session.code, "é" * 40).display_name == "é" * 40


def test_join_closed_session(store, session):
    """Is joining a closed session refused with the 'ended' message?"""
    store.close_session(session.code)
    with pytest.raises(InputError, match="ended"):
        store.join(session.code, "Ann")
    assert store.count_participants(session.code) == 0


@pytest.mark.parametrize("code", ["BBBBBB", "ABC", "", None, "K7M2QD!"])
def test_join_unknown_or_malformed_code(store, session, code):
    """Is joining with an unknown or malformed code refused?"""
    if code == session.code:
        pytest.skip("random code collided with the probe")
    with pytest.raises(InputError):
        store.join(code, "Ann")
    assert store.count_participants(session.code) == 0


def test_join_token_is_idempotent(store, session):
    """Does the same join request twice (double click, reload) give the same participant?"""
    first = store.join(session.code, "Ann", join_token="tok-1")
    again = store.join(session.code, "Ann", join_token="tok-1")
    other = store.join(session.code, "Ann", join_token="tok-2")
    assert again == first
    assert other.key != first.key
    assert store.count_participants(session.code) == 2


def test_join_token_from_another_session_is_refused(store, session):
    """Is a join token already used in another session refused rather than crossing sessions?"""
    store.join(session.code, "Ann", join_token="tok-x")
    second = store.create_session("Other")
    with pytest.raises(InputError):
        store.join(second.code, "Ann", join_token="tok-x")


def test_pair_codes_unique_within_session(store, session):
    """Do participants of one session all get different pair codes?"""
    codes = [store.join(session.code, None).pair_code for _ in range(40)]
    assert len(set(codes)) == 40


def test_participant_in_other_session_is_not_found(store, session, ann):
    """Does a key from one session not resolve in another session?"""
    other = store.create_session("Other")
    assert store.participant_in_session(other.code, ann.key) is None
    assert store.participant_in_session(session.code, "nope") is None
    assert store.get_participant("nope") is None


# -- submitting -----------------------------------------------------------------------------------


def test_first_submit(store, ann):
    """Does the first submit store revision 1 and return it as created?"""
    result = store.submit(ann.key, "quiz", {"q1": "b", "notes": "ok"}, submission_id="s-1")
    assert result.created
    assert result.response.revision == 1
    assert result.response.answers == {"q1": "b", "notes": "ok"}
    assert result.response.created_at.tzinfo is not None
    assert store.latest_response(ann.key, "quiz") == result.response


def test_double_submit_stores_one_revision(store, ann):
    """Does a double submit (same submission id) store one revision?"""
    first = store.submit(ann.key, "quiz", {"q1": "b"}, submission_id="s-1")
    second = store.submit(ann.key, "quiz", {"q1": "b"}, submission_id="s-1")
    assert first.created and not second.created
    assert second.response == first.response
    assert len(store.response_history(ann.key, "quiz")) == 1


def test_identical_answers_make_no_new_revision(store, ann):
    """Do unchanged answers with a new submission id leave the history unchanged?"""
    first = store.submit(ann.key, "quiz", {"q1": "b", "q2": [1, 2]}, submission_id="s-1")
    again = store.submit(ann.key, "quiz", {"q2": [1, 2], "q1": "b"}, submission_id="s-2")
    assert not again.created
    assert again.response == first.response
    assert count_rows(store, responses) == 1


def test_changed_answers_make_revision_two(store, ann):
    """Does a changed answer become revision 2 while the history keeps revision 1?"""
    store.submit(ann.key, "quiz", {"q1": "b"}, submission_id="s-1")
    second = store.submit(ann.key, "quiz", {"q1": "c"}, submission_id="s-2")
    assert second.created and second.response.revision == 2
    history = store.response_history(ann.key, "quiz")
    assert [(r.revision, r.answers) for r in history] == [(1, {"q1": "b"}), (2, {"q1": "c"})]
    assert store.latest_response(ann.key, "quiz").answers == {"q1": "c"}
    # Going back to the first answer is a change too, not a no-op.
    third = store.submit(ann.key, "quiz", {"q1": "b"}, submission_id="s-3")
    assert third.created and third.response.revision == 3


def test_revisions_are_per_exercise(store, ann):
    """Does each exercise number its own revisions?"""
    store.submit(ann.key, "quiz", {"q": 1}, submission_id=sid())
    other = store.submit(ann.key, "smart", {"g": 1}, submission_id=sid())
    assert other.response.revision == 1
    assert store.latest_response(ann.key, "other") is None
    assert store.response_history(ann.key, "other") == []


def test_submit_to_closed_session_is_rejected(store, session, ann):
    """Is a submit after the session closed refused, with nothing stored?"""
    store.close_session(session.code)
    with pytest.raises(InputError, match="ended"):
        store.submit(ann.key, "quiz", {"q1": "b"}, submission_id="s-1")
    assert store.response_history(ann.key, "quiz") == []
    assert count_rows(store, responses) == 0


def _meanwhile(monkeypatch, action):
    """Run ``action`` once, from another connection, between a submit's look-up and its write.

    The submit takes its timestamp (``utcnow``) once it has decided what to store, so that is the
    moment another kernel's write can slip in, as it can when nothing is locked while reading.
    """
    import kit.store.store as module

    real, done = module.utcnow, []

    def utcnow():
        if not done:
            done.append(True)
            action()
        return real()

    monkeypatch.setattr(module, "utcnow", utcnow)


def test_session_closing_between_look_up_and_write_stores_nothing(store, session, ann, monkeypatch):
    """Is an answer refused when the session closes after the submit read it as open?"""
    other = Store(store.url, create=False)
    _meanwhile(monkeypatch, lambda: other.close_session(session.code))
    with pytest.raises(InputError, match="ended"):
        store.submit(ann.key, "quiz", {"q1": "b"}, submission_id="s-1")
    other.dispose()
    assert count_rows(store, responses) == 0


def test_revision_taken_meanwhile_is_retried_as_the_next_one(store, ann, monkeypatch):
    """When another tab of the same person stores revision 1 first, does this submit become revision 2?"""
    other = Store(store.url, create=False)
    _meanwhile(monkeypatch, lambda: other.submit(ann.key, "quiz", {"q1": "a"}, submission_id="tab-2"))
    result = store.submit(ann.key, "quiz", {"q1": "b"}, submission_id="tab-1")
    other.dispose()
    assert result.created and result.response.revision == 2
    history = store.response_history(ann.key, "quiz")
    assert [(r.submission_id, r.revision, r.answers) for r in history] == [
        ("tab-2", 1, {"q1": "a"}), ("tab-1", 2, {"q1": "b"}),
    ]


def test_same_submission_stored_meanwhile_is_acknowledged_once(store, ann, monkeypatch):
    """When the same submission id is stored meanwhile (a retried request), is it reported, not stored twice?"""
    other = Store(store.url, create=False)
    _meanwhile(monkeypatch, lambda: other.submit(ann.key, "quiz", {"q1": "b"}, submission_id="s-1"))
    result = store.submit(ann.key, "quiz", {"q1": "b"}, submission_id="s-1")
    other.dispose()
    assert not result.created and result.response.revision == 1
    assert count_rows(store, responses) == 1


def test_a_submit_that_loses_every_race_asks_to_press_submit_again(store, ann, monkeypatch):
    """When another tab stores a revision between this submit's look-up and write at every attempt,
    is the participant asked to press Submit again (no database error), with nothing of theirs stored
    and every revision of the other tab kept?"""
    import kit.store.store as module

    other = Store(store.url, create=False)
    real, inside, stored = module.utcnow, [], []

    def utcnow():
        if not inside:  # the other tab's own submit calls utcnow too
            inside.append(True)
            try:
                stored.append(f"tab-{len(stored)}")
                other.submit(ann.key, "quiz", {"q1": stored[-1]}, submission_id=stored[-1])  # new answers each time
            finally:
                inside.clear()
        return real()

    monkeypatch.setattr(module, "utcnow", utcnow)
    with pytest.raises(InputError, match="press Submit again"):
        store.submit(ann.key, "quiz", {"q1": "b"}, submission_id="mine")
    monkeypatch.undo()
    other.dispose()
    history = store.response_history(ann.key, "quiz")
    assert len(stored) == store.attempts
    assert [(r.submission_id, r.revision) for r in history] == [(s, n) for n, s in enumerate(stored, 1)]


def test_resubmit_of_acknowledged_answer_after_close(store, session, ann):
    """Does retrying an already stored submission after closing still report it as stored?"""
    first = store.submit(ann.key, "quiz", {"q1": "b"}, submission_id="s-1")
    store.close_session(session.code)
    again = store.submit(ann.key, "quiz", {"q1": "b"}, submission_id="s-1")
    assert again.response == first.response and not again.created


@pytest.mark.parametrize(
    "answers",
    [
        ["not", "a", "dict"],
        "text",
        None,
        {"when": datetime.now()},
        {"nan": float("nan")},
        {"x": object()},
        {"big": "x" * MAX_ANSWERS_BYTES},
        {"big": "é" * (MAX_ANSWERS_BYTES // 2)},  # 2 bytes each in UTF-8
        {"surrogate": "\ud800"},
    ],
    ids=["list", "str", "none", "datetime", "nan", "object", "huge", "huge-utf8", "surrogate"],
)
def test_bad_answers_are_rejected_and_nothing_stored(store, ann, answers):
    """Are non-dict, non-JSON, huge or unencodable answers refused with nothing stored?"""
    with pytest.raises(InputError):
        store.submit(ann.key, "quiz", answers, submission_id="s-1")
    assert count_rows(store, responses) == 0


def test_huge_answers_message_is_clear(store, ann):
    """Does the too-long message say what to do?"""
    with pytest.raises(InputError, match="too long.*shorten"):
        store.submit(ann.key, "quiz", {"big": "x" * (MAX_ANSWERS_BYTES + 1)}, submission_id="s")


def test_answers_just_under_the_cap_are_stored(store, ann):
    """Is an answer just under 64 KiB stored whole?"""
    text = "x" * (MAX_ANSWERS_BYTES - 20)
    store.submit(ann.key, "reflection", {"t": text}, submission_id="s")
    assert store.latest_response(ann.key, "reflection").answers == {"t": text}


@pytest.mark.parametrize("bad", ["", None, "x" * 101, "tab\there"])
def test_bad_ids_are_rejected(store, ann, bad):
    """Are missing or malformed exercise and submission ids refused?"""
    with pytest.raises(InputError):
        store.submit(ann.key, bad, {"a": 1}, submission_id="s")
    with pytest.raises(InputError):
        store.submit(ann.key, "quiz", {"a": 1}, submission_id=bad)
    assert count_rows(store, responses) == 0


def test_unknown_participant_cannot_submit(store, session):
    """Is a submit with an unknown key refused with a 'join again' message?"""
    with pytest.raises(InputError, match="join again"):
        store.submit("no-such-key", "quiz", {"a": 1}, submission_id="s")


def test_submission_id_reused_for_other_exercise_is_refused(store, ann):
    """Is a submission id already used for another exercise refused instead of misfiled?"""
    store.submit(ann.key, "quiz", {"a": 1}, submission_id="s-1")
    with pytest.raises(InputError):
        store.submit(ann.key, "smart", {"a": 2}, submission_id="s-1")
    assert store.response_history(ann.key, "smart") == []


def test_latest_answers_one_per_participant_latest_only(store, session, ann, ben):
    """Does latest_answers give each participant's latest revision only, with no identity?"""
    cara = store.join(session.code, None)
    store.submit(ann.key, "quiz", {"q": "a1"}, submission_id=sid())
    store.submit(ann.key, "quiz", {"q": "a2"}, submission_id=sid())
    store.submit(ben.key, "quiz", {"q": "b1"}, submission_id=sid())
    store.submit(cara.key, "smart", {"q": "c1"}, submission_id=sid())
    other_session = store.create_session("Other")
    outsider = store.join(other_session.code, "Out")
    store.submit(outsider.key, "quiz", {"q": "o1"}, submission_id=sid())

    answers = store.latest_answers(session.code.lower(), "quiz")
    assert sorted(a["q"] for a in answers) == ["a2", "b1"]
    flat = json.dumps(answers)
    for person in (ann, ben):
        assert person.key not in flat and person.display_name not in flat
    assert all(isinstance(a, dict) for a in answers)
    assert store.count_respondents(session.code, "quiz") == 2
    assert store.count_respondents(session.code, "smart") == 1
    assert store.latest_answers(session.code, "nothing") == []
    assert store.count_participants(session.code) == 3


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.dictionaries(st.text(max_size=12), json_values, max_size=5))
def test_answers_round_trip_exactly(store, ann, answers):
    """Does any JSON-shaped answer (odd unicode, floats, nesting) come back exactly as submitted?"""
    result = store.submit(ann.key, "roundtrip", answers, submission_id=sid())
    assert result.response.answers == answers
    assert store.latest_response(ann.key, "roundtrip").answers == answers


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

    from kit.store.store import SchemaMismatch

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
