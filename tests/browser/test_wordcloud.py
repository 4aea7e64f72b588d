"""The word cloud in a real browser: three phones (one by keyboard alone) give words on a phone-width
page, the console reveals the cloud with k applied per word, and a hidden word leaves the cloud."""

from __future__ import annotations

import pytest

from kit.store import Store

pytestmark = pytest.mark.browser

EXERCISE = "great_mentor_words"


def test_phones_give_words_and_the_console_reveals_the_cloud(served, presented):
    """Do phones show labelled word boxes that fit the screen, take words by touch-size clicks and by
    keyboard alone, and does the console show, after Reveal, only the words at least k people gave,
    and take a hidden word out of the cloud while the answers keep it?"""
    room = presented("Word cloud", EXERCISE, "input:enabled")
    code, console, phones = room.code, room.console, room.phones

    ana, kim, lee = phones
    first = ana.get_by_label("Word 1", exact=True)
    box = first.bounding_box()
    assert first.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 390
    first.fill("Listener")
    ana.get_by_label("Word 2 (optional)").fill("patient")
    ana.get_by_role("button", name="Submit answers").click()

    # Keyboard alone: type key by key in the first box, Tab to the next, then Enter on Submit straight
    # away (the last letters may still be in the page: the submit waits for them, see kit/ui/sync.py).
    kim.get_by_label("Word 1", exact=True).focus()
    kim.keyboard.type("listeners")
    kim.keyboard.press("Tab")
    kim.keyboard.type("Patient")
    submit = kim.locator("button.mk-submit:enabled")  # Tab would skip it while it is still off
    submit.focus()
    kim.keyboard.press("Enter")

    lee.get_by_label("Word 1", exact=True).fill("a good listener")
    lee.get_by_label("Word 3 (optional)").fill("LISTENER")
    lee.get_by_role("button", name="Submit answers").click()
    for phone in phones:
        phone.get_by_text("Saved.").wait_for()

    panel = console.locator(f".mk-panel-{EXERCISE}")
    panel.locator('[data-answered="3"]').wait_for(timeout=30_000)
    assert panel.locator(".mk-cloud-word").count() == 0  # held back until Reveal
    panel.get_by_role("button", name="Reveal results").click()
    panel.locator('.mk-cloud-word[data-word="listener"][data-count="3"]').wait_for(timeout=30_000)
    cloud = panel.locator(".mk-cloud").inner_text()
    assert "patient" not in cloud and "good listener" not in cloud  # 2 and 1 people: below k
    assert "Ana" not in panel.inner_text() and "Kim" not in panel.inner_text()

    panel.get_by_label("Word", exact=True).select_option("listener")
    panel.get_by_role("button", name="Hide from the room").click()
    panel.get_by_text("is hidden from the room's cloud").wait_for()
    assert panel.locator('.mk-cloud-word[data-word="listener"]').count() == 0
    store = Store(served.db_url)
    try:
        stored = store.latest_answers(code, EXERCISE)
        assert store.get_session(code).settings["hidden_words"] == {EXERCISE: ["listener"]}
    finally:
        store.dispose()
    assert sorted(a["words"][0] for a in stored) == ["Listener", "a good listener", "listeners"]
