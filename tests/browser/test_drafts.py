"""A reload straight after typing: what was typed comes back (kit/ui/draft.py)."""

from __future__ import annotations

import pytest

from kit.store import Store
from tests.browser.test_room import join_room

pytestmark = pytest.mark.browser

EXERCISE = "five_questions"
TYPED = "typed then reloaded fast"


def test_text_typed_key_by_key_and_reloaded_at_once_comes_back(served, new_page):
    """Does a phone that types an answer key by key and reloads the page at once (no pause for the
    draft's timer) find what reached its kernel in the box after the reload, kept as a draft, not an
    answer? (Before, the box came back empty. The closing kernel saves what it has, always something;
    the letters the page still held are sent as it unloads, which usually brings all of them but is not
    ordered before the kernel's shutdown: a fresh-clone run once got "typed th".)"""
    code, url = served.create_session("Reload fast", paced=True)
    phone = new_page()
    join_room(phone, url, "Ana")
    served.cli("present", "--session", code, EXERCISE)
    box = phone.locator(f".mk-room-body.mk-current-{EXERCISE} textarea").first
    box.wait_for()
    box.click()
    phone.keyboard.type(TYPED)
    phone.reload(wait_until="domcontentloaded")  # at once: the draft's timer has not fired yet
    box = phone.locator(f".mk-room-body.mk-current-{EXERCISE} textarea").first
    box.wait_for()
    back = box.input_value()
    assert back and TYPED.startswith(back), back
    store = Store(served.db_url)
    try:
        assert store.latest_answers(code, EXERCISE) == []  # a draft, never an answer
    finally:
        store.dispose()
