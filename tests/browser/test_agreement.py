"""The mentoring agreement in a real browser: two people pair, one fills it in and submits, the
other's page shows it by itself and opens the printable agreement."""

from __future__ import annotations

import pytest

from kit.store import Store
from tests.browser.pairing import pair
from tests.browser.test_journey import join

pytestmark = pytest.mark.browser

MENTEE = "Kim <script>alert(1)</script> & co"
GOAL = "Lead one team huddle a week by June"


def open_agreement(page):
    page.get_by_role("button", name="Mentoring Agreement").click()
    page.get_by_role("button", name="Ask to pair").wait_for()


def test_pair_fills_in_one_agreement_and_prints_it(served, new_page):
    """Do two partners pair, does one's submitted agreement appear on the other's page by itself, does
    the printable page open with both names, the goal and the text escaped, and is a newer version
    offered with "Load it" (not loaded over an unsaved edit)?"""
    code, url = served.create_session("Agreement")
    ana, kim = new_page(), new_page()
    join(ana, url, "Ana", link="Mentoring Agreement")
    join(kim, url, "Kim", link="Mentoring Agreement")
    open_agreement(ana)
    open_agreement(kim)

    pair(kim, ana, "Kim")  # Kim asks by Ana's code, Ana accepts on her page
    kim.locator(".mk-pairing", has_text="Paired with Ana").wait_for()
    ana.locator(".mk-pairing", has_text="Paired with Kim").wait_for()

    kim.get_by_label("1. Mentor Name").fill("Rosa Ng")
    kim.get_by_label("2. Mentee Name").fill(MENTEE)
    kim.locator(".mk-group-field textarea").first.fill(GOAL)
    kim.wait_for_function("() => !document.querySelector('.mk-submit').disabled")
    kim.get_by_role("button", name="Submit", exact=True).click()
    kim.locator(".mk-submit-status", has_text="Saved.").wait_for()

    # Ana had typed nothing, so Kim's version replaces her empty page by itself.
    ana.locator(".mk-submit-status", has_text="Kim saved a newer version").wait_for(timeout=30_000)
    assert ana.get_by_label("1. Mentor Name").input_value() == "Rosa Ng"
    assert ana.get_by_label("2. Mentee Name").input_value() == MENTEE
    assert ana.locator(".mk-group-field textarea").first.input_value() == GOAL

    link = ana.locator("a.mk-print-open.mk-ready")
    link.wait_for()
    with ana.context.expect_page() as opened:
        link.click()
    printed = opened.value
    printed.wait_for_load_state()
    assert printed.locator("h1").inner_text() == "Mentoring Agreement"
    body = printed.locator("body").inner_text()
    assert "Rosa Ng" in body and MENTEE in body and GOAL in body
    assert "Mentor: signature and date" in body
    assert printed.locator("script").count() == 0  # the typed <script> is text, not an element

    store = Store(served.db_url)
    assert store.count_respondents(code, "agreement") == 1  # Kim's save; Ana has saved nothing
    store.dispose()

    # Ana edits without saving while Kim saves again: her edit stays until she chooses to load it.
    ana.get_by_label("Confirm meeting cadence").fill("Every two weeks")
    kim.get_by_label("Confirm meeting cadence").fill("Monthly")
    kim.get_by_role("button", name="Submit", exact=True).click()
    kim.locator(".mk-submit-status", has_text="Saved.").wait_for()
    load = ana.get_by_role("button", name="Load it")
    load.wait_for(timeout=30_000)
    assert ana.get_by_label("Confirm meeting cadence").input_value() == "Every two weeks"
    load.click()
    ana.wait_for_function("() => [...document.querySelectorAll('input, textarea')].some(i => i.value === 'Monthly')")
    load.wait_for(state="hidden")
    assert ana.get_by_label("Confirm meeting cadence").input_value() == "Monthly"
