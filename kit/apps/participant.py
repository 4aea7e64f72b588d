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
from kit.logic.visibility import is_open
from kit.ui.agreement import AgreementView
from kit.ui.exercise import ExerciseView, NotOpenView
from kit.ui.home import HomeView
from kit.ui.goals import GoalView
from kit.ui.quiz import QuizView
from kit.ui.shell import ParticipantShell
from kit.ui.style import message, stylesheet
from kit.ui.visit import Visit, current_visit

__all__ = ["exercise", "quiz", "home", "current_visit", "ProblemView"]


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
    if not exercise_id:  # the general notebook opened without ?exercise=...
        return ProblemView("This link does not say which exercise to open:",
                           ["open the exercise from your home page (home.ipynb)"])
    if exercise_id not in content:
        return ProblemView("This exercise is not available:", [f"unknown exercise '{exercise_id}'"])
    ex = content[exercise_id]

    def build(session, person):
        if session.is_open and not is_open(session.settings, ex.id):
            return NotOpenView(store, content, ex, session, person)
        if ex.quiz_items:  # a quiz: answers are checked statement by statement, in the session's run
            return QuizView(store, ex, session, person)
        if ex.goal_items:  # goals in the participant's own words, with live feedback and rewrites
            return GoalView(store, ex, session, person)
        if ex.pairing is not None and ex.pairing.enabled and ex.pairing.shared:  # one set of answers per pair
            return AgreementView(store, ex, session, person, poll_seconds=poll_seconds, content=content)
        return ExerciseView(store, ex, session, person, poll_seconds=poll_seconds, content=content)

    return ParticipantShell(store, build)


def quiz(exercise_id: str, *, store: Store | None = None, content: Mapping[str, Exercise] | None = None
         ) -> widgets.Widget:
    """The participant app for a quiz exercise (``exercise`` dispatches to it as well); call ``.bind(visit)``."""
    store, content, problem = _prepare(store, content)
    if problem is not None:
        return problem
    if exercise_id not in content or not content[exercise_id].quiz_items:
        return ProblemView("This quiz is not available:", [f"unknown quiz '{exercise_id}'"])
    return exercise(exercise_id, store=store, content=content)


def home(*, store: Store | None = None, content: Mapping[str, Exercise] | None = None) -> widgets.Widget:
    """The participants' home page app; call ``.bind(visit)`` once the visitor is known."""
    store, content, problem = _prepare(store, content)
    if problem is not None:
        return problem
    return ParticipantShell(store, lambda s, p: HomeView(store, content, s, p))
