"""Quick activities in the trainer's analysis: the tidy frame, exports and the report describe them
from the session's stored document (kit/analysis/tidy.py `with_quick_activities`)."""

from __future__ import annotations

from kit.analysis import export_frame, load_answers, write_report
from kit.store import Store
from kit.store import quick
from tests.factories import confidentiality

CONTENT = {"confidentiality": confidentiality()}


def _session_with_a_quick_poll(store: Store, answers: list[str]):
    session = store.create_session("Cohort Q")
    _record, poll = quick.create(store, session.code, CONTENT, "poll", "Which part helped most?",
                                 "Pairing\nThe quiz", present=True)
    _record, text = quick.create(store, session.code, CONTENT, "text", "What will you try first?")
    for n, value in enumerate(answers):
        person = store.join(session.code, f"P{n}", join_token=f"t{n}")
        store.submit(person.key, poll.id, {"answer": value}, submission_id=f"p{n}")
        store.submit(person.key, text.id, {"answer": f"private plan {n}"}, submission_id=f"t{n}")
    return session, poll, text


def test_the_tidy_frame_and_export_describe_quick_activities(sqlite_store):
    """Do a quick poll's rows get its title, item type and option labels, and does an export keep the
    poll's answers and withhold the open question's unshared text, like any exercise's?"""
    session, poll, text = _session_with_a_quick_poll(sqlite_store, ["pairing", "the_quiz", "pairing"])
    frame = load_answers(sqlite_store, session.code, exercises=CONTENT)
    rows = frame[frame["exercise_id"] == poll.id]
    assert set(rows["exercise_title"]) == {"Which part helped most?"} and set(rows["item_type"]) == {"choice"}
    assert sorted(rows["label"]) == ["Pairing", "Pairing", "The quiz"]
    shared = export_frame(frame)
    assert shared.loc[shared["exercise_id"] == text.id, "answer"].isna().all()
    assert shared.loc[shared["exercise_id"] == poll.id, "value"].notna().all()


def test_the_report_charts_a_quick_poll_under_its_title(sqlite_store, tmp_path):
    """Does the cohort report have a section for the quick poll, with its counts, and none of the
    open question's private text?"""
    session, poll, _text = _session_with_a_quick_poll(sqlite_store, ["pairing", "the_quiz", "pairing"])
    path = write_report(sqlite_store, tmp_path / "report.html", sessions=[session.code], exercises=CONTENT)
    html = path.read_text()
    assert "<h2>Which part helped most?</h2>" in html and "The quiz" in html
    assert "private plan" not in html
