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


def accuracy(rows: pd.DataFrame, item: Item) -> tuple[dict[str, tuple[int, int]], int]:
    """Per card with a right category, (sorted right, sorted at all) over tidy ``rows``; and how many
    people sorted."""
    per_card = {card.id: [0, 0] for card in cards(item) if card.answer is not None}
    people = 0
    for text in rows.loc[rows["item_id"] == item.id, "answer"].dropna():
        try:
            given = json.loads(text)
        except ValueError:
            continue
        if not isinstance(given, dict):
            continue
        people += 1
        for card in cards(item):
            if card.id in per_card and card.id in given:
                per_card[card.id][1] += 1
                per_card[card.id][0] += given[card.id] == card.answer
    return {card: (right, total) for card, (right, total) in per_card.items()}, people


def _share(right: int, total: int) -> float | None:
    return right / total if total else None


def report_sorting(ctx: Any) -> str:
    """The trainer's report of sorting items with right answers: the share of cards sorted right, in
    all and per card (most mis-sorted first), pooled over the report's sessions; and cohort by cohort
    the share sorted right. A group of fewer than k people shows no number."""
    from kit.analysis.report import escape_cell, html_table, percent
    from kit.analysis.suppress import SUPPRESSED_MARK

    out = []
    for item in ctx.items:
        per_card, people = accuracy(ctx.answers, item)
        if not per_card:
            continue  # no card has a right category: nothing to be accurate about
        out.append(f"<h3>Sorted right: {escape_cell(item.text)}</h3>")
        if people < ctx.k:
            out.append(f"<p>{SUPPRESSED_MARK} Fewer than k people sorted these cards.</p>")
            continue
        right, total = (sum(v[i] for v in per_card.values()) for i in (0, 1))
        out.append(f"<p>{people} people sorted the cards; {percent(_share(right, total))} of the cards were sorted "
                   "right. Most mis-sorted first:</p>")
        texts = {card.id: card.text for card in cards(item)}
        ordered = sorted(per_card.items(), key=lambda pair: (_share(*pair[1]) if pair[1][1] else 2.0))
        out.append(html_table(["Card", "Sorted right"], [
            [(escape_cell(texts[card]), False),
             (percent(_share(*counts)) if counts[1] >= ctx.k else SUPPRESSED_MARK, True)]
            for card, counts in ordered]))
        sessions = ctx.by_session()
        if len(sessions) > 1:
            body = []
            for code, label, part in sessions:
                counts, sorted_by = accuracy(part, item)
                right, total = (sum(v[i] for v in counts.values()) for i in (0, 1))
                cell = percent(_share(right, total)) if sorted_by >= ctx.session_k(code) and total else SUPPRESSED_MARK
                body.append([(escape_cell(label), False), (cell, True)])
            out.append("<p class='note'>Cohort by cohort: share of the cards sorted right, one row per session.</p>")
            out.append(html_table(["Session", "Sorted right"], body))
    return "".join(out)
