"""kit.logic.smart.summary: what the facilitator's view counts of a group's goals."""

from __future__ import annotations

import datetime as dt

from kit.content import load_content
from kit.kinds.goal import latest_goals
from kit.logic.smart import summarize_goals, ticked_yes

TODAY = dt.date(2025, 10, 1)


def test_summary_counts_latest_versions_ticks_and_shared_goals_only():
    """Does the group summary use each goal's latest version, count ticks per component and list only shared
    goals, sorted, without anything about their authors?"""
    item = load_content()["smart_goals"].goal_items[0]
    yes_all = {q.id: {"answer": "yes"} for c in item.checklist for q in c.questions}
    answers = [
        {"goals": {"goals": [{"versions": ["be better", "present my audit at grand rounds by june"],
                              "checks": yes_all, "shared": True},
                             {"versions": ["get better at communication"], "checks": yes_all, "shared": False}]}},
        {"goals": {"goals": [{"versions": ["Ask 3 colleagues for feedback by end of March"], "checks": {},
                              "shared": True}]}},
        {},
    ]
    s = summarize_goals([item], answers, today=TODAY)
    assert (s.goals, s.writers) == (3, 2)
    assert s.shown["measurable"] == 2 and s.ticked["measurable"] == 2 and s.ticked["timely"] == 2
    assert s.shown["timely"] == 2
    assert s.shared == ("Ask 3 colleagues for feedback by end of March", "present my audit at grand rounds by june")
    assert dict(s.issues)["vague"] == 1
    component = item.checklist[1]
    assert ticked_yes(component, {"tangible": {"answer": "yes"}}) and not ticked_yes(component, {})


def test_summary_reads_the_latest_wording_as_the_rest_of_the_kit_does():
    """Does the summary read each goal's latest wording as the printable page and the prefill do (trimmed,
    a goal whose latest version is only spaces not counted)?"""
    item = load_content()["smart_goals"].goal_items[0]
    value = {"goals": [{"versions": ["x", "  submit my paper by june  "], "checks": {}, "shared": True},
                       {"versions": ["meet weekly", "   "], "checks": {}, "shared": True}]}
    s = summarize_goals([item], [{item.id: value}], today=TODAY)
    assert s.goals == len(latest_goals(value)) == 1
    assert s.shared == tuple(latest_goals(value)) == ("submit my paper by june",)
