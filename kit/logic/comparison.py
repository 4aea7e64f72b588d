"""Comparing two partners' answers item by item (the confidentiality and accountability pair comparisons,
the orders of a paired ranking).

Each item's kind says how it is compared (:meth:`kit.kinds.Kind.compare`; kinds that are not compared
answer None). Choice and likert items are compared alike here (:func:`scaled_comparison`: same option:
agree; an unsure option on either side: unsure; else differ). A likert item also says how many scale
steps apart the two ratings are, so a pair can start with the statements they see most differently
(:func:`discussion_order`). A ranking compares two orders (:mod:`kit.kinds.ranking`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Mapping

from kit import kinds
from kit.content.model import Exercise, Item, Scale

Status = Literal["agree", "differ", "unsure", "missing"]

#: Order in which a pair should talk: differences first, then uncertainty, then agreement.
STATUS_ORDER: dict[str, int] = {"differ": 0, "unsure": 1, "missing": 2, "agree": 3}


@dataclass(frozen=True)
class ItemComparison:
    """One item seen by both partners."""

    item_id: str
    text: str
    mine: Any
    theirs: Any
    mine_label: str
    theirs_label: str
    status: Status
    prompt: str | None
    #: The item's type, so a view can ask its kind how to word ratings and answers (no kind is assumed).
    item_type: str
    #: Likert items where both rated: how many scale steps apart (0 when equal); a ranking: the most
    #: places any option is apart. None otherwise.
    distance: int | None = None
    #: What a kind compares beyond one label per side (a ranking's places per option), for its own
    #: view (:meth:`kit.kinds.Kind.compare_html`); None for a row of the statement table.
    detail: Any = None


def _label(exercise: Exercise, item_id: str, value: Any) -> str:
    if value is None:
        return "No answer"
    item = exercise.item(item_id)
    if item.scale is not None:
        try:
            return item.scale.label(value)
        except KeyError:
            return str(value)
    return str(value)


def item_status(exercise: Exercise, item_id: str, mine: Any, theirs: Any) -> Status:
    """Classify one item: ``missing`` if either has no answer, ``unsure`` if either chose an unsure
    option (even when both did: shared uncertainty is worth a conversation), else agree or differ."""
    if mine is None or theirs is None:
        return "missing"
    scale = exercise.item(item_id).scale
    if scale is not None and (scale.is_unsure(mine) or scale.is_unsure(theirs)):
        return "unsure"
    return "agree" if mine == theirs else "differ"


def rating_distance(scale: Scale, mine: Any, theirs: Any) -> int | None:
    """How many steps apart two ratings are on ``scale`` (unsure options are not on the axis); None
    when either is missing, unsure or not on the scale."""
    rated = [o.value for o in scale.options if not o.unsure]
    if mine not in rated or theirs not in rated:
        return None
    return abs(rated.index(mine) - rated.index(theirs))


def _prompt(exercise: Exercise, item_id: str, status: Status) -> str | None:
    item = exercise.item(item_id)
    pairing = exercise.pairing
    if status == "differ":
        return item.discuss or (pairing.differ if pairing else None)
    if status == "unsure":
        general = pairing.unsure if pairing else None
        return " ".join(p for p in (general, item.discuss) if p) or None
    return None


def scaled_comparison(exercise: Exercise, item: Item, a: Any, b: Any) -> ItemComparison:
    """One choice or likert item compared: status, labels, the content's prompt, and for a rating
    (likert) the distance between the two ratings."""
    status = item_status(exercise, item.id, a, b)
    distance = None
    if kinds.kind_of(item.type).rated and item.scale is not None and status in ("agree", "differ"):
        distance = rating_distance(item.scale, a, b)
    return ItemComparison(
        item_id=item.id,
        text=item.text,
        mine=a,
        theirs=b,
        mine_label=_label(exercise, item.id, a),
        theirs_label=_label(exercise, item.id, b),
        status=status,
        prompt=_prompt(exercise, item.id, status),
        item_type=item.type,
        distance=distance,
    )


def compare_answers(exercise: Exercise, mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> list[ItemComparison]:
    """Compare two partners' answers on every item of ``exercise`` whose kind compares (choice, likert,
    ranking), in the exercise's order (:func:`discussion_order` gives the order to talk in).

    Each difference and each uncertainty carries a discussion prompt from the content file; a likert
    item carries the distance between the two ratings, a ranking the places per option.
    """
    result = []
    for item in exercise.items:
        compared = kinds.kind_of(item.type).compare(exercise, item, mine.get(item.id), theirs.get(item.id))
        if compared is not None:
            result.append(compared)
    return result


def prompt_for(exercise: Exercise, item_id: str, status: Status) -> str | None:
    """The content's discussion prompt for an item with ``status`` (the item's own ``discuss`` for a
    difference, else the pairing's general prompt), or None."""
    return _prompt(exercise, item_id, status)


def discussion_order(comparisons: list[ItemComparison]) -> list[ItemComparison]:
    """The order a pair should talk in: differences first (likert ratings furthest apart first, e.g.
    Never vs Always before Mostly vs Always), then uncertainty, missing answers and agreement; ties
    keep the exercise's order."""
    return sorted(comparisons, key=lambda c: (STATUS_ORDER[c.status], -(c.distance or 0)))


def status_counts(comparisons: list[ItemComparison]) -> dict[str, int]:
    """How many items fall in each status, with every status present (zero when none)."""
    counts = {status: 0 for status in STATUS_ORDER}
    for c in comparisons:
        counts[c.status] += 1
    return counts
