"""A sorting in a real browser: three phones sort seven cards on a phone-width page (one by keyboard
alone), Check explains, and the console reveals the room's sorting, most mis-sorted first."""

from __future__ import annotations

import pytest

from kit.content import load_content
from kit.kinds.sorting import cards

pytestmark = pytest.mark.browser

EXERCISE = "mentoring_is_is_not"
CARDS = cards(load_content()[EXERCISE].item("is_or_not"))
LABELS = {"is": "Mentoring is", "is_not": "Mentoring is not"}


def sort_all(page, wrong=()):
    """Tick each card's category by clicking its visible label (a card in ``wrong`` goes the other way)."""
    groups = page.locator(".mk-sort-card")
    for index, card in enumerate(CARDS):
        answer = card.answer if card.id not in wrong else ("is" if card.answer == "is_not" else "is_not")
        groups.nth(index).get_by_role("radio", name=LABELS[answer], exact=True).check()


def test_phones_sort_check_and_the_console_reveals_the_room(presented):
    """Do the cards fit a phone and take a category by click and by keyboard, does Check say where a
    card belongs, and does the console show, after Reveal, the most mis-sorted card first?"""
    room = presented("Sorting", EXERCISE, ".mk-sort-card")
    console, phones = room.console, room.phones
    ana, kim, lee = phones
    first = ana.locator(".mk-sort-card").first
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    sort_all(ana, wrong={"wellness"})
    ana.get_by_role("button", name="Check").click()
    ana.get_by_text("This one belongs under “Mentoring is not”").wait_for()
    ana.get_by_role("button", name="Submit answers").click()

    # Keyboard alone: Space ticks the focused radio, an arrow key moves to the other category.
    for index, card in enumerate(CARDS):
        kim.locator(".mk-sort-card").nth(index).get_by_role("radio", name=LABELS["is"], exact=True).focus()
        kim.keyboard.press("Space")
        if card.answer == "is_not" and card.id != "wellness":
            kim.keyboard.press("ArrowDown")
    kim.get_by_role("button", name="Submit answers").focus()
    kim.keyboard.press("Enter")

    sort_all(lee)
    lee.get_by_role("button", name="Submit answers").click()
    for phone in phones:
        phone.get_by_text("Saved.").wait_for()

    panel = console.locator(f".mk-panel-{EXERCISE}")
    panel.locator('[data-answered="3"]').wait_for(timeout=30_000)
    panel.get_by_role("button", name="Reveal results").click()
    first_row = panel.locator(".mk-sorting-table tbody tr").first
    first_row.wait_for(timeout=30_000)
    assert first_row.get_attribute("data-card") == "wellness"  # 2 of 3 sorted it wrong
    assert first_row.get_attribute("data-wrong") == "0.67"
    assert "Ana" not in panel.inner_text()
