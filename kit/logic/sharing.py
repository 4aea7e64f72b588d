"""What the room may see of free text (text and group items): how many answered, and the answers
their authors chose to share, without names.

Free text is private by default. An answer is shown only when its item is ``shareable`` and the
participant listed it under ``_shared`` when submitting; shared answers come back sorted
alphabetically, so their order says nothing about who wrote what or when.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from kit import kinds
from kit.content.model import Item
from kit.kinds.group import entry_text, filled_entries  # noqa: F401  (entry_text re-exported)
from kit.logic.answers import SHARED, is_answered


@dataclass(frozen=True)
class FreeTextSummary:
    """One free-text item seen by the room: counts, and the shared answers only."""

    item_id: str
    text: str
    answered: int
    #: Group items: entries written in all (0 for text items).
    entries: int
    shared: tuple[str, ...]


def shared_answers(item: Item, answers: Mapping[str, Any]) -> list[str]:
    """The texts of ``item`` one participant chose to share ([] when private or unanswered)."""
    if not item.shareable:
        return []
    shared = answers.get(SHARED)
    if not isinstance(shared, list) or item.id not in shared:
        return []
    return kinds.kind_of(item.type).shared_texts(item, answers.get(item.id))


def summarize_free_text(items: Iterable[Item], answers: Iterable[Mapping[str, Any]]) -> list[FreeTextSummary]:
    """Per item: how many answered, how many entries (groups), and the shared answers sorted."""
    answers = list(answers)
    result = []
    for item in items:
        values = [a.get(item.id) for a in answers]
        # A group's entries are counted even below its min_entries: each one is something written.
        answered = sum(1 for v in values if is_answered(item, v) or filled_entries(v))
        entries = sum(len(filled_entries(v)) for v in values)
        shared = sorted((text for a in answers for text in shared_answers(item, a)), key=str.casefold)
        result.append(FreeTextSummary(item.id, item.text, answered, entries, tuple(shared)))
    return result
