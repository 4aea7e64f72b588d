"""Worker processes for the fault tests (importable, so `spawn` can start them)."""

from __future__ import annotations

import json
import os
import uuid

from kit.logic.answers import clean_answers
from kit.store import Store
from tests.factories import confidentiality


def submit_forever(db_url: str, code: str, n: int, ack_path: str) -> None:
    """Join as participant ``n`` and keep submitting new answers; log each acknowledged one (fsynced)
    before the next, until killed."""
    exercise = confidentiality()
    store = Store(db_url, create=False)
    person = store.join(code, None, join_token=f"kill-{n}")
    values = ("yes", "no", "not_sure")
    with open(ack_path, "a", encoding="utf-8") as log:
        for round_ in range(10_000):
            answers = {item.id: values[(n + round_ + k) % 3] for k, item in enumerate(exercise.items)}
            result = store.submit(person.key, exercise.id, clean_answers(exercise, answers),
                                  submission_id=uuid.uuid4().hex)
            log.write(json.dumps({"key": person.key, "revision": result.response.revision,
                                  "answers": result.response.answers}) + "\n")
            log.flush()
            os.fsync(log.fileno())
