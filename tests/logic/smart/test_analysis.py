"""kit.logic.smart: the goal analyser against the labelled goals in smart_goals.yaml (beside this file),
dates and numbers written many ways, absurd input and speed."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from kit.logic.smart import COMPONENTS, ISSUES, GoalAnalysis, analyze_goal, tick_hint

HERE = Path(__file__).resolve().parent
TODAY = dt.date(2025, 10, 1)
LABELLED = YAML(typ="safe").load((HERE / "smart_goals.yaml").read_text(encoding="utf-8"))["goals"]
FLOOR = 0.85


def expected(goal: dict) -> dict[str, bool]:
    marks = goal["expect"].split()
    assert [m[0] for m in marks] == list("SMART") and all(m[1] in "+-" for m in marks), goal
    return {component: mark.endswith("+") for component, mark in zip(COMPONENTS, marks)}


def accuracy(goals: list[dict]) -> dict[str, float]:
    right = {c: 0 for c in COMPONENTS}
    for goal in goals:
        analysis = analyze_goal(goal["text"], today=TODAY)
        for component, want in expected(goal).items():
            right[component] += analysis[component].met == want
    return {c: right[c] / len(goals) for c in COMPONENTS}


def test_labelled_set_is_large_and_varied():
    """Are there at least 80 labelled goals from health care, universities and companies, weak and strong?"""
    assert len(LABELLED) >= 80
    sectors = {g["sector"] for g in LABELLED}
    assert sectors == {"health", "university", "company"}
    scores = [sum(expected(g).values()) for g in LABELLED]
    assert sum(s <= 2 for s in scores) >= 25 and sum(s == 5 for s in scores) >= 25
    assert len({g["text"] for g in LABELLED}) == len(LABELLED)
    assert sum(g["text"] == g["text"].lower() for g in LABELLED) >= 40  # written as people write


def test_accuracy_per_component(capsys):
    """Does the analyser agree with the labels on at least 85 % of goals for every component (all goals, and
    the 20 written after its word lists were settled)?

    Caveat for readers of the numbers: labels and analyser were written by the same engineer, so the first
    figure is in-sample; the held-out goals were labelled blind, then two general fixes followed
    ("by the end of my icu rotation", "the most ... person"), so they are no longer fully blind either."""
    overall = accuracy(LABELLED)
    holdout = accuracy([g for g in LABELLED if g.get("holdout")])
    with capsys.disabled():
        print(f"\nSMART accuracy on {len(LABELLED)} labelled goals: "
              + ", ".join(f"{c} {overall[c]:.1%}" for c in COMPONENTS))
        print("  on the 20 held-out goals: " + ", ".join(f"{c} {holdout[c]:.1%}" for c in COMPONENTS))
    assert all(share >= FLOOR for share in overall.values()), overall
    assert all(share >= FLOOR for share in holdout.values()), holdout


@pytest.mark.parametrize("text", [
    "by 31 March", "by March 31st", "before 31/03/2026", "by 2026-03-31", "by jan 15", "within six weeks",
    "in the next 3 months", "over the next two semesters", "this quarter", "by the end of Q2", "by end of the year",
    "before my review", "before my annual performance review", "at our next meeting", "starting in september",
    "by the end of my rotation", "by friday", "before the summer break", "by week 6", "until the end of term",
    "in a couple of weeks", "within a year", "by the end of the academic year", "by mid-june", "by 15 feb",
])
def test_time_frames_written_many_ways(text):
    """Is a time frame found however it is written (dates, periods, events), with nothing else in the goal?"""
    analysis = analyze_goal(f"present my audit to the team {text}", today=TODAY)
    assert analysis["timely"].met, (text, analysis["timely"])


@pytest.mark.parametrize("text, issue", [
    ("present my audit to the team", "no_time"),
    ("present my audit to the team every week", "no_time"),  # a frequency is not a deadline
    ("present my audit to the team in five years", "too_far"),
    ("present my audit to the team one day", "too_far"),
    ("present my audit to the team by 31 march 2024", "passed"),
    ("present my audit to the team by may i hope", "no_time"),  # "may" the verb is not May
])
def test_not_timely(text, issue):
    """Are a missing, too distant or passed deadline told apart, and "may" the verb not read as a month?"""
    finding = analyze_goal(text, today=TODAY)["timely"]
    assert not finding.met and finding.issue == issue, finding


@pytest.mark.parametrize("text, met", [
    ("read three papers on sepsis", True), ("read twenty-five charts on the unit", True),
    ("run a dozen teaching rounds", True), ("meet my mentor twice a month", True),
    ("raise compliance to ninety percent", True), ("read more papers on sepsis", False),
    ("be first author on a paper about falls", True), ("become first author someday", False),
    ("one day i want to lead the ward", False), ("talk to no one about it", False),
])
def test_numbers_written_as_words(text, met):
    """Are numbers written as words counted, while "first", "one day" and "no one" are not measures?"""
    assert analyze_goal(text, today=TODAY)["measurable"].met is met, analyze_goal(text, today=TODAY)["measurable"]


@pytest.mark.parametrize("text, words", [
    ("", "Write your goal"), ("   \n ", "Write your goal"), ("teach", "One or two words"),
    ("😀🎉🚀", "no words"), ("12345", "no words"), ("x" * 5000, "5,000 characters"),
    ("<b>present my audit</b> at <script>alert(1)</script> grand rounds by june", "HTML"),
    (None, "Write your goal"), (42, "no words"), ("\x00\x07", "Write your goal"),
])
def test_absurd_input_gets_a_message(text, words):
    """Do empty, one-word, emoji, very long, HTML and non-text input get a clear message instead of an error?"""
    analysis = analyze_goal(text, today=TODAY)
    assert isinstance(analysis, GoalAnalysis) and words in analysis.message
    assert set(analysis.findings) == set(COMPONENTS)
    assert all(f.reason for f in analysis.findings.values())


def test_result_shape_and_one_sentence_reasons():
    """Does every component carry met, a one-sentence reason, a tip only when not met and a known issue code?"""
    for goal in LABELLED:
        analysis = analyze_goal(goal["text"], today=TODAY)
        assert list(analysis) == list(COMPONENTS) and set(analysis.met) == set(COMPONENTS)
        for component in COMPONENTS:
            finding = analysis[component]
            assert finding.reason.endswith((".", "”.")) and finding.reason.count(". ") == 0, finding.reason
            assert bool(finding.tip) is (not finding.met) and (finding.issue in ISSUES) is (not finding.met)


def test_weak_goal_says_what_it_sees():
    """For "get better at communication", does the feedback name the vague verb and the missing measure and date?"""
    analysis = analyze_goal("get better at communication", today=TODAY)
    assert "get better at" in analysis["specific"].reason
    assert analysis.issues[:2] == ["vague", "no_measure"] and "no_time" in analysis.issues
    assert analysis["realistic"].met
    big = analyze_goal("always answer every email and be perfect at everything", today=TODAY)["realistic"]
    assert not big.met and big.issue == "absolute"
    many = analyze_goal("lead the unit, finish my phd, publish five papers and run a marathon by june", today=TODAY)
    assert many["realistic"].issue == "too_many"


def test_tick_hint_is_gentle_and_only_when_words_disagree():
    """Is there a note only when a component is ticked Yes and the words do not show it?"""
    weak = analyze_goal("get better at communication", today=TODAY)
    note = tick_hint("measurable", weak["measurable"])
    assert note.startswith("You ticked Yes for Measurable, but") and "number" in note
    assert tick_hint("realistic", weak["realistic"]) == ""


def test_fast_enough_for_every_keystroke():
    """Is a typical goal analysed in under 5 ms and the longest readable one in under 50 ms (no debounce needed)?"""
    texts = [f"{g['text']} {n}" for n in range(3) for g in LABELLED]  # defeat the cache
    start = time.perf_counter()
    for text in texts:
        analyze_goal(text, today=TODAY)
    assert (time.perf_counter() - start) / len(texts) < 0.005
    long = ("lead the weekly huddle and write three audits by june, " * 30)[:999]
    start = time.perf_counter()
    analyze_goal(long + "!", today=TODAY)
    assert time.perf_counter() - start < 0.05


def test_import_is_light():
    """Does importing kit.logic.smart leave pandas, numpy, matplotlib, ipywidgets and dateparser unimported?"""
    code = ("import sys, json, kit.logic.smart\nkit.logic.smart.analyze_goal('submit my paper by 31 march')\n"
            "print(json.dumps([m for m in ('pandas', 'numpy', 'matplotlib', 'ipywidgets', 'dateparser', "
            "'parsedatetime') if m in sys.modules]))")
    env = {**os.environ, "PYTHONPATH": str(HERE.parents[2])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert json.loads(done.stdout) == []
