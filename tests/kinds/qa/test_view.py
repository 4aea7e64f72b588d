"""The participant's Q&A page, headless: post without a name, the room's list after k people
joined, one vote per person, escaped text, hidden questions gone, and the k note before."""

from __future__ import annotations

import pytest

from kit.content import load_content
from kit.kinds.qa import MARKS_KEY, with_mark
from kit.kinds.qa.view import QAView
from kit.apps.participant import exercise_view

EXERCISE = load_content()["workshop_qa"]


def people(store, k=2, count=2):
    session = store.create_session("Q&A", k_threshold=k)
    return session, [store.join(session.code, f"P{n} <i>", join_token=f"t{n}") for n in range(count)]


def test_the_exercise_gets_the_qa_page(ui_store):
    """Does an exercise with a Q&A item get the Q&A page, with a labelled box and a Post button?"""
    session, (ana, _) = people(ui_store)
    view = exercise_view(ui_store, {EXERCISE.id: EXERCISE}, EXERCISE, session, ana)
    try:
        assert isinstance(view, QAView)
        assert view.boxes["questions"].description == "Your question"
        assert view.posts["questions"].description == "Post question"
    finally:
        view.poller and view.poller.stop()


def test_post_vote_once_and_never_a_name(ui_store):
    """Does a posted question reach the other person's list escaped and without a name, take one
    upvote, refuse a second, and not offer a vote on one's own question?"""
    session, (ana, kim) = people(ui_store)
    mine = QAView(ui_store, EXERCISE, session, ana, poll_seconds=None)
    other = QAView(ui_store, EXERCISE, session, kim, poll_seconds=None)
    mine.boxes["questions"].value = "  How <b>often</b>\nshould we meet? "
    mine.posts["questions"].click()
    assert "Posted." in mine.status.value and mine.boxes["questions"].value == ""
    assert mine.rows["questions"][0].button.description == "Your question"
    assert mine.rows["questions"][0].button.disabled
    other.refresh()
    [row] = other.rows["questions"]
    assert "How &lt;b&gt;often&lt;/b&gt; should we meet?" in row.text.value and "P0" not in row.text.value
    assert 'data-votes="0"' in row.text.value and row.button.description == "Upvote"
    row.button.click()
    assert "Voted." in other.status.value
    [row] = other.rows["questions"]
    assert 'data-votes="1"' in row.text.value and row.button.disabled and row.button.description == "Upvoted"
    other.vote(EXERCISE.item("questions"), row.text.value.split('data-question="')[1][:12])  # a second vote
    assert "already voted" in other.status.value
    [stored] = [a for a in ui_store.latest_answers(session.code, EXERCISE.id) if a["questions"]["votes"]]
    assert len(stored["questions"]["votes"]) == 1
    mine.refresh()
    assert 'data-votes="1"' in mine.rows["questions"][0].text.value


def test_two_tabs_of_one_person_add_up(ui_store):
    """Does a second tab of the same person keep the first tab's question when it posts its own?"""
    session, (ana, _) = people(ui_store)
    first = QAView(ui_store, EXERCISE, session, ana, poll_seconds=None)
    second = QAView(ui_store, EXERCISE, session, ana, poll_seconds=None)
    first.boxes["questions"].value = "First?"
    first.posts["questions"].click()
    second.boxes["questions"].value = "Second?"
    second.posts["questions"].click()
    [stored] = ui_store.latest_answers(session.code, EXERCISE.id)
    assert [q["text"] for q in stored["questions"]["questions"]] == ["First?", "Second?"]


def test_an_empty_question_is_not_posted(ui_store):
    """Is a blank question refused with a message, storing nothing?"""
    session, (ana, _) = people(ui_store)
    view = QAView(ui_store, EXERCISE, session, ana, poll_seconds=None)
    view.boxes["questions"].value = " \u200b \n"
    view.posts["questions"].click()
    assert "Type a question first." in view.status.value
    assert ui_store.latest_answers(session.code, EXERCISE.id) == []


def test_below_k_the_list_waits_and_a_hidden_question_leaves_it(ui_store):
    """With k=3 and two people, is the list held back with a note; once three joined, is it shown,
    and does a question the facilitator hid leave it while it stays stored?"""
    session, (ana, kim) = people(ui_store, k=3)
    view = QAView(ui_store, EXERCISE, session, kim, poll_seconds=None)
    poster = QAView(ui_store, EXERCISE, session, ana, poll_seconds=None)
    poster.boxes["questions"].value = "Off-topic?"
    poster.posts["questions"].click()
    view.refresh()
    assert view.rows["questions"] == [] and "at least 3 people" in view.notes["questions"].value
    ui_store.join(session.code, "Lee", join_token="t3")
    view.refresh()
    [row] = view.rows["questions"]
    question_id = ui_store.latest_answers(session.code, EXERCISE.id)[0]["questions"]["questions"][0]["id"]
    ui_store.change_session_settings(session.code, lambda s: {MARKS_KEY: with_mark(s, EXERCISE.id, question_id,
                                                                                   "hidden", True)})
    view.refresh()
    assert view.rows["questions"] == [] and "No questions yet" in view.notes["questions"].value
    assert ui_store.latest_answers(session.code, EXERCISE.id)[0]["questions"]["questions"][0]["text"] == "Off-topic?"


def test_an_ended_session_locks_the_page(ui_store):
    """After the session ends, are the box, Post and every vote button locked, and does the page say
    the session has ended?"""
    session, (ana, kim) = people(ui_store)
    poster = QAView(ui_store, EXERCISE, session, ana, poll_seconds=None)
    poster.boxes["questions"].value = "Q?"
    poster.posts["questions"].click()
    ui_store.close_session(session.code)
    view = QAView(ui_store, EXERCISE, ui_store.get_session(session.code), kim, poll_seconds=None)
    assert view.boxes["questions"].disabled and view.posts["questions"].disabled
    assert all(row.button.disabled for row in view.rows["questions"])
    assert "This session ended before you submitted questions and votes here" in view.status.value  # Kim never posted


@pytest.mark.parametrize("posted_before", [True, False])
def test_an_open_page_says_when_the_session_ends(ui_store, posted_before):
    """Does a page already open when the session ends lock itself on its next refresh and say the
    session has ended, whether or not this person posted before?"""
    session, (ana, _) = people(ui_store)
    view = QAView(ui_store, EXERCISE, session, ana, poll_seconds=None)
    if posted_before:
        view.boxes["questions"].value = "Q?"
        view.posts["questions"].click()
    assert "ended" not in view.status.value
    ui_store.close_session(session.code)
    view.refresh()
    assert view.boxes["questions"].disabled and view.posts["questions"].disabled
    assert "This session has ended" in view.status.value or "session ended before" in view.status.value
    assert ("can no longer be changed" in view.status.value) is posted_before


@pytest.mark.parametrize("joined, says", [
    (2, "Questions appear here once at least 3 people have joined"),  # below k: stored, list still empty
    (3, "Your question is on the room's list"),
])
def test_post_confirms_also_below_k_without_showing_questions(ui_store, joined, says):
    """After Post, does the poster read that it was posted (and, below k, when the list appears), while
    below k nobody's question, their own or another's, is shown?"""
    session, people_ = people(ui_store, k=3, count=joined)
    other = QAView(ui_store, EXERCISE, session, people_[1], poll_seconds=None)
    other.boxes["questions"].value = "Someone else's?"
    other.posts["questions"].click()
    view = QAView(ui_store, EXERCISE, session, people_[0], poll_seconds=None)
    view.boxes["questions"].value = "Mine?"
    view.posts["questions"].click()
    assert "Posted." in view.status.value and says in view.status.value
    assert view.boxes["questions"].value == ""
    shown = "".join(row.text.value for row in view.rows["questions"]) + view.status.value
    assert ("Someone else" in shown) is (joined >= 3) and ("Mine?" in shown) is (joined >= 3)


def test_a_new_vote_redraws_the_row_in_place(ui_store):
    """When someone else's vote arrives, is the same row redrawn (so a keyboard user keeps focus)?"""
    session, (ana, kim, lee) = people(ui_store, count=3)
    poster = QAView(ui_store, EXERCISE, session, ana, poll_seconds=None)
    poster.boxes["questions"].value = "Q?"
    poster.posts["questions"].click()
    view = QAView(ui_store, EXERCISE, session, kim, poll_seconds=None)
    [before] = view.rows["questions"]
    voter = QAView(ui_store, EXERCISE, session, lee, poll_seconds=None)
    voter.rows["questions"][0].button.click()
    view.refresh()
    assert view.rows["questions"] == [before] and 'data-votes="1"' in before.text.value


def test_a_poll_with_nothing_new_reads_no_answers(ui_store):
    """Does a refresh read the room's answers again only when the stamp moved: not when nothing was
    stored, but after another person's post or vote, and after a facilitator's mark?"""
    session, (ana, kim) = people(ui_store)
    view = QAView(ui_store, EXERCISE, session, ana, poll_seconds=None)
    other = QAView(ui_store, EXERCISE, session, kim, poll_seconds=None)
    reads = view.reads
    view.refresh()
    view.refresh()
    assert view.reads == reads
    other.boxes["questions"].value = "How often should we meet?"
    other.posts["questions"].click()
    view.refresh()
    assert view.reads == reads + 1 and len(view.rows["questions"]) == 1
    view.refresh()
    assert view.reads == reads + 1
    question_id = view.rows["questions"][0].question_id
    ui_store.change_session_settings(session.code, lambda s: {MARKS_KEY: with_mark(s, EXERCISE.id, question_id,
                                                                                    "answered", True)})
    view.refresh()
    assert view.reads == reads + 2


def test_each_upvote_button_is_named_by_its_question(ui_store):
    """Does each Upvote button carry its question's first words as its name (the tooltip the page
    turns into the accessible name), while its visible label stays "Upvote"?"""
    session, (ana, kim) = people(ui_store)
    mine = QAView(ui_store, EXERCISE, session, ana, poll_seconds=None)
    for text in ("How often should we meet?", "What if my mentee and I do not get along at all, even after we "
                                                "have talked about it twice?"):
        mine.boxes["questions"].value = text
        mine.posts["questions"].click()
    other = QAView(ui_store, EXERCISE, session, kim, poll_seconds=None)
    names = sorted(row.button.tooltip for row in other.rows["questions"])
    assert names == ["Upvote: How often should we meet?", "Upvote: What if my mentee and I do not get along at all, even after…"]
    assert {row.button.description for row in other.rows["questions"]} == {"Upvote"}
    assert any(".mk-qa-vote" in script for script in other.bridge.sent)


def test_rows_share_their_parts_and_close_with_the_view(ui_store):
    """Does a row of the room's list cost three widget models (its box, text and button), sharing three
    layouts with every other row, and are rows a later refresh added closed with the view?"""
    from ipywidgets.widgets.widget import _instances

    session, (ana, kim) = people(ui_store)
    view = QAView(ui_store, EXERCISE, session, kim, poll_seconds=None)
    poster = QAView(ui_store, EXERCISE, session, ana, poll_seconds=None)
    for n in range(4):
        poster.boxes["questions"].value = f"Question {n}?"
        poster.posts["questions"].click()
    before = set(_instances)
    view.refresh()
    assert len(view.rows["questions"]) == 4 and len(set(_instances) - before) == 4 * 3 + 3
    made = [w.model_id for row in view.rows["questions"] for w in (row, row.text, row.button)]
    view.close()
    assert not any(model_id in _instances for model_id in made)
