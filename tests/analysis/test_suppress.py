"""The k rule: no aggregate of fewer than k respondents is shown."""

from __future__ import annotations

import pandas as pd

from kit.analysis import compare_cohorts, load_answers, quiz_gains, summarize, suppress
from kit.analysis.suppress import effective_k
from tests.analysis import exercises, fill, new_store


def test_rows_below_k_are_blanked_not_dropped():
    """Are rows below k kept but emptied of every number, and rows at k shown?"""
    frame = pd.DataFrame({"group": ["a", "b", "c"], "respondents": [2, 3, 10], "count": [1, 2, 7],
                          "share": [0.5, 2 / 3, 0.7]})
    out = suppress(frame, k=3)
    assert out["suppressed"].tolist() == [True, False, False]
    assert out.loc[0, ["respondents", "count", "share"]].isna().all()
    assert out.loc[1, "count"] == 2 and out.loc[2, "share"] == 0.7
    assert out["group"].tolist() == ["a", "b", "c"]
    assert frame.loc[0, "count"] == 1  # the input is not changed


def test_k_per_row_and_minimum_two():
    """Does each row use its own k from a column, and is k below 2 raised to 2 as on the dashboard?"""
    frame = pd.DataFrame({"respondents": [4, 4, 1], "k": [5, 3, 1], "share": [0.1, 0.2, 1.0]})
    out = suppress(frame)
    assert out["suppressed"].tolist() == [True, False, True]
    assert effective_k(1) == 2


def test_small_sessions_are_suppressed_in_comparisons(tmp_path):
    """Is a session smaller than its k hidden in cohort comparisons and quiz gains while larger ones show?"""
    store = new_store(tmp_path)
    fill(store, "Big", people=4, k=3)
    fill(store, "Small", people=2, k=3, prefix="s")
    answers = load_answers(store, exercises=exercises())
    table = compare_cohorts(answers, "check", category="yes", exercises=exercises())
    by_cohort = table.reset_index().set_index("cohort")
    assert by_cohort.loc["Big", "a"] == 0.25  # yes, no, no (changed), no
    assert by_cohort.loc["Small", ["a", "b"]].isna().all()
    gains = quiz_gains(answers)
    small = gains[gains["cohort"] == "Small"]
    assert small[["accuracy_before", "respondents_before"]].isna().all().all()
    big = gains[(gains["cohort"] == "Big") & gains["item_id"].isna()].iloc[0]
    # Run 1: q1 4/4 right, q2 2/4 right; run 2 only 2 people, below k.
    assert big["accuracy_before"] == 0.75 and pd.isna(big["accuracy_after"]) and big["second_run"]
    store.dispose()


def test_summaries_carry_the_strictest_k_of_their_sessions(tmp_path):
    """Does a group pooling sessions take the largest k among them?"""
    store = new_store(tmp_path)
    fill(store, "A", people=4, k=3)
    fill(store, "B", people=4, k=6, prefix="b")
    pooled = summarize(load_answers(store, exercises=exercises()), exercises=exercises())
    assert set(pooled["k"]) == {6}
    store.dispose()
