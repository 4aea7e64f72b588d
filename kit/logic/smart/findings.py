"""What the SMART reading of a goal returns: a :class:`Finding` per component in a :class:`GoalAnalysis`,
and the issue codes the facilitator's view counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Iterator, Mapping

#: The five components, in the order of the seed's check list.
COMPONENTS = ("specific", "measurable", "action_oriented", "realistic", "timely")
LABELS = MappingProxyType({
    "specific": "Specific", "measurable": "Measurable", "action_oriented": "Action-oriented",
    "realistic": "Realistic", "timely": "Timely",
})

#: Issue codes a finding can carry, and how the facilitator's view names them.
ISSUES = MappingProxyType({
    "vague": "Vague wording: says what to improve, not what to do",
    "no_measure": "No number, frequency or visible result",
    "no_action": "Describes a state, not an action",
    "absolute": "Absolute words (always, never, everyone, perfect)",
    "too_many": "Several goals in one",
    "too_much": "A lot to do in the time given",
    "no_time": "No deadline or time frame",
    "too_far": "Time frame longer than the partnership",
    "passed": "Deadline already passed",
    "unreadable": "Too short, too long or not words",
})

#: A partnership rarely lasts longer than this; a deadline further away is not "timely" here.
PARTNERSHIP_MONTHS = 24
#: Texts longer than this get a message; only this many characters are read.
LONG_TEXT = 1000


@dataclass(frozen=True, slots=True)
class Finding:
    """What the analysis sees for one SMART component of one goal."""

    met: bool
    #: One sentence: what the words show (or do not show).
    reason: str
    #: One sentence: how to improve; empty when met.
    tip: str = ""
    #: A key of :data:`ISSUES` when not met, else empty.
    issue: str = ""


@dataclass(frozen=True)
class GoalAnalysis:
    """The result of :func:`analyze_goal`: a :class:`Finding` per component, plus a message for input that
    is not a goal yet (empty, one word, very long, emoji only, HTML); ``message`` is empty otherwise."""

    text: str
    message: str
    findings: Mapping[str, Finding] = field(hash=False)

    def __getitem__(self, component: str) -> Finding:
        return self.findings[component]

    def __iter__(self) -> Iterator[str]:
        return iter(COMPONENTS)

    @property
    def met(self) -> dict[str, bool]:
        """``{component: met}`` in check-list order."""
        return {c: self.findings[c].met for c in COMPONENTS}

    @property
    def issues(self) -> list[str]:
        """The issue codes of the components not met (each at most once, in check-list order)."""
        seen: list[str] = []
        for c in COMPONENTS:
            issue = self.findings[c].issue
            if issue and issue not in seen:
                seen.append(issue)
        return seen

    @property
    def score(self) -> int:
        """How many of the five components the words show."""
        return sum(self.met.values())
