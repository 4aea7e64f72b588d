"""The ranking kind's light part: cleaning and the room's average rank and spread, against
hand-worked tables; hostile input with hypothesis; the 3-10 option rule of the content."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit import kinds
from kit.content import ContentError, load_content, load_exercise
from kit.errors import InputError
from kit.kinds.ranking import rank_stats
from kit.logic.answers import clean_answers

EXERCISE = load_content()["deadly_mistakes"]
ITEM = EXERCISE.item("seen_most")
VALUES = list(ITEM.scale.values())  # wrong_partner, going_through_motions, too_early, assumptions, low_goals


def test_a_complete_order_is_stored_as_given():
    """Is a permutation of every option stored in the person's order?"""
    order = list(reversed(VALUES))
    assert clean_answers(EXERCISE, {"seen_most": order}) == {"seen_most": order}


@pytest.mark.parametrize("value", [VALUES[:4], VALUES + ["low_goals"], [*VALUES[:4], "other"], "wrong_partner",
                                   [1, 2, 3, 4, 5], {"a": 1}])
def test_incomplete_or_foreign_orders_are_refused(value):
    """Is an order missing an option, repeating one, naming one not on the scale, or of the wrong
    shape refused with a message?"""
    with pytest.raises(InputError, match="not complete"):
        clean_answers(EXERCISE, {"seen_most": value})


def test_no_order_is_no_answer():
    """Is an untouched ranking (no order) missing, not stored?"""
    with pytest.raises(InputError, match="still needs an answer"):
        clean_answers(EXERCISE, {})


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=10), st.lists(st.one_of(st.sampled_from(VALUES), st.text(max_size=8),
                                                                      st.integers()), max_size=7)))
def test_hostile_input_is_refused_or_a_true_order(value):
    """Whatever a tampered page sends, is it refused or stored as every option exactly once?"""
    try:
        cleaned = clean_answers(EXERCISE, {"seen_most": value})
    except InputError:
        return
    assert sorted(cleaned["seen_most"]) == sorted(VALUES)


def test_average_rank_and_spread_hand_worked():
    """Three orders (A=wrong_partner, B=going_through_motions, C=too_early, D=assumptions, E=low_goals):
    A B C D E / B A C D E / A C B E D. A ranks 1,2,1: mean 4/3, spread sqrt(2/9)=0.471; B 2,1,3:
    mean 2, spread sqrt(2/3)=0.816; C 3,3,2: mean 8/3, spread 0.471; D 4,4,5: mean 13/3;
    E 5,5,4: mean 14/3. Best average first; an incomplete order is ignored."""
    a, b, c, d, e = VALUES
    answers = [{"seen_most": [a, b, c, d, e]}, {"seen_most": [b, a, c, d, e]}, {"seen_most": [a, c, b, e, d]},
               {"seen_most": [a, b]}, {}]
    stats, orders = rank_stats(ITEM, answers)
    assert orders == 3
    assert [s.value for s in stats] == [a, b, c, d, e]
    assert [round(s.mean, 3) for s in stats] == [1.333, 2.0, 2.667, 4.333, 4.667]
    assert [round(s.spread, 3) for s in stats] == [0.471, 0.816, 0.471, 0.471, 0.471]
    assert [s.first for s in stats] == [2, 1, 0, 0, 0]


def test_ties_keep_the_scale_order_and_nothing_ranked_is_nan():
    """Do equal averages keep the scale's order, and does no answer give no numbers?"""
    a, b, c, d, e = VALUES
    stats, _ = rank_stats(ITEM, [{"seen_most": [a, b, c, d, e]}, {"seen_most": [b, a, c, d, e]}])
    assert [s.value for s in stats][:2] == [a, b]
    empty, orders = rank_stats(ITEM, [])
    assert orders == 0 and all(math.isnan(s.mean) for s in empty) and [s.value for s in empty] == VALUES


def test_prints_the_order_escaped():
    """Does the printable page list the labels in the person's order?"""
    html = kinds.get("ranking").print_html(ITEM, list(reversed(VALUES)))
    assert html.index("Settling for low-level goals.") < html.index("Choosing the wrong mentoring partner.")


def test_a_scale_of_two_options_is_refused(tmp_path):
    """Does a ranking over fewer than 3 options fail the content check at its scale line?"""
    path = tmp_path / "two.yaml"
    path.write_text(
        "id: two\ntitle: Two\nsummary: S.\ninstructions: I.\nsource:\n  document: 001_225f49928e1c6619.txt\n"
        "  attribution: A\nitems:\n  - id: r\n    type: ranking\n    text: Order them\n    scale: s\n"
        "scales:\n  s:\n    options:\n      - value: a\n        label: A\n      - value: b\n        label: B\n",
        encoding="utf-8")
    with pytest.raises(ContentError, match=r"two.yaml:12: items\[0\].scale: a ranking item puts 3 to 10 options"):
        load_exercise(path)
