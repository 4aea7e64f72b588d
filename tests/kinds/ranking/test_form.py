"""The ranking rows, headless: Up and Down move an option, the order is an answer only once chosen,
and Submit stores it through the general view."""

from __future__ import annotations

from kit.content import load_content
from kit.kinds.ranking.form import RankingInput
from kit.ui.exercise import ExerciseView
from kit.ui.form import Form

EXERCISE = load_content()["deadly_mistakes"]
VALUES = list(EXERCISE.item("seen_most").scale.values())


def labels(field):
    return [label.value for label, _, _ in field.rows]


def test_rows_buttons_and_no_answer_until_chosen():
    """Are there one numbered row per option with Up and Down (first Up and last Down off), and no
    answer before the person moves something or keeps the order?"""
    form = Form(EXERCISE)
    field = form.fields["seen_most"]
    assert isinstance(field, RankingInput) and len(field.rows) == 5
    assert "<b>1.</b> Choosing the wrong mentoring partner." in labels(field)[0]
    assert field.rows[0][1].disabled and field.rows[-1][2].disabled and not field.rows[1][1].disabled
    assert field.rows[0][2].tooltip == "Move down: Choosing the wrong mentoring partner."
    assert form.answers == {}
    field.keep.click()
    assert form.answers == {"seen_most": VALUES}


def test_up_and_down_move_and_restore():
    """Does Down on row 1 and Up on row 5 move those options, and does a stored order come back?"""
    form = Form(EXERCISE)
    field = form.fields["seen_most"]
    field.rows[0][2].click()
    field.rows[4][1].click()
    a, b, c, d, e = VALUES
    assert form.answers == {"seen_most": [b, a, c, e, d]}
    form.restore({"seen_most": [e, d, c, b, a]})
    assert "Settling for low-level goals." in labels(field)[0] and form.answers == {"seen_most": [e, d, c, b, a]}
    form.restore({})
    assert form.answers == {} and field.order == VALUES


def test_submit_stores_the_order_and_locks_the_buttons(room):
    """Does Submit store the order, and does a closed form disable every button?"""
    store, session, ana, _ = room
    view = ExerciseView(store, EXERCISE, session, ana, poll_seconds=None)
    assert view.submit.disabled
    field = view.form.fields["seen_most"]
    field.rows[2][1].click()
    view.submit.click()
    a, b, c, d, e = VALUES
    assert store.latest_response(ana.key, EXERCISE.id).answers == {"seen_most": [a, c, b, d, e]}
    view.form.set_disabled(True)
    assert all(up.disabled and down.disabled for _, up, down in field.rows) and field.keep.disabled
