"""A group's goals for the facilitator: per SMART component, how many goals' words show it and how many
were ticked Yes, the commonest issues, and the goals their authors shared; no author, no order."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from kit.kinds.goal import goals_with_wording
from kit.logic.smart.analysis import analyze_goal
from kit.logic.smart.findings import COMPONENTS, ISSUES

def ticked_yes(component, checks: Mapping[str, Mapping[str, str]]) -> bool:
    """Did the author tick Yes for ``component`` (a :class:`kit.content.model.ChecklistComponent`)? Yes to
    every question marked ``check_text`` (or to every question, when none is marked)."""
    claims = [q for q in component.questions if q.check_text] or list(component.questions)
    return bool(claims) and all((checks.get(q.id) or {}).get("answer") == "yes" for q in claims)


@dataclass(frozen=True)
class GoalSummary:
    """A group's goals in numbers: no author, no order that could reveal one."""

    goals: int
    writers: int
    #: Component ids in check-list order, with how many goals' words show each and how many were ticked Yes.
    components: tuple[str, ...]
    shown: Mapping[str, int]
    ticked: Mapping[str, int]
    #: ``(issue code, number of goals)``, most common first.
    issues: tuple[tuple[str, int], ...]
    #: The latest wording of the goals their authors shared, sorted alphabetically.
    shared: tuple[str, ...]


def summarize_goals(items, answers, *, today: _dt.date | None = None) -> GoalSummary:
    """Count the latest version of every goal in ``answers`` (each participant's answers) for the goal
    ``items``: goals written, per component shown vs ticked Yes, the commonest issues, shared texts."""
    components: list = []
    for item in items:
        for component in item.checklist:
            if component.id not in [c.id for c in components]:
                components.append(component)
    ids = tuple(c.id for c in components if c.id in COMPONENTS)
    shown = {c: 0 for c in ids}
    ticked = {c: 0 for c in ids}
    issues: dict[str, int] = {}
    shared: list[str] = []
    goals = writers = 0
    for answer in answers:
        wrote = False
        for item in items:
            for text, goal in goals_with_wording(answer.get(item.id)):
                goals += 1
                wrote = True
                analysis = analyze_goal(text, today=today)
                checks = goal.get("checks") if isinstance(goal.get("checks"), Mapping) else {}
                for component in item.checklist:
                    if component.id not in shown:
                        continue
                    shown[component.id] += analysis[component.id].met
                    ticked[component.id] += ticked_yes(component, checks)
                for issue in analysis.issues:
                    issues[issue] = issues.get(issue, 0) + 1
                if goal.get("shared") is True and item.shareable:
                    shared.append(text)
        writers += wrote
    ranked = tuple(sorted(issues.items(), key=lambda pair: (-pair[1], list(ISSUES).index(pair[0]))))
    return GoalSummary(goals, writers, ids, MappingProxyType(shown), MappingProxyType(ticked), ranked,
                       tuple(sorted(shared, key=lambda text: (text.casefold(), text))))
