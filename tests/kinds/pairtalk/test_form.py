"""The participant's pair talk, headless: the countdown follows the session's settings (one clock
per page), the prompts show escaped, and the takeaway is saved private unless shared."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from ipywidgets import HTML

from kit.content import load_content
from kit.kinds.pairtalk import TIMERS_KEY
from kit.kinds.pairtalk.form import TalkInput
from kit.logic.answers import SHARED
from kit.ui.exercise import ExerciseView
from kit.ui.form import Form

CONTENT = load_content()
LISTENING = CONTENT["active_listening"]
THEMES = CONTENT["kick_starters"]
START = datetime(2026, 11, 27, 21, 0, 0, tzinfo=timezone.utc)


def running(exercise_id, started=START):
    return {TIMERS_KEY: {exercise_id: {"started_at": started.isoformat(), "seconds": 360, "switch_at": 180}}}


def test_the_countdown_follows_the_settings():
    """Does the field show "waiting", then the time left, then "Switch roles", then "Time is up"?"""
    field = Form(LISTENING).fields["observer_notes"]
    assert isinstance(field, TalkInput)
    assert 'data-state="idle"' in field.clock.value
    field.tick(running(LISTENING.id), START + timedelta(seconds=65))
    assert 'data-remaining="295"' in field.clock.value and "4:55" in field.clock.value
    assert "Switch roles" not in field.clock.value
    field.tick(running(LISTENING.id), START + timedelta(seconds=200))
    assert "Switch roles" in field.clock.value and 'data-switched="true"' in field.clock.value
    field.tick(running(LISTENING.id), START + timedelta(seconds=400))
    assert "Time is up." in field.clock.value
    field.tick({}, START)
    assert 'data-state="idle"' in field.clock.value


def test_another_exercises_timer_does_not_start_this_one():
    """Does a talk started in another exercise leave this one waiting?"""
    field = Form(LISTENING).fields["observer_notes"]
    field.tick(running("kick_starters"), START + timedelta(seconds=5))
    assert 'data-state="idle"' in field.clock.value


def test_one_clock_per_page_and_the_prompts_are_shown():
    """With three themes on one page, is there one countdown, and are each theme's prompts listed?"""
    form = Form(THEMES)
    clocks = [f.clock for f in form.fields.values() if f.clock is not None]
    assert len(clocks) == 1
    html = " ".join(w.value for f in form.fields.values() for w in f.widget.children if isinstance(w, HTML))
    assert "What could be your first step?" in html and "What&#x27;s your educational" in html


def test_prompts_are_escaped():
    """Is a prompt with markup shown as text?"""
    item = replace(LISTENING.items[0], extra={**LISTENING.items[0].extra, "prompts": ["<img src=x onerror=1>"]})
    form = Form(replace(LISTENING, items=(item,)))
    html = " ".join(w.value for w in form.fields[item.id].widget.children if isinstance(w, HTML))
    assert "<img" not in html and "&lt;img" in html


def test_a_takeaway_is_saved_private_unless_shared(room):
    """Is a takeaway stored without ``_shared`` until its author ticks share, and does a reopened page
    show the running countdown at once?"""
    store, session, ana, _anon = room
    store.change_session_settings(session.code, lambda s: running(LISTENING.id, datetime.now(timezone.utc)))
    session = store.get_session(session.code)
    view = ExerciseView(store, LISTENING, session, ana, poll_seconds=None)
    field = view.form.fields["observer_notes"]
    assert 'data-state="running"' in field.clock.value
    field.control.value = "Summarising is the hardest"
    view.submit.click()
    assert store.latest_response(ana.key, LISTENING.id).answers == {"observer_notes": "Summarising is the hardest"}
    field.share.value = True
    view.submit.click()
    assert store.latest_response(ana.key, LISTENING.id).answers[SHARED] == ["observer_notes"]


def test_several_takeaway_boxes_have_different_labels():
    """With three themes on one page, does each takeaway box have its own label?"""
    labels = [f.control.description for f in Form(THEMES).fields.values()]
    assert len(set(labels)) == 3 and labels[0] == "Takeaway: Career Journey"
    assert Form(LISTENING).fields["observer_notes"].control.description == "Your takeaway"
