"""Repeated groups (e.g. three things learned, up to three goals with action steps): how many
answered and how many entries, and the entries their authors chose to share, without names."""

from __future__ import annotations

from kit.kinds.text.console import TextSection


class GroupSection(TextSection):
    """The facilitator's view of an exercise's group items: the free-text view, counting entries too."""

    item_type = "group"
    noun = "entry"
