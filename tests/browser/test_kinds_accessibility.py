"""axe-core scans of the new kinds' participant pages (word cloud, ranking, sorting, pair talk) on a phone."""

from __future__ import annotations

import pytest

from kit.content import load_content
from tests.browser.test_accessibility import serious

pytestmark = pytest.mark.browser

CONTENT = load_content()


def test_new_kinds_pages_have_no_serious_violations(served, new_page):
    """Do the word cloud, ranking, sorting, pair talk and the two-kind exercise pages pass axe without serious
    or critical violations, and fit a 390 px screen?"""
    code, url = served.create_session("Kinds accessibility")
    page = new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_label("Your name").fill("Ada")
    page.get_by_role("button", name="Join").click()
    for number, exercise_id in enumerate(("great_mentor_words", "deadly_mistakes", "whose_tip", "four_stages",
                                                "kick_starters", "active_listening")):
        if number:  # back to the list from the exercise shown
            page.get_by_role("button", name="All exercises").click()
        page.get_by_role("button", name=CONTENT[exercise_id].title, exact=True).click()
        page.locator(f".mk-room-body.mk-current-{exercise_id}").get_by_role("button", name="Submit answers").wait_for()
        assert serious(page) == [], exercise_id
        assert page.evaluate("document.documentElement.scrollWidth") <= 392, exercise_id
