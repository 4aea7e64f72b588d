import pytest

from kit.store import Store


@pytest.fixture(autouse=True)
def at_once(monkeypatch):
    """Widget tests click and assert straight away: drafts are saved at once, a join the database
    cannot take is not retried later, a quiz, form or pair exercise is built whole and work left for
    later does not wait for the machine to be calm. (Another test's browser may leave an event loop marked running
    in this thread, where a later save would never run.) tests/ui/test_draft.py covers the delay."""
    monkeypatch.setattr("kit.ui.draft.DRAFT_DELAY", 0)
    monkeypatch.setattr("kit.ui.join.JOIN_RETRIES", 1)
    monkeypatch.setattr("kit.ui.progressive.FIRST", None)  # forms and quizzes whole at once: see tests/ui/test_progressive.py
    monkeypatch.setattr("kit.ui.exercise.PAIRING_LATER", False)  # the pairing box with the view: see tests/ui/test_room.py
    monkeypatch.setattr("kit.ui.room.TRIM_LATER", False)  # views beyond the few kept close at once: see tests/ui/test_room.py
    monkeypatch.setattr("kit.ui.background.CALM_BUSY", 1.0)  # later work never waits for a calm machine: see tests/ui/test_background.py


@pytest.fixture
def ui_store(tmp_path):
    """A fresh SQLite store for widget tests (the store itself is tested on both databases elsewhere)."""
    store = Store(f"sqlite:///{tmp_path / 'ui.sqlite3'}")
    yield store
    store.dispose()


@pytest.fixture
def room(ui_store):
    """An open session with two joined participants."""
    session = ui_store.create_session("Widget test")
    ana = ui_store.join(session.code, "Ana <b>", join_token="a")
    anon = ui_store.join(session.code, None, join_token="b")
    return ui_store, session, ana, anon
