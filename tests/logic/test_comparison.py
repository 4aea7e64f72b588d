from kit import paths
from kit.content import load_exercise
from kit.logic.comparison import compare_answers, discussion_order, item_status, rating_distance, status_counts
from kit.ui.comparison import comparison_html, summary_sentence
from tests.factories import confidentiality, tiny_exercise
from tests.logic.test_aggregate import NSMA, likert_exercise


def accountability():
    """The shipped Accountability Checklist (eleven likert statements, Never to Always)."""
    return load_exercise(paths.data_dir() / "exercises" / "accountability.yaml")


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


def test_likert_items_are_compared():
    """Are likert ratings agree when equal, differ otherwise, unsure when either could not rate?"""
    ex = likert_exercise(4)
    result = compare_answers(ex, {"r1": "mostly", "r2": "never", "r3": "n_a", "r4": "always"},
                             {"r1": "mostly", "r2": "always", "r3": "always"})
    assert [(c.status, c.distance, c.item_type) for c in result] == [
        ("agree", 0, "likert"), ("differ", 3, "likert"), ("unsure", None, "likert"), ("missing", None, "likert")]
    assert [c.mine_label for c in result] == ["Mostly", "Never", "Not applicable", "Always"]


def test_likert_furthest_apart_first():
    """Are likert differences ordered furthest apart first (Never vs Always before Mostly vs Always)?"""
    ex = likert_exercise(5)
    mine = {"r1": "mostly", "r2": "never", "r3": "always", "r4": "sometimes", "r5": "n_a"}
    theirs = {"r1": "always", "r2": "always", "r3": "always", "r4": "always", "r5": "never"}
    ordered = discussion_order(compare_answers(ex, mine, theirs))
    assert [(c.item_id, c.distance) for c in ordered] == [("r2", 3), ("r4", 2), ("r1", 1), ("r5", None), ("r3", 0)]
    html = comparison_html(compare_answers(ex, mine, theirs), "Kim")
    assert [html.index(f'data-item="{i}"') for i in ("r2", "r4", "r1", "r5", "r3")] == sorted(
        html.index(f'data-item="{i}"') for i in ("r2", "r4", "r1", "r5", "r3"))
    assert "3 steps apart" in html and "1 step apart" in html and "furthest apart first" in html


def test_rating_distance_ignores_unsure_options():
    """Is the distance counted in steps of the rated options, and None for an unsure or unknown value?"""
    assert rating_distance(NSMA, "never", "always") == 3
    assert rating_distance(NSMA, "always", "sometimes") == 2
    assert rating_distance(NSMA, "n_a", "always") is None and rating_distance(NSMA, "bogus", "never") is None


def test_choice_order_and_wording_unchanged():
    """Do choice items keep their wording and their order (differences first, then file order)?"""
    ex = tiny_exercise(4)
    result = compare_answers(ex, {"s1": "yes", "s2": "yes", "s3": "no", "s4": "not_sure"},
                             {"s1": "no", "s2": "yes", "s3": "yes", "s4": "yes"})
    assert all(c.distance is None for c in result)
    assert [c.item_id for c in discussion_order(result)] == ["s1", "s3", "s4", "s2"]
    assert summary_sentence(result) == "You agree on 1 statement, differ on 2, and at least one of you is unsure about 1."
    assert "You differ" in comparison_html(result, "Kim") and "steps apart" not in comparison_html(result, "Kim")


def test_accountability_comparison_speaks_of_ratings():
    """Does the shipped checklist compare its eleven statements as ratings, with each item's prompt?"""
    ex = accountability()
    values = ["never", "sometimes", "mostly", "always"]
    mine = {item.id: values[n % 4] for n, item in enumerate(ex.items)}
    theirs = {item.id: "always" for item in ex.items}
    result = compare_answers(ex, mine, theirs)
    assert len(result) == 11 and {c.item_type for c in result} == {"likert"}
    first = discussion_order(result)[0]
    assert first.distance == 3 and first.prompt == ex.item(first.item_id).discuss
    assert summary_sentence(result) == "You rated 2 statements the same, 9 differently."
    html = comparison_html(result, "<b>Kim</b>")
    assert "Different ratings, 3 steps apart" in html and "&lt;b&gt;Kim&lt;/b&gt;" in html
