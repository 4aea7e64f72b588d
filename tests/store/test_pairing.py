"""Pairing by consent in the store, on SQLite and PostgreSQL: request, accept, decline, leave, the
attempt limit, and databases made before consent."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, func, select, text

from kit.errors import InputError
from kit.store.pair_document import current_version
from kit.store import MAX_REQUESTS, Store, TooManyRequests, format_pair_code
from kit.store.tables import pair_requests
from tests.factories import Clock


@pytest.fixture
def clock(store):
    store.clock = Clock()
    return store.clock


def unused_code(*people) -> str:
    taken = {p.pair_code for p in people}
    return next(c for c in ("BBBBBBBB", "CCCCCCCC", "DDDDDDDD") if c not in taken)


def count_requests(store: Store, **where) -> int:
    with store.engine.connect() as conn:
        stmt = select(func.count()).select_from(pair_requests)
        for column, value in where.items():
            stmt = stmt.where(pair_requests.c[column] == value)
        return conn.execute(stmt).scalar_one()


def test_a_request_shows_nothing_until_accepted(store, clock, ann, ben):
    """Does a request make no pair, show the owner only the requester's name and code, and the
    requester only the code they typed, until the owner accepts?"""
    assert store.request_partner(ben.key, ann.pair_code.lower()) == "waiting"
    assert store.partner(ben.key) is None and store.partner(ann.key) is None
    mine = store.pairing_state(ben.key)
    assert mine.waiting_code == format_pair_code(ann.pair_code) and mine.incoming == ()
    theirs = store.pairing_state(ann.key)
    [request] = theirs.incoming
    assert (request.name, request.code) == ("Ben", format_pair_code(ben.pair_code))
    assert store.pair_requests_to(ann.key) == theirs.incoming and store.pair_requests_to(ben.key) == ()
    assert store.answer_request(ann.key, request.id, True) == ben
    assert store.partner(ann.key) == ben and store.partner(ben.key) == ann
    assert store.pairing_state(ann.key).incoming == () and store.pairing_state(ben.key).waiting_code is None


def test_one_pair_covers_every_exercise(store, clock, ann, ben):
    """Does an agreement saved alone stay its author's while a request waits, and once accepted, does
    the pair's document of any paired exercise include both partners' saves?"""
    store.submit(ann.key, "agreement", {"goal": "alone"}, submission_id=uuid.uuid4().hex)
    assert current_version(store, ben, "agreement") is None  # not paired: Ann's save is hers
    store.request_partner(ann.key, format_pair_code(ben.pair_code))
    assert current_version(store, ben, "agreement") is None  # asked, not accepted: still hers
    [request] = store.pairing_state(ben.key).incoming
    store.answer_request(ben.key, request.id, True)
    assert current_version(store, ben, "agreement").answers == {"goal": "alone"}
    assert current_version(store, ben, "another_exercise") is None


def test_declined_and_unknown_codes_end_the_same_way(store, clock, session, ann, ben):
    """Does a declined request leave no pair and end, for the requester, exactly like an unknown code
    or a person who is paired already?"""
    cara = store.join(session.code, "Cara")
    store.request_partner(ben.key, ann.pair_code)
    [request] = store.pairing_state(ann.key).incoming
    assert store.answer_request(ann.key, request.id, False) is None
    assert store.partner(ben.key) is None
    declined = store.pairing_state(ben.key)
    assert declined.refused_code == format_pair_code(ann.pair_code) and declined.waiting_code is None
    assert store.request_partner(ben.key, unused_code(ann, ben, cara)) == "refused"
    unknown = store.pairing_state(ben.key)
    assert unknown.refused_code == format_pair_code(unused_code(ann, ben, cara))
    # Ann and Cara pair; Ben asking Ann now is refused the same way, and Ann hears nothing of it.
    store.request_partner(cara.key, ann.pair_code)
    store.answer_request(ann.key, store.pairing_state(ann.key).incoming[0].id, True)
    assert store.request_partner(ben.key, ann.pair_code) == "refused"
    assert store.pairing_state(ann.key).incoming == ()
    with pytest.raises(InputError, match="no longer open"):
        store.answer_request(ann.key, request.id, True)  # the declined request cannot be taken back


def test_requests_to_someone_who_pairs_elsewhere_are_closed(store, clock, session, ann, ben):
    """When Ann accepts Ben, is Cara's waiting request to Ann closed (Cara told neutrally), and is
    Ann's own waiting request to Dan withdrawn from Dan's page?"""
    cara, dan = store.join(session.code, "Cara"), store.join(session.code, "Dan")
    store.request_partner(ann.key, dan.pair_code)
    store.request_partner(cara.key, ann.pair_code)
    store.request_partner(ben.key, ann.pair_code)
    ben_request = next(r for r in store.pairing_state(ann.key).incoming if r.name == "Ben")
    store.answer_request(ann.key, ben_request.id, True)
    assert store.pairing_state(cara.key).refused_code == format_pair_code(ann.pair_code)
    assert store.pairing_state(dan.key).incoming == ()
    assert store.partner(cara.key) is None and store.partner(dan.key) is None


def test_asking_each_other_is_consent_from_both(store, clock, ann, ben):
    """Do two people who each type the other's code end up paired without a further Accept?"""
    assert store.request_partner(ann.key, ben.pair_code) == "waiting"
    assert store.request_partner(ben.key, ann.pair_code) == "paired"
    assert store.partner(ann.key) == ben


def test_a_new_request_replaces_the_waiting_one(store, clock, session, ann, ben):
    """Does asking someone else withdraw my waiting request from the first person's page?"""
    cara = store.join(session.code, "Cara")
    store.request_partner(cara.key, ann.pair_code)
    assert store.request_partner(cara.key, ann.pair_code) == "waiting"  # asking again: the same request
    assert len(store.pairing_state(ann.key).incoming) == 1
    store.request_partner(cara.key, ben.pair_code)
    assert store.pairing_state(ann.key).incoming == ()
    assert len(store.pairing_state(ben.key).incoming) == 1


def test_leaving_tells_the_partner_and_a_new_pair_needs_new_consent(store, clock, session, ann, ben):
    """After Ann leaves, is Ben told, do both see nothing more of each other, and does a new partner
    need a new request and Accept?"""
    store.request_partner(ben.key, ann.pair_code)
    store.answer_request(ann.key, store.pairing_state(ann.key).incoming[0].id, True)
    store.submit(ben.key, "agreement", {"goal": "ours"}, submission_id=uuid.uuid4().hex)
    clock.now += timedelta(minutes=5)
    assert store.leave_pair(ann.key) is True
    assert store.leave_pair(ann.key) is False  # nothing left to leave
    assert store.partner(ann.key) is None and store.partner(ben.key) is None
    assert current_version(store, ann, "agreement") is None
    told = store.pairing_state(ben.key)
    assert told.left_by == ("Ann", clock.now)
    assert store.pairing_state(ann.key).left_by is None  # the one who left is not told they left
    cara = store.join(session.code, "Cara")
    assert store.request_partner(cara.key, ben.pair_code) == "waiting"
    assert store.partner(ben.key) is None
    store.answer_request(ben.key, store.pairing_state(ben.key).incoming[0].id, True)
    assert store.partner(ben.key) == cara and store.pairing_state(ben.key).left_by is None


def test_paired_people_must_leave_before_asking_again(store, clock, session, ann, ben):
    """Is someone in a pair refused when they ask someone else (leave first), with nothing stored?"""
    store.request_partner(ben.key, ann.pair_code)
    store.request_partner(ann.key, ben.pair_code)
    cara = store.join(session.code, "Cara")
    before = count_requests(store)
    with pytest.raises(InputError, match="Leave your pair first"):
        store.request_partner(ann.key, cara.pair_code)
    assert count_requests(store) == before and store.pairing_state(cara.key).incoming == ()


def test_wrong_input_is_refused_with_a_message(store, clock, session, ann):
    """Are my own code, a malformed code, another session's code and an ended session refused, and is
    another session's code the same neutral miss as an unknown one?"""
    with pytest.raises(InputError, match="your own pair code"):
        store.request_partner(ann.key, ann.pair_code)
    with pytest.raises(InputError, match="8 letters and digits"):
        store.request_partner(ann.key, "ABCD")
    outsider = store.join(store.create_session("Other").code, "Out")
    if outsider.pair_code != ann.pair_code:
        assert store.request_partner(ann.key, outsider.pair_code) == "refused"
        assert store.pairing_state(outsider.key).incoming == ()
    store.close_session(session.code)
    with pytest.raises(InputError, match="ended"):
        store.request_partner(ann.key, unused_code(ann))


def test_attempts_are_limited_per_participant(store, clock, session, ann, ben):
    """After five requests in a minute, is the sixth refused with the wait, nothing stored, others
    unaffected, and asking allowed again once the minute has passed?"""
    for n in range(MAX_REQUESTS):
        clock.now += timedelta(seconds=1)
        assert store.request_partner(ann.key, f"BBBBBB{'BCDFG'[n]}B") in ("refused", "waiting")
    clock.now += timedelta(seconds=10)
    with pytest.raises(TooManyRequests) as caught:
        store.request_partner(ann.key, ben.pair_code)
    assert "46 seconds" in str(caught.value)  # a minute after the first of the five
    assert caught.value.retry_at == store.pairing_state(ann.key).retry_at
    assert store.pairing_state(ben.key).incoming == ()  # the refused request did not reach Ben
    assert count_requests(store, requester_id=ann.id) == MAX_REQUESTS
    assert store.request_partner(ben.key, ann.pair_code) == "waiting"  # Ben has his own budget
    clock.now += timedelta(seconds=46)
    assert store.pairing_state(ann.key).retry_at is None
    assert store.request_partner(ann.key, ben.pair_code) == "paired"  # Ben had asked Ann: both agreed


def test_database_from_before_consent_keeps_working(db_url):
    """Does a database made when pair codes had 4 characters (and pairs had no consent) open, keep
    its participants, and take 8-character codes and requests?"""
    old = Store(db_url)
    session = old.create_session("Before")
    earlier = old.join(session.code, "Earlier")
    old.dispose()
    engine = create_engine(db_url)
    with engine.begin() as conn:  # the schema as it was: no pair_requests, a 4-character pair code
        conn.execute(text("DROP TABLE pair_requests"))
        conn.execute(text("UPDATE participants SET pair_code = 'BCDF'"))
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE participants ALTER COLUMN pair_code TYPE VARCHAR(4)"))
    engine.dispose()
    store = Store(db_url)
    try:
        assert store.get_participant(earlier.key).pair_code == "BCDF"
        newer = store.join(session.code, "Newer")
        assert len(newer.pair_code) == 8
        assert store.request_partner(earlier.key, newer.pair_code) == "waiting"
    finally:
        store.dispose()
