"""Item kinds: one module per kind declares everything about it (see :mod:`kit.kinds.base`).

The rest of the kit asks this registry (``get(type)``, ``all()``) and never compares an item's type
with a string. Importing it imports every kind's light declaration; heavy parts (widgets, pandas)
are imported by :meth:`Kind.part` when used.
"""

from kit.kinds.base import (NOT_FILLED, OPTIONAL_PARTS, PARTS, Kind, all, clean_text, get, kind_of, preload, register,
                            types)

# Registration order is the order kinds are listed in (the schema's enum, documentation).
from kit.kinds import choice, likert, text, group, quiz, goal, wordcloud, ranking, sorting, qa, pairtalk  # noqa: E402,F401  (registers them)

__all__ = ["NOT_FILLED", "OPTIONAL_PARTS", "PARTS", "Kind", "all", "clean_text", "get", "kind_of", "preload", "register",
           "types"]
