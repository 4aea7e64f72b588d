"""Rankings for trainers: how many put each option first, the average order in the report (pooled and
cohort by cohort, with k), orders kept in exports (nothing typed),
and demo orders a participant's page would accept."""

from __future__ import annotations

import re

from kit.analysis import export_frame, load_answers, summarize
from kit.analysis.demo import fill_demo
from kit.content import load_content
from kit.logic.answers import clean_answers
from kit.store import Store

EXERCISE = load_content()["deadly_mistakes"]
CONTENT = {EXERCISE.id: EXERCISE}
ITEM = EXERCISE.item("seen_most")
VALUES = list(ITEM.scale.values())


def test_ranked_first_counts_and_export(tmp_path):
    """Hand-worked: A first twice, B once; every option has a row (zero for C, D, E); the average rank
    per option in ``mean``; exports keep orders."""
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
    means = summary[summary["measure"] == "mean_rank"]
    # a: ranks 1, 2, 1; b: 2, 1, 3; c: 3, 3, 2; d: 4, 4, 5; e: 5, 5, 4. In the scale's order, over 3 orders.
    assert list(zip(means["category"], means["mean"].round(2), means["count"])) == [
        (a, 1.33, 3), (b, 2.0, 3), (c, 2.67, 3), (d, 4.33, 3), (e, 4.67, 3)]
    assert summary.loc[summary["measure"] != "mean_rank", "mean"].isna().all()
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


def _report(tmp_path, cohorts):
    """The HTML report of sessions given as {cohort: [order, ...]}."""
    from kit.analysis.report import write_report

    store = Store(f"sqlite:///{tmp_path / 'rr.sqlite3'}")
    store.create_schema()
    try:
        for cohort, orders in cohorts.items():
            session = store.create_session(cohort)
            for number, order in enumerate(orders):
                person = store.join(session.code, f"P{number}", join_token=f"{cohort}{number}")
                store.submit(person.key, EXERCISE.id, {"seen_most": order}, submission_id=f"{cohort}{number}")
        return write_report(store, tmp_path / "report.html", exercises=CONTENT).read_text(encoding="utf-8")
    finally:
        store.dispose()


def test_the_report_shows_the_average_order(tmp_path):
    """Hand-worked, three orders: does the report list each option's average rank, spread and how many
    put it first, best first (a: ranks 1, 2, 1 = 1.3, spread 0.5, first twice; b: 2, 1, 3 = 2.0, 0.8;
    c: 3, 3, 2 = 2.7; d: 4.3; e: 4.7)?"""
    a, b, c, d, e = VALUES
    html = _report(tmp_path, {"Cohort R": [[a, b, c, d, e], [b, a, c, d, e], [a, c, b, e, d]]})
    table = html.split("Average order:")[1].split("</table>")[0]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", table)
    labels = {o.value: o.label for o in ITEM.scale.options}
    assert cells == ["1", labels[a], "1.3", "0.5", "2", "2", labels[b], "2.0", "0.8", "1",
                     "3", labels[c], "2.7", "0.5", "0", "4", labels[d], "4.3", "0.5", "0",
                     "5", labels[e], "4.7", "0.5", "0"]
    assert "Cohort by cohort" not in html.split("Average order:")[1]  # one session: nothing to compare


def test_the_report_compares_average_ranks_cohort_by_cohort_with_k(tmp_path):
    """With two sessions, is each session's average rank per option listed, a session below k (2
    people, k = 3) showing only the mark, while the pooled order counts all five?"""
    a, b, c, d, e = VALUES
    html = _report(tmp_path, {"Cohort A": [[a, b, c, d, e], [a, b, c, d, e], [b, a, c, d, e]],
                              "Cohort B": [[e, d, c, b, a], [e, d, c, b, a]]})
    part = html.split("Average order:")[1]
    assert "5 people put these in order." in part
    rows = re.findall(r"<tr><td>([^<]*)</td>((?:<td class=\"num\">[^<]*</td>)+)</tr>", part.split("Cohort by cohort")[1])
    cells = {label.split(" · ")[1]: re.findall(r">([^<]*)<", numbers)[::2] for label, numbers in rows}
    assert cells["Cohort A"] == ["1.3", "1.7", "3.0", "4.0", "5.0"]  # in the scale's order
    assert cells["Cohort B"] == ["–"] * 5
