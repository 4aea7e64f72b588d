"""The sorting kind's light part: cleaning, Check, and the room's share per category per card with
the most mis-sorted first, against hand-worked tables; hostile input; the content's cross-checks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit import kinds
from kit.content import ContentError, load_content, load_exercise
from kit.errors import InputError
from kit.kinds.sorting import card_stats, cards, checked
from kit.logic.answers import clean_answers

EXERCISE = load_content()["whose_tip"]
ITEM = EXERCISE.item("whose")
RIGHT = {c.id: c.answer for c in cards(ITEM)}


def test_every_card_sorted_is_stored_in_card_order():
    """Is a complete sorting stored in the cards' order?"""
    given_ = dict(reversed(list(RIGHT.items())))
    assert list(clean_answers(EXERCISE, {"whose": given_})["whose"]) == list(RIGHT)


@pytest.mark.parametrize("value, message", [
    ({"up_front": "mentee"}, "9 still to sort"),
    ({**RIGHT, "up_front": "coach"}, "expected form"),
    ({**RIGHT, "extra": "mentee"}, "expected form"),
    (["mentee"], "expected form"),
    ("mentee", "expected form"),
])
def test_refused(value, message):
    """Are a partial sorting, an unknown category or card, and a wrong shape refused with a message?"""
    with pytest.raises(InputError, match=message):
        clean_answers(EXERCISE, {"whose": value})


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=5), st.dictionaries(
    st.one_of(st.sampled_from(list(RIGHT)), st.text(max_size=5)),
    st.one_of(st.sampled_from(["mentee", "mentor", "both"]), st.text(max_size=5), st.integers()), max_size=12)))
def test_hostile_input(value):
    """Whatever a tampered page sends, is it refused or stored as every card in a known category?"""
    try:
        cleaned = clean_answers(EXERCISE, {"whose": value})
    except InputError:
        return
    assert set(cleaned["whose"]) == set(RIGHT) and set(cleaned["whose"].values()) <= {"mentee", "mentor", "both"}


def test_check_says_right_or_wrong_per_sorted_card():
    """Does Check mark each sorted card right or wrong, and leave unsorted cards out?"""
    assert checked(ITEM, {"up_front": "mentee", "realistic": "mentee"}) == {"up_front": True, "realistic": False}


def test_most_mis_sorted_first_hand_worked():
    """Four people: 'initiative' (mentee) sorted wrong by 3 (75%), 'realistic' (mentor) by 2 (50%),
    'confidentiality' (both) by 1 (25%), the rest right: those three first, in that order, with
    their counts per category; the rest in content order."""
    base = dict(RIGHT)
    people = [dict(base, initiative="mentor", realistic="mentee", confidentiality="mentor"),
              dict(base, initiative="mentor", realistic="both"),
              dict(base, initiative="both"),
              dict(base)]
    stats = card_stats(ITEM, [{"whose": p} for p in people] + [{}])
    assert [s.card.id for s in stats[:3]] == ["initiative", "realistic", "confidentiality"]
    assert [s.wrong for s in stats[:3]] == [0.75, 0.5, 0.25]
    assert stats[0].counts == {"mentee": 1, "mentor": 2, "both": 1} and stats[0].total == 4
    assert [s.card.id for s in stats[3:]] == [c for c in RIGHT if c not in ("initiative", "realistic",
                                                                            "confidentiality")]


def test_prints_each_card_with_its_category():
    """Does the printable page list each card with the category given, escaped?"""
    html = kinds.get("sorting").print_html(ITEM, RIGHT)
    assert 'Remember that your mentor is there as a &quot;guide on the side&quot;.: <b>Mentee</b>' in html


def test_content_cross_checks(tmp_path):
    """Does a card whose answer is not a category, or a scale of five categories, fail the check at its line?"""
    text = ("id: s\ntitle: S\nsummary: S.\ninstructions: I.\nsource:\n  document: 000_35ff590ecf8585c2.txt\n"
            "  attribution: A\nitems:\n  - id: s\n    type: sorting\n    text: Sort\n    scale: two\n    cards:\n"
            "      - id: a\n        text: A\n        answer: x\n      - id: b\n        text: B\n"
            "scales:\n  two:\n    options:\n      - value: x\n        label: X\n      - value: y\n        label: Y\n")
    path = tmp_path / "s.yaml"
    path.write_text(text.replace("answer: x", "answer: z"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"s.yaml:16: items\[0\].cards\[0\].answer: 'z' is not a category"):
        load_exercise(path)
    path.write_text(text + "".join(f"      - value: v{i}\n        label: V{i}\n" for i in range(3)), encoding="utf-8")
    with pytest.raises(ContentError, match="2 to 4 categories; its scale has 5"):
        load_exercise(path)
