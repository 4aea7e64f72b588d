import math

import pytest

from kit.logic.aggregate import distributions, divisiveness, gate
from tests.factories import tiny_exercise


def test_counts_worked_by_hand():
    """Do counts per option match a table worked out by hand, with values off the scale ignored?"""
    ex = tiny_exercise(2)
    answers = [
        {"s1": "yes", "s2": "yes"},
        {"s1": "yes", "s2": "no"},
        {"s1": "no", "s2": "not_sure"},
        {"s1": "bogus"},
    ]
    dists = {d.item_id: d for d in distributions(ex, answers)}
    assert dists["s1"].counts == {"yes": 2, "no": 1, "not_sure": 0}
    assert dists["s1"].total == 3
    assert dists["s2"].counts == {"yes": 1, "no": 1, "not_sure": 1}
    assert dists["s2"].share("yes") == pytest.approx(1 / 3)


def test_most_divided_first():
    """Is an evenly split statement listed before a unanimous one, whatever the file order?"""
    ex = tiny_exercise(3)
    answers = [{"s1": "yes", "s2": "yes", "s3": "yes"}, {"s1": "yes", "s2": "no", "s3": "yes"},
               {"s1": "yes", "s2": "not_sure", "s3": "no"}]
    assert [d.item_id for d in distributions(ex, answers)] == ["s2", "s3", "s1"]


def test_divisiveness_bounds():
    """Is divisiveness 0 for unanimity, 1 for an even split, and entropy-based in between?"""
    assert divisiveness([5, 0, 0]) == 0
    assert divisiveness([2, 2, 2]) == pytest.approx(1)
    p = [0.5, 0.5]
    assert divisiveness([1, 1, 0]) == pytest.approx(-sum(x * math.log(x) for x in p) / math.log(3))
    assert divisiveness([]) == 0 and divisiveness([0, 0]) == 0


@pytest.mark.parametrize("n,k,visible", [(0, 3, False), (2, 3, False), (3, 3, True), (4, 5, False), (1, 1, False)])
def test_gate(n, k, visible):
    """Is a group shown only from k people on, and is k never below 2?"""
    g = gate(n, k)
    assert g.visible is visible
    assert (g.message == "") is visible
