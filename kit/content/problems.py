"""What is wrong with a content file, said for the facilitator who edits it: :class:`Problem` (file,
line, message), :class:`ContentError`, and the words and lines the messages use.

Lines come from ruamel.yaml's round-trip tree (``.lc``), which keeps the line of every key and list
entry.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


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


def field_path(parts: Iterable[Any]) -> str:
    """``['items', 2, 'scale']`` -> ``items[2].scale``; the empty path is the top level."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def line_of(tree: Any, parts: Iterable[Any], key: Any = None) -> int:
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


def describe(value: Any) -> str:
    """A value as a message names it: "the text 'x'", "the number 3", "a list", ..."""
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
