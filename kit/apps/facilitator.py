"""Facilitator apps (served only by the protected, loopback-bound Voila process)."""

from __future__ import annotations

import os
from urllib.parse import parse_qs

import ipywidgets as widgets

from kit.apps.logs import log_to_server
from kit.apps.participant import ProblemView
from kit.content import ContentError, load_content
from kit.store import Store
from kit.urls import configured_base


def _content_or_problem():
    log_to_server()
    try:
        return load_content(), None
    except ContentError as error:
        return None, ProblemView("The exercise files have problems:", [str(p) for p in error.problems])


def dashboard(*, store: Store | None = None, poll_seconds: float | None = None) -> widgets.Widget:
    """The first-version dashboard, or a :class:`ProblemView` when content or database are broken."""
    from kit.ui.dashboard import DashboardView

    content, problem = _content_or_problem()
    return problem or DashboardView(store or Store(), content, poll_seconds=poll_seconds)


def console(*, store: Store | None = None, poll_seconds: float | None = 5.0) -> widgets.Widget:
    """The live console: sessions, join screen, open exercises, live panels with Reveal, projector view."""
    from kit.ui.console import ConsoleView

    content, problem = _content_or_problem()
    if problem is not None:
        return problem
    try:
        from kit.analysis.export import session_csv as exporter
    except ImportError:  # pragma: no cover - the analysis package ships with the kit
        exporter = None
    query = {k: v[-1] for k, v in parse_qs(os.environ.get("QUERY_STRING", "")).items()}
    return ConsoleView(store or Store(), content, public_url=configured_base(), poll_seconds=poll_seconds,
                       exporter=exporter, params=query)
