"""Checking a participant's answers against an exercise before they are stored."""

from __future__ import annotations

import unicodedata
from typing import Any, Mapping

from kit.content.model import Exercise, Item
from kit.errors import InputError


def is_answered(item: Item, value: Any) -> bool:
    """Does ``value`` count as an answer to ``item`` (not empty, not just spaces)?"""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return True


def missing_items(exercise: Exercise, answers: Mapping[str, Any]) -> list[Item]:
    """The required items of ``exercise`` that ``answers`` leaves unanswered, in exercise order."""
    return [item for item in exercise.items if item.required and not is_answered(item, answers.get(item.id))]


def clean_text(raw: str, *, max_length: int) -> str:
    """Normalise free text (NFC, no control characters except newlines and tabs) and enforce a length.

    Raises :class:`InputError` when the text is too long; control characters are dropped because a
    participant never means them and they break CSV exports.
    """
    text = unicodedata.normalize("NFC", raw)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    text = text.strip()
    if len(text) > max_length:
        raise InputError(f"This answer is {len(text)} characters long; the limit is {max_length}.")
    return text


def clean_answers(exercise: Exercise, raw: Mapping[str, Any], *, require_all: bool = True) -> dict[str, Any]:
    """Validate ``raw`` answers against ``exercise`` and return the dict to store.

    Unknown item ids and values that are not on an item's scale are rejected (they can only come from
    a stale page or a tampered request); unanswered optional items are left out.
    """
    unknown = sorted(set(raw) - {item.id for item in exercise.items})
    if unknown:
        raise InputError("These answers do not belong to this exercise: " + ", ".join(unknown) + ". Reload the page.")
    cleaned: dict[str, Any] = {}
    for item in exercise.items:
        value = raw.get(item.id)
        if not is_answered(item, value):
            continue
        if item.type == "choice":
            if item.scale is None or value not in item.scale.values():
                raise InputError(f"'{value}' is not one of the choices for: {item.text}")
            cleaned[item.id] = value
        elif item.type == "text":
            if not isinstance(value, str):
                raise InputError(f"The answer to '{item.text}' must be text.")
            text = clean_text(value, max_length=item.max_length)
            if text:
                cleaned[item.id] = text
        else:  # a type this version cannot check is refused rather than stored unchecked
            raise InputError(f"This version of the kit cannot store answers to '{item.type}' items.")
    if require_all:
        missing = missing_items(exercise, cleaned)
        if missing:
            count = len(missing)
            raise InputError(f"{count} question{'s' if count > 1 else ''} still need{'' if count > 1 else 's'} an answer.")
    return cleaned
