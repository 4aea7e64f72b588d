"""The group field (kit/kinds/group/form.py): one card per entry, read back and restored.
Headless: widgets only, no browser."""

from __future__ import annotations

from pathlib import Path

from kit.content import load_exercise
from kit.kinds.group.form import GroupInput
from kit.ui.form import Form

EX = load_exercise(Path(__file__).parents[2] / "content" / "cases" / "valid" / "new_types.yaml")


def test_group_shows_max_entries_cards_and_reads_filled_ones():
    """Does a group show one card per possible entry and read back only the cards with text?"""
    form = Form(EX)
    group = form.fields["steps"]
    assert isinstance(group, GroupInput) and len(group.cards) == 2
    assert list(group.cards[0]) == ["goal", "step"]
    assert "steps" not in form.answers
    group.cards[1]["goal"].value = "Teach the new starters"
    assert form.answers["steps"] == [{"goal": "Teach the new starters"}]


def test_restore_ignores_malformed_group_values():
    """Does a malformed stored group value leave the cards empty instead of raising?"""
    form = Form(EX)
    form.restore({"steps": "not a list"})
    assert form.fields["steps"].get() is None
    form.restore({"steps": [{"goal": 5}, "x"]})
    assert form.fields["steps"].get() is None
