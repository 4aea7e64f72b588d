"""The participant's side of a ranking item: a numbered list of the options, each row with a grip and
Up and Down buttons, and "Keep this order" (ipywidgets only).

The rows are one ``HTML`` widget and the chosen order one hidden text control, not a few widgets per
row: a room that builds a ranking at once (a facilitator jumping to it) relays every widget model of
every phone, and seven rows of four widgets were most of the view. The page's ``ranking.js`` makes the
rows work: a press of Up or Down (click, tap, or Enter and Space on the focused button) or a drag by
the grip moves the row on the screen at once and writes the new order into the hidden control; the
kernel checks it is an order of these options, keeps it and draws the rows again (the page keeps the
focus on the button pressed). The order is not an answer until the person has moved something or
pressed "Keep this order"."""

from __future__ import annotations

import json
from html import escape
from typing import Any

import ipywidgets as widgets

from kit.content.model import Item
from kit.kinds.ranking import is_order
from kit.ui.form import Field, Form


class RankingInput(Field):
    """The rows (drawn by the kernel, moved by the page) and the hidden order the form watches."""

    def __init__(self, item: Item, form: Form, number: int):
        assert item.scale is not None
        self.order = list(item.scale.values())
        self.labels = {o.value: o.label for o in item.scale.options}
        self._locked = False
        self._from_kernel = False
        #: The chosen order as JSON, "" until chosen: ranking.js writes it, the kernel checks it.
        self.state = widgets.Text(value="", layout=form.parts.layout(display="none"))
        self.state.add_class("mk-rank-state")
        self.rows = form.parts.html()
        self.rows.add_class("mk-rank-rows")
        self.keep = widgets.Button(description="Keep this order", tooltip="Submit the order as it is shown")
        self.keep.add_class("mk-rank-keep")
        self.keep.on_click(lambda _: self._choose(self.order))
        # The form locks and unlocks every control at once; the rows' buttons follow "Keep this order".
        self.keep.observe(self._lock, names="disabled")
        self.state.observe(self._written, names="value")
        question = form.parts.html(f'<p class="mk-question"><b>{number}. {escape(item.text)}</b></p>'
                                   + (f'<p class="mk-help">{escape(item.help)}</p>' if item.help else "")
                                   + '<p class="mk-muted">First is most. Drag a row by its handle, or move '
                                     "it with its Up and Down buttons.</p>")
        widget = form.parts.box([question, self.rows, self.keep, self.state])
        widget.add_class("mk-ranking")
        super().__init__(item, widget, [self.state, self.keep])
        self._draw()

    def move(self, index: int, step: int) -> None:
        """Move the option in place ``index`` by ``step`` places (-1: up), as the page does."""
        other = index + step
        if 0 <= index < len(self.order) and 0 <= other < len(self.order):
            order = list(self.order)
            order.insert(other, order.pop(index))
            self._choose(order)

    def _choose(self, order: list[str]) -> None:
        if self.state.value == json.dumps(order):
            self._draw()
        else:
            self._put(json.dumps(order))  # drawn by _written

    def _put(self, value: str) -> None:
        self._from_kernel = True
        try:
            self.state.value = value
        finally:
            self._from_kernel = False

    def _written(self, change: dict) -> None:
        """The page (or the kernel) wrote an order: keep it if it is one, else put back the last."""
        if not change["new"]:
            return
        try:
            order = json.loads(change["new"])
        except ValueError:
            order = None
        # A locked form (saving, submitted, an ended session) takes no order from the page.
        if not is_order(self.item, order) or (self._locked and not self._from_kernel):
            self._put(json.dumps(self.order) if change["old"] else "")
            self._draw()
            return
        self.order = list(order)
        self._draw()

    def _lock(self, change: dict) -> None:
        self._locked = bool(change["new"])
        self._draw()

    def _draw(self) -> None:
        last = len(self.order) - 1
        rows = []
        for index, value in enumerate(self.order):
            text = escape(self.labels[value])
            # The grip is for pointers only: keyboards and screen readers use the buttons, each named
            # by the option it moves ("Up" alone would not say which).
            rows.append(
                f'<li class="mk-rank-row" data-value="{escape(value)}">'
                f'<span class="mk-rank-grip" aria-hidden="true">⠿</span>'
                f'<span class="mk-rank-label"><b class="mk-rank-place">{index + 1}.</b> {text}</span>'
                f'{_button("up", "Up", -1, text, index == 0 or self._locked)}'
                f'{_button("down", "Down", 1, text, index == last or self._locked)}</li>')
        self.rows.value = f'<ol class="mk-rank-list">{"".join(rows)}</ol>'

    def get(self) -> Any:
        if not self.state.value:
            return None
        order = json.loads(self.state.value)
        return order if is_order(self.item, order) else None

    def set(self, value: Any) -> None:
        if is_order(self.item, value):
            self._choose(list(value))
        else:
            self.order = list(self.item.scale.values())
            self._put("")
            self._draw()


def _button(direction: str, word: str, step: int, text: str, disabled: bool) -> str:
    # ipywidgets' own button classes, so these look like every other button on the page.
    return (f'<button type="button" class="jupyter-button widget-button mk-rank-{direction}" data-step="{step}" '
            f'title="Move {direction}: {text}" aria-label="Move {direction}: {text}"'
            f'{" disabled" if disabled else ""}>{word}</button>')


def ranking_field(form: Form, item: Item, number: int) -> Field:
    """The ranking rows for ``item``."""
    return RankingInput(item, form, number)
