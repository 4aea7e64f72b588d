"""The participant's side of a sorting item: one radio group per card, labelled by the card's text
(native radios: keyboard and touch alike), and Check, which shows the right category and why."""

from __future__ import annotations

from html import escape
from typing import Any, Mapping

import ipywidgets as widgets

from kit.content.model import Item
from kit.kinds.sorting import cards, checked
from kit.ui.form import Field, Form


class SortingInput(Field):
    """The card groups; the answer is ``{card id: category}`` for the cards sorted so far."""

    def __init__(self, item: Item, form: Form, number: int):
        assert item.scale is not None
        self.cards = cards(item)
        options = [(o.label, o.value) for o in item.scale.options]
        self.radios: dict[str, widgets.RadioButtons] = {}
        self.feedback: dict[str, widgets.HTML] = {}
        blocks: list[widgets.Widget] = []
        for card in self.cards:
            radio = widgets.RadioButtons(options=options, value=None, description=card.text, **form.parts.labelled())
            radio.add_class("mk-sort-card")
            note = form.parts.html()  # one per card (each says something else after Check), sharing layout and style
            note.add_class("mk-sort-feedback")
            self.radios[card.id], self.feedback[card.id] = radio, note
            blocks += [radio, note]
        has_answers = any(c.answer is not None for c in self.cards)
        self.check = widgets.Button(description="Check", tooltip="Show which category each card belongs to",
                                    layout=widgets.Layout(display=None if has_answers else "none"))
        self.check.add_class("mk-sort-check")
        self.check.on_click(lambda _: self.show_check())
        question = form.parts.html(f'<p class="mk-question"><b>{number}. {escape(item.text)}</b></p>'
                                   + (f'<p class="mk-help">{escape(item.help)}</p>' if item.help else ""))
        widget = form.parts.box([question, *blocks, self.check])
        widget.add_class("mk-sorting")
        super().__init__(item, widget, list(self.radios.values()))

    def get(self) -> Any:
        given = {card_id: radio.value for card_id, radio in self.radios.items() if radio.value is not None}
        return given or None

    def set(self, value: Any) -> None:
        given = value if isinstance(value, Mapping) else {}
        values = self.item.scale.values()
        for card_id, radio in self.radios.items():
            radio.value = given.get(card_id) if given.get(card_id) in values else None
        for note in self.feedback.values():
            note.value = ""

    def show_check(self) -> None:
        """Under each sorted card with a right category: right, or where it belongs, and why."""
        results = checked(self.item, self.get())
        for card in self.cards:
            if card.id not in results:
                self.feedback[card.id].value = ""
                continue
            why = f" {escape(card.explanation)}" if card.explanation else ""
            if results[card.id]:
                self.feedback[card.id].value = f'<p class="mk-sort-right">✓ Right.{why}</p>'
            else:
                where = escape(self.item.scale.label(card.answer))
                self.feedback[card.id].value = f'<p class="mk-sort-wrong">✗ This one belongs under “{where}”.{why}</p>'


def sorting_field(form: Form, item: Item, number: int) -> Field:
    """The cards of ``item`` to sort."""
    return SortingInput(item, form, number)
