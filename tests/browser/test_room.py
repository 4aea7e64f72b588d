"""The one page in a real browser: three phones follow what the facilitator presents, without a
reload, keep what they typed, and a late joiner or an old link lands on the presented exercise."""

from __future__ import annotations

import pytest

from kit.content import load_content
from kit.store import Store

pytestmark = pytest.mark.browser

CONTENT = load_content()
IDS = list(CONTENT)
CHECKLIST = CONTENT["confidentiality"].title


def join_room(page, url, name):
    """Join a paced session and wait in the lobby; marks the page so a reload would show."""
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").click()
    page.locator(".mk-lobby", has_text=f"You're in, {name}.").wait_for()
    page.evaluate("window.__sameDocument = true")


def showing(page, exercise_id):
    """Wait until the page shows ``exercise_id`` with its first input usable."""
    page.locator(f".mk-room-body.mk-current-{exercise_id} input:enabled").first.wait_for()


def same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def kernel_id(page) -> str:
    return page.evaluate("document.documentElement.outerHTML.match(/kernelId[^0-9a-f]*([0-9a-f-]{36})/)?.[1] || ''")


def test_three_phones_follow_the_facilitator_without_a_reload(served, new_page):
    """Do three joined phones wait in the lobby, switch by themselves to each exercise presented (no
    reload, no new kernel), keep unsubmitted answers across a switch and a reload, pause, go
    self-paced, and does a late joiner or an old per-exercise link land on the presented exercise?"""
    code, url = served.create_session("Live room", paced=True)
    console = new_page(viewport=(1280, 1000))
    console.goto(served.facilitator_url, wait_until="domcontentloaded")
    console.get_by_label("Session", exact=True).select_option(label=f"Live room ({code})")
    agenda = console.locator(".mk-agenda")
    agenda.locator(".mk-now-presenting", has_text="Nothing presented").wait_for()
    phones = [new_page() for _ in range(3)]
    for phone, name in zip(phones, ("Ana", "Kim", "Lee")):
        join_room(phone, url, name)
    kernels = [kernel_id(phone) for phone in phones]
    assert all(kernels)

    agenda.locator(".mk-agenda-row-confidentiality").get_by_role("button", name="Present").click()
    for phone in phones:
        showing(phone, "confidentiality")
        assert same_document(phone)
    ana = phones[0]
    choices = ana.locator(".mk-choice")
    choices.nth(0).get_by_role("radio", name="No", exact=True).check()
    choices.nth(1).get_by_role("radio", name="Not sure", exact=True).check()

    nxt = IDS[IDS.index("confidentiality") + 1]
    agenda.locator(".mk-pace-controls button", has_text="Next").click()
    agenda.locator(".mk-now-presenting", has_text=CONTENT[nxt].title).wait_for()
    for phone in phones:
        phone.locator(f".mk-room-body.mk-current-{nxt}").wait_for()
    agenda.locator(".mk-pace-controls button", has_text="Back").click()
    showing(ana, "confidentiality")
    assert choices.nth(0).get_by_role("radio", name="No", exact=True).is_checked()
    assert choices.nth(1).get_by_role("radio", name="Not sure", exact=True).is_checked()
    assert all(same_document(phone) for phone in phones)
    assert kernels == [kernel_id(phone) for phone in phones]

    # A reload lands on the presented exercise as the same person, with what was ticked.
    ana.wait_for_timeout(1500)  # the draft is saved a moment after the last change
    ana.reload()
    showing(ana, "confidentiality")
    ana.locator(".mk-draft-note", has_text="not submitted yet").wait_for()
    choices = ana.locator(".mk-choice")
    assert choices.nth(0).get_by_role("radio", name="No", exact=True).is_checked()
    assert "joined as Ana" in ana.inner_text(".mk-identity")
    store = Store(served.db_url)
    try:
        assert store.latest_answers(code, "confidentiality") == []  # a draft is never an answer
        assert store.count_participants(code) == 3
    finally:
        store.dispose()

    # Pause: every phone says so; Resume brings the exercise back.
    assert "paused" in served.cli("present", "--session", code, "--pause", "Talk with your neighbour")
    for phone in phones:
        phone.locator(".mk-paused", has_text="Talk with your neighbour").wait_for()
    served.cli("present", "--session", code, "--resume")
    showing(phones[1], "confidentiality")

    # A late joiner and an old per-exercise link land on the presented exercise.
    late = new_page()
    late.goto(url, wait_until="domcontentloaded")
    late.get_by_label("Stay anonymous").check()
    late.get_by_role("button", name="Join").click()
    showing(late, "confidentiality")
    old = new_page()
    old.goto(url.replace("home.ipynb", "myths_quiz.ipynb"), wait_until="domcontentloaded")
    old.get_by_label("Your name").fill("Sam")
    old.get_by_role("button", name="Join").click()
    showing(old, "confidentiality")

    # Self-paced: people stay where they are, then move freely inside the page.
    served.cli("present", "--session", code, "--self-paced")
    kim = phones[1]
    kim.get_by_role("button", name="All exercises").click()
    kim.get_by_role("button", name=CONTENT["myths_quiz"].title).click()
    kim.locator(".mk-room-body.mk-current-myths_quiz .mk-quiz-item").first.wait_for()
    assert "exercise=myths_quiz" in kim.url and same_document(kim)
    kim.reload()
    kim.locator(".mk-room-body.mk-current-myths_quiz .mk-quiz-item").first.wait_for()
