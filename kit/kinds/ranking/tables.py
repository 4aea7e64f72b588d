"""The trainer's side of a ranking item (pandas): how many ranked each option first, the average order
in the report (pooled and cohort by cohort), and demo orders."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from kit.analysis.summaries import Content, _summarize_answered
from kit.analysis.tidy import item_answers
from kit.content.model import Exercise, Item
from kit.kinds.ranking import rank_stats


def summarize_ranking(rows: pd.DataFrame, keys: list, content: Content) -> pd.DataFrame:
    """How many answered (measure ``answered``), per option how many people put it first (measure
    ``ranked_first``, ``category`` the option value, in the scale's order, with a zero for options
    nobody put first), and per option its average rank (measure ``mean_rank``: ``mean`` the average
    rank, 1 = first, over ``count`` complete orders; the console's counting)."""
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
        stats, orders = rank_stats(item, item_answers(part, item.id))
        positions = {option.value: n for n, option in enumerate(item.scale.options, start=1)}
        for stat in stats:
            out.append(dict(group, measure="mean_rank", category=stat.value, category_label=stat.label,
                            category_position=positions[stat.value], count=orders,
                            mean=stat.mean if orders else None))
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



def rank_means(rows: pd.DataFrame, item: Item, k: int) -> tuple[list, int]:
    """The room's average rank and spread per option of ``item`` over tidy ``rows`` (the same counting
    as the console: :func:`kit.kinds.ranking.rank_stats`), best first, and how many orders; no
    options when fewer than ``k`` people put them in order."""
    stats, orders = rank_stats(item, item_answers(rows, item.id))
    return (stats if orders >= k else []), orders


def report_ranking(ctx: Any) -> str:
    """The trainer's report of ranking items: the average order pooled over the report's sessions
    (average rank, spread, how many put each first), and cohort by cohort the average rank of each
    option; a group of fewer than k orders shows no number."""
    from kit.analysis.report import escape_cell, html_table
    from kit.analysis.suppress import SUPPRESSED_MARK

    out = []
    for item in ctx.items:
        stats, orders = rank_means(ctx.answers, item, ctx.k)
        out.append(f"<h3>Average order: {escape_cell(item.text)}</h3>")
        if not stats:
            out.append(f"<p>{SUPPRESSED_MARK} Fewer than k people put these in order.</p>")
            continue
        out.append(f"<p class='note'>{orders} people put these in order. Average rank: 1 = first. Spread: "
                   "0 when everyone put the option in the same place.</p>")
        out.append(html_table(["#", "Option", "Average rank", "Spread", "Ranked first"], [
            [(str(n), True), (escape_cell(s.label), False), (f"{s.mean:.1f}", True), (f"{s.spread:.1f}", True),
             (str(s.first), True)] for n, s in enumerate(stats, start=1)]))
        sessions = ctx.by_session()
        if len(sessions) > 1:
            options = list(item.scale.options)
            body = []
            for code, label, part in sessions:
                means = {s.value: s.mean for s in rank_means(part, item, ctx.session_k(code))[0]}
                body.append([(escape_cell(label), False)]
                            + [(f"{means[o.value]:.1f}" if o.value in means else SUPPRESSED_MARK, True)
                               for o in options])
            out.append("<p class='note'>Cohort by cohort: average rank of each option (1 = first), one row "
                       "per session.</p>")
            out.append(html_table(["Session", *(str(n) for n in range(1, len(options) + 1))], body))
            out.append("<ol class='note'>" + "".join(f"<li>{escape_cell(o.label)}</li>" for o in options) + "</ol>")
    return "".join(out)
