"""Console refresh for a 100-participant session in which everyone answered all 13 exercises (demo
answers: every chart kind, shared free text, quiz confidence) and every result is revealed.

Three figures:

- *as answers arrive*: what the console does at every poll while the room answers one exercise:
  re-read all 13 panels, redraw the one whose answers changed. One person resubmits before each
  refresh, rotating through the exercises, so every chart kind is redrawn in turn; the median and
  the slowest exercise are reported.
- *every panel redrawn*: all 13 panels recomputed and redrawn (``force``), as when the console opens
  a session that is already under way.
- memory after 1,000 refreshes (a three-hour workshop at one refresh per 10 s) against after the
  first 140, by which time every panel has been redrawn once.

Baseline: the store queries a refresh cannot avoid (the latest answers of each exercise).
"""

from __future__ import annotations

import gc
import itertools
import statistics
import time
import tracemalloc
import uuid

from benchmarks.common import Options, Result, median
from kit.analysis.demo import sample_answers
from kit.content import load_content
from kit.logic.visibility import with_revealed
from kit.store import Store
from kit.ui.console import ConsoleView


def _session(store: Store, content, n: int) -> tuple[str, list, list]:
    """An open session of ``n`` people who answered everything, all revealed; returns its code, the
    people and the answers each gave."""
    session = store.create_session("bench console")
    people, given = [], sample_answers(content, n, seed=11)
    for answers in given:
        person = store.join(session.code, None, join_token=uuid.uuid4().hex)
        people.append(person)
        for exercise_id, mine in answers.items():
            store.submit(person.key, exercise_id, mine, submission_id=uuid.uuid4().hex)
    revealed: list[str] = []
    for exercise_id in content:
        revealed = with_revealed({"revealed": revealed}, exercise_id, True)
    store.update_session_settings(session.code, revealed=revealed)
    return session.code, people, given


def _reads(store: Store, code: str, content) -> float:
    start = time.perf_counter()
    for exercise_id in content:
        store.latest_answers(code, exercise_id)
    return time.perf_counter() - start


def run(options: Options, databases: dict[str, str]) -> list[Result]:
    url = databases["sqlite"]
    content = load_content()
    store = Store(url)
    people_count = options.size(100, 5)
    code, people, given = _session(store, content, people_count)
    others = sample_answers(content, len(people), seed=12)  # what each person changes their mind to
    view = ConsoleView(store, content, public_url="http://127.0.0.1:8866", poll_seconds=None)
    view.bar.load(select=code)
    view.refresh(force=True)
    ids = list(content)

    turns = itertools.count()

    def resubmit() -> str:
        """One person answers one exercise again (alternating between two sets of answers, so the
        group's results really change: the store ignores a resubmission of the same answers)."""
        turn = next(turns)
        exercise_id = ids[turn % len(ids)]
        person = turn // len(ids) % len(people)
        answers = (others if turn // (len(ids) * len(people)) % 2 == 0 else given)[person][exercise_id]
        store.submit(people[person].key, exercise_id, answers, submission_id=uuid.uuid4().hex)
        return exercise_id

    # As answers arrive: every exercise in turn, several rounds.
    rounds = options.size(5, 1)
    per_exercise: dict[str, list[float]] = {exercise_id: [] for exercise_id in ids}
    base = []
    for _ in range(rounds * len(ids)):
        exercise_id = resubmit()
        base.append(_reads(store, code, content))
        start = time.perf_counter()
        view.refresh()
        per_exercise[exercise_id].append(time.perf_counter() - start)
    medians = {exercise_id: statistics.median(times) for exercise_id, times in per_exercise.items()}
    slowest = max(medians, key=medians.get)
    typical = statistics.median(medians.values())

    # Every panel redrawn.
    full, full_base = [], []
    for _ in range(options.size(5, 2)):
        full_base.append(_reads(store, code, content))
        start = time.perf_counter()
        view.refresh(force=True)
        full.append(time.perf_counter() - start)

    n = len(ids)
    results = [
        Result("console", f"refresh as answers arrive: {n} panels re-read, the changed one redrawn (median)",
               typical, median(base), "s", "< 0.300 s",
               f"{people_count} people, every exercise answered and revealed"),
        Result("console", f"refresh as answers arrive, slowest exercise ({slowest})", medians[slowest],
               median(base), "s", "< 0.300 s"),
        Result("console", f"refresh, every panel redrawn ({n} panels, as when opening a running session)",
               median(full), median(full_base), "s", "< 0.300 s"),
    ]

    # Memory: unchanged data is the common case (most refreshes), a changed answer every 10th. The
    # reference is taken once every panel has been redrawn under tracing: each panel holds its latest
    # chart (30-70 kB of SVG), and a chart drawn before tracing started would count as growth when
    # it is replaced.
    refreshes = options.size(1000, 30)
    reference_at = min(10 * len(ids) + 9, refreshes - 1)
    gc.collect()
    tracemalloc.start()
    reference = None
    for i in range(refreshes):
        if i % 10 == 0:
            resubmit()
        view.refresh()
        if i == reference_at:
            gc.collect()
            reference = tracemalloc.get_traced_memory()[0]
    gc.collect()
    after_all = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    results.append(Result("console", f"traced memory after {refreshes} refreshes vs after {reference_at + 1} "
                          "(every panel redrawn once)", after_all / 1e6, (reference or 1) / 1e6, "MB",
                          "flat (ratio ≈ 1)", "a changed answer before every 10th refresh"))
    view.close()
    store.dispose()
    return results
