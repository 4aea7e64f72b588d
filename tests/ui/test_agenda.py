"""The facilitator's agenda and pace controls, headless, against a real store: click, then assert what
was stored and what the widget shows."""

from __future__ import annotations

import threading
from dataclasses import replace

import ipywidgets as widgets

from kit.logic import pacing
from kit.ui.agenda import AgendaControls
from tests.factories import tiny_exercise

TITLES = {"warmup": "Warm-up", "check": "Check <list>", "goals": "Goals & plans", "close": "Closing"}


def exercises(ids=TITLES) -> dict:
    """Small exercises named as in ``TITLES``, in that order."""
    return {ex_id: replace(tiny_exercise(1), id=ex_id, title=TITLES[ex_id]) for ex_id in ids}


def controls(store, code=None, content=None) -> AgendaControls:
    view = AgendaControls(store, content or exercises())
    view.sync(store.get_session(code) if code else None)
    return view


def settings(store, code) -> dict:
    return store.get_session(code).settings


def shown_order(view: AgendaControls) -> list[str]:
    return [row.exercise_id for row in view.rows.children]


def live_widgets() -> int:
    return len(widgets.widget._instances)


def test_next_back_and_present(ui_store):
    """Do Next, Back and Present store the current exercise, open it, and show "Now presenting" with
    the exercise's row marked?"""
    code = ui_store.create_session("S").code
    view = controls(ui_store, code)
    assert "Nothing presented: phones show the lobby" in view.now.value
    view.next.click()
    assert settings(ui_store, code)["current"] == "warmup"
    assert "Now presenting: <b>Warm-up</b> (1 of 4)" in view.now.value
    assert "Presenting “Warm-up” (1 of 4): phones show it now." in view.status.value
    view.next.click()
    view.next.click()
    view.back.click()
    assert settings(ui_store, code)["current"] == "check"
    assert "Check &lt;list&gt;" in view.now.value  # titles are escaped
    rows = {row.exercise_id: row for row in view.rows.children}
    assert "mk-current" in rows["check"]._dom_classes and "mk-current" not in rows["warmup"]._dom_classes
    assert rows["check"].present.description == "Presenting"
    ui_store.update_session_settings(code, open=["warmup"])  # closed in the set-up tab meanwhile
    view.sync(ui_store.get_session(code))
    rows["close"].present.click()
    stored = settings(ui_store, code)
    assert stored["current"] == "close" and stored["open"] == ["warmup", "close"]
    assert "mk-current" in rows["close"]._dom_classes and "mk-current" not in rows["check"]._dom_classes


def test_next_at_the_end_says_why_and_changes_nothing(ui_store):
    """Does Next at the last exercise keep it, and show why in the status line (naming the exercise by
    its title, as the agenda does, not by its id) instead of raising?"""
    code = ui_store.create_session("S").code
    ui_store.update_session_settings(code, current="close")
    view = controls(ui_store, code)
    before = settings(ui_store, code)
    view.next.click()
    assert settings(ui_store, code) == before
    assert 'role="alert"' in view.status.value and "“Closing” is the last exercise" in view.status.value
    assert "“close”" not in view.status.value
    assert "Now presenting: <b>Closing</b> (4 of 4)" in view.now.value


def test_pause_with_a_message_and_resume(ui_store):
    """Does Pause store the typed message (tidied), show it and enable Resume, and does Resume bring
    the presented exercise back?"""
    code = ui_store.create_session("S").code
    view = controls(ui_store, code)
    view.next.click()
    assert view.resume.disabled
    view.pause_message.value = "  Talk to\n your <partner> "
    view.pause.click()
    assert settings(ui_store, code)["paused"] == "Talk to your <partner>"
    assert "phones show “Talk to your &lt;partner&gt;”" in view.now.value
    assert not view.resume.disabled
    view.resume.click()
    assert settings(ui_store, code)["paused"] is None and view.resume.disabled
    assert "mk-paused-line" not in view.now.value
    view.pause_message.value = ""
    view.pause.click()
    assert pacing.screen(settings(ui_store, code), list(TITLES)).message == pacing.DEFAULT_PAUSE
    assert pacing.DEFAULT_PAUSE in view.now.value


def test_an_overlong_pause_message_is_refused_in_the_status_line(ui_store):
    """Is an overlong pause message refused in the status line with nothing stored?"""
    code = ui_store.create_session("S").code
    view = controls(ui_store, code)
    view.pause_message.value = "x" * 500
    view.pause.click()
    assert "at most 200 characters" in view.status.value
    assert "paused" not in settings(ui_store, code)


def test_self_paced_toggle(ui_store):
    """Does the Self-paced toggle store the mode, say what participants see in each mode, and end a
    pause?"""
    code = ui_store.create_session("S").code
    view = controls(ui_store, code)
    assert "Participants follow you" in view.mode.value
    view.pause.click()
    view.self_paced.value = True
    stored = settings(ui_store, code)
    assert stored["self_paced"] is True and stored["paused"] is None
    assert "Self-paced:" in view.mode.value and "move freely" in view.mode.value
    assert "choose from 4 open exercise(s)" in view.status.value
    view.self_paced.value = False
    assert settings(ui_store, code)["self_paced"] is False and "Participants follow you" in view.mode.value


def test_up_down_remove_and_add(ui_store):
    """Do Up, Down and Remove reorder and shorten the stored agenda, and does Add put an exercise that
    is not on it back at the end?"""
    code = ui_store.create_session("S").code
    view = controls(ui_store, code)
    assert view.to_add.options == () and view.add.disabled
    rows = {row.exercise_id: row for row in view.rows.children}
    assert rows["warmup"].up.disabled and rows["close"].down.disabled
    rows["goals"].up.click()
    assert settings(ui_store, code)["agenda"] == ["warmup", "goals", "check", "close"]
    assert shown_order(view) == ["warmup", "goals", "check", "close"]
    assert rows["goals"].position.value == "<span>2.</span>"
    rows["warmup"].down.click()
    rows["check"].remove.click()
    assert settings(ui_store, code)["agenda"] == ["goals", "warmup", "close"]
    assert shown_order(view) == ["goals", "warmup", "close"]
    assert view.to_add.options == (("Check <list>", "check"),) and not view.add.disabled
    view.add.click()
    assert settings(ui_store, code)["agenda"] == ["goals", "warmup", "close", "check"]
    assert view.to_add.options == () and view.add.disabled


def test_removing_the_presented_exercise_sends_phones_to_the_lobby(ui_store):
    """Does removing the presented exercise leave nothing presented, and say phones show the lobby?"""
    code = ui_store.create_session("S").code
    view = controls(ui_store, code)
    view.next.click()
    view.rows.children[0].remove.click()
    assert settings(ui_store, code)["current"] is None
    assert "Nothing presented: phones show the lobby" in view.now.value
    assert "Phones show the lobby." in view.status.value


def test_a_change_made_elsewhere_shows_after_sync(ui_store):
    """Does a change made through the store (another tab, the CLI) show after ``sync``?"""
    code = ui_store.create_session("S").code
    view = controls(ui_store, code)
    ui_store.update_session_settings(code, agenda=["close", "warmup"], current="warmup", paused="Break",
                                     self_paced=False)
    view.sync(ui_store.get_session(code))
    assert shown_order(view) == ["close", "warmup"]
    assert "Now presenting: <b>Warm-up</b> (2 of 2)" in view.now.value and "Break" in view.now.value
    assert not view.resume.disabled
    ui_store.update_session_settings(code, self_paced=True)
    view.sync(ui_store.get_session(code))
    assert view.self_paced.value is True
    assert "self_paced" in settings(ui_store, code)  # showing it did not store anything back
    assert settings(ui_store, code)["paused"] == "Break"


def test_a_confirmation_goes_when_the_room_changes_elsewhere(ui_store):
    """Is this tab's last confirmation cleared once another tab has moved the room, so it never
    contradicts the "Now presenting" line, while an unchanged room keeps it?"""
    code = ui_store.create_session("S").code
    view = controls(ui_store, code)
    view.next.click()
    view.sync(ui_store.get_session(code))
    assert "Presenting “Warm-up”" in view.status.value
    ui_store.update_session_settings(code, current="goals")
    view.sync(ui_store.get_session(code))
    assert view.status.value == "" and "Goals &amp; plans" in view.now.value


def test_repeated_syncs_create_no_widgets(ui_store):
    """Do repeated syncs with nothing changed create no widgets, and does a reorder made elsewhere reuse
    the rows it has?"""
    code = ui_store.create_session("S").code
    view = controls(ui_store, code)
    view.next.click()
    before = live_widgets()
    rows = list(view.rows.children)
    for _ in range(20):
        view.sync(ui_store.get_session(code))
    assert live_widgets() == before and list(view.rows.children) == rows
    ui_store.update_session_settings(code, agenda=["close", "check", "goals", "warmup"])
    for _ in range(5):
        view.sync(ui_store.get_session(code))
    assert live_widgets() == before
    assert sorted(map(id, view.rows.children)) == sorted(map(id, rows))


def test_ended_session_disables_everything(ui_store):
    """For an ended session, is every control disabled, and is a click from a page that has not seen
    the end yet refused in the status line?"""
    code = ui_store.create_session("S").code
    view = controls(ui_store, code)
    ui_store.close_session(code)
    view.next.click()  # the page still shows it open
    assert "has ended" in view.status.value and "current" not in settings(ui_store, code)
    assert view.next.disabled and view.back.disabled and view.pause.disabled and view.self_paced.disabled
    assert all(button.disabled for row in view.rows.children for button in row.buttons)
    assert "has ended" in view.mode.value


def test_no_session_yet(ui_store):
    """With no session chosen, are the controls disabled with a hint?"""
    view = controls(ui_store)
    assert view.next.disabled and "Choose or create a session first" in view.mode.value


def test_two_tabs_agree_on_one_current_exercise(ui_store):
    """Do two consoles on one session, each pressing Next from what it last saw, move the room two
    steps, and show the same current exercise once synced?"""
    code = ui_store.create_session("S").code
    first, second = controls(ui_store, code), controls(ui_store, code)
    first.next.click()
    second.next.click()  # second still shows nothing presented
    assert settings(ui_store, code)["current"] == "check"
    first.sync(ui_store.get_session(code))
    assert first.now.value == second.now.value and "Check &lt;list&gt;" in first.now.value


def test_two_tabs_pressing_next_at_once(store):
    """When two consoles press Next at the same moment, again and again, does every press count once
    (on SQLite and PostgreSQL)?"""
    content = exercises()
    code = store.create_session("S").code
    tabs = [controls(store, code, content) for _ in range(2)]
    barrier = threading.Barrier(2)

    def press(view):
        barrier.wait()
        view.next.click()

    threads = [threading.Thread(target=press, args=(view,)) for view in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert settings(store, code)["current"] == "check"  # two steps from the lobby
    statuses = sorted(view.status.value for view in tabs)
    assert "Warm-up" in statuses[0] + statuses[1] and "Check" in statuses[0] + statuses[1]
    for view in tabs:
        view.sync(store.get_session(code))
    assert tabs[0].now.value == tabs[1].now.value


def test_widget_names_for_browser_tests(ui_store):
    """Do the agenda, its rows and the "Now presenting" line carry the CSS classes browser tests use?"""
    view = controls(ui_store, ui_store.create_session("S").code)
    assert "mk-agenda" in view._dom_classes and "mk-now-presenting" in view.now._dom_classes
    assert all("mk-agenda-row" in row._dom_classes for row in view.rows.children)
