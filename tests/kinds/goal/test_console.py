"""The facilitator's goal section: counts, shown vs ticked per component, common issues, shared goals
without authors, and nothing below k."""

from __future__ import annotations

from kit import kinds
from kit.content import load_content
from kit.logic.aggregate import gate
from kit.ui.sections import Snapshot, sections_for
from kit.kinds.goal.console import GoalSection
from tests.factories import svg_texts



def snapshot(ex, answers, k=3):
    return Snapshot(exercise=ex, joined=len(answers), answers=answers, gate=gate(len(answers), k))


def answers(ex):
    item = ex.goal_items[0]
    yes = {q.id: {"answer": "yes"} for c in item.checklist for q in c.questions}
    return [
        {"goals": {"goals": [{"versions": ["be better", "present my audit at grand rounds by june"], "checks": yes,
                              "shared": True},
                             {"versions": ["get better at communication"], "checks": yes, "shared": False}]}},
        {"goals": {"goals": [{"versions": ["<script>alert('Ana')</script> shadow a nurse 3 times by may"],
                              "checks": {}, "shared": True}]}},
        {"goals": {"goals": [{"versions": ["improve my teaching"], "checks": {}, "shared": False}]}},
    ]


def test_registered_for_goal_items():
    """Is GoalSection the section for goal items, picked up for the shipped SMART exercise?"""
    ex = load_content()["smart_goals"]
    assert kinds.get("goal").part("section") is GoalSection
    assert [type(s) for s in sections_for(ex)] == [GoalSection]


def test_nothing_below_k():
    """With fewer than k people, are count, chart, table, issues and shared goals all empty?"""
    ex = load_content()["smart_goals"]
    section = GoalSection(ex, ex.goal_items)
    snap = snapshot(ex, answers(ex)[:2])
    section.update(snap)
    assert section.chart.value == b"" and section.chart.layout.display == "none"
    assert section.count.value == section.table.value == section.issues.value == section.shared.value == ""
    assert section.text_summary(snap) == ""


def test_counts_shown_vs_ticked_issues_and_shared_goals():
    """From k people, does it count goals, show per component judged vs ticked (chart and table), the common
    issues, and only the shared goals, escaped and sorted, with no author?"""
    ex = load_content()["smart_goals"]
    section = GoalSection(ex, ex.goal_items)
    snap = snapshot(ex, answers(ex))
    section.update(snap)
    assert 'data-goals="4"' in section.count.value and 'data-writers="3"' in section.count.value
    assert svg_texts(section.chart.value) and section.chart.layout.display is None
    table = section.table.value
    assert '<tr data-component="measurable" data-shown="2" data-ticked="2">' in table
    assert "2 of 4 (50%)" in table and "Ticked Yes" in table
    assert 'data-issue="vague"' in section.issues.value and "2 goals" in section.issues.value
    shared = section.shared.value
    assert "&lt;script&gt;alert(&#x27;Ana&#x27;)&lt;/script&gt;" in shared and "<script>" not in shared
    assert "get better at communication" not in shared and "improve my teaching" not in shared
    assert shared.index("&lt;script&gt;") < shared.index("present my audit")  # alphabetical, not by author
    assert section.text_summary(snap).splitlines()[0] == "4 goals by 3 people"
