"""Checking a content file against the published JSON Schema (``exercise.schema.json``), and turning
each schema error into a problem in plain words with its line.

jsonschema is imported only when a file is validated.
"""

from __future__ import annotations

import copy
import datetime as _dt
import functools
import json
from pathlib import Path
from typing import Any

from kit.content.problems import Problem, describe, field_path, line_of

SCHEMA_PATH = Path(__file__).with_name("exercise.schema.json")


@functools.cache
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def schema() -> dict:
    """The published JSON Schema (draft 2020-12) every exercise file is validated against.

    The file is read once; each call returns a copy, so callers may change it freely.
    """
    return copy.deepcopy(_schema())


@functools.cache
def _validator():
    import jsonschema  # deferred: heavy, and only needed when a file is loaded

    return jsonschema.Draft202012Validator(_schema())


def _known_item_types() -> list[str]:
    return list(_schema()["$defs"]["item_types"]["enum"])


_JSON_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping of fields (key: value lines)",
    "array": "a list (lines starting with '- ')",
    "null": "nothing",
}


def _pattern_hint(pattern: str) -> str:
    defs = _schema()["$defs"]
    if pattern == defs["slug"]["pattern"]:
        return "use lowercase letters, digits and underscores, starting with a letter (like 'need_to_know')"
    if pattern == defs["text"]["pattern"]:
        return "must not be empty"
    if pattern == _schema()["properties"]["notebook"]["pattern"]:
        return "must be a plain notebook file name ending in .ipynb, without folders (like 'confidentiality.ipynb')"
    if pattern == defs["source"]["properties"]["url"]["pattern"]:
        return "must be a web address starting with http:// or https://"
    return f"does not match the pattern {pattern}"


def schema_problems(path: Path, tree: Any, data: Any) -> list[Problem]:
    """Every schema error of ``data`` (the plain copy of ``tree``) as problems with lines."""
    problems: list[Problem] = []
    for error in _validator().iter_errors(data):
        problems.extend(_explain(path, tree, error))
    return problems


def _explain(path: Path, tree: Any, error: Any) -> list[Problem]:
    """Turn one jsonschema error into problems with lines (several for several unknown fields)."""
    where = list(error.absolute_path)
    field = field_path(where)
    kind = error.validator
    value = error.validator_value
    instance = error.instance

    if "propertyNames" in error.absolute_schema_path:
        # jsonschema reports a bad key at its mapping, with the key as the instance: point at the key.
        why = _pattern_hint(value) if kind == "pattern" else error.message
        return [Problem(path, line_of(tree, where, instance), f"{field}: name {instance!r}: {why}")]

    if kind == "required":
        missing = [name for name in value if name not in instance]
        line = line_of(tree, where)
        known = f" (one of: {', '.join(_known_item_types())})" if _is_item(where) else ""
        return [
            Problem(path, line, f"{field}: missing required field {name!r}{known if name == 'type' else ''}")
            for name in missing
        ]

    if kind == "additionalProperties" and value is False:
        import difflib  # deferred: only needed when a file has a typo

        allowed = sorted(error.schema.get("properties", {}))
        problems = []
        for name in instance:
            if name in allowed:
                continue
            close = difflib.get_close_matches(str(name), allowed, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (allowed: {', '.join(allowed)})"
            problems.append(Problem(path, line_of(tree, where, name), f"{field}: unknown field {name!r}{hint}"))
        return problems

    if kind == "enum" and _is_item(where[:-1]) and where[-1:] == ["type"]:
        message = f"{field}: unknown item type {instance!r} (known: {', '.join(map(str, value))})"
    elif kind == "enum":
        message = f"{field}: {describe(instance)} is not allowed (allowed: {', '.join(map(str, value))})"
    elif kind == "type":
        wanted = value if isinstance(value, list) else [value]
        words = " or ".join(_JSON_TYPE_WORDS.get(name, name) for name in wanted)
        message = f"{field}: expected {words}, found {describe(instance)}"
        if "string" in wanted and isinstance(instance, (_dt.date, _dt.datetime)):
            message += " (put it in quotes to make it text)"
    elif kind == "pattern":
        message = f"{field}: {describe(instance)}: {_pattern_hint(value)}"
    elif kind == "minimum":
        message = f"{field}: must be at least {value}, found {describe(instance)}"
    elif kind == "maximum":
        message = f"{field}: must be at most {value}, found {describe(instance)}"
    elif kind == "minItems":
        entries = "entry" if value == 1 else "entries"
        message = f"{field}: needs at least {value} {entries}, found {len(instance)}"
    elif kind == "maxItems":
        entries = "entry" if value == 1 else "entries"
        message = f"{field}: takes at most {value} {entries}, found {len(instance)}"
    elif kind == "maxLength":
        message = f"{field}: must be at most {value} characters long, found {len(instance)}"
    else:
        message = f"{field}: {error.message}"
    return [Problem(path, line_of(tree, where), message)]


def _is_item(where: list[Any]) -> bool:
    return len(where) == 2 and where[0] == "items" and isinstance(where[1], int)
