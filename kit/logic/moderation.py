"""What a facilitator chose to take out of (or mark in) the room's view of one exercise, kept in the
session's settings as lists of strings per exercise: ``settings[key][exercise id]`` is a list (the
word cloud's hidden words) or a mapping of named lists (the Q&A's ``answered`` and ``hidden``).

Pure functions: the store applies the new value inside its locked transaction, so two facilitators'
changes never overwrite each other. Anything malformed in stored settings reads as empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def chosen(settings: Mapping[str, Any], key: str, exercise_id: str, name: str | None = None) -> list[str]:
    """The list kept under ``settings[key][exercise_id]`` (or its list ``name``), [] when absent."""
    every = settings.get(key) if isinstance(settings, Mapping) else None
    mine = every.get(exercise_id) if isinstance(every, Mapping) else None
    if name is None:
        return _strings(mine)
    return _strings(mine.get(name)) if isinstance(mine, Mapping) else []


def with_chosen(settings: Mapping[str, Any], key: str, exercise_id: str, value: str, on: bool,
                name: str | None = None, names: tuple[str, ...] = ()) -> dict[str, Any]:
    """The new ``settings[key]`` with ``value`` added to (``on``) or taken from the exercise's list
    (its list ``name``; every list of ``names`` is kept, cleaned). Lists stay sorted, without repeats;
    other exercises' entries are kept as they are."""
    every = dict(settings.get(key) or {}) if isinstance(settings, Mapping) and isinstance(settings.get(key), Mapping) else {}
    current = [v for v in chosen(settings, key, exercise_id, name) if v != value]
    current = sorted(current + [value]) if on else current
    if name is None:
        every[exercise_id] = current
    else:
        every[exercise_id] = {other: current if other == name else chosen(settings, key, exercise_id, other)
                              for other in dict.fromkeys((*names, name))}
    return every


__all__ = ["chosen", "with_chosen"]
