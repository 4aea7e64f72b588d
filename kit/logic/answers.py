"""Checking a participant's answers against an exercise before they are stored."""

from __future__ import annotations

from typing import Any, Mapping

from kit import kinds
from kit.content.model import Exercise, Item
from kit.errors import InputError
from kit.kinds import clean_text  # noqa: F401  (re-exported: callers clean free text through here)
from kit.kinds.goal import GOAL_MAX_VERSIONS, GOAL_NOTE_LENGTH  # noqa: F401  (re-exported)
from kit.kinds.group import filled_entries  # noqa: F401  (re-exported)

#: Key of the answers mapping that lists the free-text items (text, group) whose author chose to share
#: them. Item ids cannot start with an underscore, so it never clashes with an item.
SHARED = "_shared"


def is_answered(item: Item, value: Any) -> bool:
    """Does ``value`` count as an answer to ``item`` (not empty, not just spaces)? Its kind decides."""
    return kinds.kind_of(item.type).is_answered(item, value)


def missing_items(exercise: Exercise, answers: Mapping[str, Any]) -> list[Item]:
    """The required items of ``exercise`` that ``answers`` leaves unanswered, in exercise order."""
    return [item for item in exercise.items if item.required and not is_answered(item, answers.get(item.id))]


def clean_answers(exercise: Exercise, raw: Mapping[str, Any], *, require_all: bool = True) -> dict[str, Any]:
    """Validate ``raw`` answers against ``exercise`` and return the dict to store.

    Unknown item ids and values that are not on an item's scale are rejected (they can only come from
    a stale page or a tampered request); unanswered optional items are left out.
    """
    unknown = sorted(set(raw) - {item.id for item in exercise.items} - {SHARED})
    if unknown:
        raise InputError("These answers do not belong to this exercise: " + ", ".join(unknown) + ". Reload the page.")
    cleaned: dict[str, Any] = {}
    for item in exercise.items:
        value = raw.get(item.id)
        kind = kinds.kind_of(item.type)  # an unknown type's answers are refused rather than stored unchecked
        if kind.is_answered(item, value):
            value = kind.clean(exercise, item, value)
        else:
            value = kind.clean_unanswered(exercise, item, value)
        if value is not None:
            cleaned[item.id] = value
    shared = _clean_shared(exercise, raw.get(SHARED), cleaned)
    if shared:
        cleaned[SHARED] = shared
    if require_all and not any(key != SHARED for key in cleaned) and not any(i.required for i in exercise.items):
        # Every item optional (a reflection): an empty submit is a slip, not an answer.
        raise InputError("Write at least one answer before you submit.")
    if require_all:
        missing = missing_items(exercise, cleaned)
        if missing:
            count = len(missing)
            raise InputError(f"{count} question{'s' if count > 1 else ''} still need{'' if count > 1 else 's'} an answer.")
    return cleaned


def _clean_shared(exercise: Exercise, value: Any, cleaned: Mapping[str, Any]) -> list[str]:
    """The ids of answered, shareable free-text items the participant chose to share, in item order."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError("Which answers you share is not in the expected form. Reload the page.")
    for item_id in value:
        item = next((i for i in exercise.items if i.id == item_id), None)
        if item is None or not kinds.kind_of(item.type).free_text or not item.shareable:
            raise InputError("This answer cannot be shared with the room. Reload the page.")
    return [item.id for item in exercise.items if item.id in value and item.id in cleaned]
