"""The trainer's side of a text item: demo answers. Its summary (how many answered and shared; never
the texts) is the free-text one every such kind shares, ``kit.analysis.summaries._summarize_text``."""

from __future__ import annotations

from typing import Any

from kit.analysis.demo import TEXT_ANSWERS
from kit.content.model import Exercise, Item


def demo_text(item: Item, exercise: Exercise, cohort: Any, run: int) -> Any:
    """One demo participant's text (an optional item is left empty now and then)."""
    if not item.required and cohort.rng.random() < 0.35:
        return None
    return TEXT_ANSWERS[cohort.rng.integers(len(TEXT_ANSWERS))][: item.max_length].strip()
