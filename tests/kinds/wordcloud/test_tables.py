"""The word cloud for trainers: tidy rows, top words per group with k per word, exports that keep
each person's words out, and demo answers a participant's page would accept."""

from __future__ import annotations

import json
import re

from kit.analysis import export_frame, load_answers, summarize
from kit.analysis.demo import fill_demo
from kit.content import load_content
from kit.logic.answers import clean_answers
from kit.store import Store

EXERCISE = load_content()["great_mentor_words"]
CONTENT = {EXERCISE.id: EXERCISE}


def store_with(tmp_path, words_per_person, k=3):
    store = Store(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    store.create_schema()
    session = store.create_session("Cohort W", k_threshold=k)
    for number, words in enumerate(words_per_person):
        person = store.join(session.code, f"P{number}", join_token=f"t{number}")
        store.submit(person.key, EXERCISE.id, {"words": words}, submission_id=f"s{number}")
    return store


PEOPLE = [["Listener", "patient"], ["listeners"], ["a listener", "Patient"], ["wise"], ["LISTENER", "patient"]]


def test_top_words_count_people_and_apply_k_per_word(tmp_path):
    """Hand-worked: 5 answered; listener 4 (rank 1), patient 3 (rank 2); wise (1) is left out at k=3."""
    store = store_with(tmp_path, PEOPLE)
    try:
        answers = load_answers(store, exercises=CONTENT)
        assert set(answers["item_type"]) == {"wordcloud"} and answers["value"].isna().all()
        assert json.loads(answers["answer"].iloc[0]) == ["Listener", "patient"]
        summary = summarize(answers, exercises=CONTENT)
    finally:
        store.dispose()
    words = summary[summary["measure"] == "word"]
    assert list(zip(words["category"], words["count"], words["category_position"])) == [
        ("listener", 4, 1), ("patient", 3, 2)]
    assert summary.loc[summary["measure"] == "answered", "count"].tolist() == [5]


def test_words_the_facilitator_hid_are_left_out_of_the_summary(tmp_path):
    """Does the ``word`` measure leave out a word the facilitator hid from the room (stored answers
    untouched), ranking the others as before, while people who gave it still count as answered?"""
    from kit.kinds.wordcloud import HIDDEN_KEY, with_hidden

    store = store_with(tmp_path, PEOPLE)
    try:
        session = store.list_sessions()[0]
        store.update_session_settings(session.code, **{HIDDEN_KEY: with_hidden({}, EXERCISE.id, "listener", True)})
        answers = load_answers(store, exercises=CONTENT)
        summary = summarize(answers, exercises=CONTENT)
    finally:
        store.dispose()
    words = summary[summary["measure"] == "word"]
    assert list(zip(words["category"], words["count"], words["category_position"])) == [("patient", 3, 1)]
    assert summary.loc[summary["measure"] == "answered", "count"].tolist() == [5]
    assert json.loads(answers["answer"].iloc[0]) == ["Listener", "patient"]


def test_export_keeps_each_persons_words_out(tmp_path):
    """Does an export withhold every person's words (a rare word can name its author)?"""
    store = store_with(tmp_path, PEOPLE)
    try:
        frame = export_frame(load_answers(store, exercises=CONTENT))
    finally:
        store.dispose()
    assert frame["answer"].isna().all() and frame["withheld"].all()


def test_demo_answers_are_valid_submissions(tmp_path):
    """Would every demo word list be accepted from a participant's page?"""
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    store.create_schema()
    try:
        fill_demo(store, cohorts=1, participants=8, exercises=CONTENT)
        code = store.list_sessions()[0].code
        answers = store.latest_answers(code, EXERCISE.id)
    finally:
        store.dispose()
    assert answers and all(clean_answers(EXERCISE, a) == a for a in answers)


def test_the_report_lists_the_top_words(tmp_path):
    """Does the HTML report list the top words with their counts, and leave a word below k out?"""
    from kit.analysis.report import write_report

    store = store_with(tmp_path, PEOPLE)
    try:
        html = write_report(store, tmp_path / "report.html", exercises=CONTENT).read_text(encoding="utf-8")
    finally:
        store.dispose()
    part = html.split("Top words: One word for a great mentor")[1]
    assert re.findall(r"<tr><td>([^<]*)</td><td class=\"num\">(\d+)</td></tr>", part) == [("listener", "4"),
                                                                                   ("patient", "3")]
    assert "wise" not in html and "5 people gave words" in part


def test_the_report_leaves_out_hidden_words_and_compares_cohorts(tmp_path):
    """With "patient" hidden from the room in the first session, is it left out of the pooled list and
    that session's row; is a second session below k (2 people) only the mark, though its word counts
    in the pooled list; and is a word with markup escaped?"""
    from kit.analysis.report import write_report
    from kit.kinds.wordcloud import with_hidden

    store = store_with(tmp_path, PEOPLE + [["<b>bold</b>"], ["<b>bold</b>"], ["<b>bold</b>"]])
    try:
        first = store.list_sessions()[0]
        settings = store.get_session(first.code).settings
        store.update_session_settings(first.code, hidden_words=with_hidden(settings, EXERCISE.id, "patient", True))
        small = store.create_session("Cohort Small")
        for number, words in enumerate([["wise"], ["wise"]]):
            person = store.join(small.code, f"S{number}", join_token=f"s{number}")
            store.submit(person.key, EXERCISE.id, {"words": words}, submission_id=f"small{number}")
        html = write_report(store, tmp_path / "report.html", exercises=CONTENT).read_text(encoding="utf-8")
    finally:
        store.dispose()
    part = html.split("Top words: One word for a great mentor")[1]
    assert "patient" not in html and "bold</b" not in html
    pooled = re.findall(r"<tr><td>([^<]*)</td><td class=\"num\">(\d+)</td></tr>", part.split("Cohort by cohort")[0])
    # The edges' punctuation is folded away (b>bold</b), and escaped; "wise" reaches k pooled (1 + 2).
    assert pooled == [("listener", "4"), ("b&gt;bold&lt;/b", "3"), ("wise", "3")]
    rows = dict(re.findall(r"<tr><td>[^<]*· (Cohort [^<]*?) · [A-Z0-9]+</td><td>(.*?)</td></tr>",
                           part.split("Cohort by cohort")[1]))
    assert rows == {"Cohort W": "listener (4); b&gt;bold&lt;/b (3)", "Cohort Small": "–"}
