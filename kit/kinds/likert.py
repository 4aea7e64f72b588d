"""``likert``: a rating on an ordered scale (e.g. Never … Always)."""

from __future__ import annotations

from kit.kinds.base import register
from kit.kinds.choice import Choice


@register
class Likert(Choice):
    """A choice on an ordered scale: diverging bars, the mean position, and how far apart partners are."""

    type = "likert"
    schema = "#/$defs/item_likert"
    rated = True
    parts = {
        "form": "kit.ui.form:likert_field",
        "section": "kit.ui.sections.likert:LikertSection",
        "summary": "kit.analysis.summaries:_summarize_choice",
        "demo": "kit.analysis.demo:_choice",
    }
