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
