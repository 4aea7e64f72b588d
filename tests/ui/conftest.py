import pytest

from kit.store import Store


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
