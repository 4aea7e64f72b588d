"""Submit latency: from the call to the stored, acknowledged answer, through the kit's own path
(`clean_answers` + `Store.submit`), with 1, 30 and 100 participants submitting at once. Each
participant is its own process with its own Store, as each participant has its own kernel process.
Baseline: one bare single-row INSERT + COMMIT through SQLAlchemy on the same database, one client."""

from __future__ import annotations

import multiprocessing
import time
import uuid

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine

from benchmarks.common import Options, Result, median, percentile


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


def _participant(url: str, code: str, i: int, rounds: int, barrier, out) -> None:
    """One participant process: join, then submit ``rounds`` times, all at once with the others."""
    from kit.content import load_content
    from kit.logic.answers import clean_answers
    from kit.store import Store

    exercise = load_content()["confidentiality"]
    store = Store(url, create=False)
    person = store.join(code, None, join_token=uuid.uuid4().hex)
    store.latest_response(person.key, exercise.id)  # a warm connection, as a kernel that showed the form
    mine = []
    for r in range(rounds):
        answers = {item.id: ("yes", "no", "not_sure")[(i + r + k) % 3] for k, item in enumerate(exercise.items)}
        barrier.wait(timeout=300)
        start = time.perf_counter()
        store.submit(person.key, exercise.id, clean_answers(exercise, answers), submission_id=uuid.uuid4().hex)
        mine.append(time.perf_counter() - start)
    store.dispose()
    out.put(mine)


def _burst(url: str, n: int, rounds: int) -> list[float]:
    from kit.store import Store

    setup = Store(url)
    code = setup.create_session(f"bench {n}").code
    setup.dispose()
    context = multiprocessing.get_context("spawn")
    barrier, out = context.Barrier(n), context.Queue()
    workers = [context.Process(target=_participant, args=(url, code, i, rounds, barrier, out)) for i in range(n)]
    for w in workers:
        w.start()
    latencies: list[float] = []
    for _ in workers:
        latencies.extend(out.get(timeout=600))
    for w in workers:
        w.join(timeout=60)
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
