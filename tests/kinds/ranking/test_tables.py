"""Rankings for trainers: how many put each option first, orders kept in exports (nothing typed),
and demo orders a participant's page would accept."""

from __future__ import annotations

from kit.analysis import export_frame, load_answers, summarize
from kit.analysis.demo import fill_demo
from kit.content import load_content
from kit.logic.answers import clean_answers
from kit.store import Store

EXERCISE = load_content()["deadly_mistakes"]
CONTENT = {EXERCISE.id: EXERCISE}
VALUES = list(EXERCISE.item("seen_most").scale.values())


def test_ranked_first_counts_and_export(tmp_path):
    """Hand-worked: A first twice, B once; every option has a row (zero for C, D, E); exports keep orders."""
    a, b, c, d, e = VALUES
    store = Store(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    store.create_schema()
    try:
        session = store.create_session("Cohort R")
        for number, order in enumerate([[a, b, c, d, e], [b, a, c, d, e], [a, c, b, e, d]]):
            person = store.join(session.code, f"P{number}", join_token=f"t{number}")
            store.submit(person.key, EXERCISE.id, {"seen_most": order}, submission_id=f"s{number}")
        answers = load_answers(store, exercises=CONTENT)
    finally:
        store.dispose()
    summary = summarize(answers, exercises=CONTENT)
    first = summary[summary["measure"] == "ranked_first"]
    assert list(zip(first["category"], first["count"])) == [(a, 2), (b, 1), (c, 0), (d, 0), (e, 0)]
    assert first["share"].round(3).tolist()[:2] == [0.667, 0.333]
    assert export_frame(answers)["answer"].notna().all()


def test_demo_orders_are_valid_submissions(tmp_path):
    """Would every demo order be accepted from a participant's page?"""
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    store.create_schema()
    try:
        fill_demo(store, cohorts=1, participants=8, exercises=CONTENT)
        answers = store.latest_answers(store.list_sessions()[0].code, EXERCISE.id)
    finally:
        store.dispose()
    assert answers and all(clean_answers(EXERCISE, a) == a for a in answers)


def test_the_report_lists_how_often_each_option_was_ranked_first(tmp_path):
    """Does the HTML report say how many ranked each option first?"""
    from kit.analysis.report import write_report

    a, b, c, d, e = VALUES
    store = Store(f"sqlite:///{tmp_path / 'rr.sqlite3'}")
    store.create_schema()
    try:
        session = store.create_session("Cohort R")
        for number, order in enumerate([[a, b, c, d, e], [b, a, c, d, e], [a, c, b, e, d]]):
            person = store.join(session.code, f"P{number}", join_token=f"t{number}")
            store.submit(person.key, EXERCISE.id, {"seen_most": order}, submission_id=f"s{number}")
        html = write_report(store, tmp_path / "report.html", exercises=CONTENT).read_text(encoding="utf-8")
    finally:
        store.dispose()
    assert "Ranked first: Choosing the wrong mentoring partner. 67% (2)" in html
