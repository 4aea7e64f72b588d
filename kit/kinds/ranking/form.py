"""The participant's side of a ranking item: one row per option with a grip and Up and Down buttons
(ipywidgets only). Buttons work the same by keyboard (Tab, Enter) and by touch; the grip is dragged by
touch or mouse (the page's ranking.js turns a drop into the same button presses). The order is not an
answer until the person has moved something or pressed "Keep this order"."""

from __future__ import annotations

import json
from html import escape
from typing import Any

import ipywidgets as widgets

from kit.content.model import Item
from kit.kinds.ranking import is_order
from kit.ui.form import Field, Form


class RankingInput(Field):
    """The rows, and a hidden text control holding the chosen order (what the form watches)."""

    def __init__(self, item: Item, form: Form, number: int):
        assert item.scale is not None
        self.order = list(item.scale.values())
        self.labels = {o.value: o.label for o in item.scale.options}
        self.state = widgets.Text(value="", layout=widgets.Layout(display="none"))
        self.rows: list[tuple[widgets.HTML, widgets.Button, widgets.Button]] = []
        boxes = []
        for index in range(len(self.order)):
            label = widgets.HTML(layout=form.parts.layout(flex="1 1 auto"),
                                 style=form.parts.style(widgets.widget_string.HTMLStyle))
            up = widgets.Button(description="Up", layout=form.parts.layout(width="4.5em", min_height="44px"),
                                style=form.parts.style(widgets.ButtonStyle))
            down = widgets.Button(description="Down", layout=form.parts.layout(width="4.5em", min_height="44px"),
                                  style=form.parts.style(widgets.ButtonStyle))
            up.add_class("mk-rank-up")
            down.add_class("mk-rank-down")
            up.on_click(lambda _, i=index: self.move(i, -1))
            down.on_click(lambda _, i=index: self.move(i, 1))
            self.rows.append((label, up, down))
            row = widgets.HBox([label, up, down], layout=form.parts.layout(align_items="center"))
            row.add_class("mk-rank-row")
            boxes.append(row)
        self.keep = widgets.Button(description="Keep this order", tooltip="Submit the order as it is shown")
        self.keep.add_class("mk-rank-keep")
        self.keep.on_click(lambda _: self._chosen())
        # The form locks and unlocks every control at once; the first Up and last Down stay off.
        self.keep.observe(lambda _: self._draw(), names="disabled")
        question = form.parts.html(f'<p class="mk-question"><b>{number}. {escape(item.text)}</b></p>'
                                   + (f'<p class="mk-help">{escape(item.help)}</p>' if item.help else "")
                                   + '<p class="mk-muted">First is most. Drag a row by its handle, or move '
                                     "it with its Up and Down buttons.</p>")
        widget = form.parts.box([question, *boxes, self.keep, self.state])
        widget.add_class("mk-ranking")
        controls: list[Any] = [self.state] + [b for _, up, down in self.rows for b in (up, down)] + [self.keep]
        super().__init__(item, widget, controls)
        self._draw()

    def move(self, index: int, step: int) -> None:
        """Swap row ``index`` with its neighbour above (-1) or below (+1)."""
        other = index + step
        if 0 <= other < len(self.order):
            self.order[index], self.order[other] = self.order[other], self.order[index]
            self._chosen()

    def _chosen(self) -> None:
        self._draw()
        self.state.value = json.dumps(self.order)

    def _draw(self) -> None:
        for index, (label, up, down) in enumerate(self.rows):
            text = self.labels[self.order[index]]
            # The grip is for pointers only: keyboards and screen readers use the buttons.
            label.value = (f'<span class="mk-rank-grip" aria-hidden="true">⠿</span>'
                           f'<span class="mk-rank-label"><b>{index + 1}.</b> {escape(text)}</span>')
            up.tooltip, down.tooltip = f"Move up: {text}", f"Move down: {text}"
            up.disabled, down.disabled = index == 0 or self.keep_disabled, index == len(self.rows) - 1 or self.keep_disabled

    @property
    def keep_disabled(self) -> bool:
        return getattr(self, "keep", None) is not None and self.keep.disabled

    def get(self) -> Any:
        return json.loads(self.state.value) if self.state.value else None

    def set(self, value: Any) -> None:
        if is_order(self.item, value):
            self.order = list(value)
            self._chosen()
        else:
            self.order = list(self.item.scale.values())
            self._draw()
            self.state.value = ""


def ranking_field(form: Form, item: Item, number: int) -> Field:
    """The ranking rows for ``item``."""
    return RankingInput(item, form, number)
