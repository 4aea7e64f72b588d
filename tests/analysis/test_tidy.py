"""The tidy answers frame: one row per answer, every column documented, loaded by SQL."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kit.analysis import DATA_DICTIONARY, UnknownSessionError, data_dictionary, load_answers, load_sessions
from kit.analysis.export import EXPORT_COLUMNS
from kit.analysis.tidy import COLUMNS
from tests.analysis import SCRIPT, exercises, fill, new_store


@pytest.fixture
def filled(tmp_path):
    store = new_store(tmp_path)
    first = fill(store, "Cohort A")
    second = fill(store, "Cohort B", people=3, prefix="q")
    yield store, first, second
    store.dispose()


def test_shape_one_row_per_answer(filled):
    """Is there exactly one row per item answered in each stored response, with the documented columns?"""
    store, first, _ = filled
    answers = load_answers(store, first["session"].code, exercises=exercises())
    assert list(answers.columns) == list(COLUMNS)
    # check: 3 + 3 + 2 + 2 (resubmission) + 2 = 12 rows; quiz: 4 x 2 in run 1 + 2 x 2 in run 2 = 12 rows.
    assert len(answers) == 24
    assert not answers.duplicated(["response_id", "item_id"]).any()
    assert set(answers["session_code"]) == {first["session"].code}
    assert (answers["cohort"] == "Cohort A").all()
    assert answers.loc[answers["exercise_id"] == "quiz", "run"].value_counts().to_dict() == {1: 8, 2: 4}


def test_latest_revision_flag(filled):
    """Does is_latest mark only each person's newest revision per exercise and run, and latest_only keep just those?"""
    store, first, _ = filled
    answers = load_answers(store, first["session"].code, exercises=exercises())
    resubmitted = answers[(answers["participant_key"] == first["people"][2].key) & (answers["exercise_id"] == "check")]
    assert sorted(resubmitted["revision"].unique()) == [1, 2]
    assert resubmitted.groupby("revision")["is_latest"].all().to_dict() == {1: False, 2: True}
    # Both quiz runs count: each is the latest of its run.
    assert answers.loc[answers["exercise_id"] == "quiz", "is_latest"].all()
    latest = load_answers(store, first["session"].code, latest_only=True, exercises=exercises())
    assert len(latest) == answers["is_latest"].sum() == 22


def test_values_labels_and_quiz_fields(filled):
    """Are option values, labels, unsure, quiz correctness and confidence filled in from the content?"""
    store, first, _ = filled
    answers = load_answers(store, first["session"].code, exercises=exercises())
    b = answers[answers["item_id"] == "b"].iloc[0]
    assert (b["value"], b["label"], b["unsure"], b["item_type"]) == ("not_sure", "Not sure", True, "choice")
    assert pd.isna(b["correct"])
    q2 = answers[(answers["item_id"] == "q2") & (answers["run"] == 1)]
    assert json.loads(q2["answer"].iloc[0]).keys() == {"answer", "confidence"}
    assert q2["correct"].tolist().count(True) == 2 and q2["correct"].tolist().count(False) == 2
    assert set(q2["confidence"]) == {"guessing"}
    note = answers[answers["item_id"] == "note"].set_index("answer")
    assert note.loc[SCRIPT, "shared"] and not note.loc["my private thoughts", "shared"]
    assert note["value"].isna().all()


def test_all_sessions_and_several(filled):
    """Does no session list load every session, and a list load just those?"""
    store, first, second = filled
    everything = load_answers(store, exercises=exercises())
    assert set(everything["cohort"]) == {"Cohort A", "Cohort B"}
    both = load_answers(store, [first["session"].code.lower(), second["session"].code], exercises=exercises())
    assert len(both) == len(everything)
    sessions = load_sessions(store)
    assert sessions["cohort"].tolist() == ["Cohort A", "Cohort B"]
    assert sessions["participants"].tolist() == [4, 3]


def test_unknown_session_is_an_error(filled):
    """Is an unknown join code reported by name instead of giving an empty frame?"""
    store, first, _ = filled
    with pytest.raises(UnknownSessionError, match="NOPE99"):
        load_answers(store, [first["session"].code, "NOPE99"], exercises=exercises())


@pytest.mark.parametrize("sessions", [0, 1], ids=["no sessions", "a session, no answers"])
def test_nothing_answered_gives_an_empty_frame(filled, tmp_path, sessions):
    """Does a database with no answers give an empty frame with every column, typed as a filled one?"""
    store = new_store(tmp_path / "empty")
    for n in range(sessions):
        store.create_session(f"Quiet {n}")
    empty = load_answers(store, exercises=exercises())
    full = load_answers(filled[0], exercises=exercises())
    assert len(empty) == 0 and len(full) > 0
    assert empty.dtypes.to_dict() == full.dtypes.to_dict()
    store.dispose()


def test_answers_of_every_json_shape(tmp_path):
    """Is each stored answer shape unnested as documented: text as typed, quiz dicts as JSON with their
    answer and confidence fields, numbers, booleans, lists and nulls as JSON text, bookkeeping keys
    (``_shared``) left out but honoured?"""
    store = new_store(tmp_path)
    person = store.join(store.create_session("Shapes").code, None)
    store.submit(person.key, "odd", {"text": "Zoë <b>&", "quiz": {"answer": "myth", "confidence": "sure"},
                                     "number": 2.5, "flag": False, "list": ["a", "é"], "none": None,
                                     "numeric_quiz": {"answer": 3}, "_shared": ["text"]}, submission_id="s1")
    rows = load_answers(store, exercises=exercises()).set_index("item_id")
    assert sorted(rows.index) == ["flag", "list", "none", "number", "numeric_quiz", "quiz", "text"]
    assert rows.loc["text", ["answer", "value"]].tolist() == ["Zoë <b>&", "Zoë <b>&"]
    assert json.loads(rows.loc["quiz", "answer"]) == {"answer": "myth", "confidence": "sure"}
    assert rows.loc["quiz", ["value", "confidence"]].tolist() == ["myth", "sure"]
    assert rows.loc["numeric_quiz", "value"] == "3" and pd.isna(rows.loc["numeric_quiz", "confidence"])
    assert rows.loc["number", "answer"] == "2.5" and rows.loc["flag", "answer"] == "false"
    assert json.loads(rows.loc["list", "answer"]) == ["a", "é"]
    assert pd.isna(rows.loc["none", "answer"]) and pd.isna(rows.loc["number", "value"])
    assert rows["shared"].to_dict() == {item: item == "text" for item in rows.index}
    store.dispose()


def test_unknown_items_and_types_are_kept(tmp_path):
    """Do answers to items the content no longer has, and item types without a summary, still appear?"""
    store = new_store(tmp_path)
    session = store.create_session("Old content")
    person = store.join(session.code, None)
    store.submit(person.key, "check", {"a": "yes", "renamed": {"x": [1, 2]}, "score": 3}, submission_id="s1")
    store.submit(person.key, "gone", {"z": True}, submission_id="s2")
    answers = load_answers(store, exercises=exercises()).set_index("item_id")
    assert answers.loc["renamed", "item_type"] == "unknown"
    assert json.loads(answers.loc["renamed", "answer"]) == {"x": [1, 2]}
    assert answers.loc["score", "answer"] == "3"
    assert answers.loc["z", "answer"] == "true" and answers.loc["z", "exercise_id"] == "gone"
    store.dispose()


def test_data_dictionary_documents_every_column():
    """Does the data dictionary describe every column of the tidy frame and of an export?"""
    for column in [*COLUMNS, *EXPORT_COLUMNS]:
        assert DATA_DICTIONARY.get(column, "").strip(), f"{column} is not documented"
    table = data_dictionary(COLUMNS)
    assert table["column"].tolist() == list(COLUMNS) and table["description"].str.len().min() > 10


def test_data_dictionary_is_in_the_docs():
    """Does docs/ANALYSIS.md list every documented column?"""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "ANALYSIS.md").read_text()
    for column in DATA_DICTIONARY:
        assert f"`{column}`" in doc, f"docs/ANALYSIS.md does not describe {column}"


@pytest.mark.postgres
def test_same_frame_on_postgresql(pg_url, tmp_path):
    """Does the SQL unnesting give the same answers on PostgreSQL as on SQLite?"""
    from kit.store import Store

    frames = []
    for url in (pg_url, f"sqlite:///{tmp_path / 'same.sqlite3'}"):
        store = Store(url)
        fill(store, "Cohort A")
        frame = load_answers(store, exercises=exercises())
        store.dispose()
        frames.append(frame.drop(columns=["session_code", "participant_key", "response_id", "session_start",
                                          "session_date", "answered_at"])
                      .assign(answer=frame["answer"].map(lambda a: json.loads(a) if a.startswith("{") else a))
                      .sort_values(["exercise_id", "display_name", "run", "revision", "item_id"])
                      .reset_index(drop=True))
    pd.testing.assert_frame_equal(frames[0], frames[1])


def test_item_answers_reads_one_items_json_and_skips_the_rest():
    """Does ``item_answers`` give one answer dict per stored JSON answer of that item only, skipping
    empty cells and text that is not JSON?"""
    import pandas as pd

    from kit.analysis.tidy import item_answers

    rows = pd.DataFrame({"item_id": ["rank", "rank", "rank", "other", "rank"],
                         "answer": ['["a", "b"]', None, "not json", '["x"]', '{"q": 1}']})
    assert item_answers(rows, "rank") == [{"rank": ["a", "b"]}, {"rank": {"q": 1}}]
    assert item_answers(rows, "missing") == []
