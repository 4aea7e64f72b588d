"""Participant apps, as the notebooks use them: ``app = exercise("confidentiality")``,
``app.bind(current_visit())``, ``app``.

Nothing heavy is imported here (no pandas, no matplotlib): every participant is a kernel process.
"""

from __future__ import annotations

from html import escape
from typing import Mapping

import ipywidgets as widgets

from kit.content import ContentError, Exercise, load_content
from kit.store import Store
from kit.ui.exercise import ExerciseView
from kit.ui.home import HomeView
from kit.ui.shell import ParticipantShell
from kit.ui.style import message, stylesheet
from kit.ui.visit import Visit, current_visit

__all__ = ["exercise", "home", "current_visit", "ProblemView"]


class ProblemView(widgets.VBox):
    """Shown instead of an app that cannot start (broken content, unknown exercise, no database)."""

    def __init__(self, title: str, lines: list[str]):
        items = "".join(f"<li><code>{escape(line)}</code></li>" for line in lines)
        super().__init__([stylesheet(), widgets.HTML(
            message(f"<b>{escape(title)}</b><ul>{items}</ul>Please tell your facilitator.", "error"))])
        self.add_class("mk-app")

    def bind(self, visit: Visit) -> "ProblemView":
        """Nothing to bind: the problem is the same for every visitor."""
        return self


def _prepare(store: Store | None, content: Mapping[str, Exercise] | None):
    try:
        content = load_content() if content is None else content
    except ContentError as error:
        return None, None, ProblemView("The exercise files have problems, so this app cannot start:",
                                       [str(p) for p in error.problems])
    try:
        store = store or Store()
    except Exception as error:  # a wrong --db URL must not look like a blank page
        return None, None, ProblemView("The answer database cannot be opened:", [str(error)])
    return store, content, None


def exercise(exercise_id: str, *, store: Store | None = None, content: Mapping[str, Exercise] | None = None,
             poll_seconds: float | None = 3.0) -> widgets.Widget:
    """The participant app for one exercise; call ``.bind(visit)`` once the visitor is known."""
    store, content, problem = _prepare(store, content)
    if problem is not None:
        return problem
    if exercise_id not in content:
        return ProblemView("This exercise is not available:", [f"unknown exercise '{exercise_id}'"])
    ex = content[exercise_id]
    return ParticipantShell(store, lambda s, p: ExerciseView(store, ex, s, p, poll_seconds=poll_seconds))


def home(*, store: Store | None = None, content: Mapping[str, Exercise] | None = None) -> widgets.Widget:
    """The participants' home page app; call ``.bind(visit)`` once the visitor is known."""
    store, content, problem = _prepare(store, content)
    if problem is not None:
        return problem
    return ParticipantShell(store, lambda s, p: HomeView(store, content, s, p))
