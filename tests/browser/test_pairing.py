"""Pairing by consent in a real browser, on phone-width pages: a request, Decline, a new request and
Accept, leaving, the attempt limit, and an agreement written alone staying private until Accept."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kit.store import Store
from kit.store.tables import pair_requests, participants
from tests.browser.pairing import accept_request, ask_to_pair
from tests.browser.test_agreement import open_agreement
from tests.browser.test_journey import join

pytestmark = pytest.mark.browser

PRIVATE = "Ana's own draft"


def test_pairing_needs_the_owners_consent(served, new_page):
    """Does Kim see nothing of Ana's agreement while his request waits and after Ana declines (told
    only "no pair was made"), see it once Ana accepts, and lose it when Ana leaves, Kim being told?
    Is a third person who guesses stopped after five tries, the page showing the wait, and does a request
reach Ana on the list of exercises too?"""
    code, url = served.create_session("Consent")
    ana, kim, lee = new_page(), new_page(), new_page()
    for page, name in ((ana, "Ana"), (kim, "Kim"), (lee, "Lee")):
        join(page, url, name, link="Mentoring Agreement")
        open_agreement(page)
    assert "every pair exercise of this workshop" in ana.inner_text(".mk-pairing")

    # Ana writes and submits the agreement alone.
    ana.get_by_label("1. Mentor Name").fill(PRIVATE)
    ana.get_by_label("2. Mentee Name").fill("Nobody yet")
    ana.wait_for_function("() => !document.querySelector('.mk-submit').disabled")
    ana.get_by_role("button", name="Submit", exact=True).click()
    ana.locator(".mk-submit-status", has_text="Saved.").wait_for()

    # Kim asks; Ana is asked on her page and declines. Kim is told no more than for a wrong code.
    ana_code = ask_to_pair(kim, ana)
    request = ana.locator(".mk-pair-request", has_text="Kim")
    request.wait_for(timeout=30_000)
    assert "wants to pair with you" in request.inner_text()
    assert kim.get_by_label("1. Mentor Name").input_value() == ""
    request.get_by_role("button", name="Decline").click()
    ana.locator(".mk-pairing", has_text="You declined Kim's request").wait_for()
    kim.locator(".mk-pair-status", has_text=f"No pair was made with code {ana_code}").wait_for(timeout=30_000)
    assert "Ana" not in kim.inner_text(".mk-pairing")
    assert kim.get_by_label("1. Mentor Name").input_value() == ""

    # Kim asks again and Ana accepts: her agreement appears on Kim's page by itself.
    ask_to_pair(kim, ana)
    accept_request(ana, "Kim")
    ana.locator(".mk-pair-status", has_text="Paired with Kim").wait_for()
    kim.locator(".mk-pair-status", has_text="Paired with Ana").wait_for(timeout=30_000)
    kim.wait_for_function(
        "text => [...document.querySelectorAll('input')].some(i => i.value === text)", arg=PRIVATE,
        timeout=30_000)

    # Ana leaves: Kim is told, and Ana's agreement leaves his page (he had changed nothing).
    ana.get_by_role("button", name="Leave this pair").click()
    ana.locator(".mk-pairing", has_text="You left the pair with Kim").wait_for()
    kim.locator(".mk-pair-status", has_text="Ana left your pair").wait_for(timeout=30_000)
    kim.wait_for_function("() => ![...document.querySelectorAll('input')].some(i => i.value.includes(\"Ana's\"))")
    kim.get_by_role("button", name="Ask to pair").wait_for()

    # Lee guesses: five wrong codes, then the page shows the wait and Ana's real code is refused too.
    box = lee.get_by_label("Partner's pair code")
    for guess in ("BBBB-BBBB", "BBBB-BBBC", "BBBB-BBBD", "BBBB-BBBF", "BBBB-BBBG"):
        box.fill(guess)
        lee.get_by_role("button", name="Ask to pair").click()
        lee.locator(".mk-pair-status", has_text=f"No pair was made with code {guess}").wait_for()
    lee.locator(".mk-pair-wait", has_text="You can ask again in").wait_for()
    box.fill(ana_code)
    lee.get_by_role("button", name="Ask to pair").click()
    lee.locator(".mk-pairing", has_text="That request was not sent").wait_for()
    store = Store(served.db_url)
    try:
        with store.engine.connect() as conn:
            lee_id = conn.execute(select(participants.c.id).where(participants.c.display_name == "Lee")
                                  .where(participants.c.session_id == store.get_session(code).id)).scalar_one()
            sent = conn.execute(select(func.count()).select_from(pair_requests)
                                .where(pair_requests.c.requester_id == lee_id)).scalar_one()
        assert sent == 5  # the sixth never reached Ana
    finally:
        store.dispose()
    assert ana.locator(".mk-pair-request").count() == 0

    # Away from any pair exercise (the list), Ana still gets Kim's new request live and accepts it there.
    ana.get_by_role("button", name="All exercises").click()
    ana.locator(".mk-current-choose").wait_for()
    kim.get_by_label("Partner's pair code").fill(ana_code)
    kim.get_by_role("button", name="Ask to pair").click()
    notice = ana.locator(".mk-request-notice .mk-pair-request", has_text="Kim")
    notice.wait_for(timeout=30_000)
    notice.get_by_role("button", name="Accept").click()
    ana.locator(".mk-request-notice", has_text="You are paired with Kim").wait_for()
    kim.locator(".mk-pair-status", has_text="Paired with Ana").wait_for(timeout=30_000)
