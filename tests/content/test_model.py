"""The exercise model: small frozen dataclasses with lookups, usable without any file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kit.content import Exercise, Item, Option, Pairing, Scale, Source

SCALE = Scale(
    id="yes_no_unsure",
    options=(Option("yes", "Yes"), Option("no", "No"), Option("not_sure", "Not sure", unsure=True)),
)


def make_exercise(**changes) -> Exercise:
    fields = dict(
        id="demo",
        title="Demo",
        summary="A demo.",
        instructions="Answer.",
        source=Source("000_35ff590ecf8585c2.txt", "Written for the tests"),
        facilitator_note="",
        duration_minutes=None,
        items=(
            Item("first", "choice", "A statement.", scale=SCALE, discuss="Why?"),
            Item("notes", "text", "Anything else?", multiline=True),
            Item("second", "choice", "Another statement.", scale=SCALE),
        ),
        scales={SCALE.id: SCALE},
        notebook="demo.ipynb",
        order=100,
        pairing=Pairing(True, "Compare.", "Same.", "Different.", "Unsure."),
        path=Path("demo.yaml"),
    )
    fields.update(changes)
    return Exercise(**fields)


def test_scale_lookups() -> None:
    """Does a scale give labels, values in order, and which values are unsure?"""
    assert SCALE.values() == ("yes", "no", "not_sure")
    assert SCALE.label("not_sure") == "Not sure"
    assert SCALE.is_unsure("not_sure") and not SCALE.is_unsure("yes")


@pytest.mark.parametrize("lookup", ["label", "is_unsure"])
def test_scale_unknown_value(lookup: str) -> None:
    """Does asking a scale about a value it does not have raise KeyError naming the value?"""
    with pytest.raises(KeyError, match="maybe"):
        getattr(SCALE, lookup)("maybe")


def test_exercise_item_lookup() -> None:
    """Does Exercise.item find an item by id and raise KeyError for an unknown one?"""
    exercise = make_exercise()
    assert exercise.item("notes").multiline is True
    with pytest.raises(KeyError, match="missing"):
        exercise.item("missing")


def test_choice_items_keep_order() -> None:
    """Does choice_items list only the choice items, in their order?"""
    assert [item.id for item in make_exercise().choice_items] == ["first", "second"]


def test_item_defaults_keep_text_private() -> None:
    """Is a new item required, single line, 2000 characters at most and not shareable unless said otherwise?"""
    item = Item("q", "text", "Why?")
    assert (item.required, item.multiline, item.max_length, item.shareable) == (True, False, 2000, False)
    assert item.scale is None and item.discuss is None and dict(item.extra) == {}
    assert Option("yes", "Yes").unsure is False


def test_model_is_frozen_and_hashable() -> None:
    """Can a loaded exercise not be changed by accident, and still be used as a dict key?"""
    exercise = make_exercise()
    with pytest.raises(dataclasses.FrozenInstanceError):
        exercise.title = "Changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        SCALE.options[0].label = "Oui"  # type: ignore[misc]
    assert {exercise: 1}[make_exercise()] == 1


def test_model_does_no_io() -> None:
    """Does the model module stay free of file, YAML and schema code?"""
    import kit.content.model as model

    source = Path(model.__file__).read_text(encoding="utf-8")
    assert "open(" not in source and "ruamel" not in source and "jsonschema" not in source
