"""Turning many participants' latest answers into group counts, safely.

The facilitator only ever sees what these functions return: counts per option, never who answered
what, and nothing at all for groups smaller than the session's k. Likert items also get what a
diverging bar needs (:func:`diverging`, :func:`mean_position`, :func:`high_share`), as plain numbers
so that charts, tables and tests share one calculation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from kit import kinds
from kit.content.model import Exercise, Scale

DEFAULT_K = 3


@dataclass(frozen=True)
class Gate:
    """Whether a group is large enough to show, and the message to show when it is not."""

    respondents: int
    k: int
    #: What the people counted did: "answered" (the k rule for aggregates) or "joined" (a list the
    #: room sees once enough people are in the session, see :func:`kit.kinds.qa.room_gate`).
    counted: str = "answered"

    @property
    def visible(self) -> bool:
        """True when at least k people answered (or joined, for a gate counting people who joined)."""
        return self.respondents >= self.k

    @property
    def message(self) -> str:
        """What the facilitator reads instead of a chart while the group is too small."""
        if self.visible:
            return ""
        return (
            f"Results appear once at least {self.k} people have {self.counted}, so that nobody's answers "
            f"can be singled out ({self.respondents} so far)."
        )


def gate(respondents: int, k: int = DEFAULT_K) -> Gate:
    """The k-anonymity gate for a group of ``respondents`` (k below 2 is raised to 2)."""
    return Gate(respondents=respondents, k=max(int(k), 2))


@dataclass(frozen=True)
class ItemDistribution:
    """How the group answered one choice or likert item."""

    item_id: str
    text: str
    counts: dict[str, int]  # option value -> count, in the scale's order
    labels: dict[str, str]  # option value -> label
    total: int
    divisiveness: float  # 0 = everyone agrees, 1 = spread evenly over every option
    #: The item's type, so a chart or table can ask its kind how to draw it (no kind is assumed).
    item_type: str

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
    """Count each choice and likert item's options over ``answers`` (one mapping per participant).

    Returned in the order a facilitator wants to discuss them: choice items most divided first, then
    likert items lowest rated first (what the room struggles with; see :func:`mean_position`), with
    ties and unrated items keeping the exercise's order. Values not on the scale (from an edited
    content file) are ignored.
    """
    answers = list(answers)
    result = []
    for position, item in enumerate(exercise.scaled_items):
        assert item.scale is not None
        counts = {value: 0 for value in item.scale.values()}
        for answer in answers:
            value = answer.get(item.id)
            if value in counts:
                counts[value] += 1
        dist = ItemDistribution(
            item_id=item.id,
            text=item.text,
            counts=counts,
            labels={o.value: o.label for o in item.scale.options},
            total=sum(counts.values()),
            divisiveness=divisiveness(counts.values()),
            item_type=item.type,
        )
        if kinds.kind_of(item.type).rated:
            mean = mean_position(dist, item.scale)
            # Unrated statements go last: there is nothing to discuss yet.
            key = (1, 1.0 if mean is None else 0.0, round(mean or 0.0, 9), position)
        else:
            key = (0, 0.0, -round(dist.divisiveness, 9), position)
        result.append((key, dist))
    result.sort(key=lambda pair: pair[0])
    return [dist for _, dist in result]


# --- likert: what a diverging bar needs ----------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """One option's piece of a diverging bar, as shares of the rated answers from -1 to 1.

    Low options lie left of 0, high options right of it; the middle option of an odd scale spans
    the centre line, half on each side."""

    value: str
    label: str
    count: int
    start: float
    end: float

    @property
    def share(self) -> float:
        """The option's share of the rated answers (0..1)."""
        return self.end - self.start


@dataclass(frozen=True)
class DivergingBar:
    """One likert statement as a diverging bar: rated options around a centre line, unsure apart."""

    item_id: str
    text: str
    #: The rated options in scale order (low to high), laid out around 0.
    segments: tuple[Segment, ...]
    #: ``(value, label, count)`` of each unsure option (e.g. Not applicable), in scale order.
    unsure: tuple[tuple[str, str, int], ...]
    #: Answers on the rating axis (unsure answers not included); the shares are out of these.
    rated: int
    #: Share of rated answers on the low side of the line (low options plus half the middle one).
    low: float
    #: Share of rated answers on the high side of the line (high options plus half the middle one).
    high: float

    @property
    def unsure_count(self) -> int:
        """How many chose an unsure option."""
        return sum(count for _, _, count in self.unsure)


def scale_halves(scale: Scale) -> tuple[tuple[str, ...], str | None, tuple[str, ...]]:
    """The rated (not unsure) option values of ``scale`` as ``(low half, middle, high half)``, each
    half in scale order; ``middle`` is None for an even number of rated options."""
    rated = tuple(o.value for o in scale.options if not o.unsure)
    half = len(rated) // 2
    middle = rated[half] if len(rated) % 2 else None
    return rated[:half], middle, rated[len(rated) - half:]


def _rated_counts(dist: ItemDistribution, scale: Scale) -> list[tuple[str, int]]:
    return [(o.value, dist.counts.get(o.value, 0)) for o in scale.options if not o.unsure]


def diverging(dist: ItemDistribution, scale: Scale) -> DivergingBar:
    """Lay out one likert statement's counts as a diverging bar.

    Shares are out of the answers on the rating axis: unsure options are listed apart, with their
    counts, and never on the bar. With nobody on the axis, every share is 0.
    """
    low_values, middle, high_values = scale_halves(scale)
    counts = dict(_rated_counts(dist, scale))
    rated = sum(counts.values())

    def share(value: str) -> float:
        return counts[value] / rated if rated else 0.0

    low = sum(share(v) for v in low_values)
    high = sum(share(v) for v in high_values)
    mid = share(middle) if middle is not None else 0.0
    segments = []
    # Lay the bar out from its left end, so the segments touch and keep the scale's order.
    x = -(low + mid / 2)
    for value, count in counts.items():
        width = share(value)
        segments.append(Segment(value, dist.labels.get(value, value), count, x, x + width))
        x += width
    unsure = tuple((o.value, dist.labels.get(o.value, o.label), dist.counts.get(o.value, 0))
                   for o in scale.options if o.unsure)
    return DivergingBar(item_id=dist.item_id, text=dist.text, segments=tuple(segments), unsure=unsure,
                        rated=rated, low=low + mid / 2, high=high + mid / 2)


def mean_position(dist: ItemDistribution, scale: Scale) -> float | None:
    """The mean rating on a 0..1 axis (0 = every rated answer at the lowest option, 1 = all at the
    highest), unsure answers left out; None when nobody rated the statement."""
    rated = _rated_counts(dist, scale)
    total = sum(count for _, count in rated)
    if not total or len(rated) < 2:
        return None
    steps = len(rated) - 1
    return sum(index * count for index, (_, count) in enumerate(rated)) / (steps * total)


def high_share(dist: ItemDistribution, scale: Scale) -> float:
    """The share of rated answers in the high half of the scale (e.g. Mostly or Always), the middle
    option of an odd scale not included; 0 when nobody rated the statement."""
    _, _, high_values = scale_halves(scale)
    rated = sum(count for _, count in _rated_counts(dist, scale))
    return sum(dist.counts.get(v, 0) for v in high_values) / rated if rated else 0.0
