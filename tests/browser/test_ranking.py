"""A ranking in a real browser: three phones put five mistakes in order (one by keyboard alone, one
by dragging a row with a finger) on a phone-width page, and the console reveals the room's average
order."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

EXERCISE = "deadly_mistakes"


def touch_drag(page, grip, onto) -> None:
    """Drag ``grip`` with one finger onto the top edge of ``onto`` (real touch events through
    Chromium's DevTools protocol, which the page sees as pointer events of type touch)."""
    grip.scroll_into_view_if_needed()
    box, goal = grip.bounding_box(), onto.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    to_y = goal["y"] + 4
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        cdp.send("Input.dispatchTouchEvent",
                 {"type": "touchMove", "touchPoints": [{"x": x, "y": y + (to_y - y) * step / 10}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_phones_rank_and_the_console_reveals_the_average_order(presented):
    """Do the rows fit a phone, move with Up and Down by click and by keyboard (each button named by
    the option it moves) and by dragging with a finger, and does the console show, after Reveal, the option with the best average rank first?"""
    room = presented("Ranking", EXERCISE, ".mk-rank-row", touch=(False, False, True))
    console, phones = room.console, room.phones
    ana, kim, lee = phones
    down = ana.locator(".mk-rank-down").first
    box = down.bounding_box()
    assert box["x"] + box["width"] <= 390 and box["height"] >= 40  # a thumb-sized button inside the screen
    down.click()
    ana.locator(".mk-rank-row").first.get_by_text("Going through the motions.").wait_for()
    ana.get_by_role("button", name="Submit answers").click()

    kim.locator(".mk-rank-down").first.focus()  # keyboard alone: Enter on a focused button
    kim.keyboard.press("Enter")
    kim.locator(".mk-rank-row").first.get_by_text("Going through the motions.").wait_for()
    # Every row's buttons read "Up" and "Down": a screen reader hears which option each one moves.
    kim.get_by_role("button", name="Move down: Going through the motions.", exact=True).wait_for()
    kim.get_by_role("button", name="Submit answers").focus()
    kim.keyboard.press("Enter")

    # Lee drags the third row above the first: the drop is the Up presses a person could make.
    rows = lee.locator(".mk-rank-row")
    third = rows.nth(2)
    third.get_by_text("Jumping in too early").wait_for()
    touch_drag(lee, third.locator(".mk-rank-grip"), rows.first)
    rows.first.get_by_text("Jumping in too early").wait_for()
    rows.nth(1).get_by_text("Choosing the wrong mentoring partner.").wait_for()
    lee.get_by_role("button", name="Submit answers").click()
    for phone in phones:
        phone.get_by_text("Saved.").wait_for()

    panel = console.locator(f".mk-panel-{EXERCISE}")
    panel.locator('[data-answered="3"]').wait_for(timeout=30_000)
    panel.get_by_role("button", name="Reveal results").click()
    first = panel.locator(".mk-ranking-table tbody tr").first
    first.wait_for(timeout=30_000)
    # Going through the motions: ranks 1, 1, 3 (average 1.7); wrong partner: 2, 2, 2 (2.0); jumping in
    # too early: 3, 3, 1 (2.3).
    assert first.get_attribute("data-value") == "going_through_motions"
    assert "1.7" in first.inner_text()
    assert "Ana" not in panel.inner_text()
