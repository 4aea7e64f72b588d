"""Q&A with votes in a real browser: two phones at phone width, one posts a question, the other sees
it without a name and upvotes it (by keyboard), a second upvote is impossible, and the console shows
the list ordered by votes as soon as the phones do (k joined, no Reveal, fewer than k posted) and hides
the question: it leaves the phones but stays stored."""

from __future__ import annotations

import re

import pytest

from kit.store import Store
from tests.browser.test_room import join_room

pytestmark = pytest.mark.browser

EXERCISE = "workshop_qa"
QUESTION = "How often should we meet <b>really</b>?"


def test_phones_post_and_upvote_and_the_console_hides_a_question(served, new_page):
    """Does a posted question reach the other phone escaped and without its author, take one upvote
    (a second is impossible), show in the console as soon as the phones show it (one post, no Reveal),
    and leave every phone when the console hides it while the stored answer keeps it?"""
    out = served.cli("session", "create", "--name", "Q and A", "--public-url", served.participant, "--k", "2")
    code = re.search(r"Join code: (\w+)", out).group(1)
    url = re.search(r"Participant URL: (\S+)", out).group(1)
    console = new_page(viewport=(1280, 1000))
    console.goto(served.facilitator_url, wait_until="domcontentloaded")
    console.get_by_label("Session", exact=True).select_option(label=f"Q and A ({code})")
    agenda = console.locator(".mk-agenda")
    agenda.locator(".mk-now-presenting", has_text="Nothing presented").wait_for()
    ana, kim = new_page(), new_page()
    join_room(ana, url, "Ana")
    join_room(kim, url, "Kim")
    agenda.locator(f".mk-agenda-row-{EXERCISE}").get_by_role("button", name="Present").click()
    for phone in (ana, kim):
        phone.locator(f".mk-room-body.mk-current-{EXERCISE} textarea:enabled").first.wait_for()

    box = ana.get_by_label("Your question")
    bounds = box.bounding_box()
    assert box.is_visible() and bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 390
    box.fill(QUESTION)
    ana.get_by_role("button", name="Post question").click()
    ana.get_by_text("Posted.").wait_for()
    own = ana.locator(".mk-qa-question", has_text="How often should we meet")
    assert own.get_by_role("button", name="Your question").is_disabled()
    panel = console.locator(f".mk-panel-{EXERCISE}")
    # One person answered (fewer than k=2), but the phones show it: so does the console, to moderate it.
    panel.locator(".mk-qa-row", has_text="How often should we meet").wait_for(timeout=30_000)

    row = kim.locator(".mk-qa-question", has_text="How often should we meet")
    row.wait_for(timeout=30_000)
    assert QUESTION in row.inner_text() and "Ana" not in kim.locator(".mk-qa-list").inner_text()
    # Named by its question for a screen reader; the visible label stays short.
    upvote = row.get_by_role("button", name=f"Upvote: {QUESTION}", exact=True)
    assert upvote.inner_text().strip() == "Upvote"
    assert upvote.bounding_box()["height"] >= 40
    upvote.focus()
    kim.keyboard.press("Enter")
    kim.get_by_text("Voted.").wait_for()
    voted = row.get_by_role("button", name="Upvoted")
    assert voted.is_disabled() and row.locator('[data-votes="1"]').count() == 1
    voted.click(force=True)  # a disabled button does nothing: still one vote
    assert row.locator('[data-votes="1"]').count() == 1

    listed = panel.locator('.mk-qa-row[data-votes="1"]', has_text="How often should we meet")
    listed.wait_for(timeout=30_000)
    assert QUESTION in listed.inner_text()
    assert "Ana" not in panel.inner_text() and "Kim" not in panel.inner_text()
    panel.get_by_label("Question", exact=True).select_option(label=f"{QUESTION} (1)")
    panel.get_by_role("button", name="Hide from the room").click()
    panel.get_by_text("is hidden from the room").wait_for()
    assert panel.locator(".mk-qa-row").count() == 0
    for phone in (ana, kim):
        phone.locator(".mk-qa-question").first.wait_for(state="detached", timeout=30_000)
        assert "How often should we meet" not in phone.locator(".mk-qa-list").inner_text()

    store = Store(served.db_url)
    try:
        stored = store.latest_answers(code, EXERCISE)
        hidden = store.get_session(code).settings["qa"][EXERCISE]["hidden"]
    finally:
        store.dispose()
    [posted] = [q for a in stored for q in a["questions"]["questions"]]
    assert posted["text"] == QUESTION and hidden == [posted["id"]]
    assert sum(len(a["questions"]["votes"]) for a in stored) == 1
