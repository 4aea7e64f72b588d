"""Load, with counts not timings: 100 participants submitting at once through the kit's own submit path."""

from __future__ import annotations

import threading
import uuid


from kit.errors import InputError
from kit.logic.answers import clean_answers
from kit.store import BUSY_MESSAGE, Store
from tests.factories import confidentiality

PARTICIPANTS = 100


def test_hundred_concurrent_submitters_store_each_answer_once(db_url):
    """With 100 participants (each its own Store, like its own kernel) joining, submitting, double-clicking
    and resubmitting at once, is every acknowledged answer stored exactly once, and does no "database is
    locked" error reach anyone?"""
    exercise = confidentiality()
    setup = Store(db_url)
    session = setup.create_session("Load test")
    start = threading.Barrier(PARTICIPANTS)
    acknowledged: dict[str, list] = {}
    errors: list[str] = []
    lock = threading.Lock()

    def participant(n: int) -> None:
        store = Store(db_url, create=False)
        try:
            start.wait(timeout=60)
            person = store.join(session.code, f"P{n}" if n % 2 else None, join_token=f"join-{n}")
            first = {item.id: ("yes", "no", "not_sure")[(n + k) % 3] for k, item in enumerate(exercise.items)}
            sid = uuid.uuid4().hex
            results = [store.submit(person.key, exercise.id, clean_answers(exercise, first), submission_id=sid)
                       for _ in range(2)]  # a double click
            second = dict(first, **{exercise.items[0].id: "not_sure" if first[exercise.items[0].id] != "not_sure" else "yes"})
            results.append(store.submit(person.key, exercise.id, clean_answers(exercise, second),
                                        submission_id=uuid.uuid4().hex))
            with lock:
                acknowledged[person.key] = [(r.response.revision, r.response.answers, r.created) for r in results]
        except InputError as error:  # what a participant would see
            with lock:
                errors.append(str(error))
        except Exception as error:  # anything else would be a crash in the app
            with lock:
                errors.append(f"{type(error).__name__}: {error}")
        finally:
            store.dispose()

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(PARTICIPANTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == [], errors[:5]
    assert BUSY_MESSAGE not in errors
    assert len(acknowledged) == PARTICIPANTS
    assert setup.count_participants(session.code) == PARTICIPANTS
    for key, results in acknowledged.items():
        (rev1, answers1, created1), (rev1b, _, created1b), (rev2, answers2, created2) = results
        assert (rev1, created1, rev1b, created1b, rev2, created2) == (1, True, 1, False, 2, True)
        history = setup.response_history(key, exercise.id)
        assert [(r.revision, r.answers) for r in history] == [(1, answers1), (2, answers2)]
    latest = setup.latest_answers(session.code, exercise.id)
    assert len(latest) == PARTICIPANTS
    setup.dispose()
