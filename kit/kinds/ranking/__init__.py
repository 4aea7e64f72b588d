"""``ranking``: put the options of a scale (3 to 10 of them) in order, most important first.

Light (participant kernels import it); its heavy parts sit beside it: ``form.py`` (the rows as one
HTML list with a grip and Up and Down buttons, moved by the page's ``ranking.js``: keyboard and touch
alike), ``console.py`` (the room's average rank and spread) and ``tables.py`` (how often each option
was ranked first, demo answers).

The answer is the list of every option value in the person's order. The room sees, per option, the
average rank (1 = first) and the spread (the standard deviation of the ranks: 0 when everybody put
it in the same place), best average first, ties in the scale's order, and only from k people on.

In a paired exercise (``pairing:`` in the content file) two accepted partners who both submitted see
their orders side by side (:meth:`Ranking.compare_html`), the options :data:`FAR` or more places
apart marked, furthest apart named first.
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


#: Options whose places in two partners' orders differ by this many or more are marked as far apart.
FAR = 2


@dataclass(frozen=True)
class RankPlace:
    """One option in two partners' orders: its place in each (1 = first) and how far apart they are."""

    value: str
    label: str
    mine: int
    theirs: int

    @property
    def apart(self) -> int:
        """How many places apart the option is in the two orders (0: the same place)."""
        return abs(self.mine - self.theirs)

    @property
    def far(self) -> bool:
        """Whether the option is :data:`FAR` or more places apart."""
        return self.apart >= FAR


def compare_orders(item: Item, mine: Any, theirs: Any) -> list[RankPlace] | None:
    """Every option with its place in both orders, in my order; None unless both are complete orders."""
    if not (is_order(item, mine) and is_order(item, theirs)):
        return None
    return [RankPlace(value, item.scale.label(value), place, theirs.index(value) + 1)
            for place, value in enumerate(mine, start=1)]


def furthest_apart(places: list[RankPlace]) -> list[RankPlace]:
    """The options :data:`FAR` or more places apart, furthest first (ties in my order)."""
    return sorted((p for p in places if p.far), key=lambda p: -p.apart)


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


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
        "report": "kit.kinds.ranking.tables:report_ranking",
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

    def compare(self, exercise: Exercise, item: Item, mine: Any, theirs: Any) -> Any:
        from kit.logic.comparison import ItemComparison, prompt_for  # built on this registry

        places = compare_orders(item, mine, theirs)
        status = "missing" if places is None else "agree" if mine == theirs else "differ"
        labels = ["No answer" if places is None or value is None else ", ".join(item.scale.label(v) for v in value)
                  for value in (mine, theirs)]
        return ItemComparison(
            item_id=item.id, text=item.text, mine=mine, theirs=theirs, mine_label=labels[0], theirs_label=labels[1],
            status=status, prompt=prompt_for(exercise, item.id, status) or self._agreed(exercise, status),
            item_type=item.type,
            distance=max((p.apart for p in places), default=0) if places is not None else None, detail=places)

    @staticmethod
    def _agreed(exercise: Exercise, status: str) -> str | None:
        """The pairing's prompt for the same order: with one order to compare, a pair that agrees
        still needs a next step."""
        return exercise.pairing.agree or None if status == "agree" and exercise.pairing else None

    def compare_html(self, comparison: Any, partner_label: str) -> str | None:
        """The two orders side by side, one row per place; an option far apart is marked (and its
        other place said in words, not by colour alone), and the furthest apart are named first."""
        places: list[RankPlace] | None = comparison.detail
        title = f'<h3 class="mk-question">{escape(comparison.text)}</h3>'
        partner = escape(partner_label)
        if places is None:
            return (f'<div class="mk-rank-compare" data-item="{escape(comparison.item_id)}" data-status="missing">'
                    f"{title}<p>One of you has not put these in order yet.</p></div>")
        far = furthest_apart(places)
        if comparison.status == "agree":
            lead = "You put them in the same order."
        elif far:
            named = "; ".join(f"{escape(p.label)} (you {_ordinal(p.mine)}, {partner} {_ordinal(p.theirs)})"
                              for p in far)
            lead = f"Your orders differ most on: {named}."
        else:
            lead = "Your orders differ, but nothing is more than one place apart."
        by_theirs = sorted(places, key=lambda p: p.theirs)

        def cell(place: RankPlace, other: int, whose: str) -> str:
            if not place.far:
                return f"<td>{escape(place.label)}</td>"
            return (f'<td class="mk-rank-far" data-value="{escape(place.value)}"><mark>{escape(place.label)}</mark> '
                    f'<span class="mk-muted">({whose} {_ordinal(other)})</span></td>')

        rows = "".join(
            f'<tr><th scope="row">{n}</th>{cell(mine, mine.theirs, partner)}{cell(theirs, theirs.mine, "you")}</tr>'
            for n, (mine, theirs) in enumerate(zip(places, by_theirs), start=1))
        prompt = f'<p class="mk-prompt">{escape(comparison.prompt)}</p>' if comparison.prompt else ""
        return (f'<div class="mk-rank-compare" data-item="{escape(comparison.item_id)}" '
                f'data-status="{comparison.status}">{title}<p><b>{lead}</b></p>'
                f'<table class="mk-compare mk-rank-orders"><caption class="mk-muted">Your order next to '
                f"{partner}'s; marked: {FAR} or more places apart</caption>"
                f'<thead><tr><th scope="col">Place</th><th scope="col">You</th><th scope="col">{partner}</th></tr>'
                f"</thead><tbody>{rows}</tbody></table>{prompt}</div>")

    def print_html(self, item: Item, value: Any) -> str:
        if item.scale is None or not is_order(item, value):
            return f'<p class="answer empty">{NOT_FILLED}</p>'
        return '<ol class="entries">' + "".join(f"<li>{escape(item.scale.label(v))}</li>" for v in value) + "</ol>"
