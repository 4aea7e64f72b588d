"""Facilitator views of the first item kinds, one ``Section`` per item type (``choice.py`` also holds
the ``ScaledSection`` base for any scale). Which section an item gets is what its kind names as its
``section`` part (:mod:`kit.kinds`, :func:`section_class`); a newer kind keeps its section beside its
declaration (``kit/kinds/<type>/console.py``)."""

from __future__ import annotations

from kit.ui.sections.base import Section, Snapshot, UnsupportedSection, section_class, sections_for

__all__ = ["Section", "Snapshot", "UnsupportedSection", "section_class", "sections_for"]
