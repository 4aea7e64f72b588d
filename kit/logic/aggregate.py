"""Turning many participants' latest answers into group counts, safely.

The facilitator only ever sees what these functions return: counts per option, never who answered
what, and nothing at all for groups smaller than the session's k.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from kit.content.model import Exercise

DEFAULT_K = 3


@dataclass(frozen=True)
class Gate:
    """Whether a group is large enough to show, and the message to show when it is not."""

    respondents: int
    k: int

    @property
    def visible(self) -> bool:
        """True when at least k people answered."""
        return self.respondents >= self.k

    @property
    def message(self) -> str:
        """What the facilitator reads instead of a chart while the group is too small."""
        if self.visible:
            return ""
        return (
            f"Results appear once at least {self.k} people have answered, so that nobody's answers "
            f"can be singled out ({self.respondents} so far)."
        )


def gate(respondents: int, k: int = DEFAULT_K) -> Gate:
    """The k-anonymity gate for a group of ``respondents`` (k below 2 is raised to 2)."""
    return Gate(respondents=respondents, k=max(int(k), 2))


@dataclass(frozen=True)
class ItemDistribution:
    """How the group answered one choice item."""

    item_id: str
    text: str
    counts: dict[str, int]  # option value -> count, in the scale's order
    labels: dict[str, str]  # option value -> label
    total: int
    divisiveness: float  # 0 = everyone agrees, 1 = spread evenly over every option

    def share(self, value: str) -> float:
        """The share of answers (0..1) that chose ``value``."""
        return self.counts.get(value, 0) / self.total if self.total else 0.0


def divisiveness(counts: Iterable[int]) -> float:
    """Normalised Shannon entropy of a count vector: 0 when unanimous, 1 when evenly split."""
    values = [c for c in counts]
    total = sum(values)
    if total == 0 or len(values) < 2:
        return 0.0
    entropy = -sum((c / total) * math.log(c / total) for c in values if c)
    return entropy / math.log(len(values))


def distributions(exercise: Exercise, answers: Iterable[Mapping[str, Any]]) -> list[ItemDistribution]:
    """Count each choice item's options over ``answers`` (one mapping per participant).

    Returned most divided first (ties keep the exercise's order), which is the order a facilitator
    wants to discuss them in. Values not on the scale (from an edited content file) are ignored.
    """
    answers = list(answers)
    result = []
    for position, item in enumerate(exercise.choice_items):
        assert item.scale is not None
        counts = {value: 0 for value in item.scale.values()}
        for answer in answers:
            value = answer.get(item.id)
            if value in counts:
                counts[value] += 1
        result.append(
            (
                position,
                ItemDistribution(
                    item_id=item.id,
                    text=item.text,
                    counts=counts,
                    labels={o.value: o.label for o in item.scale.options},
                    total=sum(counts.values()),
                    divisiveness=divisiveness(counts.values()),
                ),
            )
        )
    result.sort(key=lambda pair: (-round(pair[1].divisiveness, 9), pair[0]))
    return [dist for _, dist in result]
