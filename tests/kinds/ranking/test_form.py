"""The ranking rows, headless: the kernel draws the rows, takes an order the page writes only if it is
one, is an answer only once chosen, and Submit stores it through the general view. (The page's side,
ranking.js, is walked in a real browser: tests/browser/test_ranking.py.)"""

from __future__ import annotations

import json
import re

import pytest

from kit.content import load_content
from kit.kinds.ranking.form import RankingInput
from kit.ui.exercise import ExerciseView
from kit.ui.form import Form

EXERCISE = load_content()["deadly_mistakes"]
VALUES = list(EXERCISE.item("seen_most").scale.values())


def rows(field) -> list[str]:
    """The option values in the order the rows are drawn."""
    return re.findall(r'<li class="mk-rank-row" data-value="([^"]+)"', field.rows.value)


def disabled(field) -> list[str]:
    """The buttons drawn disabled, as "value up" / "value down"."""
    found = re.findall(r'data-value="([^"]+)".*?mk-rank-up"[^>]*?( disabled)?>Up</button>.*?'
                       r'mk-rank-down"[^>]*?( disabled)?>Down</button>', field.rows.value)
    return [f"{value} {way}" for value, up, down in found for way, off in (("up", up), ("down", down)) if off]


def written(field, order) -> None:
    """What ranking.js does after a press or a drop: write the order into the hidden control."""
    field.state.value = json.dumps(order)


def test_rows_buttons_and_no_answer_until_chosen():
    """Is there one numbered row per option with Up and Down named by the option they move (first Up
    and last Down off), and no answer before the person moves something or keeps the order?"""
    form = Form(EXERCISE)
    field = form.fields["seen_most"]
    assert isinstance(field, RankingInput) and rows(field) == VALUES
    assert '<b class="mk-rank-place">1.</b> Choosing the wrong mentoring partner.' in field.rows.value
    assert disabled(field) == [f"{VALUES[0]} up", f"{VALUES[-1]} down"]
    assert 'aria-label="Move down: Choosing the wrong mentoring partner."' in field.rows.value
    assert form.answers == {}
    field.keep.click()
    assert form.answers == {"seen_most": VALUES}


def test_an_order_written_by_the_page_is_kept_and_drawn():
    """Does an order the page writes become the answer, with the rows drawn in it, and does a stored
    order come back?"""
    form = Form(EXERCISE)
    field = form.fields["seen_most"]
    a, b, c, d, e = VALUES
    written(field, [b, a, c, e, d])
    assert form.answers == {"seen_most": [b, a, c, e, d]} and rows(field) == [b, a, c, e, d]
    assert disabled(field) == [f"{b} up", f"{d} down"]
    field.move(4, -4)  # the kernel's own move: the last option to the top
    assert field.get() == [d, b, a, c, e]
    form.restore({"seen_most": [e, d, c, b, a]})
    assert rows(field)[0] == e and form.answers == {"seen_most": [e, d, c, b, a]}
    form.restore({})
    assert form.answers == {} and field.order == VALUES and rows(field) == VALUES


@pytest.mark.parametrize("bad", ["not json", "[]", json.dumps(VALUES[:-1]), json.dumps(VALUES + VALUES[:1]),
                                 json.dumps(["<script>x</script>"] + VALUES[1:]), json.dumps({"a": 1}), "null"])
def test_a_written_value_that_is_not_an_order_of_these_options_is_put_back(bad):
    """Does a value that is not an order of exactly these options (a tampered page) leave the last
    order, drawn and stored, as it was?"""
    form = Form(EXERCISE)
    field = form.fields["seen_most"]
    a, b, c, d, e = VALUES
    written(field, [b, a, c, d, e])
    field.state.value = bad
    assert field.get() == [b, a, c, d, e] and rows(field) == [b, a, c, d, e]
    assert "script" not in field.rows.value
    fresh = Form(EXERCISE).fields["seen_most"]
    fresh.state.value = bad  # nothing chosen yet: still nothing
    assert fresh.get() is None and fresh.state.value == "" and rows(fresh) == VALUES


def test_submit_stores_the_order_and_locks_the_rows(room):
    """Does Submit store the order, does a locked form draw every button disabled and refuse an order
    from the page, and does restoring a stored answer into a locked form still show it?"""
    store, session, ana, _ = room
    view = ExerciseView(store, EXERCISE, session, ana, poll_seconds=None)
    assert view.submit.disabled
    field = view.form.fields["seen_most"]
    field.move(2, -1)
    view.submit.click()
    a, b, c, d, e = VALUES
    assert store.latest_response(ana.key, EXERCISE.id).answers == {"seen_most": [a, c, b, d, e]}
    view.form.set_disabled(True)
    assert len(disabled(field)) == 2 * len(VALUES) and field.keep.disabled
    written(field, [e, d, c, b, a])
    assert field.get() == [a, c, b, d, e] and rows(field) == [a, c, b, d, e]
    field.set([e, d, c, b, a])  # the kernel's own (an ended session shows the stored answers)
    assert rows(field) == [e, d, c, b, a]
