"""A quick activity in a real browser: the facilitator makes a poll in the console and presents it,
a phone at 390 px answers it, the console counts it, and the console's CSV download includes it."""

from __future__ import annotations

import base64

import pytest

from tests.browser.test_room import join_room, showing

pytestmark = pytest.mark.browser


def test_a_quick_poll_made_in_the_console_reaches_a_phone_and_the_export(served, new_page):
    """Does a poll made with Create and present switch a phone that joined before it existed, take its
    answer by touch at phone width, show the count in its console panel, and appear in the CSV?"""
    code, url = served.create_session("Quick poll", paced=True)
    console = new_page(viewport=(1280, 1000))
    console.goto(served.facilitator_url, wait_until="domcontentloaded")
    console.get_by_label("Session", exact=True).select_option(label=f"Quick poll ({code})")
    console.locator(".mk-agenda .mk-now-presenting", has_text="Nothing presented").wait_for()
    phone = new_page()
    join_room(phone, url, "Ana")

    form = console.locator(".mk-quick")
    form.get_by_label("Type").select_option(label="Poll (one choice)")
    form.get_by_label("Prompt").fill("Which part helped most?")
    form.get_by_label("Options").fill("Pairing\nThe quiz\nGoals")
    form.get_by_role("button", name="Create and present").click()
    form.get_by_text("Created “Which part helped most?”. Presenting it now").wait_for()
    quick_id = f"quick_{code.lower()}_1"

    showing(phone, quick_id)
    assert phone.evaluate("window.__sameDocument === true")  # switched in place, no reload
    choice = phone.get_by_role("radio", name="The quiz", exact=True)
    box = choice.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    choice.check()
    phone.get_by_role("button", name="Submit answers").click()
    phone.get_by_text("Saved.").wait_for()

    panel = console.locator(f".mk-panel-{quick_id}")
    panel.locator('[data-answered="1"]').wait_for(timeout=30_000)
    console.get_by_role("tab", name="Set-up & download").click()
    console.get_by_role("button", name="Prepare CSV download").click()
    link = console.locator("a.mk-download")
    link.wait_for()
    csv = base64.b64decode(link.get_attribute("href").split(",", 1)[1]).decode()
    row = next(line for line in csv.splitlines() if quick_id in line)
    assert "Which part helped most?" in row and "the_quiz" in row and "Ana" not in csv
