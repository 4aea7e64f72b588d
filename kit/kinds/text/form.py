"""The participant's side of a text item: a box of one line or several, the privacy hint and, when
shareable, the share box (ipywidgets)."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from kit.content.model import Item
from kit.ui.form import Field, Form


def text_field(form: Form, item: Item, number: int) -> Field:
    """A text box (one line or several), the privacy hint and, when shareable, the share box."""
    kind = widgets.Textarea if item.multiline else widgets.Text
    question = f"{number}. {item.text}"
    # The question is the box's visible <label>; help text goes in the label too, under the question,
    # so the box is named by what the page shows above it (never by a tooltip alone).
    label = (f'<b class="mk-question">{escape(question)}</b><span class="mk-help mk-label-help">'
             f"{escape(item.help)}</span>") if item.help else question
    control = kind(
        value="",
        description=label,
        description_allow_html=bool(item.help),
        tooltip=question,
        placeholder="Type here" if item.required else "Optional",
        **form.parts.labelled(widgets.widget_string.TextStyle),
        **({"rows": 4} if item.multiline else {}),
    )
    control.add_class("mk-textitem")
    field = Field(item, None, [control])
    field.widget = form.parts.box([control, *form.privacy(field, f"Up to {item.max_length} characters.")])
    return field
