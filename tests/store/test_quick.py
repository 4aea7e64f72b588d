"""Quick activities stored with their session and the session's catalogue, on SQLite and PostgreSQL
(kit/store/quick.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text

from kit.errors import InputError
from kit.logic import pacing
from kit.store import Store
from kit.store import quick
from tests.factories import confidentiality
from tests.store.test_concurrency import kernels, run_together  # noqa: F401  (fixture)

CONTENT = {"confidentiality": confidentiality()}


def test_create_stores_it_on_the_agenda_and_in_the_catalogue(store):
    """Is a quick activity stored with its session, put at the end of the agenda, presented when asked,
    and an exercise of that session's catalogue only?"""
    session = store.create_session("Quick")
    other = store.create_session("Other")
    record, poll = quick.create(store, session.code, CONTENT, "poll", "Ready?", "Yes\nNo")
    assert poll.id == f"quick_{session.code.lower()}_1" and record.settings["quick"] == [poll.id]
    assert pacing.agenda(record.settings, [*CONTENT, poll.id])[-1] == poll.id
    assert record.settings.get("current") is None
    record, cloud = quick.create(store, session.code, CONTENT, "wordcloud", "One word", present=True)
    assert cloud.id.endswith("_2") and record.settings["current"] == cloud.id
    assert pacing.screen(record.settings, list(quick.Catalogue(store, session.code, CONTENT))).exercise == cloud.id
    catalogue = quick.Catalogue(store, session.code, CONTENT)
    assert list(catalogue) == ["confidentiality", poll.id, cloud.id] and catalogue[poll.id].title == "Ready?"
    assert list(quick.Catalogue(store, other.code, CONTENT)) == ["confidentiality"]
    assert [d["id"] for d in store.quick_documents(session.code)] == [poll.id, cloud.id]


def test_refusals_store_nothing(store):
    """Do bad fields, a duplicate title and an ended session change nothing stored?"""
    session = store.create_session("Quick")
    quick.create(store, session.code, CONTENT, "poll", "Ready?", "Yes\nNo")
    before = store.get_session(session.code).settings
    for fields, needle in [(("poll", "Ready?", "A\nB"), "already has an exercise titled"),
                           (("poll", "Confidentiality Checklist", "A\nB"), "already has an exercise titled"),
                           (("poll", "Set?", "A"), "at least 2 options"),
                           (("text", "", ""), "prompt is empty")]:
        with pytest.raises(InputError, match=needle):
            quick.create(store, session.code, CONTENT, *fields)
    assert store.get_session(session.code).settings == before and len(store.quick_documents(session.code)) == 1
    store.close_session(session.code)
    with pytest.raises(InputError, match="has ended"):
        quick.create(store, session.code, CONTENT, "qa", "Questions?")
    assert len(store.quick_documents(session.code)) == 1


def test_a_catalogue_follows_the_settings(store):
    """Does a catalogue made before a quick activity existed take it in at its next sync (as a room's
    poll does), and read the table only when the settings list a new one?"""
    session = store.create_session("Quick")
    catalogue = quick.Catalogue(store, session.code, CONTENT)
    assert catalogue.sync(session.settings) is False
    record, scale = quick.create(store, session.code, CONTENT, "scale", "How sure are you?")
    assert scale.id not in catalogue
    assert catalogue.sync(record.settings) is True and catalogue[scale.id].items[0].type == "likert"
    assert catalogue.sync(record.settings) is False


def test_the_table_is_created_for_an_existing_database(db_url):
    """Does opening a database made before quick activities create their table, keeping the sessions?"""
    old = Store(db_url)
    code = old.create_session("Before").code
    old.dispose()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE quick_activities"))
    assert not inspect(engine).has_table("quick_activities")
    engine.dispose()
    reopened = Store(db_url)
    try:
        assert inspect(reopened.engine).has_table("quick_activities")
        _record, exercise = quick.create(reopened, code, CONTENT, "poll", "Ready?", "Yes\nNo")
        assert quick.quick_exercises(reopened.engine, [code])[exercise.id].title == "Ready?"
    finally:
        reopened.dispose()


def test_two_consoles_creating_at_once_get_two_activities(store, kernels):
    """Do two console tabs (two kernels) creating at the same instant get numbers 1 and 2, both listed and
    on the agenda, and is the same title from both stored once?"""
    session = store.create_session("Quick")
    tabs = [kernels(), kernels()]
    results, errors = run_together([lambda tab=tab, n=n: quick.create(tab, session.code, CONTENT, "poll", f"Q{n}?",
                                                                       "A\nB") for n, tab in enumerate(tabs)])
    assert not errors, errors
    ids = sorted(exercise.id for _record, exercise in results)
    assert ids == [f"quick_{session.code.lower()}_{n}" for n in (1, 2)]
    settings = store.get_session(session.code).settings
    assert sorted(settings["quick"]) == ids and pacing.agenda(settings, [*CONTENT, *ids])[-2:] == settings["quick"]
    results, errors = run_together([lambda tab=tab: quick.create(tab, session.code, CONTENT, "qa", "Same?")
                                    for tab in tabs])
    assert len([r for r in results if r]) == 1 and len(errors) == 1 and "already has an exercise titled" in errors[0]
    assert len(store.quick_documents(session.code)) == 3
