"""A validated snapshot of the content folder, so participant kernels skip YAML parsing and schema
validation.

Validation needs ruamel.yaml and jsonschema, about 20 MB in every participant kernel. `serve`
validates the folder once, writes the plain data of every file with a hash of its bytes, and points
its kernels at the snapshot (``$MENTORKIT_CONTENT_SNAPSHOT``). A kernel uses the snapshot only while
every file's bytes are unchanged (as the loader compares them: size and modification time miss an
edit made within the file system's timestamp granularity); otherwise it validates the folder
itself, so an edited file is never trusted unchecked.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from kit import paths
from kit.content import loader
from kit.content.builder import build
from kit.content.files import content_files, plain, read
from kit.content.model import Exercise

ENV_SNAPSHOT = "MENTORKIT_CONTENT_SNAPSHOT"
VERSION = 2


def _stamp(path: Path) -> str:
    """The SHA-256 of the file's bytes (reading the shipped files takes about a millisecond)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_snapshot(target: str | os.PathLike, directory: str | os.PathLike | None = None) -> Path:
    """Validate ``directory`` (raising :class:`~kit.content.problems.ContentError` on any problem) and
    write the snapshot to ``target``."""
    folder = paths.content_dir() if directory is None else Path(directory)
    loader.load_content(folder)  # every check, including the ones across files
    files = {str(path): {"stamp": _stamp(path), "data": plain(read(path))}
             for path in content_files(folder)}
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps({"version": VERSION, "folder": str(folder), "files": files}))
    temporary.replace(target)
    return target


def read_snapshot(source: str | os.PathLike, directory: str | os.PathLike | None = None) -> dict[str, Exercise] | None:
    """The exercises from the snapshot at ``source``, or None when it is missing, from another folder,
    or any file changed since it was written."""
    folder = paths.content_dir() if directory is None else Path(directory)
    try:
        snapshot = json.loads(Path(source).read_text())
        if snapshot.get("version") != VERSION or snapshot.get("folder") != str(folder):
            return None
        files = content_files(folder)
        if sorted(map(str, files)) != sorted(snapshot["files"]):
            return None
        exercises = []
        for path in files:
            entry = snapshot["files"][str(path)]
            if entry["stamp"] != _stamp(path):
                return None
            exercises.append(build(path, entry["data"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    exercises.sort(key=lambda exercise: (exercise.order, exercise.id))
    return {exercise.id: exercise for exercise in exercises}


def load_content(directory: str | os.PathLike | None = None) -> dict[str, Exercise]:
    """All exercises of ``directory`` by id, ordered by ``(order, id)``: from the snapshot that
    ``$MENTORKIT_CONTENT_SNAPSHOT`` names while every file is unchanged, otherwise validated by
    :func:`kit.content.loader.load_content` (which raises :class:`~kit.content.problems.ContentError`
    listing every problem). ``kit.content.load_content`` is this function; the loader itself knows
    nothing of snapshots, so the two modules no longer import each other."""
    snapshot = os.environ.get(ENV_SNAPSHOT)
    if snapshot:  # written and validated by `serve`
        cached = read_snapshot(snapshot, directory)
        if cached is not None:
            return cached
    return loader.load_content(directory)
