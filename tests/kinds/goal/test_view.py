"""The participant's goal view: live feedback, the check list and its gentle hints, Rewrite keeping every
version, Submit and reload, the text copy, and what clean_answers refuses."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from kit.content import load_content
from kit.errors import InputError
from kit.logic.answers import clean_answers
from kit.kinds.goal.view import GoalView

WEAK = "get better at communication"
STRONG = "present my audit of night handovers at the unit meeting by 30 april"


@pytest.fixture
def smart():
    return load_content()["smart_goals"]


def view_for(room, smart):
    store, session, ana, _ = room
    return GoalView(store, smart, session, ana)


def test_one_card_to_start_and_up_to_three(room, smart):
    """Does the view start with one labelled goal card, add up to three, and keep Submit off until a goal has text?"""
    view = view_for(room, smart)
    cards = view.cards["goals"]
    assert len(cards) == 1 and cards[0].text.description == "Goal 1, in your own words"
    assert view.submit.disabled and "at least one goal" in view.hint.value
    view.adders["goals"].click()
    view.adders["goals"].click()
    assert len(cards) == 3 and view.adders["goals"].disabled
    assert view.add_goal(smart.goal_items[0]) is None
    questions = [q for c in smart.goal_items[0].checklist for q in c.questions]
    assert len(cards[0].checks) == len(questions) == 13
    for question in questions:  # every control is labelled with the seed's question
        choice, note = cards[0].checks[question.id]
        assert choice.description == question.text and note.description.startswith("Note on ")


def test_live_feedback_as_they_type(room, smart):
    """Does typing a weak goal show per-component feedback, and a better wording change it, escaped?"""
    view = view_for(room, smart)
    card = view.cards["goals"][0]
    card.text.value = WEAK
    html = card.feedback.value
    assert 'data-component="specific" data-met="false"' in html and "“get better at”" in html
    assert 'data-component="timely" data-met="false"' in html and "Not yet" in html
    card.text.value = STRONG
    assert card.feedback.value.count('data-met="true"') == 5
    card.text.value = "<img src=x onerror=alert(1)> lead the audit by june"
    assert "<img" not in card.feedback.value and "HTML" in card.feedback.value
    card.text.value = "x"
    assert "One or two words" in card.feedback.value


def test_ticked_yes_but_words_do_not_show_it(room, smart):
    """Does ticking Yes for Measurable on a goal without a measure give a gentle note, gone once the goal has one?"""
    view = view_for(room, smart)
    card = view.cards["goals"][0]
    card.text.value = WEAK
    card.checks["tangible"][0].value = "yes"
    hint = card.hints["measurable"].value
    assert "You ticked Yes for Measurable, but" in hint and 'role="status"' in hint
    assert card.hints["specific"].value == ""  # not ticked: no note
    card.checks["tangible"][0].value = "no"
    assert card.hints["measurable"].value == ""
    card.checks["tangible"][0].value = "yes"
    card.text.value = STRONG
    assert card.hints["measurable"].value == ""


def test_rewrite_keeps_every_version_and_submit_stores_them(room, smart):
    """Does Rewrite freeze the current wording into the visible history, and Submit store all versions in order
    with the checks and the share choice, as one response?"""
    store, session, ana, _ = room
    view = view_for(room, smart)
    card = view.cards["goals"][0]
    card.text.value = WEAK
    assert not card.rewrite.disabled
    card.rewrite.click()
    assert card.versions == [WEAK] and card.rewrite.disabled  # nothing new to keep yet
    assert "Earlier versions of goal 1 (1)" in card.history.value and WEAK in card.history.value
    assert "Version 1 is kept" in card.rewrite_status.value
    card.text.value = STRONG
    card.checks["tangible"][0].value = "yes"
    card.checks["tangible"][1].value = "  three audits  "
    card.shared.value = True
    view.adders["goals"].click()
    view.cards["goals"][1].text.value = "  "  # an empty card is not saved
    view.submit.click()
    assert "Saved." in view.status.value
    stored = store.latest_response(ana.key, smart.id).answers
    assert stored == {"goals": {"goals": [{"versions": [WEAK, STRONG],
                                           "checks": {"tangible": {"answer": "yes", "note": "three audits"}},
                                           "shared": True}]}}
    view._submit()  # the second click of a double click
    assert len(store.response_history(ana.key, smart.id)) == 1 and "Nothing changed" in view.status.value


def test_reload_restores_history_checks_and_resubmit_is_a_revision(room, smart):
    """Does a reloaded page show the history, latest wording, ticks and notes, and a change store revision 2?"""
    store, session, ana, _ = room
    first = view_for(room, smart)
    card = first.cards["goals"][0]
    card.text.value = WEAK
    card.rewrite.click()
    card.text.value = STRONG
    card.checks["clear"][0].value = "no"
    first.submit.click()
    again = view_for(room, smart)
    restored = again.cards["goals"][0]
    assert restored.versions == [WEAK] and restored.text.value == STRONG
    assert restored.checks["clear"][0].value == "no" and "you submitted at" in again.status.value
    assert WEAK in restored.history.value
    restored.rewrite.click()
    restored.text.value = STRONG + " and ask for feedback"
    again.submit.click()
    history = store.response_history(ana.key, smart.id)
    assert [r.revision for r in history] == [1, 2]
    assert history[1].answers["goals"]["goals"][0]["versions"] == [WEAK, STRONG, STRONG + " and ask for feedback"]


def test_copy_and_download_as_text(room, smart):
    """Is there a plain-text copy (escaped, read-only) and a data: download link with the goals and history?"""
    view = view_for(room, smart)
    card = view.cards["goals"][0]
    card.text.value = "<b>draft</b> my plan"
    card.rewrite.click()
    card.text.value = STRONG
    card.checks["tangible"][0].value = "yes"
    export = view.export.value
    assert "<textarea readonly" in export and 'aria-label="Your goals as text, to copy"' in export
    assert "&lt;b&gt;draft&lt;/b&gt;" in export and "<b>draft" not in export
    href = export.split('href="')[1].split('"')[0]
    assert href.startswith("data:text/plain;charset=utf-8,")
    text = unquote(href.split(",", 1)[1].replace("&amp;", "&"))
    assert f"Goal 1: {STRONG}" in text and "1. <b>draft</b> my plan" in text
    assert "Will my success be tangible and measurable? Yes" in text


def test_closed_session_is_read_only(room, smart):
    """After the session ends, are the goals shown read-only with Submit, Add and Rewrite off?"""
    store, session, ana, _ = room
    view = view_for(room, smart)
    view.cards["goals"][0].text.value = STRONG
    view.submit.click()
    closed = store.close_session(session.code)
    late = GoalView(store, smart, closed, ana)
    card = late.cards["goals"][0]
    assert late.submit.disabled and card.text.disabled and card.rewrite.disabled and late.adders["goals"].disabled
    assert "ended" in late.status.value


def goal(versions, **extra):
    return {"goals": {"goals": [{"versions": versions, **extra}]}}


@pytest.mark.parametrize("raw, words", [
    ({"goals": {"goals": [{"versions": ["a"]}] * 4}}, "at most 3"),
    (goal(["x" * 601]), "limit is 600"),
    (goal([" ", ""]), "no text yet"),
    (goal(["fine"], checks={"nope": {"answer": "yes"}}), "expected form"),
    (goal(["fine"], checks={"clear": {"answer": "maybe"}}), "expected form"),
    (goal(["fine"], checks={"clear": {"note": "n" * 501}}), "longer than 500"),
    (goal(["fine"], shared="yes"), "expected form"),
    (goal(["fine"], author="me"), "expected form"),
    (goal(["v"] * 21), "at most 20"),
    ({"goals": ["just text"]}, "expected form"),
    ({"goals": {"goals": [{"versions": [1]}]}}, "expected form"),
])
def test_clean_answers_refuses_bad_goals(smart, raw, words):
    """Are too many goals, too long text, unknown questions, bad ticks, long notes and odd shapes refused?"""
    with pytest.raises(InputError, match=words):
        clean_answers(smart, raw)


def test_clean_answers_normalises_goals(smart):
    """Are texts cleaned, repeated versions collapsed, empty checks dropped, and sharing refused when not allowed?"""
    raw = goal(["  first\x07 ", "first", "second  "], checks={"clear": {"answer": None, "note": " "},
                                                           "concrete": {"answer": "no"}})
    assert clean_answers(smart, raw) == {"goals": {"goals": [{"versions": ["first", "second"],
                                                              "checks": {"concrete": {"answer": "no"}},
                                                              "shared": False}]}}
    with pytest.raises(InputError, match="still need"):
        clean_answers(smart, {})
    from dataclasses import replace
    private = replace(smart, items=(replace(smart.items[0], shareable=False),))
    with pytest.raises(InputError, match="cannot be shared"):
        clean_answers(private, goal(["fine"], shared=True))


def test_a_card_builds_its_check_list_after_the_goal_and_keeps_what_was_restored(room, smart, monkeypatch):
    """In a kernel, does a goal card build its goal box with the view and the check list's components
    a moment later; are ticks and notes restored for questions not
    built yet still part of the goal (and on screen once built), and does a card locked meanwhile
    build them locked?"""
    import asyncio

    from kit.kinds.goal import view as goal_view
    from kit.ui import progressive
    from tests.factories import run_async

    monkeypatch.setattr(progressive, "FIRST", 4)
    monkeypatch.setattr(progressive, "MORE_AFTER", (0.05, 0.1))
    item = smart.goal_items[0]
    first_ids = [q.id for q in item.checklist[0].questions]
    last = item.checklist[-1].questions[-1].id
    stored = {"versions": [STRONG], "checks": {first_ids[0]: {"answer": "yes"},
                                               last: {"answer": "no", "note": "by <30 April>"}}}

    async def build():
        card = goal_view.GoalCard(item, 1, lambda: None)
        early = set(card.checks)
        card.restore(stored)
        value = card.value()
        card.set_disabled(True)
        while len(card.checks) < sum(len(c.questions) for c in item.checklist):
            await asyncio.sleep(0.02)
        return card, early, value

    card, early, value = run_async(build())
    assert early == set() and goal_view.FIRST_COMPONENTS == 0  # the check list comes after the goal
    assert value["checks"] == stored["checks"]  # restored before it was built: still the goal's
    choice, note = card.checks[last]
    assert choice.value == "no" and note.value == "by <30 April>" and choice.disabled and note.disabled
    assert card.value()["checks"] == stored["checks"]
    assert [box for box in card.checklist.children[1:]] and len(card.checklist.children) == 1 + len(item.checklist)
    card.close()
