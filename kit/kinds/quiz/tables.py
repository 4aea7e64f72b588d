"""The trainer's side of a quiz item (pandas): options chosen, how many were right and how sure people
were, and demo answers."""

from __future__ import annotations

from typing import Any

import pandas as pd

from kit.analysis.summaries import Content, _option_counts
from kit.content.model import Exercise, Item


def summarize_quiz(rows: pd.DataFrame, keys: list, content: Content) -> pd.DataFrame:
    """Quiz items: options chosen, how many were correct, and how sure people said they were."""
    options = _option_counts(rows, keys, content)
    correct = rows.groupby(keys, dropna=False)["correct"].sum().astype("int64").rename("count").reset_index()
    correct["measure"] = "correct"
    confidence = rows.dropna(subset=["confidence"]).groupby(keys + ["confidence"], dropna=False).size()
    confidence = confidence.rename("count").reset_index().rename(columns={"confidence": "category"})
    labels = []
    for exercise in content.exercises.values():
        scale = getattr(exercise, "confidence_scale", None)
        for position, option in enumerate(scale.options if scale else (), start=1):
            labels.append((exercise.id, option.value, option.label, position))
    labels = pd.DataFrame(labels, columns=["exercise_id", "category", "category_label", "category_position"])
    confidence = confidence.merge(labels, on=["exercise_id", "category"], how="left")
    confidence["category_label"] = confidence["category_label"].fillna(confidence["category"])
    confidence["measure"] = "confidence"
    return pd.concat([options, correct, confidence], ignore_index=True)


def demo_quiz(item: Item, exercise: Exercise, cohort: Any, run: int) -> Any:
    """One demo participant's answer and confidence: right more often in a skilled cohort, on an easy
    statement and on the second run."""
    rng = cohort.rng
    values = list(item.scale.values()) if item.scale else []
    right = getattr(item, "answer", None)
    skill = cohort.quiz_skill + cohort.ease.get((exercise.id, item.id), 0.0) + (0.25 if run > 1 else 0.0)
    skill = min(0.97, max(0.1, skill))
    if right in values and rng.random() < skill:
        value, correct = right, True
    else:
        wrong = [v for v in values if v != right] or values
        value, correct = wrong[rng.integers(len(wrong))], False
    answer: dict[str, Any] = {"answer": value}
    scale = getattr(exercise, "confidence_scale", None)
    if scale is not None:
        # Most sure option first: right answers are given with more confidence.
        levels = scale.values()
        sure = 0.65 if correct else 0.35
        rest = (1 - sure) / max(len(levels) - 1, 1)
        answer["confidence"] = levels[rng.choice(len(levels), p=[sure] + [rest] * (len(levels) - 1))]
    return answer
