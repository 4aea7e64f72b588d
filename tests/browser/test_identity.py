"""No borrowed identities, in a real browser: a link carrying someone else's key asks before switching."""

from __future__ import annotations

import pytest

from kit.store import Store
from kit.ui.visit import cookie_name
from tests.browser.test_accessibility import serious
from tests.browser.test_journey import ANA, answer_and_submit, join

pytestmark = pytest.mark.browser

NO_KEY_IN_ADDRESS = "() => !new URL(window.location.href).searchParams.has('p')"


def remembered(page, code: str) -> str:
    """The participant key this browser's cookie holds for session ``code``."""
    return next(c["value"] for c in page.context.cookies() if c["name"] == cookie_name(code))


def identity(page) -> str:
    page.locator(".mk-identity").wait_for()
    return page.inner_text(".mk-identity")


def test_a_link_with_another_key_asks_and_the_choice_sticks(served, new_page):
    """Joined as Carol, does a link with another participant's key ask first; does "continue" keep
    Carol (her answers land on her), "switch" switch, and a reload land on whoever was chosen?"""
    code, url = served.create_session("Borrowed identity")
    store = Store(served.db_url)
    try:
        dev = store.join(code, "Dev")
        page = new_page()
        join(page, url, "Carol")
        page.wait_for_function(NO_KEY_IN_ADDRESS)  # the key is never in the address bar
        carol = remembered(page, code)
        assert carol != dev.key
        link = f"{url}&p={dev.key}"

        page.goto(link, wait_until="domcontentloaded")
        prompt = page.locator(".mk-who")
        prompt.wait_for()
        assert "You are joined as Carol on this device" in prompt.inner_text()
        assert "Dev" not in prompt.inner_text()
        assert page.locator(".mk-identity").count() == 0  # nobody's page yet
        assert serious(page) == []  # axe: the question is as usable as the rest of the page
        page.get_by_role("button", name="Continue as Carol").click()
        assert "joined as Carol" in identity(page)
        page.wait_for_function(NO_KEY_IN_ADDRESS)
        assert remembered(page, code) == carol
        answer_and_submit(page, ANA)
        assert store.latest_response(carol, "confidentiality") is not None
        assert store.latest_response(dev.key, "confidentiality") is None
        page.reload(wait_until="domcontentloaded")
        assert "joined as Carol" in identity(page)

        page.goto(link, wait_until="domcontentloaded")
        page.get_by_role("button", name="Switch to the person in this link").click()
        assert "joined as Dev" in identity(page)
        page.wait_for_function(NO_KEY_IN_ADDRESS)
        page.reload(wait_until="domcontentloaded")
        assert "joined as Dev" in identity(page)
        assert remembered(page, code) == dev.key
        assert store.count_participants(code) == 2  # nobody joined twice
    finally:
        store.dispose()
