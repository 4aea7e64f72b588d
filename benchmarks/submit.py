"""Submit latency: from the call to the stored, acknowledged answer, through the kit's own path
(`clean_answers` + `Store.submit`), with 1, 30 and 100 participants submitting at once, each with its
own Store (as each participant has its own kernel). Baseline: one bare single-row INSERT + COMMIT
through SQLAlchemy on the same database, one client."""

from __future__ import annotations

import threading
import time
import uuid

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine

from benchmarks.common import Options, Result, median, percentile
from kit.content import load_content
from kit.logic.answers import clean_answers
from kit.store import Store


def _baseline(url: str, repeats: int) -> float:
    engine = create_engine(url)
    meta = MetaData()
    table = Table("bench_baseline", meta, Column("id", Integer, primary_key=True), Column("v", String(40)))
    meta.create_all(engine)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(table.insert().values(v=uuid.uuid4().hex))
        times.append(time.perf_counter() - start)
    engine.dispose()
    return median(times)


def _burst(url: str, n: int, rounds: int) -> list[float]:
    exercise = load_content()["confidentiality"]
    setup = Store(url)
    session = setup.create_session(f"bench {n}")
    stores = [Store(url, create=False) for _ in range(n)]
    people = [s.join(session.code, None, join_token=uuid.uuid4().hex) for s in stores]
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(n)

    def one(i: int) -> None:
        mine = []
        for r in range(rounds):
            answers = {item.id: ("yes", "no", "not_sure")[(i + r + k) % 3] for k, item in enumerate(exercise.items)}
            barrier.wait(timeout=120)
            start = time.perf_counter()
            stores[i].submit(people[i].key, exercise.id, clean_answers(exercise, answers),
                             submission_id=uuid.uuid4().hex)
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.dispose()
    setup.dispose()
    return latencies


def run(options: Options, databases: dict[str, str]) -> list[Result]:
    """p50 and p95 per database and concurrency."""
    results = []
    for db_name, url in databases.items():
        base = _baseline(url, options.size(50, 5))
        for n in ([1, 30, 100] if not options.smoke else [1, 3]):
            lat = _burst(url, n, options.size(5 if n > 1 else 30, 2))
            for label, value in (("p50", median(lat)), ("p95", percentile(lat, 95))):
                results.append(Result("submit", f"{db_name} {n} at once {label}", value, base, "s",
                                      "p95 < 0.150 s at 100" if label == "p95" and n == 100 else "",
                                      f"{len(lat)} submits"))
    return results
