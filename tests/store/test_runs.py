"""Runs: a quiz answered twice in one workshop (before and after the talk), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from kit.errors import InputError


@pytest.fixture
def room(store):
    session = store.create_session("Runs")
    people = [store.join(session.code, None, join_token=f"r{n}") for n in range(3)]
    return store, session, people


def test_runs_are_kept_apart(room):
    """Does each run keep its own revisions and latest answers, with run 1 the default everywhere?"""
    store, session, (ana, kim, _) = room
    store.submit(ana.key, "quiz", {"q1": "a"}, submission_id="a1")
    store.submit(ana.key, "quiz", {"q1": "b"}, submission_id="a2")
    second = store.submit(ana.key, "quiz", {"q1": "c"}, submission_id="a3", run=2)
    assert (second.created, second.response.run, second.response.revision) == (True, 2, 1)
    assert store.latest_response(ana.key, "quiz").answers == {"q1": "b"}
    assert store.latest_response(ana.key, "quiz").run == 1
    assert store.latest_response(ana.key, "quiz", run=2).answers == {"q1": "c"}
    assert [r.revision for r in store.response_history(ana.key, "quiz")] == [1, 2]
    assert [(r.run, r.revision) for r in store.response_history(ana.key, "quiz", run=2)] == [(2, 1)]
    store.submit(kim.key, "quiz", {"q1": "a"}, submission_id="k1")
    assert sorted(a["q1"] for a in store.latest_answers(session.code, "quiz")) == ["a", "b"]
    assert store.latest_answers(session.code, "quiz", run=2) == [{"q1": "c"}]
    assert store.count_respondents(session.code, "quiz") == 2
    assert store.count_respondents(session.code, "quiz", run=2) == 1
    assert store.latest_response(kim.key, "quiz", run=2) is None


def test_same_answers_in_another_run_are_stored(room):
    """Are the same answers in run 2 a new response (not "nothing changed"), and repeated ones in run 2 not?"""
    store, _, (ana, _, _) = room
    store.submit(ana.key, "quiz", {"q1": "a"}, submission_id="s1")
    again = store.submit(ana.key, "quiz", {"q1": "a"}, submission_id="s2", run=2)
    assert again.created and again.response.run == 2
    same = store.submit(ana.key, "quiz", {"q1": "a"}, submission_id="s3", run=2)
    assert not same.created and same.response.submission_id == "s2"


def test_submission_id_is_not_reused_across_runs(room):
    """Is a double click replayed into another run refused rather than stored twice?"""
    store, _, (ana, _, _) = room
    first = store.submit(ana.key, "quiz", {"q1": "a"}, submission_id="dup")
    assert store.submit(ana.key, "quiz", {"q1": "a"}, submission_id="dup").response == first.response
    with pytest.raises(InputError, match="already saved"):
        store.submit(ana.key, "quiz", {"q1": "b"}, submission_id="dup", run=2)


@pytest.mark.parametrize("bad", [0, -1, "2", 1.5, True, None])
def test_bad_run_is_refused(room, bad):
    """Is a run that is not a whole number of at least 1 refused with a message, for writes and reads?"""
    store, session, (ana, _, _) = room
    with pytest.raises(InputError):
        store.submit(ana.key, "quiz", {"q1": "a"}, submission_id="x", run=bad)
    with pytest.raises(InputError):
        store.latest_answers(session.code, "quiz", run=bad)


def test_session_list_counts_a_quiz_taken_twice_once(room):
    """Does the session list count one response per person and exercise, whichever runs they took?"""
    store, session, (ana, kim, lee) = room
    store.submit(ana.key, "quiz", {"q1": "a"}, submission_id="a1")
    store.submit(ana.key, "quiz", {"q1": "b"}, submission_id="a2", run=2)
    store.submit(kim.key, "quiz", {"q1": "a"}, submission_id="k2", run=2)  # joined after the talk
    store.submit(lee.key, "other", {"x": "y"}, submission_id="l1")
    (summary,) = store.list_sessions()
    assert (summary.participants, summary.responses) == (3, 3)


def test_run_column_and_constraint(store):
    """Is run a NOT NULL column defaulting to 1, part of the unique key and the index?"""
    inspector = inspect(store.engine)
    column = {c["name"]: c for c in inspector.get_columns("responses")}["run"]
    assert column["nullable"] is False and "1" in str(column["default"])
    uniques = [u["column_names"] for u in inspector.get_unique_constraints("responses")]
    assert ["participant_id", "exercise_id", "run", "revision"] in uniques
    indexes = [i["column_names"] for i in inspector.get_indexes("responses")]
    assert ["exercise_id", "participant_id", "run", "revision"] in indexes


def test_quiz_settings_round_trip(room):
    """Are the quiz's run and items kept in the session settings next to other keys?"""
    store, session, _ = room
    store.update_session_settings(session.code, open=None)
    record = store.update_session_settings(session.code, quiz={"myths_quiz": {"run": 2, "items": ["a", "b"]}})
    assert record.settings == {"open": None, "quiz": {"myths_quiz": {"run": 2, "items": ["a", "b"]}}}
    assert store.get_session(session.code).settings["quiz"]["myths_quiz"]["run"] == 2
