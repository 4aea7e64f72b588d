"""The item kind registry: every kind declares every part, and the rest of the kit agrees with it."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

from kit import kinds
from kit.content import schema
from kit.kinds import OPTIONAL_PARTS, PARTS, Kind

KINDS = kinds.all()


def test_the_registry_knows_the_schemas_item_types():
    """Does every item type the schema accepts have a kind, and every kind a schema definition?"""
    assert sorted(kinds.types()) == sorted(schema()["$defs"]["item_types"]["enum"])


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.type)
def test_kind_declares_every_part(kind: Kind):
    """Does the kind name its schema definition and all of its heavy parts (and only optional ones
    besides), and does each import?"""
    definitions = schema()["$defs"]
    assert kind.schema == f"#/$defs/item_{kind.type}" and f"item_{kind.type}" in definitions
    required = sorted(set(kind.parts) - set(OPTIONAL_PARTS))
    assert required == sorted(PARTS), f"{kind.type} lacks {sorted(set(PARTS) - set(kind.parts))} or names extra parts"
    for name in kind.parts:
        assert callable(kind.part(name)), (kind.type, name)
    assert kind.part("section").item_type == kind.type
    # Its own cleaning: the base class refuses every answer, so a kind that kept it would store nothing.
    assert type(kind).clean is not Kind.clean


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.type)
def test_form_part_has_the_signature_its_place_needs(kind: Kind):
    """Does a kind on the general form name a field constructor ``(form, item, number)``, and a kind
    with a page of its own a view ``(store, exercise, session, participant)``?"""
    parameters = list(inspect.signature(kind.part("form")).parameters)
    if kind.own_page:
        assert len(parameters) >= 4 and parameters[:3] == ["store", "exercise", "session"]
    else:
        assert parameters == ["form", "item", "number"]


def test_the_new_kinds_report_across_cohorts():
    """Do the kinds whose results a trainer compares across cohorts (rank means, sorting accuracy, top
    words, top questions) name a report part?"""
    assert {kind.type for kind in KINDS if "report" in kind.parts} >= {"ranking", "sorting", "wordcloud", "qa"}
    # A kind whose section stands instead of the charts and table must have one.
    assert all("report" in kind.parts for kind in KINDS if kind.own_report)


def test_get_refuses_an_unknown_kind_and_kind_of_does_not():
    """Does ``get`` name the known kinds for a type nobody registered, while ``kind_of`` answers with a
    kind that refuses to store answers?"""
    with pytest.raises(KeyError, match="choice"):
        kinds.get("hologram")
    assert not kinds.kind_of("hologram").parts


def test_a_kind_without_a_type_cannot_register():
    """Is a kind class that forgot its type refused at once?"""
    with pytest.raises(ValueError):
        kinds.register(type("Nameless", (Kind,), {}))


def test_importing_the_kinds_imports_nothing_heavy():
    """Does importing every kind's declaration leave ipywidgets, pandas, numpy and matplotlib out?"""
    code = ("import sys, kit.kinds, kit.logic.answers; "
            "print(sorted(m for m in ('ipywidgets', 'pandas', 'numpy', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("kind", [k for k in KINDS if k.unique_keys], ids=lambda kind: kind.type)
def test_unique_keys_name_lists_of_the_kinds_schema(kind: Kind):
    """Does each id a kind keeps unique within an item sit in a list field its schema definition has?"""
    properties = schema()["$defs"][f"item_{kind.type}"]["properties"]
    for where, key, noun in kind.unique_keys:
        assert where[0] in properties and properties[where[0]].get("type") == "array", (kind.type, where)
        assert key and noun


def test_a_prefill_source_gives_the_texts_a_group_starts_from():
    """Is there a kind a group's ``prefill`` may name, does it give texts from a stored answer, and do
    the other kinds give none?"""
    sources = [kind for kind in KINDS if kind.prefill_source]
    assert [kind.type for kind in sources] == ["goal"]
    answer = {"goals": [{"versions": ["draft", " Meet monthly "], "checks": {}, "shared": False}]}
    assert sources[0].prefill_texts(answer) == ["Meet monthly"]
    assert all(kind.prefill_texts(answer) == [] for kind in KINDS if not kind.prefill_source)


def test_the_exercises_item_lists_follow_the_kinds_flags():
    """Do an exercise's quiz, goal and single-choice items come from the kinds' flags (``scored``,
    ``smart_goals``, ``scaled`` without ``rated``), which today pick one kind each?"""
    from kit.content import load_content

    assert [k.type for k in KINDS if k.scored] == ["quiz"]
    assert [k.type for k in KINDS if k.smart_goals] == ["goal"]
    assert [k.type for k in KINDS if k.scaled and not k.rated] == ["choice"]
    for exercise in load_content().values():
        assert exercise.quiz_items == tuple(i for i in exercise.items if i.type == "quiz")
        assert exercise.goal_items == tuple(i for i in exercise.items if i.type == "goal")
        assert exercise.choice_items == tuple(i for i in exercise.items if i.type == "choice")
