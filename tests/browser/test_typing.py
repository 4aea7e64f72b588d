"""Typing key by key on a phone, then pressing at once: what was typed is what is stored.

The page sends one change of a text box at a time (the next letters wait until the kernel has handled
the last), while a button's click leaves at once; a press straight after typing used to reach the
kernel before the last letters ("listeners" stored as "l"). See :mod:`kit.ui.sync`.
"""

from __future__ import annotations

import pytest

from kit.content import load_content
from kit.logic import pacing
from kit.store import Store
from tests.browser.test_room import join_room, showing

pytestmark = pytest.mark.browser

EXERCISE = "great_mentor_words"
ROUNDS = [("listeners", "Patient", "kind"), ("curious", "honest", "warm"), ("steady", "open minded", "calm"),
          ("fair", "generous", "Listener"), ("patient", "kind", "a good listener")]


def test_words_typed_key_by_key_and_submitted_at_once_are_stored_whole(served, new_page):
    """Does a phone that types two words key by key into a kernel kept busy by every key press, and
    taps Submit straight away, store both words whole, round after round, and does a word typed but
    not submitted come back whole after a reload?"""
    code, url = served.create_session("Typing", paced=True)
    store = Store(served.db_url)
    try:
        phone = new_page()
        join_room(phone, url, "Kim")
        store.change_session_settings(code, lambda s: pacing.present(s, list(load_content()), EXERCISE))
        showing(phone, EXERCISE)
        first = phone.get_by_label("Word 1", exact=True)
        submit = phone.get_by_role("button", name="Submit answers")
        stored = []
        for number, words in enumerate(ROUNDS, start=1):
            first.click()
            for position, word in enumerate(words):  # Tab to the next box, select what is there, type over it
                if position:
                    phone.keyboard.press("Tab")
                phone.keyboard.press("Control+A")
                phone.keyboard.type(word)
            submit.focus()  # and Enter at once: the last letters may still be in the page
            phone.keyboard.press("Enter")
            saved = "Saved." if number == 1 else f"(version {number})"
            phone.locator(".mk-submit-status", has_text=saved).wait_for()
            (answers,) = store.latest_answers(code, EXERCISE)
            stored.append(answers["words"])
            phone.locator("button.mk-submit:enabled").wait_for()  # the next round's Enter must find it usable
        assert stored == [list(pair) for pair in ROUNDS]

        phone.get_by_label("Word 3 (optional)").click()
        phone.keyboard.press("Control+A")
        phone.keyboard.type("warm")
        phone.wait_for_timeout(1500)  # the draft is saved a moment after the last change
        phone.reload()
        showing(phone, EXERCISE)
        assert phone.get_by_label("Word 3 (optional)").input_value() == "warm"
        assert store.latest_answers(code, EXERCISE) == [{"words": list(ROUNDS[-1])}]  # a draft is no answer
    finally:
        store.dispose()

