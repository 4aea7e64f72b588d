"""The trainer's side of a repeated group (pandas): how many answered, entries in all, and how many
shared them; and demo answers."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from kit.analysis.demo import TEXT_ANSWERS
from kit.analysis.summaries import Content, _summarize_text
from kit.content.model import Exercise, Item


def summarize_group(rows: pd.DataFrame, keys: list, content: Content) -> pd.DataFrame:
    """Repeated groups: how many answered, how many entries they wrote in all (``entries``), and how
    many shared them."""
    def count(text: object) -> int:
        try:
            value = json.loads(text) if isinstance(text, str) else []
        except ValueError:
            return 0
        return sum(1 for entry in value if isinstance(entry, dict) and entry) if isinstance(value, list) else 0

    entries = rows.assign(entries=rows["answer"].map(count)).groupby(keys, dropna=False)["entries"].sum()
    entries = entries.astype("int64").rename("count").reset_index()
    entries["measure"] = "entries"
    return pd.concat([_summarize_text(rows, keys, content), entries], ignore_index=True)


def demo_group(item: Item, exercise: Exercise, cohort: Any, run: int) -> Any:
    """One demo participant's entries: between ``min_entries`` and ``max_entries``, optional fields
    filled about half the time."""
    rng = cohort.rng
    if not item.required and rng.random() < 0.35:
        return None
    count = int(rng.integers(item.min_entries, item.max_entries + 1))
    entries = []
    for _ in range(count):
        entry = {}
        for field in item.fields:
            if field.required or rng.random() < 0.5:
                entry[field.id] = TEXT_ANSWERS[rng.integers(len(TEXT_ANSWERS))][: field.max_length].strip()
        entries.append(entry)
    return entries
