"""The Q&A kind's light part: cleaning, the room's list (ordered by votes, one vote per person, the
author's own vote left out, hidden and answered marks), against hand-worked tables; hostile input
with hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit import kinds
from kit.content import load_content
from kit.errors import InputError
from kit.kinds.qa import board, marks, new_id, with_mark, with_question, with_vote
from kit.logic.answers import clean_answers

EXERCISE = load_content()["workshop_qa"]
ITEM = EXERCISE.item("questions")
A, B, C = "a" * 12, "b" * 12, "c" * 12


def answer(questions=(), votes=()):
    return {"questions": [{"id": i, "text": t} for i, t in questions], "votes": list(votes)}


def test_clean_trims_one_line_and_sorts_votes_as_a_set():
    """Is a question's spacing collapsed to one line, and are repeated votes kept once, sorted?"""
    cleaned = clean_answers(EXERCISE, {"questions": answer([(A, "  How   often\nshould we meet? ")], [C, B, C])})
    assert cleaned == {"questions": {"questions": [{"id": A, "text": "How often should we meet?"}], "votes": [B, C]}}


def test_a_vote_for_ones_own_question_is_dropped():
    """Does cleaning drop a person's vote for a question they posted themselves?"""
    assert clean_answers(EXERCISE, {"questions": answer([(A, "Q?")], [A, B])})["questions"]["votes"] == [B]


@pytest.mark.parametrize("value, text", [
    (answer([(A, "   ")]), "needs some words"),
    (answer([(A, "x" * 281)]), "280"),
    (answer([(A, "one"), (A, "two")]), "expected form"),
    (answer([("ABC", "bad id")]), "expected form"),
    (answer(votes=["not an id"]), "expected form"),
    (answer([(new_id(), f"q{n}") for n in range(11)]), "at most 10"),
    ({"questions": [], "votes": [], "author": "me"}, "expected form"),
    ({"questions": [{"id": A, "text": "Q", "by": "me"}], "votes": []}, "expected form"),
    ("What?", "expected form"),
])
def test_clean_refuses(value, text):
    """Are empty and overlong questions, duplicate or malformed ids, too many questions and any extra
    field (such as an author) refused with a message?"""
    with pytest.raises(InputError, match=text):
        clean_answers(EXERCISE, {"questions": value})


def test_the_list_orders_by_votes_counts_one_vote_per_person_and_not_the_authors():
    """With three people, does B get 2 votes, A 1 (its author's own vote and a repeated vote do not
    count) and C 0, in that order; do answered questions go last and hidden ones leave the list but
    stay apart?"""
    answers = [
        {"questions": answer([(A, "Alpha?")], [A, B, B])},
        {"questions": answer([(B, "Bravo?")], [A])},
        {"questions": answer([(C, "Charlie?")], [B, "d" * 12])},
    ]
    result = board(ITEM, answers)
    assert [(q.text, q.votes) for q in result.questions] == [("Bravo?", 2), ("Alpha?", 1), ("Charlie?", 0)]
    assert result.people == 3 and result.hidden == ()
    marked = board(ITEM, answers, answered=[B], hidden=[C])
    assert [(q.text, q.answered) for q in marked.questions] == [("Alpha?", False), ("Bravo?", True)]
    assert [q.text for q in marked.hidden] == ["Charlie?"]


def test_a_second_vote_changes_nothing():
    """Does voting again for the same question leave the answer (and so the count) as it was?"""
    once = with_vote(with_question(None, "Why?", A), B)
    assert with_vote(once, B) == once == {"questions": [{"id": A, "text": "Why?"}], "votes": [B]}


def test_ids_are_random_and_say_nothing_about_the_person():
    """Are question ids 12 hex characters, different each time?"""
    ids = {new_id() for _ in range(200)}
    assert len(ids) == 200 and all(len(i) == 12 and int(i, 16) >= 0 for i in ids)


def test_marks_are_per_exercise_and_can_be_undone():
    """Do hide and answered marks stay with their exercise, and does clearing one remove it?"""
    settings_ = {"qa": with_mark({}, "x", A, "hidden", True)}
    settings_ = {"qa": with_mark(settings_, "x", B, "answered", True)}
    assert marks(settings_, "x") == {"answered": [B], "hidden": [A]} and marks(settings_, "y") == {"answered": [],
                                                                                                   "hidden": []}
    assert marks({"qa": with_mark(settings_, "x", A, "hidden", False)}, "x")["hidden"] == []
    assert marks({"qa": "junk"}, "x") == {"answered": [], "hidden": []}


def test_printed_questions_are_escaped():
    """Does the printable page list the person's questions, escaped?"""
    html = kinds.get("qa").print_html(ITEM, answer([(A, "<b>Why</b>?")]))
    assert "&lt;b&gt;Why&lt;/b&gt;?" in html and "<b>" not in html


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=3000), st.lists(st.text(max_size=50), max_size=5),
                 st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=3),
                 st.fixed_dictionaries({"questions": st.lists(st.fixed_dictionaries(
                     {"id": st.one_of(st.just(A), st.text(max_size=14)), "text": st.text(max_size=600)}), max_size=12),
                     "votes": st.lists(st.one_of(st.just(B), st.text(max_size=14)), max_size=20)})))
def test_hostile_input_is_cleaned_or_refused_with_a_message(value):
    """Whatever arrives (nothing, huge or strange text, wrong shapes), is it stored cleaned (one line,
    within the limit, no control characters) or refused with an InputError, never a crash?"""
    try:
        cleaned = clean_answers(EXERCISE, {"questions": value})
    except InputError as error:
        assert str(error)
        return
    for q in cleaned.get("questions", {}).get("questions", []):
        assert 0 < len(q["text"]) <= 280 and q["text"] == " ".join(q["text"].split())
        assert not any(ord(ch) < 32 for ch in q["text"])
    assert board(ITEM, [cleaned]).people <= 1
