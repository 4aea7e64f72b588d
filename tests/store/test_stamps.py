"""The answer stamp a page reads before re-reading a whole room's answers (kit/store/stamps.py)."""

from __future__ import annotations

from kit.content import load_content
from kit.kinds.qa import with_question, with_vote

QA = load_content()["workshop_qa"]


def test_the_stamp_moves_with_every_post_and_vote_and_with_nothing_else(store):
    """Is the stamp 0 before anything is stored, the same while nothing new is stored (another
    exercise's or another session's answers included), and different after every post and vote?"""
    session = store.create_session("Stamps")
    other = store.create_session("Elsewhere")
    ana, kim = store.join(session.code, "Ana", join_token="a"), store.join(session.code, "Kim", join_token="k")
    stranger = store.join(other.code, "Lee", join_token="l")
    assert store.answers_stamp(session.code, QA.id) == 0

    posted = {"questions": with_question(None, "How often should we meet?")}
    store.submit(ana.key, QA.id, posted, submission_id="p1")
    after_post = store.answers_stamp(session.code, QA.id)
    assert after_post != 0
    assert store.answers_stamp(session.code, QA.id) == after_post  # read again: unchanged

    store.submit(kim.key, "confidentiality", {"q1": "yes"}, submission_id="c1")
    store.submit(stranger.key, QA.id, {"questions": with_question(None, "Elsewhere?")}, submission_id="e1")
    assert store.answers_stamp(session.code, QA.id) == after_post

    question_id = posted["questions"]["questions"][0]["id"]
    store.submit(kim.key, QA.id, {"questions": with_vote(None, question_id)}, submission_id="v1")
    after_vote = store.answers_stamp(session.code, QA.id)
    assert after_vote not in (0, after_post)
    assert store.answers_stamp(session.code, QA.id, run=2) == 0
