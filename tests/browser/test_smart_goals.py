"""SMART goals in a real browser: a weak goal, its feedback, a rewrite, submit, and the facilitator's count."""

from __future__ import annotations

import pytest

from kit.store import Store
from tests.browser.test_journey import join

pytestmark = pytest.mark.browser

WEAK = "get better at communication"
STRONG = "present my audit of night handovers at the unit meeting by 30 april"


def test_weak_goal_feedback_rewrite_submit_and_count(served, new_page):
    """Does a participant see feedback on a weak goal (and a note on a Yes the words do not show), rewrite it,
    submit both versions, and does the facilitator's console count the answer?"""
    code, url = served.create_session("SMART goals")
    page = new_page()
    join(page, url, "Ana")
    page.get_by_role("button", name="SMART goal check list").click()
    box = page.get_by_label("Goal 1, in your own words")
    box.wait_for()
    assert page.get_by_role("button", name="Submit goals").is_disabled()

    box.fill(WEAK)
    card = page.locator(".mk-goal-1")
    card.locator('.mk-goal-feedback [data-component="measurable"][data-met="false"]').wait_for()
    assert "get better at" in card.locator('.mk-goal-feedback [data-component="specific"]').inner_text()
    card.locator(".mk-q-tangible").get_by_role("radio", name="Yes", exact=True).check()
    card.locator(".mk-tick-hint", has_text="You ticked Yes for Measurable").wait_for()

    card.get_by_role("button", name="Rewrite").click()
    card.locator(".mk-goal-history", has_text=WEAK).wait_for()
    box.fill(STRONG)
    page.wait_for_function("() => document.querySelectorAll('.mk-goal-1 .mk-goal-feedback [data-met=\"true\"]').length === 5")
    assert card.locator(".mk-tick-hint").count() == 0
    card.get_by_label("Share this goal with the group (shown without your name)").check()
    page.locator(".mk-goal-export textarea").wait_for()
    assert STRONG in page.locator(".mk-goal-export textarea").input_value()

    page.wait_for_function("() => !document.querySelector('.mk-submit').disabled")
    page.get_by_role("button", name="Submit goals").click()
    page.locator(".mk-submit-status", has_text="Saved.").wait_for()

    store = Store(served.db_url)
    (stored,) = store.latest_answers(code, "smart_goals")
    goal = stored["goals"]["goals"][0]
    assert goal["versions"] == [WEAK, STRONG] and goal["shared"] is True
    assert goal["checks"]["tangible"] == {"answer": "yes"}
    store.dispose()

    fac = new_page(viewport=(1280, 1000))
    fac.goto(served.facilitator_url, wait_until="domcontentloaded")
    fac.get_by_label("Session", exact=True).wait_for()
    fac.get_by_label("Session", exact=True).select_option(label=f"SMART goals ({code})")
    panel = fac.locator(".mk-panel-smart_goals")
    panel.locator('[data-answered="1"]').wait_for(timeout=30_000)
    assert "Ana" not in panel.inner_text()
    assert STRONG not in panel.inner_text()  # hidden until revealed, and below k
