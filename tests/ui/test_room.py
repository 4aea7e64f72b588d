"""The one participant page (kit/ui/room.py): it follows the facilitator's pace in place, keeps what
people typed, and never builds more than a few views."""

from __future__ import annotations

import asyncio

from ipywidgets.widgets.widget import _instances

from kit.apps import participant
from kit.content import load_content
from kit.logic import pacing
from kit.ui.exercise import ExerciseView
from kit.ui.room import KEEP_VIEWS, RoomView
from kit.ui.visit import Visit
from tests.factories import run_async

CONTENT = load_content()
IDS = list(CONTENT)


def page(store, session, person, query: str = ""):
    """A participant page as a kernel builds it for this visit (no poller: tests call refresh)."""
    shell = participant.workshop(store=store, content=CONTENT, poll_seconds=None, room_poll_seconds=None)
    shell.bind(Visit.from_strings(f"code={session.code}&p={person.key}{query}"))
    assert isinstance(shell.view, RoomView)
    return shell, shell.view


def change(store, session, decide):
    store.change_session_settings(session.code, decide)


def test_a_new_session_shows_the_lobby_with_the_escaped_name(room):
    """Does a participant who joined before anything is presented wait in a lobby that greets them by
    their (escaped) name and says the facilitator will start soon?"""
    store, session, ana, _ = room
    _, view = page(store, session, ana)
    assert view.screen.kind == pacing.LOBBY
    assert "You're in, Ana &lt;b&gt;." in view.lobby.value and "<b>" not in view.lobby.value.split("h1>")[1]
    assert "will start soon" in view.lobby.value
    assert "mk-current-lobby" in view.body._dom_classes


def test_present_next_back_and_pause_switch_the_same_page(room):
    """Do Present, Next, Back and Pause switch the one page in place, each to what the facilitator chose?"""
    store, session, ana, _ = room
    shell, view = page(store, session, ana)
    change(store, session, lambda s: pacing.present(s, IDS, "confidentiality"))
    view.refresh()
    (shown,) = view.body.children
    assert isinstance(shown, ExerciseView) and shown.exercise.id == "confidentiality"
    assert "mk-current-confidentiality" in view.body._dom_classes
    assert 'data-exercise="confidentiality"' in view.marker.value
    nxt = IDS[IDS.index("confidentiality") + 1]
    change(store, session, lambda s: pacing.step(s, IDS, 1))
    view.refresh()
    assert view.screen == pacing.Screen(pacing.EXERCISE, nxt)
    assert "mk-current-confidentiality" not in view.body._dom_classes
    change(store, session, lambda s: pacing.step(s, IDS, -1))
    view.refresh()
    assert view.body.children == (shown,)  # the same view object: kept, not built again
    change(store, session, lambda s: pacing.pause("Talk to the person <script>"))
    view.refresh()
    assert view.screen.kind == pacing.PAUSED
    assert "Talk to the person &lt;script&gt;" in view.paused.value
    change(store, session, lambda s: pacing.pause())
    view.refresh()
    assert pacing.DEFAULT_PAUSE in view.paused.value
    change(store, session, lambda s: pacing.resume())
    view.refresh()
    assert view.body.children == (shown,)
    assert shell.view is view  # no new app, no new page


def test_an_exercise_taken_off_the_agenda_falls_back_to_the_lobby(room):
    """Does a page whose exercise disappears from the agenda go back to the lobby?"""
    store, session, ana, _ = room
    _, view = page(store, session, ana)
    change(store, session, lambda s: pacing.present(s, IDS, "myths_quiz"))
    view.refresh()
    assert view.screen.exercise == "myths_quiz"
    change(store, session, lambda s: pacing.removed(s, IDS, "myths_quiz"))
    view.refresh()
    assert view.screen.kind == pacing.LOBBY


def test_a_late_joiner_and_a_new_kernel_land_on_the_presented_exercise(room):
    """Does a page opened later (a late joiner, a reload, a restarted server) show the exercise being
    presented, since it is stored and not held in one kernel's memory?"""
    store, session, ana, anon = room
    change(store, session, lambda s: pacing.present(s, IDS, "smart_goals"))
    for person in (ana, anon):
        _, view = page(store, session, person)
        assert view.screen == pacing.Screen(pacing.EXERCISE, "smart_goals")
    late = store.join(session.code, "Lee", join_token="late")
    _, view = page(store, session, late)
    assert view.screen.exercise == "smart_goals"


def test_an_old_link_does_not_override_the_pace_but_opens_its_exercise_when_self_paced(room):
    """Does an old per-exercise link land on the presented exercise in a paced room, and on its own
    exercise in a self-paced one?"""
    store, session, ana, _ = room
    change(store, session, lambda s: pacing.present(s, IDS, "smart_goals"))
    _, view = page(store, session, ana, "&exercise=confidentiality")
    assert view.screen.exercise == "smart_goals"
    change(store, session, lambda s: pacing.self_paced(True))
    _, view = page(store, session, ana, "&exercise=confidentiality")
    assert view.screen.exercise == "confidentiality"
    assert "exercise" in view.bridge.sent[-1] and "confidentiality" in view.bridge.sent[-1]


def test_self_paced_participants_choose_among_open_exercises(room):
    """In self-paced mode, does the page list only open exercises of the agenda, open one on a tap, and
    go back to the list with "All exercises"?"""
    store, session, ana, _ = room
    change(store, session, lambda s: {**pacing.self_paced(True), "open": ["confidentiality", "myths_quiz"],
                                      **pacing.with_agenda(IDS, ["myths_quiz", "confidentiality", "smart_goals"])})
    _, view = page(store, session, ana)
    assert view.screen.kind == pacing.CHOOSE
    buttons = [row.children[0] for row in view.chooser.rows.children]
    assert [b.description for b in buttons] == [CONTENT["myths_quiz"].title, CONTENT["confidentiality"].title]
    buttons[1].click()
    assert view.screen == pacing.Screen(pacing.EXERCISE, "confidentiality")
    assert view.nav.children == (view.back,)
    view.back.click()
    assert view.screen.kind == pacing.CHOOSE
    store.submit(ana.key, "confidentiality", {i.id: "yes" for i in CONTENT["confidentiality"].items},
                 submission_id="s1")
    view.refresh()
    assert "Submitted" in view.chooser.rows.children[1].children[1].value


def test_a_switch_keeps_unsubmitted_answers_and_a_reload_brings_them_back(room):
    """Are answers filled in but not submitted still there when the exercise comes back, after a reload
    (a new kernel), and never counted as answers?"""
    store, session, ana, _ = room
    change(store, session, lambda s: pacing.present(s, IDS, "confidentiality"))
    _, view = page(store, session, ana)
    form = view.body.children[0].form
    first, second = list(form.fields)[:2]
    form.fields[first].control.value = "no"
    form.fields[second].control.value = "not_sure"
    change(store, session, lambda s: pacing.step(s, IDS, 1))
    view.refresh()
    change(store, session, lambda s: pacing.step(s, IDS, -1))
    view.refresh()
    assert view.body.children[0].form.answers == {first: "no", second: "not_sure"}
    assert store.latest_answers(session.code, "confidentiality") == []
    # A reload: a new kernel builds the page from the store.
    _, again = page(store, session, ana)
    restored = again.body.children[0]
    assert restored.form.answers == {first: "no", second: "not_sure"}
    assert "not submitted yet" in restored.note.value


def test_submitting_turns_the_draft_into_answers(room):
    """After Submit, is the draft gone, so a reload shows the submitted answers as submitted?"""
    store, session, ana, _ = room
    change(store, session, lambda s: pacing.present(s, IDS, "confidentiality"))
    _, view = page(store, session, ana)
    exercise_view = view.body.children[0]
    for field in exercise_view.form.fields.values():
        field.control.value = "yes"
    assert store.get_draft(ana.key, "confidentiality") is not None
    exercise_view.submit.click()
    assert "Saved." in exercise_view.status.value
    assert store.get_draft(ana.key, "confidentiality") is None
    _, again = page(store, session, ana)
    assert "These are the answers you submitted" in again.body.children[0].status.value
    # A change after the submit is a draft again, and says so after a reload.
    first = next(iter(again.body.children[0].form.fields.values()))
    first.control.value = "no"
    _, third = page(store, session, ana)
    assert "not submitted yet" in third.body.children[0].status.value


def test_moving_through_the_whole_agenda_keeps_a_bounded_number_of_views(room):
    """Going through every exercise twice, does the page keep at most a few views and leave no widgets
    behind in the kernel?"""
    store, session, ana, _ = room
    _, view = page(store, session, ana)
    counts = []
    for _round in range(2):
        for exercise_id in IDS:
            change(store, session, lambda s, e=exercise_id: pacing.present(s, IDS, e))
            view.refresh()
            assert view.screen.exercise == exercise_id
            assert len(view.views) <= KEEP_VIEWS
        counts.append(len(_instances))
    assert counts[1] <= counts[0]


def test_views_beyond_the_few_kept_close_a_moment_after_a_jump(room, monkeypatch):
    """In a kernel (an event loop runs), does a switch that builds one view too many leave closing the
    oldest for a moment later (closing is a message per widget, and the room may still be building),
    then close it, keeping the one shown and leaving no widget of the closed one?"""
    monkeypatch.setattr("kit.ui.room.TRIM_LATER", True)
    monkeypatch.setattr("kit.ui.room.TRIM_AFTER", (0.01, 0.02))
    store, session, ana, _ = room

    async def walk():
        _, view = page(store, session, ana)
        try:
            for exercise_id in IDS[:KEEP_VIEWS + 1]:
                change(store, session, lambda s, e=exercise_id: pacing.present(s, IDS, e))
                view.refresh()
            assert len(view.views) == KEEP_VIEWS + 1  # nothing closed during the switch itself
            oldest, made = view.views[IDS[0]]
            for _ in range(100):
                await asyncio.sleep(0.02)
                if len(view.views) == KEEP_VIEWS:
                    break
            assert len(view.views) == KEEP_VIEWS and IDS[0] not in view.views
            assert IDS[KEEP_VIEWS] in view.views and view.body.children == (view.views[IDS[KEEP_VIEWS]][0],)
            assert not made & set(_instances)
        finally:
            view.close()

    run_async(walk())


def test_an_ended_session_shows_read_only_answers(room):
    """When the session ends, does an open page keep its exercise but read-only, and can the person go
    back to the list of the agenda to look at the others?"""
    store, session, ana, _ = room
    change(store, session, lambda s: pacing.present(s, IDS, "confidentiality"))
    _, view = page(store, session, ana)
    before = view.body.children[0]
    store.close_session(session.code)
    view.refresh()
    shown = view.body.children[0]
    assert shown is not before and isinstance(shown, ExerciseView)  # built again, locked
    assert shown.submit.disabled and all(f.control.disabled for f in shown.form.fields.values())
    assert "ended" in shown.status.value
    view.back.click()
    assert view.screen.kind == pacing.CHOOSE
    assert "This session has ended" in view.chooser.heading.value
    assert len(view.chooser.rows.children) == len(IDS)


def test_a_quiz_choice_not_yet_checked_and_a_goal_not_yet_submitted_come_back(room):
    """Do a quiz statement answered but not checked, and a goal written but not submitted, come back
    after a reload (a new kernel)?"""
    store, session, ana, _ = room
    change(store, session, lambda s: pacing.present(s, IDS, "myths_quiz"))
    _, view = page(store, session, ana)
    quiz = view.body.children[0]
    card = next(iter(quiz.cards.values()))
    card.answer.value = card.answer.options[0][1]
    change(store, session, lambda s: pacing.present(s, IDS, "smart_goals"))
    view.refresh()
    goals = view.body.children[0]
    goal_card = next(iter(goals.cards.values()))[0]
    goal_card.text.value = "Present one case at the unit meeting by 30 April"
    view.close()  # the page goes away; what was typed is in the store
    _, again = page(store, session, ana)
    restored_goals = again.body.children[0]
    assert next(iter(restored_goals.cards.values()))[0].text.value.startswith("Present one case")
    assert "not submitted yet" in restored_goals.status.value
    change(store, session, lambda s: pacing.present(s, IDS, "myths_quiz"))
    again.refresh()
    restored_card = next(iter(again.body.children[0].cards.values()))
    assert restored_card.answer.value == card.answer.options[0][1] and not restored_card.checked
    assert store.latest_response(ana.key, "myths_quiz") is None


def test_turning_self_paced_keeps_people_where_they_are_and_offers_the_list(room):
    """When the facilitator lets the room go self-paced, do people stay on the presented exercise and
    get an "All exercises" button, which goes away when the room is paced again?"""
    store, session, ana, _ = room
    change(store, session, lambda s: pacing.present(s, IDS, "confidentiality"))
    _, view = page(store, session, ana)
    shown = view.body.children[0]
    assert view.nav.children == ()
    change(store, session, lambda s: pacing.self_paced(True))
    view.refresh()
    assert view.body.children == (shown,) and view.nav.children == (view.back,)
    change(store, session, lambda s: pacing.self_paced(False))
    view.refresh()
    assert view.body.children == (shown,) and view.nav.children == ()


def test_an_open_list_does_not_query_every_submission_at_every_poll(room, monkeypatch):
    """With the self-paced list on screen, do the half-second polls leave the per-exercise look-ups
    alone while nothing changed, and draw the list again as soon as the session changes?"""
    store, session, ana, _ = room
    change(store, session, lambda s: pacing.self_paced(True))
    _, view = page(store, session, ana)
    assert view.screen.kind == pacing.CHOOSE
    looked = []
    original = store.latest_response
    monkeypatch.setattr(store, "latest_response", lambda *a, **k: looked.append(a) or original(*a, **k))
    for _ in range(5):
        view.refresh(recount=False)
    assert looked == []
    change(store, session, lambda s: {"open": ["confidentiality"]})
    view.refresh(recount=False)
    assert len(looked) == 1 and len(view.chooser.rows.children) == 1


def test_the_lobby_and_a_pause_build_ahead_what_the_facilitator_will_present(room):
    """Waiting in the lobby, does the page build the agenda's first exercise before it is presented,
    so Present swaps in that very view; and during a pause, the one after the presented exercise?"""
    store, session, ana, _ = room
    _, view = page(store, session, ana)
    first = pacing.agenda(store.get_session(session.code).settings, IDS)[0]
    assert view.screen.kind == pacing.LOBBY and first not in view.views
    view._prebuild_next()  # what the event loop runs a few seconds after the lobby appears
    built = view.views[first][0]
    assert view.body.children == (view.lobby,)  # built, not shown: the room waits for the facilitator
    change(store, session, lambda s: pacing.step(s, IDS, 1))
    view.refresh()
    assert view.body.children == (built,)
    change(store, session, lambda s: pacing.pause())
    view.refresh()
    view._prebuild_next()
    assert IDS[IDS.index(first) + 1] in view.views and view.screen.kind == pacing.PAUSED


def test_a_self_paced_list_builds_nothing_ahead(room):
    """With the list of exercises on screen, nobody knows what will be opened: does the page leave it?"""
    store, session, ana, _ = room
    change(store, session, lambda s: pacing.self_paced(True))
    _, view = page(store, session, ana)
    assert view.screen.kind == pacing.CHOOSE
    view._prebuild_next()
    assert not view.views


def test_a_request_to_pair_reaches_me_wherever_i_am(room):
    """Does a request to pair show on my page in the lobby, with Accept that pairs us, and is it left to
    the pairing view itself on a pair exercise?"""
    store, session, ana, anon = room
    _, view = page(store, session, ana)
    assert view.screen.kind == pacing.LOBBY and view.requests.layout.display == "none"
    store.request_partner(anon.key, ana.pair_code)
    view.requests.refresh()  # what its poller does every few seconds
    assert view.requests.layout.display is None
    [row] = view.requests.rows.children
    assert "<b>Anonymous participant</b>" in row.children[0].value and "wants to pair with you" in row.children[0].value
    next(b for b in row.children[1].children if "mk-accept-pair" in b._dom_classes).click()
    assert store.partner(ana.key) == anon and "You are paired with <b>your partner</b>" in view.requests.feedback.value
    assert view.requests.rows.children == ()
    lee = store.join(session.code, "Lee")
    store.leave_pair(ana.key)
    store.request_partner(lee.key, ana.pair_code)
    change(store, session, lambda s: pacing.present(s, IDS, "confidentiality"))
    view.refresh()
    assert view.requests.active is False and view.requests.layout.display == "none"
    (shown,) = view.body.children
    shown.pairing.refresh()
    assert len(shown.pairing.requests.children) == 1  # shown once, by the exercise's own pairing view


async def _pairing_of(view, exercise_id: str):
    """The pairing box's poller of a kept exercise view, once the view has made it (a moment after
    the answers: kit/ui/exercise.py)."""
    import asyncio

    kept = view.views[exercise_id][0]
    for _ in range(200):
        if kept.pairing is not None:
            return kept.pairing.poller
        await asyncio.sleep(0.02)
    raise AssertionError("the pairing box was never made")


def test_only_the_view_on_screen_polls(room, monkeypatch):
    """Built views are kept hidden when the room moves on: does a hidden pair exercise stop re-reading
    its pairing every few seconds, and start again (at once) when it is shown again? A pairing box
    made while its view is already hidden starts paused."""
    monkeypatch.setattr("kit.ui.exercise.PAIRING_LATER", True)
    monkeypatch.setattr("kit.ui.exercise.PAIRING_AFTER", (0.05, 0.1))
    store, session, ana, _ = room

    async def walk():
        shell = participant.workshop(store=store, content=CONTENT, poll_seconds=3.0, room_poll_seconds=None)
        shell.bind(Visit.from_strings(f"code={session.code}&p={ana.key}"))
        view = shell.view
        try:
            change(store, session, lambda s: pacing.present(s, IDS, "confidentiality"))
            view.refresh()
            assert view.views["confidentiality"][0].pairing is None  # the answers first, the box a moment later
            pairing = await _pairing_of(view, "confidentiality")
            assert pairing.running and not pairing.paused
            change(store, session, lambda s: pacing.present(s, IDS, "want_from_mentor"))
            view.refresh()
            assert "confidentiality" in view.views and not pairing.running and pairing.paused
            change(store, session, lambda s: pacing.pause())
            view.refresh()
            assert not pairing.running
            change(store, session, lambda s: pacing.present(s, IDS, "confidentiality"))
            view.refresh()
            assert pairing.running and not pairing.paused
            view._prebuild_next()  # a view built ahead, off screen, polls nothing
            ahead = [i for i in view.views if i != "confidentiality"]
            assert all(not p.running for i in ahead for p in view._scopes[i].pollers)
            change(store, session, lambda s: pacing.present(s, IDS, "accountability"))
            view.refresh()
            change(store, session, lambda s: pacing.present(s, IDS, "want_from_mentor"))
            view.refresh()  # left before its pairing box was made
            late = await _pairing_of(view, "accountability")
            assert late.paused and not late.running
        finally:
            view.close()
        assert not pairing.running  # closing the page stops every view's poller

    run_async(walk())
