"""An exercise's items as a form: one constructor per item type (``_construct_<type>``).

The form knows nothing of storage: it turns items into widgets, reads and restores answers, and tells
an observer when anything changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any, Callable, Mapping

import ipywidgets as widgets

from kit.content.model import Exercise, Item
from kit.logic.answers import missing_items


@dataclass
class Field:
    """One item's widget and how to read and write its value."""

    item: Item
    widget: widgets.Widget
    control: widgets.ValueWidget

    def get(self) -> Any:
        value = self.control.value
        return value if value not in ("",) else None

    def set(self, value: Any) -> None:
        if self.item.type == "choice":
            self.control.value = value if value in (self.item.scale.values() if self.item.scale else ()) else None
        else:
            self.control.value = value or ""


class Form(widgets.VBox):
    """The widgets for every item of ``exercise``, in order."""

    def __init__(self, exercise: Exercise) -> None:
        self.exercise = exercise
        self.fields: dict[str, Field] = {}
        for number, item in enumerate(exercise.items, start=1):
            constructor = getattr(self, f"_construct_{item.type}", None)
            if constructor is None:
                raise ValueError(f"No renderer for item type '{item.type}' (item '{item.id}').")
            self.fields[item.id] = constructor(item, number)
        super().__init__([f.widget for f in self.fields.values()])
        self.add_class("mk-form")
        self._listeners: list[Callable[[], None]] = []
        for f in self.fields.values():
            f.control.observe(self._changed, names="value")

    # -- one constructor per item type -------------------------------------------------------
    def _construct_choice(self, item: Item, number: int) -> Field:
        assert item.scale is not None
        control = widgets.RadioButtons(
            options=[(o.label, o.value) for o in item.scale.options],
            value=None,
            description=f"{number}. {item.text}",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        control.add_class("mk-choice")
        return Field(item, control, control)

    def _construct_text(self, item: Item, number: int) -> Field:
        kind = widgets.Textarea if item.multiline else widgets.Text
        control = kind(
            value="",
            description=f"{number}. {item.text}",
            placeholder="Type here" if item.required else "Optional",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        control.add_class("mk-textitem")
        hint = widgets.HTML(f'<span class="mk-muted">Up to {item.max_length} characters.'
                            + (" Only you can see this unless you choose to share it." if not item.shareable else "")
                            + "</span>")
        return Field(item, widgets.VBox([control, hint]), control)

    # -- values ---------------------------------------------------------------------------------
    @property
    def answers(self) -> dict[str, Any]:
        """The answers given so far (unanswered items left out)."""
        return {item_id: v for item_id, f in self.fields.items() if (v := f.get()) is not None}

    def restore(self, answers: Mapping[str, Any]) -> None:
        """Show previously stored ``answers`` (unknown item ids are ignored)."""
        for item_id, f in self.fields.items():
            f.set(answers.get(item_id))

    def missing(self) -> list[Item]:
        """Required items still unanswered."""
        return missing_items(self.exercise, self.answers)

    def set_disabled(self, disabled: bool) -> None:
        """Lock or unlock every input (a closed session shows answers read-only)."""
        for f in self.fields.values():
            f.control.disabled = disabled

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` whenever any answer changes."""
        self._listeners.append(callback)

    def _changed(self, _change: Any) -> None:
        for callback in self._listeners:
            callback()


def exercise_header(exercise: Exercise) -> widgets.HTML:
    """Title, instructions and source attribution of an exercise, escaped."""
    paragraphs = "".join(f"<p>{escape(p.strip())}</p>" for p in exercise.instructions.split("\n\n") if p.strip())
    return widgets.HTML(
        f"<h1>{escape(exercise.title)}</h1>{paragraphs}"
        f'<p class="mk-source">{escape(exercise.source.attribution)}</p>'
    )
