"""The likert field (kit/kinds/likert/form.py): a radio row in scale order that restores stored ratings and rejects
values off the scale. Headless: widgets only, no browser."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from kit import paths
from kit.content import load_exercise
from kit.errors import InputError
from kit.logic.answers import clean_answers
from kit.ui.form import Form

EX = load_exercise(paths.data_dir() / "exercises" / "accountability.yaml")


def test_likert_is_a_radio_row_in_scale_order():
    """Is each likert statement a radio row, numbered, with its options low to high as the scale lists them?"""
    form = Form(EX)
    assert len(form.fields) == 11
    for number, item in enumerate(EX.items, start=1):
        control = form.fields[item.id].control
        assert isinstance(control, widgets.RadioButtons)
        assert {"mk-choice", "mk-likert"} <= set(control._dom_classes)
        assert [value for _, value in control.options] == ["never", "sometimes", "mostly", "always"]
        assert [label for label, _ in control.options] == ["Never", "Sometimes", "Mostly", "Always"]
        assert control.value is None and control.description == f"{number}. {item.text}"


def test_restore_a_stored_rating():
    """Does a stored rating come back selected, and a value no longer on the scale come back empty?"""
    stored = {item.id: "mostly" for item in EX.items} | {"meet_regularly": "never"}
    form = Form(EX)
    form.restore(stored)
    assert form.answers == stored and form.missing() == []
    assert clean_answers(EX, form.answers) == stored
    form.restore({"meet_regularly": "often"})  # an edited scale: not shown as if it were a rating
    assert form.fields["meet_regularly"].control.value is None and "meet_regularly" not in form.answers


def test_value_off_the_scale_is_rejected():
    """Does clean_answers refuse a rating that is not on the scale (a stale or tampered page)?"""
    answers = {item.id: "always" for item in EX.items} | {"check_assumptions": "often"}
    with pytest.raises(InputError, match="not one of the choices"):
        clean_answers(EX, answers)
    with pytest.raises(InputError):
        clean_answers(EX, {item.id: "always" for item in EX.items} | {"no_distractions": 3})


def test_every_statement_is_required():
    """Does the form report every unrated statement as missing until all eleven are rated?"""
    form = Form(EX)
    assert len(form.missing()) == 11
    for field in list(form.fields.values())[:10]:
        field.control.value = "sometimes"
    assert [item.id for item in form.missing()] == ["safeguard_confidentiality"]
