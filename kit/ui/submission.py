"""The submit step every participant view shares: check the answers, make sure the exercise still
takes them, store them, and say what happened. It never raises: whatever goes wrong, the answers stay
on the page and the participant reads what to do."""

from __future__ import annotations

import logging
from html import escape
from typing import Any, Callable, Mapping

from kit.content.model import Exercise
from kit.errors import InputError
from kit.logic.answers import clean_answers
from kit.logic.visibility import is_open
from kit.store import ParticipantRecord, ResponseRecord, SessionRecord, Store, SubmitResult
from kit.ui.style import message
from kit.ui.sync import after_page_sync

log = logging.getLogger(__name__)


def when(response: ResponseRecord) -> str:
    """The time a response was stored, as the room's clock shows it (HH:MM)."""
    return response.created_at.astimezone().strftime("%H:%M")


def save(store: Store, exercise: Exercise, session: SessionRecord, participant: ParticipantRecord,
         raw: Mapping[str, Any], submission_id: str, *, noun: str = "answers",
         verb: str = "change") -> tuple[str, SubmitResult | None]:
    """Validate and store ``raw``; returns the status HTML to show and the result (None when nothing
    was stored). ``noun`` and ``verb`` word the messages ("goals", "rewrite")."""
    try:
        answers = clean_answers(exercise, raw)
        fresh = store.get_session(session.code)
        if fresh is not None and fresh.is_open and not is_open(fresh.settings, exercise.id):
            raise InputError(f"Your facilitator has closed this exercise for now, so your {noun} were not saved. "
                             "They are still on this page: submit again when it reopens.")
        result = store.submit(participant.key, exercise.id, answers, submission_id=submission_id)
    except InputError as error:
        # Every refused submit leaves a line in the server's log with its reason (no answers, no name).
        log.info("submit of %s refused for participant %s: %s", exercise.id, participant.id, error)
        return message(escape(str(error)), "error"), None
    except Exception:  # never lose the page: the answers are still on it
        log.exception("submit failed")
        return message(f"Your {noun} could not be saved just now. They are still on this page: "
                       "press Submit again.", "error"), None
    stored = result.response
    if not result.created:
        return message(f"<b>Saved.</b> Nothing changed since your last submit at {when(stored)}.", "ok"), result
    version = f" (version {stored.revision})" if stored.revision > 1 else ""
    return message(f"<b>Saved.</b> Your {noun} were stored at {when(stored)}{version}. "
                   f"You can {verb} them and submit again while the session is open.", "ok"), result


def ended_message(anything_stored: bool, noun: str = "answers") -> str:
    """What a view of an ended session says: its stored ``noun`` read-only, or that nothing was
    submitted here before the end (not "your answers are shown" over an empty form)."""
    if anything_stored:
        return message(f"This session has ended: your {noun} are shown but can no longer be changed.", "warn")
    return message(f"This session ended before you submitted {noun} here, so there is nothing of yours to "
                   "show. Thank you for taking part!", "warn")


def submit_once(view: Any, work: Callable[[], None]) -> None:
    """Run ``work`` (one press of ``view``'s Submit) unless a submit is already running, with the button
    locked meanwhile; the view's ``_update_submit()`` sets the button again afterwards. A second click
    arriving while the first is stored does nothing, so it can never store twice. ``work`` runs once the
    page has sent everything typed before the press (:func:`kit.ui.sync.after_page_sync`)."""
    if view._busy:
        return
    view._busy = True
    view.submit.disabled = True
    status = getattr(view, "status", None)
    if status is not None:  # sent to the page at once, so a slow store never looks like nothing happened
        status.value = message("Saving…", "warn")

    def run() -> None:
        try:
            work()
        finally:
            view._busy = False
            view._update_submit()

    # The last letters typed before the press may still be in the page: store only once they are in.
    after_page_sync(run)
