"""The sorting cards, headless: a labelled radio group per card, Check explains, Submit stores."""

from __future__ import annotations

from kit.content import load_content
from kit.kinds.sorting import cards
from kit.kinds.sorting.form import SortingInput
from kit.ui.exercise import ExerciseView
from kit.ui.form import Form

EXERCISE = load_content()["whose_tip"]
ITEM = EXERCISE.item("whose")
RIGHT = {c.id: c.answer for c in cards(ITEM)}


def test_a_labelled_radio_group_per_card_and_check():
    """Is each card a radio group labelled by its text, and does Check say right, or where it belongs and why?"""
    form = Form(EXERCISE)
    field = form.fields["whose"]
    assert isinstance(field, SortingInput) and len(field.radios) == 10
    assert field.radios["up_front"].description.startswith("Be up front.")
    assert [label for label, _ in field.radios["up_front"].options] == ["Mentee", "Mentor", "Both"]
    field.radios["up_front"].value = "mentee"
    field.radios["realistic"].value = "mentee"
    field.check.click()
    assert "✓ Right." in field.feedback["up_front"].value
    assert "belongs under “Mentor”" in field.feedback["realistic"].value
    assert field.feedback["timely"].value == ""
    assert form.answers == {"whose": {"up_front": "mentee", "realistic": "mentee"}}
    form.restore({"whose": {"timely": "mentor", "up_front": "nobody"}})
    assert form.answers == {"whose": {"timely": "mentor"}} and field.feedback["realistic"].value == ""


def test_submit_stores_every_card(room):
    """Is a sorting with a card left refused with how many are left, and a complete one stored?"""
    store, session, ana, _ = room
    view = ExerciseView(store, EXERCISE, session, ana, poll_seconds=None)
    radios = view.form.fields["whose"].radios
    for card_id, answer in list(RIGHT.items())[:-1]:
        radios[card_id].value = answer
    view.submit.click()
    assert store.latest_response(ana.key, EXERCISE.id) is None and "1 still to sort" in view.status.value
    radios["action_plans"].value = "mentor"
    view.submit.click()
    assert store.latest_response(ana.key, EXERCISE.id).answers == {"whose": RIGHT}
