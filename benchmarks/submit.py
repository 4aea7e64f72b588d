"""Submit latency: from the call to the stored, acknowledged answer, through the kit's own path
(`clean_answers` + `Store.submit`), with 1, 30 and 100 participants submitting at once. Each
participant is its own process with its own Store, as each participant has its own kernel process.

Baseline (the platform floor): the same number of processes, released by the same barrier, each
doing one bare single-row INSERT + COMMIT through the same engine settings (SQLite WAL with
``BEGIN IMMEDIATE``; PostgreSQL with durable commits). A third figure explains the gap: the CPU time
one warm submit costs in its own process against one bare insert, because a hundred processes on
2 cores queue for the CPU."""

from __future__ import annotations

import multiprocessing
import time
import uuid

from benchmarks.common import Options, Result, median, percentile

_FLOOR_TABLE = "bench_floor"


def _floor_insert(store):
    from sqlalchemy import text

    statement = text(f"INSERT INTO {_FLOOR_TABLE} (v) VALUES (:v)")
    return lambda: store._run(lambda conn: conn.execute(statement, {"v": uuid.uuid4().hex}), write=True)


def _participant(url: str, code: str, i: int, rounds: int, barrier, out, bare: bool) -> None:
    """One participant process: join, then submit ``rounds`` times, all at once with the others."""
    from kit.content import load_content
    from kit.logic.answers import clean_answers
    from kit.store import Store

    exercise = load_content()["confidentiality"]
    store = Store(url, create=False)
    person = store.join(code, None, join_token=uuid.uuid4().hex)
    store.latest_response(person.key, exercise.id)  # a warm connection, as a kernel that showed the form
    floor = _floor_insert(store) if bare else None
    mine = []
    for r in range(rounds):
        answers = {item.id: ("yes", "no", "not_sure")[(i + r + k) % 3] for k, item in enumerate(exercise.items)}
        barrier.wait(timeout=300)
        start = time.perf_counter()
        if floor is not None:
            floor()
        else:
            store.submit(person.key, exercise.id, clean_answers(exercise, answers), submission_id=uuid.uuid4().hex)
        mine.append(time.perf_counter() - start)
    store.dispose()
    out.put(mine)


def _setup(url: str, name: str) -> str:
    from sqlalchemy import text

    from kit.store import Store

    setup = Store(url)
    key = "SERIAL" if not setup.url.startswith("sqlite") else "INTEGER"
    with setup.engine.begin() as conn:
        conn.execute(text(f"CREATE TABLE IF NOT EXISTS {_FLOOR_TABLE} (id {key} PRIMARY KEY, v VARCHAR(40))"))
    code = setup.create_session(name).code
    setup.dispose()
    return code


def _burst(url: str, n: int, rounds: int, *, bare: bool) -> list[float]:
    code = _setup(url, f"bench {n}")
    context = multiprocessing.get_context("spawn")
    barrier, out = context.Barrier(n), context.Queue()
    workers = [context.Process(target=_participant, args=(url, code, i, rounds, barrier, out, bare))
               for i in range(n)]
    for w in workers:
        w.start()
    latencies: list[float] = []
    for _ in workers:
        latencies.extend(out.get(timeout=600))
    for w in workers:
        w.join(timeout=60)
    return latencies


def _cpu_per_call(url: str, repeats: int) -> tuple[float, float]:
    """CPU seconds of one warm kit submit and of one bare insert, in one process."""
    from kit.content import load_content
    from kit.logic.answers import clean_answers
    from kit.store import Store

    code = _setup(url, "bench cpu")
    exercise = load_content()["confidentiality"]
    store = Store(url, create=False)
    person = store.join(code, None, join_token=uuid.uuid4().hex)
    floor = _floor_insert(store)

    def submit(r: int) -> None:
        answers = {item.id: ("yes", "no", "not_sure")[(r + k) % 3] for k, item in enumerate(exercise.items)}
        store.submit(person.key, exercise.id, clean_answers(exercise, answers), submission_id=uuid.uuid4().hex)

    for r in range(10):  # warm: statements compiled, connection open
        submit(r)
        floor()
    start = time.process_time()
    for r in range(repeats):
        submit(r)
    kit_cpu = (time.process_time() - start) / repeats
    start = time.process_time()
    for _ in range(repeats):
        floor()
    floor_cpu = (time.process_time() - start) / repeats
    store.dispose()
    return kit_cpu, floor_cpu


def run(options: Options, databases: dict[str, str]) -> list[Result]:
    """p50 and p95 per database and concurrency, each against the bare-insert floor at that concurrency."""
    results = []
    for db_name, url in databases.items():
        kit_cpu, floor_cpu = _cpu_per_call(url, options.size(300, 10))
        results.append(Result("submit", f"{db_name} CPU per warm submit, one process (vs bare insert)",
                              kit_cpu * 1000, floor_cpu * 1000, "ms"))
        for n in ([1, 30, 100] if not options.smoke else [1, 3]):
            rounds = options.size(5 if n > 1 else 30, 2)
            floor = _burst(url, n, rounds, bare=True)
            lat = _burst(url, n, rounds, bare=False)
            for label, pick in (("p50", median), ("p95", lambda xs: percentile(xs, 95))):
                results.append(Result("submit", f"{db_name} {n} at once {label} (vs bare insert, {n} at once)",
                                      pick(lat), pick(floor), "s",
                                      "p95 < 0.150 s at 100" if label == "p95" and n == 100 else "",
                                      f"{len(lat)} submits"))
            results.append(Result("submit", f"{db_name} bare insert floor, {n} at once p95 (vs its p50)",
                                  percentile(floor, 95), median(floor), "s"))
    return results
