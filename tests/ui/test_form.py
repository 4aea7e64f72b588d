"""The form around free-text fields: restoring and sharing, change events and locking, section
headings and the privacy hint (each kind's own field is tested in tests/kinds/<type>/). Headless:
widgets only, no browser."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from kit.content import load_content, load_exercise
from kit.logic.answers import SHARED, clean_answers
from kit.ui.form import Form

EX = load_exercise(Path(__file__).parents[1] / "content" / "cases" / "valid" / "new_types.yaml")


def html_of(form: Form) -> str:
    return " ".join(child.value for child in form.children if isinstance(child, widgets.HTML))


def test_restore_round_trips_group_text_and_sharing():
    """Do stored answers (group entries, text, the shared list) come back into the same widgets?"""
    stored = {"meet": "always", "steps": [{"goal": "Lead", "step": "Ask"}], "rules": "<i>none</i>",
              SHARED: ["rules"]}
    form = Form(EX)
    form.restore(stored)
    assert form.answers == stored
    assert clean_answers(EX, form.answers) == stored
    assert form.fields["rules"].share.value is True and form.fields["steps"].share.value is False


def test_share_box_only_for_shareable_items():
    """Is there a share box for shareable free text and none for private text?"""
    form = Form(EX)
    assert form.fields["rules"].share is not None and form.fields["meet"].share is None
    private = Form(load_content()["mentor_self_reflection"])
    assert all(f.share is None for f in private.fields.values())


def test_change_events_and_locking_cover_every_box():
    """Does typing in any card or ticking share notify the form, and does locking disable every box?"""
    form = Form(EX)
    calls = []
    form.on_change(lambda: calls.append(1))
    form.fields["steps"].cards[1]["step"].value = "x"
    form.fields["rules"].share.value = True
    assert len(calls) == 2
    form.set_disabled(True)
    assert all(box.disabled for f in form.fields.values() for box in f.controls)
    assert form.fields["rules"].share.disabled


def test_sections_and_help_are_shown_escaped():
    """Are section headings shown once where a new part starts, escaped?"""
    form = Form(load_content()["closure"])
    headings = [c.value for c in form.children if isinstance(c, widgets.HTML) and "mk-section" in c.value]
    assert len(headings) == 4 and "What you&#x27;ve learned" in headings[0]


def test_privacy_hint_says_who_sees_it():
    """Does a private answer say only its author sees it, and an answer of a pair's shared document say
    that the partner sees it too but the facilitator does not?"""
    alone = Form(load_content()["mentor_self_reflection"]).fields["undiscussables"].widget.children[-1].value
    assert "Only you can see this." in alone
    together = Form(load_content()["agreement"])
    hints = [f.widget.children[-1].value for f in together.fields.values()]
    assert all("You and your partner see this; your facilitator does not." in h for h in hints)
