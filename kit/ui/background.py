"""Work a page does when the machine has time: the rest of a long view, the exercise likely next.

When the facilitator presents an exercise that no page built ahead, every kernel of the room builds
it at the same moment, on the one machine that also runs the server. Work that can wait must not
compete with that: a kernel that switched early would otherwise start building the rest of its view
while others are still building their first part, and the room's slowest page waits for both.
So such work waits for a calm machine (at most :data:`CALM_BUSY` of all its cores busy since the last
look) and runs at its deadline whatever happens, so it is never lost.

Reading ``/proc/stat`` costs microseconds; where there is none (not Linux) work waits only its first
moment.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)

#: The machine counts as calm when at most this share of all its cores was busy since the last look.
CALM_BUSY = 0.6
#: Seconds between two looks at the machine while it is busy (a random moment in this range, so a
#: room's kernels do not all look, and then all start, at once).
LOOK_EVERY = (0.3, 0.9)
#: Seconds after which waiting work runs even on a busy machine (unless the work says otherwise).
LATEST = 20.0

_STAT = Path("/proc/stat")


def cpu_times() -> tuple[int, int] | None:
    """(busy, total) clock ticks of the whole machine so far, or None where this cannot be read."""
    try:
        with _STAT.open() as stat:
            fields = [int(v) for v in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + fields[4]  # idle and waiting for I/O
    total = sum(fields)
    return total - idle, total


def in_event_loop() -> bool:
    """Whether an event loop runs here (a kernel) to do work later; plain Python (a test, a script,
    the printable page) does it at once."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class Later:
    """Runs ``work`` once: at a random moment in ``first`` seconds if the machine is calm then,
    otherwise at the first calm look after it, and at the latest ``latest`` seconds from now
    (:data:`LATEST`). Without a running event loop it runs at once."""

    def __init__(self, work: Callable[[], None], first: tuple[float, float], *, latest: float | None = None):
        self.work = work
        self._handle: asyncio.TimerHandle | None = None
        self._last = cpu_times()
        self._deadline = time.monotonic() + max(LATEST if latest is None else latest, first[1])
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._run()
            return
        self._handle = loop.call_later(random.uniform(*first), self._look)

    @property
    def waiting(self) -> bool:
        """Whether the work is still to run."""
        return self._handle is not None

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _look(self) -> None:
        self._handle = None
        now = cpu_times()
        calm = True
        if now is not None and self._last is not None and now[1] > self._last[1]:
            calm = (now[0] - self._last[0]) / (now[1] - self._last[1]) <= CALM_BUSY
        self._last = now
        if calm or time.monotonic() >= self._deadline:
            self._run()
            return
        self._handle = asyncio.get_running_loop().call_later(random.uniform(*LOOK_EVERY), self._look)

    def _run(self) -> None:
        try:
            self.work()
        except Exception:  # background work must never take the page down
            log.exception("work done in the background failed")
