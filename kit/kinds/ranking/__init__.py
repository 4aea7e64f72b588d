"""``ranking``: put the options of a scale (3 to 10 of them) in order, most important first.

Light (participant kernels import it); its heavy parts sit beside it: ``form.py`` (Up and Down
buttons per row: keyboard and touch alike), ``console.py`` (the room's average rank and spread)
and ``tables.py`` (how often each option was ranked first, demo answers).

The answer is the list of every option value in the person's order. The room sees, per option, the
average rank (1 = first) and the spread (the standard deviation of the ranks: 0 when everybody put
it in the same place), best average first, ties in the scale's order, and only from k people on.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from kit.content.model import Exercise, Item
from kit.errors import InputError
from kit.kinds.base import NOT_FILLED, Kind, register


@dataclass(frozen=True)
class RankStat:
    """One option of a ranking item as the room ranked it."""

    value: str
    label: str
    mean: float  # average rank, 1 = first
    spread: float  # standard deviation of the ranks (population)
    first: int  # how many put it first


def is_order(item: Item, value: Any) -> bool:
    """Is ``value`` every option of the item's scale exactly once?"""
    values = item.scale.values() if item.scale is not None else ()
    return (isinstance(value, list) and len(value) == len(values) and all(isinstance(v, str) for v in value)
            and sorted(value) == sorted(values))


def rank_stats(item: Item, answers: Iterable[Mapping[str, Any]]) -> tuple[list[RankStat], int]:
    """The average rank and spread per option over the complete orders in ``answers`` (others are
    ignored), best average first, ties in scale order; and how many orders there were."""
    assert item.scale is not None
    orders = [a.get(item.id) for a in answers if is_order(item, a.get(item.id))]
    stats = []
    for position, option in enumerate(item.scale.options):
        ranks = [order.index(option.value) + 1 for order in orders]
        mean = sum(ranks) / len(ranks) if ranks else math.nan
        spread = math.sqrt(sum((r - mean) ** 2 for r in ranks) / len(ranks)) if ranks else math.nan
        stats.append((mean if ranks else math.inf, position,
                      RankStat(option.value, option.label, mean, spread, sum(1 for r in ranks if r == 1))))
    stats.sort(key=lambda entry: (entry[0], entry[1]))
    return [stat for _, _, stat in stats], len(orders)


@register
class Ranking(Kind):
    """Options put in order; the room's average rank and spread per option."""

    type = "ranking"
    schema = "#/$defs/item_ranking"
    closed = True  # the answer is the options in order: nothing typed
    uses_scale = True
    tidy_value = False
    parts = {
        "form": "kit.kinds.ranking.form:ranking_field",
        "section": "kit.kinds.ranking.console:RankingSection",
        "summary": "kit.kinds.ranking.tables:summarize_ranking",
        "demo": "kit.kinds.ranking.tables:demo_order",
    }

    def scale_problem(self, options: list, name: str) -> str | None:
        if not 3 <= len(options) <= 10:
            return f"a ranking item puts 3 to 10 options in order; its scale has {len(options)}"
        return None

    def is_answered(self, item: Item, value: Any) -> bool:
        return isinstance(value, list) and bool(value)

    def clean(self, exercise: Exercise, item: Item, value: Any) -> Any:
        if not is_order(item, value):
            raise InputError(f"The order for '{item.text}' is not complete. Reload the page.")
        return list(value)

    def clean_unanswered(self, exercise: Exercise, item: Item, value: Any) -> Any:
        if value is not None and value != []:  # a wrong shape is a stale or tampered page
            raise InputError(f"The order for '{item.text}' is not complete. Reload the page.")
        return None

    def print_html(self, item: Item, value: Any) -> str:
        if item.scale is None or not is_order(item, value):
            return f'<p class="answer empty">{NOT_FILLED}</p>'
        return '<ol class="entries">' + "".join(f"<li>{escape(item.scale.label(v))}</li>" for v in value) + "</ol>"
