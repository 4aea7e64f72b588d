"""Reading content files: which files of a folder are content, and each one parsed into ruamel.yaml's
round-trip tree (which keeps every line) and into plain JSON data.

ruamel.yaml is imported only when a file is actually read: every participant kernel imports this.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kit.content.problems import Problem, describe

CONTENT_SUFFIXES = (".yaml", ".yml")


class FileProblems(Exception):
    """The file cannot be read at all (these problems are the only ones to report)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems


def read(path: Path) -> Any:
    """Parse ``path`` into ruamel's round-trip tree, or raise :class:`FileProblems`."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    def fail(line: int | None, message: str) -> FileProblems:
        return FileProblems([Problem(path, line, message)])

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
        raise fail(line, f"the top level must be a mapping of fields such as 'id: ...', found {describe(data)}")
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


def plain(node: Any) -> Any:
    """A copy of ruamel's tree with plain JSON types, as jsonschema and the dataclasses expect.

    Round-trip scalars are subclasses that can mislead type checks: an anchored ``true`` becomes a
    ScalarBoolean, which is an int, not a bool. The shape is unchanged, so schema error paths still
    find their lines in the original tree.
    """
    from ruamel.yaml.scalarbool import ScalarBoolean

    if isinstance(node, Mapping):
        return {key: plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(value) for value in node]
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


def content_files(directory: Path) -> list[Path]:
    """The content files of ``directory``, sorted by name."""
    # Hidden files are editor backups and lock files (.#x.yaml), not content.
    return sorted(
        entry
        for entry in directory.iterdir()
        if entry.suffix.lower() in CONTENT_SUFFIXES and entry.is_file() and not entry.name.startswith(".")
    )


def file_bytes(folder: Path) -> tuple[tuple[str, bytes], ...] | None:
    """Every content file of ``folder`` with its bytes, or None when the folder cannot be read."""
    try:
        return tuple((path.name, path.read_bytes()) for path in content_files(folder))
    except OSError:
        return None
