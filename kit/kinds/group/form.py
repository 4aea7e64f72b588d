"""The participant's side of a repeated group: a card of text boxes per entry, up to ``max_entries``,
with the privacy hint (ipywidgets)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

import ipywidgets as widgets

from kit.content.model import Item
from kit.ui.form import Field, Form


class GroupInput(Field):
    """A repeated group: one card of text boxes per entry, ``max_entries`` cards."""

    def __init__(self, item: Item, widget: widgets.Widget, cards: list[dict[str, widgets.ValueWidget]]):
        super().__init__(item, widget, [box for card in cards for box in card.values()])
        self.cards = cards

    def get(self) -> Any:
        entries = [{fid: box.value for fid, box in card.items() if box.value.strip()} for card in self.cards]
        entries = [entry for entry in entries if entry]
        return entries or None

    def set(self, value: Any) -> None:
        entries = [e for e in value if isinstance(e, Mapping)] if isinstance(value, list) else []
        for number, card in enumerate(self.cards):
            entry = entries[number] if number < len(entries) else {}
            for fid, box in card.items():
                text = entry.get(fid)
                box.value = text if isinstance(text, str) else ""


def group_field(form: Form, item: Item, number: int) -> Field:
    """A card of text boxes per entry, up to ``max_entries``, with the privacy hint."""
    cards: list[dict[str, widgets.ValueWidget]] = []
    boxes = []
    for entry in range(1, item.max_entries + 1):
        card: dict[str, widgets.ValueWidget] = {}
        for f in item.fields:
            kind = widgets.Textarea if f.multiline else widgets.Text
            box = kind(value="", description=f.label, placeholder="Type here" if f.required else "Optional",
                       **form.parts.labelled(widgets.widget_string.TextStyle),
                       **({"rows": 3} if f.multiline else {}))
            box.add_class("mk-group-field")
            card[f.id] = box
        cards.append(card)
        label = f"{item.entry_label} {entry}" if item.max_entries > 1 else item.entry_label
        optional = entry > item.min_entries or not item.required
        heading = form.parts.html(f'<h3 class="mk-entry-title">{escape(label)}'
                                  + (' <span class="mk-muted">(optional)</span>' if optional else "") + "</h3>")
        box = form.parts.box([heading, *card.values()])
        box.add_class("mk-group-entry")
        boxes.append(box)
    field = GroupInput(item, None, cards)
    limit = max(f.max_length for f in item.fields)
    need = (f"Fill in at least {item.min_entries}. " if item.required and item.min_entries > 1
            else "")
    question = form.parts.html(f'<p class="mk-group-question"><b>{number}. {escape(item.text)}</b></p>'
                               + (f'<p class="mk-help">{escape(item.help)}</p>' if item.help else ""))
    field.widget = form.parts.box([question, *boxes,
                                   *form.privacy(field, f"{need}Up to {limit} characters a box.")])
    field.widget.add_class("mk-group")
    return field
