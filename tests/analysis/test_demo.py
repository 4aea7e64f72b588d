"""Demo cohorts: realistic, varied, reproducible, written through the store."""

from __future__ import annotations

import re

from click.testing import CliRunner

from kit.analysis import compare_cohorts, load_answers, load_sessions, overview, quiz_gains
from kit.analysis.demo import ensure_demo, fill_demo
from kit.cli import main
from tests.analysis import exercises, new_store


def test_demo_cohorts_differ_skip_resubmit_and_rerun(tmp_path):
    """Do demo cohorts answer differently, with skips, resubmissions and second quiz runs?"""
    store = new_store(tmp_path)
    created = fill_demo(store, cohorts=4, participants=15, exercises=exercises())
    sessions = load_sessions(store)
    assert len(created) == 4 and sessions["session_date"].is_monotonic_increasing
    assert sessions["session_date"].nunique() == 4 and sessions["session_closed"].all()
    answers = load_answers(store, exercises=exercises())
    table = compare_cohorts(answers, "check", exercises=exercises())
    assert table.round(2).drop_duplicates().shape[0] > 1  # cohorts differ
    people = sessions["participants"].sum()
    per_exercise = overview(answers).set_index("exercise_id")
    assert (per_exercise["respondents"] < people).all()  # some skip
    assert per_exercise.loc["check", "resubmissions"] > 0
    assert per_exercise.loc["quiz", "second_run_respondents"] > 0
    gains = quiz_gains(answers)
    assert gains["gain"].dropna().mean() > 0
    assert answers["answered_at"].dt.date.nunique() == 4  # timestamps moved to each session's day
    assert answers.loc[answers["item_id"] == "note", "shared"].any()
    assert all(record.code in set(sessions["session_code"]) for record in created)
    store.dispose()


def test_demo_is_reproducible(tmp_path):
    """Does the same seed give the same answers?"""
    frames = []
    for name in ("one.sqlite3", "two.sqlite3"):
        store = new_store(tmp_path, name)
        fill_demo(store, cohorts=2, participants=6, seed=42, exercises=exercises())
        frame = load_answers(store, exercises=exercises())
        frames.append(frame[["cohort", "exercise_id", "item_id", "run", "revision", "answer"]].reset_index(drop=True))
        store.dispose()
    assert frames[0].equals(frames[1])


def test_ensure_demo_only_fills_a_nearly_empty_database(tmp_path):
    """Does ensure_demo add cohorts only when there are fewer sessions than asked for?"""
    store = new_store(tmp_path)
    store.create_session("Real workshop")
    added = ensure_demo(store, cohorts=2, participants=4, exercises=exercises())
    assert len(added) == 2
    assert ensure_demo(store, cohorts=2, participants=4, exercises=exercises()) == []
    assert len(store.list_sessions()) == 3
    store.dispose()


def test_demo_on_the_shipped_content(tmp_path):
    """Does `mentorkit demo` fill the shipped exercises so that a report can be written from it?"""
    db = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    runner = CliRunner()
    result = runner.invoke(main, ["demo", "--cohorts", "2", "--participants", "5", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.output.count("(demo)") == 2
    report = runner.invoke(main, ["report", "--all", "-o", str(tmp_path / "r.html"), "--db", db])
    assert report.exit_code == 0, report.output


def test_sampled_answers_cover_every_shipped_exercise_and_are_valid():
    """Does sample_answers give each person an answer to every shipped exercise that the participant
    app's own validation accepts unchanged, different across people and the same for the same seed?"""
    from kit.content import load_content
    from kit.logic.answers import clean_answers
    from kit.analysis.demo import sample_answers

    content = load_content()
    people = sample_answers(content, 12, seed=3)
    assert len(people) == 12
    for person in people:
        assert set(person) == set(content)
        for exercise_id, answers in person.items():
            assert clean_answers(content[exercise_id], answers, require_all=False) == answers
    assert len({repr(person) for person in people}) > 1
    assert sample_answers(content, 12, seed=3) == people


def test_demo_and_report_cover_the_new_kinds(tmp_path):
    """Do demo cohorts of the shipped word cloud, ranking, sorting and Q&A give a report with each
    kind's own section, pooled and cohort by cohort?"""
    from kit.analysis.report import write_report
    from kit.content import load_content

    content = {i: e for i, e in load_content().items() if i in ("great_mentor_words", "seven_things", "whose_tip",
                                                                  "workshop_qa")}
    store = new_store(tmp_path)
    try:
        fill_demo(store, cohorts=2, participants=14, exercises=content)
        html = write_report(store, tmp_path / "report.html", exercises=content).read_text(encoding="utf-8")
    finally:
        store.dispose()
    for heading in ("Top words:", "Average order:", "Sorted right:", "Top questions:"):
        part = html.split(heading)[1].split("<h2>")[0]
        assert "Fewer than k" not in part, heading
        assert "Cohort by cohort" in part or heading == "Top questions:", heading
    assert re.search(r"<tr><td>[^<]+</td><td class=\"num\">\d+</td><td>[^<]+\(demo\)", html)  # a top question
