"""Pollers and the scope of the view that made them (kit/ui/poll.py)."""

from __future__ import annotations

import asyncio

from kit.ui.poll import Poller, Scope, within
from tests.factories import run_async


def test_pollers_made_in_a_scope_or_by_work_scheduled_from_it_join_it():
    """Does a poller made inside a scope join it, and so does one made later by work scheduled from
    inside it (a callback, a task), while one made elsewhere does not?"""

    async def walk():
        scope, loop = Scope(), asyncio.get_running_loop()
        made: dict[str, Poller] = {}
        done = asyncio.Event()

        def later():
            made["later"] = Poller(10, lambda: None)
            done.set()

        with within(scope):
            made["now"] = Poller(10, lambda: None)
            loop.call_later(0.01, later)
        made["elsewhere"] = Poller(10, lambda: None)
        await asyncio.wait_for(done.wait(), 5)
        return scope, made

    scope, made = run_async(walk())
    assert set(scope.pollers) == {made["now"], made["later"]}


def test_a_hidden_scope_pauses_its_pollers_and_new_ones_start_paused():
    """Does hiding a scope pause its pollers, does a poller made while it is hidden start paused,
    and does showing it again start them all, while stopping the scope stops them for good?"""

    async def walk():
        calls: list[str] = []
        scope = Scope()
        with within(scope):
            first = Poller(0.01, lambda: calls.append("first"))
            first.start()
        scope.set_hidden(True)
        assert first.paused and not first.running
        with within(scope):
            second = Poller(0.01, lambda: calls.append("second"))
            second.start()
        assert second.paused and not second.running
        await asyncio.sleep(0.05)
        assert calls == []
        scope.set_hidden(False)
        assert first.running and second.running
        await asyncio.sleep(0.05)
        assert {"first", "second"} <= set(calls)
        scope.stop()
        scope.set_hidden(False)
        assert not first.running and not second.running

    run_async(walk())
