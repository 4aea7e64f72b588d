"""The published exercise schema: valid, closed against typos, documented, ready for more item types."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import jsonschema

from kit.content import model, schema
from kit.content.validation import SCHEMA_PATH

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DOCS = REPO / "docs" / "CONTENT.md"


def subschemas(node: object, where: str = "#") -> Iterator[tuple[str, dict]]:
    """Every schema object inside ``node`` with its location.

    ``if`` conditions are skipped: they test a document (the item's type), they do not describe one.
    """
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            if key in {"properties", "$defs"}:
                for name, child in value.items():
                    yield from subschemas(child, f"{where}/{key}/{name}")
            elif isinstance(value, (dict, list)) and key not in {"enum", "const", "default", "required", "if"}:
                yield from subschemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from subschemas(child, f"{where}/{index}")


def property_names() -> set[str]:
    return {name for _, node in subschemas(schema()) for name in node.get("properties", {})}


def test_schema_is_valid_draft_2020_12() -> None:
    """Is the published schema itself valid JSON Schema draft 2020-12?"""
    published = schema()
    assert published["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(published)


def test_schema_returns_a_copy() -> None:
    """Can a caller change the returned schema without changing what the loader validates against?"""
    schema()["properties"].clear()
    assert "items" in schema()["properties"]


def test_every_fixed_mapping_is_closed() -> None:
    """Does every schema with named properties forbid other keys, so typos are caught?

    The item dispatcher is the one exception: it only checks ``id`` and ``type``, and each
    ``item_<type>`` it dispatches to is closed.
    """
    dispatcher = schema()["$defs"]["item"]
    open_ = [
        where
        for where, node in subschemas(schema())
        if "properties" in node and node.get("additionalProperties") is not False and node != dispatcher
    ]
    assert open_ == []


def test_every_property_has_a_description() -> None:
    """Does every property in the schema carry a description?"""
    missing = [
        f"{where}/{name}"
        for where, node in subschemas(schema())
        for name, child in node.get("properties", {}).items()
        if not child.get("description")
    ]
    assert missing == []


def test_item_types_are_dispatched_one_definition_each() -> None:
    """Does each known item type have its own item_<type> definition, applied by an if/then on its type?"""
    defs = schema()["$defs"]
    known = defs["item_types"]["enum"]
    assert {model.CHOICE, model.TEXT} <= set(known)
    dispatched = {
        branch["if"]["properties"]["type"]["const"]: branch["then"]["$ref"] for branch in defs["item"]["allOf"]
    }
    assert dispatched == {name: f"#/$defs/item_{name}" for name in known}
    for name in known:
        assert defs[f"item_{name}"]["properties"]["type"]["const"] == name


def test_text_item_defaults() -> None:
    """Is free text private by default, limited to 1..10000 characters with 2000 as the default?"""
    text = schema()["$defs"]["item_text"]["properties"]
    assert text["shareable"]["default"] is False
    limit = text["max_length"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 10000, 2000)
    assert text["multiline"]["type"] == "boolean"


def test_errors_are_specific_not_any_of() -> None:
    """Does a bad field in a typed item give an error about that field, not "not valid under any of ..."?"""
    document = {
        "id": "x", "title": "T", "summary": "S", "instructions": "I", "notebook": "x.ipynb",
        "source": {"document": "d", "attribution": "a"},
        "items": [{"id": "q", "type": "text", "text": "Why?", "max_length": "long"}],
    }
    errors = list(jsonschema.Draft202012Validator(schema()).iter_errors(document))
    assert [(list(e.absolute_path), e.validator) for e in errors] == [(["items", 0, "max_length"], "type")]


def test_valid_fixtures_pass_the_schema_alone() -> None:
    """Do the valid fixtures pass the published schema with jsonschema alone, as other tools would use it?"""
    from ruamel.yaml import YAML

    validator = jsonschema.Draft202012Validator(schema())
    for path in sorted((HERE / "cases" / "valid").glob("*.y*ml")):
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        assert [e.message for e in validator.iter_errors(data)] == [], path.name


def test_every_property_is_documented() -> None:
    """Does docs/CONTENT.md name every schema property and item type in backticks?"""
    documented = set(re.findall(r"`([^`\s]+)`", DOCS.read_text(encoding="utf-8")))
    wanted = property_names() | set(schema()["$defs"]["item_types"]["enum"])
    assert sorted(wanted - documented) == []


def test_schema_file_is_the_published_one() -> None:
    """Is the schema shipped inside the package (so an installed wheel can validate content)?"""
    assert SCHEMA_PATH.parent.name == "content" and SCHEMA_PATH.is_file()
