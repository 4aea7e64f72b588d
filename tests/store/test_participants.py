"""Participants in the store: joining by code, names, join tokens, pair codes."""

from __future__ import annotations

import uuid

import pytest

from kit.errors import InputError
from kit.store.records import ANONYMOUS_LABEL


def sid() -> str:
    return uuid.uuid4().hex


# -- joining --------------------------------------------------------------------------------------


def test_join_with_name(store, session):
    """Does a participant get a random key, a pair code and their tidied name?"""
    joined = store.join(session.code, "  Ann \t Lee ")
    assert joined.display_name == "Ann Lee" and joined.label == "Ann Lee"
    assert joined.session_id == session.id
    assert len(joined.key) >= 22 and len(joined.pair_code) == 8
    assert store.get_participant(joined.key) == joined
    assert store.participant_in_session(session.code, joined.key) == joined
    assert store.count_participants(session.code) == 1


@pytest.mark.parametrize("name", [None, "", "   ", "\n\t "])
def test_join_anonymous(store, session, name):
    """Is an empty or whitespace-only name stored as anonymous?"""
    joined = store.join(session.code, name)
    assert joined.display_name is None
    assert joined.label == ANONYMOUS_LABEL
    assert store.get_participant(joined.key).display_name is None


def test_join_name_is_nfc_normalised(store, session):
    """Is a decomposed accent stored in its composed (NFC) form?"""
    assert store.join(session.code, "Rene\u0301e").display_name == "Ren\u00e9e"


def test_join_accepts_emoji_and_scripts(store, session):
    """Are non-Latin names and emoji (with joiners) kept as typed?"""
    for name in ["Zoë", "李小龍", "محمد", "👩‍🏫 Ana"]:
        assert store.join(session.code, name).display_name == name


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("x" * 41, "Names can be at most 40 characters."),
        ("Ann\x00", "control"),
        ("Ann\x07Lee", "control"),
        ("Ann\uFFF9Lee", "control"),  # an interlinear annotation: a format character no name needs
        ("\u200b", "Stay anonymous"),  # nothing but a zero-width space is not a name
        (42, "name"),
    ],
)
def test_join_rejects_bad_names(store, session, name, message):
    """Is a too long name, or one with control characters, rejected and nothing stored?"""
    with pytest.raises(InputError, match=message):
        store.join(session.code, name)
    assert store.count_participants(session.code) == 0


@pytest.mark.parametrize(("typed", "stored"), [
    ("Ann\u202eeeL", "AnneeL"),                     # Trojan Source: the override would show "AnnLee"
    ("\u200bCarol\u200b", "Carol"),                 # zero-width padding
    ("\u2067مريم\u2069", "مريم"),                    # an isolate around an Arabic name
    ("Dana \U0001F468\u200d\U0001F469\u200d\U0001F467", "Dana \U0001F468\u200d\U0001F469\u200d\U0001F467"),
])
def test_join_removes_invisible_characters_from_names(store, session, typed, stored):
    """Is a name stored without bidirectional controls and zero-width characters, emoji joiners kept?"""
    person = store.join(session.code, typed)
    assert person.display_name == stored
    assert store.get_participant(person.key).display_name == stored


def test_free_text_is_stored_without_invisible_characters(store, session):
    """Are answers and drafts stored without bidi controls or zero-width spaces, whoever the caller?"""
    person = store.join(session.code, "Ann")
    typed = {"note": "\u200bsecret\u200b \u202eevil", "entries": [{"a": "\u2066שלום\u2069 \U0001F469\u200d\U0001F3EB"}]}
    cleaned = {"note": "secret evil", "entries": [{"a": "שלום \U0001F469\u200d\U0001F3EB"}]}
    assert store.submit(person.key, "x", typed, submission_id=sid()).response.answers == cleaned
    assert store.latest_response(person.key, "x").answers == cleaned
    store.save_draft(person.key, "y", typed)
    assert store.get_draft(person.key, "y")[0] == cleaned


def test_session_name_loses_invisible_characters(store):
    """Is a session name (shown on the projector) stored without bidi controls?"""
    assert store.create_session("Residents \u202e21 Nov").name == "Residents 21 Nov"


def test_join_name_of_exactly_40_characters(store, session):
    """Is a 40-character name accepted (the limit is inclusive)?"""
    assert store.join(session.code, "é" * 40).display_name == "é" * 40


def test_join_closed_session(store, session):
    """Is joining a closed session refused with the 'ended' message?"""
    store.close_session(session.code)
    with pytest.raises(InputError, match="ended"):
        store.join(session.code, "Ann")
    assert store.count_participants(session.code) == 0


@pytest.mark.parametrize("code", ["BBBBBB", "ABC", "", None, "K7M2QD!"])
def test_join_unknown_or_malformed_code(store, session, code):
    """Is joining with an unknown or malformed code refused?"""
    if code == session.code:
        pytest.skip("random code collided with the probe")
    with pytest.raises(InputError):
        store.join(code, "Ann")
    assert store.count_participants(session.code) == 0


def test_join_token_is_idempotent(store, session):
    """Does the same join request twice (double click, reload) give the same participant?"""
    first = store.join(session.code, "Ann", join_token="tok-1")
    again = store.join(session.code, "Ann", join_token="tok-1")
    other = store.join(session.code, "Ann", join_token="tok-2")
    assert again == first
    assert other.key != first.key
    assert store.count_participants(session.code) == 2


def test_join_token_from_another_session_is_refused(store, session):
    """Is a join token already used in another session refused rather than crossing sessions?"""
    store.join(session.code, "Ann", join_token="tok-x")
    second = store.create_session("Other")
    with pytest.raises(InputError):
        store.join(second.code, "Ann", join_token="tok-x")


def test_pair_codes_unique_within_session(store, session):
    """Do participants of one session all get different pair codes?"""
    codes = [store.join(session.code, None).pair_code for _ in range(40)]
    assert len(set(codes)) == 40


def test_participant_in_other_session_is_not_found(store, session, ann):
    """Does a key from one session not resolve in another session?"""
    other = store.create_session("Other")
    assert store.participant_in_session(other.code, ann.key) is None
    assert store.participant_in_session(session.code, "nope") is None
    assert store.get_participant("nope") is None
