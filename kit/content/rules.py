"""The checks a JSON Schema cannot express: scales that exist, ids unique where they must be, and
what each item kind checks about its own items (:meth:`kit.kinds.Kind.scale_problem`,
:meth:`~kit.kinds.Kind.item_problems`, :attr:`~kit.kinds.Kind.unique_keys`), each reported by line.

The tree is read defensively: the schema may have failed too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from kit import kinds
from kit.content.model import Exercise
from kit.content.problems import Problem, field_path, line_of


def rule_problems(path: Path, tree: Any) -> list[Problem]:
    """Cross-reference checks within one file (``tree`` is ruamel's round-trip tree)."""
    problems: list[Problem] = []
    scales = tree.get("scales")
    scales = scales if isinstance(scales, Mapping) else {}

    for scale_id, scale in scales.items():
        where = ["scales", scale_id, "options"]
        options = scale.get("options") if isinstance(scale, Mapping) else None
        problems += duplicate_problems(path, tree, where, options, "value", "option value")

    items = tree.get("items")
    problems += duplicate_problems(path, tree, ["items"], items, "id", "item id")

    known = ", ".join(map(str, scales)) or "none; add a 'scales' section"
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, Mapping) or not isinstance(item.get("type"), str):
            continue
        kind = kinds.kind_of(item["type"])
        for where, key, noun in kind.unique_keys:
            problems += _unique_key_problems(path, tree, ["items", index], item, where, key, noun)
        if not kind.uses_scale:
            problems += _item_problems(path, tree, index, kind.item_problems(item, []))
            continue
        name = item.get("scale")
        if isinstance(name, str) and name in scales:
            problems += _item_problems(path, tree, index, kind.item_problems(item, scale_values(scales[name])))
        if isinstance(name, str) and name not in scales:
            message = f"items[{index}].scale: unknown scale {name!r} (known: {known})"
            problems.append(Problem(path, line_of(tree, ["items", index], "scale"), message))
        elif isinstance(name, str) and isinstance(scales[name], Mapping) and isinstance(
                scales[name].get("options"), list) and (wrong := kind.scale_problem(scales[name]["options"], name)):
            problems.append(Problem(path, line_of(tree, ["items", index], "scale"), f"items[{index}].scale: {wrong}"))

    confidence = tree.get("confidence_scale")
    if isinstance(confidence, str) and confidence not in scales:
        message = f"confidence_scale: unknown scale {confidence!r} (known: {known})"
        problems.append(Problem(path, line_of(tree, [], "confidence_scale"), message))
    return problems


def _item_problems(path: Path, tree: Any, index: int, found: list[tuple[list, str]]) -> list[Problem]:
    """A kind's ``(path under the item, message)`` pairs as problems at their lines."""
    problems = []
    for where, wrong in found:
        place = ["items", index, *where]
        problems.append(Problem(path, line_of(tree, place[:-1], place[-1]), f"{field_path(place)}: {wrong}"))
    return problems


def _unique_key_problems(path: Path, tree: Any, base: list[Any], item: Mapping, where: tuple, key: str,
                         noun: str) -> list[Problem]:
    """Entries repeating an earlier entry's ``key`` across the lists at ``where`` under the item (``"*"``
    stands for every entry of a list: ``("checklist", "*", "questions")`` is every component's questions)."""
    problems: list[Problem] = []
    first_lines: dict[str, int] = {}
    for place, entries in _lists_at(item, list(where)):
        for index, value, first_line, line in duplicates(tree, [*base, *place], entries, key, first_lines):
            problems.append(Problem(path, line, f"{field_path([*base, *place, index, key])}: duplicate {noun} "
                                                f"{value!r} (first used on line {first_line})"))
    return problems


def _lists_at(node: Any, where: list[Any], place: tuple = ()) -> Iterator[tuple[list[Any], Any]]:
    """``(path, value)`` of each value at ``where`` under ``node``, expanding ``"*"`` over a list."""
    if not where:
        yield list(place), node
        return
    head, rest = where[0], where[1:]
    if head == "*":
        for index, child in enumerate(node if isinstance(node, list) else []):
            yield from _lists_at(child, rest, (*place, index))
    elif isinstance(node, Mapping):
        yield from _lists_at(node.get(head), rest, (*place, head))


def prefill_problems(exercises: list[Exercise], lines: Mapping[tuple[str, int], int]) -> list[Problem]:
    """Prefills that point at an exercise or goal item the content does not have (checked across files)."""
    by_id = {exercise.id: exercise for exercise in exercises}
    sources = kinds.types(lambda kind: kind.prefill_source)
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
            elif not any(i.id == item.prefill.item and i.type in sources for i in source.items):
                problems.append(Problem(exercise.path, line, f"items[{index}].prefill.item: exercise "
                                                              f"{source.id!r} has no goal item {item.prefill.item!r}"))
    return problems


def scale_values(scale: Any) -> list[str]:
    """The option values of a scale in the tree, as far as they can be read."""
    options = scale.get("options") if isinstance(scale, Mapping) else None
    if not isinstance(options, list):
        return []
    return [str(o["value"]) for o in options if isinstance(o, Mapping) and isinstance(o.get("value"), str)]


def duplicate_problems(path: Path, tree: Any, where: list[Any], entries: Any, key: str, noun: str) -> list[Problem]:
    """A problem for each entry of the list at ``where`` whose ``key`` repeats an earlier entry's."""
    return [Problem(path, line, f"{field_path([*where, index, key])}: duplicate {noun} {value!r} "
                                f"(first used on line {first_line})")
            for index, value, first_line, line in duplicates(tree, where, entries, key)]


def duplicates(tree: Any, where: list[Any], entries: Any, key: str,
               first_lines: dict[str, int] | None = None) -> Iterator[tuple[int, str, int, int]]:
    """Yield ``(index, value, first line, line)`` for each list entry repeating an earlier entry's ``key``
    (earlier in this list, or in ``first_lines``, which it fills, for ids unique across several lists)."""
    if not isinstance(entries, list):
        return
    first_lines = {} if first_lines is None else first_lines
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or not isinstance(entry.get(key), str):
            continue
        value = entry[key]
        line = line_of(tree, [*where, index], key)
        if value in first_lines:
            yield index, value, first_lines[value], line
        else:
            first_lines[value] = line
