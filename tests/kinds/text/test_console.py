"""The facilitator's free-text sections (text and group items): counts, shared answers only, escaped
and sorted, and nothing below k."""

from __future__ import annotations

from pathlib import Path

from kit import kinds
from kit.content import load_content, load_exercise
from kit.logic.aggregate import gate
from kit.logic.answers import SHARED
from kit.ui.sections import Snapshot, UnsupportedSection, sections_for
from kit.kinds.group.console import GroupSection
from kit.kinds.text.console import TextSection

EX = load_exercise(Path(__file__).parents[2] / "content" / "cases" / "valid" / "new_types.yaml")


def snapshot(answers, k=3):
    return Snapshot(exercise=EX, joined=len(answers), answers=answers, gate=gate(len(answers), k))


ANSWERS = [
    {"rules": "<b>No gossip</b> & no notes", SHARED: ["rules"], "steps": [{"goal": "Zoom less"}]},
    {"rules": "Private: my manager scares me", "steps": [{"goal": "Secret goal", "step": "x"}]},
    {"rules": "ask before sharing", SHARED: ["rules", "steps"], "steps": [{"goal": "Lead"}, {"goal": "Teach"}]},
]


def test_registered_for_text_and_group():
    """Do text and group items get their own sections, so no shipped exercise shows 'no chart'?"""
    assert kinds.get("text").part("section") is TextSection and kinds.get("group").part("section") is GroupSection
    for exercise in load_content().values():
        assert not [s for s in sections_for(exercise) if isinstance(s, UnsupportedSection)], exercise.id


def test_nothing_below_k():
    """With fewer than k answers, is the section empty (no counts, no shared text)?"""
    section = TextSection(EX, [EX.item("rules")])
    section.update(snapshot(ANSWERS[:2]))
    assert section.body.value == "" and section.text_summary(snapshot(ANSWERS[:2])) == ""


def test_counts_and_only_shared_text_escaped_and_sorted():
    """From k answers, does it count answers and list only shared ones, escaped, in alphabetical order?"""
    section = TextSection(EX, [EX.item("rules")])
    section.update(snapshot(ANSWERS))
    html = section.body.value
    assert 'data-answered="3"' in html
    assert "&lt;b&gt;No gossip&lt;/b&gt; &amp; no notes" in html and "<b>No gossip" not in html
    assert "manager" not in html
    assert html.index("&lt;b&gt;No gossip") < html.index("ask before sharing")


def test_group_counts_entries_and_shares_per_entry():
    """Does the group section count entries in all and show shared entries only?"""
    section = GroupSection(EX, [EX.item("steps")])
    section.update(snapshot(ANSWERS))
    html = section.body.value
    assert "4 entries in all" in html and 'data-answered="3"' in html
    assert "<li>Goal: Lead</li>" in html and "<li>Goal: Teach</li>" in html
    assert "Secret goal" not in html and "Zoom less" not in html


def test_private_only_items_say_so():
    """Does a section whose items cannot be shared tell the facilitator they only ever see counts?"""
    reflection = load_content()["mentor_self_reflection"]
    section = TextSection(reflection, reflection.items)
    assert "never what they wrote" in section.widget.children[0].value
