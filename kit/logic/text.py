"""Cleaning what people type: the one place names and free text lose invisible characters.

Bidirectional controls can make text read differently from what it is (a "Trojan Source" name such
as ``Ann\\u202eeeL`` shows as "AnnLee"), and zero-width characters hide inside words. Neither is ever
meant by a participant, so they are removed before anything is stored or shown to the room:

* bidirectional controls: U+202A–U+202E (embeddings, overrides), U+2066–U+2069 (isolates),
  U+200E/U+200F (marks), U+061C (Arabic letter mark);
* zero-width characters: U+200B (space), U+2060 (word joiner), U+FEFF (byte order mark), and the
  joiners U+200C/U+200D except where they do visible work: U+200D between two emoji (👩‍🏫, 👨‍👩‍👧,
  🏳️‍🌈) and either joiner between two letters of a script where it changes how the letters join
  (Arabic and Persian, Syriac, the Indic scripts: ``می‌خواهم``).

Everything else (right-to-left letters, combining marks, emoji, flags, tag sequences) is kept as
typed. Cleaning is idempotent and never makes text longer than its NFC form.
"""

from __future__ import annotations

import unicodedata
from typing import Any

ZWNJ, ZWJ = "\u200c", "\u200d"

#: Bidirectional formatting characters: removed everywhere.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
#: Zero-width characters that never do visible work: removed everywhere.
ZERO_WIDTH = frozenset("\u200b\u2060\ufeff")
#: Every character :func:`strip_invisible` may remove (the joiners only out of context).
INVISIBLE = BIDI_CONTROLS | ZERO_WIDTH | {ZWNJ, ZWJ}

# Scripts in which a joiner between two letters changes their shapes, by the first word of the
# letters' Unicode names.
_JOINING_SCRIPTS = ("ARABIC", "SYRIAC", "NKO", "MANDAIC", "MONGOLIAN", "DEVANAGARI", "BENGALI", "GURMUKHI",
                    "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA")
# What may stand between an emoji and a joiner that follows it: variation selector 16, skin tones.
_EMOJI_TAIL = frozenset("\ufe0f") | {chr(c) for c in range(0x1F3FB, 0x1F400)}


def _is_emoji(ch: str) -> bool:
    # Emoji are "other symbols"; the pictographs joined in ZWJ sequences all are.
    return unicodedata.category(ch) == "So"


def _emoji_before(text: str, i: int) -> bool:
    """Does an emoji (with its variation selector or skin tone) end just before ``text[i]``?"""
    j = i - 1
    while j >= 0 and text[j] in _EMOJI_TAIL:
        j -= 1
    return j >= 0 and _is_emoji(text[j])


def _joining_letter(ch: str) -> bool:
    if unicodedata.category(ch)[0] not in "LM":
        return False
    return unicodedata.name(ch, "").startswith(_JOINING_SCRIPTS)


def _keeps_joiner(text: str, i: int) -> bool:
    """Is the joiner at ``text[i]`` doing visible work (see the module's docstring)?"""
    if i == 0 or i + 1 >= len(text):
        return False
    before, after = text[i - 1], text[i + 1]
    if text[i] == ZWJ and _emoji_before(text, i) and _is_emoji(after):
        return True
    return _joining_letter(before) and _joining_letter(after)


def strip_invisible(text: str) -> str:
    """``text`` without bidirectional controls and zero-width characters (joiners that do visible
    work stay). Nothing else changes."""
    if not any(ch in INVISIBLE for ch in text):  # the usual case: one pass, no copy
        return text
    # Removing one character can bring two joiners together, or a joiner next to a text end: repeat
    # until nothing more goes, so the result is the same whichever order things are removed in.
    while True:
        kept = "".join(ch for i, ch in enumerate(text)
                       if ch not in INVISIBLE or (ch in (ZWNJ, ZWJ) and _keeps_joiner(text, i)))
        if kept == text:
            return kept
        text = kept


def strip_invisible_strings(value: Any) -> Any:
    """``value`` (plain JSON data: answers, a draft) with :func:`strip_invisible` applied to every
    string in it. The store applies it to whatever it keeps, whoever the caller is."""
    if isinstance(value, str):
        return strip_invisible(value)
    if isinstance(value, list):
        return [strip_invisible_strings(v) for v in value]
    if isinstance(value, dict):
        return {k: strip_invisible_strings(v) for k, v in value.items()}
    return value


def _settled(step, text: str) -> str:
    """Apply ``step`` until the text stops changing. Each step only removes characters or normalises
    to NFC, so this ends at once in practice; a removal next to a combining mark can allow one more
    NFC composition, which the second round takes."""
    while True:
        again = step(text)
        if again == text:
            return text
        text = again


def _clean_text_once(text: str) -> str:
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return unicodedata.normalize("NFC", strip_invisible(text)).strip()


def clean_text(raw: str) -> str:
    """Free text as stored: invisible characters removed, NFC, no control characters except newlines
    and tabs, no spaces at either end. Lengths are checked by the caller, on this result."""
    return _settled(_clean_text_once, raw)


def clean_line(raw: str) -> str:
    """A one-line text (a name, a title) as stored: invisible characters removed, NFC, runs of spaces
    and line breaks made one space. Control characters are left for the caller to refuse."""
    return _settled(lambda text: " ".join(unicodedata.normalize("NFC", strip_invisible(text)).split()), raw)
