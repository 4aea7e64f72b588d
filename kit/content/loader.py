"""Load exercise content files, validate them, and explain every problem by file and line.

A content file is YAML, read with ruamel.yaml's round-trip loader because it keeps the line of every
key and list entry (``.lc``). The data is checked against the published JSON Schema
(``exercise.schema.json``), then against the rules a schema cannot express (scales that exist,
unique ids), and only a file with no problems becomes an :class:`~kit.content.model.Exercise`.

This module is imported in every participant's kernel, so jsonschema and ruamel.yaml are imported
only when a file is actually loaded.
"""

from __future__ import annotations

import copy
import datetime as _dt
import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kit import kinds, paths
from kit.content.model import (GENERAL_NOTEBOOK, GOAL, GROUP, LIKERT, QUIZ, ChecklistComponent,
                               ChecklistQuestion, Exercise, GroupField, Item, Option, Pairing, Prefill, Printable,
                               Scale, Source)

SCHEMA_PATH = Path(__file__).with_name("exercise.schema.json")
CONTENT_SUFFIXES = (".yaml", ".yml")

# Item keys that map onto Item fields; anything else goes to Item.extra for types added later.
_ITEM_FIELDS = frozenset(
    {"id", "type", "text", "scale", "discuss", "required", "multiline", "max_length", "shareable", "answer",
     "explanation", "source", "max_goals", "checklist", "fields", "min_entries", "max_entries", "entry_label",
     "prefill", "help", "section"}
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, written for the facilitator who edits it."""

    path: Path
    #: 1-based line in ``path``; None when the problem is not about one line (e.g. an empty folder).
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """Content could not be loaded; ``problems`` lists every reason, ``str()`` gives one per line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# --- the schema -------------------------------------------------------------------------------


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


# --- reading a file -----------------------------------------------------------------------------


class _FileProblems(Exception):
    """Internal: the file cannot be read at all (these problems are the only ones to report)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems


def _read(path: Path) -> Any:
    """Parse ``path`` into ruamel's round-trip tree, or raise :class:`_FileProblems`."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    def fail(line: int | None, message: str) -> _FileProblems:
        return _FileProblems([Problem(path, line, message)])

    try:
        raw = path.read_bytes()
    except OSError as error:
        raise fail(None, f"cannot read the file: {error.strerror or error}") from None
    try:
        # utf-8-sig: editors on Windows like to start files with a byte order mark.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        bad = raw[error.start : error.start + 1].hex()
        raise fail(line, f"the file is not valid UTF-8 text (byte 0x{bad}); save it with UTF-8 encoding") from None

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        data = yaml.load(text)
    except DuplicateKeyError as error:
        # ruamel names the key only inside its message text.
        found = re.match(r'found duplicate key "(.*?)" with value', error.problem or "")
        key = f" {found.group(1)!r}" if found else ""
        start = f" (the mapping starts on line {error.context_mark.line + 1})" if error.context_mark else ""
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise fail(line, f"duplicate key{key}: each key may appear only once per mapping{start}") from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise fail(mark.line + 1 if mark else None, _yaml_syntax_message(error)) from None
    except YAMLError as error:  # pragma: no cover - ruamel marks its syntax errors; this is a safety net
        raise fail(None, f"YAML error: {error}") from None

    if data is None:
        raise fail(1, "the file is empty: expected exercise fields such as 'id: ...'")
    if not isinstance(data, Mapping):
        # Some scalars (e.g. a lone "=") carry an lc without a line.
        line = (getattr(getattr(data, "lc", None), "line", None) or 0) + 1
        raise fail(line, f"the top level must be a mapping of fields such as 'id: ...', found {_describe(data)}")
    return data


def _yaml_syntax_message(error: Any) -> str:
    problem = error.problem or str(error)
    context = f" ({error.context})" if error.context else ""
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = "; if the text contains ': ', put the whole text in quotes"
    elif "'\\t'" in problem:
        hint = "; indent with spaces, not tabs"
    return f"YAML syntax error: {problem}{context}{hint}"


def _plain(node: Any) -> Any:
    """A copy of ruamel's tree with plain JSON types, as jsonschema and the dataclasses expect.

    Round-trip scalars are subclasses that can mislead type checks: an anchored ``true`` becomes a
    ScalarBoolean, which is an int, not a bool. The shape is unchanged, so schema error paths still
    find their lines in the original tree.
    """
    from ruamel.yaml.scalarbool import ScalarBoolean

    if isinstance(node, Mapping):
        return {key: _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(value) for value in node]
    if isinstance(node, ScalarBoolean):
        return bool(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


# --- lines and field paths ----------------------------------------------------------------------


def _field_path(parts: Iterable[Any]) -> str:
    """``['items', 2, 'scale']`` -> ``items[2].scale``; the empty path is the top level."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _line_of(tree: Any, parts: Iterable[Any], key: Any = None) -> int:
    """1-based line of the value at ``parts`` (or of ``key`` inside it) in ruamel's tree.

    Walks as deep as the tree allows, so a path into a value the tree does not have still gets the
    nearest line.
    """
    node = tree
    line = tree.lc.line if hasattr(tree, "lc") else 0
    for part in [*parts, *([key] if key is not None else [])]:
        try:
            if isinstance(node, Mapping) and hasattr(node, "lc"):
                line = node.lc.key(part)[0]
            elif isinstance(node, list) and hasattr(node, "lc"):
                line = node.lc.item(part)[0]
            else:
                break
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    return line + 1


# --- schema errors in plain words -----------------------------------------------------------------

_JSON_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping of fields (key: value lines)",
    "array": "a list (lines starting with '- ')",
    "null": "nothing",
}


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return f"the date {value.isoformat()}"
    return repr(value)


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


def _schema_problems(path: Path, tree: Any, data: Any) -> list[Problem]:
    problems: list[Problem] = []
    for error in _validator().iter_errors(data):
        problems.extend(_explain(path, tree, error))
    return problems


def _explain(path: Path, tree: Any, error: Any) -> list[Problem]:
    """Turn one jsonschema error into problems with lines (several for several unknown fields)."""
    where = list(error.absolute_path)
    field = _field_path(where)
    kind = error.validator
    value = error.validator_value
    instance = error.instance

    if "propertyNames" in error.absolute_schema_path:
        # jsonschema reports a bad key at its mapping, with the key as the instance: point at the key.
        why = _pattern_hint(value) if kind == "pattern" else error.message
        return [Problem(path, _line_of(tree, where, instance), f"{field}: name {instance!r}: {why}")]

    if kind == "required":
        missing = [name for name in value if name not in instance]
        line = _line_of(tree, where)
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
            problems.append(Problem(path, _line_of(tree, where, name), f"{field}: unknown field {name!r}{hint}"))
        return problems

    if kind == "enum" and _is_item(where[:-1]) and where[-1:] == ["type"]:
        message = f"{field}: unknown item type {instance!r} (known: {', '.join(map(str, value))})"
    elif kind == "enum":
        message = f"{field}: {_describe(instance)} is not allowed (allowed: {', '.join(map(str, value))})"
    elif kind == "type":
        wanted = value if isinstance(value, list) else [value]
        words = " or ".join(_JSON_TYPE_WORDS.get(name, name) for name in wanted)
        message = f"{field}: expected {words}, found {_describe(instance)}"
        if "string" in wanted and isinstance(instance, (_dt.date, _dt.datetime)):
            message += " (put it in quotes to make it text)"
    elif kind == "pattern":
        message = f"{field}: {_describe(instance)}: {_pattern_hint(value)}"
    elif kind == "minimum":
        message = f"{field}: must be at least {value}, found {_describe(instance)}"
    elif kind == "maximum":
        message = f"{field}: must be at most {value}, found {_describe(instance)}"
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
    return [Problem(path, _line_of(tree, where), message)]


def _is_item(where: list[Any]) -> bool:
    return len(where) == 2 and where[0] == "items" and isinstance(where[1], int)


# --- rules the schema cannot express ---------------------------------------------------------------


def _rule_problems(path: Path, tree: Any) -> list[Problem]:
    """Cross-reference checks. They read the tree defensively: the schema may have failed too."""
    problems: list[Problem] = []
    scales = tree.get("scales")
    scales = scales if isinstance(scales, Mapping) else {}

    for scale_id, scale in scales.items():
        where = ["scales", scale_id, "options"]
        options = scale.get("options") if isinstance(scale, Mapping) else None
        problems += _duplicate_problems(path, tree, where, options, "value", "option value")

    items = tree.get("items")
    problems += _duplicate_problems(path, tree, ["items"], items, "id", "item id")

    known = ", ".join(map(str, scales)) or "none; add a 'scales' section"
    for index, item in enumerate(items if isinstance(items, list) else []):
        if (not isinstance(item, Mapping) or not isinstance(item.get("type"), str)
                or item["type"] not in kinds.types(lambda kind: kind.uses_scale)):
            continue
        name = item.get("scale")
        if isinstance(name, str) and name in scales:
            for where, wrong in kinds.kind_of(item.get("type")).item_problems(item, _scale_values(scales[name])):
                place = ["items", index, *where]
                problems.append(Problem(path, _line_of(tree, place[:-1], place[-1]),
                                        f"{_field_path(place)}: {wrong}"))
        if isinstance(name, str) and name not in scales:
            message = f"items[{index}].scale: unknown scale {name!r} (known: {known})"
            problems.append(Problem(path, _line_of(tree, ["items", index], "scale"), message))
        elif isinstance(name, str) and isinstance(scales[name], Mapping) and isinstance(
                scales[name].get("options"), list) and (
                wrong := kinds.kind_of(item.get("type")).scale_problem(scales[name]["options"])):
            problems.append(Problem(path, _line_of(tree, ["items", index], "scale"), f"items[{index}].scale: {wrong}"))
        elif item.get("type") == LIKERT and isinstance(name, str):
            options = scales[name].get("options") if isinstance(scales[name], Mapping) else None
            rated = [o for o in options if isinstance(o, Mapping) and not o.get("unsure")] if isinstance(
                options, list) else []
            if isinstance(options, list) and len(rated) < 2:
                message = (f"items[{index}].scale: a likert item needs a scale with at least two options not marked "
                           f"unsure; {name!r} has {len(rated)}")
                problems.append(Problem(path, _line_of(tree, ["items", index], "scale"), message))
        elif item.get("type") == QUIZ and isinstance(name, str) and isinstance(item.get("answer"), str):
            values = _scale_values(scales[name])
            if values and item["answer"] not in values:
                message = (f"items[{index}].answer: {item['answer']!r} is not an option of scale {name!r} "
                           f"(options: {', '.join(values)})")
                problems.append(Problem(path, _line_of(tree, ["items", index], "answer"), message))

    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, Mapping) and item.get("type") == GOAL:
            problems.extend(_goal_problems(path, tree, index, item))
        if isinstance(item, Mapping) and item.get("type") == GROUP:
            problems.extend(_group_problems(path, tree, index, item))

    confidence = tree.get("confidence_scale")
    if isinstance(confidence, str) and confidence not in scales:
        message = f"confidence_scale: unknown scale {confidence!r} (known: {known})"
        problems.append(Problem(path, _line_of(tree, [], "confidence_scale"), message))
    return problems


def _goal_problems(path: Path, tree: Any, index: int, item: Mapping) -> list[Problem]:
    """A goal item's check list: each component once, question ids unique within the item."""
    problems: list[Problem] = []
    where = ["items", index, "checklist"]
    components = item.get("checklist")
    problems += _duplicate_problems(path, tree, where, components, "id", "component")
    first_lines: dict[str, int] = {}
    for position, component in enumerate(components if isinstance(components, list) else []):
        questions = component.get("questions") if isinstance(component, Mapping) else None
        for number, question in enumerate(questions if isinstance(questions, list) else []):
            if not isinstance(question, Mapping) or not isinstance(question.get("id"), str):
                continue
            place = [*where, position, "questions", number]
            line = _line_of(tree, place, "id")
            if question["id"] in first_lines:
                message = (f"{_field_path([*place, 'id'])}: duplicate question id {question['id']!r} "
                           f"(first used on line {first_lines[question['id']]})")
                problems.append(Problem(path, line, message))
            else:
                first_lines[question["id"]] = line
    return problems


def _group_problems(path: Path, tree: Any, index: int, item: Mapping) -> list[Problem]:
    """A group item: field ids unique, min_entries not above max_entries, prefill into one of its fields."""
    problems: list[Problem] = []
    where = ["items", index, "fields"]
    fields = item.get("fields")
    problems += _duplicate_problems(path, tree, where, fields, "id", "field id")
    low, high = item.get("min_entries", 1), item.get("max_entries", 3)
    if isinstance(low, int) and isinstance(high, int) and low > high:
        message = f"items[{index}].min_entries: {low} is more than max_entries ({high})"
        problems.append(Problem(path, _line_of(tree, ["items", index], "min_entries"), message))
    prefill = item.get("prefill")
    ids = [f.get("id") for f in fields if isinstance(f, Mapping)] if isinstance(fields, list) else []
    if isinstance(prefill, Mapping) and isinstance(prefill.get("field"), str) and ids and prefill["field"] not in ids:
        message = (f"items[{index}].prefill.field: {prefill['field']!r} is not a field of this group "
                   f"(fields: {', '.join(map(str, ids))})")
        problems.append(Problem(path, _line_of(tree, ["items", index, "prefill"], "field"), message))
    return problems


def _prefill_problems(exercises: list[Exercise], lines: Mapping[tuple[str, int], int]) -> list[Problem]:
    """Prefills that point at an exercise or goal item the content does not have (checked across files)."""
    by_id = {exercise.id: exercise for exercise in exercises}
    problems = []
    for exercise in exercises:
        for index, item in enumerate(exercise.items):
            if item.prefill is None:
                continue
            source = by_id.get(item.prefill.exercise)
            line = lines.get((exercise.id, index))
            if source is None:
                problems.append(Problem(exercise.path, line, f"items[{index}].prefill.exercise: no exercise has the id "
                                                              f"{item.prefill.exercise!r}"))
            elif not any(i.id == item.prefill.item and i.type == GOAL for i in source.items):
                problems.append(Problem(exercise.path, line, f"items[{index}].prefill.item: exercise "
                                                              f"{source.id!r} has no goal item {item.prefill.item!r}"))
    return problems


def _scale_values(scale: Any) -> list[str]:
    """The option values of a scale in the tree, as far as they can be read."""
    options = scale.get("options") if isinstance(scale, Mapping) else None
    if not isinstance(options, list):
        return []
    return [str(o["value"]) for o in options if isinstance(o, Mapping) and isinstance(o.get("value"), str)]


def _duplicate_problems(path: Path, tree: Any, where: list[Any], entries: Any, key: str, noun: str) -> list[Problem]:
    """A problem for each entry of the list at ``where`` whose ``key`` repeats an earlier entry's."""
    return [Problem(path, line, f"{_field_path([*where, index, key])}: duplicate {noun} {value!r} "
                                f"(first used on line {first_line})")
            for index, value, first_line, line in _duplicates(tree, where, entries, key)]


def _duplicates(tree: Any, where: list[Any], entries: Any, key: str) -> Iterator[tuple[int, str, int, int]]:
    """Yield ``(index, value, first line, line)`` for each list entry repeating an earlier entry's ``key``."""
    if not isinstance(entries, list):
        return
    first_lines: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or not isinstance(entry.get(key), str):
            continue
        value = entry[key]
        line = _line_of(tree, [*where, index], key)
        if value in first_lines:
            yield index, value, first_lines[value], line
        else:
            first_lines[value] = line


# --- building the model ------------------------------------------------------------------------------


def _clean(text: str | None) -> str | None:
    # Block scalars (| and >) end with a newline; nobody means it as content.
    return text.strip() if isinstance(text, str) else text


def _build(path: Path, data: dict) -> Exercise:
    scales = {
        scale_id: Scale(
            id=scale_id,
            options=tuple(
                Option(option["value"], _clean(option["label"]), unsure=option.get("unsure", False))
                for option in scale["options"]
            ),
        )
        for scale_id, scale in data.get("scales", {}).items()
    }
    items = tuple(
        Item(
            id=item["id"],
            type=item["type"],
            text=_clean(item.get("text", "")),
            scale=scales[item["scale"]] if kinds.kind_of(item["type"]).uses_scale else None,
            discuss=_clean(item.get("discuss")),
            required=item.get("required", True),
            help=_clean(item.get("help")),
            section=_clean(item.get("section")),
            multiline=item.get("multiline", False),
            max_length=item.get("max_length", kinds.kind_of(item["type"]).default_max_length),
            shareable=item.get("shareable", False),
            answer=item.get("answer"),
            explanation=_clean(item.get("explanation")),
            source=_source(item["source"]) if "source" in item else None,
            max_goals=item.get("max_goals", 3),
            checklist=_checklist(item.get("checklist", [])),
            fields=tuple(GroupField(id=f["id"], label=_clean(f["label"]), multiline=f.get("multiline", False),
                                    max_length=f.get("max_length", 1000), required=f.get("required", True))
                         for f in item.get("fields", [])),
            min_entries=item.get("min_entries", 1),
            max_entries=item.get("max_entries", 3),
            entry_label=_clean(item.get("entry_label", "Entry")),
            prefill=Prefill(**item["prefill"]) if "prefill" in item else None,
            extra=MappingProxyType({key: value for key, value in item.items() if key not in _ITEM_FIELDS}),
        )
        for item in data["items"]
    )
    pairing = data.get("pairing")
    return Exercise(
        id=data["id"],
        title=_clean(data["title"]),
        summary=_clean(data["summary"]),
        instructions=_clean(data["instructions"]),
        source=_source(data["source"]),
        facilitator_note=_clean(data.get("facilitator_note", "")),
        duration_minutes=data.get("duration_minutes"),
        items=items,
        scales=MappingProxyType(scales),
        notebook=data.get("notebook", GENERAL_NOTEBOOK),
        order=data.get("order", 100),
        pairing=None
        if pairing is None
        else Pairing(
            enabled=pairing.get("enabled", True),
            intro=_clean(pairing["intro"]),
            agree=_clean(pairing.get("agree", "")),
            differ=_clean(pairing.get("differ", "")),
            unsure=_clean(pairing.get("unsure", "")),
            mode=pairing.get("mode", "compare"),
        ),
        printable=None if "printable" not in data else Printable(
            title=_clean(data["printable"]["title"]),
            intro=_clean(data["printable"].get("intro")),
            signatures=tuple(_clean(s) for s in data["printable"].get("signatures", [])),
        ),
        path=path,
        confidence_scale=scales[data["confidence_scale"]] if "confidence_scale" in data else None,
    )


def _checklist(components: list) -> tuple[ChecklistComponent, ...]:
    return tuple(
        ChecklistComponent(
            id=component["id"],
            label=_clean(component["label"]),
            questions=tuple(ChecklistQuestion(q["id"], _clean(q["text"]), q.get("check_text", False))
                            for q in component["questions"]),
            explanation=_clean(component.get("explanation")),
        )
        for component in components
    )


def _source(source: dict) -> Source:
    return Source(document=_clean(source["document"]), attribution=_clean(source["attribution"]), url=source.get("url"))


@dataclass
class _Loaded:
    exercise: Exercise | None  # None when the file has problems
    problems: list[Problem]
    # The id the file claims even when it has other problems: a clash is worth reporting alongside them.
    id: str | None = None
    id_line: int | None = None
    #: Line of each item's prefill, by item index, for the checks across files.
    prefill_lines: dict[int, int] = field(default_factory=dict)


def _load(path: Path) -> _Loaded:
    """Load one file and say what is wrong with it."""
    try:
        tree = _read(path)
    except _FileProblems as failure:
        return _Loaded(None, failure.problems)
    data = _plain(tree)
    problems = _schema_problems(path, tree, data) + _rule_problems(path, tree)
    # A type error and an if/then branch can describe the same spot twice; say it once.
    problems = sorted(set(problems), key=lambda problem: (problem.line or 0, problem.message))
    claimed = data.get("id") if isinstance(data.get("id"), str) else None
    id_line = _line_of(tree, [], "id") if claimed else None
    if problems:
        return _Loaded(None, problems, claimed, id_line)
    prefill_lines = {index: _line_of(tree, ["items", index], "prefill")
                     for index, item in enumerate(data["items"]) if "prefill" in item}
    return _Loaded(_build(path, data), [], claimed, id_line, prefill_lines)


# --- public API -----------------------------------------------------------------------------------


def load_exercise(path: str | Path) -> Exercise:
    """Load and validate one content file.

    Raises :class:`ContentError` listing every problem found in the file, each with its line.
    """
    loaded = _load(Path(path))
    if loaded.exercise is None:
        raise ContentError(loaded.problems)
    return loaded.exercise


def _content_files(directory: Path) -> list[Path]:
    # Hidden files are editor backups and lock files (.#x.yaml), not content.
    return sorted(
        entry
        for entry in directory.iterdir()
        if entry.suffix.lower() in CONTENT_SUFFIXES and entry.is_file() and not entry.name.startswith(".")
    )


def _load_all(directory: str | Path | None) -> tuple[dict[str, Exercise], list[Problem]]:
    folder = paths.content_dir() if directory is None else Path(directory)
    if not folder.is_dir():
        return {}, [Problem(folder, None, "the content folder does not exist")]
    files = _content_files(folder)
    if not files:
        return {}, [Problem(folder, None, "no exercise files found (expected *.yaml or *.yml files)")]

    exercises: list[Exercise] = []
    problems: list[Problem] = []
    first_use: dict[str, tuple[Path, int | None]] = {}
    prefill_lines: dict[tuple[str, int], int] = {}
    for file in files:
        loaded = _load(file)
        problems.extend(loaded.problems)
        if loaded.id is None:
            continue
        if loaded.id in first_use:
            other, other_line = first_use[loaded.id]
            message = f"id: duplicate exercise id {loaded.id!r} (also used in {other}:{other_line})"
            problems.append(Problem(file, loaded.id_line, message))
            continue
        first_use[loaded.id] = (file, loaded.id_line)
        if loaded.exercise:
            exercises.append(loaded.exercise)
            prefill_lines.update({(loaded.exercise.id, index): line for index, line in loaded.prefill_lines.items()})
    problems.extend(_prefill_problems(exercises, prefill_lines))
    exercises.sort(key=lambda exercise: (exercise.order, exercise.id))
    problems.sort(key=lambda problem: (str(problem.path), problem.line or 0))
    return {exercise.id: exercise for exercise in exercises}, problems


def check_content(directory: str | Path | None = None) -> list[Problem]:
    """Every problem in every ``*.yaml`` / ``*.yml`` file of ``directory``; an empty list when all is fine.

    ``directory`` defaults to :func:`kit.paths.content_dir`. Problems come file by file, by line.
    """
    return _load_all(directory)[1]


def load_content(directory: str | Path | None = None) -> dict[str, Exercise]:
    """All exercises of ``directory`` by id, ordered by ``(order, id)``.

    ``directory`` defaults to :func:`kit.paths.content_dir`. Raises :class:`ContentError` listing
    all problems of all files, so one run shows everything to fix.
    """
    folder = paths.content_dir() if directory is None else Path(directory)
    files = _file_bytes(folder)
    cached = _VALIDATED.get(str(folder))
    if files is not None and cached is not None and cached[0] == files:
        return dict(cached[1])
    exercises, problems = _load_all(folder)
    if problems:
        raise ContentError(problems)
    if files is not None:  # read before validating: a file edited meanwhile is validated again next time
        _VALIDATED[str(folder)] = (files, exercises)
    return dict(exercises)


# Content validated in this process, by folder, with the bytes of every file it came from. A trainer's
# notebook loads the content at every step (load_answers, summarize, compare, the report) and parsing
# and validating the thirteen shipped files takes about 0.4 s each time; reading their bytes takes a
# millisecond. Comparing bytes rather than modification times also catches an edit made within the
# file system's timestamp granularity. Exercises are frozen, so sharing them is safe.
_VALIDATED: dict[str, tuple[tuple[tuple[str, bytes], ...], dict[str, Exercise]]] = {}


def _file_bytes(folder: Path) -> tuple[tuple[str, bytes], ...] | None:
    """Every content file of ``folder`` with its bytes, or None when the folder cannot be read."""
    try:
        return tuple((path.name, path.read_bytes()) for path in _content_files(folder))
    except OSError:
        return None


def forget_validated_content() -> None:
    """Drop the content this process validated, so the next :func:`load_content` parses every file
    again (benchmarks measuring a fresh notebook use this)."""
    _VALIDATED.clear()
