"""Join and pair codes: generation, normalisation, and lookup through the store."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.errors import InputError
from kit.store import format_pair_code, looks_like_code, new_join_code, new_pair_code, normalize_code
from kit.store.codes import ALPHABET


def test_alphabet_has_no_lookalikes_or_vowels():
    """Does the code alphabet leave out 0/O, 1/I/L and the vowels?"""
    assert not set("01OIL") & set(ALPHABET)
    assert not set("AEIOU") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET)


def test_new_codes_have_the_right_shape():
    """Are new join codes 6 and pair codes 8 characters from the alphabet, and is a pair code shown
    as two groups of four that read back as the same code?"""
    for _ in range(200):
        join, pair = new_join_code(), new_pair_code()
        assert len(join) == 6 and set(join) <= set(ALPHABET)
        assert len(pair) == 8 and set(pair) <= set(ALPHABET)
        assert looks_like_code(join, 6) and looks_like_code(pair, 8)
        shown = format_pair_code(pair)
        assert shown[4] == "-" and normalize_code(shown.lower()) == pair


def test_new_codes_vary():
    """Are new codes random rather than repeating?"""
    assert len({new_join_code() for _ in range(100)}) > 95


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("k7m2qd", "K7M2QD"),
        ("  K7M 2QD  ", "K7M2QD"),
        ("k7m-2qd", "K7M2QD"),
        ("K7M–2QD", "K7M2QD"),  # en dash, as phones autocorrect
        ("Ｋ７Ｍ２ＱＤ", "K7M2QD"),  # full-width keyboard
        ("k\t7\nm2qd", "K7M2QD"),
        ("", ""),
    ],
)
def test_normalize_code(raw, expected):
    """Does normalisation uppercase and drop spaces and dashes (and nothing else)?"""
    assert normalize_code(raw) == expected


def test_normalize_code_does_not_guess_lookalikes():
    """Is an O typed for a 0 left alone, so the code is plainly invalid rather than guessed?"""
    assert normalize_code("o0il1") == "O0IL1"
    assert not looks_like_code("KOM2QD", 6)


@pytest.mark.parametrize("raw", [None, 123, "K7M2Q", "K7M2QDX", "K7M2Q!", "AEIOU2", "K7M2Q\x00"])
def test_looks_like_code_rejects(raw):
    """Are wrong lengths, foreign characters and non-strings rejected?"""
    assert not looks_like_code(raw, 6)


@given(
    code=st.text(alphabet=ALPHABET, min_size=6, max_size=6),
    separators=st.lists(st.sampled_from([" ", "-", "  ", "\t"]), min_size=7, max_size=7),
    lower=st.booleans(),
)
def test_formatted_codes_normalize_back(code, separators, lower):
    """Does any spacing, dashing or casing of a code normalise back to the code?"""
    typed = "".join(sep + ch for sep, ch in zip(separators, code)) + separators[-1]
    if lower:
        typed = typed.lower()
    assert normalize_code(typed) == code
    assert looks_like_code(typed, 6)


@pytest.mark.parametrize(
    "shape",
    [str.lower, lambda c: f" {c[:3]} {c[3:]} ", lambda c: f"{c[:3]}-{c[3:]}".lower()],
    ids=["lowercase", "spaces", "dashes"],
)
def test_store_finds_session_by_typed_code(store, shape):
    """Does the store find a session however the participant typed its code?"""
    session = store.create_session("Cohort")
    assert store.get_session(shape(session.code)) == session
    assert store.require_open_session(shape(session.code)) == session
    assert store.join(shape(session.code), None).session_id == session.id


def test_store_rejects_malformed_code_without_echo(store):
    """Is a malformed code rejected with a message that does not repeat the typed text?"""
    with pytest.raises(InputError) as caught:
        store.require_open_session("<script>alert(1)</script>")
    assert "script" not in str(caught.value)
    assert store.get_session("<script>") is None
