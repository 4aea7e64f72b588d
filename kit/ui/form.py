"""An exercise's items as a form: each item's field comes from its kind's ``form`` part
(:mod:`kit.kinds`, e.g. ``kit/kinds/choice/form.py``); here are only what every field shares:
:class:`Field` and the :class:`Form` that holds them.

The form knows nothing of storage: it turns items into widgets, reads and restores answers, and tells
an observer when anything changed.
"""

from __future__ import annotations

from html import escape
from typing import Any, Callable, Mapping

import ipywidgets as widgets

from kit import kinds
from kit.content.model import Exercise, Item
from kit.logic.answers import SHARED, missing_items
from kit.ui.parts import Parts
from kit.ui.style import paragraphs_html


class Field:
    """One item's widget and how to read and write its value.

    ``controls`` are the inputs the form watches for changes and locks when the session has ended.
    Simple items have one control whose ``value`` is the answer; a group overrides :meth:`get` and
    :meth:`set`.
    """

    def __init__(self, item: Item, widget: widgets.Widget, controls: list[widgets.ValueWidget]):
        self.item, self.widget, self.controls = item, widget, controls
        #: The "share this answer" box of a shareable free-text item (None otherwise).
        self.share: widgets.Checkbox | None = None

    @property
    def control(self) -> widgets.ValueWidget:
        """The first (for most items the only) input."""
        return self.controls[0]

    def get(self) -> Any:
        value = self.control.value
        return value if value not in ("",) else None

    def is_empty(self) -> bool:
        """Whether nothing is filled in yet (so a prefill may fill it)."""
        return self.get() is None

    def set(self, value: Any) -> None:
        if self.item.scale is not None:
            self.control.value = value if value in self.item.scale.values() else None
        else:
            self.control.value = value if isinstance(value, str) else ""


class Form(widgets.VBox):
    """The widgets for every item of ``exercise``, in order."""

    def __init__(self, exercise: Exercise) -> None:
        self.exercise = exercise
        self.parts = Parts()  # the inputs never change their layout or style: one model each for all
        self.fields: dict[str, Field] = {}
        for number, item in enumerate(exercise.items, start=1):
            kind = kinds.kind_of(item.type)
            if "form" not in kind.parts or kind.own_page:
                raise ValueError(f"No renderer for item type '{item.type}' (item '{item.id}').")
            self.fields[item.id] = kind.part("form")(self, item, number)
        children: list[widgets.Widget] = []
        section = None
        for item in exercise.items:
            if item.section and item.section != section:
                children.append(self.parts.html(f'<h2 class="mk-section">{escape(item.section)}</h2>'))
            section = item.section or section
            if item.help and kinds.kind_of(item.type).help_above:  # else its field shows it under the question
                children.append(self.parts.html(f'<p class="mk-help">{escape(item.help)}</p>'))
            children.append(self.fields[item.id].widget)
        super().__init__(children)
        self.add_class("mk-form")
        self._listeners: list[Callable[[], None]] = []
        #: Fields that follow the session's settings (a pair talk's countdown): see :meth:`tick`.
        self.tickers = [f for f in self.fields.values() if callable(getattr(f, "tick", None))]
        for f in self.fields.values():
            for control in f.controls + ([f.share] if f.share is not None else []):
                control.observe(self._changed, names="value")

    def privacy(self, field: Field, limit: str) -> list[widgets.Widget]:
        """The hint under a free-text item, and the share box when its author may share it."""
        item = field.item
        pairing = self.exercise.pairing
        # One document per pair: the partner reads and edits it too.
        together = pairing is not None and pairing.enabled and pairing.shared
        if not item.shareable:
            who = "You and your partner see this; your facilitator does not." if together else "Only you can see this."
            return [self.parts.html(f'<span class="mk-muted">{escape(limit)} {who}</span>')]
        who = "you and your partner" if together else "you"
        hint = self.parts.html(f'<span class="mk-muted">{escape(limit)} Only {who} can see this unless you tick the '
                               "box below; shared answers are shown to the room without your name.</span>")
        field.share = widgets.Checkbox(value=False, description="Share this answer with the room", indent=False,
                                       layout=self.parts.layout(width="auto"),
                                       style=self.parts.style(widgets.widget_bool.CheckboxStyle))
        field.share.add_class("mk-share")
        return [hint, field.share]

    # -- values ---------------------------------------------------------------------------------
    @property
    def answers(self) -> dict[str, Any]:
        """The answers given so far (unanswered items left out), with the shared items under ``_shared``."""
        answers = {item_id: v for item_id, f in self.fields.items() if (v := f.get()) is not None}
        shared = [item_id for item_id, f in self.fields.items()
                  if f.share is not None and f.share.value and item_id in answers]
        if shared:
            answers[SHARED] = shared
        return answers

    def restore(self, answers: Mapping[str, Any]) -> None:
        """Show previously stored ``answers`` (unknown item ids are ignored)."""
        shared = answers.get(SHARED) if isinstance(answers.get(SHARED), list) else []
        for item_id, f in self.fields.items():
            f.set(answers.get(item_id))
            if f.share is not None:
                f.share.value = item_id in shared

    def missing(self) -> list[Item]:
        """Required items still unanswered."""
        return missing_items(self.exercise, self.answers)

    def set_disabled(self, disabled: bool) -> None:
        """Lock or unlock every input (a closed session shows answers read-only)."""
        for f in self.fields.values():
            for control in f.controls + ([f.share] if f.share is not None else []):
                control.disabled = disabled

    def tick(self, settings: Mapping[str, Any]) -> None:
        """Let the fields that follow the session (a pair talk's countdown) redraw from ``settings``;
        nothing for a form without such fields."""
        for f in self.tickers:
            f.tick(settings)

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` whenever any answer changes."""
        self._listeners.append(callback)

    def _changed(self, _change: Any) -> None:
        for callback in self._listeners:
            callback()


def exercise_header(exercise: Exercise) -> widgets.HTML:
    """Title, instructions and source attribution of an exercise, escaped."""
    return widgets.HTML(
        f"<h1>{escape(exercise.title)}</h1>{paragraphs_html(exercise.instructions)}"
        f'<p class="mk-source">{escape(exercise.source.attribution)}</p>'
    )
