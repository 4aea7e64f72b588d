"""The trainer's side of a sorting item (pandas): how many sorted each card right, and demo answers."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from kit.analysis.summaries import Content, _summarize_answered
from kit.content.model import Exercise, Item
from kit.kinds.sorting import cards


def summarize_sorting(rows: pd.DataFrame, keys: list, content: Content) -> pd.DataFrame:
    """How many answered (measure ``answered``), and per card with a right category how many sorted it
    right (measure ``sorted_right``, ``category`` the card id, ``category_label`` its text)."""
    answered = _summarize_answered(rows, keys, content)
    out = []
    for group, part in rows.groupby(keys, dropna=False, sort=False):
        group = dict(zip(keys, group if isinstance(group, tuple) else (group,)))
        exercise = content.exercises.get(group["exercise_id"])
        item = next((i for i in exercise.items if i.id == group["item_id"]), None) if exercise else None
        if item is None:
            continue
        given = []
        for text in part["answer"].dropna():
            try:
                value = json.loads(text)
            except ValueError:
                continue
            if isinstance(value, dict):
                given.append(value)
        for position, card in enumerate(cards(item), start=1):
            if card.answer is None:
                continue
            out.append(dict(group, measure="sorted_right", category=card.id, category_label=card.text,
                            category_position=position, count=sum(1 for g in given if g.get(card.id) == card.answer)))
    return pd.concat([answered, pd.DataFrame(out)], ignore_index=True) if out else answered


def demo_sorting(item: Item, exercise: Exercise, cohort: Any, run: int) -> Any:
    """A demo sorting: each card in its right category seven times in ten, elsewhere otherwise."""
    values = list(item.scale.values()) if item.scale else []
    rng = cohort.rng
    given = {}
    for card in cards(item):
        if card.answer in values and rng.random() < 0.7:
            given[card.id] = card.answer
        else:
            given[card.id] = values[int(rng.integers(len(values)))]
    return given
