"""Per-exercise summaries, cohort comparisons and trends, worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from kit import kinds
from kit.analysis import BY_SESSION, compare_cohorts, load_answers, overview, summarize, trends
from kit.analysis.summaries import with_period
from tests.analysis import exercises, fill, new_store


@pytest.fixture
def answers(tmp_path):
    store = new_store(tmp_path)
    fill(store, "Cohort A")
    fill(store, "Cohort B", people=3, prefix="b")
    frame = load_answers(store, exercises=exercises())
    store.dispose()
    return frame


def test_choice_counts_include_options_nobody_chose(answers):
    """Are choice options counted from latest answers, in scale order, with zeros for options nobody chose?"""
    a = answers[answers["cohort"] == "Cohort A"]
    summary = summarize(a, exercises=exercises())
    item_a = summary[(summary["item_id"] == "a") & (summary["measure"] == "option")]
    # People 0..3 answered yes/no/yes/no, and person 2 changed to "no" in a resubmission.
    assert item_a[["category", "count"]].values.tolist() == [["yes", 1], ["no", 3], ["not_sure", 0]]
    assert item_a["respondents"].unique().tolist() == [4]
    assert item_a["share"].sum() == pytest.approx(1)
    assert item_a["category_label"].tolist() == ["Yes", "No", "Not sure"]


def test_quiz_and_text_measures(answers):
    """Do quiz items report correct answers and confidence, and text items how many shared?"""
    summary = summarize(answers[answers["cohort"] == "Cohort A"], exercises=exercises())
    q2 = summary[(summary["item_id"] == "q2") & (summary["run"] == 1)]
    correct = q2[q2["measure"] == "correct"].iloc[0]
    assert (correct["count"], correct["respondents"], correct["share"]) == (2, 4, 0.5)
    confidence = q2[q2["measure"] == "confidence"]
    assert confidence[["category", "count"]].values.tolist() == [["guessing", 4]]
    run2 = summary[(summary["item_id"] == "q2") & (summary["run"] == 2) & (summary["measure"] == "correct")].iloc[0]
    assert (run2["count"], run2["respondents"]) == (2, 2)
    shared = summary[summary["item_id"] == "note"].iloc[0]
    assert (shared["measure"], shared["count"], shared["respondents"]) == ("shared", 1, 2)


def test_by_session_groups(answers):
    """Does grouping by session give one set of rows per session?"""
    summary = summarize(answers, by=BY_SESSION, exercises=exercises())
    counts = summary[(summary["item_id"] == "a") & (summary["measure"] == "option")].groupby("cohort")["respondents"].first()
    assert counts.to_dict() == {"Cohort A": 4, "Cohort B": 3}


def test_unknown_types_are_counted(answers):
    """Does an item type without a summariser still appear, as answered counts?"""
    other = answers[answers["item_id"] == "a"].assign(item_type="drawing", item_id="g")
    summary = summarize(other, exercises=exercises())
    assert "drawing" not in kinds.types()
    assert summary["measure"].unique().tolist() == ["answered"]
    assert summary["count"].iloc[0] == 7


def test_compare_cohorts_wide_table(answers):
    """Is the comparison one row per session and one column per item, in content order?"""
    table = compare_cohorts(answers, "check", exercises=exercises())
    assert list(table.columns) == ["a", "b"]
    assert table.index.names == list(BY_SESSION)
    assert table.reset_index().set_index("cohort")["a"].to_dict() == {"Cohort A": 0.25, "Cohort B": pytest.approx(1 / 3)}
    quiz = compare_cohorts(answers, "quiz", exercises=exercises())
    assert quiz.reset_index().set_index("cohort")["q1"].to_dict() == {"Cohort A": 1.0, "Cohort B": 1.0}


def test_trends_by_period(answers):
    """Are sessions pooled per period over time?"""
    moved = answers.copy()
    moved.loc[moved["cohort"] == "Cohort B", "session_date"] += pd.Timedelta(days=62)
    table = trends(moved, "check", category="no", exercises=exercises())
    assert len(table) == 2 and table.index.name == "period"
    assert with_period(moved)["period"].nunique() == 2


def test_overview(answers):
    """Does the overview count respondents, submissions, resubmissions and second runs per exercise?"""
    table = overview(answers).set_index("exercise_id")
    assert table.loc["check", "respondents"] == 7
    assert table.loc["check", "resubmissions"] == 2
    assert table.loc["quiz", "runs"] == 2 and table.loc["quiz", "second_run_respondents"] == 4


def test_likert_cohorts_compare_the_high_half():
    """For a likert exercise, does the cohort comparison show the share in the high half of the scale
    (e.g. Mostly or Always) rather than the share of its first option?"""
    from kit.analysis import load_answers
    from kit.analysis.demo import fill_demo
    from kit.analysis.summaries import compare_cohorts
    from kit.content import load_content
    from kit.store import Store

    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/likert.db")
        try:
            content = load_content()
            fill_demo(store, cohorts=2, participants=8, exercises={"accountability": content["accountability"]})
            answers = load_answers(store)
        finally:
            store.dispose()
    table = compare_cohorts(answers, "accountability", exercises=content, suppress_small=False)
    latest = answers[answers["is_latest"] & (answers["exercise_id"] == "accountability")]
    for (code, item_id), part in latest.groupby(["session_code", "item_id"]):
        expected = part["value"].isin(["mostly", "always"]).mean()
        row = table.xs(code, level="session_code")
        assert abs(float(row[item_id].iloc[0]) - expected) < 1e-9
