"""``text``: a short line or a longer free answer, private unless shared."""

from __future__ import annotations

from typing import Any

from kit.content.model import Exercise, Item
from kit.errors import InputError
from kit.kinds.base import Kind, clean_text, register


@register
class Text(Kind):
    """Free text: the room sees counts and the answers their authors shared, never who wrote what."""

    type = "text"
    schema = "#/$defs/item_text"
    free_text = True
    help_above = False  # the form shows it under the question
    tidy_value = False
    parts = {
        "form": "kit.kinds.text.form:text_field",
        "section": "kit.kinds.text.console:TextSection",
        "summary": "kit.analysis.summaries:_summarize_text",
        "demo": "kit.kinds.text.tables:demo_text",
    }

    def clean(self, exercise: Exercise, item: Item, value: Any) -> Any:
        if not isinstance(value, str):
            raise InputError(f"The answer to '{item.text}' must be text.")
        return clean_text(value, max_length=item.max_length) or None

    def print_detail(self, item: Item) -> bool:
        return not item.multiline  # one-line answers (names, a date) print as a table at the top
