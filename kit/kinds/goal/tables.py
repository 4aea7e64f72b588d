"""The trainer's side of a goal item (pandas): per SMART component, how many goals show it and how many
their authors ticked; and demo goals."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from kit.analysis.summaries import Content, _summarize_answered
from kit.content.model import Exercise, Item
from kit.logic.smart import summarize_goals


def summarize_goal(rows: pd.DataFrame, keys: list, content: Content) -> pd.DataFrame:
    """SMART goals: per component, how many goals' own words show it ("shown", the kit's reading) and
    how many their authors ticked Yes ("ticked"), out of the goals written (``denominator``); plus
    the number of goals. Uses the same counting as the facilitator's console."""
    out = []
    for group, part in rows.groupby(keys, dropna=False, sort=False):
        group = dict(zip(keys, group if isinstance(group, tuple) else (group,)))
        exercise = content.exercises.get(group["exercise_id"])
        if exercise is None:
            continue
        item = next((i for i in exercise.items if i.id == group["item_id"]), None)
        if item is None:
            continue
        answers = [{item.id: json.loads(text)} for text in part["answer"].dropna()]
        summary = summarize_goals([item], answers)
        out.append(dict(group, measure="goals", category=pd.NA, count=summary.goals, denominator=summary.goals))
        for position, component in enumerate(summary.components, start=1):
            for measure, counts in (("shown", summary.shown), ("ticked", summary.ticked)):
                out.append(dict(group, measure=measure, category=component, category_label=component.replace("_", " "),
                                category_position=position, count=counts[component], denominator=summary.goals))
    if not out:  # goal items the content no longer has: still counted, as answered
        return _summarize_answered(rows, keys, content)
    return pd.DataFrame(out)


#: Goals as mentees first write them, each with the rewrite a SMART check tends to produce.
DEMO_GOALS: tuple[tuple[str, str], ...] = (
    ("get better at public speaking", "present one case at the monthly department meeting by the end of June"),
    ("improve my leadership skills", "lead two team huddles a week on my ward for the next six weeks"),
    ("learn more about research", "submit my ethics application for the falls study before my review in March"),
    ("network more", "meet three people from other departments for coffee this quarter"),
    ("be more confident in meetings", "speak at least once in every project meeting until the end of term"),
    ("publish", "send the first draft of my literature review to my supervisor by 15 May"),
    ("manage my time better", "block two hours every Friday morning for writing, starting next week"),
    ("understand the budget process", "shadow the finance lead for one budget cycle and present a summary in September"),
)


def demo_goal(item: Item, exercise: Exercise, cohort: Any, run: int) -> Any:
    """One demo participant's goals: one to ``max_goals`` of :data:`DEMO_GOALS`, rewritten SMART more
    often in a skilled cohort, with some checklist answers."""
    rng = cohort.rng
    count = int(rng.integers(1, getattr(item, "max_goals", 3) + 1))
    goals = []
    for index in rng.choice(len(DEMO_GOALS), size=count, replace=False):
        weak, strong = DEMO_GOALS[int(index)]
        versions = [weak, strong] if rng.random() < cohort.quiz_skill else [weak]
        checks = {}
        for component in getattr(item, "checklist", ()):
            for question in component.questions:
                if rng.random() < 0.8:
                    checks[question.id] = {"answer": "yes" if rng.random() < 0.7 else "no"}
        goals.append({"versions": versions, "checks": checks,
                      "shared": bool(item.shareable and rng.random() < 0.4)})
    return {"goals": goals}
