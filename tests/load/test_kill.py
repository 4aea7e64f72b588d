"""Faults: processes killed with SIGKILL in the middle of a burst lose nothing that was acknowledged."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import time


from kit.store import Store
from tests.factories import confidentiality
from tests.load.workers import submit_forever


def test_sigkill_mid_burst_loses_no_acknowledged_answer(db_url, tmp_path):
    """When every writer is SIGKILLed mid-burst, is each acknowledged answer stored exactly once, is the
    database intact, and can writing go on at once?"""
    store = Store(db_url)
    session = store.create_session("Kill test")
    context = multiprocessing.get_context("spawn")
    acks = [tmp_path / f"ack-{n}.jsonl" for n in range(8)]
    workers = [context.Process(target=submit_forever, args=(db_url, session.code, n, str(acks[n])))
               for n in range(8)]
    for w in workers:
        w.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and sum(1 for a in acks if a.exists() and a.stat().st_size) < 8:
        time.sleep(0.2)
    time.sleep(1.5)  # the burst is in full flow
    for w in workers:
        os.kill(w.pid, signal.SIGKILL)
    for w in workers:
        w.join(timeout=30)
    acknowledged = [json.loads(line) for a in acks if a.exists() for line in a.read_text().splitlines() if line]
    assert len(acknowledged) >= 8
    exercise = confidentiality()
    by_key: dict[str, list] = {}
    for ack in acknowledged:
        by_key.setdefault(ack["key"], []).append(ack)
    for key, mine in by_key.items():
        history = {r.revision: r.answers for r in store.response_history(key, exercise.id)}
        for ack in mine:
            assert history.get(ack["revision"]) == ack["answers"]
        # nothing beyond the acknowledged revisions except possibly one committed just before the kill
        assert len(history) - len(mine) in (0, 1)
        assert sorted(history) == list(range(1, len(history) + 1))
    if db_url.startswith("sqlite"):
        path = db_url.split("///", 1)[1]
        assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    fresh = Store(db_url)
    person = fresh.join(session.code, "After", join_token="after-kill")
    assert fresh.submit(person.key, exercise.id, {i.id: "yes" for i in exercise.items}, submission_id="after").created
    fresh.dispose()
    store.dispose()
