"""The exercise model: frozen dataclasses built by :mod:`kit.content.loader` from the YAML files.

No I/O happens here, so logic, store and ui code can build exercises in tests without files.
Mapping fields are excluded from hashing (mappings are not hashable) and the loader fills them with
read-only mapping proxies, so a loaded exercise cannot be changed by accident in a running app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The built-in item types (each declared by its module in :mod:`kit.kinds`, which the rest of the kit
#: asks); the schema's ``item_types`` enum lists the same ones.
CHOICE = "choice"
LIKERT = "likert"
TEXT = "text"
GROUP = "group"
QUIZ = "quiz"
GOAL = "goal"
#: The participant notebook that runs any exercise whose content file names no notebook of its own.
GENERAL_NOTEBOOK = "exercise.ipynb"


@dataclass(frozen=True, slots=True)
class Option:
    """One answer on a scale: ``value`` is stored, ``label`` is shown."""

    value: str
    label: str
    #: Marks an answer such as "Not sure", which pairing and analysis treat apart from the others.
    unsure: bool = False


@dataclass(frozen=True, slots=True)
class Scale:
    """A named, ordered set of options that choice items answer on."""

    id: str
    options: tuple[Option, ...]

    def _option(self, value: str) -> Option:
        for option in self.options:
            if option.value == value:
                return option
        raise KeyError(f"scale {self.id!r} has no option {value!r} (known: {', '.join(self.values())})")

    def label(self, value: str) -> str:
        """The label shown for ``value``; :class:`KeyError` when the scale has no such value."""
        return self._option(value).label

    def values(self) -> tuple[str, ...]:
        """The option values in display order."""
        return tuple(option.value for option in self.options)

    def is_unsure(self, value: str) -> bool:
        """Whether ``value`` is an "unsure" option; :class:`KeyError` when the scale has no such value."""
        return self._option(value).unsure


@dataclass(frozen=True, slots=True)
class ChecklistQuestion:
    """One question of a goal check list, answered Yes / No with a note."""

    id: str
    text: str
    #: Compare a Yes with what the goal's own words show (kit.logic.smart), and say so when they do not.
    check_text: bool = False


@dataclass(frozen=True, slots=True)
class ChecklistComponent:
    """One component of a goal check list (e.g. Measurable) with its questions."""

    id: str
    label: str
    questions: tuple[ChecklistQuestion, ...]
    explanation: str | None = None


@dataclass(frozen=True, slots=True)
class GroupField:
    """One field of a repeated group (e.g. the action steps of one goal)."""

    id: str
    label: str
    multiline: bool = False
    max_length: int = 1000
    #: Whether an entry with any text must fill in this field too.
    required: bool = True


@dataclass(frozen=True, slots=True)
class Prefill:
    """Where a group's empty entries start from: the latest wording of each goal of a goal item."""

    exercise: str
    item: str
    field: str


@dataclass(frozen=True, slots=True)
class Item:
    """One statement or question of an exercise. Fields that do not apply to its type keep their defaults."""

    id: str
    type: str
    text: str
    #: The resolved scale for choice items.
    scale: Scale | None = None
    #: Prompt for partners whose answers differ on this item.
    discuss: str | None = None
    required: bool = True
    #: A sentence or two shown with the question.
    help: str | None = None
    #: Heading of the part of the exercise this item belongs to (shown when it changes).
    section: str | None = None
    # Text items only.
    multiline: bool = False
    max_length: int = 2000
    #: Free text is private unless the content author allows sharing (and the participant agrees).
    shareable: bool = False
    # Quiz items only: the correct option value of ``scale``, why it is right, and where it comes from.
    answer: str | None = None
    explanation: str | None = None
    source: Source | None = None
    # Goal items only: how many goals a participant may write, and the check list each goal works through.
    max_goals: int = 3
    checklist: tuple[ChecklistComponent, ...] = ()
    # Group items only: the fields of one entry, how many entries, what one is called, where they start.
    fields: tuple[GroupField, ...] = ()
    min_entries: int = 1
    max_entries: int = 3
    entry_label: str = "Entry"
    prefill: Prefill | None = None
    #: Any other keys of the item, so item types added later reach the renderers without a model change.
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Source:
    """Where the content was taken from, with the credit line the original document asks for."""

    document: str
    attribution: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Pairing:
    """Prompts for two partners comparing their answers side by side."""

    enabled: bool
    intro: str
    agree: str = ""
    differ: str = ""
    unsure: str = ""
    #: ``compare``: each answers alone, then both see the two side by side. ``shared``: the pair fills
    #: in one set of answers together (an agreement); either partner may edit it.
    mode: str = "compare"

    @property
    def shared(self) -> bool:
        """Whether the partners fill in one set of answers together."""
        return self.mode == "shared"


@dataclass(frozen=True, slots=True)
class Printable:
    """How an exercise's answers print as a document (e.g. a mentoring agreement)."""

    title: str
    intro: str | None = None
    #: One signature and date line per role, e.g. ("Mentor", "Mentee").
    signatures: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise as loaded from its content file."""

    id: str
    title: str
    summary: str
    instructions: str
    source: Source
    facilitator_note: str
    duration_minutes: int | None
    items: tuple[Item, ...]
    scales: Mapping[str, Scale] = field(hash=False)
    #: Participant notebook file name, e.g. ``confidentiality.ipynb``; :data:`GENERAL_NOTEBOOK` when the
    #: content file names none (that notebook reads the exercise id from the link).
    notebook: str
    #: Position on the participants' home page (lower first).
    order: int
    pairing: Pairing | None
    #: The content file this exercise was loaded from.
    path: Path
    #: Quiz only: the scale participants say how sure they are on, most sure option first.
    confidence_scale: Scale | None = field(default=None, hash=False)
    printable: Printable | None = None

    def item(self, item_id: str) -> Item:
        """The item with id ``item_id``; :class:`KeyError` when there is none."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(f"exercise {self.id!r} has no item {item_id!r}")

    @property
    def choice_items(self) -> tuple[Item, ...]:
        """The single-choice items (answered on a scale that is not a rating), in order."""
        from kit import kinds  # the kinds build on this module, so they are asked at call time

        return tuple(item for item in self.items if kinds.kind_of(item.type).scaled and not kinds.kind_of(item.type).rated)

    @property
    def scaled_items(self) -> tuple[Item, ...]:
        """The items answered with one option of a scale (choice and likert), in order."""
        from kit import kinds  # the kinds build on this module, so they are asked at call time

        return tuple(item for item in self.items if kinds.kind_of(item.type).scaled)

    @property
    def link(self) -> str:
        """The participant notebook and query that open this exercise, e.g. ``exercise.ipynb?exercise=x``."""
        if self.notebook == GENERAL_NOTEBOOK:
            return f"{GENERAL_NOTEBOOK}?exercise={self.id}"
        return self.notebook

    @property
    def quiz_items(self) -> tuple[Item, ...]:
        """The quiz items (statements with a correct answer), in order."""
        from kit import kinds

        return tuple(item for item in self.items if kinds.kind_of(item.type).scored)

    @property
    def goal_items(self) -> tuple[Item, ...]:
        """The goal items (goals in the participant's own words, with a check list), in order."""
        from kit import kinds

        return tuple(item for item in self.items if kinds.kind_of(item.type).smart_goals)
