"""Pseudonyms and what a default export leaves out."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.analysis import export_answers, export_frame, load_answers, pseudonymize
from tests.analysis import SCRIPT, exercises, fill, new_store


@pytest.fixture
def filled(tmp_path):
    store = new_store(tmp_path)
    room = fill(store, "Cohort A")
    yield store, room
    store.dispose()


def test_pseudonyms_are_stable_within_and_different_across_calls():
    """Does one key get one pseudonym within an export, distinct keys distinct ones, and a new one next time?"""
    keys = pd.Series([f"key{n % 50}" for n in range(500)])
    first, second = pseudonymize(keys), pseudonymize(keys)
    assert first.groupby(keys).nunique().eq(1).all()
    assert first.nunique() == 50
    assert (first != second).all()
    assert first.str.fullmatch(r"p-[0-9a-f]{8}").all()


def test_missing_keys_stay_missing():
    """Is a missing key left missing rather than given a pseudonym?"""
    names = pseudonymize(pd.Series(["a", None, "a"]))
    assert names[0] == names[2] and pd.isna(names[1])


def test_default_export_leaks_no_key_or_name(filled, tmp_path):
    """Does a default export leak no participant key or name, in any column?"""
    store, room = filled
    path = tmp_path / "out.csv"
    export_answers(store, path, exercises=exercises())
    text = path.read_text(encoding="utf-8")
    for person in room["people"]:
        assert person.key not in text
        assert person.display_name not in text
    assert "display_name" not in text.splitlines()[0]
    assert "participant_key" not in text.splitlines()[0] and "response_id" not in text.splitlines()[0]


def test_pseudonyms_stable_within_an_export_and_different_across_exports(filled, tmp_path):
    """Is each person one pseudonym across exercises and revisions of an export, and a different one in the next export?"""
    store, room = filled
    answers = load_answers(store, exercises=exercises())
    first, second = export_frame(answers), export_frame(answers)
    mapping = pd.DataFrame({"key": answers["participant_key"], "first": first["participant"],
                            "second": second["participant"]})
    assert mapping.groupby("key")["first"].nunique().eq(1).all()
    assert mapping.drop_duplicates("key")["first"].is_unique
    one = mapping.drop_duplicates("key")
    assert (one["first"] != one["second"]).all()


def test_private_text_only_when_shared_or_asked_for(filled):
    """Is unshared free text withheld by default, shared text kept, and everything kept on request?"""
    store, _ = filled
    answers = load_answers(store, exercises=exercises())
    default = export_frame(answers)
    notes = default[default["item_id"] == "note"]
    assert SCRIPT in set(notes["answer"].dropna())
    assert "my private thoughts" not in set(default["answer"].dropna())
    assert notes["withheld"].sum() == 1
    assert not default.loc[default["item_type"] != "text", "withheld"].any()
    everything = export_frame(answers, include_private_text=True, include_names=True)
    assert "my private thoughts" in set(everything["answer"].dropna())
    assert "Person 0 <b>" in set(everything["display_name"])
    assert not everything["withheld"].any()


def test_unknown_item_types_count_as_free_text(tmp_path):
    """Is an answer of a type not known to be closed withheld unless shared (a new type is private by default)?"""
    store = new_store(tmp_path)
    session = store.create_session("New types")
    person = store.join(session.code, None)
    store.submit(person.key, "check", {"a": "yes", "goal": {"text": "secret plan"}}, submission_id="s")
    frame = export_frame(load_answers(store, exercises=exercises()))
    assert "secret plan" not in frame.to_csv()
    assert frame.set_index("item_id").loc["goal", "withheld"]
    store.dispose()
