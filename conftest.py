"""Suite-wide setup: every kernel and app started by the tests uses a throwaway database and data
folder, never the user's own. Notebook tests (``pytest --nbval-lax notebooks``) run against a
session that already has answers, so the dashboard draws its chart under nbval too."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_SCRATCH = Path(tempfile.mkdtemp(prefix="mentorkit-tests-"))
os.environ["XDG_DATA_HOME"] = str(_SCRATCH / "xdg")
os.environ["MENTORKIT_DB"] = f"sqlite:///{_SCRATCH / 'notebooks.sqlite3'}"
os.environ.pop("MENTORKIT_CONTENT", None)


def pytest_sessionstart(session):
    """Seed the notebooks' database: one session, three participants who answered the checklist."""
    from kit.content import load_content
    from kit.store import Store

    store = Store(os.environ["MENTORKIT_DB"])
    if store.list_sessions():
        return
    exercise = load_content()["confidentiality"]
    record = store.create_session("Notebook test session")
    for n, value in enumerate(("yes", "no", "not_sure")):
        person = store.join(record.code, f"Seed {n}", join_token=f"seed-{n}")
        store.submit(person.key, exercise.id, {item.id: value for item in exercise.items}, submission_id=f"seed-{n}")
    store.dispose()
