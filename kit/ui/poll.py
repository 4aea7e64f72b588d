"""A periodic callback on the kernel's event loop, for views that update by themselves.

Voila only sends widget state changes after the notebook has run, so live views update widget
values from one long-lived asyncio task per view (never a task per refresh).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Callable

log = logging.getLogger(__name__)


class Poller:
    """Call ``callback()`` every ``interval`` seconds until :meth:`stop`; errors are reported, not fatal."""

    def __init__(self, interval: float, callback: Callable[[], None], on_error: Callable[[Exception], None] | None = None):
        self.interval = interval
        self.callback = callback
        self.on_error = on_error
        self._task: asyncio.Task | None = None

    @property
    def running(self) -> bool:
        """True while the task is scheduled."""
        return self._task is not None and not self._task.done()

    def start(self) -> bool:
        """Start polling on the running event loop; returns False where there is none (plain Python)."""
        if self.running:
            return True
        try:  # a kernel runs cells and widget callbacks inside its event loop
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        self._task = loop.create_task(self._run())
        return True

    def stop(self) -> None:
        """Cancel the task (idempotent)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                self.callback()
            except Exception as error:  # one failed refresh must not end live updates
                log.exception("refresh failed")
                if self.on_error is not None:
                    self.on_error(error)
