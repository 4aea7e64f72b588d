"""The session's agenda and who leads it: what every participant page shows right now.

Pacing lives in the session's settings (JSON in the store), next to ``open`` and ``revealed`` (see
:mod:`kit.logic.visibility`), so every kernel reads the same state, a server restart keeps it, and two
facilitator tabs end with one agreed current exercise (the store locks the row on each change):

* ``settings["agenda"]``: exercise ids in the order of the workshop; absent means the content's order.
* ``settings["current"]``: the exercise being presented, or absent/None (participants wait in the lobby).
* ``settings["paused"]``: a message for the room while phones should be put down ("" for the default
  message), or absent/None when not paused.
* ``settings["self_paced"]``: True when participants move freely between the open exercises.

Every function here is pure: it reads settings and returns the settings *changes* to store, or what a
participant page should show. Nothing here knows about widgets or the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from kit.errors import InputError
from kit.logic.text import clean_line
from kit.logic.visibility import is_open, with_open

#: What phones show during a pause when the facilitator typed no message.
DEFAULT_PAUSE = "Look up: discussion time."
PAUSE_MAX = 200

LOBBY, PAUSED, EXERCISE, CHOOSE = "lobby", "paused", "exercise", "choose"


@dataclass(frozen=True)
class Pace:
    """The pacing state of a session, read from its settings."""

    agenda: tuple[str, ...]
    current: str | None
    paused: str | None
    self_paced: bool

    @property
    def position(self) -> int | None:
        """The current exercise's index in the agenda (None when nothing is presented)."""
        return self.agenda.index(self.current) if self.current in self.agenda else None


@dataclass(frozen=True)
class Screen:
    """What one participant page shows: ``kind`` is lobby, paused, exercise or choose (the list of
    open exercises, self-paced); ``exercise`` is set for ``exercise``; ``message`` for ``paused``."""

    kind: str
    exercise: str | None = None
    message: str = ""


def agenda(settings: Mapping[str, Any], all_ids: Iterable[str]) -> list[str]:
    """The session's agenda: the stored order, without ids the content no longer has (content files
    can change between runs); the content's order when none is stored."""
    ids = list(all_ids)
    stored = settings.get("agenda")
    if not isinstance(stored, list):
        return ids
    known = set(ids)
    return list(dict.fromkeys(i for i in stored if isinstance(i, str) and i in known))


def pace(settings: Mapping[str, Any], all_ids: Iterable[str]) -> Pace:
    """The session's :class:`Pace`; a current exercise that left the agenda counts as none."""
    order = tuple(agenda(settings, all_ids))
    current = settings.get("current")
    current = current if isinstance(current, str) and current in order else None
    paused = settings.get("paused")
    return Pace(agenda=order, current=current, paused=paused if isinstance(paused, str) else None,
                self_paced=settings.get("self_paced") is True)


def present(settings: Mapping[str, Any], all_ids: Iterable[str], exercise_id: str) -> dict[str, Any]:
    """Changes that present ``exercise_id``: it becomes current, is opened to participants and any
    pause ends. An exercise missing from the agenda is refused with a message naming the agenda."""
    ids = list(all_ids)
    order = agenda(settings, ids)
    if exercise_id not in order:
        known = ", ".join(order) or "(the agenda is empty)"
        where = "is not on this session's agenda" if exercise_id in ids else "does not exist"
        raise InputError(f"The exercise “{exercise_id}” {where}. The agenda has: {known}.")
    changes: dict[str, Any] = {"current": exercise_id, "paused": None}
    if not is_open(settings, exercise_id):
        changes["open"] = with_open(settings, ids, exercise_id, True)
    return changes


def step(settings: Mapping[str, Any], all_ids: Iterable[str], direction: int,
         titles: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Changes that present the next (``direction`` = 1) or previous (-1) exercise of the agenda.

    With nothing presented, Next starts at the first exercise and Back at the last. At either end the
    current exercise stays, and the message says so, so a facilitator pressing Next once too often
    sees why nothing moved; it names the exercise by its title in ``titles`` (id -> title) when there
    is one, else by its id.
    """
    ids = list(all_ids)
    state = pace(settings, ids)
    if not state.agenda:
        raise InputError("The agenda is empty: add an exercise to it first.")
    if state.position is None:
        target = state.agenda[0] if direction > 0 else state.agenda[-1]
    else:
        index = state.position + (1 if direction > 0 else -1)
        if not 0 <= index < len(state.agenda):
            end = "last" if direction > 0 else "first"
            name = (titles or {}).get(state.current, state.current)
            raise InputError(f"“{name}” is the {end} exercise of the agenda.")
        target = state.agenda[index]
    return present(settings, ids, target)


def upcoming(settings: Mapping[str, Any], all_ids: Iterable[str]) -> list[str]:
    """The exercises a paced page should have built before the facilitator asks for them, likeliest
    first: the presented one (a pause ends on it) and the one Next presents; from the lobby, the
    first of the agenda (where Next starts)."""
    state = pace(settings, all_ids)
    if not state.agenda:
        return []
    if state.position is None:
        return [state.agenda[0]]
    return list(state.agenda[state.position:state.position + 2])


def pause(message: str | None = None) -> dict[str, Any]:
    """Changes that pause the room, paced or self-paced (phones show ``message``, or
    :data:`DEFAULT_PAUSE`); runs of spaces and line breaks become one space, invisible characters
    go (:func:`kit.logic.text.clean_line`)."""
    text = clean_line(message or "")
    if len(text) > PAUSE_MAX:
        raise InputError(f"A pause message has at most {PAUSE_MAX} characters ({len(text)} given).")
    return {"paused": text}


def resume() -> dict[str, Any]:
    """Changes that end a pause (the presented exercise comes back)."""
    return {"paused": None}


def self_paced(on: bool) -> dict[str, Any]:
    """Changes that let participants move freely (``on``) or follow the facilitator again."""
    return {"self_paced": bool(on), "paused": None}


def with_agenda(all_ids: Iterable[str], order: Iterable[str]) -> dict[str, Any]:
    """Changes that store ``order`` as the agenda (reordered, added to or shortened).

    Unknown ids and repeats are refused rather than dropped: a typo in a scripted agenda must not
    silently lose an exercise.
    """
    ids = set(all_ids)
    order = list(order)
    unknown = [i for i in order if i not in ids]
    if unknown:
        raise InputError(f"Not an exercise: {', '.join(map(str, unknown))}.")
    repeated = sorted({i for i in order if order.count(i) > 1})
    if repeated:
        raise InputError(f"An exercise can be on the agenda once: {', '.join(repeated)}.")
    return {"agenda": order}


def moved(settings: Mapping[str, Any], all_ids: Iterable[str], exercise_id: str, offset: int) -> dict[str, Any]:
    """Changes that move ``exercise_id`` ``offset`` places in the agenda (clamped at the ends)."""
    order = agenda(settings, all_ids)
    if exercise_id not in order:
        raise InputError(f"“{exercise_id}” is not on the agenda.")
    index = order.index(exercise_id)
    order.pop(index)
    order.insert(max(0, min(len(order), index + offset)), exercise_id)
    return with_agenda(all_ids, order)


def removed(settings: Mapping[str, Any], all_ids: Iterable[str], exercise_id: str) -> dict[str, Any]:
    """Changes that take ``exercise_id`` off the agenda (participants on it go back to the lobby)."""
    order = [i for i in agenda(settings, all_ids) if i != exercise_id]
    changes = with_agenda(all_ids, order)
    if settings.get("current") == exercise_id:
        changes["current"] = None
    return changes


def added(settings: Mapping[str, Any], all_ids: Iterable[str], exercise_id: str) -> dict[str, Any]:
    """Changes that put ``exercise_id`` at the end of the agenda."""
    order = agenda(settings, all_ids)
    if exercise_id in order:
        raise InputError(f"“{exercise_id}” is on the agenda already.")
    return with_agenda(all_ids, [*order, exercise_id])


def choices(settings: Mapping[str, Any], all_ids: Iterable[str]) -> list[str]:
    """The exercises a self-paced participant may open: on the agenda and open, in agenda order."""
    return [i for i in agenda(settings, all_ids) if is_open(settings, i)]


def screen(settings: Mapping[str, Any], all_ids: Iterable[str], *, session_open: bool = True,
           requested: str | None = None) -> Screen:
    """What a participant page shows now; ``requested`` is the exercise this participant chose
    (self-paced) or the one named in an old per-exercise link.

    * An ended session lets people look back at any exercise on the agenda (read-only, see the views).
    * A pause comes first in either mode: the facilitator asks the whole room to look up.
    * Following the facilitator: the presented exercise if it is still open, else the lobby. A link
      to another exercise does not override the room's pace.
    * Self-paced: the chosen exercise if it may be opened, else the list (a presented exercise is
      opened and on the projector, but nobody is taken away from the list to it).
    """
    ids = list(all_ids)
    state = pace(settings, ids)
    if not session_open:
        return Screen(EXERCISE, requested) if requested in state.agenda else Screen(CHOOSE)
    if state.paused is not None:
        return Screen(PAUSED, message=state.paused or DEFAULT_PAUSE)
    if not state.self_paced:
        if state.current is not None and is_open(settings, state.current):
            return Screen(EXERCISE, state.current)
        return Screen(LOBBY)
    allowed = choices(settings, ids)
    if requested in allowed:
        return Screen(EXERCISE, requested)
    return Screen(CHOOSE)
