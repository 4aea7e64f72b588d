"""The extension point for facilitator views: one ``Section`` class per item type.

A facilitator panel for an exercise is the list of sections for the item types it contains, in the
order they first appear; each item kind names its section class (its ``section`` part in
:mod:`kit.kinds`), so the console, the dashboard and any later view pick a new kind up without
changes. A section receives a :class:`Snapshot` (anonymous latest answers plus counts) and must never
show anything when ``snapshot.gate.visible`` is False.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Mapping, Sequence

import ipywidgets as widgets

from kit import kinds
from kit.charts import FORMATS
from kit.content.model import Exercise, Item
from kit.logic.aggregate import Gate


@dataclass(frozen=True)
class Snapshot:
    """What one refresh read for one exercise of one session. No participant identity in it."""

    exercise: Exercise
    joined: int
    answers: Sequence[Mapping[str, Any]]  # each participant's latest answers
    gate: Gate
    extra: Mapping[str, Any] = field(default_factory=dict)  # data a section type asked the store for

    @property
    def respondents(self) -> int:
        """How many participants answered this exercise."""
        return len(self.answers)


def chart_image(*classes: str) -> widgets.Image:
    """An empty, hidden chart widget for the console's SVG charts (class ``mk-chart`` plus ``classes``),
    as wide as the panel up to 1,100 px; its height follows the chart."""
    image = widgets.Image(format=FORMATS["svg"], layout=widgets.Layout(width="100%", max_width="1100px",
                                                                         display="none"))
    for name in ("mk-chart", *classes):
        image.add_class(name)
    return image


class Section:
    """Base class: the facilitator's view of the items of one type in one exercise."""

    item_type: ClassVar[str] = ""
    #: Shown by the panel whatever the reveal and the k rule say (a pair talk's countdown and its
    #: Start button); None for most sections. Never any answer in it.
    live: widgets.Widget | None = None

    def __init__(self, exercise: Exercise, items: Sequence[Item]):
        self.exercise = exercise
        self.items = tuple(items)
        self.widget: widgets.Widget = widgets.VBox()

    def update(self, snapshot: Snapshot, *, large: bool = False) -> None:
        """Redraw from ``snapshot``; ``large`` is the projector layout. Called only when data changed."""
        raise NotImplementedError

    @classmethod
    def extra(cls, store: Any, code: str, exercise: Exercise) -> dict:
        """Data beyond the current answers this section type needs, read from ``store`` for session
        ``code``; the console merges every section's dict into ``Snapshot.extra`` (so namespace keys
        by item type) and redraws when it changes. Anonymous and JSON-serialisable. Default: nothing."""
        return {}

    @classmethod
    def room_gate(cls, joined: int, k: int) -> Gate | None:
        """The rule by which participants' pages already show this section's answers to the whole room
        (the Q&A list: once k people have joined), or None (default) when only Reveal and the k rule
        on answers show them. The panel draws a section with such a gate by the same rule, Reveal or
        not, so the facilitator can moderate whatever the phones show; the projector still waits for
        Reveal."""
        return None

    @classmethod
    def run(cls, settings: Mapping[str, Any], exercise: Exercise) -> int:
        """Which run of ``exercise`` participants answer now (the panel counts and gates that run).
        Default 1; the quiz can be run a second time after the talk."""
        return 1

    @classmethod
    def settings_widget(cls, store: Any, exercise: Exercise, code: str) -> widgets.Widget | None:
        """A control for the console's set-up tab (e.g. which quiz items a session uses), or None."""
        return None

    def connect(self, store: Any, code: str) -> None:
        """Called by the panel before each refresh with the store and the session's code, for a section
        whose own controls change the session (the word cloud's moderation). Default: nothing."""

    def projector(self, large: bool) -> None:
        """Called by the panel before each refresh: ``large`` is the projector view, where a section's
        ``live`` widget shows no controls. Default: nothing."""

    def text_summary(self, snapshot: Snapshot) -> str:
        """The same numbers as plain text (for the CSV-free reader and for tests)."""
        return ""

    def close(self) -> None:
        """Release widgets (a panel being replaced)."""
        self.widget.close()


class UnsupportedSection(Section):
    """Shown for an item type that has no facilitator view yet: says so, shows only the count."""

    def __init__(self, exercise: Exercise, items: Sequence[Item]):
        super().__init__(exercise, items)
        self.widget = widgets.HTML(
            f'<p class="mk-muted">{len(self.items)} item(s) of type “{items[0].type}” have no chart in this '
            "version of the kit; answers to them are stored and exported.</p>")

    def update(self, snapshot: Snapshot, *, large: bool = False) -> None:
        pass


def section_class(item_type: str) -> type[Section]:
    """The section the kind of ``item_type`` names (:mod:`kit.kinds`), or :class:`UnsupportedSection`."""
    kind = kinds.kind_of(item_type)
    return kind.part("section") if "section" in kind.parts else UnsupportedSection


def sections_for(exercise: Exercise) -> list[Section]:
    """One section per item type of ``exercise``, in the order the types first appear."""
    groups: dict[str, list[Item]] = {}
    for item in exercise.items:
        groups.setdefault(item.type, []).append(item)
    return [section_class(item_type)(exercise, items) for item_type, items in groups.items()]
