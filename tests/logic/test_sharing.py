"""What the room sees of free text: counts, and shared answers only, sorted, without authors."""

from __future__ import annotations

from pathlib import Path

from kit.content import load_exercise
from kit.logic.answers import SHARED
from kit.logic.sharing import entry_text, shared_answers, summarize_free_text

EX = load_exercise(Path(__file__).parents[1] / "content" / "cases" / "valid" / "new_types.yaml")


def test_private_answers_are_counted_never_shown():
    """Are unshared answers counted as answered but absent from the shared list?"""
    answers = [{"rules": "secret one"}, {"rules": "secret two"}, {}]
    (summary,) = summarize_free_text([EX.item("rules")], answers)
    assert summary.answered == 2 and summary.shared == ()


def test_shared_answers_are_sorted_without_authors():
    """Are shared texts sorted case-insensitively, whatever order people answered in?"""
    answers = [{"rules": "zebra rule", SHARED: ["rules"]}, {"rules": "Apple rule", SHARED: ["rules"]},
               {"rules": "mango, private"}]
    (summary,) = summarize_free_text([EX.item("rules")], answers)
    assert summary.shared == ("Apple rule", "zebra rule") and summary.answered == 3


def test_group_entries_counted_and_shared_one_by_one():
    """Does a group count its entries, and list each shared entry as one line with its field labels?"""
    item = EX.item("steps")
    answers = [{"steps": [{"goal": "Lead", "step": "Ask Sam"}, {"goal": "Teach"}], SHARED: ["steps"]},
               {"steps": [{"goal": "Private goal"}]}]
    (summary,) = summarize_free_text([item], answers)
    assert (summary.answered, summary.entries) == (2, 3)
    assert summary.shared == ("Goal: Lead; First step: Ask Sam", "Goal: Teach")


def test_not_shareable_items_never_share():
    """Is an answer of an item that is not shareable never shown, even if _shared names it?"""
    from dataclasses import replace

    item = replace(EX.item("rules"), shareable=False)
    assert shared_answers(item, {"rules": "x", SHARED: ["rules"]}) == []


def test_single_field_entry_is_just_its_text():
    """Is an entry of a one-field group shown as its text alone?"""
    from dataclasses import replace

    item = replace(EX.item("steps"), fields=EX.item("steps").fields[:1])
    assert entry_text(item, {"goal": " Lead "}) == "Lead"
