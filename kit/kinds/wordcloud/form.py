"""The participant's side of a word cloud item: one labelled text box per word (ipywidgets only)."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from kit.content.model import Item
from kit.kinds.wordcloud import limits
from kit.ui.form import Field, Form


class WordsInput(Field):
    """Up to ``max_words`` boxes; the answer is the list of non-blank words, in box order."""

    def get(self) -> Any:
        words = [box.value for box in self.controls if box.value.strip()]
        return words or None

    def set(self, value: Any) -> None:
        words = [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
        for number, box in enumerate(self.controls):
            box.value = words[number] if number < len(words) else ""


def words_field(form: Form, item: Item, number: int) -> Field:
    """The question, one box per word (each with its own visible label, so a screen reader and a
    phone user know which is which), and what happens to the words."""
    most, length = limits(item)
    boxes = []
    for position in range(1, most + 1):
        optional = position > 1 or not item.required
        box = widgets.Text(value="", description=f"Word {position}" + (" (optional)" if optional else ""),
                           placeholder="A word or short phrase", continuous_update=True,
                           **form.parts.labelled(widgets.widget_string.TextStyle))
        box.add_class("mk-word")
        boxes.append(box)
    field = WordsInput(item, None, boxes)
    question = form.parts.html(f'<p class="mk-question"><b>{number}. {escape(item.text)}</b></p>'
                               + (f'<p class="mk-help">{escape(item.help)}</p>' if item.help else ""))
    hint = form.parts.html(f'<span class="mk-muted">Up to {most} word{"s" if most > 1 else ""}, {length} characters '
                           "each. Your words join the room's word cloud without your name; a word shows only once "
                           "several people gave it.</span>")
    field.widget = form.parts.box([question, *boxes, hint])
    field.widget.add_class("mk-wordcloud")
    return field
