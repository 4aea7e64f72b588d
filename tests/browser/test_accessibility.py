"""axe-core scans of the participant pages, in the same headless Chromium."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def test_home_and_exercise_have_no_serious_violations(served, new_page):
    """Do the join page, the home page and the confidentiality app pass axe without serious or critical
    violations, on a phone-sized screen?"""
    code, url = served.create_session("Accessibility")
    page = new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_role("button", name="Join").wait_for()
    assert serious(page) == []
    page.get_by_label("Your name").fill("Ada")
    page.get_by_role("button", name="Join").click()
    page.get_by_role("button", name="Confidentiality Checklist").wait_for()
    assert serious(page) == []
    page.get_by_role("button", name="Confidentiality Checklist").click()
    page.get_by_role("button", name="Submit answers").wait_for()
    assert serious(page) == []
    # Nothing is wider than a 390 px phone screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 392
