"""Q&A for trainers: who took part and how many questions, exports that keep each person's questions
out, demo answers a participant's page would accept, and the report (top questions: k votes, not hidden)."""

from __future__ import annotations

import re

from kit.analysis import export_frame, load_answers, summarize
from kit.analysis.demo import fill_demo
from kit.content import load_content
from kit.kinds.qa import with_question, with_vote
from kit.logic.answers import clean_answers
from kit.store import Store

EXERCISE = load_content()["workshop_qa"]
CONTENT = {EXERCISE.id: EXERCISE}
A, B = "a" * 12, "b" * 12
PEOPLE = [with_question(with_question(None, "Alpha?", A), "Bravo?", B), with_vote(None, A),
          with_vote(with_vote(None, A), B)]


def store_with(tmp_path, values):
    store = Store(f"sqlite:///{tmp_path / 'q.sqlite3'}")
    store.create_schema()
    session = store.create_session("Cohort Q")
    for number, value in enumerate(values):
        person = store.join(session.code, f"P{number}", join_token=f"t{number}")
        store.submit(person.key, EXERCISE.id, {"questions": value}, submission_id=f"s{number}")
    return store


def test_summary_counts_people_and_questions(tmp_path):
    """Hand-worked: do 3 people count as taking part and 2 questions as posted, with no question's
    text in the summary?"""
    store = store_with(tmp_path, PEOPLE)
    try:
        answers = load_answers(store, exercises=CONTENT)
        summary = summarize(answers, exercises=CONTENT)
    finally:
        store.dispose()
    assert answers["value"].isna().all()
    assert summary.loc[summary["measure"] == "answered", "count"].tolist() == [3]
    assert summary.loc[summary["measure"] == "entries", "count"].tolist() == [2]
    assert "Alpha?" not in summary.to_csv()


def test_export_keeps_each_persons_questions_out(tmp_path):
    """Does an export withhold every person's questions and votes?"""
    store = store_with(tmp_path, PEOPLE)
    try:
        frame = export_frame(load_answers(store, exercises=CONTENT))
    finally:
        store.dispose()
    assert frame["answer"].isna().all() and frame["withheld"].all()


def test_demo_answers_are_valid_submissions(tmp_path):
    """Would every demo answer be accepted from a participant's page, with some questions posted?"""
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    store.create_schema()
    try:
        fill_demo(store, cohorts=1, participants=12, exercises=CONTENT)
        code = store.list_sessions()[0].code
        answers = store.latest_answers(code, EXERCISE.id)
    finally:
        store.dispose()
    assert answers and all(clean_answers(EXERCISE, a) == a for a in answers)
    assert any(a["questions"]["questions"] for a in answers)


def test_the_report_mentions_the_exercise_without_questions(tmp_path):
    """Does the HTML report include the Q&A exercise without any question's text?"""
    from kit.analysis.report import write_report

    store = store_with(tmp_path, PEOPLE)
    try:
        html = write_report(store, tmp_path / "report.html", exercises=CONTENT).read_text(encoding="utf-8")
    finally:
        store.dispose()
    assert "Questions for the facilitator" in html and "Alpha?" not in html


def test_the_report_lists_top_questions_with_k_votes_not_hidden_and_escaped(tmp_path):
    """Hand-worked: "<i>Delta</i>?" has 3 votes, "Echo?" 3 but hidden by the facilitator, "Foxtrot?"
    2 (below k = 3). Is only Delta listed, escaped, with its votes, and the count of questions posted
    (3) and of people taking part (4) said?"""
    from kit.analysis.report import write_report
    from kit.kinds.qa import MARKS_KEY, with_mark

    D, E, F = "d" * 12, "e" * 12, "f" * 12
    people = [with_question(with_question(with_question(None, "<i>Delta</i>?", D), "Echo?", E), "Foxtrot?", F),
              with_vote(with_vote(None, D), E), with_vote(with_vote(with_vote(None, D), E), F),
              with_vote(with_vote(with_vote(None, D), E), F)]
    store = store_with(tmp_path, people)
    try:
        code = store.list_sessions()[0].code
        settings = store.get_session(code).settings
        store.update_session_settings(code, **{MARKS_KEY: with_mark(settings, EXERCISE.id, E, "hidden", True)})
        html = write_report(store, tmp_path / "report.html", exercises=CONTENT).read_text(encoding="utf-8")
    finally:
        store.dispose()
    part = html.split("Top questions:")[1]
    assert "4 people took part and posted 3 questions" in part
    rows = re.findall(r"<tr><td>([^<]*)</td><td class=\"num\">(\d+)</td><td>[^<]*</td></tr>", part)
    assert rows == [("&lt;i&gt;Delta&lt;/i&gt;?", "3")]
    assert "Echo?" not in html and "Foxtrot?" not in html and "<i>Delta" not in html
