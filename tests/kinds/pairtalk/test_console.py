"""The facilitator's pair talk, headless: Start puts the timer in the session's settings, Stop clears
it, the countdown shows before Reveal, and only shared takeaways are listed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from kit.content import load_content
from kit.kinds.pairtalk import TIMERS_KEY, countdown, timer
from kit.kinds.pairtalk.console import PairTalkSection
from kit.logic.answers import SHARED
from kit.ui.console import ConsoleView
from kit.ui.sections import sections_for

EXERCISE = load_content()["active_listening"]


def console(store):
    view = ConsoleView(store, {EXERCISE.id: EXERCISE}, public_url="http://192.0.2.1:8866", poll_seconds=None)
    panel = view.panels[EXERCISE.id]
    return view, panel, panel.sections[0]


def test_the_kind_names_this_section():
    """Does a pair talk exercise get the pair talk section?"""
    assert [type(s) for s in sections_for(EXERCISE)] == [PairTalkSection]


def test_start_sets_the_timer_and_stop_clears_it(ui_store):
    """Does Start put {started_at, seconds, switch_at} for this exercise in the settings, shown at once
    (results still hidden), and Stop take it out again?"""
    session = ui_store.create_session("Talk")
    view, panel, section = console(ui_store)
    assert panel.body.layout.display == "none" and 'data-state="idle"' in section.clock.value
    before = datetime.now(timezone.utc)
    section.start.click()
    entry = ui_store.get_session(session.code).settings[TIMERS_KEY][EXERCISE.id]
    assert (entry["seconds"], entry["switch_at"]) == (360, 180)
    started = datetime.fromisoformat(entry["started_at"])
    assert started.tzinfo is not None and started >= before - timedelta(seconds=1)
    assert 'data-state="running"' in section.clock.value and not section.stop.disabled
    view.refresh(force=True)
    assert 'data-state="running"' in section.clock.value
    section.stop.click()
    assert ui_store.get_session(session.code).settings[TIMERS_KEY] == {}
    assert 'data-state="idle"' in section.clock.value and section.stop.disabled
    section.close()


def test_the_projector_countdown_is_computed_from_the_settings(ui_store):
    """Does the section show the same time a phone computes from the stored start?"""
    session = ui_store.create_session("Talk")
    _view, _panel, section = console(ui_store)
    start = datetime(2026, 11, 27, 21, 0, tzinfo=timezone.utc)
    section.begin(now=start)
    section.show(now=start + timedelta(seconds=190))
    settings = ui_store.get_session(session.code).settings
    expected = countdown(timer(settings, EXERCISE.id), start + timedelta(seconds=190))
    assert f'data-remaining="{expected.remaining}"' in section.clock.value and "Switch roles" in section.clock.value
    section.close()


def test_an_ended_session_cannot_start_a_talk(ui_store):
    """Is Start refused with a message once the session has ended?"""
    session = ui_store.create_session("Over")
    _view, _panel, section = console(ui_store)
    ui_store.close_session(session.code)
    section.start.click()
    assert "ended" in section.status.value
    assert TIMERS_KEY not in ui_store.get_session(session.code).settings
    section.close()


def test_only_shared_takeaways_show_after_reveal(ui_store):
    """After Reveal, are the shared takeaways listed (escaped) and the private ones only counted?"""
    session = ui_store.create_session("Takeaways")
    for number, (text, shared) in enumerate([("private one", False), ("<b>Listen first</b>", True),
                                             ("secret", False)]):
        person = ui_store.join(session.code, f"P{number}", join_token=f"t{number}")
        answers = {"observer_notes": text, **({SHARED: ["observer_notes"]} if shared else {})}
        ui_store.submit(person.key, EXERCISE.id, answers, submission_id=f"s{number}")
    view, panel, section = console(ui_store)
    panel.reveal.value = True
    assert "&lt;b&gt;Listen first" in section.body.value
    assert "private one" not in section.body.value and "secret" not in section.body.value
    assert 'data-answered="3"' in section.body.value
    section.close()


def test_the_projector_shows_the_countdown_without_controls(ui_store):
    """In the projector view, are the countdown and prompts shown and Start and Stop not?"""
    ui_store.create_session("Projector")
    view, panel, section = console(ui_store)
    view.projector.value = True
    view.refresh(force=True)
    assert section.controls.layout.display == "none" and section.clock.value
    assert "Clarifying and Restating when Appropriate" in section.live.children[1].value
    view.projector.value = False
    view.refresh(force=True)
    assert section.controls.layout.display is None
    section.close()
