"""Facilitator views per item type. Every module in this package is imported here, so a new module
with a ``@register``-ed :class:`Section` is picked up by every facilitator view without other changes."""

from __future__ import annotations

import importlib
import pkgutil

from kit.ui.sections.base import REGISTRY, Section, Snapshot, UnsupportedSection, register, sections_for

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["REGISTRY", "Section", "Snapshot", "UnsupportedSection", "register", "sections_for"]
