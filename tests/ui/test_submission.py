"""The submit step every participant view shares (kit/ui/submission.py)."""

from kit.ui.exercise import ExerciseView
from kit.ui.submission import submit_once
from tests.factories import confidentiality


def test_a_click_during_a_submit_does_nothing_and_the_button_comes_back(room):
    """While one submit is being stored, does a second press run nothing (the button locked), and is the
    button set again afterwards, also when the store step raised?"""
    store, session, ana, _ = room
    view = ExerciseView(store, confidentiality(), session, ana, poll_seconds=None)
    for field in view.form.fields.values():
        field.control.value = "yes"
    runs, locked = [], []

    def work():
        runs.append(1)
        locked.append(view.submit.disabled)
        submit_once(view, work)  # the second click arrives while the first is stored

    submit_once(view, work)
    assert runs == [1] and locked == [True]
    assert not view.submit.disabled and not view._busy

    def broken():
        raise RuntimeError("database went away")

    try:
        submit_once(view, broken)
    except RuntimeError:
        pass
    assert not view._busy and not view.submit.disabled


def test_the_page_says_saving_while_a_submit_is_stored(room):
    """Does the status say "Saving…" from the press until the store answered, then "Saved."?"""
    store, session, ana, _ = room
    view = ExerciseView(store, confidentiality(), session, ana, poll_seconds=None)
    for field in view.form.fields.values():
        field.control.value = "yes"
    seen = []
    view.status.observe(lambda change: seen.append(change["new"]), names="value")
    view.submit.click()
    assert "Saving…" in seen[0] and "Saved." in seen[-1]


def test_an_ended_session_says_so_without_claiming_answers_that_do_not_exist(room):
    """After the end, does someone who never submitted read that nothing of theirs was submitted, while
    someone who did reads that their answers are shown read-only?"""
    store, session, ana, anon = room
    store.submit(ana.key, "confidentiality", {i.id: "yes" for i in confidentiality().items}, submission_id="s")
    store.close_session(session.code)
    ended = store.get_session(session.code)
    theirs = ExerciseView(store, confidentiality(), ended, ana, poll_seconds=None)
    nothing = ExerciseView(store, confidentiality(), ended, anon, poll_seconds=None)
    assert "your answers are shown but can no longer be changed" in theirs.status.value
    assert "ended before you submitted" in nothing.status.value
    assert "can no longer be changed" not in nothing.status.value
    assert "current session" not in theirs.status.value + nothing.status.value
