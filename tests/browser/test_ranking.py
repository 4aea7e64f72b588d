"""A ranking in a real browser: three phones put five mistakes in order (one by keyboard alone) on a
phone-width page, and the console reveals the room's average order."""

from __future__ import annotations

import pytest


pytestmark = pytest.mark.browser

EXERCISE = "deadly_mistakes"


def test_phones_rank_and_the_console_reveals_the_average_order(presented):
    """Do the rows fit a phone, move with Up and Down by click and by keyboard, and does the console
    show, after Reveal, the option with the best average rank first?"""
    room = presented("Ranking", EXERCISE, ".mk-rank-row")
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
    kim.get_by_role("button", name="Submit answers").focus()
    kim.keyboard.press("Enter")

    lee.get_by_role("button", name="Keep this order").click()
    lee.get_by_role("button", name="Submit answers").click()
    for phone in phones:
        phone.get_by_text("Saved.").wait_for()

    panel = console.locator(f".mk-panel-{EXERCISE}")
    panel.locator('[data-answered="3"]').wait_for(timeout=30_000)
    panel.get_by_role("button", name="Reveal results").click()
    first = panel.locator(".mk-ranking-table tbody tr").first
    first.wait_for(timeout=30_000)
    # Going through the motions: ranks 1, 1, 2 (average 1.3); wrong partner: 2, 2, 1 (1.7).
    assert first.get_attribute("data-value") == "going_through_motions"
    assert "1.3" in first.inner_text()
    assert "Ana" not in panel.inner_text()
