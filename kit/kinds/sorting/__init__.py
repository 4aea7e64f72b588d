"""``sorting``: sort cards into 2 to 4 categories (the options of a scale), optionally with a right
category and an explanation per card, shown after Check.

Light (participant kernels import it); heavy parts beside it: ``form.py`` (one labelled radio group
per card, and Check), ``console.py`` (the room's share per category per card, the most mis-sorted
cards first) and ``tables.py`` (how many sorted each card right, demo answers).

The answer is ``{card id: category value}`` for every card. The room sees, per card, how many put it
in each category, from k people on; cards with a right category are ordered by the share who
sorted them wrong, most first, then in the content's order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from kit.content.model import Exercise, Item
from kit.errors import InputError
from kit.kinds.base import NOT_FILLED, Kind, register


@dataclass(frozen=True)
class Card:
    """One card to sort: its text, and optionally its right category and why."""

    id: str
    text: str
    answer: str | None = None
    explanation: str | None = None


def cards(item: Item) -> tuple[Card, ...]:
    """The cards of a sorting item, from its content (``item.extra["cards"]``)."""
    raw = (item.extra or {}).get("cards") or ()
    return tuple(Card(c["id"], " ".join(str(c["text"]).split()), c.get("answer"),
                      " ".join(str(c["explanation"]).split()) if c.get("explanation") else None)
                 for c in raw if isinstance(c, Mapping))


def checked(item: Item, value: Any) -> dict[str, bool]:
    """For each card with a right category that ``value`` sorted: whether it is right."""
    given = value if isinstance(value, Mapping) else {}
    return {c.id: given[c.id] == c.answer for c in cards(item) if c.answer is not None and c.id in given}


@dataclass(frozen=True)
class CardStat:
    """How the room sorted one card."""

    card: Card
    counts: dict[str, int]  # category value -> people, in the scale's order
    total: int
    #: Share of the room who put it elsewhere than its right category (None without one, or nobody).
    wrong: float | None


def card_stats(item: Item, answers: Iterable[Mapping[str, Any]]) -> list[CardStat]:
    """Per card, the people per category over everyone's latest ``answers``: the most mis-sorted
    cards first (share wrong, highest first), cards without a right category after, in content order."""
    assert item.scale is not None
    values = item.scale.values()
    sorted_ = [a.get(item.id) for a in answers if isinstance(a.get(item.id), Mapping)]
    result = []
    for position, card in enumerate(cards(item)):
        counts = {v: 0 for v in values}
        for given in sorted_:
            if given.get(card.id) in counts:
                counts[given[card.id]] += 1
        total = sum(counts.values())
        wrong = (total - counts.get(card.answer, 0)) / total if card.answer is not None and total else None
        result.append(((0, -wrong, position) if wrong is not None else (1, 0, position),
                       CardStat(card, counts, total, wrong)))
    result.sort(key=lambda pair: pair[0])
    return [stat for _, stat in result]


@register
class Sorting(Kind):
    """Cards sorted into categories; Check shows the right ones; the room's most mis-sorted cards first."""

    type = "sorting"
    schema = "#/$defs/item_sorting"
    closed = True  # categories chosen: nothing typed
    uses_scale = True
    tidy_value = False
    help_above = False
    parts = {
        "form": "kit.kinds.sorting.form:sorting_field",
        "section": "kit.kinds.sorting.console:SortingSection",
        "summary": "kit.kinds.sorting.tables:summarize_sorting",
        "demo": "kit.kinds.sorting.tables:demo_sorting",
        "report": "kit.kinds.sorting.tables:report_sorting",
    }

    def scale_problem(self, options: list, name: str) -> str | None:
        if not 2 <= len(options) <= 4:
            return f"a sorting item sorts cards into 2 to 4 categories; its scale has {len(options)}"
        return None

    def item_problems(self, item: Mapping, values: list[str]) -> list[tuple[list, str]]:
        """Each card's right category must be one of the scale's, and card ids unique."""
        problems, seen = [], set()
        for index, card in enumerate(item.get("cards") or []):
            if not isinstance(card, Mapping):
                continue
            if card.get("id") in seen:
                problems.append((["cards", index, "id"], f"duplicate card id {card.get('id')!r}"))
            seen.add(card.get("id"))
            answer = card.get("answer")
            if isinstance(answer, str) and values and answer not in values:
                problems.append((["cards", index, "answer"],
                                 f"{answer!r} is not a category of its scale (categories: {', '.join(values)})"))
        return problems

    def is_answered(self, item: Item, value: Any) -> bool:
        return isinstance(value, Mapping) and bool(value)

    def clean(self, exercise: Exercise, item: Item, value: Any) -> Any:
        form_error = f"The cards of '{item.text}' are not in the expected form. Reload the page."
        ids = [c.id for c in cards(item)]
        values = item.scale.values() if item.scale is not None else ()
        if not isinstance(value, Mapping) or set(value) - set(ids) or not all(v in values for v in value.values()):
            raise InputError(form_error)
        left = len(ids) - len(value)
        if left:
            raise InputError(f"Sort every card of '{item.text}': {left} still to sort.")
        return {card_id: value[card_id] for card_id in ids}

    def clean_unanswered(self, exercise: Exercise, item: Item, value: Any) -> Any:
        if value is not None and value != {}:
            raise InputError(f"The cards of '{item.text}' are not in the expected form. Reload the page.")
        return None

    def print_html(self, item: Item, value: Any) -> str:
        if not isinstance(value, Mapping) or item.scale is None or not value:
            return f'<p class="answer empty">{NOT_FILLED}</p>'
        rows = [f"<li>{escape(c.text)}: <b>{escape(item.scale.label(value[c.id]))}</b></li>"
                for c in cards(item) if value.get(c.id) in item.scale.values()]
        return '<ol class="entries">' + "".join(rows) + "</ol>"
