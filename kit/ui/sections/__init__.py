"""What every console section shares: the ``Section`` base, the ``Snapshot`` it draws from, and
:func:`sections_for`, which gives an exercise one section per item type, as each item's kind names it
(its ``section`` part, in ``kit/kinds/<type>/console.py``)."""

from __future__ import annotations

from kit.ui.sections.base import Section, Snapshot, UnsupportedSection, section_class, sections_for

__all__ = ["Section", "Snapshot", "UnsupportedSection", "section_class", "sections_for"]
