"""Join codes and pair codes: random, and hard to misread.

Codes are read off a projector and typed on phones, so the alphabet leaves out characters that
look alike (0/O, 1/I/L) and the vowels (so no code spells a word someone could take offence at).
"""

from __future__ import annotations

import secrets
import unicodedata

#: The characters codes are made of: digits 2-9 and the consonants without L.
ALPHABET = "23456789BCDFGHJKMNPQRSTVWXYZ"
JOIN_CODE_LENGTH = 6
#: 28**8 (about 3.8e11) pair codes: with 5 requests a minute per participant, even a hundred fake
#: joins guessing for a whole day hit one of 30 real codes with odds of about 1 in 50,000, and a hit
#: only sends a request the owner can decline.
PAIR_CODE_LENGTH = 8

# Separators people type (or phones insert) between groups of characters.
_SEPARATORS = frozenset("-_.\u2010\u2011\u2012\u2013\u2014\u2212")


def _new_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_join_code() -> str:
    """A fresh random 6-character session join code."""
    return _new_code(JOIN_CODE_LENGTH)


def new_pair_code() -> str:
    """A fresh random 8-character pair code (unique only within a session; the store checks)."""
    return _new_code(PAIR_CODE_LENGTH)


def format_pair_code(code: str) -> str:
    """``code`` as people read and type it: two groups of four ("K7MB-Q3XP"); the dash is optional
    when typed (:func:`normalize_code` drops it)."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if len(code) == PAIR_CODE_LENGTH else code


def normalize_code(raw: str) -> str:
    """``raw`` as the canonical code: uppercase, without spaces or dashes.

    NFKC first, so full-width characters from East Asian keyboards become plain ASCII. Nothing is
    "corrected" (an O typed for a 0, say): neither is in the alphabet, so any guess could be wrong.
    Anything that is not a string normalises to ``""``, which is never a valid code.
    """
    if not isinstance(raw, str):
        return ""
    text = unicodedata.normalize("NFKC", raw)
    return "".join(ch for ch in text if not ch.isspace() and ch not in _SEPARATORS).upper()


def looks_like_code(raw: str, length: int) -> bool:
    """Whether ``raw``, once normalised, has ``length`` characters all from :data:`ALPHABET`."""
    code = normalize_code(raw)
    return len(code) == length and all(ch in ALPHABET for ch in code)
