"""Participant apps, as the notebooks use them: ``app = exercise("confidentiality")``,
``app.bind(current_visit())``, ``app``.

Nothing heavy is imported here (no pandas, no matplotlib): every participant is a kernel process.
"""

from __future__ import annotations

from html import escape
from typing import Mapping

import ipywidgets as widgets

from kit import kinds
from kit.apps.logs import log_to_server, quiet_errors
from kit.content import ContentError, Exercise, load_content
from kit.store import Store
from kit.store.quick import Catalogue
from kit.logic.visibility import is_open
from kit.ui.agreement import AgreementView
from kit.ui.exercise import ExerciseView, NotOpenView
from kit.ui.room import POLL_SECONDS as ROOM_POLL_SECONDS, RoomView
from kit.ui.shell import ParticipantShell
from kit.ui.style import message, stylesheet
from kit.ui.visit import Visit, current_visit

__all__ = ["workshop", "exercise", "exercise_view", "quiz", "home", "current_visit", "ProblemView"]


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
    log_to_server()
    quiet_errors()  # a participant's page never gets a traceback (kit/apps/logs.py)
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
        return exercise_view(store, content, ex, session, person, poll_seconds=poll_seconds)

    return ParticipantShell(store, build)


def exercise_view(store: Store, content: Mapping[str, Exercise], ex: Exercise, session, person, *,
                  poll_seconds: float | None = 3.0) -> widgets.Widget:
    """The view one exercise gets for one participant (the single-exercise app and the room share it)."""
    # A kind with a page of its own (the quiz: statement by statement, in the session's run; goals:
    # live feedback and rewrites) takes the exercise over; kinds are asked in registration order.
    for kind in kinds.all():
        if kind.own_page and any(item.type == kind.type for item in ex.items):
            return kind.part("form")(store, ex, session, person)
    if ex.pairing is not None and ex.pairing.enabled and ex.pairing.shared:  # one set of answers per pair
        return AgreementView(store, ex, session, person, poll_seconds=poll_seconds, content=content)
    return ExerciseView(store, ex, session, person, poll_seconds=poll_seconds, content=content)


def workshop(exercise: str | None = None, *, store: Store | None = None,
             content: Mapping[str, Exercise] | None = None, poll_seconds: float | None = 3.0,
             room_poll_seconds: float | None = ROOM_POLL_SECONDS) -> widgets.Widget:
    """The one page a participant stays on for the whole workshop: join once, then the lobby, the
    exercise the facilitator presents, or (self-paced) any open exercise, switching in place.

    Every participant notebook serves it; ``?exercise=<id>`` in the link (or ``exercise``, for the
    notebooks that were one exercise's page) asks for that exercise, which a self-paced session opens
    and a paced one leaves to the facilitator. Call ``.bind(visit)``.
    """
    store, content, problem = _prepare(store, content)
    if problem is not None:
        return problem
    # When the facilitator presents an exercise nobody built ahead (a quick activity always), every
    # kernel of the room builds it at the same moment: importing its kind's form then (the SMART
    # goals' analysis, about 20 ms) would be paid by all of them at once. So the forms are imported
    # now, while the kernel starts (in the pool, before anyone joins).
    kinds.preload("form")

    def view(ex, session, person):
        return exercise_view(store, content, ex, session, person, poll_seconds=poll_seconds)

    def build(session, person):
        requested = shell.visit.params.get("exercise") or exercise
        # The session's catalogue: the content plus the quick activities its facilitator makes.
        catalogue = Catalogue(store, session.code, content, session.settings)
        return RoomView(store, catalogue, session, person, view, bridge=shell.bridge, requested=requested,
                        poll_seconds=room_poll_seconds)

    shell = ParticipantShell(store, build, home_link=False)
    return shell


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
    """The participants' home page: the one page of the workshop (:func:`workshop`)."""
    return workshop(store=store, content=content)
