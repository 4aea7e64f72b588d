"""Cleaning names and free text: invisible characters out, everything people mean kept."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.logic.text import BIDI_CONTROLS, INVISIBLE, ZERO_WIDTH, clean_line, clean_text, strip_invisible, \
    strip_invisible_strings

# Real cases. Trojan Source (CVE-2021-42574): an override makes "AnneeL" display as "AnnLee".
TROJAN_NAME = "Ann\u202eeeL"
# A right-to-left isolate around a "shared" answer that reorders what the room reads.
ISOLATED = "I agree \u2067with nothing\u2069 here"
# A word padded with zero-width spaces, as pasted from chat apps (and used to dodge word filters).
PADDED = "\u200bconfi\u200bden\u200btial\u200b"
FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"          # 👨‍👩‍👧
TEACHER = "\U0001F469\U0001F3FD\u200d\U0001F3EB"                 # 👩🏽‍🏫 (skin tone, then the joiner)
HEALTH_WORKER = "\U0001F9D1\u200d\u2695\ufe0f"                   # 🧑‍⚕️
RAINBOW_FLAG = "\U0001F3F3\ufe0f\u200d\U0001F308"                # 🏳️‍🌈
SCOTLAND = "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"  # tag sequence
HEBREW = "שלום, אני מנטור חדש"
ARABIC = "أريد أن أتعلم كيف أكون مرشدًا جيدًا"
PERSIAN = "من می\u200cخواهم بهتر گوش کنم"  # the non-joiner is part of Persian spelling


@pytest.mark.parametrize("raw,expected", [
    (TROJAN_NAME, "AnneeL"),
    (ISOLATED, "I agree with nothing here"),
    (PADDED, "confidential"),
    ("pay\u200cpal", "paypal"),                 # a joiner between Latin letters does nothing visible
    ("\ufeffByte order mark", "Byte order mark"),
    ("word\u2060joiner", "wordjoiner"),
    ("\u200e\u200fmarks\u061c", "marks"),
    ("emoji then\u200d text \U0001F600\u200d", "emoji then text \U0001F600"),
])
def test_invisible_characters_are_removed(raw, expected):
    """Are bidirectional controls and zero-width characters removed, and nothing else?"""
    assert strip_invisible(raw) == expected
    assert clean_text(raw) == expected
    assert clean_line(raw) == expected


@pytest.mark.parametrize("kept", [FAMILY, TEACHER, HEALTH_WORKER, RAINBOW_FLAG, SCOTLAND, HEBREW, ARABIC, PERSIAN,
                                  "Zoë", "李小龍", "नमस्ते", "a\tb\nc"])
def test_what_people_mean_is_kept(kept):
    """Do emoji sequences, flags and right-to-left scripts (with their joiners) survive unchanged?"""
    assert strip_invisible(kept) == kept
    assert clean_text(f"  {kept}  ") == unicodedata.normalize("NFC", kept)


def test_right_to_left_text_loses_only_its_controls():
    """Does Arabic or Hebrew text wrapped in marks and embeddings come back without them, letters untouched?"""
    assert clean_text(f"\u202b{ARABIC}\u202c \u200f{HEBREW}\u200f") == f"{ARABIC} {HEBREW}"
    assert clean_line(f"\u2067{HEBREW}\u2069") == HEBREW


def test_family_emoji_in_a_name_keeps_its_joiners():
    """Is a ZWJ family inside a name kept, while a stray joiner next to it goes?"""
    assert clean_line(f"Ana {FAMILY}\u200d") == f"Ana {FAMILY}"


def test_json_data_is_cleaned_everywhere():
    """Is every string of nested answers cleaned, keys and non-strings left as they are?"""
    raw = {"note": PADDED, "group": [{"a": TROJAN_NAME, "n": 3}], "ok": True, "family": FAMILY}
    assert strip_invisible_strings(raw) == {"note": "confidential", "group": [{"a": "AnneeL", "n": 3}], "ok": True,
                                            "family": FAMILY}


# Text with a good share of the characters that matter: invisible ones, joiners, emoji, marks, letters.
INTERESTING = st.sampled_from(sorted(INVISIBLE) + ["\ufe0f", "\U0001F3FD", "\u0301", "\u093c", "\n", "\t", " ",
                                                   "\x07", "e", "ب", "ש", "क", "\U0001F468", "\u2695", "\u0958"])
TEXTS = st.text(alphabet=st.one_of(INTERESTING, st.characters(codec="utf-8")), max_size=40)


@given(TEXTS)
def test_cleaning_is_idempotent_and_never_grows(raw):
    """Is cleaning idempotent, and is the result never longer than the text's NFC form?"""
    for clean in (clean_text, clean_line):
        once = clean(raw)
        assert clean(once) == once
        # NFC itself may expand a few characters (U+0958 becomes two), so that is the yardstick.
        assert len(once) <= len(unicodedata.normalize("NFC", raw))
    stripped = strip_invisible(raw)
    assert strip_invisible(stripped) == stripped and len(stripped) <= len(raw)


@given(TEXTS)
def test_no_control_survives(raw):
    """Does no bidirectional control or always-invisible zero-width character survive cleaning?"""
    for clean in (strip_invisible, clean_text, clean_line):
        assert not set(clean(raw)) & (BIDI_CONTROLS | ZERO_WIDTH)
