"""Checks on the values callers hand the store: ids, run numbers, names and short texts.

Each returns the value as it will be stored, or raises an :class:`~kit.errors.InputError` whose
message is shown to the person as is.
"""

from __future__ import annotations

import unicodedata

from kit.errors import InputError
from kit.logic.text import clean_line
from kit.store.tables import DISPLAY_NAME_MAX, TOKEN_MAX

# Joiners (kept by kit.logic.text only where they do visible work) and tag characters (flags of
# England, Scotland, ...) are the format characters a name may keep; bidi controls and zero-width
# spaces are removed before this check, and any other format character is refused.
_ALLOWED_FORMAT_CHARS = frozenset({"\u200c", "\u200d"} | {chr(c) for c in range(0xE0020, 0xE0080)})


def check_token(value: object, what: str) -> str:
    """An identifier supplied by the app (exercise id, idempotency key): 1..100 printable chars."""
    if not isinstance(value, str) or not 0 < len(value) <= TOKEN_MAX or not value.isprintable():
        raise InputError(f"The {what} id is missing or malformed. Please reload the page.")
    return value


def check_run(run: object) -> int:
    """A run number: a whole number of at least 1 (a quiz has runs 1 and 2)."""
    if isinstance(run, bool) or not isinstance(run, int) or run < 1:
        raise InputError("The run of this exercise is missing or malformed. Please reload the page.")
    return run


def is_forbidden_char(ch: str) -> bool:
    """Is ``ch`` a control, surrogate or format character a stored text may not hold?"""
    category = unicodedata.category(ch)
    if category in ("Cc", "Cs"):
        return True
    return category == "Cf" and ch not in _ALLOWED_FORMAT_CHARS


def clean_text(raw: object, max_length: int, label: str) -> str | None:
    """NFC, whitespace collapsed, invisible characters removed (:func:`kit.logic.text.clean_line`);
    None when empty. InputError for control characters or length."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise InputError(f"{label} must be text.")
    text = clean_line(raw)
    if not text:
        return None
    if any(is_forbidden_char(ch) for ch in text):
        raise InputError(f"{label} cannot contain control or invisible formatting characters.")
    if len(text) > max_length:
        raise InputError(f"{label} can be at most {max_length} characters.")
    return text


def clean_display_name(raw: object) -> str | None:
    """A display name as stored, None for anonymous; InputError with a message for the person."""
    if raw is not None and not isinstance(raw, str):
        raise InputError("Please type your name, or leave the field empty to stay anonymous.")
    text = clean_line(raw or "")
    if not text and (raw or "").strip():  # nothing but invisible characters: not a name, not "anonymous"
        raise InputError("Please type your name, or tick “Stay anonymous”.")
    if len(text) > DISPLAY_NAME_MAX:
        raise InputError(f"Names can be at most {DISPLAY_NAME_MAX} characters.")
    if any(is_forbidden_char(ch) for ch in text):
        raise InputError("Names cannot contain control or invisible formatting characters.")
    return text or None
