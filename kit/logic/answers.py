"""Checking a participant's answers against an exercise before they are stored."""

from __future__ import annotations

from typing import Any, Mapping

from kit.content.model import FREE_TEXT, Exercise, Item
from kit.errors import InputError
from kit.logic import text as text_rules

#: Key of the answers mapping that lists the free-text items (text, group) whose author chose to share
#: them. Item ids cannot start with an underscore, so it never clashes with an item.
SHARED = "_shared"


def is_answered(item: Item, value: Any) -> bool:
    """Does ``value`` count as an answer to ``item`` (not empty, not just spaces)?"""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if item.type == "group":
        return len(filled_entries(value)) >= item.min_entries
    return True


def filled_entries(value: Any) -> list[Mapping[str, Any]]:
    """The entries of a group answer that have any text (empty cards on the page are not entries)."""
    if not isinstance(value, list):
        return []
    return [entry for entry in value
            if isinstance(entry, Mapping) and any(isinstance(v, str) and v.strip() for v in entry.values())]


def missing_items(exercise: Exercise, answers: Mapping[str, Any]) -> list[Item]:
    """The required items of ``exercise`` that ``answers`` leaves unanswered, in exercise order."""
    return [item for item in exercise.items if item.required and not is_answered(item, answers.get(item.id))]


def clean_text(raw: str, *, max_length: int) -> str:
    """Normalise free text (:func:`kit.logic.text.clean_text`: NFC, no control characters except
    newlines and tabs, no bidirectional controls or zero-width characters) and enforce a length.

    Raises :class:`InputError` when the text is too long; control characters are dropped because a
    participant never means them and they break CSV exports.
    """
    text = text_rules.clean_text(raw)
    if len(text) > max_length:
        raise InputError(f"This answer is {len(text)} characters long; the limit is {max_length}.")
    return text


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
        if item.type == "group" and value is not None:
            # Checked even when no card has text: a malformed group is a stale or tampered page.
            entries = _clean_group_answer(item, value)
            if entries:
                cleaned[item.id] = entries
            continue
        if not is_answered(item, value):
            continue
        if item.type in ("choice", "likert"):
            if item.scale is None or value not in item.scale.values():
                raise InputError(f"'{value}' is not one of the choices for: {item.text}")
            cleaned[item.id] = value
        elif item.type == "text":
            if not isinstance(value, str):
                raise InputError(f"The answer to '{item.text}' must be text.")
            text = clean_text(value, max_length=item.max_length)
            if text:
                cleaned[item.id] = text
        elif item.type == "quiz":
            cleaned[item.id] = _clean_quiz_answer(exercise, item, value)
        elif item.type == "goal":
            goals = _clean_goal_answer(item, value)
            if goals["goals"]:
                cleaned[item.id] = goals
        else:  # a type this version cannot check is refused rather than stored unchecked
            raise InputError(f"This version of the kit cannot store answers to '{item.type}' items.")
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
        if item is None or item.type not in FREE_TEXT or not item.shareable:
            raise InputError("This answer cannot be shared with the room. Reload the page.")
    return [item.id for item in exercise.items if item.id in value and item.id in cleaned]


def _clean_group_answer(item: Item, value: Any) -> list[dict[str, str]]:
    """A group answer is a list of entries, each ``{field id: text}``. Entries with no text at all are
    dropped (the empty cards of the page); a kept entry must fill in every required field."""
    form_error = f"The answers to '{item.text}' are not in the expected form. Reload the page."
    if not isinstance(value, list):
        raise InputError(form_error)
    fields = {f.id: f for f in item.fields}
    entries: list[dict[str, str]] = []
    for entry in value:
        if not isinstance(entry, Mapping) or set(entry) - set(fields) or not all(
                isinstance(v, str) for v in entry.values()):
            raise InputError(form_error)
    for entry in filled_entries(value):
        number = len(entries) + 1
        cleaned: dict[str, str] = {}
        for field in item.fields:
            try:
                text = clean_text(entry.get(field.id, ""), max_length=field.max_length)
            except InputError:
                raise InputError(f"{item.entry_label} {number}, '{field.label}': {len(entry[field.id].strip())} "
                                 f"characters; the limit is {field.max_length}.") from None
            if text:
                cleaned[field.id] = text
            elif field.required:
                raise InputError(f"{item.entry_label} {number} needs '{field.label}' too (or clear it to leave it out).")
        entries.append(cleaned)
    if len(entries) > item.max_entries:
        raise InputError(f"'{item.text}' takes at most {item.max_entries} entries; this has {len(entries)}.")
    return entries


def _clean_quiz_answer(exercise: Exercise, item: Item, value: Any) -> dict[str, str]:
    """A quiz answer is ``{"answer": <option of the item's scale>, "confidence": <option of the
    exercise's confidence scale>}``; ``confidence`` is left out when the exercise asks none."""
    if not isinstance(value, Mapping):
        raise InputError(f"The answer to '{item.text}' is not in the expected form. Reload the page.")
    unknown = sorted(set(value) - {"answer", "confidence"})
    if unknown:
        raise InputError(f"The answer to '{item.text}' is not in the expected form. Reload the page.")
    answer, confidence = value.get("answer"), value.get("confidence")
    if item.scale is None or answer not in item.scale.values():
        raise InputError(f"Choose one of the answers for: {item.text}")
    cleaned = {"answer": answer}
    scale = exercise.confidence_scale
    if scale is not None:
        if confidence not in scale.values():
            raise InputError(f"Say how sure you are about: {item.text}")
        cleaned["confidence"] = confidence
    elif confidence is not None:
        raise InputError(f"This quiz does not ask how sure you are ('{item.text}'). Reload the page.")
    return cleaned


#: Most versions one goal keeps (the rewrite history) and most characters in one check-list note.
GOAL_MAX_VERSIONS = 20
GOAL_NOTE_LENGTH = 500


def _clean_goal_answer(item: Item, value: Any) -> dict[str, list]:
    """A goal answer is ``{"goals": [{"versions": [text, ...], "checks": {question id: {"answer": "yes" |
    "no", "note": text}}, "shared": bool}, ...]}``: every version of a goal in order (the last one counts),
    the check list per goal, and whether its author shares it with the group. At most ``max_goals``
    goals; each goal needs text."""
    form_error = f"The goals for '{item.text}' are not in the expected form. Reload the page."
    if not isinstance(value, Mapping) or set(value) - {"goals"} or not isinstance(value.get("goals", []), list):
        raise InputError(form_error)
    goals = value.get("goals", [])
    if len(goals) > item.max_goals:
        raise InputError(f"Write at most {item.max_goals} goals; this has {len(goals)}.")
    questions = {q.id for component in item.checklist for q in component.questions}
    cleaned = []
    for number, goal in enumerate(goals, start=1):
        if not isinstance(goal, Mapping) or set(goal) - {"versions", "checks", "shared"}:
            raise InputError(form_error)
        versions_raw, checks_raw = goal.get("versions", []), goal.get("checks", {})
        shared = goal.get("shared", False)
        if (not isinstance(versions_raw, list) or not isinstance(checks_raw, Mapping)
                or not isinstance(shared, bool) or not all(isinstance(v, str) for v in versions_raw)):
            raise InputError(form_error)
        if len(versions_raw) > GOAL_MAX_VERSIONS:
            raise InputError(f"Goal {number} has {len(versions_raw)} versions; at most {GOAL_MAX_VERSIONS} are kept. "
                             "Start again from your latest wording.")
        versions: list[str] = []
        for raw in versions_raw:
            try:
                text = clean_text(raw, max_length=item.max_length)
            except InputError:
                raise InputError(f"Goal {number} is {len(raw.strip())} characters long; the limit is "
                                 f"{item.max_length}.") from None
            if text and (not versions or versions[-1] != text):
                versions.append(text)
        if not versions:
            raise InputError(f"Goal {number} has no text yet: write it, or leave its card empty.")
        checks: dict[str, dict[str, str]] = {}
        for question_id, check in checks_raw.items():
            if question_id not in questions or not isinstance(check, Mapping) or set(check) - {"answer", "note"}:
                raise InputError(form_error)
            answer, note = check.get("answer"), check.get("note") or ""
            if answer not in (None, "yes", "no") or not isinstance(note, str):
                raise InputError(form_error)
            try:
                note = clean_text(note, max_length=GOAL_NOTE_LENGTH)
            except InputError:
                raise InputError(f"A note on goal {number} is longer than {GOAL_NOTE_LENGTH} characters.") from None
            entry = {key: val for key, val in (("answer", answer), ("note", note)) if val}
            if entry:
                checks[question_id] = entry
        if shared and not item.shareable:
            raise InputError(f"Goals for '{item.text}' cannot be shared with the group. Reload the page.")
        cleaned.append({"versions": versions, "checks": checks, "shared": shared})
    return {"goals": cleaned}
