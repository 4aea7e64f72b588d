"""``likert``: a rating on an ordered scale (e.g. Never … Always)."""

from __future__ import annotations

from collections.abc import Mapping

from kit.kinds.base import register
from kit.kinds.choice import Choice


@register
class Likert(Choice):
    """A choice on an ordered scale: diverging bars, the mean position, and how far apart partners are."""

    type = "likert"
    schema = "#/$defs/item_likert"
    rated = True
    parts = {
        "form": "kit.kinds.likert.form:likert_field",
        "section": "kit.kinds.likert.console:LikertSection",
        "summary": "kit.kinds.choice.tables:summarize_choice",
        "demo": "kit.kinds.choice.tables:demo_choice",
    }

    def scale_problem(self, options: list, name: str) -> str | None:
        """A rating needs at least two options that are not "unsure" to rate between."""
        rated = [o for o in options if isinstance(o, Mapping) and not o.get("unsure")]
        if len(rated) < 2:
            return (f"a likert item needs a scale with at least two options not marked unsure; {name!r} has "
                    f"{len(rated)}")
        return None
