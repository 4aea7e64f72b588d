"""axe-core scans of the participant pages and the console, in the same headless Chromium.

axe-core comes from the ``axe-playwright-python`` package the tests install (no CDN).
"""

from __future__ import annotations

import pytest

from kit.content import load_content

pytestmark = pytest.mark.browser

CONTENT = load_content()


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


def test_every_exercise_in_the_room_has_no_serious_violations(served, new_page):
    """Opened one after the other from the list of a self-paced session on a phone, does every shipped
    exercise pass axe without serious or critical violations and fit a 390 px screen?"""
    code, url = served.create_session("Every exercise")
    page = new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_label("Your name").fill("Ada")
    page.get_by_role("button", name="Join").click()
    found = {}
    for number, (exercise_id, exercise) in enumerate(CONTENT.items()):
        if number:  # back to the list from the exercise shown
            page.get_by_role("button", name="All exercises").click()
        page.get_by_role("button", name=exercise.title, exact=True).click()
        shown = page.locator(f".mk-room-body.mk-current-{exercise_id}")
        shown.locator("h1", has_text=exercise.title).first.wait_for()
        shown.locator("button:visible").last.wait_for()  # its controls drawn too
        violations = serious(page)
        if violations:
            found[exercise_id] = violations
        assert page.evaluate("document.documentElement.scrollWidth") <= 392, exercise_id
    assert found == {}, "\n".join(f"{exercise_id}: {violations}" for exercise_id, violations in found.items())


def test_console_and_projector_have_no_serious_violations(served, new_page):
    """Does the facilitator console, with a session chosen and an exercise presented, pass axe without
    serious or critical violations, on its live tab, its join screen and in its projector view?"""
    code, url = served.create_session("Console accessibility", paced=True)
    console = new_page(viewport=(1280, 1000))
    console.goto(served.facilitator_url, wait_until="domcontentloaded")
    console.get_by_label("Session", exact=True).select_option(label=f"Console accessibility ({code})")
    agenda = console.locator(".mk-agenda")
    agenda.locator(".mk-agenda-row-confidentiality").get_by_role("button", name="Present").click()
    agenda.locator(".mk-now-presenting", has_text=CONTENT["confidentiality"].title).wait_for()
    console.locator(".mk-panel-confidentiality [data-answered]").first.wait_for()
    assert (violations := serious(console)) == [], "\n".join(violations)
    console.get_by_role("tab", name="Join screen").click()
    console.locator(".mk-bigcode", has_text=code).wait_for()
    assert (violations := serious(console)) == [], "\n".join(violations)
    console.get_by_role("tab", name="Live").click()
    console.get_by_role("button", name="Projector view").click()
    corner = console.locator(".mk-qr-corner img.mk-qr")
    corner.wait_for()
    assert (violations := serious(console)) == [], "\n".join(violations)
    assert corner.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0  # a QR code, not a broken image
