"""The participant's side of a choice item: one radio button per option of its scale (ipywidgets)."""

from __future__ import annotations

import ipywidgets as widgets

from kit.content.model import Item
from kit.ui.form import Field, Form


def choice_field(form: Form, item: Item, number: int) -> Field:
    """A choice: one radio button per option of its scale."""
    assert item.scale is not None
    control = widgets.RadioButtons(
        options=[(o.label, o.value) for o in item.scale.options],
        value=None,
        description=f"{number}. {item.text}",
        **form.parts.labelled(),
    )
    control.add_class("mk-choice")
    return Field(item, control, [control])
