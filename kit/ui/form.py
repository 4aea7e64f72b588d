"""An exercise's items as a form: each item's field comes from its kind's ``form`` part
(:mod:`kit.kinds`); the constructors of the built-in kinds are the ``*_field`` functions below.

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

    def set(self, value: Any) -> None:
        if self.item.scale is not None:
            self.control.value = value if value in self.item.scale.values() else None
        else:
            self.control.value = value if isinstance(value, str) else ""


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

    def is_empty(self) -> bool:
        """Whether no card has any text yet (so a prefill may fill them)."""
        return self.get() is None


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

def likert_field(form: Form, item: Item, number: int) -> Field:
    """A rating: the same radio row as a choice."""
    # The same radio row as a choice, in scale order (low to high), so a phone shows it the same way.
    field = choice_field(form, item, number)
    field.control.add_class("mk-likert")
    return field


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


def exercise_header(exercise: Exercise) -> widgets.HTML:
    """Title, instructions and source attribution of an exercise, escaped."""
    return widgets.HTML(
        f"<h1>{escape(exercise.title)}</h1>{paragraphs_html(exercise.instructions)}"
        f'<p class="mk-source">{escape(exercise.source.attribution)}</p>'
    )
