"""The trainer's side of a choice item (pandas): how many chose each option, and demo answers. A
rating (``likert``) is a choice on an ordered scale and names these too."""

from __future__ import annotations

from typing import Any

import pandas as pd

from kit.analysis.summaries import Content, _option_counts
from kit.content.model import Exercise, Item


def summarize_choice(rows: pd.DataFrame, keys: list, content: Content) -> pd.DataFrame:
    """Choice (and rating) items: how many chose each option (measure ``option``)."""
    return _option_counts(rows, keys, content)


def demo_choice(item: Item, exercise: Exercise, cohort: Any, run: int) -> Any:
    """One demo participant's option, drawn by the cohort's leaning on this item."""
    probabilities = cohort.leanings[(exercise.id, item.id)]
    return item.scale.options[cohort.rng.choice(len(probabilities), p=probabilities)].value
