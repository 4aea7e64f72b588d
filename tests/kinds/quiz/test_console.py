"""The facilitator's quiz section: misconceptions first, the same numbers as a table, nothing below k."""

from __future__ import annotations

from kit import kinds
from kit.logic.aggregate import gate
from kit.ui.sections import Section, Snapshot, sections_for
from kit.kinds.quiz.console import QuizSection
from tests.factories import svg_texts
from tests.logic.test_quiz import TABLE, a, quiz_exercise



def snapshot(ex, answers, *, k=3, extra=None):
    return Snapshot(exercise=ex, joined=len(answers), answers=answers, gate=gate(len(answers), k), extra=extra or {})


def fill(store, code, ex, tables, run=1, start=0):
    for n, answers in enumerate(tables, start=start):
        person = store.join(code, None, join_token=f"{code}-{run}-{n}")
        store.submit(person.key, ex.id, answers, submission_id=f"{code}-{run}-{n}", run=run)


def test_registered_for_quiz_items():
    """Is QuizSection the registered section for quiz items, and does the base hook default to nothing?"""
    ex = quiz_exercise()
    assert kinds.get("quiz").part("section") is QuizSection
    assert [type(s) for s in sections_for(ex)] == [QuizSection]
    assert Section.extra(None, "ABCDEF", ex) == {}


def test_nothing_below_k():
    """With fewer than k answers, are chart, table, histogram and text all empty?"""
    ex = quiz_exercise()
    section = QuizSection(ex, ex.quiz_items)
    section.update(snapshot(ex, TABLE[:2]))
    assert section.chart.value == b"" and section.chart.layout.display == "none"
    assert section.table.value == "" and section.histogram_table.value == ""
    assert section.text_summary(snapshot(ex, TABLE[:2])) == ""


def test_misconceptions_first_chart_and_table():
    """From k answers, is there a chart and a table with share right and wrong-while-sure, firmest misconception first?"""
    ex = quiz_exercise()
    section = QuizSection(ex, ex.quiz_items)
    snap = snapshot(ex, TABLE)
    section.update(snap)
    # the statement's markup-like text reaches the SVG escaped, and comes back as the same text
    assert "Statement <1>" in svg_texts(section.chart.value) and section.chart.layout.display is None
    table = section.table.value
    assert table.index('data-item="q1"') < table.index('data-item="q2"') < table.index('data-item="q3"')
    assert 'data-item="q1" data-right="2" data-wrong-sure="2" data-n="4"' in table
    assert "2 of 4 (50%)" in table and "Statement &lt;1&gt;" in table and "<1>" not in table
    assert svg_texts(section.histogram.value)
    assert '<td data-score="0">1</td>' in section.histogram_table.value
    assert section.text_summary(snap).splitlines()[0] == (
        "Statement <1>: right 2 of 4 (50%), wrong while sure 2 of 4 (50%)")
    assert section.shift.value == ""


def test_extra_reads_both_runs_and_settings(ui_store):
    """Does the extra hook return the current run, the chosen items and each run's anonymous answers?"""
    ex = quiz_exercise()
    session = ui_store.create_session("S")
    fill(ui_store, session.code, ex, TABLE[:3])
    fill(ui_store, session.code, ex, [{"q1": a("myth")}], run=2)
    ui_store.update_session_settings(session.code, quiz={"quiz": {"run": 2, "items": ["q1", "q2"]}})
    extra = QuizSection.extra(ui_store, session.code, ex)
    assert extra["quiz"]["run"] == 2 and extra["quiz"]["items"] == ["q1", "q2"]
    assert len(extra["quiz"]["answers"]["1"]) == 3 and extra["quiz"]["answers"]["2"] == [{"q1": a("myth")}]


def test_before_after_once_run_two_reaches_k(ui_store):
    """Does the second run show its own numbers and the shift per item only once it has k answers?"""
    ex = quiz_exercise()
    session = ui_store.create_session("S")
    fill(ui_store, session.code, ex, TABLE)
    ui_store.update_session_settings(session.code, quiz={"quiz": {"run": 2, "items": None}})
    after = [{"q1": a("myth"), "q2": a("fact"), "q3": a("myth")}] * 3
    fill(ui_store, session.code, ex, after[:2], run=2)
    section = QuizSection(ex, ex.quiz_items)

    def refresh():
        snap = snapshot(ex, ui_store.latest_answers(session.code, ex.id),
                        extra=QuizSection.extra(ui_store, session.code, ex))
        section.update(snap)
        return snap

    refresh()  # run 2 below k: run 1 numbers, no shift
    assert 'data-run="1"' in section.heading.value and "2 answered so far" in section.heading.value
    assert section.shift.value == "" and section.shift_chart.layout.display == "none"
    fill(ui_store, session.code, ex, after[2:], run=2, start=2)
    snap = refresh()
    assert 'data-run="2"' in section.heading.value and "after the talk" in section.heading.value
    assert 'data-item="q1" data-right="3" data-wrong-sure="0" data-n="3"' in section.table.value
    assert svg_texts(section.shift_chart.value)
    # q1: 50% -> 100%, q3: 67% -> 100%, q2: 50% -> 100%; biggest gain first, ties in quiz order
    shift = section.shift.value
    assert shift.index('data-item="q1"') < shift.index('data-item="q2"') < shift.index('data-item="q3"')
    assert "+50 points" in shift and "+33 points" in shift
    assert "Statement <3>: before 67%, after 100%" in section.text_summary(snap)


def test_only_chosen_items():
    """Are statements the session does not use left out of the chart and table?"""
    ex = quiz_exercise()
    section = QuizSection(ex, ex.quiz_items)
    section.update(snapshot(ex, TABLE, extra={"quiz": {"run": 1, "items": ["q2"], "answers": {"1": TABLE, "2": []}}}))
    assert 'data-item="q2"' in section.table.value and 'data-item="q1"' not in section.table.value
