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
