"""The timed pair talk in a real browser: the console starts the countdown, a phone-width page shows
it going down with the exercise's prompts, a reload shows it still running, and a takeaway is saved."""

from __future__ import annotations

import re

import pytest

from kit.store import Store
from tests.browser.test_room import join_room, showing

pytestmark = pytest.mark.browser

EXERCISE = "active_listening"


def remaining(page) -> int:
    return int(page.locator(".mk-talk-timer").get_attribute("data-remaining"))


def test_the_console_starts_a_countdown_every_phone_follows(served, new_page):
    """Does Start in the console make a phone show a countdown that goes down, with the prompts; does a
    reload show it still running; and is the takeaway saved, private until shared?"""
    code, url = served.create_session("Pair talk", paced=True)
    console = new_page(viewport=(1280, 1000))
    console.goto(served.facilitator_url, wait_until="domcontentloaded")
    console.get_by_label("Session", exact=True).select_option(label=f"Pair talk ({code})")
    agenda = console.locator(".mk-agenda")
    agenda.locator(".mk-now-presenting", has_text="Nothing presented").wait_for()
    phone = new_page()
    join_room(phone, url, "Ana")
    agenda.locator(f".mk-agenda-row-{EXERCISE}").get_by_role("button", name="Present").click()
    showing(phone, EXERCISE)
    phone.locator('.mk-talk-timer[data-state="idle"]').wait_for()
    prompts = phone.locator(".mk-talk-prompts")
    assert "Summarizing at Various Points to Confirm Your Understanding" in prompts.inner_text()
    box = prompts.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390

    panel = console.locator(f".mk-panel-{EXERCISE}")
    panel.get_by_role("button", name=re.compile("Start the talk")).click()
    panel.locator('.mk-talk-timer[data-state="running"]').wait_for(timeout=30_000)
    phone.locator('.mk-talk-timer[data-state="running"]').wait_for(timeout=30_000)
    first = remaining(phone)
    assert 0 < first <= 360
    phone.wait_for_function(
        "first => Number(document.querySelector('.mk-talk-timer').dataset.remaining) < first", arg=first,
        timeout=30_000)
    assert re.fullmatch(r"\d:\d\d", phone.locator(".mk-talk-time").inner_text().strip())

    phone.reload(wait_until="domcontentloaded")
    showing(phone, EXERCISE)
    phone.locator('.mk-talk-timer[data-state="running"]').wait_for(timeout=30_000)
    assert remaining(phone) < first  # the same start as before the reload, not a fresh six minutes

    phone.get_by_label("Your takeaway").fill("Summarising is the one I forget")
    phone.get_by_role("button", name="Submit answers").click()
    phone.get_by_text("Saved.").wait_for()
    store = Store(served.db_url)
    try:
        answers = store.latest_answers(code, EXERCISE)
        settings = store.get_session(code).settings
    finally:
        store.dispose()
    assert answers == [{"observer_notes": "Summarising is the one I forget"}]  # not shared: no "_shared"
    assert settings["timers"][EXERCISE]["seconds"] == 360
