"""Load exercise content files, validate them, and explain every problem by file and line.

A file is read (:mod:`kit.content.files`: ruamel.yaml's round-trip loader keeps the line of every key
and list entry), checked against the published JSON Schema (:mod:`kit.content.validation`), then
against the rules a schema cannot express (:mod:`kit.content.rules`: scales that exist, unique ids,
each kind's own checks), and only a file with no problems becomes an
:class:`~kit.content.model.Exercise` (:mod:`kit.content.builder`). A folder whose files' bytes are
unchanged is validated once per process.

This module is imported in every participant's kernel, so jsonschema and ruamel.yaml are imported
only when a file is actually loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kit import paths
from kit.content.builder import build
from kit.content.files import FileProblems, content_files, file_bytes, plain, read
from kit.content.model import Exercise
from kit.content.problems import ContentError, Problem, line_of
from kit.content.rules import prefill_problems, rule_problems
from kit.content.validation import schema_problems


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
        tree = read(path)
    except FileProblems as failure:
        return _Loaded(None, failure.problems)
    data = plain(tree)
    problems = schema_problems(path, tree, data) + rule_problems(path, tree)
    # A type error and an if/then branch can describe the same spot twice; say it once.
    problems = sorted(set(problems), key=lambda problem: (problem.line or 0, problem.message))
    claimed = data.get("id") if isinstance(data.get("id"), str) else None
    id_line = line_of(tree, [], "id") if claimed else None
    if problems:
        return _Loaded(None, problems, claimed, id_line)
    prefill_lines = {index: line_of(tree, ["items", index], "prefill")
                     for index, item in enumerate(data["items"]) if "prefill" in item}
    return _Loaded(build(path, data), [], claimed, id_line, prefill_lines)


def load_exercise(path: str | Path) -> Exercise:
    """Load and validate one content file.

    Raises :class:`ContentError` listing every problem found in the file, each with its line.
    """
    loaded = _load(Path(path))
    if loaded.exercise is None:
        raise ContentError(loaded.problems)
    return loaded.exercise


def _load_all(directory: str | Path | None) -> tuple[dict[str, Exercise], list[Problem]]:
    folder = paths.content_dir() if directory is None else Path(directory)
    if not folder.is_dir():
        return {}, [Problem(folder, None, "the content folder does not exist")]
    files = content_files(folder)
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
    problems.extend(prefill_problems(exercises, prefill_lines))
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
    files = file_bytes(folder)
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


def forget_validated_content() -> None:
    """Drop the content this process validated, so the next :func:`load_content` parses every file
    again (benchmarks measuring a fresh notebook use this)."""
    _VALIDATED.clear()
