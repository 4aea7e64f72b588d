"""The participant server's kernel manager: Voila's usual one, with one rule for kernels whose page has
never connected.

jupyter_server culls a kernel once it has had no connection for ``cull_idle_timeout`` seconds. A
page's kernel has no connection until the browser has loaded Voila's scripts, which on slow venue
Wi-Fi can take longer than a short idle timeout: the kernel was culled and the page ended as raw
Python text. And a kernel whose page never connects at all (an abandoned request, an ``<img>`` on
another site) lived the whole idle timeout. So a kernel that has never had a connection is judged by
the time since it last did anything instead: it is kept for ``unconnected_grace`` seconds after it
rendered its page, whatever the idle timeout, and shut down at the next cull pass after that if no
page connected. Kernels that
did connect are culled exactly as before; preheated kernels waiting in Voila's pool are never culled.

It also watches its kernels' activity more cheaply than jupyter_server does (see
:meth:`RoomKernelManager.start_watching_activity`).

Chosen through Voila's documented setting ``VoilaConfiguration.multi_kernel_manager_class``.
"""

from __future__ import annotations

import json
from datetime import timedelta

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Integer


class RoomKernelManager(AsyncMappingKernelManager):
    """An AsyncMappingKernelManager that protects loading pages and ends pages that never connect."""

    unconnected_grace = Integer(
        120, config=True,
        help="Seconds a kernel whose page has not connected yet may stay idle (a slow phone still loading "
             "Voila's scripts), after which it is shut down at the next cull pass.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._ever_connected: set[str] = set()

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
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)

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
