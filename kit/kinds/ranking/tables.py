"""The trainer's side of a ranking item (pandas): how many ranked each option first, and demo orders."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from kit.analysis.summaries import Content, _summarize_answered
from kit.content.model import Exercise, Item


def summarize_ranking(rows: pd.DataFrame, keys: list, content: Content) -> pd.DataFrame:
    """How many answered (measure ``answered``), and per option how many people put it first (measure
    ``ranked_first``, ``category`` the option value, in the scale's order, with a zero for options
    nobody put first)."""
    answered = _summarize_answered(rows, keys, content)
    out = []
    for group, part in rows.groupby(keys, dropna=False, sort=False):
        group = dict(zip(keys, group if isinstance(group, tuple) else (group,)))
        exercise = content.exercises.get(group["exercise_id"])
        item = next((i for i in exercise.items if i.id == group["item_id"]), None) if exercise else None
        if item is None or item.scale is None:
            continue
        firsts: dict[str, int] = {}
        for text in part["answer"].dropna():
            try:
                order = json.loads(text)
            except ValueError:
                continue
            if isinstance(order, list) and order:
                firsts[order[0]] = firsts.get(order[0], 0) + 1
        for position, option in enumerate(item.scale.options, start=1):
            out.append(dict(group, measure="ranked_first", category=option.value, category_label=option.label,
                            category_position=position, count=firsts.get(option.value, 0)))
    return pd.concat([answered, pd.DataFrame(out)], ignore_index=True) if out else answered


def demo_order(item: Item, exercise: Exercise, cohort: Any, run: int) -> Any:
    """A demo order: the scale's order shuffled a little (neighbours swapped), so the room agrees on
    some options more than others."""
    order = list(item.scale.values()) if item.scale else []
    rng = cohort.rng
    for _ in range(len(order)):
        index = int(rng.integers(len(order) - 1)) if len(order) > 1 else 0
        if len(order) > 1 and rng.random() < 0.6:
            order[index], order[index + 1] = order[index + 1], order[index]
    return order
