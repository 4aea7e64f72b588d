"""A periodic callback on the kernel's event loop, for views that update by themselves.

Voila only sends widget state changes after the notebook has run, so live views update widget
values from one long-lived asyncio task per view (never a task per refresh).

A page that keeps several views built pauses the pollers of the hidden ones: it builds each view
:func:`within` a :class:`Scope`, and every poller made there joins it, also one made by work the
view left for later (a pairing box built a moment after the answers): asyncio runs a callback or a
task in the context it was scheduled from, so the scope follows the work wherever it runs.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator

log = logging.getLogger(__name__)


class Scope:
    """The pollers one view made, during its build or later: paused together while the view is
    hidden (one made while it is hidden starts paused) and stopped together when it is dropped."""

    def __init__(self) -> None:
        self.pollers: "weakref.WeakSet[Poller]" = weakref.WeakSet()
        self.hidden = False

    def add(self, poller: "Poller") -> None:
        self.pollers.add(poller)
        if self.hidden:
            poller.pause()

    def set_hidden(self, hidden: bool) -> None:
        """Pause every poller of the view while it is hidden; resume them (at once) when it is shown."""
        self.hidden = hidden
        for poller in list(self.pollers):
            if hidden:
                poller.pause()
            else:
                poller.resume()

    def stop(self) -> None:
        """Stop every poller of the view (it was dropped): none may poll on for a view nobody sees."""
        for poller in list(self.pollers):
            poller.stop()


_scope: ContextVar[Scope | None] = ContextVar("mentorkit_poll_scope", default=None)


@contextmanager
def within(scope: Scope) -> Iterator[Scope]:
    """Pollers made in this block, or by work scheduled from it, join ``scope``."""
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


class Poller:
    """Call ``callback()`` every ``interval`` seconds until :meth:`stop`; errors are reported, not fatal.

    A poller can also be paused while its view is off screen (:meth:`pause`, :meth:`resume`): the
    page keeps a few views built, and a hidden one has nobody to update for."""

    def __init__(self, interval: float, callback: Callable[[], None], on_error: Callable[[Exception], None] | None = None):
        self.interval = interval
        self.callback = callback
        self.on_error = on_error
        self._task: asyncio.Task | None = None
        self._wanted = False  # started and not stopped: what resume() goes back to
        self._paused = False
        scope = _scope.get()
        if scope is not None:
            scope.add(self)

    @property
    def running(self) -> bool:
        """True while the task is scheduled."""
        return self._task is not None and not self._task.done()

    @property
    def paused(self) -> bool:
        return self._paused

    def start(self) -> bool:
        """Start polling on the running event loop; returns False where there is none (plain Python).
        A paused poller starts when it is resumed."""
        self._wanted = True
        if self._paused:
            return True
        return self._schedule(self.interval)

    def stop(self) -> None:
        """Cancel the task (idempotent)."""
        self._wanted = False
        self._cancel()

    def pause(self) -> None:
        """Stop calling back until :meth:`resume` (idempotent); a stopped poller stays stopped."""
        self._paused = True
        self._cancel()

    def resume(self) -> None:
        """Carry on after :meth:`pause`: the first call comes at once, since what the view shows may
        have changed while it was hidden."""
        if not self._paused:
            return
        self._paused = False
        if self._wanted:
            self._schedule(0.0)

    def _schedule(self, first: float) -> bool:
        if self.running:
            return True
        try:  # a kernel runs cells and widget callbacks inside its event loop
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        self._task = loop.create_task(self._run(first))
        return True

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _run(self, first: float) -> None:
        delay = first
        while True:
            await asyncio.sleep(delay)
            delay = self.interval
            try:
                self.callback()
            except Exception as error:  # one failed refresh must not end live updates
                log.exception("refresh failed")
                if self.on_error is not None:
                    self.on_error(error)

