"""``choice``: one option of a named scale (e.g. Agree / Disagree / Not sure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kit.content.model import Exercise, Item
from kit.errors import InputError
from kit.kinds.base import Kind, paragraph_html, register


def option_label_html(item: Item, value: Any) -> str:
    """An answer on a scale printed as its option's label (a quiz answer is ``{"answer": value}``)."""
    chosen = value.get("answer") if isinstance(value, Mapping) else value
    if item.scale is not None and isinstance(chosen, str) and chosen in item.scale.values():
        return paragraph_html(item.scale.label(chosen))
    return paragraph_html(None)


@register
class Choice(Kind):
    """Counted per option; partners agree, differ or are unsure; the most divided statements first."""

    type = "choice"
    schema = "#/$defs/item_choice"
    scaled = True
    closed = True
    uses_scale = True
    parts = {
        "form": "kit.kinds.choice.form:choice_field",
        "section": "kit.kinds.choice.console:ChoiceSection",
        "summary": "kit.kinds.choice.tables:summarize_choice",
        "demo": "kit.kinds.choice.tables:demo_choice",
    }

    def clean(self, exercise: Exercise, item: Item, value: Any) -> Any:
        if item.scale is None or value not in item.scale.values():
            raise InputError(f"'{value}' is not one of the choices for: {item.text}")
        return value

    def print_html(self, item: Item, value: Any) -> str:
        return option_label_html(item, value)
