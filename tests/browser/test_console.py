"""The live console in a real browser: counts and charts change without a reload, Reveal, End session."""

from __future__ import annotations

import pytest

from tests.browser.test_journey import answer_and_submit, join

pytestmark = pytest.mark.browser


def test_console_updates_live_reveals_and_ends(served, new_page):
    """With the console open, do the count and then the chart change by themselves as two and then three
    people answer, does Reveal show the chart, and does ending the session lock every open page by itself?"""
    code, url = served.create_session("Console live")
    fac = new_page(viewport=(1280, 1000))
    fac.goto(served.facilitator_url, wait_until="domcontentloaded")
    fac.get_by_label("Session", exact=True).wait_for()
    fac.get_by_label("Session", exact=True).select_option(label=f"Console live ({code})")
    panel = fac.locator(".mk-panel-confidentiality")
    panel.locator('[data-answered="0"]').wait_for()
    qr_tab = fac.get_by_role("tab", name="Join screen")
    qr_tab.click()
    assert code in fac.inner_text(".mk-bigcode")
    assert fac.locator("img.mk-qr").is_visible()
    fac.get_by_role("tab", name="Live").click()

    people = []
    for name, values in (("Ana", ["yes"] * 8), ("Kim", ["no"] * 8)):
        page = new_page()
        join(page, url, name)
        answer_and_submit(page, values)
        people.append(page)
    panel.locator('[data-answered="2"]').wait_for(timeout=30_000)  # no click, no reload
    assert "Results are hidden" in panel.inner_text()
    assert panel.locator("img.mk-chart").count() == 0 or not panel.locator("img.mk-chart").first.is_visible()

    panel.get_by_role("button", name="Reveal results").click()
    panel.get_by_text("at least 3").wait_for()

    lee = new_page()
    join(lee, url, "Lee")
    answer_and_submit(lee, ["yes", "no", "yes", "no", "yes", "no", "yes", "no"])
    panel.locator('[data-answered="3"]').wait_for(timeout=30_000)
    chart = panel.locator("img.mk-chart").first
    chart.wait_for(state="visible", timeout=30_000)
    # The SVG decoded: a broken image has no natural size.
    chart.evaluate("img => img.decode()")
    width, height = chart.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert width > 0 and height > 0
    table = panel.locator(".mk-chart-table").inner_text()
    assert "2 (67%)" in table and "1 (33%)" in table
    assert "Ana" not in panel.inner_text() and "Lee" not in panel.inner_text()

    # End the session from the console: a further submit is refused with a clear message.
    fac.get_by_role("button", name="End session…").click()
    fac.get_by_role("button", name="Yes, end it").click()
    fac.get_by_text("has ended").first.wait_for()
    # An open page notices by itself: its answers stay on view, locked, and it says the session ended.
    ana = people[0]
    ana.locator(".mk-submit-status", has_text="This session has ended").wait_for()
    assert ana.locator(".mk-choice").nth(0).get_by_role("radio", name="No", exact=True).is_disabled()
    assert ana.get_by_role("button", name="Submit answers").is_disabled()
