"""The Myths of Mentoring quiz in a real browser: three participants answer differently, one of them
again after the facilitator starts the second run, and the facilitator's per-item numbers match."""

from __future__ import annotations

import pytest

from kit.content import load_content
from kit.logic.aggregate import gate
from kit.store import Store
from kit.ui.sections import Snapshot
from kit.kinds.quiz.console import QuizSection
from tests.browser import test_journey as journey
from tests.factories import svg_texts

pytestmark = pytest.mark.browser

TITLE = "Myths of Mentoring quiz"
ITEMS = ["one_perfect_mentor", "formal_long_term", "developmental_network"]  # myth, myth, fact
LABEL = {"myth": "Myth", "fact": "Fact", "sure": "Sure", "think_so": "Think so", "guessing": "Guessing"}
#        one_perfect_mentor      formal_long_term        developmental_network     right
ANA = [("myth", "sure"),     ("fact", "sure"),      ("fact", "think_so")]   # R W R  2
KIM = [("myth", "think_so"), ("fact", "sure"),      ("myth", "sure")]       # R W W  1
LEE = [("fact", "sure"),     ("myth", "guessing"),  ("fact", "sure")]       # W R R  2
ANA_AGAIN = [("myth", "sure"), ("myth", "sure"), ("fact", "sure")]          # R R R  3


def join(page, url, name=None):
    journey.join(page, url, name, link=TITLE)


def take_quiz(page, answers, *, open_from_home=True):
    from playwright.sync_api import expect

    if open_from_home:
        page.get_by_role("button", name=TITLE).click()
    cards = page.locator(".mk-quiz-item")
    cards.first.wait_for()
    expect(cards).to_have_count(len(ITEMS), timeout=30_000)  # the first statements at once, the rest a moment later
    for index, (value, confidence) in enumerate(answers):
        card = cards.nth(index)
        check = card.get_by_role("button", name="Check")
        expect(check).to_be_disabled()
        card.locator(".mk-quiz-answer").get_by_role("radio", name=LABEL[value], exact=True).check()
        card.locator(".mk-quiz-confidence").get_by_role("radio", name=LABEL[confidence], exact=True).check()
        expect(check).to_be_enabled()
        check.click()
        card.locator(".mk-quiz-feedback .mk-status").wait_for()
        expect(check).to_be_hidden()  # a checked statement offers no second Check
    page.locator(".mk-quiz-score").wait_for()


def test_three_participants_one_twice_and_facilitator_numbers(served, new_page):
    """Do three people answer differently, one again in run 2 seeing their change, and do the
    facilitator's per-item numbers (misconceptions first) match what they answered?"""
    code, url = served.create_session("Quiz journey")
    out = served.cli("quiz", "--session", code, "--items", ",".join(ITEMS))
    assert "run 1" in out and "3 of 22" in out

    ana, kim, lee = new_page(), new_page(), new_page()
    join(ana, url, "Ana")
    join(kim, url, None)
    join(lee, url, "Lee")
    take_quiz(ana, ANA)
    feedback = ana.locator(".mk-quiz-item").nth(1).inner_text()
    assert "Not quite." in feedback and "Amy Gallo" in feedback
    assert ana.inner_text(".mk-quiz-score") == "2 of 3"
    revisit = ana.inner_text(".mk-quiz-revisit")
    assert "Mentoring is a formal long-term relationship." in revisit and "perfect mentor" not in revisit
    take_quiz(kim, KIM)
    assert kim.inner_text(".mk-quiz-score") == "1 of 3"
    take_quiz(lee, LEE)

    # A reload brings Ana's checked statements back, locked.
    ana.reload()
    ana.locator(".mk-quiz-score").wait_for()
    from playwright.sync_api import expect

    # The first statements at once, the last a moment later: all three come back checked.
    expect(ana.locator(".mk-quiz-item .mk-quiz-feedback .mk-status")).to_have_count(3, timeout=30_000)

    # After the talk the facilitator starts the second run; Ana reloads and answers again.
    assert "run 2" in served.cli("quiz", "--session", code, "--run", "2")
    ana.reload()
    ana.locator('.mk-quiz-round[data-run="2"]').wait_for()
    take_quiz(ana, ANA_AGAIN, open_from_home=False)
    assert ana.inner_text(".mk-quiz-score") == "3 of 3"
    change = ana.inner_text(".mk-quiz-change")
    assert "First round: 2 of 3 right; now 3 of 3 (+1)" in change

    # What is stored: run 1 for everyone, run 2 for Ana only, without names.
    exercise = load_content()["myths_quiz"]
    store = Store(served.db_url)
    try:
        run1 = store.latest_answers(code, exercise.id)
        run2 = store.latest_answers(code, exercise.id, run=2)
        as_stored = sorted(tuple((a[i]["answer"], a[i]["confidence"]) for i in ITEMS) for a in run1)
        assert as_stored == sorted(tuple(p) for p in (ANA, KIM, LEE))
        assert [tuple((a[i]["answer"], a[i]["confidence"]) for i in ITEMS) for a in run2] == [tuple(ANA_AGAIN)]

        # The facilitator's section, built the way the console builds it (extra hook + snapshot).
        session = store.get_session(code)
        extra = QuizSection.extra(store, code, exercise)
        snapshot = Snapshot(exercise=exercise, joined=store.count_participants(code), answers=run1,
                            gate=gate(len(run1), session.k_threshold), extra=extra)
        section = QuizSection(exercise, exercise.quiz_items)
        section.update(snapshot)
    finally:
        store.dispose()
    table = section.table.value
    # formal_long_term: 1 right, 2 wrong while sure -> first; the other two: 2 right, 1 wrong while sure.
    assert 'data-item="formal_long_term" data-right="1" data-wrong-sure="2" data-n="3"' in table
    assert 'data-item="one_perfect_mentor" data-right="2" data-wrong-sure="1" data-n="3"' in table
    assert 'data-item="developmental_network" data-right="2" data-wrong-sure="1" data-n="3"' in table
    order = [table.index(f'data-item="{item_id}"') for item_id in
             ("formal_long_term", "one_perfect_mentor", "developmental_network")]
    assert order == sorted(order)
    assert svg_texts(section.chart.value)
    # One second-run answer is below k = 3: no shift yet, and it says so.
    assert section.shift.value == "" and "1 answered so far" in section.heading.value
    assert "Ana" not in table and "Lee" not in table
