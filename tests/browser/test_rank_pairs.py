"""Partners compare their rankings in a real browser, on phone-width pages: two people rank the seven
things (one by keyboard alone), see nothing of each other before Accept, then both orders side by side."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pairing import pair
from tests.browser.test_journey import join

pytestmark = pytest.mark.browser

TITLE = "Seven things to do in a mentoring relationship"
FIRST = "Take time to get to know one another"


def test_partners_see_both_orders_after_accept(served, new_page):
    """Does each phone show nothing of the other's order after submitting and before Accept, and after
    Accept both orders place by place, the option three places apart marked, within the phone's width?"""
    _, url = served.create_session("Rank pairs")
    ana, kim = new_page(), new_page()
    for page, name in ((ana, "Ana"), (kim, "Kim")):
        join(page, url, name, link=TITLE)
        page.get_by_role("button", name=TITLE).click()
        page.get_by_role("button", name="Keep this order").wait_for()

    ana.get_by_role("button", name="Keep this order").click()
    ana.get_by_role("button", name="Submit answers").click()
    # Kim, by keyboard alone, moves the first row down three places: the focus stays on the row's
    # Down button as the row moves and as the kernel draws the rows again.
    kim.locator(".mk-rank-row").first.locator(".mk-rank-down").focus()
    for place in range(3):
        kim.keyboard.press("Enter")
        kim.locator(".mk-rank-row").nth(place + 1).get_by_text(FIRST).wait_for()
        expect(kim.locator(".mk-rank-row").nth(place + 1).locator(".mk-rank-down")).to_be_focused()
    kim.get_by_role("button", name="Submit answers").focus()
    kim.keyboard.press("Enter")
    for page in (ana, kim):
        page.get_by_text("Saved.").wait_for()
        assert page.locator(".mk-rank-compare").count() == 0  # nothing before a pair exists

    pair(kim, ana, "Kim")
    for page, other in ((ana, "Kim"), (kim, "Ana")):
        block = page.locator(".mk-rank-compare")
        block.wait_for(timeout=30_000)
        assert "Your orders differ most on: " + FIRST in block.inner_text()
        assert block.locator("mark").count() == 2 and block.locator("tbody tr").count() == 7
        assert block.get_by_role("columnheader", name=other).count() == 1
        box = block.locator("table").bounding_box()
        assert box["x"] + box["width"] <= 390
