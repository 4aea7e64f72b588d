"""The facilitator's Q&A list, headless: shown by the phones' rule (k joined, Reveal only for the
projector), ordered by votes, escaped, without names, the projector without controls, Mark answered,
and a hidden question leaves the list but stays stored."""

from __future__ import annotations

import pytest

from kit.content import load_content
from kit.kinds.qa import room_gate, with_question, with_vote
from kit.kinds.qa.console import QASection
from kit.kinds.qa.view import QAView
from kit.logic.aggregate import gate
from kit.ui.console import ConsoleView
from kit.ui.panel import ExercisePanel
from kit.ui.sections import Snapshot, sections_for

EXERCISE = load_content()["workshop_qa"]
A, B = "a" * 12, "b" * 12


def fill(store, code):
    """Three people: Ana posts A (1 vote), Kim posts B (2 votes, one of them repeated), Lee votes."""
    values = [with_vote(with_question(None, "Alpha <script>?", A), B),
              with_vote(with_vote(with_question(None, "Bravo?", B), A), A),
              with_vote(None, B)]
    for number, value in enumerate(values):
        person = store.join(code, f"Name{number}", join_token=f"t{code}{number}")
        store.submit(person.key, EXERCISE.id, {"questions": value}, submission_id=f"s{code}{number}")


def test_the_kind_names_this_section():
    """Does a Q&A exercise get the Q&A section?"""
    assert [type(s) for s in sections_for(EXERCISE)] == [QASection]


def test_projector_is_large_and_has_no_controls():
    """Does the projector view draw larger text without the moderation controls, and nothing below k?"""
    answers = [{"questions": with_question(None, "Q?", A)}, {"questions": with_vote(None, A)}, {}]
    section = QASection(EXERCISE, EXERCISE.items)
    section.update(Snapshot(exercise=EXERCISE, joined=3, answers=answers, gate=gate(3, 3)), large=True)
    assert section.moderation.layout.display == "none" and "font-size:1.5em" in section.boards[0].value
    section.update(Snapshot(exercise=EXERCISE, joined=2, answers=answers[:2], gate=gate(2, 3)))
    assert section.boards[0].value == "" and section.text_summary(
        Snapshot(exercise=EXERCISE, joined=2, answers=answers[:2], gate=gate(2, 3))) == ""


def test_console_orders_marks_answered_and_hides_without_deleting(ui_store):
    """In the console, is the list shown before Reveal (the phones show it), Bravo (2) above Alpha (1),
    escaped and without names; does Mark answered move Bravo last, Hide take Alpha off the list (also after a
    fresh refresh) while the stored answer keeps it, and Show again put it back?"""
    session = ui_store.create_session("Q&A console")
    fill(ui_store, session.code)
    view = ConsoleView(ui_store, {EXERCISE.id: EXERCISE}, public_url="http://192.0.2.1:8866", poll_seconds=None)
    panel = view.panels[EXERCISE.id]
    assert panel.body.layout.display is None and panel.notice.value == ""
    section = panel.sections[0]
    html = section.boards[0].value
    assert html.index("Bravo?") < html.index("Alpha &lt;script&gt;?") and "<script>" not in html
    assert 'data-votes="2"' in html and "Name" not in html
    section.question.value = B
    section.answered.click()
    assert "marked answered" in section.status.value
    html = section.boards[0].value
    assert html.index("Alpha") < html.index("Bravo") and "Answered" in html
    section.question.value = A
    section.hide.click()
    assert "Alpha" not in section.boards[0].value and "hidden from the room" in section.status.value
    assert ui_store.get_session(session.code).settings["qa"] == {EXERCISE.id: {"answered": [B], "hidden": [A]}}
    view.refresh(force=True)
    assert "Alpha" not in section.boards[0].value and section.hidden.options == (("Alpha <script>? (1)", A),)
    stored = ui_store.latest_answers(session.code, EXERCISE.id)
    assert any(q["text"] == "Alpha <script>?" for a in stored for q in a["questions"]["questions"])
    section.hidden.value = A
    section.show.click()
    assert "Alpha &lt;script&gt;?" in section.boards[0].value


def test_a_chosen_question_stays_chosen_when_votes_arrive():
    """While the facilitator has a question chosen, does a redraw with a new vote keep it chosen?"""
    answers = [{"questions": with_question(None, "Q?", A)}, {"questions": with_vote(None, A)}, {}]
    section = QASection(EXERCISE, EXERCISE.items)
    section.update(Snapshot(exercise=EXERCISE, joined=3, answers=answers, gate=gate(3, 3)))
    section.question.value = A
    answers[2] = {"questions": with_vote(None, A)}
    section.update(Snapshot(exercise=EXERCISE, joined=3, answers=answers, gate=gate(3, 3)))
    assert section.question.value == A and section.question.options == (("Q? (2)", A),)


@pytest.mark.parametrize("joined, revealed, large, drawn, notice", [
    (3, False, False, True, ""),  # the phones show it: the facilitator can moderate it, Reveal or not
    (3, True, False, True, ""),
    (2, True, False, False, "at least 3 people have joined"),  # the phones hold it back too
    (3, False, True, False, "Results are hidden"),  # the projector still waits for Reveal
    (3, True, True, True, ""),
])
def test_the_console_follows_the_phones_rule_not_the_answer_count(ui_store, joined, revealed, large, drawn, notice):
    """With k=3 and ONE person who posted, does the panel show the list (and offer it to Hide) exactly
    when the phones show it (k joined), Reveal deciding only the projector?"""
    session = ui_store.create_session("Q&A k", k_threshold=3)
    people = [ui_store.join(session.code, f"P{n}", join_token=f"t{n}") for n in range(joined)]
    ui_store.submit(people[0].key, EXERCISE.id, {"questions": with_question(None, "Alpha?", A)}, submission_id="s")
    if revealed:
        ui_store.change_session_settings(session.code, lambda s: {"revealed": [EXERCISE.id]})
    session = ui_store.get_session(session.code)
    phone = QAView(ui_store, EXERCISE, session, people[-1], poll_seconds=None)
    panel = ExercisePanel(ui_store, EXERCISE, lambda *_: None)
    panel.refresh(session, joined, large=large)
    [section] = panel.sections
    assert (panel.body.layout.display is None) is drawn and (notice in panel.notice.value if notice
                                                             else panel.notice.value == "")
    assert ("Alpha?" in section.boards[0].value) is drawn
    assert (len(phone.rows["questions"]) == 1) is (joined >= 3)
    assert section.question.options == ((("Alpha? (0)", A),) if drawn else ())
    controls = section.widget.layout.display is None and section.moderation.layout.display is None
    assert controls is (drawn and not large)  # and never on the projector


def test_the_console_hides_a_question_only_one_person_posted(ui_store):
    """With k=3, three joined and one post (fewer than k answered), can the facilitator hide it, and
    does it leave the phones' list?"""
    session = ui_store.create_session("Q&A hide", k_threshold=3)
    people = [ui_store.join(session.code, f"P{n}", join_token=f"t{n}") for n in range(3)]
    ui_store.submit(people[0].key, EXERCISE.id, {"questions": with_question(None, "Alpha?", A)}, submission_id="s")
    phone = QAView(ui_store, EXERCISE, session, people[1], poll_seconds=None)
    assert len(phone.rows["questions"]) == 1
    view = ConsoleView(ui_store, {EXERCISE.id: EXERCISE}, public_url="http://192.0.2.1:8866", poll_seconds=None)
    view.refresh(force=True)
    section = view.panels[EXERCISE.id].sections[0]
    section.question.value = A
    section.hide.click()
    assert "hidden from the room" in section.status.value
    phone.refresh()
    assert phone.rows["questions"] == [] and "No questions yet" in phone.notes["questions"].value


@pytest.mark.parametrize("joined, k, visible, message", [
    (2, 3, False, "at least 3 people have joined"),
    (3, 3, True, ""),
    (1, 1, False, "at least 2 people have joined"),  # k below 2 is raised to 2, as everywhere
])
def test_one_rule_for_the_room(joined, k, visible, message):
    """Does the one Q&A rule count people who joined, say so, and never go below k=2?"""
    room = room_gate(joined, k)
    assert room.visible is visible and (message in room.message if message else room.message == "")
