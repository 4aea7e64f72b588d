"""The participant's side of a rating item: the choice's radio row, marked as a rating (ipywidgets)."""

from __future__ import annotations

from kit.content.model import Item
from kit.kinds.choice.form import choice_field
from kit.ui.form import Field, Form


def likert_field(form: Form, item: Item, number: int) -> Field:
    """A rating: the same radio row as a choice."""
    # The same radio row as a choice, in scale order (low to high), so a phone shows it the same way.
    field = choice_field(form, item, number)
    field.control.add_class("mk-likert")
    return field
