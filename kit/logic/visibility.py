"""Which exercises a session has open to participants, and which results the facilitator revealed.

Both live in the session's settings (JSON in the store) so every kernel, participant or facilitator,
reads the same state:

* ``settings["open"]``: list of exercise ids open now, or absent/None for "all exercises" (a new
  session works without any set-up).
* ``settings["revealed"]``: list of exercise ids whose results the facilitator revealed. Results
  start hidden, so early answers cannot sway the room.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping


def open_exercises(settings: Mapping[str, Any], all_ids: Iterable[str]) -> list[str]:
    """The ids (in ``all_ids`` order) open to participants."""
    ids = list(all_ids)
    chosen = settings.get("open")
    if chosen is None:
        return ids
    chosen = set(chosen)
    return [i for i in ids if i in chosen]


def is_open(settings: Mapping[str, Any], exercise_id: str) -> bool:
    """Is ``exercise_id`` open to participants?"""
    chosen = settings.get("open")
    return chosen is None or exercise_id in chosen


def with_open(settings: Mapping[str, Any], all_ids: Iterable[str], exercise_id: str, is_open_now: bool) -> list[str]:
    """The new ``open`` list after opening or closing one exercise."""
    current = open_exercises(settings, all_ids)
    ids = list(all_ids)
    wanted = set(current) | {exercise_id} if is_open_now else set(current) - {exercise_id}
    return [i for i in ids if i in wanted]


def is_revealed(settings: Mapping[str, Any], exercise_id: str) -> bool:
    """Has the facilitator revealed the results of ``exercise_id``?"""
    return exercise_id in (settings.get("revealed") or [])


def with_revealed(settings: Mapping[str, Any], exercise_id: str, revealed: bool) -> list[str]:
    """The new ``revealed`` list after revealing or hiding one exercise."""
    current = [i for i in (settings.get("revealed") or []) if i != exercise_id]
    return current + [exercise_id] if revealed else current
