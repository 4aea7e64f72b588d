"""The pair's shared document (pairing mode ``shared``) on SQLite and PostgreSQL: which version is
current, and when a submit must be refused."""

from __future__ import annotations

import uuid

import pytest

from kit.errors import InputError
from kit.store.pair_document import Conflict, check_current, current_version
from tests.factories import pair_up

EX = "agreement"


def sid() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def pair(store):
    """An open session with Ana (named) and an anonymous partner, paired for the exercise."""
    session = store.create_session("Agreement day")
    ana = store.join(session.code, "Ana", join_token="a")
    kim = store.join(session.code, None, join_token="k")
    pair_up(store, ana, kim)
    return store, ana, kim


def test_nothing_saved_means_no_version(pair):
    """Is there no current version before either partner saves, and may a page loaded empty submit?"""
    store, ana, kim = pair
    assert current_version(store, ana, EX) is None
    assert check_current(store, ana, EX, None) is None


def test_latest_of_either_partner_counts_for_both(pair):
    """Is the pair's version the later of the two partners' saves, seen the same way by both?"""
    store, ana, kim = pair
    store.submit(ana.key, EX, {"goal": "one"}, submission_id=sid())
    first = current_version(store, kim, EX)
    assert first.answers == {"goal": "one"} and first.author.key == ana.key and first.is_by(ana)
    assert first.token == (ana.key, 1)
    store.submit(kim.key, EX, {"goal": "two"}, submission_id=sid())
    for me in (ana, kim):
        latest = current_version(store, me, EX)
        assert latest.answers == {"goal": "two"} and latest.author.key == kim.key
        assert latest.token == (kim.key, 1)
    store.submit(ana.key, EX, {"goal": "three"}, submission_id=sid())
    assert current_version(store, kim, EX).token == (ana.key, 2)


def test_a_partner_just_read_is_used_as_given(pair):
    """Given the partner a page has just read, does the current version follow it (the partner's save
    counts), and given None (the pair ended a moment ago), only my own?"""
    store, ana, kim = pair
    store.submit(kim.key, EX, {"goal": "theirs"}, submission_id=sid())
    assert current_version(store, ana, EX, kim).author.key == kim.key
    assert current_version(store, ana, EX, None) is None
    store.submit(ana.key, EX, {"goal": "mine"}, submission_id=sid())
    assert current_version(store, ana, EX, None).answers == {"goal": "mine"}


def test_stale_page_is_refused_and_nothing_is_stored(pair):
    """Is a submit from a page loaded before the partner's save refused, naming the partner and the time?"""
    store, ana, kim = pair
    store.submit(ana.key, EX, {"goal": "one"}, submission_id=sid())
    loaded = current_version(store, kim, EX).token  # Kim's page shows Ana's version 1
    store.submit(ana.key, EX, {"goal": "two"}, submission_id=sid())  # Ana saves again meanwhile
    with pytest.raises(Conflict) as refused:
        check_current(store, kim, EX, loaded)
    text = str(refused.value)
    assert text.startswith("Ana saved a newer version at ")
    assert "while you were editing: load it, then make your change again." in text
    assert refused.value.latest.token == (ana.key, 2)
    assert isinstance(refused.value, InputError)  # shown to the person as is
    assert store.latest_response(kim.key, EX) is None
    # Once the newer version is loaded, the submit goes through.
    assert check_current(store, kim, EX, (ana.key, 2)).token == (ana.key, 2)


def test_empty_page_is_refused_once_the_partner_saved(pair):
    """Is a page loaded before anything was saved refused once the partner saved, anonymous partner named neutrally?"""
    store, ana, kim = pair
    store.submit(kim.key, EX, {"goal": "theirs"}, submission_id=sid())
    with pytest.raises(Conflict, match=r"^Your partner saved a newer version at \d\d:\d\d while you were editing"):
        check_current(store, ana, EX, None)


def test_own_other_tab_is_a_conflict_too(pair):
    """Is a page behind my own newer save (another tab) refused with a message about me, not my partner?"""
    store, ana, kim = pair
    store.submit(ana.key, EX, {"goal": "one"}, submission_id=sid())
    with pytest.raises(Conflict, match="^You saved a newer version"):
        check_current(store, ana, EX, None)


def test_alone_without_a_partner(store):
    """Without a partner, is the document simply my own latest save?"""
    session = store.create_session("Solo")
    lee = store.join(session.code, "Lee", join_token="l")
    assert current_version(store, lee, EX) is None
    store.submit(lee.key, EX, {"goal": "mine"}, submission_id=sid())
    store.submit(lee.key, EX, {"goal": "mine, better"}, submission_id=sid())
    latest = check_current(store, lee, EX, (lee.key, 2))
    assert latest.answers == {"goal": "mine, better"} and latest.is_by(lee)


def test_pairing_after_saving_brings_the_newer_version(store):
    """When two people who each saved alone pair up, is the later save the pair's version?"""
    session = store.create_session("Later pairing")
    lee = store.join(session.code, "Lee", join_token="l")
    sam = store.join(session.code, "Sam", join_token="s")
    store.submit(lee.key, EX, {"goal": "lee"}, submission_id=sid())
    store.submit(sam.key, EX, {"goal": "sam"}, submission_id=sid())
    assert current_version(store, lee, EX).answers == {"goal": "lee"}
    pair_up(store, lee, sam)
    assert current_version(store, lee, EX).answers == {"goal": "sam"}
    with pytest.raises(Conflict, match="^Sam saved a newer version"):
        check_current(store, lee, EX, (lee.key, 1))
