import math
from pathlib import Path
from types import MappingProxyType

import pytest

from kit.content.model import Exercise, Item, Option, Scale, Source
from kit.logic.aggregate import distributions, diverging, divisiveness, gate, high_share, mean_position, scale_halves
from tests.factories import YNU, tiny_exercise


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


# --- likert ---------------------------------------------------------------------------------------

NSMA = Scale("nsma", (Option("never", "Never"), Option("sometimes", "Sometimes"), Option("mostly", "Mostly"),
                      Option("always", "Always"), Option("n_a", "Not applicable", unsure=True)))
FIVE = Scale("five", tuple(Option(f"o{i}", f"Option {i}") for i in range(1, 6)))


def likert_exercise(n: int = 3, scale: Scale = NSMA, *, with_choice: bool = False) -> Exercise:
    """An exercise with ``n`` likert statements r1..rN on ``scale`` (and optionally a choice item first)."""
    items = [Item(id=f"r{i}", type="likert", text=f"Rating {i}", scale=scale) for i in range(1, n + 1)]
    scales = {scale.id: scale}
    if with_choice:
        items.insert(0, Item(id="c1", type="choice", text="Choice", scale=YNU))
        scales["ynu"] = YNU
    return Exercise(
        id="lik", title="Likert", summary="s", instructions="i", source=Source(document="t", attribution="t"),
        facilitator_note="", duration_minutes=5, items=tuple(items), scales=MappingProxyType(scales),
        notebook="exercise.ipynb", order=1, pairing=None, path=Path("lik.yaml"))


def test_likert_items_are_counted():
    """Are likert items counted per option like choice items, with the unsure option kept and strays ignored?"""
    ex = likert_exercise(1)
    dist = distributions(ex, [{"r1": "never"}, {"r1": "always"}, {"r1": "always"}, {"r1": "n_a"}, {"r1": "yes"}])[0]
    assert dist.counts == {"never": 1, "sometimes": 0, "mostly": 0, "always": 2, "n_a": 1}
    assert dist.total == 4 and dist.item_type == "likert"


def test_likert_lowest_rated_first_after_choice_items():
    """Are likert statements listed lowest rated first (not most divided), after the choice items?"""
    ex = likert_exercise(3, with_choice=True)
    answers = [
        {"c1": "yes", "r1": "always", "r2": "never", "r3": "mostly"},
        {"c1": "no", "r1": "always", "r2": "always", "r3": "mostly"},   # r2 is the most divided, not the lowest
        {"c1": "yes", "r1": "mostly", "r2": "sometimes", "r3": "sometimes"},
    ]
    # means on 0..1: r1 (3+3+2)/9 = .89, r2 (0+3+1)/9 = .44, r3 (2+2+1)/9 = .56
    assert [d.item_id for d in distributions(ex, answers)] == ["c1", "r2", "r3", "r1"]


def test_unrated_and_tied_statements_keep_file_order_at_the_end():
    """Do tied statements keep the file's order, and statements nobody rated come last?"""
    ex = likert_exercise(4)
    answers = [{"r1": "n_a", "r2": "mostly", "r4": "mostly"}, {"r3": "never"}]
    assert [d.item_id for d in distributions(ex, answers)] == ["r3", "r2", "r4", "r1"]


def test_scale_halves_even_odd_and_unsure():
    """Is an even scale split in two halves, an odd one around its middle option, unsure options left out?"""
    assert scale_halves(NSMA) == (("never", "sometimes"), None, ("mostly", "always"))
    assert scale_halves(FIVE) == (("o1", "o2"), "o3", ("o4", "o5"))


def test_diverging_even_scale_worked_by_hand():
    """Do low options lie left of the line and high ones right, as shares of the rated answers only?"""
    ex = likert_exercise(1)
    answers = [{"r1": v} for v in ("never", "sometimes", "sometimes", "mostly", "always", "always", "always",
                                   "always", "n_a", "n_a")]
    bar = diverging(distributions(ex, answers)[0], NSMA)
    assert bar.rated == 8 and bar.unsure == (("n_a", "Not applicable", 2),) and bar.unsure_count == 2
    assert bar.low == pytest.approx(3 / 8) and bar.high == pytest.approx(5 / 8)
    assert [s.value for s in bar.segments] == ["never", "sometimes", "mostly", "always"]
    assert [(round(s.start, 4), round(s.end, 4)) for s in bar.segments] == [
        (-0.375, -0.25), (-0.25, 0.0), (0.0, 0.125), (0.125, 0.625)]
    assert [s.count for s in bar.segments] == [1, 2, 1, 4]


def test_diverging_odd_scale_splits_the_middle():
    """Does the middle option of an odd scale straddle the line, half its share on each side?"""
    ex = likert_exercise(1, FIVE)
    answers = [{"r1": v} for v in ("o1", "o3", "o3", "o5")]
    bar = diverging(distributions(ex, answers)[0], FIVE)
    middle = bar.segments[2]
    assert (middle.start, middle.end) == (pytest.approx(-0.25), pytest.approx(0.25))
    assert bar.low == pytest.approx(0.5) and bar.high == pytest.approx(0.5)
    assert bar.segments[0].start == pytest.approx(-0.5) and bar.segments[-1].end == pytest.approx(0.5)


def test_diverging_with_no_answers():
    """With nobody on the axis, are all shares zero (no division by zero) and the mean None?"""
    ex = likert_exercise(1)
    dist = distributions(ex, [{"r1": "n_a"}])[0]
    bar = diverging(dist, NSMA)
    assert bar.rated == 0 and bar.low == bar.high == 0 and all(s.share == 0 for s in bar.segments)
    assert mean_position(dist, NSMA) is None and high_share(dist, NSMA) == 0


def test_mean_position_and_high_share():
    """Is the mean rating on a 0..1 axis and the Mostly-or-Always share out of rated answers only?"""
    ex = likert_exercise(1)
    dist = distributions(ex, [{"r1": v} for v in ("never", "mostly", "always", "always", "n_a")])[0]
    assert mean_position(dist, NSMA) == pytest.approx((0 + 2 + 3 + 3) / (3 * 4))
    assert high_share(dist, NSMA) == pytest.approx(3 / 4)
    odd = distributions(likert_exercise(1, FIVE), [{"r1": v} for v in ("o3", "o4")])[0]
    assert high_share(odd, FIVE) == pytest.approx(1 / 2)  # the middle option is not "high"
