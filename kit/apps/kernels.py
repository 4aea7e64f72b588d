"""The participant server's kernel manager: Voila's usual one, with a bounded room and one rule for
kernels whose page has never connected.

**A bounded room.** ``max_kernels`` caps the kernels of the server, preheated ones included: kernels
running, kernels starting and places promised to pages about to start one all count. A page that
finds the room full gets no kernel (:mod:`kit.apps.admission` answers "the room is full"); a pool
refill that finds it full waits for a place, behind pages that wait for one. A place is freed when a
kernel has been shut down (a closed tab's unload beacon, a cull), and given at once to whoever waits.

**Pages that never connect.** jupyter_server culls a kernel once it has had no connection for
``cull_idle_timeout`` seconds. A page's kernel has no connection until the browser has loaded
Voila's scripts, which on slow venue Wi-Fi can take longer than a short idle timeout: the kernel was
culled and the page ended as raw Python text. And a kernel whose page never connects at all (an
abandoned request, a script hammering the page) lived the whole idle timeout. So a kernel that has
never had a connection is judged by the time since it last did anything instead: it is kept for
``unconnected_grace`` seconds after it rendered its page, whatever the idle timeout, and shut down at
the next cull pass after that if no page connected (`serve --unconnected-grace`). 60 s covers a first visit at 400 kbps / 400 ms,
usable after 38 s (benchmarks/README.md, *The one page and venue Wi-Fi*). Kernels that did connect
are culled exactly as before; preheated kernels waiting in Voila's pool are never culled.

It also watches its kernels' activity more cheaply than jupyter_server does (see
:meth:`RoomKernelManager.start_watching_activity`).

Chosen through Voila's documented setting ``VoilaConfiguration.multi_kernel_manager_class``; Voila's
preheating pool (``VoilaKernelManager``) is made a subclass of it, so its kernels go through
:meth:`RoomKernelManager.start_kernel` too.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Integer

#: Set by the page handler while it renders a page that was given a place (kit.apps.admission).
ADMITTED: contextvars.ContextVar["Place | None"] = contextvars.ContextVar("mentorkit_admitted", default=None)


class RoomFull(Exception):
    """No place for another kernel on this server."""


@dataclass
class Place:
    """A place in the room promised to one page, until its kernel starts (or the page gives it back)."""

    used: bool = False


class RoomKernelManager(AsyncMappingKernelManager):
    """An AsyncMappingKernelManager with a cap on kernels, that protects loading pages and ends pages
    that never connect."""

    unconnected_grace = Integer(
        60, config=True,
        help="Seconds a kernel whose page has not connected yet may stay idle (a slow phone still loading "
             "Voila's scripts), after which it is shut down at the next cull pass.")

    max_kernels = Integer(
        0, config=True,
        help="Most kernels at once, preheated ones included (0: no cap). Pages beyond it get no kernel.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._ever_connected: set[str] = set()
        self._starting: set[str] = set()
        self._promised = 0
        self._page_waiters: list[asyncio.Future] = []
        self._pool_waiters: list[tuple[asyncio.Future, str]] = []
        self._closing = False

    # -- the room ---------------------------------------------------------------------------------

    @property
    def occupied(self) -> int:
        """Places taken: kernels running or starting, and places promised to pages."""
        return len(set(self._kernels) | self._starting) + self._promised

    def has_room(self) -> bool:
        return self.max_kernels <= 0 or self.occupied < self.max_kernels

    def try_admit(self) -> Place | None:
        """A place for one page's kernel if there is room now (no one waiting ahead), else None."""
        if self._closing or self._page_waiters or not self.has_room():
            return None
        self._promised += 1
        return Place()

    async def admit(self, wait: float) -> Place | None:
        """A place for one page's kernel, waiting up to ``wait`` seconds for one to be freed (pages in
        arrival order, before pool refills); None if the room stays full."""
        place = self.try_admit()
        if place is not None or wait <= 0 or self._closing:
            return place
        waiter = asyncio.get_running_loop().create_future()
        self._page_waiters.append(waiter)
        try:
            return await asyncio.wait_for(asyncio.shield(waiter), wait)
        except asyncio.TimeoutError:
            if waiter.done() and not waiter.cancelled():  # given a place just as time ran out
                return waiter.result()
            waiter.cancel()
            return None
        finally:
            if waiter in self._page_waiters:
                self._page_waiters.remove(waiter)

    def release(self, place: Place) -> None:
        """Give back a page's place whose kernel was never started (the page used a preheated kernel,
        or failed before starting one)."""
        if not place.used:
            place.used = True
            self._promised -= 1
            self._wake()

    def _wake(self) -> None:
        """Hand freed places to whoever waits: pages first, then pool refills."""
        while self._page_waiters and self.has_room():
            waiter = self._page_waiters.pop(0)
            if not waiter.done():
                self._promised += 1
                waiter.set_result(Place())
        while self._pool_waiters and self.has_room():
            waiter, kernel_id = self._pool_waiters.pop(0)
            if not waiter.done():
                self._starting.add(kernel_id)
                waiter.set_result(None)

    async def _wait_for_room(self, kernel_id: str) -> None:
        """Take a place for a pool kernel, waiting for one (the place is taken when this returns)."""
        if not self._page_waiters and self.has_room():
            self._starting.add(kernel_id)
            return
        waiter = asyncio.get_running_loop().create_future()
        self._pool_waiters.append((waiter, kernel_id))
        while True:
            try:
                await asyncio.wait_for(asyncio.shield(waiter), 5.0)
                return
            except asyncio.TimeoutError:
                self._wake()  # a place freed by a path that did not say so (a kernel that died)
                if self._closing:
                    raise RoomFull("the server is stopping") from None

    def preheated_ready(self, notebook: str) -> bool:
        """Is a preheated kernel ready for ``notebook``? If so it is put first in Voila's pool, which
        hands out its first entry (an entry still starting, or waiting for a place, is not handed out:
        the page would wait for it with no place of its own)."""
        pool = getattr(self, "_pools", {}).get(notebook)  # VoilaKernelManager's pools, when preheating
        if not pool:
            return False
        for index, task in enumerate(pool):
            if task.done() and not task.cancelled() and task.exception() is None:
                pool.insert(0, pool.pop(index))
                return True
        return False

    async def start_kernel(self, *, kernel_id: str | None = None, **kwargs):
        if self.max_kernels <= 0 or (kernel_id is not None and kernel_id in self):
            return await super().start_kernel(kernel_id=kernel_id, **kwargs)
        if self._closing:
            raise RoomFull("the server is stopping")
        kernel_id = kernel_id or str(uuid.uuid4())
        place = ADMITTED.get()
        preheat = (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True"
        if preheat:
            await self._wait_for_room(kernel_id)
        elif place is not None and not place.used:
            place.used = True  # the page's promised place becomes its kernel's
            self._promised -= 1
            self._starting.add(kernel_id)
        elif self.has_room() and not self._page_waiters:
            self._starting.add(kernel_id)
        else:
            raise RoomFull(f"{self.occupied} of {self.max_kernels} places taken")
        try:
            self.log.debug("Starting kernel %s (%s): %d of %d places taken.", kernel_id,
                           "pool" if preheat else "page", self.occupied, self.max_kernels)
            return await super().start_kernel(kernel_id=kernel_id, **kwargs)
        finally:
            self._starting.discard(kernel_id)
            self._wake()  # a start that failed frees its place

    async def shutdown_all(self, *args, **kwargs):
        self._closing = True
        for waiter in self._page_waiters:
            if not waiter.done():
                waiter.set_result(None)  # the page is told the room is full
        for waiter, _ in self._pool_waiters:
            if not waiter.done():
                waiter.set_exception(RoomFull("the server is stopping"))
        self._page_waiters.clear()
        self._pool_waiters.clear()
        return await super().shutdown_all(*args, **kwargs)

    # -- pages that never connect -----------------------------------------------------------------

    def notify_connect(self, kernel_id: str) -> None:
        super().notify_connect(kernel_id)
        self._ever_connected.add(kernel_id)

    def has_connected(self, kernel_id: str) -> bool:
        """Has a page ever connected to ``kernel_id``?"""
        return kernel_id in self._ever_connected

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        kernel = self._kernels.get(kernel_id)
        if (kernel is None or self.has_connected(kernel_id) or not hasattr(kernel, "last_activity")
                or getattr(kernel, "execution_state", None) == "dead"):
            await super().cull_kernel_if_idle(kernel_id)
            return
        # Idle since it rendered its notebook (a preheated kernel: since it rendered it for its visitor).
        idle = utcnow() - kernel.last_activity
        if idle < timedelta(seconds=self.unconnected_grace) or getattr(kernel, "execution_state", None) == "busy":
            return  # its page may still be loading its scripts: never shot while loading
        self.log.warning("Shutting down kernel %s: no page connected to it in %d idle seconds.", kernel_id,
                         int(idle.total_seconds()))
        await self.shutdown_kernel(kernel_id)

    async def shutdown_kernel(self, kernel_id: str, *args, **kwargs):
        self._ever_connected.discard(kernel_id)
        try:
            return await super().shutdown_kernel(kernel_id, *args, **kwargs)
        finally:
            self._wake()  # its place is free

    def start_watching_activity(self, kernel_id: str) -> None:
        """jupyter_server's activity watcher (last activity, execution state), reading only each
        IOPub message's headers, as plain JSON.

        The original deserializes every message in full, checking its signature and parsing its dates
        with dateutil: about a quarter of the participant server's CPU when a room's kernels build an
        exercise, hundreds of widget messages per page, and the server is one process for the whole
        room. Activity needs only the message types. The messages are the server's own kernels', on
        its own sockets, and its websocket relay passes them on unchecked as well.
        """
        kernel = self._kernels[kernel_id]
        kernel.reason = ""
        kernel.last_activity = utcnow()
        kernel._activity_stream = kernel.connect_iopub()
        session = kernel.session

        def record_activity(msg_list: list[bytes]) -> None:
            _idents, parts = session.feed_identities(msg_list)
            try:  # parts: signature, header, parent header, metadata, content, buffers
                msg_type = json.loads(parts[1]).get("msg_type")
                parent = json.loads(parts[2])
            except (IndexError, ValueError, AttributeError):
                self.log.debug("activity on %s: a message that is not Jupyter's", kernel_id)
                return
            parent_type = parent.get("msg_type") if isinstance(parent, dict) else None
            if (self.track_message_type(msg_type) or self.track_message_type(parent_type)
                    or kernel.execution_state == "busy"):
                self.last_kernel_activity = kernel.last_activity = utcnow()
            if msg_type == "status":
                try:
                    execution_state = json.loads(parts[4]).get("execution_state")
                except (IndexError, ValueError, AttributeError):
                    return
                if self.track_message_type(parent_type):
                    kernel.execution_state = execution_state
                elif kernel.execution_state == "starting" and execution_state != "starting":
                    kernel.execution_state = "idle"  # as jupyter_server: idle unless a tracked reply says

        kernel._activity_stream.on_recv(record_activity)
