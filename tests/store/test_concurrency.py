"""Many writers at once, as in a room: every participant kernel has its own Store on one database."""

from __future__ import annotations

import multiprocessing
import threading
import traceback
import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from kit.errors import InputError
from kit.store import Store
from kit.store.tables import pair_requests, participants, responses


def run_together(jobs: list[Callable[[], object]], timeout: float = 120) -> tuple[list, list]:
    """Run each job in its own thread, released at the same instant; (results, tracebacks)."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list[str] = []

    def runner(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except BaseException:  # noqa: BLE001 - every escape is a test failure, reported below
            errors.append(traceback.format_exc())

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return results, errors


@pytest.fixture
def kernels(db_url):
    """A factory of extra Stores on the test database, one per simulated participant kernel."""
    opened: list[Store] = []

    def open_store() -> Store:
        opened.append(Store(db_url, create=False))
        return opened[-1]

    yield open_store
    for kernel in opened:
        kernel.dispose()


def test_many_kernels_submitting_at_once(store, kernels):
    """Do 20 concurrent submitters plus 10 double-submitters store every acknowledged answer once?"""
    session = store.create_session("Busy room")
    people = [store.join(session.code, f"P{i}") for i in range(20)]
    clicker = store.join(session.code, "Double clicker")
    shared_submission = uuid.uuid4().hex

    def submitter(key: str, kernel: Store) -> Callable[[], list]:
        def job() -> list:
            return [
                kernel.submit(key, "quiz", {"answer": n, "who": key[:4]}, submission_id=uuid.uuid4().hex)
                for n in range(3)
            ]
        return job

    def double_clicker(kernel: Store) -> Callable[[], list]:
        def job() -> list:
            return [
                kernel.submit(clicker.key, "quiz", {"answer": "same"}, submission_id=shared_submission)
                for _ in range(2)
            ]
        return job

    jobs = [submitter(p.key, kernels()) for p in people]
    jobs += [double_clicker(kernels()) for _ in range(10)]
    results, errors = run_together(jobs)
    assert errors == []

    for person, acknowledged in zip(people, results[:20]):
        history = store.response_history(person.key, "quiz")
        assert [r.revision for r in history] == [1, 2, 3]
        assert [r.response for r in acknowledged] == history
        assert all(r.created for r in acknowledged)

    clicks = [result for batch in results[20:] for result in batch]
    assert sum(result.created for result in clicks) == 1
    assert all(result.response == clicks[0].response for result in clicks)
    assert len(store.response_history(clicker.key, "quiz")) == 1

    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(responses)).scalar_one()
    assert total == 20 * 3 + 1
    assert len(store.latest_answers(session.code, "quiz")) == 21


def test_concurrent_joins_with_one_token(store, kernels):
    """Does a join request sent from several kernels at once create a single participant?"""
    session = store.create_session("Reloads")
    stores = [kernels() for _ in range(8)]
    results, errors = run_together(
        [lambda s=s: s.join(session.code, "Ann", join_token="same-request") for s in stores]
    )
    assert errors == []
    assert len({r.key for r in results}) == 1
    assert store.count_participants(session.code) == 1


def test_concurrent_submits_by_one_participant_number_revisions(store, kernels):
    """Do two tabs of one participant submitting different answers get distinct revisions?"""
    session = store.create_session("Two tabs")
    ann = store.join(session.code, "Ann")
    stores = [kernels() for _ in range(6)]
    results, errors = run_together(
        [
            lambda s=s, i=i: s.submit(ann.key, "quiz", {"tab": i}, submission_id=uuid.uuid4().hex)
            for i, s in enumerate(stores)
        ]
    )
    assert errors == []
    history = store.response_history(ann.key, "quiz")
    assert [r.revision for r in history] == [1, 2, 3, 4, 5, 6]
    assert sorted(r.response.revision for r in results) == [1, 2, 3, 4, 5, 6]


def test_two_people_asking_each_other_at_once(store, kernels):
    """Do A->B and B->A typed at the same moment end with exactly one accepted pair (asking each other
    is consent from both), one person waiting and the other paired, never two pairs?"""
    for round_ in range(5):
        session = store.create_session(f"Pairs {round_}")
        ann = store.join(session.code, "Ann")
        ben = store.join(session.code, "Ben")
        a_store, b_store = kernels(), kernels()
        results, errors = run_together(
            [
                lambda: a_store.request_partner(ann.key, ben.pair_code),
                lambda: b_store.request_partner(ben.key, ann.pair_code),
            ]
        )
        assert errors == []
        assert sorted(results) == ["paired", "waiting"]
        with store.engine.connect() as conn:
            count = conn.execute(
                select(func.count()).select_from(pair_requests)
                .where(pair_requests.c.session_id == session.id, pair_requests.c.status == "accepted")
            ).scalar_one()
        assert count == 1
        assert store.partner(ann.key) == ben


def test_competing_accepts_keep_one_pair_per_person(store, kernels):
    """When Mid accepts Low while High accepts Mid at the same moment, does exactly one succeed, and
    is Mid in one pair only?"""
    for round_ in range(5):
        session = store.create_session(f"Contested {round_}")
        low, mid, high = (store.join(session.code, n) for n in ("Low", "Mid", "High"))
        store.request_partner(low.key, mid.pair_code)
        store.request_partner(mid.key, high.pair_code)
        to_mid = store.pairing_state(mid.key).incoming[0].id
        to_high = store.pairing_state(high.key).incoming[0].id
        s1, s2 = kernels(), kernels()

        def attempt(kernel: Store, key: str, request_id: int):
            try:
                return kernel.answer_request(key, request_id, True)
            except InputError as exc:
                return exc

        results, errors = run_together(
            [lambda: attempt(s1, mid.key, to_mid), lambda: attempt(s2, high.key, to_high)]
        )
        assert errors == []
        assert sorted(isinstance(r, InputError) for r in results) == [False, True]
        with store.engine.connect() as conn:
            rows = conn.execute(select(pair_requests).where(pair_requests.c.session_id == session.id,
                                                            pair_requests.c.status == "accepted")).all()
        assert len(rows) == 1
        assert mid.id in (rows[0].requester_id, rows[0].owner_id)


def test_two_tabs_share_one_attempt_budget(store, kernels):
    """Do two tabs (kernels) of one person asking at once still stop at five requests a minute?"""
    session = store.create_session("Budget")
    ann = store.join(session.code, "Ann")
    tabs = [kernels() for _ in range(8)]
    codes = [f"BBBBBB{c}B" for c in "BCDFGHJK"]

    def attempt(kernel: Store, code: str):
        try:
            return kernel.request_partner(ann.key, code)
        except InputError as exc:
            return exc

    results, errors = run_together([lambda k=k, c=c: attempt(k, c) for k, c in zip(tabs, codes)])
    assert errors == []
    assert sum(isinstance(r, InputError) for r in results) == 3
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(pair_requests)
                            .where(pair_requests.c.requester_id == ann.id)).scalar_one() == 5


def _create_schema_in_child(url: str, barrier) -> None:
    store = Store(url, create=False)
    try:
        barrier.wait(timeout=60)
        store.create_schema()
    finally:
        store.dispose()


def test_processes_creating_schema_at_once(db_url):
    """Do several processes creating the schema of a fresh database at once all succeed?"""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(4)
    children = [
        context.Process(target=_create_schema_in_child, args=(db_url, barrier)) for _ in range(4)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(120)
    assert [child.exitcode for child in children] == [0, 0, 0, 0]

    store = Store(db_url, create=False)
    try:
        with store.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(participants)).scalar_one() == 0
        assert store.create_session("After the race").is_open
    finally:
        store.dispose()
