"""Sessions in the store: creating, finding, listing, closing and their settings."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from kit.errors import InputError


def sid() -> str:
    return uuid.uuid4().hex


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
