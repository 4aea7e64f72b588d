"""Console refresh: recompute and redraw every panel of the live console for a 100-participant
session, and its memory after 1,000 refreshes (a three-hour workshop at one refresh per 10 s)
against after 10. Baseline: the store query a refresh cannot avoid (latest answers per exercise)."""

from __future__ import annotations

import gc
import time
import tracemalloc
import uuid

from benchmarks.common import Options, Result, median
from kit.content import load_content
from kit.logic.visibility import with_revealed
from kit.store import Store
from kit.ui.console import ConsoleView


def _session(store: Store, content, n: int) -> str:
    session = store.create_session("bench console")
    for i in range(n):
        person = store.join(session.code, None, join_token=uuid.uuid4().hex)
        for exercise in content.values():
            answers = {}
            for k, item in enumerate(exercise.items):
                if item.type == "choice":
                    answers[item.id] = item.scale.values()[(i * 7 + k) % len(item.scale.values())]
            if answers and len(answers) == len(exercise.items):
                store.submit(person.key, exercise.id, answers, submission_id=uuid.uuid4().hex)
    revealed: list[str] = []
    for exercise_id in content:
        revealed = with_revealed({"revealed": revealed}, exercise_id, True)
    store.update_session_settings(session.code, revealed=revealed)
    return session.code


def run(options: Options, databases: dict[str, str]) -> list[Result]:
    url = databases["sqlite"]
    content = load_content()
    store = Store(url)
    code = _session(store, content, options.size(100, 5))
    view = ConsoleView(store, content, public_url="http://127.0.0.1:8866", poll_seconds=None)
    view.bar.load(select=code)
    repeats = options.size(20, 3)
    base, full = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        for exercise_id in content:
            store.latest_answers(code, exercise_id)
        base.append(time.perf_counter() - start)
        start = time.perf_counter()
        view.refresh(force=True)  # recompute and redraw every panel
        full.append(time.perf_counter() - start)
    results = [Result("console", "refresh, every panel redrawn (100 people)", median(full), median(base), "s",
                      "< 0.300 s")]
    # Memory: unchanged data is the common case (most refreshes), a changed answer every 10th.
    refreshes = options.size(1000, 30)
    gc.collect()
    tracemalloc.start()
    after_10 = None
    for i in range(refreshes):
        view.refresh(force=(i % 10 == 0))
        if i == 9:
            gc.collect()
            after_10 = tracemalloc.get_traced_memory()[0]
    gc.collect()
    after_all = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    results.append(Result("console", f"traced memory after {refreshes} refreshes vs after 10",
                          after_all / 1e6, (after_10 or 1) / 1e6, "MB", "flat (ratio ≈ 1)"))
    view.close()
    store.dispose()
    return results
