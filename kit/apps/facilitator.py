"""Facilitator apps (served only by the protected, loopback-bound Voila process)."""

from __future__ import annotations

import ipywidgets as widgets

from kit.apps.participant import ProblemView
from kit.content import ContentError, load_content
from kit.store import Store
from kit.ui.dashboard import DashboardView


def dashboard(*, store: Store | None = None, poll_seconds: float | None = None) -> widgets.Widget:
    """The first-version dashboard, or a :class:`ProblemView` when content or database are broken."""
    try:
        content = load_content()
    except ContentError as error:
        return ProblemView("The exercise files have problems:", [str(p) for p in error.problems])
    return DashboardView(store or Store(), content, poll_seconds=poll_seconds)
