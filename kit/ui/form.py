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
from kit.ui.progressive import Stages
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
    """The widgets for every item of ``exercise``, in order.

    A long form is built in groups (:mod:`kit.ui.progressive`): its first items with the form, the
    rest a moment later. Until an item is built, what was restored for it is kept and counted in
    :attr:`answers`, so a draft or a submit never loses it.
    """

    def __init__(self, exercise: Exercise, *, first: int | None = None) -> None:
        """``first``: how many items to build with the form where the rest can come later (default
        :data:`kit.ui.progressive.FIRST`)."""
        self.exercise = exercise
        self.parts = Parts()  # the inputs never change their layout or style: one model each for all
        self.fields: dict[str, Field] = {}
        for item in exercise.items:
            kind = kinds.kind_of(item.type)
            if "form" not in kind.parts or kind.own_page:
                raise ValueError(f"No renderer for item type '{item.type}' (item '{item.id}').")
        self._listeners: list[Callable[[], None]] = []
        #: Fields that follow the session's settings (a pair talk's countdown): see :meth:`tick`.
        self.tickers: list[Field] = []
        self._restored: Mapping[str, Any] = {}  # the last restore, for items not built yet
        self._disabled = False
        self._section: str | None = None
        super().__init__([], layout=self.parts.layout())
        self.add_class("mk-form")
        self.stages = Stages(self, lambda: len(exercise.items) - len(self.fields), self._add)
        self._add(self.stages.first_count(len(exercise.items), first))
        self.stages.schedule()

    def _add(self, count: int) -> None:
        """Build the next ``count`` items, each showing what was restored for it, locked if the form is."""
        start = len(self.fields)
        children: list[widgets.Widget] = []
        shared = self._restored.get(SHARED) if isinstance(self._restored.get(SHARED), list) else []
        for number, item in enumerate(self.exercise.items[start:start + count], start=start + 1):
            kind = kinds.kind_of(item.type)
            field = kind.part("form")(self, item, number)
            self.fields[item.id] = field
            if item.section and item.section != self._section:
                children.append(self.parts.html(f'<h2 class="mk-section">{escape(item.section)}</h2>'))
            self._section = item.section or self._section
            if item.help and kind.help_above:  # else its field shows it under the question
                children.append(self.parts.html(f'<p class="mk-help">{escape(item.help)}</p>'))
            children.append(field.widget)
            if start:  # built later: show what was restored before it existed
                field.set(self._restored.get(item.id))
                if field.share is not None:
                    field.share.value = item.id in shared
            for control in self._controls(field):
                if self._disabled:
                    control.disabled = True
                control.observe(self._changed, names="value")
            if callable(getattr(field, "tick", None)):
                self.tickers.append(field)
        if children:
            self.children = (*self.children, *children)

    @staticmethod
    def _controls(field: Field) -> list[widgets.ValueWidget]:
        return field.controls + ([field.share] if field.share is not None else [])

    def finish(self) -> None:
        """Build every item not built yet now."""
        self.stages.finish()

    def close(self) -> None:
        """Close the form, with the items added after it was built."""
        self.stages.close()
        super().close()

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
        """The answers given so far (unanswered items left out), with the shared items under ``_shared``;
        an item not built yet counts with what was restored for it."""
        restored_shared = self._restored.get(SHARED) if isinstance(self._restored.get(SHARED), list) else []
        answers, shared = {}, []
        for item in self.exercise.items:
            f = self.fields.get(item.id)
            value = f.get() if f is not None else self._restored.get(item.id)
            if value is None:
                continue
            answers[item.id] = value
            if (f.share.value if f is not None and f.share is not None
                    else f is None and item.shareable and item.id in restored_shared):
                shared.append(item.id)
        if shared:
            answers[SHARED] = shared
        return answers

    def restore(self, answers: Mapping[str, Any]) -> None:
        """Show previously stored ``answers`` (unknown item ids are ignored)."""
        self._restored = dict(answers)
        shared = answers.get(SHARED) if isinstance(answers.get(SHARED), list) else []
        for item_id, f in self.fields.items():
            f.set(answers.get(item_id))
            if f.share is not None:
                f.share.value = item_id in shared

    def is_empty(self, item_id: str) -> bool:
        """Whether item ``item_id`` has no answer yet, built or not (so a prefill may fill it)."""
        field = self.fields.get(item_id)
        return field.is_empty() if field is not None else self._restored.get(item_id) is None

    def fill(self, item_id: str, value: Any) -> None:
        """Put ``value`` in item ``item_id``: in its field, or kept for it until it is built (it counts
        in :attr:`answers` meanwhile)."""
        field = self.fields.get(item_id)
        if field is not None:
            field.set(value)
        else:
            self._restored = {**self._restored, item_id: value}

    def missing(self) -> list[Item]:
        """Required items still unanswered."""
        return missing_items(self.exercise, self.answers)

    def set_disabled(self, disabled: bool) -> None:
        """Lock or unlock every input (a closed session shows answers read-only), those built later too."""
        self._disabled = disabled
        for f in self.fields.values():
            for control in self._controls(f):
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


def exercise_header(exercise: Exercise, parts: Parts | None = None) -> widgets.HTML:
    """Title, instructions and source attribution of an exercise, escaped (sharing ``parts``' plain
    layout and style when given)."""
    value = (f"<h1>{escape(exercise.title)}</h1>{paragraphs_html(exercise.instructions)}"
             f'<p class="mk-source">{escape(exercise.source.attribution)}</p>')
    return parts.html(value) if parts is not None else widgets.HTML(value)
