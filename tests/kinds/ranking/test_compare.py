"""Partners comparing two rankings (kit.kinds.ranking's compare parts): places per option, what is far
apart and the side-by-side view, against hand-worked orders; asked through the registry."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kit import kinds
from kit.content import load_content
from kit.kinds.ranking import FAR, compare_orders, furthest_apart
from kit.logic.comparison import compare_answers, discussion_order
from kit.ui.comparison import comparison_html

EXERCISE = load_content()["seven_things"]
ITEM = EXERCISE.item("first")
V = list(ITEM.scale.values())  # get_to_know, strengths, expand_network, invite, edit, lessons, resources


def test_places_per_option_in_my_order():
    """Does each option carry its place in both orders (1 = first), listed in my order, with how far
    apart they are and whether that is FAR (2) or more?"""
    mine = V
    theirs = [V[3], V[1], V[2], V[0], V[4], V[6], V[5]]  # get_to_know and invite swapped: 3 apart
    places = compare_orders(ITEM, mine, theirs)
    assert [(p.value, p.mine, p.theirs, p.apart, p.far) for p in places] == [
        (V[0], 1, 4, 3, True), (V[1], 2, 2, 0, False), (V[2], 3, 3, 0, False), (V[3], 4, 1, 3, True),
        (V[4], 5, 5, 0, False), (V[5], 6, 7, 1, False), (V[6], 7, 6, 1, False)]
    assert FAR == 2 and [p.value for p in furthest_apart(places)] == [V[0], V[3]]


def test_furthest_apart_first():
    """Are the options far apart named furthest first, ties in my order, and neighbours left out?"""
    theirs = [V[6], V[1], V[0], V[3], V[4], V[5], V[2]]  # resources 7→1 (6 apart), expand_network 3→7 (4), get_to_know 1→3 (2)
    assert [(p.value, p.apart) for p in furthest_apart(compare_orders(ITEM, V, theirs))] == [
        (V[6], 6), (V[2], 4), (V[0], 2)]


def test_an_incomplete_order_is_not_compared():
    """Is a missing or partial order on either side no comparison of places?"""
    assert compare_orders(ITEM, V, None) is None and compare_orders(ITEM, V[:3], V) is None


def test_the_registry_compares_a_ranking_and_leaves_text_out():
    """Does compare_answers ask each item's kind: a ranking compared (differ, the largest gap as its
    distance, the pairing's differ prompt), the same order agreeing with the agree prompt, a kind
    that does not compare (text) left out?"""
    [c] = compare_answers(EXERCISE, {"first": V}, {"first": list(reversed(V))})
    assert (c.item_type, c.status, c.distance) == ("ranking", "differ", 6)
    assert c.prompt == EXERCISE.pairing.differ and len(c.detail) == 7
    [same] = compare_answers(EXERCISE, {"first": V}, {"first": V})
    assert (same.status, same.distance, same.prompt) == ("agree", 0, EXERCISE.pairing.agree)
    [missing] = compare_answers(EXERCISE, {"first": V}, {})
    assert (missing.status, missing.detail, missing.theirs_label) == ("missing", None, "No answer")
    assert kinds.get("text").compare(EXERCISE, ITEM, "a", "b") is None
    assert discussion_order([same, c])[0] is c


def test_side_by_side_orders_with_far_options_marked():
    """Does the view show both orders place by place, mark only the options 2 or more places apart
    (saying the other place in words), name them furthest first, and escape the partner's name?"""
    theirs = [V[3], V[1], V[2], V[0], V[4], V[6], V[5]]
    html = comparison_html(compare_answers(EXERCISE, {"first": V}, {"first": theirs}), "Kim <b>")
    rows = re.findall(r"<tr><th scope=\"row\">(\d)</th>(.*?)</tr>", html)
    assert [n for n, _ in rows] == [str(n) for n in range(1, 8)]
    first_row = rows[0][1]
    assert "<mark>Take time to get to know one another" in first_row and "(Kim &lt;b&gt; 4th)" in first_row
    assert "<mark>Invite one another" in first_row and "(you 4th)" in first_row
    assert html.count("<mark>") == 4  # two options, each marked in both columns
    assert "Your orders differ most on: Take time to get to know" in html and "<b>" not in html.split("Kim")[1][:6]
    assert "You agree on" not in html  # no table of statements: the exercise has none
    assert EXERCISE.pairing.differ in html


def test_orders_one_place_apart_are_not_marked():
    """When the orders differ only by neighbours, is nothing marked and the lead says so?"""
    theirs = [V[1], V[0], *V[2:]]
    html = comparison_html(compare_answers(EXERCISE, {"first": V}, {"first": theirs}), "Kim")
    assert "<mark>" not in html and "nothing is more than one place apart" in html
    same = comparison_html(compare_answers(EXERCISE, {"first": V}, {"first": V}), "Kim")
    assert "You put them in the same order." in same and "<mark>" not in same


@settings(max_examples=60, deadline=None)
@given(st.permutations(V), st.permutations(V))
def test_any_two_orders_compare_symmetrically(mine, theirs):
    """For any two complete orders: does every option appear once with both places, are the gaps the
    same seen from either side, and is everything FAR or more apart (and nothing else) marked?"""
    places = compare_orders(ITEM, list(mine), list(theirs))
    back = {p.value: p for p in compare_orders(ITEM, list(theirs), list(mine))}
    assert sorted(p.value for p in places) == sorted(V)
    assert all((p.mine, p.theirs) == (back[p.value].theirs, back[p.value].mine) for p in places)
    assert {p.value for p in furthest_apart(places)} == {p.value for p in places if abs(p.mine - p.theirs) >= FAR}
    html = comparison_html(compare_answers(EXERCISE, {"first": list(mine)}, {"first": list(theirs)}), "Kim")
    assert html.count("<mark>") == 2 * len(furthest_apart(places))


@given(st.one_of(st.none(), st.text(), st.integers(), st.lists(st.text(), max_size=8),
                 st.dictionaries(st.text(), st.text(), max_size=3)))
def test_a_malformed_partner_answer_is_missing_not_an_error(value):
    """Does any malformed stored value on the partner's side compare as missing, without raising?"""
    [c] = compare_answers(EXERCISE, {"first": V}, {"first": value})
    assert c.status == "missing" and c.detail is None
    assert "not put these in order yet" in comparison_html([c], "Kim")
