"""Analysis at scale: loading and aggregating 1,000 sessions × 40 participants (every one of them
answered the Confidentiality Checklist; 15 % resubmitted). The data is written with bulk inserts
(the apps would take hours to type it). Baseline: reading the raw responses table into pandas, the
floor of any analysis that starts from the database."""

from __future__ import annotations

import json
import random
import secrets
import time
from datetime import datetime, timedelta, timezone

import pandas as pd
from sqlalchemy import insert

from benchmarks.common import Options, Result, median
from kit.analysis.summaries import compare_cohorts, summarize
from kit.analysis.tidy import load_answers
from kit.content import load_content
from kit.content.loader import forget_validated_content
from kit.store import Store
from kit.store.tables import participants, responses, sessions


def fill(store: Store, n_sessions: int, per_session: int, seed: int = 7) -> int:
    """Write ``n_sessions`` × ``per_session`` participants with checklist answers; returns responses written."""
    rng = random.Random(seed)
    exercise = load_content()["confidentiality"]
    values = exercise.items[0].scale.values()
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    written = 0
    with store.engine.begin() as conn:
        for s in range(n_sessions):
            when = start + timedelta(days=s % 365, hours=s // 365)
            session_id = conn.execute(insert(sessions).values(
                code=f"B{s:05d}", name=f"Cohort {s % 12}", created_at=when, k_threshold=3, settings={})).inserted_primary_key[0]
            people = [{"session_id": session_id, "key": secrets.token_urlsafe(12), "display_name": None,
                       "pair_code": f"{i:04d}", "join_token": None, "created_at": when} for i in range(per_session)]
            conn.execute(insert(participants), people)
            ids = conn.execute(participants.select().with_only_columns(participants.c.id)
                               .where(participants.c.session_id == session_id)).scalars().all()
            bias = rng.random()
            rows = []
            for pid in ids:
                for revision in range(1, 3 if rng.random() < 0.15 else 2):
                    answers = {item.id: values[0] if rng.random() < bias else rng.choice(values) for item in exercise.items}
                    rows.append({"participant_id": pid, "exercise_id": exercise.id, "revision": revision, "run": 1,
                                 "answers": answers, "submission_id": secrets.token_hex(12), "created_at": when})
            conn.execute(insert(responses), rows)
            written += len(rows)
    return written


def run(options: Options, databases: dict[str, str]) -> list[Result]:
    url = f"sqlite:///{options.scratch / 'analysis.sqlite3'}"
    store = Store(url)
    n_sessions, per = options.size(1000, 5), options.size(40, 6)
    written = fill(store, n_sessions, per)
    repeats = options.size(3, 1)
    base, load, aggregate = [], [], []
    for _ in range(repeats):
        t = time.perf_counter()
        with store.engine.connect() as conn:
            raw = pd.read_sql(responses.select(), conn)
            raw["answers"].map(lambda a: a if isinstance(a, dict) else json.loads(a))
        base.append(time.perf_counter() - t)
        forget_validated_content()  # as in a fresh notebook: the content is parsed once, in the load
        t = time.perf_counter()
        answers = load_answers(store)
        load.append(time.perf_counter() - t)
        t = time.perf_counter()
        summarize(answers, by=("session_code",))
        compare_cohorts(answers, "confidentiality")
        aggregate.append(time.perf_counter() - t)
    store.dispose()
    people = n_sessions * per
    note = f"{n_sessions} sessions × {per} people, {written} responses, {len(answers)} answer rows"
    return [
        Result("analysis", f"load tidy answers of {people} participants", median(load), median(base), "s", "", note),
        Result("analysis", "aggregate: per-session summary + cohort comparison", median(aggregate), median(base), "s"),
        Result("analysis", "load + aggregate", median(load) + median(aggregate), median(base), "s", "< 5 s"),
    ]
