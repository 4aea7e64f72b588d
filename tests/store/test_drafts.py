"""Drafts and pacing changes in the store, on SQLite and PostgreSQL (kit/store/drafts.py and
Store.change_session_settings)."""

from __future__ import annotations

import pytest

from kit.errors import InputError
from kit.logic import pacing
from kit.store import Store
from tests.store.test_concurrency import kernels, run_together  # noqa: F401  (fixture)

IDS = ["a", "b", "c", "d"]


@pytest.fixture
def person(store):
    session = store.create_session("Drafts")
    return session, store.join(session.code, "Sam")


def test_a_draft_is_kept_replaced_and_cleared(store, person):
    """Is a draft kept per participant, exercise and run, replaced by a newer one, and gone once cleared?"""
    session, sam = person
    assert store.get_draft(sam.key, "a") is None
    first = store.save_draft(sam.key, "a", {"s1": "yes"})
    store.save_draft(sam.key, "a", {"s1": "no", "note": "é ✓"})
    store.save_draft(sam.key, "a", {"s1": "yes"}, run=2)
    answers, saved_at = store.get_draft(sam.key, "a")
    assert answers == {"s1": "no", "note": "é ✓"} and saved_at >= first
    assert store.get_draft(sam.key, "a", run=2)[0] == {"s1": "yes"}
    store.clear_draft(sam.key, "a")
    assert store.get_draft(sam.key, "a") is None
    assert store.get_draft(sam.key, "a", run=2) is not None


def test_a_draft_is_never_an_answer(store, person):
    """Does a draft stay out of what the facilitator reads (latest answers, counts)?"""
    session, sam = person
    store.save_draft(sam.key, "a", {"s1": "yes"})
    assert store.latest_answers(session.code, "a") == []
    assert store.count_respondents(session.code, "a") == 0
    assert store.latest_response(sam.key, "a") is None


@pytest.mark.parametrize("answers,needle", [
    ({"x": float("nan")}, "plain data"),
    ({"x": object()}, "plain data"),
    ({"x": "y" * 70_000}, "too long"),
])
def test_bad_drafts_are_refused_and_change_nothing(store, person, answers, needle):
    """Is a draft that is not plain data, or too big, refused with a message, keeping the older one?"""
    _session, sam = person
    store.save_draft(sam.key, "a", {"s1": "yes"})
    with pytest.raises(InputError, match=needle):
        store.save_draft(sam.key, "a", answers)
    assert store.get_draft(sam.key, "a")[0] == {"s1": "yes"}


def test_an_unknown_participant_keeps_no_draft(store, person):
    """Is a draft for a key nobody has refused?"""
    with pytest.raises(InputError):
        store.save_draft("nobody", "a", {"s1": "yes"})


def test_two_tabs_saving_drafts_at_once_leave_one(store, person, kernels):
    """Do eight tabs of one person saving a draft at the same moment leave exactly one draft, one of theirs?"""
    _session, sam = person
    tabs = [kernels() for _ in range(8)]
    _results, errors = run_together([lambda t=t, i=i: t.save_draft(sam.key, "a", {"tab": i})
                                     for i, t in enumerate(tabs)])
    assert not errors, errors[0]
    assert store.get_draft(sam.key, "a")[0]["tab"] in range(8)


def test_two_consoles_pressing_next_at_once_move_the_room_twice(store, kernels):
    """Do two facilitator tabs pressing Next at the same moment move the room two steps, one after the
    other, so everyone ends on one agreed exercise?"""
    session = store.create_session("Two consoles")
    store.change_session_settings(session.code, lambda s: pacing.present(s, IDS, "a"))
    consoles = [kernels(), kernels()]
    _results, errors = run_together([lambda c=c: c.change_session_settings(session.code,
                                                                           lambda s: pacing.step(s, IDS, 1))
                                     for c in consoles])
    assert not errors, errors[0]
    assert store.get_session(session.code).settings["current"] == "c"


def test_a_refused_pacing_change_changes_nothing(store):
    """Does Next at the end of the agenda raise its message and leave the settings as they were?"""
    session = store.create_session("End of agenda")
    store.change_session_settings(session.code, lambda s: pacing.present(s, IDS, "d"))
    before = store.get_session(session.code).settings
    with pytest.raises(InputError, match="last exercise"):
        store.change_session_settings(session.code, lambda s: pacing.step(s, IDS, 1))
    assert store.get_session(session.code).settings == before


def test_the_presented_exercise_outlives_the_process(db_url):
    """Is the presented exercise stored, so a new Store (a restarted server) reads it?"""
    first = Store(db_url)
    session = first.create_session("Restart")
    first.change_session_settings(session.code, lambda s: pacing.present(s, IDS, "b"))
    first.dispose()
    again = Store(db_url)
    try:
        assert pacing.pace(again.get_session(session.code).settings, IDS).current == "b"
    finally:
        again.dispose()
