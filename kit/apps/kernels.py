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

Chosen through Voila's documented setting ``VoilaConfiguration.multi_kernel_manager_class``.
"""

from __future__ import annotations

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
