"""Answers in the store: submitting revisions, races, bad answers, reading them back."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kit.errors import InputError
from kit.store import MAX_ANSWERS_BYTES, Store
from kit.store.tables import responses


def sid() -> str:
    return uuid.uuid4().hex


def count_rows(store: Store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


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
    import kit.store.answers as module

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
    import kit.store.answers as module

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
