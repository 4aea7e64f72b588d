"""What an item kind is: :class:`Kind`, the registry, and the rules every kind shares.

A kind module declares its light parts here, as attributes and pure methods (importable by every
participant kernel), and names its heavy parts (widgets, pandas) as ``"module:attribute"`` strings
that :meth:`Kind.part` imports only when asked for. So importing :mod:`kit.kinds` costs no more than
the logic layer does.
"""

from __future__ import annotations

import importlib
from html import escape
from typing import Any, Callable, ClassVar, Mapping

from kit.content.model import Exercise, Item
from kit.errors import InputError
from kit.logic import text as text_rules

#: Heavy parts every kind names (see :meth:`Kind.part`): the participant's form constructor
#: ``(form, item, number) -> Field`` (ipywidgets), the facilitator's ``Section`` class (ipywidgets),
#: the trainer's summariser ``(rows, keys, content) -> DataFrame`` (pandas) and the demo answer
#: generator ``(item, exercise, cohort, run) -> answer or None`` (numpy).
PARTS: tuple[str, ...] = ("form", "section", "summary", "demo")
#: Heavy parts a kind may name: ``report``, its section of the trainer's report
#: ``(kit.analysis.report.ReportContext) -> html``, shown after the exercise's table of answers.
OPTIONAL_PARTS: tuple[str, ...] = ("report",)
#: Shown for an item nobody filled in, so a printed agreement shows what is still open.
NOT_FILLED = "Not filled in yet."


def clean_text(raw: str, *, max_length: int) -> str:
    """Normalise free text (:func:`kit.logic.text.clean_text`: NFC, no control characters except
    newlines and tabs, no bidirectional controls or zero-width characters) and enforce a length.

    Raises :class:`InputError` when the text is too long; control characters are dropped because a
    participant never means them and they break CSV exports.
    """
    text = text_rules.clean_text(raw)
    if len(text) > max_length:
        raise InputError(f"This answer is {len(text)} characters long; the limit is {max_length}.")
    return text


def paragraph_html(value: Any) -> str:
    """A printed answer: the text, escaped, or :data:`NOT_FILLED`."""
    if isinstance(value, str) and value.strip():
        return f'<p class="answer">{escape(value.strip())}</p>'
    return f'<p class="answer empty">{NOT_FILLED}</p>'


class Kind:
    """Everything the kit knows about one item kind. Subclass, set the class attributes, override
    :meth:`clean` (and what else differs), name the heavy parts, and decorate with :func:`register`."""

    #: The ``type:`` of an item in a content file.
    type: ClassVar[str] = ""
    #: Its definition in ``kit/content/exercise.schema.json`` (checked by the registry test).
    schema: ClassVar[str] = ""
    #: Answered with one option of ``item.scale``: counted per option, charted as bars, and compared
    #: between partners (agree / differ / unsure).
    scaled: ClassVar[bool] = False
    #: An ordered rating scale: diverging bars, mean position, distance between partners, and the
    #: share in the scale's high half as a headline.
    rated: ClassVar[bool] = False
    #: Typed text that stays private unless its author may share it and does (``answers["_shared"]``).
    free_text: ClassVar[bool] = False
    #: Its stored answers are options chosen, never typed text, so exports keep them whatever
    #: ``shared`` says; every other kind's answers are withheld from exports unless shared.
    closed: ClassVar[bool] = False
    #: The form shows ``item.help`` above the item; False when the kind's own form places it.
    help_above: ClassVar[bool] = True
    #: The tidy frame's ``value`` column may hold this kind's answer (an option value, or a short
    #: category); False for typed text, which must never look like an option.
    tidy_value: ClassVar[bool] = True
    #: ``item.max_length`` when the content file gives none.
    default_max_length: ClassVar[int] = 2000
    #: Its items name a ``scale:`` of the content file (resolved into ``item.scale`` by the loader).
    uses_scale: ClassVar[bool] = False
    #: Its items are answered on a page of their own (quiz, goal): the ``form`` part is then that
    #: page's view class ``(store, exercise, session, person)``, not a field of the general form.
    own_page: ClassVar[bool] = False
    #: Style rules for this kind's participant view (plain CSS, no ``<style>``): part of the kit's
    #: stylesheet, sent once with the page (:func:`kit.ui.style.stylesheet`), not with every view.
    css: ClassVar[str] = ""
    #: The quiz: each item has one right answer, the exercise is scored item by item, and the room can
    #: take it again after the talk (runs, :mod:`kit.logic.quiz`); ``Exercise.quiz_items`` are these.
    scored: ClassVar[bool] = False
    #: Goals in the person's own words, read for the SMART components (:mod:`kit.logic.smart`) and
    #: summarised for the facilitator; ``Exercise.goal_items`` are these.
    smart_goals: ClassVar[bool] = False
    #: Ids that must be unique within one item, checked by the loader with the line of the first use:
    #: ``(path of the lists under the item, key, noun)``, where ``"*"`` is every entry of a list
    #: (``(("checklist", "*", "questions"), "id", "question id")``: unique across all components).
    unique_keys: ClassVar[tuple[tuple[tuple[str, ...], str, str], ...]] = ()
    #: Its answers can start a group's entries (``prefill:`` in a content file names such an item);
    #: :meth:`prefill_texts` gives them.
    prefill_source: ClassVar[bool] = False
    #: Its ``report`` part's section stands instead of the exercise's charts and table in the trainer's
    #: report (quiz results, SMART goals); False: the section follows them.
    own_report: ClassVar[bool] = False
    #: ``"module:attribute"`` of each of :data:`PARTS` (and any of :data:`OPTIONAL_PARTS`), imported on
    #: first use.
    parts: ClassVar[Mapping[str, str]] = {}

    def is_answered(self, item: Item, value: Any) -> bool:
        """Does ``value`` count as an answer to ``item`` (not empty, not just spaces)?"""
        if value is None:
            return False
        if isinstance(value, str):
            return bool(value.strip())
        return True

    def clean(self, exercise: Exercise, item: Item, value: Any) -> Any:
        """The answer to store for a submitted ``value`` (already known to be answered), or None to
        leave it out; raises :class:`InputError` with a message for the person."""
        raise InputError(f"This version of the kit cannot store answers to '{item.type}' items.")

    def clean_unanswered(self, exercise: Exercise, item: Item, value: Any) -> Any:
        """Like :meth:`clean` for a value that does not count as answered (default: leave it out
        unchecked). A group checks it anyway: a malformed group is a stale or tampered page."""
        return None

    def shared_texts(self, item: Item, value: Any) -> list[str]:
        """The texts of a shared answer as the room sees them, one per line (free-text kinds)."""
        return [value.strip()] if isinstance(value, str) and value.strip() else []

    def print_html(self, item: Item, value: Any) -> str:
        """One answer on the printable page, as escaped HTML."""
        return paragraph_html(value if isinstance(value, str) else None)

    def print_detail(self, item: Item) -> bool:
        """Whether the item prints in the table of short details at the top (names, a date)."""
        return False

    def scale_problem(self, options: list, name: str) -> str | None:
        """What is wrong with the options of the scale ``name`` an item of this kind names (``options``
        as in the content file), or None; the loader reports it at the item's ``scale:`` line."""
        return None

    def item_problems(self, item: Mapping, values: list[str]) -> list[tuple[list, str]]:
        """Cross-checks of an item (as in the content file; for a kind that uses a scale, only when
        the scale exists, whose option ``values`` are given, else ``[]``): ``(path under the item,
        message)`` pairs for the loader to report. Default: none."""
        return []

    def prefill_texts(self, value: Any) -> list[str]:
        """The texts a stored answer gives a group's entries to start from (:attr:`prefill_source`)."""
        return []

    def compare(self, exercise: Exercise, item: Item, mine: Any, theirs: Any) -> Any:
        """Two partners' answers to ``item`` compared, as a :class:`kit.logic.comparison.ItemComparison`,
        or None when partners do not compare this kind (the default). A ``scaled`` kind compares one
        option per side (agree / differ / unsure)."""
        if not self.scaled:
            return None
        from kit.logic.comparison import scaled_comparison  # the comparison rules build on this registry

        return scaled_comparison(exercise, item, mine, theirs)

    def compare_html(self, comparison: Any, partner_label: str) -> str | None:
        """A comparison of this kind as its own escaped HTML block, or None for a row of the table of
        statements (one answer per side: the default)."""
        return None

    def part(self, name: str) -> Any:
        """The heavy part ``name`` (one of :data:`PARTS` or :data:`OPTIONAL_PARTS`), imported now."""
        module, _, attribute = self.parts[name].partition(":")
        return getattr(importlib.import_module(module), attribute)

    def __repr__(self) -> str:
        return f"<kind {self.type}>"


_REGISTRY: dict[str, Kind] = {}


def register(cls: type[Kind]) -> type[Kind]:
    """Class decorator: make one instance of ``cls`` the kind for ``cls.type``."""
    if not cls.type:
        raise ValueError(f"{cls.__name__} has no type")
    _REGISTRY[cls.type] = cls()
    return cls


def get(type_: str) -> Kind:
    """The kind of items whose ``type`` is ``type_``; :class:`KeyError` for a type nobody registered."""
    try:
        return _REGISTRY[type_]
    except KeyError:
        raise KeyError(f"no item kind {type_!r} (known: {', '.join(_REGISTRY)})") from None


def kind_of(type_: str) -> Kind:
    """Like :func:`get`, but a type nobody registered gets a plain :class:`Kind`: its answers count as
    answered the generic way and are refused when submitted (an item from a newer content file)."""
    return (_REGISTRY.get(type_) if isinstance(type_, str) else None) or _UNKNOWN


_UNKNOWN = Kind()


def all() -> tuple[Kind, ...]:  # noqa: A001 - the registry's public name, as the issue asks
    """Every registered kind, in registration order."""
    return tuple(_REGISTRY.values())


def types(test: Callable[[Kind], bool] = lambda kind: True) -> frozenset[str]:
    """The types of the kinds for which ``test(kind)`` is true (all by default)."""
    return frozenset(kind.type for kind in _REGISTRY.values() if test(kind))


def preload(name: str) -> None:
    """Import part ``name`` of every kind that has one (what :meth:`Kind.part` would import later)."""
    for kind in _REGISTRY.values():
        if name in kind.parts:
            kind.part(name)
