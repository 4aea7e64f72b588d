from kit.logic.comparison import compare_answers, item_status, status_counts
from tests.factories import confidentiality, tiny_exercise


def test_statuses():
    """Are agree, differ, unsure and missing told apart item by item?"""
    ex = tiny_exercise(5)
    mine = {"s1": "yes", "s2": "yes", "s3": "not_sure", "s4": "not_sure"}
    theirs = {"s1": "yes", "s2": "no", "s3": "no", "s4": "not_sure", "s5": "yes"}
    statuses = [c.status for c in compare_answers(ex, mine, theirs)]
    assert statuses == ["agree", "differ", "unsure", "unsure", "missing"]


def test_prompts_follow_status():
    """Does a difference carry the item's own prompt, an unsure item the general one, agreement none?"""
    ex = tiny_exercise(3)
    result = compare_answers(ex, {"s1": "yes", "s2": "yes", "s3": "not_sure"}, {"s1": "yes", "s2": "no", "s3": "yes"})
    assert result[0].prompt is None
    assert result[1].prompt == "Discuss 2"
    assert result[2].prompt.startswith("Unsure!") and "Discuss 3" in result[2].prompt


def test_labels_and_symmetry():
    """Are labels the scale's labels, and is the comparison symmetric in its statuses?"""
    ex = confidentiality()
    values = [i.scale.values() for i in ex.choice_items]
    a = {item.id: vals[k % 3] for k, (item, vals) in enumerate(zip(ex.choice_items, values))}
    b = {item.id: vals[(k + 1) % 3] if k % 2 else vals[k % 3] for k, (item, vals) in enumerate(zip(ex.choice_items, values))}
    ab, ba = compare_answers(ex, a, b), compare_answers(ex, b, a)
    assert [c.status for c in ab] == [c.status for c in ba]
    assert {c.mine_label for c in ab} <= {"Yes", "No", "Not sure"}
    assert len(ab) == 8


def test_status_counts_has_every_status():
    """Does the summary count every status, with zeros for the absent ones?"""
    ex = tiny_exercise(2)
    counts = status_counts(compare_answers(ex, {"s1": "yes", "s2": "no"}, {"s1": "yes", "s2": "no"}))
    assert counts == {"differ": 0, "unsure": 0, "missing": 0, "agree": 2}


def test_item_status_unknown_value_is_not_unsure():
    """Does a value no longer on the scale (content edited later) raise rather than count as agreement?"""
    ex = tiny_exercise(1)
    try:
        item_status(ex, "s1", "maybe", "yes")
    except KeyError:
        pass
    else:  # pragma: no cover
        raise AssertionError("expected KeyError for an unknown value")
