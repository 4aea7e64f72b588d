"""The Accountability Checklist in a real browser: two partners rate eleven statements on their own,
pair, and both see their ratings side by side, the furthest apart first."""

from __future__ import annotations

import pytest

from kit.content import load_content
from kit.store import Store
from tests.browser.pairing import pair
from tests.browser.test_journey import join

pytestmark = pytest.mark.browser

TITLE = "Accountability Checklist"
LABEL = {"never": "Never", "sometimes": "Sometimes", "mostly": "Mostly", "always": "Always"}
#            1 meet    2 sched   3 notify  4 distr   5 assum      6 clear   7 goals   8 feedb      9 meet    10 diff      11 conf
ANA = ["always", "mostly", "never", "always", "sometimes", "mostly", "always", "mostly", "always", "sometimes", "always"]
KIM = ["always", "always", "always", "mostly", "sometimes", "never", "always", "sometimes", "always", "sometimes",
       "always"]
# Worked by hand: 3 Never vs Always (3 steps), 6 Mostly vs Never (2), then the 1-step differences 2, 4 and 8
# in the checklist's order, then the six statements rated the same, in the checklist's order.
ORDER = ["notify_commitments", "clear_communication", "schedule_changes", "no_distractions", "feedback_both_ways",
         "meet_regularly", "check_assumptions", "check_in_goals", "meaningful_meetings", "address_differences",
         "safeguard_confidentiality"]


def rate_and_submit(page, values):
    """Open the checklist from the home page, rate every statement, submit and wait for the confirmation."""
    from playwright.sync_api import expect

    page.get_by_role("button", name=TITLE).click()
    submit = page.get_by_role("button", name="Submit answers")
    submit.wait_for()
    assert "exercise=accountability" in page.url  # served by the general exercise notebook
    assert submit.is_disabled()
    rows = page.locator(".mk-likert")
    expect(rows).to_have_count(11, timeout=30_000)  # the first ones at once, the rest a moment later (kit/ui/progressive.py)
    # Each statement is one radio row with the scale's options, low to high.
    assert rows.nth(0).get_by_role("radio").evaluate_all("els => els.map(e => e.labels[0].textContent.trim())") \
        == list(LABEL.values())
    for i, value in enumerate(values):
        rows.nth(i).get_by_role("radio", name=LABEL[value], exact=True).check()
    page.wait_for_function("() => !document.querySelector('.mk-submit').disabled")
    submit.click()
    page.locator(".mk-submit-status", has_text="Saved.").wait_for()


def compared_rows(page):
    """The comparison's rows as shown: (item id, row class, my label, partner's label, last cell text)."""
    return page.eval_on_selector_all(
        ".mk-compare tbody tr",
        "els => els.map(e => [e.dataset.item, e.className, ...[...e.querySelectorAll('td')].slice(1).map(td => td.innerText)])")


def test_two_partners_rate_pair_and_see_furthest_apart_first(served, new_page):
    """Do two partners rate the eleven statements, pair by code, and both see their ratings side by side with
    the statements furthest apart first, each difference with its own prompt?"""
    code, url = served.create_session("Accountability check-in")
    ana, kim = new_page(), new_page()
    join(ana, url, "Ana", link=TITLE)
    join(kim, url, "Kim", link=TITLE)
    rate_and_submit(ana, ANA)
    rate_and_submit(kim, KIM)

    pair(kim, ana, "Kim")  # Kim asks by Ana's code, Ana accepts on her page
    kim.locator(".mk-compare").wait_for(timeout=30_000)
    ana.locator(".mk-compare").wait_for(timeout=30_000)  # both pages update by themselves

    exercise = load_content()["accountability"]
    mine_of = {"ana": dict(zip([i.id for i in exercise.items], ANA)),
               "kim": dict(zip([i.id for i in exercise.items], KIM))}
    for page, me, partner in ((ana, "ana", "kim"), (kim, "kim", "ana")):
        rows = compared_rows(page)
        assert [row[0] for row in rows] == ORDER
        for item_id, css, mine, theirs, talk in rows:
            a, b = mine_of[me][item_id], mine_of[partner][item_id]
            assert (mine, theirs) == (LABEL[a], LABEL[b])
            if a == b:
                assert "mk-row-agree" in css and "Same rating" in talk
            else:
                assert "mk-row-differ" in css and exercise.item(item_id).discuss in talk
        assert "3 steps apart" in rows[0][4] and "2 steps apart" in rows[1][4]
        summary = page.inner_text(".mk-comparison")
        assert "You rated 6 statements the same, 5 differently." in summary
        assert "furthest apart first" in summary
    assert "Paired with Ana" in kim.inner_text(".mk-pairing")

    store = Store(served.db_url)
    latest = store.latest_answers(code, "accountability")
    assert sorted(tuple(a[i.id] for i in exercise.items) for a in latest) == sorted([tuple(ANA), tuple(KIM)])
    store.dispose()
