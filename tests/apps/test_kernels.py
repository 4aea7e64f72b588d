"""The participant server's kernel manager (kit/apps/kernels.py): which idle kernels a cull pass ends."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from types import SimpleNamespace

import pytest
from jupyter_server._tz import utcnow

from kit.apps.kernels import RoomKernelManager


class Recording(RoomKernelManager):
    """The manager with shutdowns recorded instead of done (the kernels here are stand-ins)."""

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        self.ended.append(kernel_id)


@pytest.fixture
def manager():
    made = Recording(cull_idle_timeout=600)
    made.ended = []
    return made


def kernel(idle_seconds: float, state: str = "idle"):
    return SimpleNamespace(last_activity=utcnow() - timedelta(seconds=idle_seconds), execution_state=state,
                           kernel_name="python3", kernel_spec=SimpleNamespace(metadata={}))


def run(coroutine):
    """Run ``coroutine`` on a thread of its own (a browser test may leave a loop marked running here)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=120)


def cull(manager, kernel_id):
    run(manager.cull_kernel_if_idle(kernel_id))


def test_a_page_still_loading_is_never_culled_even_with_a_short_idle_timeout(manager):
    """Is a kernel whose page has not connected yet kept while it is younger than the grace, even when
    the idle timeout is shorter?"""
    manager.cull_idle_timeout = 10
    manager._kernels["loading"] = kernel(50)
    cull(manager, "loading")
    assert manager.ended == []


def test_a_page_that_never_connects_is_ended_after_the_grace(manager):
    """Is a kernel no page ever connected to shut down once idle past the grace, long before the idle
    timeout, unless it is still busy?"""
    manager._kernels["abandoned"] = kernel(70)
    manager._kernels["busy"] = kernel(70, state="busy")
    cull(manager, "abandoned")
    cull(manager, "busy")
    assert manager.ended == ["abandoned"]


def test_a_kernel_that_had_a_page_follows_the_idle_timeout(manager):
    """Is a kernel whose page connected once culled by the usual idle rule only (not by the grace)?"""
    manager._kernels["joined"] = kernel(300)
    manager._kernel_connections["joined"] = 0
    manager.notify_connect("joined")
    manager.notify_disconnect("joined")
    cull(manager, "joined")
    assert manager.ended == []
    assert manager.has_connected("joined")


def test_activity_is_watched_from_the_headers_as_jupyter_server_does():
    """With a real kernel running code, does the cheaper activity watcher see the same execution
    states and move the last activity forward, as jupyter_server's own watcher does?"""
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

    async def scenario(manager):
        kernel_id = await manager.start_kernel()
        try:
            kernel = manager.get_kernel(kernel_id)
            before = kernel.last_activity
            client = kernel.client()
            client.start_channels()
            await client.wait_for_ready(timeout=60)
            reply = await client.execute_interactive("print('hello')", timeout=60)
            for _ in range(200):  # the idle status reaches the watcher just after the reply
                if kernel.execution_state == "idle" and kernel.last_activity > before:
                    break
                await asyncio.sleep(0.05)
            client.stop_channels()
            return reply["content"]["status"], kernel.execution_state, kernel.last_activity > before
        finally:
            await manager.shutdown_kernel(kernel_id, now=True)

    ours = run(scenario(RoomKernelManager()))
    theirs = run(scenario(AsyncMappingKernelManager()))
    assert ours == theirs == ("ok", "idle", True)


def test_places_are_promised_up_to_the_cap_and_given_in_arrival_order():
    """With room for two, are two pages promised a place and a third refused; does a page waiting for
    a place get the one given back before a page that arrives later; and does a page that waits in
    vain get none?"""
    async def scenario():
        room = RoomKernelManager(max_kernels=2)
        first, second = room.try_admit(), room.try_admit()
        assert first is not None and second is not None and room.try_admit() is None
        waiting = asyncio.ensure_future(room.admit(wait=30))
        await asyncio.sleep(0)  # it is queued now
        assert room.try_admit() is None  # a later page does not jump the queue
        room.release(first)
        assert await waiting is not None and room.occupied == 2
        assert await room.admit(wait=0.01) is None
        room.release(second)
        room.release(second)  # twice: still one place back
        assert room.occupied == 1

    run(scenario())
