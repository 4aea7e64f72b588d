"""Keeping what a participant typed but has not submitted, so a switch of exercise, a reload or a new
kernel gives it back. A draft is saved a moment after the last change (not at every key press), is
never counted as an answer, and is cleared once a submit stored the answers.

A reload (or a closed tab) shuts the page's kernel down at once (Voila's unload beacon), usually
before the moment has passed: the kernel's loop stops and the timer never fires. So every keeper
with a save pending is also saved when the kernel's process exits (:func:`flush_pending`, run by
``atexit`` after ipykernel's loop has stopped, on the same thread as the timers). The page, for
its part, sends the last letters it still holds when it unloads (``connection.js``).
"""

from __future__ import annotations

import asyncio
import atexit
import json
import logging
from datetime import datetime
from typing import Any, Callable

from kit.errors import InputError
from kit.store import ResponseRecord, Store

log = logging.getLogger(__name__)

#: Seconds after the last change before a draft is saved.
DRAFT_DELAY = 1.0
#: Seconds after a view put its draft back before it looks once more for a newer one (see
#: :meth:`DraftKeeper.look_again`).
LOOK_AGAIN_AFTER = 3.0

#: Keepers whose save is waiting for its timer: saved by :func:`flush_pending` if the kernel exits first.
_pending: set["DraftKeeper"] = set()
_at_exit_registered = False


def flush_pending() -> None:
    """Save now every draft whose timer has not fired yet (the kernel is shutting down). Each keeper
    saves in one write, so a draft is either stored whole or not at all."""
    for keeper in list(_pending):
        keeper.flush()


def _save_pending_at_exit() -> None:
    global _at_exit_registered
    if not _at_exit_registered:
        _at_exit_registered = True
        # Registered after ipykernel's own clean-up, so it runs before it (atexit runs last in, first out).
        atexit.register(flush_pending)


class DraftKeeper:
    """Saves ``read()`` as the participant's draft for one exercise, debounced on the kernel's loop.

    Outside an event loop (plain Python), or with ``delay`` 0, a change is saved at once. Saving never raises: a
    draft that cannot be saved is logged, and the answers are still on the page.
    """

    def __init__(self, store: Store, participant_key: str, exercise_id: str, read: Callable[[], dict[str, Any]],
                 *, run: int = 1, delay: float | None = None):
        self.store, self.participant_key, self.exercise_id = store, participant_key, exercise_id
        # Read when made (not when the module loaded), so tests can choose 0: save at once.
        self.read, self.run, self.delay = read, run, DRAFT_DELAY if delay is None else delay
        self._saved: str | None = None  # what the store holds, as JSON, to skip saving the same twice
        self._timer: asyncio.TimerHandle | None = None
        self._again: asyncio.TimerHandle | None = None
        self._touched = False  # changed since the page last showed what is stored
        #: When the last draft was saved (None before any).
        self.saved_at: datetime | None = None

    def load(self, latest: ResponseRecord | None) -> tuple[dict[str, Any], datetime] | None:
        """The stored draft if it is newer than the ``latest`` submitted response (else None)."""
        try:
            found = self.store.get_draft(self.participant_key, self.exercise_id, run=self.run)
        except Exception:  # a draft is a convenience: its absence must not break the page
            log.exception("reading the draft failed")
            return None
        if found is None:
            return None
        answers, saved_at = found
        if latest is not None and latest.created_at >= saved_at:
            return None
        return answers, saved_at

    def look_again(self, latest: ResponseRecord | None, shown: datetime | None,
                   put_back: Callable[[dict[str, Any], datetime], None]) -> None:
        """Look once more, :data:`LOOK_AGAIN_AFTER` seconds from now, for a draft newer than the one
        the page shows (saved at ``shown``; None: it shows none) and newer than ``latest``, and give
        it to ``put_back`` if nothing was changed on the page meanwhile.

        A reload starts the new page while Voila shuts the old page's kernel down, and that kernel
        saves its last letters as it exits (:func:`flush_pending`): a new page that read the drafts
        first would otherwise show the older draft and lose them."""
        self._cancel_again()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._again = loop.call_later(LOOK_AGAIN_AFTER, self._look, latest, shown, put_back)

    def _look(self, latest: ResponseRecord | None, shown: datetime | None,
              put_back: Callable[[dict[str, Any], datetime], None]) -> None:
        self._again = None
        if self._touched:
            return
        found = self.load(latest)
        if found is None or (shown is not None and found[1] <= shown):
            return
        try:
            put_back(*found)
        except Exception:  # the draft shown before stays: nothing is lost that was on the page
            log.exception("putting back a newer draft failed")

    def _cancel_again(self) -> None:
        if self._again is not None:
            self._again.cancel()
            self._again = None

    def changed(self) -> None:
        """The page changed: save the draft soon."""
        self._touched = True
        self._cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or self.delay <= 0:
            self.flush()
            return
        self._timer = loop.call_later(self.delay, self.flush)
        _pending.add(self)
        _save_pending_at_exit()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        _pending.discard(self)

    def flush(self) -> None:
        """Save now if the page differs from the stored draft (the room calls this before a switch)."""
        self._cancel()
        answers = self.read()
        text = json.dumps(answers, sort_keys=True, default=str)
        if text == self._saved:
            return
        try:
            self.saved_at = self.store.save_draft(self.participant_key, self.exercise_id, answers, run=self.run)
        except InputError as error:
            log.warning("draft not saved: %s", error)
            return
        except Exception:
            log.exception("saving the draft failed")
            return
        self._saved = text

    def clear(self) -> None:
        """The answers were submitted: the draft is no longer needed."""
        self._cancel()
        self._cancel_again()
        try:
            self.store.clear_draft(self.participant_key, self.exercise_id, run=self.run)
        except Exception:
            log.exception("clearing the draft failed")
            return
        self.settle()

    def settle(self) -> None:
        """What the page shows now is stored (as answers or as the draft): save only later changes."""
        self._saved = json.dumps(self.read(), sort_keys=True, default=str)
        self._touched = False

    def close(self) -> None:
        """The view is gone: save what is pending now and look for nothing more."""
        self._cancel_again()
        if self._timer is not None:
            self.flush()
