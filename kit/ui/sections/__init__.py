"""Facilitator views per item type. Each item kind names its section (:mod:`kit.kinds`); every module
in this package is imported here as well, so :data:`REGISTRY` lists every section defined."""

from __future__ import annotations

import importlib
import pkgutil

from kit.ui.sections.base import REGISTRY, Section, Snapshot, UnsupportedSection, register, section_class, sections_for

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["REGISTRY", "Section", "Snapshot", "UnsupportedSection", "register", "section_class", "sections_for"]
