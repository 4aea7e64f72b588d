"""Exercise content: the YAML files in ``data/exercises/``, validated and turned into dataclasses.

The first package in the import direction (content -> logic -> store -> ui -> apps/cli): it imports
nothing else from the kit except :mod:`kit.paths` and the item kinds' light declarations
(:mod:`kit.kinds`, which the loader asks about scales and defaults), and nothing heavy at import
time, because every participant's kernel imports it. :func:`load_content` reads the snapshot `serve`
wrote (:mod:`kit.content.snapshot`) when there is one, and validates the folder otherwise.
"""

from kit.content.loader import check_content, load_exercise
from kit.content.model import Exercise, Item, Option, Pairing, Scale, Source
from kit.content.problems import ContentError, Problem
from kit.content.snapshot import load_content
from kit.content.validation import schema

__all__ = [
    "ContentError",
    "Exercise",
    "Item",
    "Option",
    "Pairing",
    "Problem",
    "Scale",
    "Source",
    "check_content",
    "load_content",
    "load_exercise",
    "schema",
]
